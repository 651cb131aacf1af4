import { sql } from 'kysely';
import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../../platform/db/database.js';
import { requestInScope } from './requests.repository.js';

export interface StoredClassifierMeta {
  id: number;
  trainedAt: Date;
  examples: number;
  metrics: Record<string, unknown>;
}

/** The latest trained classifier's id and date (without the model itself), if any. */
export async function findLatestClassifierMeta(db: Db): Promise<StoredClassifierMeta | undefined> {
  return db
    .selectFrom('classifierModel')
    .select(['id', 'trainedAt', 'examples', 'metrics'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A stored classifier's compressed model. */
export async function findClassifierModelBytes(db: Db, id: number): Promise<Uint8Array | undefined> {
  const row = await db.selectFrom('classifierModel').select('model').where('id', '=', id).executeTakeFirst();
  return row?.model;
}

export async function insertClassifierModel(
  trx: Db,
  row: { trainedAt: Date; examples: number; metrics: Record<string, unknown>; model: Uint8Array },
): Promise<number> {
  const { id } = await trx
    .insertInto('classifierModel')
    .values({ ...row, metrics: JSON.stringify(row.metrics) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Deletes all but the `keep` newest models; returns how many went. */
export async function deleteOlderClassifierModels(trx: Db, keep: number): Promise<number> {
  const r = await trx
    .deleteFrom('classifierModel')
    .where('id', 'not in', trx.selectFrom('classifierModel').select('id').orderBy('id', 'desc').limit(keep))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * The newest classified requests with their final category: `request.category_code` is the projection of the log,
 * i.e. the category of the latest `classified` event, so an operator's or dispatcher's correction is what is learnt.
 * Merged duplicates are left out (they repeat their original).
 */
export async function listClassifiedRequests(
  db: Db,
  limit: number,
): Promise<{ title: string | null; body: string; categoryCode: string }[]> {
  const rows = await db
    .selectFrom('request')
    .select(['title', 'body', 'categoryCode'])
    .where('categoryCode', 'is not', null)
    .where('mergedIntoId', 'is', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ title: r.title, body: r.body, categoryCode: r.categoryCode! }));
}

export interface WorkStyleTagRow {
  requestId: number;
  tenantCode: string;
  kinds: string[];
  signals: { kind: string; signal: string; match: string; actor?: string }[];
  detectedAt: Date;
}

export async function insertWorkStyleTag(trx: Db, row: WorkStyleTagRow): Promise<void> {
  await trx
    .insertInto('requestWorkStyle')
    .values({ ...row, signals: JSON.stringify(row.signals) })
    .onConflict((oc) => oc.column('requestId').doNothing())
    .execute();
}

export interface WorkStyleListRow extends WorkStyleTagRow {
  number: string;
  title: string | null;
  body: string;
  state: string;
  divisionCode: string;
  receivedAt: Date;
}

/** Tagged requests in the actor's scope, newest first, optionally of one kind and received within [from, to). */
export async function listWorkStyleRequests(
  db: Db,
  scope: Scope,
  userId: number,
  q: { kind?: string; from?: Date; to?: Date; offset: number; limit: number },
): Promise<{ rows: WorkStyleListRow[]; total: number }> {
  let base = db
    .selectFrom('requestWorkStyle as w')
    .innerJoin('request as r', 'r.id', 'w.requestId')
    .where(requestInScope(scope, userId, 'r'));
  if (q.kind) base = base.where(sql<boolean>`${q.kind} = any(w.kinds)`);
  if (q.from) base = base.where('r.receivedAt', '>=', q.from);
  if (q.to) base = base.where('r.receivedAt', '<', q.to);
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'w.requestId',
      'w.tenantCode',
      'w.kinds',
      'w.signals',
      'w.detectedAt',
      'r.number',
      'r.title',
      'r.body',
      'r.state',
      'r.divisionCode',
      'r.receivedAt',
    ])
    .orderBy('r.receivedAt', 'desc')
    .orderBy('r.id', 'desc')
    .offset(q.offset)
    .limit(q.limit)
    .execute();
  return { rows, total };
}

/** A page of requests by id (title and text) for the work-style backfill. */
export async function listRequestTextsAfter(
  db: Db,
  afterId: number,
  limit: number,
): Promise<{ id: number; tenantCode: string; title: string | null; body: string }[]> {
  return db
    .selectFrom('request')
    .select(['id', 'tenantCode', 'title', 'body'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
