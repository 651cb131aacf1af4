import { sql } from 'kysely';
import type { UnitFilters, UnitKind } from '../../../contracts/org.js';
import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../../platform/db/database.js';
import type { SortOrder } from './domain/list-query.js';
import { unitInDivisionSubtree, unitInScope } from './scope.repository.js';

export interface UnitRow {
  id: number;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  parentId: number | null;
  parentName: string | null;
  divisionCode: string;
  divisionName: string;
  path: string;
  unitClass: string | null;
  phone: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type UnitSortField = 'name' | 'kind' | 'createdAt' | 'id';

const COLUMNS = [
  'u.id',
  'u.name',
  'u.shortName',
  'u.kind',
  'u.parentId',
  'p.name as parentName',
  'u.divisionCode',
  'd.name as divisionName',
  'u.path',
  'u.unitClass',
  'u.phone',
  'u.createdAt',
  'u.updatedAt',
] as const;

function selectUnits(db: Db, scope: Scope) {
  return db
    .selectFrom('unit as u')
    .innerJoin('division as d', 'd.code', 'u.divisionCode')
    .leftJoin('unit as p', 'p.id', 'u.parentId')
    .where(unitInScope(scope, 'u'));
}

type Filters = Omit<UnitFilters, 'sort' | 'q'> & { search?: string | undefined };

function filtered(db: Db, scope: Scope, f: Filters) {
  let q = selectUnits(db, scope);
  if (f.search) q = q.where('u.searchText', 'ilike', `%${f.search}%`);
  if (f.kind) q = q.where('u.kind', '=', f.kind);
  if (f.divisionCode) q = q.where(unitInDivisionSubtree(f.divisionCode, 'u'));
  if (f.parentId) q = q.where('u.parentId', '=', f.parentId);
  if (f.categoryCode) {
    const code = f.categoryCode;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('unitCategory as uc')
          .select('uc.unitId')
          .whereRef('uc.unitId', '=', 'u.id')
          .where('uc.categoryCode', '=', code),
      ),
    );
  }
  return q;
}

/** One page of the units in scope matching the filters. */
export async function listUnits(
  db: Db,
  scope: Scope,
  f: Filters,
  sort: SortOrder<UnitSortField>,
  page: { offset: number; limit: number },
): Promise<{ items: UnitRow[]; total: number }> {
  const { total } = await filtered(db, scope, f)
    .select(sql<number>`count(*)::int`.as('total'))
    .executeTakeFirstOrThrow();
  const items = await filtered(db, scope, f)
    .select(COLUMNS)
    .orderBy(`u.${sort.field}`, sort.direction)
    .orderBy('u.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { items: items as UnitRow[], total };
}

/** How many units lie in scope, for the home page's card. */
export async function countUnitsInScope(db: Db, scope: Scope): Promise<number> {
  const { total } = await selectUnits(db, scope)
    .select(sql<number>`count(*)::int`.as('total'))
    .executeTakeFirstOrThrow();
  return total;
}

/** The unit with this id if it lies in scope. */
export async function findUnit(db: Db, scope: Scope, id: number): Promise<UnitRow | undefined> {
  return (await selectUnits(db, scope).select(COLUMNS).where('u.id', '=', id).executeTakeFirst()) as
    | UnitRow
    | undefined;
}

/** Whether a unit with this id exists at all, in or out of scope (to tell a bad reference from a forbidden one). */
export async function unitExists(db: Db, id: number): Promise<boolean> {
  return !!(await db.selectFrom('unit').select('id').where('id', '=', id).executeTakeFirst());
}

/** Existing units with these ids or names, each with whether it lies in scope (for import references). */
export async function findUnitsByIdsOrNames(
  db: Db,
  scope: Scope,
  ids: readonly number[],
  names: readonly string[],
): Promise<{ id: number; name: string; parentId: number | null; inScope: boolean }[]> {
  if (ids.length === 0 && names.length === 0) return [];
  const rows = await db
    .selectFrom('unit as u')
    .select(['u.id', 'u.name', 'u.parentId', unitInScope(scope, 'u').as('inScope')])
    .where((eb) =>
      eb.or([
        ...(ids.length ? [eb('u.id', 'in', [...ids])] : []),
        ...(names.length ? [eb('u.name', 'in', [...names])] : []),
      ]),
    )
    .execute();
  return rows.map((r) => ({ ...r, inScope: !!r.inScope }));
}

/** Whether another unit of this name already hangs under this parent (the database refuses duplicates). */
export async function unitNameTaken(
  db: Db,
  name: string,
  parentId: number | null,
  exceptId?: number,
): Promise<boolean> {
  let q = db.selectFrom('unit').select('id').where('name', '=', name);
  q = parentId === null ? q.where('parentId', 'is', null) : q.where('parentId', '=', parentId);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

export interface UnitInsertRow {
  name: string;
  shortName: string | null;
  kind: UnitKind;
  parentId: number | null;
  divisionCode: string;
  unitClass: string | null;
  phone: string | null;
  searchText: string;
}

/** Insert units whose parents already exist and give each its path ('/…/parent/id/'); returns the new ids in order. */
export async function insertUnits(trx: Db, rows: readonly UnitInsertRow[], now: Date): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await trx
      .insertInto('unit')
      .values(rows.slice(i, i + 500).map((r) => ({ ...r, createdAt: now, updatedAt: now })))
      .returning('id')
      .execute();
    ids.push(...inserted.map((r) => r.id));
  }
  if (ids.length) {
    await trx
      .updateTable('unit')
      .set({
        path: sql<string>`coalesce((select p.path from unit p where p.id = unit.parent_id), '/') || unit.id || '/'`,
      })
      .where('id', 'in', ids)
      .execute();
  }
  return ids;
}

