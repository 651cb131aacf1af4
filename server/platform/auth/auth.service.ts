import { randomBytes } from 'node:crypto';
import type { LoginBody, Me, PasswordProblemCode, TotpEnrolment } from '../../../contracts/auth.js';
import { ADMIN_ROLES, PERMISSIONS, permissionsOf } from '../../../contracts/roles.js';
import { appendAudit } from '../audit/audit.repository.js';
import { auditActorOf } from '../audit/audit-actor.js';
import type { Db } from '../db/database.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../http/actor.js';
import { hashSessionToken, idleMinutesFor, isPasswordExpired } from '../http/auth-hook.js';
import { AppError, type Lang } from '../http/errors.js';
import {
  type AccountRecord,
  findAccountById,
  findAccountByUsername,
  findUnitName,
  updateAccount,
} from './account.repository.js';
import { labelScopes, scopeOfAccount } from './account-view.js';
import { type LockoutState, lockStatus, registerFailure, registerSuccess } from './domain/lockout.js';
import { checkPassword, passwordProblemMessage } from './domain/password-policy.js';
import { checkTotpCode } from './domain/totp.js';
import { countLoginAttemptsSince, recordLoginAttempt } from './login-attempt.repository.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';
import {
  endSession,
  endSessionsOfUser,
  findSessionCsrfToken,
  insertSession,
  markSessionTotpVerified,
} from './session.repository.js';
import { generateTotpSecret, TOTP_CIPHER_CONTEXT, totpCodeAt, totpQrDataUrl, totpUri } from './totp.js';

/** What a use case needs to know about the request besides its body. */
export interface RequestInfo {
  readonly ip: string;
  readonly requestId: string;
  readonly lang: Lang;
}

