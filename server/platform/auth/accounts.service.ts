import type { Account, AccountListQuery, CreateAccountBody, UpdateAccountBody } from '../../../contracts/auth.js';
import { usernameSchema } from '../../../contracts/auth.js';
import type { Page } from '../../../contracts/common.js';
import { ROLE_LABELS, type Role, type Scope, violatesAdminSeparation } from '../../../contracts/roles.js';
import { appendAudit } from '../audit/audit.repository.js';
import { auditActorOf } from '../audit/audit-actor.js';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { Db } from '../db/database.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../http/actor.js';
import { AppError, type Lang, toFieldIssues } from '../http/errors.js';
import { beijingTime, EXPORT_MAX_ROWS, toXlsx } from '../http/xlsx.js';
import {
  type AccountPatch,
  type AccountRecord,
  findAccountById,
  findAccountExtras,
  findMissingReferences,
  insertAccount,
  isAccountInScope,
  isDivisionInScope,
  isUnitInScope,
  listAccounts,
  replaceRoles,
  scopeColumns,
  updateAccount,
  usernameExists,
} from './account.repository.js';
import { auditViewOf, labelScopes, scopeOfAccount, toAccountView } from './account-view.js';
import type { RequestInfo } from './auth.service.js';
import { unlock } from './domain/lockout.js';
import { generateTemporaryPassword, hashPassword } from './passwords.js';
import { endSessionsOfUser } from './session.repository.js';
import { TOTP_CIPHER_CONTEXT } from './totp.js';

/** What the demo seed and `lianxin create-admin` pass to create an account. */
export interface AccountRecordInput {
  username: string;
  displayName: string;
  /** Stored as an argon2id hash; the policy is the caller's to check (the CLI generates a compliant one). */
  password: string;
  roles: readonly Role[];
  scope: Scope;
  unitId?: number | null | undefined;
  personId?: number | null | undefined;
  /** Defaults to true: a new account changes its password at first sign-in. */
  mustChangePassword?: boolean | undefined;
  /** Base32 TOTP secret: stored encrypted with the second factor already enabled. */
  totpSecret?: string | undefined;
}

/**
 * Create an account with its roles (no audit entry: the caller records why it was created) and
 * return its id. Rules: valid username, not taken, administrator roles not combined (三员分立),
 * password stored only as an argon2id hash, a TOTP secret only encrypted. Runs in the caller's
 * transaction, or in one of its own when given the root handle.
 */
export async function createAccountRecord(
  db: Db,
  cipher: FieldCipher,
  input: AccountRecordInput,
  now: Date,
): Promise<number> {
  const parsed = usernameSchema.safeParse(input.username);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', {
      issues: toFieldIssues([{ path: ['username'], message: parsed.error.issues[0]?.message ?? 'invalid' }], 'en'),
    });
  }
  if (violatesAdminSeparation(input.roles)) throw new AppError('AUTH_ADMIN_SEPARATION');
  const passwordHash = await hashPassword(input.password);
  const totpSecretEnc = input.totpSecret ? cipher.encrypt(input.totpSecret, TOTP_CIPHER_CONTEXT) : null;
  const insert = async (trx: Db) => {
    if (await usernameExists(trx, parsed.data)) throw new AppError('AUTH_USERNAME_TAKEN');
    return insertAccount(
      trx,
      {
        username: parsed.data,
        displayName: input.displayName.trim(),
        personId: input.personId ?? null,
        unitId: input.unitId ?? null,
        passwordHash,
        passwordChangedAt: now,
        mustChangePassword: input.mustChangePassword ?? true,
        totpSecretEnc,
        totpEnabled: totpSecretEnc !== null,
        scope: input.scope,
        createdAt: now,
      },
      input.roles,
    );
  };
  try {
    return db.isTransaction ? await insert(db) : await db.transaction().execute(insert);
  } catch (err) {
    throw isUniqueViolation(err) ? new AppError('AUTH_USERNAME_TAKEN') : err;
  }
}

