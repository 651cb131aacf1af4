/*
 * Who the cadres are, for the modules that work with them (liaison reads them through org's index): the person a
 * user account is linked to, people (name, rank, unit) in a scope, and whether a division lies in a scope.
 */
import { sql } from 'kysely';
import type { PersonRank } from '../../../contracts/org.js';
import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../../platform/db/database.js';
import { divisionInScope, unitIdInScope } from './scope.repository.js';

export interface CadreRow {
  id: number;
  name: string;
  rank: PersonRank;
  unitId: number;
  unitName: string;
  unitDivisionCode: string;
  phoneMask: string | null;
}

const cadreColumns = [
  'p.id',
  'p.name',
  'p.rank',
  'p.unitId',
  'u.name as unitName',
  'u.divisionCode as unitDivisionCode',
  'p.phoneMask',
] as const;

/** The person record the user account is linked to (a cadre records visits as that person), or null. */
export async function findPersonIdOfUser(db: Db, userId: number): Promise<number | null> {
  const row = await db.selectFrom('userAccount').select('personId').where('id', '=', userId).executeTakeFirst();
  return row?.personId ?? null;
}

/** One active person as a cadre, when they are in the scope. */
export async function findCadreInScope(db: Db, scope: Scope, personId: number): Promise<CadreRow | undefined> {
  const row = await db
    .selectFrom('person as p')
    .innerJoin('unit as u', 'u.id', 'p.unitId')
    .select(cadreColumns)
    .where('p.id', '=', personId)
    .where('p.active', '=', true)
    .where(unitIdInScope(scope, 'p.unitId'))
    .executeTakeFirst();
  return row as CadreRow | undefined;
}

/** The cadres with these ids, whatever the scope (names on records already in the caller's view). */
export async function findCadres(db: Db, ids: readonly number[]): Promise<Map<number, CadreRow>> {
  const out = new Map<number, CadreRow>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('person as p')
    .innerJoin('unit as u', 'u.id', 'p.unitId')
    .select(cadreColumns)
    .where('p.id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) out.set(r.id, r as CadreRow);
  return out;
}

/** Every active person of the units in the scope (the cadres who pair with households). */
export async function listCadresInScope(db: Db, scope: Scope): Promise<CadreRow[]> {
  const rows = await db
    .selectFrom('person as p')
    .innerJoin('unit as u', 'u.id', 'p.unitId')
    .select(cadreColumns)
    .where('p.active', '=', true)
    .where(unitIdInScope(scope, 'p.unitId'))
    .orderBy('p.id')
    .execute();
  return rows as CadreRow[];
}

/** Whether a division exists, and whether it lies in the scope. */
export async function findDivisionInScope(
  db: Db,
  scope: Scope,
  code: string,
): Promise<{ exists: boolean; inScope: boolean }> {
  const row = await db
    .selectFrom('division as d')
    .select(sql<boolean>`${divisionInScope(scope, 'd')}`.as('inScope'))
    .where('d.code', '=', code)
    .executeTakeFirst();
  return { exists: row !== undefined, inScope: row?.inScope === true };
}