export interface LoginResult {
  readonly me: Me;
  /** The session token for the cookie; only its SHA-256 is stored. */
  readonly token: string;
  readonly expiresAt: Date;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

const RATE_WINDOW_MS = 60_000;

const isAdminRoles = (roles: readonly string[]) => roles.some((r) => (ADMIN_ROLES as readonly string[]).includes(r));

/**
 * Sign in with username, password and (when enabled) a one-time code, and open a session.
 * Rules: at most `ratePerMinute` attempts per IP per minute; an unknown user and a wrong password
 * answer alike and take alike long; a locked account is refused before its password is checked;
 * wrong passwords and wrong codes count towards the progressive lockout, a missing code does not;
 * a code is accepted once only; success clears the failure counters.
 */
export async function login(deps: Deps, body: LoginBody, req: RequestInfo): Promise<LoginResult> {
  const now = deps.now();
  const limit = deps.config.lockout.ratePerMinute;
  const recent = await countLoginAttemptsSince(deps.db, req.ip, new Date(now.getTime() - RATE_WINDOW_MS));
  if (recent.count >= limit) {
    const freeAt = (recent.oldest?.getTime() ?? now.getTime()) + RATE_WINDOW_MS;
    throw new AppError('RATE_LIMITED', { retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)) });
  }

  const account = await findAccountByUsername(deps.db, body.username);
  if (!account) {
    await verifyAgainstDummy(body.password);
    await deps.db.transaction().execute(async (trx) => {
      await recordLoginAttempt(trx, { at: now, username: body.username, ip: req.ip, success: false });
      await appendAudit(trx, {
        actor: { userId: null, name: body.username },
        action: 'auth.login_failed',
        objectType: 'user_account',
        objectId: null,
        detail: { reason: 'unknown_user', ip: req.ip },
        requestId: req.requestId,
        at: now,
      });
    });
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  // The slow hash runs outside the transaction so the single embedded connection is not held meanwhile.
  const passwordOk = lockStatus(account, now).locked
    ? false
    : await verifyPassword(account.passwordHash, body.password);

  const outcome = await deps.db.transaction().execute(async (trx): Promise<Outcome<LoginResult>> => {
    const fresh = await findAccountById(trx, account.id, { forUpdate: true });
    if (!fresh) {
      await recordLoginAttempt(trx, { at: now, username: body.username, ip: req.ip, success: false });
      return { ok: false, error: new AppError('AUTH_INVALID_CREDENTIALS') };
    }
    const audit = (action: string, detail: Record<string, unknown>) =>
      appendAudit(trx, {
        actor: { userId: fresh.id, name: fresh.username },
        action,
        objectType: 'user_account',
        objectId: fresh.id,
        detail: { ip: req.ip, ...detail },
        requestId: req.requestId,
        at: now,
      });
    const refuse = async (reason: string, error: AppError): Promise<Outcome<LoginResult>> => {
      await recordLoginAttempt(trx, { at: now, username: fresh.username, ip: req.ip, success: false });
      await audit('auth.login_failed', { reason });
      return { ok: false, error };
    };

    const lock = lockStatus(fresh, now);
    if (lock.locked) return refuse('locked', lockedError(lock.retryAfterSeconds, lock.lockedUntil));
    if (!passwordOk) {
      const error = await countFailure(trx, fresh, deps, now, audit, 'wrong_password');
      await recordLoginAttempt(trx, { at: now, username: fresh.username, ip: req.ip, success: false });
      return { ok: false, error: error ?? new AppError('AUTH_INVALID_CREDENTIALS') };
    }
    if (fresh.disabled) return refuse('disabled', new AppError('AUTH_ACCOUNT_DISABLED'));

    let totpLastStep = fresh.totpLastStep;
    if (fresh.totpEnabled && fresh.totpSecretEnc) {
      if (!body.totp) {
        // The password was right: not a failure, but it still counts against the IP's rate.
        await recordLoginAttempt(trx, { at: now, username: fresh.username, ip: req.ip, success: false });
        return { ok: false, error: new AppError('AUTH_TOTP_REQUIRED') };
      }
      const secret = deps.cipher.decrypt(fresh.totpSecretEnc, TOTP_CIPHER_CONTEXT);
      const check = checkTotpCode({
        code: body.totp,
        now,
        lastStep: fresh.totpLastStep,
        codeAt: (step) => totpCodeAt(secret, step),
      });
      if (!check.ok) {
        const error = await countFailure(trx, fresh, deps, now, audit, `totp_${check.reason}`);
        await recordLoginAttempt(trx, { at: now, username: fresh.username, ip: req.ip, success: false });
        return { ok: false, error: error ?? new AppError('AUTH_TOTP_INVALID') };
      }
      totpLastStep = check.step;
    }

    await updateAccount(trx, fresh.id, { ...registerSuccess(fresh), totpLastStep });
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + deps.config.session.absoluteHours * 3_600_000);
    await insertSession(trx, {
      id: hashSessionToken(token),
      userId: fresh.id,
      csrfToken,
      createdAt: now,
      expiresAt,
      totpVerified: fresh.totpEnabled,
    });
    await recordLoginAttempt(trx, { at: now, username: fresh.username, ip: req.ip, success: true });
    await audit('auth.login', { totp: fresh.totpEnabled });
    const me = await buildMe(
      trx,
      deps,
      { ...fresh, ...registerSuccess(fresh), totpLastStep },
      csrfToken,
      now,
      req.lang,
    );
    return { ok: true, value: { me, token, expiresAt } };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** The signed-in user's own view, with the session's CSRF token (a page reload fetches it again here). */
export async function currentUser(deps: Deps, actor: Actor, lang: Lang): Promise<Me> {
  const now = deps.now();
  const account = await findAccountById(deps.db, actor.userId);
  const csrfToken = await findSessionCsrfToken(deps.db, actor.sessionId);
  if (!account || !csrfToken) throw new AppError('AUTH_REQUIRED');
  return buildMe(deps.db, deps, account, csrfToken, now, lang);
}

/** End the caller's session; the row stays for the record. */
export async function logout(deps: Deps, actor: Actor, req: RequestInfo): Promise<void> {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await endSession(trx, actor.sessionId, now, 'logout');
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'auth.logout',
      objectType: 'user_account',
      objectId: actor.userId,
      requestId: req.requestId,
      at: now,
    });
  });
}

/**
 * Change one's own password: the current one must be right (a wrong one counts towards the
 * lockout, so a stolen session cannot guess it), the new one must meet the policy and differ from
 * the current one. Clears a forced or expired change and ends the user's other sessions.
 */