/** Change a unit's own columns. */
export async function updateUnit(
  trx: Db,
  id: number,
  values: Partial<Omit<UnitInsertRow, 'parentId'>> & { parentId?: number | null },
  now: Date,
): Promise<void> {
  await trx
    .updateTable('unit')
    .set({ ...values, updatedAt: now })
    .where('id', '=', id)
    .execute();
}

/** Move a whole subtree: every path under the old prefix takes the new prefix. */
export async function rebaseUnitPaths(trx: Db, oldPrefix: string, newPrefix: string): Promise<void> {
  await trx
    .updateTable('unit')
    .set({ path: sql<string>`${newPrefix} || substr(path, ${oldPrefix.length + 1})` })
    .where('path', 'like', `${oldPrefix}%`)
    .execute();
}

/** The path of a unit anywhere (no scope: used after a scope check), locking the row for the transaction. */
export async function lockUnit(trx: Db, id: number): Promise<{ id: number; path: string } | undefined> {
  return trx.selectFrom('unit').select(['id', 'path']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** What still hangs on a unit: sub-units, people (removed ones too, they keep their history), accounts. */
export async function unitDependents(
  trx: Db,
  id: number,
): Promise<{ children: number; people: number; accounts: number }> {
  return trx
    .selectNoFrom([
      sql<number>`(select count(*)::int from unit where parent_id = ${id})`.as('children'),
      sql<number>`(select count(*)::int from person where unit_id = ${id})`.as('people'),
      sql<number>`(select count(*)::int from user_account where unit_id = ${id} or scope_unit_id = ${id})`.as(
        'accounts',
      ),
    ])
    .executeTakeFirstOrThrow();
}

/** Delete a unit that nothing depends on (its catalogue goes with it). */
export async function deleteUnit(trx: Db, id: number): Promise<void> {
  await trx.deleteFrom('unit').where('id', '=', id).execute();
}

/** The category codes in a unit's responsibility catalogue (职责清单). */
export async function unitCategoryCodes(db: Db, id: number): Promise<string[]> {
  const rows = await db
    .selectFrom('unitCategory')
    .select('categoryCode')
    .where('unitId', '=', id)
    .orderBy('categoryCode')
    .execute();
  return rows.map((r) => r.categoryCode);
}

/** The catalogues of several units at once. */
export async function categoryCodesOfUnits(db: Db, ids: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('unitCategory')
    .select(['unitId', 'categoryCode'])
    .where('unitId', 'in', [...ids])
    .orderBy('categoryCode')
    .execute();
  for (const r of rows) out.set(r.unitId, [...(out.get(r.unitId) ?? []), r.categoryCode]);
  return out;
}

/** Replace a unit's catalogue with these codes. */
export async function replaceUnitCategories(trx: Db, id: number, codes: readonly string[]): Promise<void> {
  await trx.deleteFrom('unitCategory').where('unitId', '=', id).execute();
  await addUnitCategories(
    trx,
    codes.map((categoryCode) => ({ unitId: id, categoryCode })),
  );
}

/** Add catalogue entries (unit, category). */
export async function addUnitCategories(
  trx: Db,
  rows: readonly { unitId: number; categoryCode: string }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('unitCategory')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

/** The units owning a category, optionally only those whose jurisdiction lies in a division's subtree. */
export async function selectUnitsOwningCategory(
  db: Db,
  categoryCode: string,
  divisionCode?: string,
): Promise<{ id: number; name: string; kind: UnitKind; divisionCode: string; parentId: number | null }[]> {
  let q = db
    .selectFrom('unit as u')
    .innerJoin('unitCategory as uc', 'uc.unitId', 'u.id')
    .select(['u.id', 'u.name', 'u.kind', 'u.divisionCode', 'u.parentId'])
    .where('uc.categoryCode', '=', categoryCode);
  if (divisionCode) q = q.where(unitInDivisionSubtree(divisionCode, 'u'));
  const rows = await q.orderBy('u.name').orderBy('u.id').execute();
  return rows as { id: number; name: string; kind: UnitKind; divisionCode: string; parentId: number | null }[];
}

/** The ids of every unit in a scope. */
export async function selectUnitIdsInScope(db: Db, scope: Scope): Promise<number[]> {
  const rows = await db.selectFrom('unit as u').select('u.id').where(unitInScope(scope, 'u')).orderBy('u.id').execute();
  return rows.map((r) => r.id);
}

/** The governments and grassroots organisations whose jurisdiction is one of these divisions (the place's lineage). */
export async function findPlaceGovernments(
  db: Db,
  divisionCodes: readonly string[],
): Promise<{ id: number; name: string; kind: UnitKind; divisionCode: string }[]> {
  if (divisionCodes.length === 0) return [];
  const rows = await db
    .selectFrom('unit')
    .select(['id', 'name', 'kind', 'divisionCode'])
    .where('divisionCode', 'in', [...divisionCodes])
    .where('kind', 'in', ['government', 'township', 'village_committee', 'community'])
    .orderBy('id')
    .execute();
  return rows as { id: number; name: string; kind: UnitKind; divisionCode: string }[];
}

/** Names of units by id (for explaining a proposal). */
export async function findUnitNames(db: Db, ids: readonly number[]): Promise<{ id: number; name: string }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('unit')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
}
