import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE } from '../../../contracts/auth.js';
import { ADMIN_ROLES, permissionsOf, type Scope } from '../../../contracts/roles.js';
import { endSession, findSessionWithUserKept, type SessionWithUser, touchSession } from '../auth/session.repository.js';
import type { Deps } from '../deps.js';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';

export const hashSessionToken = (token: string) => createHash('sha256').update(token).digest('hex');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function scopeOf(s: Pick<SessionWithUser, 'scopeKind' | 'scopeUnitId' | 'scopeDivisionCode'>): Scope {
  if (s.scopeKind === 'all') return { kind: 'all' };
  if (s.scopeKind === 'division' && s.scopeDivisionCode) return { kind: 'division', divisionCode: s.scopeDivisionCode };
  if (s.scopeUnitId) return { kind: 'unit', unitId: s.scopeUnitId };
  return { kind: 'unit', unitId: -1 }; // a broken scope sees nothing
}

/** Whether a user must act on their account (change password, enrol TOTP) before anything else. */
export function pendingAccountAction(
  s: Pick<SessionWithUser, 'mustChangePassword' | 'passwordChangedAt' | 'totpEnabled' | 'roles'>,
  deps: Pick<Deps, 'config'>,
  now: Date,
): 'password' | 'totp' | null {
  if (s.mustChangePassword || isPasswordExpired(s.passwordChangedAt, deps.config.passwordPolicy.maxAgeDays, now)) {
    return 'password';
  }
  if (s.roles.some((r) => ADMIN_ROLES.includes(r)) && !s.totpEnabled) return 'totp';
  return null;
}

/** Staff passwords expire after the configured number of days (0 turns expiry off). */
export function isPasswordExpired(changedAt: Date, maxAgeDays: number, now: Date): boolean {
  return maxAgeDays > 0 && now.getTime() - changedAt.getTime() > maxAgeDays * 86_400_000;
}

/** The idle timeout in minutes for a user: shorter for administrators. */
export function idleMinutesFor(roles: readonly string[], deps: Pick<Deps, 'config'>): number {
  return roles.some((r) => (ADMIN_ROLES as readonly string[]).includes(r))
    ? deps.config.session.adminIdleMinutes
    : deps.config.session.idleMinutes;
}

/** Whether a session is past its absolute timeout or its user's idle timeout at `now`. */
function isTimedOut(
  s: Pick<SessionWithUser, 'expiresAt' | 'lastSeenAt' | 'roles'>,
  deps: Pick<Deps, 'config'>,
  now: Date,
): boolean {
  const idleMs = idleMinutesFor(s.roles, deps) * 60_000;
  return now.getTime() > s.expiresAt.getTime() || now.getTime() - s.lastSeenAt.getTime() > idleMs;
}

/**
 * Resolve the session cookie into `request.actor` and enforce each route's declared access:
 * public routes pass; others need a live session (idle and absolute timeouts), CSRF on writes,
 * no pending password change or TOTP enrolment, and the route's permission.
 */
export function registerAuthHook(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const access = request.routeOptions.config.access;
    if (!access || access.public) return; // routes without access fail at startup; 404s have none
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw new AppError('AUTH_REQUIRED');
    const now = deps.now();
    // Kept in memory for a few seconds (session.repository.ts says how ends and changes are honoured); a kept
    // session past its timeouts is read again, so that activity recorded by another server process counts.
    const session = await findSessionWithUserKept(deps.db, hashSessionToken(token), (s) => !isTimedOut(s, deps, now));
    if (!session || session.endedAt || session.disabled) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      throw new AppError(session?.endedAt ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED');
    }
    if (isTimedOut(session, deps, now)) {
      await endSession(deps.db, session.sessionId, now, 'timeout');
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      throw new AppError('AUTH_SESSION_EXPIRED');
    }
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new AppError('AUTH_CSRF');
    }
    const pending = pendingAccountAction(session, deps, now);
    if (pending && !access.allowPending) {
      throw new AppError(pending === 'password' ? 'AUTH_PASSWORD_CHANGE_REQUIRED' : 'AUTH_TOTP_ENROLMENT_REQUIRED');
    }
    const permissions = permissionsOf(session.roles);
    const actor: Actor = {
      userId: session.userId,
      username: session.username,
      displayName: session.displayName,
      roles: session.roles,
      permissions,
      scope: scopeOf(session),
      unitId: session.unitId,
      sessionId: session.sessionId,
      isAdmin: session.roles.some((r) => ADMIN_ROLES.includes(r)),
    };
    if (access.permission && !permissions.has(access.permission)) throw new AppError('AUTH_FORBIDDEN');
    request.actor = actor;
    // sliding idle timeout: record activity at most once a minute
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await touchSession(deps.db, session.sessionId, now);
  });
}

/** The actor of an authenticated route (the hook guarantees it). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('AUTH_REQUIRED');
  return request.actor;
}