/** One page of the accounts inside the security administrator's scope. */
export async function listAccountsFor(
  deps: Deps,
  actor: Actor,
  query: AccountListQuery,
  lang: Lang,
): Promise<Page<Account>> {
  const now = deps.now();
  const { rows, total } = await listAccounts(deps.db, query, actor.scope, now);
  const labels = await labelScopes(deps.db, rows.map(scopeOfAccount), lang);
  return {
    items: rows.map((r, i) => toAccountView(r, { ...r, scopeLabel: labels[i] ?? '' }, now)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The filters of the accounts list, without paging: what an export takes. */
export type AccountExportFilters = Omit<AccountListQuery, 'page' | 'pageSize'>;

/**
 * The accounts inside the security administrator's scope that match the list's filters, as XLSX with
 * Chinese headers. Like the list it shows no password hash and no TOTP secret, only whether one is enrolled.
 */
export async function exportAccountsXlsx(deps: Deps, actor: Actor, filters: AccountExportFilters): Promise<Buffer> {
  const { items } = await listAccountsFor(deps, actor, { ...filters, page: 1, pageSize: EXPORT_MAX_ROWS }, 'zh');
  const yesNo = (b: boolean) => (b ? '是' : '否');
  return toXlsx('账号', [
    {
      name: '账号',
      columns: [
        { header: '编号', key: 'id', width: 8 },
        { header: '用户名', key: 'username', width: 18 },
        { header: '姓名', key: 'displayName', width: 14 },
        { header: '所属单位', key: 'unit', width: 28 },
        { header: '角色', key: 'roles', width: 28 },
        { header: '数据范围', key: 'scopeLabel', width: 24 },
        { header: '状态', key: 'status', width: 8 },
        { header: '已锁定', key: 'locked', width: 8 },
        { header: '锁定至', key: 'lockedUntil', width: 20 },
        { header: '须修改密码', key: 'mustChangePassword', width: 10 },
        { header: '已启用动态验证码', key: 'totpEnabled', width: 14 },
        { header: '密码修改时间', key: 'passwordChangedAt', width: 20 },
        { header: '最近登录', key: 'lastLoginAt', width: 20 },
        { header: '创建时间', key: 'createdAt', width: 20 },
      ],
      rows: items.map((a) => ({
        id: String(a.id),
        username: a.username,
        displayName: a.displayName,
        unit: a.unit?.name ?? '',
        roles: a.roles.map((r) => ROLE_LABELS[r].zh).join('、'),
        scopeLabel: a.scopeLabel,
        status: a.disabled ? '停用' : '正常',
        locked: yesNo(a.locked),
        lockedUntil: beijingTime(a.lockedUntil),
        mustChangePassword: yesNo(a.mustChangePassword),
        totpEnabled: yesNo(a.totpEnabled),
        passwordChangedAt: beijingTime(a.passwordChangedAt),
        lastLoginAt: beijingTime(a.lastLoginAt),
        createdAt: beijingTime(a.createdAt),
      })),
    },
  ]);
}

/** One account inside the caller's scope; one outside it is reported as not found. */
export async function getAccount(deps: Deps, actor: Actor, id: number, lang: Lang): Promise<Account> {
  const now = deps.now();
  const account = await loadInScope(deps.db, actor, id);
  return viewOf(deps.db, account, now, lang);
}

/**
 * Create an account with a generated temporary password, shown once and to be changed at first
 * sign-in. Rules: administrator roles are not combined (三员分立); the unit and the granted scope
 * must lie inside the creating administrator's own scope.
 */
export async function createAccount(
  deps: Deps,
  actor: Actor,
  body: CreateAccountBody,
  req: RequestInfo,
): Promise<{ account: Account; temporaryPassword: string }> {
  if (violatesAdminSeparation(body.roles)) throw new AppError('AUTH_ADMIN_SEPARATION');
  const now = deps.now();
  const temporaryPassword = generateTemporaryPassword(deps.config.passwordPolicy, body.username);
  await checkReferences(
    deps.db,
    actor,
    { unitId: body.unitId ?? null, personId: body.personId ?? null, scope: body.scope },
    req.lang,
  );
  const account = await deps.db.transaction().execute(async (trx) => {
    const id = await createAccountRecord(
      trx,
      deps.cipher,
      {
        username: body.username,
        displayName: body.displayName,
        password: temporaryPassword,
        roles: body.roles,
        scope: body.scope,
        unitId: body.unitId ?? null,
        personId: body.personId ?? null,
        mustChangePassword: true,
      },
      now,
    );
    const created = await requireAccount(trx, id);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'account.created',
      objectType: 'user_account',
      objectId: id,
      after: auditViewOf(created),
      requestId: req.requestId,
      at: now,
    });
    return created;
  });
  return { account: await viewOf(deps.db, account, now, req.lang), temporaryPassword };
}

/**
 * Change an account's name, unit, roles, scope or disabled flag. Rules: administrator roles are
 * not combined; a security administrator cannot change their own roles, scope or status; the new
 * unit and scope must lie inside their own scope; disabling ends the account's sessions.
 */
export async function updateAccountFor(
  deps: Deps,
  actor: Actor,
  id: number,
  body: UpdateAccountBody,
  req: RequestInfo,
): Promise<Account> {
  const now = deps.now();
  const current = await loadInScope(deps.db, actor, id);
  if (id === actor.userId && changesOwnPowers(current, body)) throw new AppError('AUTH_SELF_CHANGE_REFUSED');
  if (body.roles && violatesAdminSeparation(body.roles)) throw new AppError('AUTH_ADMIN_SEPARATION');
  await checkReferences(
    deps.db,
    actor,
    {
      ...(body.unitId !== undefined ? { unitId: body.unitId } : {}),
      ...(body.scope ? { scope: body.scope } : {}),
    },
    req.lang,
  );
  const updated = await deps.db.transaction().execute(async (trx) => {
    const before = await requireAccount(trx, id, true);
    const patch: AccountPatch = { updatedAt: now };
    if (body.displayName !== undefined) patch.displayName = body.displayName;
    if (body.unitId !== undefined) patch.unitId = body.unitId;
    if (body.scope) Object.assign(patch, scopeColumns(body.scope));
    if (body.disabled !== undefined) patch.disabled = body.disabled;
    await updateAccount(trx, id, patch);
    if (body.roles) await replaceRoles(trx, id, body.roles);
    const ended = body.disabled && !before.disabled ? await endSessionsOfUser(trx, id, now, 'disabled') : 0;
    const after = await requireAccount(trx, id);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'account.updated',
      objectType: 'user_account',
      objectId: id,
      before: auditViewOf(before),
      after: auditViewOf(after),
      ...(ended ? { detail: { sessionsEnded: ended } } : {}),
      requestId: req.requestId,
      at: now,
    });
    return after;
  });
  return viewOf(deps.db, updated, now, req.lang);
}

