import { sql } from 'kysely';
import type { PersonFilters, PersonRank } from '../../../contracts/org.js';
import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../../platform/db/database.js';
import type { SortOrder } from './domain/list-query.js';
import { unitInScope, unitInSubtreeOf } from './scope.repository.js';

/** A person as lists show them: masks only, never the encrypted values or their hashes. */
export interface PersonRow {
  id: number;
  unitId: number;
  unitName: string;
  name: string;
  gender: 'male' | 'female' | null;
  rank: PersonRank;
  position: string | null;
  partyMember: boolean;
  phoneMask: string | null;
  idNumberMask: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type PersonSortField = 'name' | 'rank' | 'createdAt' | 'id';

const COLUMNS = [
  'p.id',
  'p.unitId',
  'u.name as unitName',
  'p.name',
  'p.gender',
  'p.rank',
  'p.position',
  'p.partyMember',
  'p.phoneMask',
  'p.idNumberMask',
  'p.active',
  'p.createdAt',
  'p.updatedAt',
] as const;

const RANK_ORDER = sql`array['county','section','ordinary','village']::text[]`;

function selectPeople(db: Db, scope: Scope) {
  return db.selectFrom('person as p').innerJoin('unit as u', 'u.id', 'p.unitId').where(unitInScope(scope, 'u'));
}

type Filters = Omit<PersonFilters, 'sort' | 'q'> & { search?: string | undefined };

function filtered(db: Db, scope: Scope, f: Filters) {
  let q = selectPeople(db, scope);
  if (f.search) q = q.where('p.searchText', 'ilike', `%${f.search}%`);
  if (f.unitId) q = q.where(unitInSubtreeOf(f.unitId, 'u'));
  if (f.rank) q = q.where('p.rank', '=', f.rank);
  if (f.partyMember !== undefined) q = q.where('p.partyMember', '=', f.partyMember);
  if (f.active !== 'all') q = q.where('p.active', '=', f.active === 'true');
  return q;
}

/** One page of the people in scope matching the filters; names sort by pinyin, ranks by seniority. */
export async function listPeople(
  db: Db,
  scope: Scope,
  f: Filters,
  sort: SortOrder<PersonSortField>,
  page: { offset: number; limit: number },
): Promise<{ items: PersonRow[]; total: number }> {
  const { total } = await filtered(db, scope, f)
    .select(sql<number>`count(*)::int`.as('total'))
    .executeTakeFirstOrThrow();
  const by =
    sort.field === 'name'
      ? sql.ref('p.namePinyin')
      : sort.field === 'rank'
        ? sql`array_position(${RANK_ORDER}, p.rank)`
        : sql.ref(`p.${sort.field}`);
  const items = await filtered(db, scope, f)
    .select(COLUMNS)
    .orderBy(by, sort.direction)
    .orderBy('p.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { items: items as PersonRow[], total };
}

/** How many active people (removed ones not counted) work in units in scope, for the home page's card. */
export async function countPeopleInScope(db: Db, scope: Scope): Promise<number> {
  const { total } = await selectPeople(db, scope)
    .where('p.active', '=', true)
    .select(sql<number>`count(*)::int`.as('total'))
    .executeTakeFirstOrThrow();
  return total;
}

/** The person with this id if their unit lies in scope (removed people included). */
export async function findPerson(db: Db, scope: Scope, id: number): Promise<PersonRow | undefined> {
  return (await selectPeople(db, scope).select(COLUMNS).where('p.id', '=', id).executeTakeFirst()) as
    | PersonRow
    | undefined;
}

/** The encrypted value of one personal field of a person in scope (undefined: no such person in scope). */
export async function findPersonSecret(
  db: Db,
  scope: Scope,
  id: number,
  field: 'phone' | 'idNumber',
): Promise<{ token: string | null } | undefined> {
  const row = await selectPeople(db, scope)
    .select(field === 'phone' ? 'p.phoneEnc as token' : 'p.idNumberEnc as token')
    .where('p.id', '=', id)
    .executeTakeFirst();
  return row ? { token: row.token } : undefined;
}

/** Which of these ID-number lookup hashes are already registered (optionally ignoring one person). */
export async function takenIdNumberHashes(db: Db, hashes: readonly string[], exceptId?: number): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  let q = db
    .selectFrom('person')
    .select('idNumberHash')
    .where('idNumberHash', 'in', [...hashes]);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  const rows = await q.execute();
  return new Set(rows.map((r) => r.idNumberHash).filter((h): h is string => !!h));
}

/** The stored form of a person: personal data as ciphertext, mask and lookup hash. */
export interface PersonStoredRow {
  unitId: number;
  name: string;
  namePinyin: string;
  nameInitials: string;
  gender: 'male' | 'female' | null;
  rank: PersonRank;
  position: string | null;
  partyMember: boolean;
  phoneEnc: string | null;
  phoneMask: string | null;
  phoneHash: string | null;
  idNumberEnc: string | null;
  idNumberMask: string | null;
  idNumberHash: string | null;
  searchText: string;
}

/** Insert people; returns their ids in order. */
export async function insertPeople(trx: Db, rows: readonly PersonStoredRow[], now: Date): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await trx
      .insertInto('person')
      .values(rows.slice(i, i + 500).map((r) => ({ ...r, createdAt: now, updatedAt: now })))
      .returning('id')
      .execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

/** Change a person's columns. */
export async function updatePerson(
  trx: Db,
  id: number,
  values: Partial<PersonStoredRow> & { active?: boolean },
  now: Date,
): Promise<void> {
  await trx
    .updateTable('person')
    .set({ ...values, updatedAt: now })
    .where('id', '=', id)
    .execute();
}

/** Lock a person row for the rest of the transaction. */
export async function lockPerson(trx: Db, id: number): Promise<void> {
  await trx.selectFrom('person').select('id').where('id', '=', id).forUpdate().execute();
}
