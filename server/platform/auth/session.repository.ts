import type { Role } from '../../../contracts/roles.js';
import type { Db } from '../db/database.js';

export interface SessionWithUser {
  sessionId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  totpVerified: boolean;
  userId: number;
  username: string;
  displayName: string;
  unitId: number | null;
  disabled: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: Date;
  totpEnabled: boolean;
  scopeKind: string;
  scopeUnitId: number | null;
  scopeDivisionCode: string | null;
  roles: Role[];
}

/** Load a session (by the SHA-256 of its token) with its user and roles. */
export async function findSessionWithUser(db: Db, sessionId: string): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('userSession as s')
    .innerJoin('userAccount as u', 'u.id', 's.userId')
    .select([
      's.id as sessionId',
      's.csrfToken',
      's.createdAt',
      's.lastSeenAt',
      's.expiresAt',
      's.endedAt',
      's.totpVerified',
      'u.id as userId',
      'u.username',
      'u.displayName',
      'u.unitId',
      'u.disabled',
      'u.mustChangePassword',
      'u.passwordChangedAt',
      'u.totpEnabled',
      'u.scopeKind',
      'u.scopeUnitId',
      'u.scopeDivisionCode',
    ])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return undefined;
  const roles = await db.selectFrom('userRole').select('role').where('userId', '=', row.userId).execute();
  return { ...row, roles: roles.map((r) => r.role as Role) };
}

/** Record activity on a session (sliding idle timeout). */
export async function touchSession(db: Db, sessionId: string, at: Date): Promise<void> {
  await db.updateTable('userSession').set({ lastSeenAt: at }).where('id', '=', sessionId).execute();
}

/** End a session, keeping the row for the record. */
export async function endSession(db: Db, sessionId: string, at: Date, reason: string): Promise<void> {
  await db
    .updateTable('userSession')
    .set({ endedAt: at, endReason: reason })
    .where('id', '=', sessionId)
    .where('endedAt', 'is', null)
    .execute();
}
