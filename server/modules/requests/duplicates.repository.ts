import { type SqlBool, sql } from 'kysely';
import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../../platform/db/database.js';
import { requestInScope } from './requests.repository.js';

// Storage of the text signatures and their LSH band keys (request_text_signature, request_text_band), the
// candidate lookup at intake, repeat callers and the rows for hot-topic clusters.

const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const toInts = (v: unknown): number[] =>
  Array.isArray(v) ? v.map(Number) : typeof v === 'string' ? v.replace(/[{}]/g, '').split(',').map(Number) : [];

/** Band hits kept per band key: the newest ones (a boilerplate text shared by very many requests stays cheap). */
export const BAND_HITS_PER_KEY = 30;
/**
 * Text candidates whose rows are read: those sharing the most band keys (the expected share of shared bands is
 * similarity⁴, so the count ranks them roughly), newest first on ties. Only these are fetched from the heap.
 */
export const TEXT_CANDIDATES = 40;
/** Requests of the same caller looked at (the newest ones). */
export const CALLER_CANDIDATES = 20;

/**
 * Writes a request's signature and its band keys in one statement (one round trip at intake). Nothing for a
 * request without text (no band keys).
 */
export async function insertTextSignatures(
  trx: Db,
  rows: readonly { requestId: number; receivedAt: Date; signature: readonly number[]; bandKeys: readonly number[] }[],
): Promise<void> {
  const withText = rows.filter((r) => r.bandKeys.length > 0);
  if (withText.length === 0) return;
  const ids = withText.map((r) => r.requestId);
  const at = withText.map((r) => r.receivedAt.toISOString());
  const sigs = withText.map((r) => `{${r.signature.join(',')}}`);
  const bandIds = withText.flatMap((r) => r.bandKeys.map(() => r.requestId));
  const bandAt = withText.flatMap((r) => r.bandKeys.map(() => r.receivedAt.toISOString()));
  const keys = withText.flatMap((r) => r.bandKeys);
  await sql`
    with s as (
      insert into request_text_signature (request_id, received_at, signature)
      select i, a, g::int4[] from unnest(${sql.val(ids)}::int[], ${sql.val(at)}::timestamptz[], ${sql.val(sigs)}::text[]) as t(i, a, g)
      on conflict (request_id) do nothing
      returning request_id
    )
    insert into request_text_band (band_key, received_at, request_id)
    select k, a, i from unnest(${sql.val(keys)}::int4[], ${sql.val(bandAt)}::timestamptz[], ${sql.val(bandIds)}::int[]) as t(k, a, i)
    where i in (select request_id from s)`.execute(trx);
}

export interface DuplicateCandidateRow {
  id: number;
  number: string;
  title: string | null;
  state: string;
  divisionCode: string;
  receivedAt: Date;
  samePhone: boolean;
  /** The candidate's text signature; null when it has none (no text, or not backfilled). */
  signature: number[] | null;
}

/**
 * Requests in scope received since `since` that share an LSH band key with `bandKeys` (the newest
 * BAND_HITS_PER_KEY per key, read from the covering index; the TEXT_CANDIDATES sharing the most keys kept) or the
 * phone hash (the newest CALLER_CANDIDATES), with their signatures; one statement. `excludeId` leaves out the
 * request being looked at.
 */
export async function findDuplicateCandidateRows(
  db: Db,
  scope: Scope,
  userId: number,
  q: { bandKeys: readonly number[]; phoneHash?: string | undefined; excludeId?: number | undefined },
  since: Date,
): Promise<DuplicateCandidateRow[]> {
  if (q.bandKeys.length === 0 && !q.phoneHash) return [];
  const phone = q.phoneHash ?? null;
  const { rows } = await sql<{
    id: number;
    number: string;
    title: string | null;
    state: string;
    divisionCode: string;
    receivedAt: Date | string;
    samePhone: boolean | null;
    signature: unknown;
  }>`
    with caller as (
      select c.id as request_id from request c
      where ${phone}::text is not null and c.citizen_phone_hash = ${phone}::text and c.received_at >= ${since}::timestamptz
      order by c.received_at desc limit ${CALLER_CANDIDATES}
    ),
    hits as (
      select b.request_id from unnest(${sql.val([...q.bandKeys])}::int4[]) as k(key)
      cross join lateral (
        select tb.request_id, tb.received_at from request_text_band tb
        where tb.band_key = k.key and tb.received_at >= ${since}::timestamptz
        order by tb.received_at desc limit ${BAND_HITS_PER_KEY}
      ) b
      group by b.request_id
      order by count(*) desc, max(b.received_at) desc
      limit ${TEXT_CANDIDATES}
    ),
    ids as (select request_id from hits union select request_id from caller)
    select r.id, r.number, r.title, r.state, r.division_code as "divisionCode", r.received_at as "receivedAt",
           coalesce(r.citizen_phone_hash = ${phone}::text, false) as "samePhone", s.signature
    from ids
    join request r on r.id = ids.request_id
    left join request_text_signature s on s.request_id = r.id
    where ${requestInScope(scope, userId, 'r')} and r.id <> ${q.excludeId ?? 0}::int`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    state: r.state,
    divisionCode: String(r.divisionCode).trim(),
    receivedAt: toDate(r.receivedAt),
    samePhone: Boolean(r.samePhone),
    signature: r.signature === null || r.signature === undefined ? null : toInts(r.signature),
  }));
}

