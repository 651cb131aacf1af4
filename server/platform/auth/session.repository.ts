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

/*
 * Live sessions are kept in memory for SESSION_CACHE_TTL_MS after they were read, so that a signed-in request does
 * not read its session, user and roles (two statements) every time. Only a session that was live when read is
 * kept; the caller's checks (timeouts, CSRF, pending actions, permission) still run on every request, and a kept
 * session that now fails the caller's test of freshness (e.g. past its idle timeout) is read again before it is
 * refused. Every write of a session, an account or its roles through this process (endSession, endSessionsOfUser,
 * markSessionTotpVerified, account.repository's updateAccount and replaceRoles) drops what is kept for that session
 * or user at once, and nothing is kept for it for SESSION_CHANGE_QUIET_MS after the write (its transaction may not
 * have committed yet). So a session ended, an account disabled or a role taken away through this server is refused
 * from its next request; through another server process on the same database, within SESSION_CACHE_TTL_MS.
 */

/** The longest a session ended, or an account or role changed, by another server process is still honoured (ms). */
export const SESSION_CACHE_TTL_MS = 5000;
/** After a write of a session or account, how long nothing is kept for it (covers its transaction's commit) (ms). */
export const SESSION_CHANGE_QUIET_MS = 2000;
const SESSION_CACHE_MAX = 10_000;

interface KeptSession {
  session: SessionWithUser;
  readAt: number;
}

const kept = new WeakMap<Db, Map<string, KeptSession>>();
/** The last write (performance.now()) of each session and each user through this process, any database. */
const sessionChanges = new Map<string, number>();
const userChanges = new Map<number, number>();

function noteChange<K>(changes: Map<K, number>, key: K): void {
  const now = performance.now();
  changes.delete(key);
  changes.set(key, now);
  // Forget changes older than any kept session (Map order is insertion order: oldest first).
  for (const [k, at] of changes) {
    if (now - at <= SESSION_CACHE_TTL_MS + SESSION_CHANGE_QUIET_MS) break;
    changes.delete(k);
  }
}

/** Whether a session read at `readAt` may be kept (or served): no write of it or its user since `readAt - quiet`. */
function keepable(sessionId: string, userId: number, readAt: number): boolean {
  const s = sessionChanges.get(sessionId);
  const u = userChanges.get(userId);
  return (
    (s === undefined || readAt >= s + SESSION_CHANGE_QUIET_MS) &&
    (u === undefined || readAt >= u + SESSION_CHANGE_QUIET_MS)
  );
}

/** Drops what is kept of a user's sessions and keeps nothing for them for a while (their account or roles change). */
export function forgetUserSessions(userId: number): void {
  noteChange(userChanges, userId);
}

function forgetSession(sessionId: string): void {
  noteChange(sessionChanges, sessionId);
}

/**
 * A session (by the SHA-256 of its token) with its user and roles, from memory when it was read live less than
 * SESSION_CACHE_TTL_MS ago and `fresh` still accepts it, else from the database (see above). Ended sessions and
 * disabled accounts are returned as read, never kept.
 */
export async function findSessionWithUserKept(
  db: Db,
  sessionId: string,
  fresh: (session: SessionWithUser) => boolean,
): Promise<SessionWithUser | undefined> {
  let cache = kept.get(db);
  if (!cache) {
    cache = new Map();
    kept.set(db, cache);
  }
  const now = performance.now();
  const hit = cache.get(sessionId);
  if (hit) {
    if (
      now - hit.readAt < SESSION_CACHE_TTL_MS &&
      keepable(sessionId, hit.session.userId, hit.readAt) &&
      fresh(hit.session)
    ) {
      return hit.session;
    }
    cache.delete(sessionId);
  }
  const session = await findSessionWithUser(db, sessionId);
  if (session && !session.endedAt && !session.disabled && keepable(sessionId, session.userId, now)) {
    if (cache.size >= SESSION_CACHE_MAX) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(sessionId, { session, readAt: now });
  }
  return session;
}

/** Record activity on a session (sliding idle timeout); a kept copy of the session takes the new time too. */
export async function touchSession(db: Db, sessionId: string, at: Date): Promise<void> {
  await db.updateTable('userSession').set({ lastSeenAt: at }).where('id', '=', sessionId).execute();
  const hit = kept.get(db)?.get(sessionId);
  if (hit && hit.session.lastSeenAt.getTime() < at.getTime()) {
    hit.session = { ...hit.session, lastSeenAt: at };
  }
}

/** End a session, keeping the row for the record. */
export async function endSession(db: Db, sessionId: string, at: Date, reason: string): Promise<void> {
  forgetSession(sessionId);
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
  forgetUserSessions(userId);
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
  forgetSession(sessionId);
  await db.updateTable('userSession').set({ totpVerified: true }).where('id', '=', sessionId).execute();
}

/** The CSRF token of a session. */
export async function findSessionCsrfToken(db: Db, sessionId: string): Promise<string | undefined> {
  return (await db.selectFrom('userSession').select('csrfToken').where('id', '=', sessionId).executeTakeFirst())
    ?.csrfToken;
}
