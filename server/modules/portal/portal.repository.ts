import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';

/** The id of the disabled `system.portal` account (created by the portal's migration). */
export async function findPortalAccountId(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom('userAccount')
    .select('id')
    .where('username', '=', 'system.portal')
    .executeTakeFirst();
  return row?.id;
}

export async function insertPortalSubmission(
  db: Db,
  row: { requestId: number; consentedAt: Date; cadrePersonId: number | null },
): Promise<void> {
  await db
    .insertInto('portalSubmission')
    .values(row)
    .onConflict((oc) => oc.column('requestId').doNothing())
    .execute();
}

export async function findPortalSubmission(db: Db, requestId: number) {
  return db.selectFrom('portalSubmission').selectAll().where('requestId', '=', requestId).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Misconduct reports (举报)

export interface MisconductRow {
  id: number;
  lookupId: string;
  secretHash: string;
  tenantCode: string | null;
  divisionCode: string | null;
  subject: string;
  body: string;
  reporterIdentityEnc: string | null;
  state: string;
  createdOn: string;
}

const REPORT_COLUMNS = [
  'id',
  'lookupId',
  'secretHash',
  'tenantCode',
  'divisionCode',
  'subject',
  'body',
  'reporterIdentityEnc',
  'state',
  sql<string>`to_char(created_on, 'YYYY-MM-DD')`.as('createdOn'),
] as const;

export async function insertMisconductReport(db: Db, row: Omit<MisconductRow, 'id' | 'state'>): Promise<number> {
  const { id } = await db.insertInto('misconductReport').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function insertMisconductFile(
  db: Db,
  row: { id: string; reportId: number; sha256: string; mime: string; size: number },
): Promise<void> {
  await db.insertInto('misconductFile').values(row).execute();
}

export async function findMisconductByLookup(db: Db, lookupId: string): Promise<MisconductRow | undefined> {
  return db.selectFrom('misconductReport').select(REPORT_COLUMNS).where('lookupId', '=', lookupId).executeTakeFirst();
}

export async function findMisconductById(db: Db, id: number): Promise<MisconductRow | undefined> {
  return db.selectFrom('misconductReport').select(REPORT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function lockMisconduct(db: Db, id: number): Promise<MisconductRow | undefined> {
  return db.selectFrom('misconductReport').select(REPORT_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listMisconductReports(
  db: Db,
  q: { tenantCode: string | null; state?: string | undefined; limit: number; offset: number },
): Promise<{ rows: (MisconductRow & { fileCount: number })[]; total: number }> {
  let base = db.selectFrom('misconductReport as m');
  if (q.state) base = base.where('m.state', '=', q.state);
  const county = q.tenantCode;
  if (county !== null)
    base = base.where((eb) => eb.or([eb('m.tenantCode', '=', county), eb('m.tenantCode', 'is', null)]));
  const rows = await base
    .select([
      'm.id',
      'm.lookupId',
      'm.secretHash',
      'm.tenantCode',
      'm.divisionCode',
      'm.subject',
      'm.body',
      'm.reporterIdentityEnc',
      'm.state',
      sql<string>`to_char(m.created_on, 'YYYY-MM-DD')`.as('createdOn'),
      sql<number>`(select count(*)::int from misconduct_file f where f.report_id = m.id)`.as('fileCount'),
    ])
    .orderBy('m.id', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  return { rows, total };
}

export async function listMisconductMessages(db: Db, reportId: number) {
  return db
    .selectFrom('misconductMessage')
    .select(['author', 'body', 'createdAt'])
    .where('reportId', '=', reportId)
    .orderBy('id')
    .execute();
}

export async function listMisconductFiles(db: Db, reportId: number) {
  return db
    .selectFrom('misconductFile')
    .select(['id', 'sha256', 'mime', 'size'])
    .where('reportId', '=', reportId)
    .orderBy('id')
    .execute();
}

export async function insertMisconductMessage(
  db: Db,
  row: {
    reportId: number;
    author: 'inspector' | 'reporter';
    authorUserId: number | null;
    body: string;
    createdAt: Date;
  },
): Promise<void> {
  await db.insertInto('misconductMessage').values(row).execute();
}

export async function updateMisconductState(db: Db, id: number, state: string): Promise<void> {
  await db.updateTable('misconductReport').set({ state }).where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Open311

export async function insertOpen311Key(
  db: Db,
  row: { name: string; keyHash: string; createdAt: Date },
): Promise<number> {
  const { id } = await db.insertInto('open311ApiKey').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function findOpen311Key(db: Db, keyHash: string) {
  return db
    .selectFrom('open311ApiKey')
    .select(['id', 'name'])
    .where('keyHash', '=', keyHash)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
}

export async function insertOpen311Request(
  db: Db,
  row: { token: string; requestId: number; apiKeyId: number; createdAt: Date },
): Promise<void> {
  await db
    .insertInto('open311Request')
    .values(row)
    .onConflict((oc) => oc.column('requestId').doNothing())
    .execute();
}

export async function findOpen311Token(db: Db, token: string) {
  return db.selectFrom('open311Request').select(['token', 'requestId']).where('token', '=', token).executeTakeFirst();
}

/** Which of these request ids were created through Open311 (their description and address are public). */
export async function listOpen311RequestIds(db: Db, requestIds: readonly number[]): Promise<Set<number>> {
  if (requestIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('open311Request')
    .select('requestId')
    .where('requestId', 'in', [...requestIds])
    .execute();
  return new Set(rows.map((r) => r.requestId));
}