/** How many requests in scope a caller (phone hash) made in [since, until), besides `excludeId`, and the latest one's time. */
export async function countCallerRequests(
  db: Db,
  scope: Scope,
  userId: number,
  phoneHash: string,
  since: Date,
  until: Date,
  excludeId?: number,
): Promise<{ count: number; lastReceivedAt: Date | null }> {
  const row = await db
    .selectFrom('request as r')
    .select([sql<number>`count(*)::int`.as('count'), sql<Date | string | null>`max(r.received_at)`.as('last')])
    .where('r.citizenPhoneHash', '=', phoneHash)
    .where('r.receivedAt', '>=', since)
    .where('r.receivedAt', '<', until)
    .where('r.id', '<>', excludeId ?? 0)
    .where(requestInScope(scope, userId, 'r'))
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), lastReceivedAt: row.last === null ? null : toDate(row.last) };
}

/** A request's phone hash and reception time (for its repeat-caller tag), if it is in scope. */
export async function findCallerOfRequest(
  db: Db,
  scope: Scope,
  userId: number,
  id: number,
): Promise<{ phoneHash: string | null; receivedAt: Date } | undefined> {
  const row = await db
    .selectFrom('request as r')
    .select(['r.citizenPhoneHash', 'r.receivedAt'])
    .where('r.id', '=', id)
    .where(requestInScope(scope, userId, 'r'))
    .executeTakeFirst();
  return row ? { phoneHash: row.citizenPhoneHash, receivedAt: toDate(row.receivedAt) } : undefined;
}

/** Requests without a stored signature (oldest id first, after `afterId`): the backfill's next batch. */
export async function findRequestsWithoutSignature(
  db: Db,
  afterId: number,
  limit: number,
): Promise<{ id: number; title: string | null; body: string; receivedAt: Date }[]> {
  const rows = await db
    .selectFrom('request as r')
    .select(['r.id', 'r.title', 'r.body', 'r.receivedAt'])
    .where('r.id', '>', afterId)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('requestTextSignature as s').select('s.requestId').whereRef('s.requestId', '=', 'r.id'))),
    )
    .orderBy('r.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, receivedAt: toDate(r.receivedAt) }));
}

export interface ClusterRow {
  id: number;
  number: string;
  title: string | null;
  divisionCode: string;
  receivedAt: Date;
  signature: number[];
}

/** Requests in scope received in [from, to) with their signatures (newest first, at most `limit`); merged ones left out. */
export async function listSignedRequests(
  db: Db,
  scope: Scope,
  userId: number,
  from: Date,
  to: Date,
  limit: number,
): Promise<ClusterRow[]> {
  const rows = await db
    .selectFrom('requestTextSignature as s')
    .innerJoin('request as r', 'r.id', 's.requestId')
    .select(['r.id', 'r.number', 'r.title', 'r.divisionCode', 'r.receivedAt', 's.signature'])
    .where('s.receivedAt', '>=', from)
    .where('s.receivedAt', '<', to)
    .where(sql<SqlBool>`r.merged_into_id is null`)
    .where(requestInScope(scope, userId, 'r'))
    .orderBy('s.receivedAt', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    divisionCode: String(r.divisionCode).trim(),
    receivedAt: toDate(r.receivedAt),
    signature: toInts(r.signature),
  }));
}