/**
 * Give an account a new temporary password (shown once, to be changed at next sign-in), clear
 * its lockout and end its sessions. Not for one's own account: that goes through the
 * current-password check of /api/auth/password.
 */
export async function resetPassword(
  deps: Deps,
  actor: Actor,
  id: number,
  req: RequestInfo,
): Promise<{ temporaryPassword: string }> {
  const now = deps.now();
  const current = await loadInScope(deps.db, actor, id);
  if (id === actor.userId) throw new AppError('AUTH_SELF_CHANGE_REFUSED');
  const temporaryPassword = generateTemporaryPassword(deps.config.passwordPolicy, current.username);
  const passwordHash = await hashPassword(temporaryPassword);
  await deps.db.transaction().execute(async (trx) => {
    const before = await requireAccount(trx, id, true);
    await updateAccount(trx, id, {
      passwordHash,
      passwordChangedAt: now,
      mustChangePassword: true,
      ...unlock(before),
      updatedAt: now,
    });
    const ended = await endSessionsOfUser(trx, id, now, 'password_reset');
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'account.password_reset',
      objectType: 'user_account',
      objectId: id,
      before: auditViewOf(before),
      after: auditViewOf(await requireAccount(trx, id)),
      detail: { sessionsEnded: ended },
      requestId: req.requestId,
      at: now,
    });
  });
  return { temporaryPassword };
}

/** Lift a lockout before it runs out, clearing the failure counters and the lock history. */
export async function unlockAccount(deps: Deps, actor: Actor, id: number, req: RequestInfo): Promise<Account> {
  const now = deps.now();
  await loadInScope(deps.db, actor, id);
  const after = await deps.db.transaction().execute(async (trx) => {
    const before = await requireAccount(trx, id, true);
    await updateAccount(trx, id, { ...unlock(before), updatedAt: now });
    const after = await requireAccount(trx, id);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'account.unlocked',
      objectType: 'user_account',
      objectId: id,
      before: auditViewOf(before),
      after: auditViewOf(after),
      requestId: req.requestId,
      at: now,
    });
    return after;
  });
  return viewOf(deps.db, after, now, req.lang);
}

/** End every live session of an account: its next request answers AUTH_SESSION_EXPIRED. */
export async function endAccountSessions(
  deps: Deps,
  actor: Actor,
  id: number,
  req: RequestInfo,
): Promise<{ ended: number }> {
  const now = deps.now();
  await loadInScope(deps.db, actor, id);
  const ended = await deps.db.transaction().execute(async (trx) => {
    const ended = await endSessionsOfUser(trx, id, now, 'ended_by_admin');
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'account.sessions_ended',
      objectType: 'user_account',
      objectId: id,
      detail: { sessionsEnded: ended },
      requestId: req.requestId,
      at: now,
    });
    return ended;
  });
  return { ended };
}