export async function changePassword(
  deps: Deps,
  actor: Actor,
  body: { currentPassword: string; newPassword: string },
  req: RequestInfo,
): Promise<Me> {
  const now = deps.now();
  const account = await requireAccount(deps.db, actor.userId);
  await verifyCurrentPassword(deps, account, body.currentPassword, now, req, 'password_change');

  const policy = deps.config.passwordPolicy;
  const problems: PasswordProblemCode[] = checkPassword(
    body.newPassword,
    { username: account.username, displayName: account.displayName },
    policy,
  );
  if (body.newPassword === body.currentPassword) problems.push('same_as_current');
  if (problems.length) {
    throw new AppError('AUTH_PASSWORD_WEAK', {
      problems: problems.map((code) => ({ code, message: passwordProblemMessage(code, policy, req.lang) })),
    });
  }
  const passwordHash = await hashPassword(body.newPassword);

  return deps.db.transaction().execute(async (trx) => {
    const fresh = await requireAccount(trx, actor.userId, true);
    await updateAccount(trx, fresh.id, {
      passwordHash,
      passwordChangedAt: now,
      mustChangePassword: false,
      ...registerSuccess(fresh),
      updatedAt: now,
    });
    const ended = await endSessionsOfUser(trx, fresh.id, now, 'password_changed', actor.sessionId);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'auth.password_changed',
      objectType: 'user_account',
      objectId: fresh.id,
      before: { mustChangePassword: fresh.mustChangePassword, passwordChangedAt: fresh.passwordChangedAt },
      after: { mustChangePassword: false, passwordChangedAt: now },
      detail: { otherSessionsEnded: ended },
      requestId: req.requestId,
      at: now,
    });
    const updated = await requireAccount(trx, fresh.id);
    const csrfToken = (await findSessionCsrfToken(trx, actor.sessionId)) ?? '';
    return buildMe(trx, deps, updated, csrfToken, now, req.lang);
  });
}

/**
 * Start enrolling a TOTP second factor: a fresh secret is stored encrypted but stays inactive
 * until a code from it is confirmed. Refused while a second factor is already enabled, so a
 * stolen session cannot swap the victim's authenticator for its own.
 */
export async function startTotpEnrolment(deps: Deps, actor: Actor, req: RequestInfo): Promise<TotpEnrolment> {
  const now = deps.now();
  const account = await requireAccount(deps.db, actor.userId);
  if (account.totpEnabled) throw new AppError('AUTH_TOTP_ALREADY_ENABLED');
  const secret = generateTotpSecret();
  const totpSecretEnc = deps.cipher.encrypt(secret, TOTP_CIPHER_CONTEXT);
  await deps.db.transaction().execute(async (trx) => {
    const fresh = await requireAccount(trx, actor.userId, true);
    if (fresh.totpEnabled) throw new AppError('AUTH_TOTP_ALREADY_ENABLED');
    await updateAccount(trx, fresh.id, { totpSecretEnc, totpLastStep: null, updatedAt: now });
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'auth.totp_enrolment_started',
      objectType: 'user_account',
      objectId: fresh.id,
      requestId: req.requestId,
      at: now,
    });
  });
  const otpauthUrl = totpUri(secret, account.username);
  return { secret, otpauthUrl, qrDataUrl: await totpQrDataUrl(otpauthUrl) };
}

/** Confirm a TOTP enrolment with a current code from the new secret, which turns the second factor on. */
export async function confirmTotpEnrolment(deps: Deps, actor: Actor, code: string, req: RequestInfo): Promise<Me> {
  const now = deps.now();
  const outcome = await deps.db.transaction().execute(async (trx): Promise<Outcome<Me>> => {
    const fresh = await requireAccount(trx, actor.userId, true);
    if (fresh.totpEnabled) return { ok: false, error: new AppError('AUTH_TOTP_ALREADY_ENABLED') };
    if (!fresh.totpSecretEnc) return { ok: false, error: new AppError('AUTH_TOTP_NOT_ENROLLED') };
    const secret = deps.cipher.decrypt(fresh.totpSecretEnc, TOTP_CIPHER_CONTEXT);
    const check = checkTotpCode({ code, now, lastStep: fresh.totpLastStep, codeAt: (s) => totpCodeAt(secret, s) });
    if (!check.ok) return { ok: false, error: new AppError('AUTH_TOTP_CODE_WRONG') };
    await updateAccount(trx, fresh.id, { totpEnabled: true, totpLastStep: check.step, updatedAt: now });
    await markSessionTotpVerified(trx, actor.sessionId);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'auth.totp_enabled',
      objectType: 'user_account',
      objectId: fresh.id,
      before: { totpEnabled: false },
      after: { totpEnabled: true },
      requestId: req.requestId,
      at: now,
    });
    const csrfToken = (await findSessionCsrfToken(trx, actor.sessionId)) ?? '';
    return {
      ok: true,
      value: await buildMe(trx, deps, { ...fresh, totpEnabled: true }, csrfToken, now, req.lang),
    };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/**
 * Turn one's own TOTP second factor off, with the password as proof (a wrong one counts towards
 * the lockout). Administrators may not: the second factor is mandatory for them.
 */
export async function disableTotp(deps: Deps, actor: Actor, password: string, req: RequestInfo): Promise<Me> {
  const now = deps.now();
  if (isAdminRoles(actor.roles)) throw new AppError('AUTH_TOTP_ADMIN_REQUIRED');
  const account = await requireAccount(deps.db, actor.userId);
  await verifyCurrentPassword(deps, account, password, now, req, 'totp_disable');
  return deps.db.transaction().execute(async (trx) => {
    const fresh = await requireAccount(trx, actor.userId, true);
    await updateAccount(trx, fresh.id, {
      totpEnabled: false,
      totpSecretEnc: null,
      totpLastStep: null,
      ...registerSuccess(fresh),
      updatedAt: now,
    });
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'auth.totp_disabled',
      objectType: 'user_account',
      objectId: fresh.id,
      before: { totpEnabled: fresh.totpEnabled },
      after: { totpEnabled: false },
      requestId: req.requestId,
      at: now,
    });
    const csrfToken = (await findSessionCsrfToken(trx, actor.sessionId)) ?? '';
    return buildMe(trx, deps, { ...fresh, totpEnabled: false }, csrfToken, now, req.lang);
  });
}

