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

export interface NewSession {
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  totpVerified: boolean;
}

/** Store a new session (its id is the SHA-256 of the token the browser holds). */
export async function insertSession(db: Db, s: NewSession): Promise<void> {
  await db
    .insertInto('userSession')
    .values({ ...s, lastSeenAt: s.createdAt })
    .execute();
}

/** End every live session of a user, optionally keeping one (the caller's own); returns how many ended. */
export async function endSessionsOfUser(
  db: Db,
  userId: number,
  at: Date,
  reason: string,
  exceptSessionId?: string,
): Promise<number> {
  let q = db
    .updateTable('userSession')
    .set({ endedAt: at, endReason: reason })
    .where('userId', '=', userId)
    .where('endedAt', 'is', null);
  if (exceptSessionId) q = q.where('id', '<>', exceptSessionId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Mark a session as having passed the second factor. */
export async function markSessionTotpVerified(db: Db, sessionId: string): Promise<void> {
  await db.updateTable('userSession').set({ totpVerified: true }).where('id', '=', sessionId).execute();
}

/** The CSRF token of a session. */
export async function findSessionCsrfToken(db: Db, sessionId: string): Promise<string | undefined> {
  return (await db.selectFrom('userSession').select('csrfToken').where('id', '=', sessionId).executeTakeFirst())
    ?.csrfToken;
}
