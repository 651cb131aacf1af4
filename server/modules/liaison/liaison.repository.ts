/*
 * Storage of the liaison module: households, pairings, visits, diaries, commitments, deeds, party-member reports,
 * call-backs and the quota setting. Every read that a user's view depends on takes the caller's scope: households by
 * their division, cadre records by the cadre's unit.
 */
import { type Insertable, type Selectable, sql } from 'kysely';
import type {
  CallbackOutcome,
  HouseholdMember,
  HouseholdTag,
  QuotaRule,
  VisitForm,
} from '../../../contracts/liaison.js';
import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../../platform/db/database.js';
import { divisionInScope, unitIdInScope } from '../org/index.js';
import type {
  LiaisonCommitmentTable,
  LiaisonDeedTable,
  LiaisonDiaryTable,
  LiaisonHouseholdTable,
  LiaisonPairingTable,
  LiaisonPartyMemberReportTable,
  LiaisonVisitTable,
} from './liaison.tables.js';

const parsed = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** SQL predicate: the household aliased `alias` lies in a division of the scope. */
export function householdInScope(scope: Scope, alias: string) {
  if (scope.kind === 'all') return sql<boolean>`true`;
  return sql<boolean>`exists (select 1 from division hd where hd.code = ${sql.ref(`${alias}.divisionCode`)} and ${divisionInScope(scope, 'hd')})`;
}

// ---------------------------------------------------------------------------------------------
// Households

export interface HouseholdRow {
  id: number;
  tenantCode: string;
  divisionCode: string;
  divisionName: string;
  address: string;
  headName: string;
  contactNameEnc: string | null;
  contactPhoneEnc: string | null;
  contactPhoneMask: string | null;
  tags: HouseholdTag[];
  members: HouseholdMember[];
  note: string | null;
  active: boolean;
}

function toHousehold(r: Selectable<LiaisonHouseholdTable> & { divisionName: string }): HouseholdRow {
  return {
    id: r.id,
    tenantCode: r.tenantCode,
    divisionCode: r.divisionCode,
    divisionName: r.divisionName,
    address: r.address,
    headName: r.headName,
    contactNameEnc: r.contactNameEnc,
    contactPhoneEnc: r.contactPhoneEnc,
    contactPhoneMask: r.contactPhoneMask,
    tags: parsed<HouseholdTag[]>(r.tags),
    members: parsed<HouseholdMember[]>(r.members),
    note: r.note,
    active: r.active,
  };
}

const householdBase = (db: Db) =>
  db
    .selectFrom('liaisonHousehold as h')
    .innerJoin('division as d', 'd.code', 'h.divisionCode')
    .selectAll('h')
    .select('d.name as divisionName');

export async function findHousehold(db: Db, scope: Scope, id: number): Promise<HouseholdRow | undefined> {
  const row = await householdBase(db).where('h.id', '=', id).where(householdInScope(scope, 'h')).executeTakeFirst();
  return row ? toHousehold(row) : undefined;
}

/** Households by id, whatever the scope (the cadre's own paired households; the rows of a call-back list). */
export async function findHouseholds(db: Db, ids: readonly number[]): Promise<Map<number, HouseholdRow>> {
  const out = new Map<number, HouseholdRow>();
  if (ids.length === 0) return out;
  const rows = await householdBase(db)
    .where('h.id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) out.set(r.id, toHousehold(r));
  return out;
}

export interface HouseholdFilter {
  q?: string | undefined;
  divisionCode?: string | undefined;
  tag?: HouseholdTag | undefined;
  paired?: 'yes' | 'no' | undefined;
}

const openPairingOf = (alias: string) =>
  sql<boolean>`exists (select 1 from liaison_pairing op where op.household_id = ${sql.ref(`${alias}.id`)} and op.ended_at is null)`;

export async function listHouseholds(
  db: Db,
  scope: Scope,
  f: HouseholdFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: HouseholdRow[]; total: number }> {
  let q = householdBase(db).where(householdInScope(scope, 'h'));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('h.address', 'like', like), eb('h.headName', 'like', like)]));
  }
  if (f.divisionCode) {
    const code = f.divisionCode;
    q = q.where(sql<boolean>`d.path like (select dp.path || '%' from division dp where dp.code = ${code})`);
  }
  if (f.tag) q = q.where(sql<boolean>`h.tags @> ${JSON.stringify([f.tag])}::jsonb`);
  if (f.paired === 'yes') q = q.where(openPairingOf('h'));
  if (f.paired === 'no') q = q.where(sql<boolean>`not ${openPairingOf('h')}`);
  const [rows, count] = await Promise.all([
    q.orderBy('h.id').offset(page.offset).limit(page.limit).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toHousehold), total: count.n };
}