/** The Me object of contracts/auth.ts for an account and its session's CSRF token. */
export async function buildMe(
  db: Db,
  deps: Pick<Deps, 'config'>,
  account: AccountRecord,
  csrfToken: string,
  now: Date,
  lang: Lang,
): Promise<Me> {
  const scope = scopeOfAccount(account);
  const [scopeLabel = ''] = await labelScopes(db, [scope], lang);
  const unitName = account.unitId ? await findUnitName(db, account.unitId) : undefined;
  const permissions = permissionsOf(account.roles);
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    roles: account.roles,
    permissions: PERMISSIONS.filter((p) => permissions.has(p)),
    scope,
    scopeLabel,
    unit: account.unitId === null ? null : { id: account.unitId, name: unitName ?? `#${account.unitId}` },
    mustChangePassword: account.mustChangePassword,
    passwordExpired: isPasswordExpired(account.passwordChangedAt, deps.config.passwordPolicy.maxAgeDays, now),
    totpEnabled: account.totpEnabled,
    totpEnrolmentRequired: isAdminRoles(account.roles) && !account.totpEnabled,
    csrfToken,
    idleTimeoutMinutes: idleMinutesFor(account.roles, deps),
    locale: account.locale,
  };
}

function lockedError(retryAfterSeconds: number, lockedUntil: Date): AppError {
  return new AppError('AUTH_ACCOUNT_LOCKED', { retryAfterSeconds, lockedUntil: lockedUntil.toISOString() });
}

// Counts one failure towards the lockout and audits it; returns the lock error when this failure locked the account.
async function countFailure(
  trx: Db,
  account: AccountRecord,
  deps: Pick<Deps, 'config'>,
  now: Date,
  audit: (action: string, detail: Record<string, unknown>) => Promise<void>,
  reason: string,
): Promise<AppError | undefined> {
  const result = registerFailure(account, deps.config.lockout, now);
  const state: LockoutState = result.state;
  await updateAccount(trx, account.id, state);
  await audit('auth.login_failed', { reason, failedAttempts: state.failedAttempts, locked: result.locked });
  if (!result.locked || !state.lockedUntil) return undefined;
  await audit('account.locked', {
    lockedUntil: state.lockedUntil.toISOString(),
    lockNumber: state.lockoutCount,
    minutes: result.retryAfterSeconds / 60,
  });
  return lockedError(result.retryAfterSeconds, state.lockedUntil);
}

// Checks a signed-in user's password before a sensitive change; a wrong one counts towards the lockout.
async function verifyCurrentPassword(
  deps: Deps,
  account: AccountRecord,
  password: string,
  now: Date,
  req: RequestInfo,
  purpose: string,
): Promise<void> {
  const lock = lockStatus(account, now);
  if (lock.locked) throw lockedError(lock.retryAfterSeconds, lock.lockedUntil);
  if (await verifyPassword(account.passwordHash, password)) return;
  const error = await deps.db.transaction().execute(async (trx) => {
    const fresh = await requireAccount(trx, account.id, true);
    const audit = (action: string, detail: Record<string, unknown>) =>
      appendAudit(trx, {
        actor: { userId: fresh.id, name: fresh.username },
        action,
        objectType: 'user_account',
        objectId: fresh.id,
        detail: { ip: req.ip, purpose, ...detail },
        requestId: req.requestId,
        at: now,
      });
    return countFailure(trx, fresh, deps, now, audit, 'wrong_current_password');
  });
  throw error ?? new AppError('AUTH_CURRENT_PASSWORD_WRONG');
}

async function requireAccount(db: Db, id: number, forUpdate = false): Promise<AccountRecord> {
  const account = await findAccountById(db, id, { forUpdate });
  if (!account) throw new AppError('AUTH_REQUIRED');
  return account;
}
