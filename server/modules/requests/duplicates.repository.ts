import { type SqlBool, sql } from 'kysely';
import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../../platform/db/database.js';
import { requestInScope } from './requests.repository.js';

// Storage of the text signatures and their LSH band keys (request_text_signature, request_text_band), the
// candidate lookup at intake, repeat callers and the rows for hot-topic clusters.

const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

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
 * A signature as array_send writes an int4[] (binary: dimensions, flags, element type, length and lower bound, then
 * each element as its length and value, big-endian); null for no signature. Read instead of the int4[] text: 64
 * numbers printed by PostgreSQL and parsed here cost more than the rest of the duplicate check (node-postgres gives a
 * Buffer, PGlite a Uint8Array).
 */
export function signatureFromArraySend(bytes: Uint8Array | null | undefined): number[] | null {
  if (!bytes || bytes.byteLength < 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(0) !== 1) return null; // one dimension, or an empty array (0)
  const n = view.getInt32(12);
  const out = new Array<number>(n);
  for (let i = 0, at = 20; i < n; i++, at += 8) {
    if (view.getInt32(at) !== 4) return null; // a null element: not a signature
    out[i] = view.getInt32(at + 4);
  }
  return out;
}

/**
 * Requests in scope received since `since` that share an LSH band key with `bandKeys` (the newest
 * BAND_HITS_PER_KEY per key, read from the covering index; the TEXT_CANDIDATES sharing the most keys kept) or the
 * phone hash (the newest CALLER_CANDIDATES), with their signatures; one statement. The candidates come from the
 * database function request_duplicate_candidates (migration 2026-12-08T0200: its plan is kept per connection, the
 * signatures travel in binary); the scope and the columns shown are read here. `excludeId` leaves out the request
 * being looked at.
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
    signature: Uint8Array | null;
  }>`
    select r.id, r.number, r.title, r.state, r.division_code as "divisionCode", r.received_at as "receivedAt",
           coalesce(r.citizen_phone_hash = ${phone}::text, false) as "samePhone", c.signature
    from request_duplicate_candidates(${phone}::text, ${since}::timestamptz, ${sql.val([...q.bandKeys])}::int4[],
           ${BAND_HITS_PER_KEY}::int, ${TEXT_CANDIDATES}::int, ${CALLER_CANDIDATES}::int) c
    join request r on r.id = c.request_id
    where ${requestInScope(scope, userId, 'r')} and r.id <> ${q.excludeId ?? 0}::int`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    state: r.state,
    divisionCode: String(r.divisionCode).trim(),
    receivedAt: toDate(r.receivedAt),
    samePhone: Boolean(r.samePhone),
    signature: signatureFromArraySend(r.signature),
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
    .select(['r.id', 'r.number', 'r.title', 'r.divisionCode', 'r.receivedAt'])
    .select(sql<Uint8Array>`array_send(s.signature)`.as('signature'))
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
    signature: signatureFromArraySend(r.signature) ?? [],
  }));
}
