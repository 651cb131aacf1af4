import { sql } from 'kysely';
import type { DivisionFilters, DivisionLevel } from '../../../contracts/org.js';
import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../../platform/db/database.js';
import type { SortOrder } from './domain/list-query.js';
import { divisionInScope } from './scope.repository.js';

export interface DivisionRow {
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode: string | null;
  parentName: string | null;
  path: string;
  createdAt: Date;
  updatedAt: Date;
}

export type DivisionSortField = 'code' | 'name' | 'level' | 'createdAt';

const LEVEL_ORDER = sql`array['province','city','county','township','village','grid']::text[]`;

function selectDivisions(db: Db, scope: Scope) {
  return db
    .selectFrom('division as d')
    .leftJoin('division as p', 'p.code', 'd.parentCode')
    .where(divisionInScope(scope, 'd'));
}

const COLUMNS = [
  'd.code',
  'd.name',
  'd.level',
  'd.parentCode',
  'p.name as parentName',
  'd.path',
  'd.createdAt',
  'd.updatedAt',
] as const;

function filtered(
  db: Db,
  scope: Scope,
  f: Pick<DivisionFilters, 'parentCode' | 'level'> & { search?: string | undefined },
) {
  let q = selectDivisions(db, scope);
  if (f.parentCode) q = q.where('d.parentCode', '=', f.parentCode);
  if (f.level) q = q.where('d.level', '=', f.level);
  if (f.search) q = q.where('d.searchText', 'ilike', `%${f.search}%`);
  return q;
}

/** One page of the divisions in scope matching the filters (search is an escaped, normalised substring). */
export async function listDivisions(
  db: Db,
  scope: Scope,
  f: Pick<DivisionFilters, 'parentCode' | 'level'> & { search?: string | undefined },
  sort: SortOrder<DivisionSortField>,
  page: { offset: number; limit: number },
): Promise<{ items: DivisionRow[]; total: number }> {
  const { total } = await filtered(db, scope, f)
    .select(sql<number>`count(*)::int`.as('total'))
    .executeTakeFirstOrThrow();
  const by =
    sort.field === 'level'
      ? sql`array_position(${LEVEL_ORDER}, d.level)`
      : sql.ref(sort.field === 'createdAt' ? 'd.createdAt' : `d.${sort.field}`);
  const items = await filtered(db, scope, f)
    .select(COLUMNS)
    .orderBy(by, sort.direction)
    .orderBy('d.code')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { items: items as DivisionRow[], total };
}

/** How many divisions lie in scope, for the home page's card. */
export async function countDivisionsInScope(db: Db, scope: Scope): Promise<number> {
  const { total } = await selectDivisions(db, scope)
    .select(sql<number>`count(*)::int`.as('total'))
    .executeTakeFirstOrThrow();
  return total;
}

/** The division with this code if it lies in scope. */
export async function findDivision(db: Db, scope: Scope, code: string): Promise<DivisionRow | undefined> {
  const row = await selectDivisions(db, scope).select(COLUMNS).where('d.code', '=', code).executeTakeFirst();
  return row as DivisionRow | undefined;
}

/** Whether a division with this code exists at all, in or out of scope (to tell a bad reference from a forbidden one). */
export async function divisionExists(db: Db, code: string): Promise<boolean> {
  return !!(await db.selectFrom('division').select('code').where('code', '=', code).executeTakeFirst());
}

/** Existing divisions among these codes, each with whether it lies in scope. */
export async function findDivisionsByCodes(
  db: Db,
  scope: Scope,
  codes: readonly string[],
): Promise<{ code: string; level: DivisionLevel; path: string; inScope: boolean }[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('division as d')
    .select(['d.code', 'd.level', 'd.path', divisionInScope(scope, 'd').as('inScope')])
    .where('d.code', 'in', [...codes])
    .execute();
  return rows.map((r) => ({ ...r, level: r.level as DivisionLevel, inScope: !!r.inScope }));
}

/** The tops of the division forest the scope sees: the roots for scope all, else the scope's own division. */
export async function findTreeRoots(db: Db, scope: Scope): Promise<{ code: string; path: string }[]> {
  let q = db.selectFrom('division as d').select(['d.code', 'd.path']);
  if (scope.kind === 'all') q = q.where('d.parentCode', 'is', null);
  else if (scope.kind === 'division') q = q.where('d.code', '=', scope.divisionCode);
  else q = q.where('d.code', '=', (eb) => eb.selectFrom('unit').select('divisionCode').where('id', '=', scope.unitId));
  return q.orderBy('d.code').execute();
}

/** The divisions in scope under a path down to a maximum path depth, parents before children. */
export async function listSubtree(
  db: Db,
  scope: Scope,
  rootPath: string,
  maxDepth: number,
): Promise<{ code: string; name: string; level: string; parentCode: string | null; path: string }[]> {
  return db
    .selectFrom('division as d')
    .select(['d.code', 'd.name', 'd.level', 'd.parentCode', 'd.path'])
    .where(divisionInScope(scope, 'd'))
    .where('d.path', 'like', `${rootPath}%`)
    .where(sql`length(d.path) - length(replace(d.path, '/', '')) - 1`, '<=', maxDepth)
    .orderBy('d.path')
    .execute();
}

export interface DivisionInsertRow {
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode: string | null;
  path: string;
  searchText: string;
}

/** Insert divisions (parents before children). */
export async function insertDivisions(trx: Db, rows: readonly DivisionInsertRow[], now: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('division')
      .values(rows.slice(i, i + 500).map((r) => ({ ...r, createdAt: now, updatedAt: now })))
      .execute();
  }
}

/** Rename a division (its search text follows). */
export async function updateDivisionName(
  trx: Db,
  code: string,
  name: string,
  searchText: string,
  now: Date,
): Promise<void> {
  await trx.updateTable('division').set({ name, searchText, updatedAt: now }).where('code', '=', code).execute();
}

/** What still hangs on a division: child divisions, units with it as jurisdiction, accounts scoped to it. */
export async function divisionDependents(
  trx: Db,
  code: string,
): Promise<{ children: number; units: number; accounts: number }> {
  const row = await trx
    .selectNoFrom([
      sql<number>`(select count(*)::int from division where parent_code = ${code})`.as('children'),
      sql<number>`(select count(*)::int from unit where division_code = ${code})`.as('units'),
      sql<number>`(select count(*)::int from user_account where scope_division_code = ${code})`.as('accounts'),
    ])
    .executeTakeFirstOrThrow();
  return row;
}

/** Delete a division that nothing depends on. */
export async function deleteDivision(trx: Db, code: string): Promise<void> {
  await trx.deleteFrom('division').where('code', '=', code).execute();
}

/** Lock a division row for the rest of the transaction, so concurrent changes to it queue. */
export async function lockDivision(trx: Db, code: string): Promise<void> {
  await trx.selectFrom('division').select('code').where('code', '=', code).forUpdate().execute();
}

/** Names of the given divisions (code → name); unknown codes are left out. */
export async function findDivisionNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('division')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
