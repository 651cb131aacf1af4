import { type Expression, type ExpressionBuilder, type SqlBool, sql, type Updateable } from 'kysely';
import { type ACCOUNT_SORTS, type AccountListQuery, SYSTEM_ACCOUNT_PREFIX } from '../../../contracts/auth.js';
import type { Role, Scope } from '../../../contracts/roles.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { UserAccountTable } from './auth.tables.js';
import { forgetUserSessions } from './session.repository.js';

/** An account row with its roles. Never leaves the server as is: it carries the password hash and TOTP secret. */
export interface AccountRecord {
  id: number;
  username: string;
  displayName: string;
  personId: number | null;
  unitId: number | null;
  passwordHash: string;
  passwordChangedAt: Date;
  mustChangePassword: boolean;
  totpSecretEnc: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
  failedAttempts: number;
  lockoutCount: number;
  lockedUntil: Date | null;
  disabled: boolean;
  scopeKind: string;
  scopeUnitId: number | null;
  scopeDivisionCode: string | null;
  locale: string;
  createdAt: Date;
  updatedAt: Date;
  roles: Role[];
}

export interface NewAccount {
  username: string;
  displayName: string;
  personId: number | null;
  unitId: number | null;
  passwordHash: string;
  passwordChangedAt: Date;
  mustChangePassword: boolean;
  totpSecretEnc: string | null;
  totpEnabled: boolean;
  scope: Scope;
  createdAt: Date;
}

export type AccountPatch = Updateable<UserAccountTable>;

type AccountEb = ExpressionBuilder<Database, 'userAccount'>;

const ACCOUNT_COLUMNS = [
  'userAccount.id',
  'userAccount.username',
  'userAccount.displayName',
  'userAccount.personId',
  'userAccount.unitId',
  'userAccount.passwordHash',
  'userAccount.passwordChangedAt',
  'userAccount.mustChangePassword',
  'userAccount.totpSecretEnc',
  'userAccount.totpEnabled',
  'userAccount.totpLastStep',
  'userAccount.failedAttempts',
  'userAccount.lockoutCount',
  'userAccount.lockedUntil',
  'userAccount.disabled',
  'userAccount.scopeKind',
  'userAccount.scopeUnitId',
  'userAccount.scopeDivisionCode',
  'userAccount.locale',
  'userAccount.createdAt',
  'userAccount.updatedAt',
] as const;