/**
 * Remove an account's TOTP second factor (a lost phone) and end its sessions; an administrator
 * must enrol again at next sign-in before doing anything else.
 */
export async function resetTotp(deps: Deps, actor: Actor, id: number, req: RequestInfo): Promise<Account> {
  const now = deps.now();
  await loadInScope(deps.db, actor, id);
  if (id === actor.userId) throw new AppError('AUTH_SELF_CHANGE_REFUSED');
  const after = await deps.db.transaction().execute(async (trx) => {
    const before = await requireAccount(trx, id, true);
    await updateAccount(trx, id, { totpEnabled: false, totpSecretEnc: null, totpLastStep: null, updatedAt: now });
    const ended = await endSessionsOfUser(trx, id, now, 'totp_reset');
    const after = await requireAccount(trx, id);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'account.totp_reset',
      objectType: 'user_account',
      objectId: id,
      before: auditViewOf(before),
      after: auditViewOf(after),
      detail: { sessionsEnded: ended },
      requestId: req.requestId,
      at: now,
    });
    return after;
  });
  return viewOf(deps.db, after, now, req.lang);
}

async function viewOf(db: Db, account: AccountRecord, now: Date, lang: Lang): Promise<Account> {
  const extras = await findAccountExtras(db, account);
  const [scopeLabel = ''] = await labelScopes(db, [scopeOfAccount(account)], lang);
  return toAccountView(account, { ...extras, scopeLabel }, now);
}

async function requireAccount(db: Db, id: number, forUpdate = false): Promise<AccountRecord> {
  const account = await findAccountById(db, id, { forUpdate });
  if (!account) throw new AppError('AUTH_ACCOUNT_NOT_FOUND');
  return account;
}

// An account outside the caller's scope is answered as not found, never shown.
async function loadInScope(db: Db, actor: Actor, id: number): Promise<AccountRecord> {
  if (!(await isAccountInScope(db, id, actor.scope))) throw new AppError('AUTH_ACCOUNT_NOT_FOUND');
  return requireAccount(db, id);
}

function changesOwnPowers(current: AccountRecord, body: UpdateAccountBody): boolean {
  const sameRoles = (a: readonly string[], b: readonly string[]) =>
    new Set(a).size === new Set(b).size && a.every((r) => b.includes(r));
  const sameScope = (a: Scope, b: Scope) => JSON.stringify(a) === JSON.stringify(b);
  return (
    (body.roles !== undefined && !sameRoles(body.roles, current.roles)) ||
    (body.scope !== undefined && !sameScope(body.scope, scopeOfAccount(current))) ||
    (body.disabled !== undefined && body.disabled !== current.disabled)
  );
}

// The unit, person and scope a request names must exist (else a field error) and lie inside the caller's scope.
async function checkReferences(
  db: Db,
  actor: Actor,
  refs: { unitId?: number | null; personId?: number | null; scope?: Scope },
  lang: Lang,
): Promise<void> {
  const scopeUnit = refs.scope?.kind === 'unit' ? refs.scope.unitId : undefined;
  const scopeDivision = refs.scope?.kind === 'division' ? refs.scope.divisionCode : null;
  const missing = await findMissingReferences(db, {
    unitIds: [refs.unitId, scopeUnit].filter((x): x is number => typeof x === 'number'),
    personId: refs.personId ?? null,
    divisionCode: scopeDivision,
  });
  const message = lang === 'zh' ? '不存在' : 'does not exist';
  const issues: { path: string[]; message: string }[] = [];
  if (refs.unitId && missing.unitIds.includes(refs.unitId)) issues.push({ path: ['unitId'], message });
  if (refs.personId && missing.person) issues.push({ path: ['personId'], message });
  if (scopeUnit && missing.unitIds.includes(scopeUnit)) issues.push({ path: ['scope', 'unitId'], message });
  if (missing.division) issues.push({ path: ['scope', 'divisionCode'], message });
  if (issues.length) throw new AppError('VALIDATION_FAILED', { issues: toFieldIssues(issues, lang) });

  if (refs.unitId && !(await isUnitInScope(db, refs.unitId, actor.scope))) throw new AppError('AUTH_OUT_OF_SCOPE');
  if (refs.scope) {
    const s = refs.scope;
    const inside =
      s.kind === 'all'
        ? actor.scope.kind === 'all'
        : s.kind === 'unit'
          ? await isUnitInScope(db, s.unitId, actor.scope)
          : await isDivisionInScope(db, s.divisionCode, actor.scope);
    if (!inside) throw new AppError('AUTH_OUT_OF_SCOPE');
  }
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}