export type NewHousehold = Omit<Insertable<LiaisonHouseholdTable>, 'tags' | 'members'> & {
  tags: HouseholdTag[];
  members: HouseholdMember[];
};

export async function insertHouseholds(trx: Db, rows: readonly NewHousehold[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const out = await trx
    .insertInto('liaisonHousehold')
    .values(rows.map((r) => ({ ...r, tags: JSON.stringify(r.tags), members: JSON.stringify(r.members) })))
    .returning('id')
    .execute();
  return out.map((r) => r.id);
}

export async function updateHousehold(trx: Db, id: number, patch: Partial<NewHousehold>, at: Date): Promise<void> {
  const { tags, members, createdAt: _c, updatedAt: _u, ...rest } = patch as Partial<NewHousehold>;
  await trx
    .updateTable('liaisonHousehold')
    .set({
      ...rest,
      ...(tags ? { tags: JSON.stringify(tags) } : {}),
      ...(members ? { members: JSON.stringify(members) } : {}),
      updatedAt: at,
    })
    .where('id', '=', id)
    .execute();
}

/** The latest visit time of each household given. */
export async function lastVisits(db: Db, ids: readonly number[]): Promise<Map<number, Date>> {
  const out = new Map<number, Date>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('liaisonVisit')
    .select(['householdId', (eb) => eb.fn.max('visitedAt').as('at')])
    .where('householdId', 'in', [...new Set(ids)])
    .groupBy('householdId')
    .execute();
  for (const r of rows) out.set(r.householdId, new Date(r.at as unknown as string | Date));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pairings

export type PairingRow = Selectable<LiaisonPairingTable>;

export async function findPairing(db: Db, id: number): Promise<PairingRow | undefined> {
  return db.selectFrom('liaisonPairing').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Serialises pairing changes of one cadre (quota checks) until the transaction ends. */
export async function lockCadre(trx: Db, personId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(7301, ${personId})`.execute(trx);
}

/** A cadre's open pairings, with each household's tags (for the quota rule). */
export async function openPairingsOfCadre(
  db: Db,
  personId: number,
): Promise<{ pairingId: number; householdId: number; tags: HouseholdTag[] }[]> {
  const rows = await db
    .selectFrom('liaisonPairing as p')
    .innerJoin('liaisonHousehold as h', 'h.id', 'p.householdId')
    .select(['p.id as pairingId', 'p.householdId', 'h.tags'])
    .where('p.cadrePersonId', '=', personId)
    .where('p.endedAt', 'is', null)
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({
    pairingId: r.pairingId,
    householdId: r.householdId,
    tags: parsed<HouseholdTag[]>(r.tags),
  }));
}

/** Open pairings of the households given. */
export async function openPairingsOfHouseholds(db: Db, householdIds: readonly number[]): Promise<PairingRow[]> {
  if (householdIds.length === 0) return [];
  return db
    .selectFrom('liaisonPairing')
    .selectAll()
    .where('householdId', 'in', [...new Set(householdIds)])
    .where('endedAt', 'is', null)
    .orderBy('id')
    .execute();
}

/** Every pairing of a household, the ended ones too, oldest first. */
export async function pairingHistory(db: Db, householdId: number): Promise<PairingRow[]> {
  return db
    .selectFrom('liaisonPairing')
    .selectAll()
    .where('householdId', '=', householdId)
    .orderBy('startedAt')
    .orderBy('id')
    .execute();
}

export async function insertPairing(trx: Db, row: Insertable<LiaisonPairingTable>): Promise<number> {
  const out = await trx.insertInto('liaisonPairing').values(row).returning('id').executeTakeFirstOrThrow();
  return out.id;
}

export async function endPairing(
  trx: Db,
  id: number,
  end: { endedAt: Date; endReason: string; replacedById?: number | null },
): Promise<void> {
  await trx
    .updateTable('liaisonPairing')
    .set({ endedAt: end.endedAt, endReason: end.endReason, replacedById: end.replacedById ?? null })
    .where('id', '=', id)
    .execute();
}

/** Households in the scope with no open pairing (first `limit`), and the counts of all and paired households. */
export async function householdCoverage(
  db: Db,
  scope: Scope,
  divisionCode: string | undefined,
  limit: number,
): Promise<{
  households: number;
  paired: number;
  unpaired: { id: number; address: string; headName: string; divisionName: string }[];
}> {
  let base = db
    .selectFrom('liaisonHousehold as h')
    .innerJoin('division as d', 'd.code', 'h.divisionCode')
    .where('h.active', '=', true)
    .where(householdInScope(scope, 'h'));
  if (divisionCode) {
    base = base.where(
      sql<boolean>`d.path like (select dp.path || '%' from division dp where dp.code = ${divisionCode})`,
    );
  }
  const [counts, unpaired] = await Promise.all([
    base
      .select([
        sql<number>`count(*)::int`.as('households'),
        sql<number>`(count(*) filter (where ${openPairingOf('h')}))::int`.as('paired'),
      ])
      .executeTakeFirstOrThrow(),
    base
      .select(['h.id', 'h.address', 'h.headName', 'd.name as divisionName'])
      .where(sql<boolean>`not ${openPairingOf('h')}`)
      .orderBy('h.id')
      .limit(limit)
      .execute(),
  ]);
  return { households: counts.households, paired: counts.paired, unpaired };
}

/** The number of open pairings of each cadre given. */
export async function openPairingCounts(db: Db, personIds: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (personIds.length === 0) return out;
  const rows = await db
    .selectFrom('liaisonPairing')
    .select(['cadrePersonId', sql<number>`count(*)::int`.as('n')])
    .where('endedAt', 'is', null)
    .where('cadrePersonId', 'in', [...new Set(personIds)])
    .groupBy('cadrePersonId')
    .execute();
  for (const r of rows) out.set(r.cadrePersonId, r.n);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Visits

export type VisitRow = Selectable<LiaisonVisitTable>;

/** Serialises visits carrying the same idempotency key, until the transaction ends. */
export async function lockVisitKey(trx: Db, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(7302, hashtext(${key}))`.execute(trx);
}

export async function findVisitByKey(db: Db, key: string): Promise<VisitRow | undefined> {
  return db.selectFrom('liaisonVisit').selectAll().where('idempotencyKey', '=', key).executeTakeFirst();
}

export async function insertVisit(trx: Db, row: Insertable<LiaisonVisitTable>): Promise<number> {
  const out = await trx.insertInto('liaisonVisit').values(row).returning('id').executeTakeFirstOrThrow();
  return out.id;
}

export interface VisitFilter {
  householdId?: number | undefined;
  cadrePersonId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Visits to households in the scope, newest first. */
export async function listVisits(
  db: Db,
  scope: Scope,
  f: VisitFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: VisitRow[]; total: number }> {
  let q = db
    .selectFrom('liaisonVisit as v')
    .innerJoin('liaisonHousehold as h', 'h.id', 'v.householdId')
    .where(householdInScope(scope, 'h'));
  if (f.householdId) q = q.where('v.householdId', '=', f.householdId);
  if (f.cadrePersonId) q = q.where('v.cadrePersonId', '=', f.cadrePersonId);
  if (f.from) q = q.where('v.visitedAt', '>=', f.from);
  if (f.to) q = q.where('v.visitedAt', '<', f.to);
  const [rows, count] = await Promise.all([
    q
      .selectAll('v')
      .orderBy('v.visitedAt', 'desc')
      .orderBy('v.id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** A cadre's own visits, newest first. */
export async function listVisitsOfCadre(
  db: Db,
  personId: number,
  page: { offset: number; limit: number },
): Promise<{ rows: VisitRow[]; total: number }> {
  const q = db.selectFrom('liaisonVisit').where('cadrePersonId', '=', personId);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('visitedAt', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** Visits of a period to households in the scope (for the formalism check and call-back lists). */
export async function visitsInPeriod(
  db: Db,
  scope: Scope,
  from: Date,
  to: Date,
  divisionCode?: string,
): Promise<(VisitRow & { householdAddress: string })[]> {
  let q = db
    .selectFrom('liaisonVisit as v')
    .innerJoin('liaisonHousehold as h', 'h.id', 'v.householdId')
    .selectAll('v')
    .select('h.address as householdAddress')
    .where('v.visitedAt', '>=', from)
    .where('v.visitedAt', '<', to)
    .where(householdInScope(scope, 'h'));
  if (divisionCode) {
    q = q.where(
      sql<boolean>`exists (select 1 from division vd where vd.code = h.division_code and vd.path like (select dp.path || '%' from division dp where dp.code = ${divisionCode}))`,
    );
  }
  return q.orderBy('v.id').execute();
}

/** The ids of visits a household denied in some call-back. */
export async function deniedVisitIds(db: Db, visitIds: readonly number[]): Promise<Set<number>> {
  if (visitIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('liaisonCallback')
    .select('visitId')
    .where('outcome', '=', 'denied')
    .where('visitId', 'in', [...new Set(visitIds)])
    .execute();
  return new Set(rows.map((r) => r.visitId));
}

// ---------------------------------------------------------------------------------------------
// Diaries, commitments, deeds, party-member reports

export type DiaryRow = Selectable<LiaisonDiaryTable>;

/** Writes a cadre's note of a day, replacing that day's earlier note (one note per cadre and day). */
export async function upsertDiary(trx: Db, row: Insertable<LiaisonDiaryTable>): Promise<number> {
  const out = await trx
    .insertInto('liaisonDiary')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['cadrePersonId', 'day']).doUpdateSet({
        newProblems: row.newProblems,
        newIdeas: row.newIdeas,
        authorUserId: row.authorUserId ?? null,
        updatedAt: row.updatedAt,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return out.id;
}

/** Diaries of one cadre, or of the cadres in a scope; newest day first. */
export async function listDiaries(
  db: Db,
  who: { personId: number } | { scope: Scope },
  page: { offset: number; limit: number },
): Promise<{ rows: DiaryRow[]; total: number }> {
  let q = db.selectFrom('liaisonDiary as y');
  q = 'personId' in who ? q.where('y.cadrePersonId', '=', who.personId) : q.where(cadreInScope(who.scope, 'y'));
  const [rows, count] = await Promise.all([
    q.selectAll('y').orderBy('y.day', 'desc').orderBy('y.id', 'desc').offset(page.offset).limit(page.limit).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** SQL predicate: the cadre of the record aliased `alias` works in a unit of the scope. */
function cadreInScope(scope: Scope, alias: string) {
  if (scope.kind === 'all') return sql<boolean>`true`;
  return sql<boolean>`exists (select 1 from person sp where sp.id = ${sql.ref(`${alias}.cadrePersonId`)} and ${unitIdInScope(scope, 'sp.unitId')})`;
}

export type CommitmentRow = Selectable<LiaisonCommitmentTable>;

export async function insertCommitment(trx: Db, row: Insertable<LiaisonCommitmentTable>): Promise<number> {
  const out = await trx.insertInto('liaisonCommitment').values(row).returning('id').executeTakeFirstOrThrow();
  return out.id;
}

export async function findCommitment(db: Db, id: number): Promise<CommitmentRow | undefined> {
  return db.selectFrom('liaisonCommitment').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function fulfilCommitment(trx: Db, id: number, at: Date, evidence: string): Promise<void> {
  await trx.updateTable('liaisonCommitment').set({ fulfilledAt: at, evidence }).where('id', '=', id).execute();
}

export async function rateCommitment(trx: Db, id: number, score: number): Promise<void> {
  await trx
    .updateTable('liaisonCommitment')
    .set((eb) => ({ ratingCount: eb('ratingCount', '+', 1), ratingTotal: eb('ratingTotal', '+', score) }))
    .where('id', '=', id)
    .execute();
}

/** Commitments of one cadre, of the cadres in a scope, or the public ones; newest first, at most `limit`. */
export async function listCommitments(
  db: Db,
  who: { personId: number } | { scope: Scope } | { public: true },
  limit: number,
): Promise<CommitmentRow[]> {
  let q = db.selectFrom('liaisonCommitment as c').selectAll('c');
  if ('personId' in who) q = q.where('c.cadrePersonId', '=', who.personId);
  else if ('scope' in who) q = q.where(cadreInScope(who.scope, 'c'));
  else q = q.where('c.public', '=', true);
  return q.orderBy('c.createdAt', 'desc').orderBy('c.id', 'desc').limit(limit).execute();
}

export type DeedRow = Omit<Selectable<LiaisonDeedTable>, 'aidFen'> & { aidFen: number };

export async function insertDeed(trx: Db, row: Insertable<LiaisonDeedTable>): Promise<number> {
  const out = await trx.insertInto('liaisonDeed').values(row).returning('id').executeTakeFirstOrThrow();
  return out.id;
}

export async function listDeeds(
  db: Db,
  who: { personId: number } | { scope: Scope },
  limit: number,
): Promise<DeedRow[]> {
  let q = db.selectFrom('liaisonDeed as e').selectAll('e');
  q = 'personId' in who ? q.where('e.cadrePersonId', '=', who.personId) : q.where(cadreInScope(who.scope, 'e'));
  const rows = await q.orderBy('e.doneOn', 'desc').orderBy('e.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, aidFen: Number(r.aidFen) }));
}

export type PartyReportRow = Selectable<LiaisonPartyMemberReportTable>;

export async function upsertPartyReport(trx: Db, row: Insertable<LiaisonPartyMemberReportTable>): Promise<number> {
  const out = await trx
    .insertInto('liaisonPartyMemberReport')
    .values(row)
    .onConflict((oc) => oc.columns(['personId', 'communityCode']).doUpdateSet({ post: row.post }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return out.id;
}

export async function findPartyReport(db: Db, id: number): Promise<PartyReportRow | undefined> {
  return db.selectFrom('liaisonPartyMemberReport').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updatePartyReport(
  trx: Db,
  id: number,
  patch: { services?: unknown[]; appraisal?: string },
): Promise<void> {
  await trx
    .updateTable('liaisonPartyMemberReport')
    .set({
      ...(patch.services ? { services: JSON.stringify(patch.services) } : {}),
      ...(patch.appraisal ? { appraisal: patch.appraisal } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Party-member reports of one person, or to the communities in a scope. */
export async function listPartyReports(
  db: Db,
  who: { personId: number } | { scope: Scope },
  limit: number,
): Promise<PartyReportRow[]> {
  let q = db.selectFrom('liaisonPartyMemberReport as r').selectAll('r');
  if ('personId' in who) q = q.where('r.personId', '=', who.personId);
  else if (who.scope.kind !== 'all') {
    const scope = who.scope;
    q = q.where(
      sql<boolean>`exists (select 1 from division rd where rd.code = r.community_code and ${divisionInScope(scope, 'rd')})`,
    );
  }
  return q.orderBy('r.registeredOn', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
}

// ---------------------------------------------------------------------------------------------
// Call-backs

export async function insertCallbackBatch(
  trx: Db,
  batch: {
    tenantCode: string;
    seed: string;
    periodFrom: string;
    periodTo: string;
    createdAt: Date;
    createdByUserId: number;
  },
  visitIds: readonly number[],
): Promise<number> {
  const row = await trx
    .insertInto('liaisonCallbackBatch')
    .values({ ...batch, size: visitIds.length })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (visitIds.length > 0) {
    await trx
      .insertInto('liaisonCallback')
      .values(visitIds.map((visitId) => ({ batchId: row.id, visitId })))
      .execute();
  }
  return row.id;
}

export async function findCallbackBatch(db: Db, id: number) {
  const batch = await db.selectFrom('liaisonCallbackBatch').selectAll().where('id', '=', id).executeTakeFirst();
  if (!batch) return undefined;
  const items = await db
    .selectFrom('liaisonCallback as c')
    .innerJoin('liaisonVisit as v', 'v.id', 'c.visitId')
    .select(['c.id', 'c.visitId', 'c.outcome', 'c.note', 'v.cadrePersonId', 'v.householdId', 'v.visitedAt'])
    .where('c.batchId', '=', id)
    .orderBy('c.visitId')
    .execute();
  return { batch, items: items.map((i) => ({ ...i, outcome: i.outcome as CallbackOutcome })) };
}

export async function findCallback(db: Db, id: number) {
  return db
    .selectFrom('liaisonCallback as c')
    .innerJoin('liaisonVisit as v', 'v.id', 'c.visitId')
    .select(['c.id', 'c.batchId', 'c.outcome', 'v.householdId'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export async function recordCallbackOutcome(
  trx: Db,
  id: number,
  o: { outcome: string; note: string | null; recordedAt: Date; recordedByUserId: number },
): Promise<void> {
  await trx.updateTable('liaisonCallback').set(o).where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Settings

export async function findQuotaRule(db: Db, tenantCode: string): Promise<QuotaRule | undefined> {
  const row = await db
    .selectFrom('liaisonSetting')
    .select('quotaRule')
    .where('tenantCode', '=', tenantCode)
    .executeTakeFirst();
  return row ? parsed<QuotaRule>(row.quotaRule) : undefined;
}

export async function saveQuotaRule(trx: Db, tenantCode: string, rule: QuotaRule, at: Date): Promise<void> {
  await trx
    .insertInto('liaisonSetting')
    .values({ tenantCode, quotaRule: JSON.stringify(rule), updatedAt: at })
    .onConflict((oc) => oc.column('tenantCode').doUpdateSet({ quotaRule: JSON.stringify(rule), updatedAt: at }))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Figures' inputs

/** Pairings open at an instant, of cadres in the scope. */
export async function pairingsOpenAt(db: Db, cadreIds: readonly number[], at: Date) {
  if (cadreIds.length === 0) return [];
  return db
    .selectFrom('liaisonPairing as p')
    .innerJoin('liaisonHousehold as h', 'h.id', 'p.householdId')
    .select(['p.cadrePersonId', 'p.householdId', 'h.divisionCode'])
    .where('p.cadrePersonId', 'in', cadreIds)
    .where('p.startedAt', '<=', at)
    .where((eb) => eb.or([eb('p.endedAt', 'is', null), eb('p.endedAt', '>', at)]))
    .execute();
}

/** Per cadre and household: the visits of a period and the requests they started. */
export async function visitTotals(db: Db, cadreIds: readonly number[], from: Date, to: Date) {
  if (cadreIds.length === 0) return [];
  return db
    .selectFrom('liaisonVisit as v')
    .innerJoin('liaisonHousehold as h', 'h.id', 'v.householdId')
    .select([
      'v.cadrePersonId',
      'v.householdId',
      'h.divisionCode',
      sql<number>`count(*)::int`.as('visits'),
      sql<number[]>`coalesce(array_agg(v.request_id) filter (where v.request_id is not null), '{}')`.as('requestIds'),
    ])
    .where('v.cadrePersonId', 'in', cadreIds)
    .where('v.visitedAt', '>=', from)
    .where('v.visitedAt', '<', to)
    .groupBy(['v.cadrePersonId', 'v.householdId', 'h.divisionCode'])
    .execute();
}

/** Commitments due in a period (deadline within it), with when they were fulfilled. */
export async function commitmentsDue(db: Db, cadreIds: readonly number[], from: string, to: string) {
  if (cadreIds.length === 0) return [];
  return db
    .selectFrom('liaisonCommitment')
    .select(['cadrePersonId', 'deadline', 'fulfilledAt'])
    .where('cadrePersonId', 'in', cadreIds)
    .where('deadline', '>=', from)
    .where('deadline', '<=', to)
    .execute();
}

/** Deeds done in a period. */
export async function deedsDone(db: Db, cadreIds: readonly number[], from: string, to: string) {
  if (cadreIds.length === 0) return [];
  const rows = await db
    .selectFrom('liaisonDeed as e')
    .leftJoin('liaisonHousehold as h', 'h.id', 'e.householdId')
    .select(['e.cadrePersonId', 'h.divisionCode', sql<number>`e.aid_fen::float8`.as('aidFen')])
    .where('e.cadrePersonId', 'in', cadreIds)
    .where('e.doneOn', '>=', from)
    .where('e.doneOn', '<=', to)
    .execute();
  return rows.map((r) => ({ ...r, aidFen: Number(r.aidFen) }));
}

export type { VisitForm };