/** Load an account with its roles by username; `forUpdate` locks the row for the rest of the transaction. */
export async function findAccountByUsername(
  db: Db,
  username: string,
  opts: { forUpdate?: boolean } = {},
): Promise<AccountRecord | undefined> {
  let q = db.selectFrom('userAccount').select(ACCOUNT_COLUMNS).where('userAccount.username', '=', username);
  if (opts.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? { ...row, roles: await rolesOf(db, row.id) } : undefined;
}

/** Load an account with its roles by id; `forUpdate` locks the row for the rest of the transaction. */
export async function findAccountById(
  db: Db,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<AccountRecord | undefined> {
  let q = db.selectFrom('userAccount').select(ACCOUNT_COLUMNS).where('userAccount.id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? { ...row, roles: await rolesOf(db, row.id) } : undefined;
}

async function rolesOf(db: Db, userId: number): Promise<Role[]> {
  const rows = await db.selectFrom('userRole').select('role').where('userId', '=', userId).orderBy('role').execute();
  return rows.map((r) => r.role as Role);
}

/** Whether a username is already used by any account. */
export async function usernameExists(db: Db, username: string): Promise<boolean> {
  const row = await db.selectFrom('userAccount').select('id').where('username', '=', username).executeTakeFirst();
  return row !== undefined;
}

/** Insert an account and its roles; returns the new id. */
export async function insertAccount(db: Db, a: NewAccount, roles: readonly Role[]): Promise<number> {
  const { id } = await db
    .insertInto('userAccount')
    .values({
      username: a.username,
      displayName: a.displayName,
      personId: a.personId,
      unitId: a.unitId,
      passwordHash: a.passwordHash,
      passwordChangedAt: a.passwordChangedAt,
      mustChangePassword: a.mustChangePassword,
      totpSecretEnc: a.totpSecretEnc,
      totpEnabled: a.totpEnabled,
      scopeKind: a.scope.kind,
      scopeUnitId: a.scope.kind === 'unit' ? a.scope.unitId : null,
      scopeDivisionCode: a.scope.kind === 'division' ? a.scope.divisionCode : null,
      createdAt: a.createdAt,
      updatedAt: a.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceRoles(db, id, roles);
  return id;
}

/** Update an account's columns (updatedAt is the caller's to set). */
export async function updateAccount(db: Db, id: number, patch: AccountPatch): Promise<void> {
  forgetUserSessions(id);
  await db.updateTable('userAccount').set(patch).where('id', '=', id).execute();
}

/** Replace an account's roles with exactly these. */
export async function replaceRoles(db: Db, userId: number, roles: readonly Role[]): Promise<void> {
  forgetUserSessions(userId);
  await db.deleteFrom('userRole').where('userId', '=', userId).execute();
  const unique = [...new Set(roles)];
  if (unique.length) {
    await db
      .insertInto('userRole')
      .values(unique.map((role) => ({ userId, role })))
      .execute();
  }
}

/** Columns of a scope for an account row. */
export function scopeColumns(scope: Scope): Pick<AccountPatch, 'scopeKind' | 'scopeUnitId' | 'scopeDivisionCode'> {
  return {
    scopeKind: scope.kind,
    scopeUnitId: scope.kind === 'unit' ? scope.unitId : null,
    scopeDivisionCode: scope.kind === 'division' ? scope.divisionCode : null,
  };
}

export interface AccountListRow extends AccountRecord {
  unitName: string | null;
  lastLoginAt: Date | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of accounts inside the caller's scope, filtered and sorted, with their unit names and
 * last sign-in; the total counts every match.
 */
export async function listAccounts(
  db: Db,
  query: AccountListQuery,
  callerScope: Scope,
  now: Date,
): Promise<{ rows: AccountListRow[]; total: number }> {
  const where = (eb: AccountEb): Expression<SqlBool> => {
    // Built-in system accounts (`system.*`, e.g. the portal's stand-in for citizens) are not people to administer.
    const conds: Expression<SqlBool>[] = [
      accountInScope(eb, callerScope),
      eb('userAccount.username', 'not like', `${SYSTEM_ACCOUNT_PREFIX}%`),
    ];
    if (query.q) {
      const like = `%${escapeLike(query.q)}%`;
      conds.push(eb.or([eb('userAccount.username', 'ilike', like), eb('userAccount.displayName', 'ilike', like)]));
    }
    if (query.role) {
      const role = query.role;
      conds.push(
        eb.exists(
          eb
            .selectFrom('userRole')
            .select('userRole.userId')
            .whereRef('userRole.userId', '=', 'userAccount.id')
            .where('userRole.role', '=', role),
        ),
      );
    }
    if (query.unitId !== undefined) conds.push(eb('userAccount.unitId', '=', query.unitId));
    if (query.disabled !== undefined) conds.push(eb('userAccount.disabled', '=', query.disabled));
    if (query.locked !== undefined) {
      const lockedNow = eb.and([
        eb('userAccount.lockedUntil', 'is not', null),
        eb('userAccount.lockedUntil', '>', now),
      ]);
      conds.push(query.locked ? lockedNow : eb.not(lockedNow));
    }
    return eb.and(conds);
  };

  const { total } = await db
    .selectFrom('userAccount')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where(where)
    .executeTakeFirstOrThrow();

  const sort = query.sort ?? 'username';
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as (typeof ACCOUNT_SORTS)[number];
  const rows = await db
    .selectFrom('userAccount')
    .leftJoin('unit', 'unit.id', 'userAccount.unitId')
    .select(ACCOUNT_COLUMNS)
    .select('unit.name as unitName')
    .select((eb) =>
      eb
        .selectFrom('userSession')
        .select((s) => s.fn.max('userSession.createdAt').as('at'))
        .whereRef('userSession.userId', '=', 'userAccount.id')
        .as('lastLoginAt'),
    )
    .where(where)
    .orderBy(`userAccount.${field}`, (ob) => (desc ? ob.desc().nullsLast() : ob.asc().nullsLast()))
    .orderBy('userAccount.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();

  const ids = rows.map((r) => r.id);
  const roleRows = ids.length
    ? await db.selectFrom('userRole').select(['userId', 'role']).where('userId', 'in', ids).orderBy('role').execute()
    : [];
  return {
    total: Number(total),
    rows: rows.map((r) => ({
      ...r,
      lastLoginAt: r.lastLoginAt ? new Date(r.lastLoginAt) : null,
      roles: roleRows.filter((x) => x.userId === r.id).map((x) => x.role as Role),
    })),
  };
}

/** The unit's name and the last sign-in of one account, for its detail view. */
export async function findAccountExtras(
  db: Db,
  account: Pick<AccountRecord, 'id' | 'unitId'>,
): Promise<{ unitName: string | null; lastLoginAt: Date | null }> {
  const unit = account.unitId
    ? await db.selectFrom('unit').select('name').where('id', '=', account.unitId).executeTakeFirst()
    : undefined;
  const last = await db
    .selectFrom('userSession')
    .select((eb) => eb.fn.max('createdAt').as('at'))
    .where('userId', '=', account.id)
    .executeTakeFirst();
  return { unitName: unit?.name ?? null, lastLoginAt: last?.at ? new Date(last.at) : null };
}

// A unit subtree is every unit whose path ('/id/id/…/') passes through the root unit; a division
// subtree likewise through the division's code. Accounts without a unit are only visible to 'all'.
function accountInScope(eb: AccountEb, scope: Scope): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<boolean>`true`;
  if (scope.kind === 'unit') {
    return eb.exists(
      eb
        .selectFrom('unit')
        .select('unit.id')
        .whereRef('unit.id', '=', 'userAccount.unitId')
        .where((u) => u.or([u('unit.id', '=', scope.unitId), u('unit.path', 'like', `%/${scope.unitId}/%`)])),
    );
  }
  return eb.exists(
    eb
      .selectFrom('unit')
      .innerJoin('division', 'division.code', 'unit.divisionCode')
      .select('unit.id')
      .whereRef('unit.id', '=', 'userAccount.unitId')
      .where((d) =>
        d.or([d('division.code', '=', scope.divisionCode), d('division.path', 'like', `%/${scope.divisionCode}/%`)]),
      ),
  );
}

/** Whether an account (by id) lies inside a caller's scope. */
export async function isAccountInScope(db: Db, accountId: number, scope: Scope): Promise<boolean> {
  const row = await db
    .selectFrom('userAccount')
    .select('userAccount.id')
    .where('userAccount.id', '=', accountId)
    .where((eb) => accountInScope(eb, scope))
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a unit lies inside a scope (a unit subtree, or a division subtree by the unit's division). */
export async function isUnitInScope(db: Db, unitId: number, scope: Scope): Promise<boolean> {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'unit') {
    const row = await db
      .selectFrom('unit')
      .select('id')
      .where('id', '=', unitId)
      .where((u) => u.or([u('id', '=', scope.unitId), u('path', 'like', `%/${scope.unitId}/%`)]))
      .executeTakeFirst();
    return row !== undefined;
  }
  const row = await db
    .selectFrom('unit')
    .innerJoin('division', 'division.code', 'unit.divisionCode')
    .select('unit.id')
    .where('unit.id', '=', unitId)
    .where((d) =>
      d.or([d('division.code', '=', scope.divisionCode), d('division.path', 'like', `%/${scope.divisionCode}/%`)]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a division lies inside a scope ('all', or the division subtree; a unit scope contains no whole division). */
export async function isDivisionInScope(db: Db, code: string, scope: Scope): Promise<boolean> {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'unit') return false;
  const row = await db
    .selectFrom('division')
    .select('code')
    .where('code', '=', code)
    .where((d) => d.or([d('code', '=', scope.divisionCode), d('path', 'like', `%/${scope.divisionCode}/%`)]))
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of a unit, a person and a division exist (for naming the bad field of a request). */
export async function findMissingReferences(
  db: Db,
  refs: { unitIds: number[]; personId?: number | null; divisionCode?: string | null },
): Promise<{ unitIds: number[]; person: boolean; division: boolean }> {
  const unitIds = [...new Set(refs.unitIds)];
  const found = unitIds.length
    ? (await db.selectFrom('unit').select('id').where('id', 'in', unitIds).execute()).map((r) => r.id)
    : [];
  const person = refs.personId
    ? (await db.selectFrom('person').select('id').where('id', '=', refs.personId).executeTakeFirst()) === undefined
    : false;
  const division = refs.divisionCode
    ? (await db.selectFrom('division').select('code').where('code', '=', refs.divisionCode).executeTakeFirst()) ===
      undefined
    : false;
  return { unitIds: unitIds.filter((id) => !found.includes(id)), person, division };
}

/** The name of a unit, or undefined when it does not exist. */
export async function findUnitName(db: Db, id: number): Promise<string | undefined> {
  return (await db.selectFrom('unit').select('name').where('id', '=', id).executeTakeFirst())?.name;
}

/** The name of a division, or undefined when it does not exist. */
export async function findDivisionName(db: Db, code: string): Promise<string | undefined> {
  return (await db.selectFrom('division').select('name').where('code', '=', code).executeTakeFirst())?.name;
}

/** Names of units and divisions by id and code, in one query each, for labelling scopes. */
export async function findScopeNames(
  db: Db,
  unitIds: number[],
  divisionCodes: string[],
): Promise<{ units: Map<number, string>; divisions: Map<string, string> }> {
  const uniqUnits = [...new Set(unitIds)];
  const uniqDivisions = [...new Set(divisionCodes)];
  const units = uniqUnits.length
    ? await db.selectFrom('unit').select(['id', 'name']).where('id', 'in', uniqUnits).execute()
    : [];
  const divisions = uniqDivisions.length
    ? await db.selectFrom('division').select(['code', 'name']).where('code', 'in', uniqDivisions).execute()
    : [];
  return {
    units: new Map(units.map((u) => [u.id, u.name])),
    divisions: new Map(divisions.map((d) => [d.code, d.name])),
  };
}
