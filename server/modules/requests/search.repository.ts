import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../../platform/db/database.js';
import { likePattern } from '../../platform/text/highlight.js';
import { requestInScope } from './requests.repository.js';

// Global search over requests (issue #7 point 2): every term must occur in the stored search text (number, title,
// body, address; pg_trgm GIN index `request_search_trgm`) or in the latest reply (`request_reply_trgm`).

export interface RequestSearchFilters {
  terms: readonly string[];
  divisionCode?: string | undefined;
  state?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** The division codes under each place (scope or filter) by the place's code, when looked up (placeCodesOf). */
  placeCodes?: ReadonlyMap<string, readonly string[]> | undefined;
}

/** The codes of the divisions under each place (itself included), by the place's code. */
export async function placeCodesOf(db: Db, places: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const code of new Set(places)) {
    const rows = await db
      .selectFrom('division as fd')
      .select('fd.code')
      .where(sql<SqlBool>`fd.path like (select fr.path || '%' from division fr where fr.code = ${code})`)
      .execute();
    out.set(
      code,
      rows.map((r) => String(r.code).trim()),
    );
  }
  return out;
}

export interface RequestSearchRow {
  id: number;
  number: string;
  title: string | null;
  body: string;
  address: string | null;
  replyText: string;
  state: string;
  divisionName: string | null;
  receivedAt: Date;
}

/** A matching request's place in the newest-first order. */
export interface MatchRef {
  id: number;
  receivedAt: Date;
}

/** Whether pg_trgm can find the term through its index: three letters or digits in a row. */
export const hasTrigram = (term: string) => /[\p{L}\p{N}]{3}/u.test(term);

/**
 * How the term conditions are written. `index`: as the trigram indexes can serve them, the pattern a value the
 * planner cannot read (see WindowPlan); `literal`: the literal pattern (the planner may use the index or not);
 * `filter`: over expressions of the columns no index matches, so the terms can only be a filter (a walk of
 * received_at). The same LIKE in all three: the same matches.
 */
type TermsAs = 'index' | 'literal' | 'filter';

/** Every term, over a request aliased `r`. */
function termConditions(terms: readonly string[], as: TermsAs): RawBuilder<SqlBool>[] {
  const searchText = as === 'filter' ? sql`(r.search_text || '')` : sql`r.search_text`;
  const replyText = as === 'filter' ? sql`(r.reply_text || '')` : sql`r.reply_text`;
  return terms.map((term) => {
    // Opaque only when the term has a trigram: a pattern without one would make the index read all of itself.
    const p = as === 'index' && hasTrigram(term) ? sql`(select ${likePattern(term)}::text)` : sql`${likePattern(term)}`;
    return sql<SqlBool>`(${searchText} like ${p} or ${replyText} ilike ${p})`;
  });
}

/** Everything a match must satisfy, over a request aliased `r`: scope, every term (none when `as` is null), the
 * filters. */
function conditions(scope: Scope, userId: number, f: RequestSearchFilters, as: TermsAs | null): RawBuilder<SqlBool> {
  // A place, whether the user's scope or the filter, as the list of its divisions' codes computed once: the
  // divisions whose path starts with the place's, requestInScope's own rule for a division scope in a form the
  // planner can AND with the trigram candidates (request_division_idx). A division scope is given in that form only:
  // with requestInScope's EXISTS as well the planner joined the divisions first and read every request of each
  // (1.1 s for a township at a million requests, against 67 ms).
  const all: RawBuilder<SqlBool>[] = [
    ...(scope.kind === 'division' ? [] : [requestInScope(scope, userId, 'r')]),
    ...(as ? termConditions(f.terms, as) : []),
  ];
  for (const code of [scope.kind === 'division' ? scope.divisionCode : undefined, f.divisionCode]) {
    if (!code) continue;
    const codes = f.placeCodes?.get(code);
    // The codes themselves when the caller looked them up (placeCodes): the planner then weighs the place's share of
    // the table from its statistics and ANDs request_division_idx when it is small (a one-village place) or not.
    all.push(
      codes
        ? sql<SqlBool>`r.division_code = any(${[...codes]}::bpchar[])`
        : sql<SqlBool>`r.division_code = any(array(select fd.code from division fd
      where fd.path like (select fr.path || '%' from division fr where fr.code = ${code})))`,
    );
  }
  if (f.state) all.push(sql<SqlBool>`r.state = ${f.state}`);
  if (f.from) all.push(sql<SqlBool>`r.received_at >= ${f.from}`);
  if (f.to) all.push(sql<SqlBool>`r.received_at < ${f.to}`);
  return all.length > 0 ? sql<SqlBool>`(${sql.join(all, sql` and `)})` : sql<SqlBool>`true`;
}

const toRef = (r: { id: number; receivedAt: Date | string }): MatchRef => ({
  id: r.id,
  receivedAt: r.receivedAt instanceof Date ? r.receivedAt : new Date(r.receivedAt),
});

/** When the newest request (any scope) was received, and when the `n`-th newest was (null when there are fewer):
 * the edges of the newest-`n` window, read from the received_at index alone. */
export async function newestWindowEdges(db: Db, n: number): Promise<{ newest: Date | null; nth: Date | null }> {
  const row = await db
    .selectNoFrom([
      sql<Date | null>`(select max(w.received_at) from request w)`.as('newest'),
      sql<Date | null>`(select w.received_at from request w order by w.received_at desc offset ${n - 1} limit 1)`.as(
        'nth',
      ),
    ])
    .executeTakeFirstOrThrow();
  const date = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));
  return { newest: date(row.newest), nth: date(row.nth) };
}

/**
 * How a window is read. `narrow` (a recent window of some thousands of requests): the trigram candidates ANDed with
 * the window's received_at range, so only the candidates inside the window are rechecked. `wide` (everything older):
 * the trigram candidates alone, sorted — never a backward walk of received_at, which would read every older request
 * for a rare term. In both the pattern goes in as a value the planner cannot read: it then assumes many candidates
 * (with the literal pattern it trusts a far too low guess for a Chinese substring, skips the AND and rechecks every
 * candidate of the whole table). `walk` (a term common in the window, as a sample showed): received_at walked
 * backwards with the terms as a filter, no trigram index — it stops at the `limit`-th match, where the trigram
 * index would recheck every one of the term's candidates (a term in 150,000 of a million requests: 0.6 s against a
 * 36 ms walk of 71,000 rows). `recent` (terms without a trigram, in the newest window only): the literal pattern, so
 * the planner walks received_at backwards or reads the window (for a place, through request_division_idx).
 */
export type WindowPlan = 'narrow' | 'wide' | 'walk' | 'recent';

/**
 * The newest `limit` requests in scope matching every term and filter among those received in [since, before)
 * (either edge open when absent), newest first, ties by id.
 */
export async function matchesInWindow(
  db: Db,
  scope: Scope,
  userId: number,
  f: RequestSearchFilters,
  window: { since?: Date | undefined; before?: Date | undefined },
  limit: number,
  plan: WindowPlan,
): Promise<MatchRef[]> {
  // Wide: received_at is no index condition there (neither a backward walk nor a bitmap of most of the table).
  const at = plan === 'wide' ? sql`(r.received_at + interval '0 seconds')` : sql`r.received_at`;
  const as: TermsAs = plan === 'recent' ? 'literal' : plan === 'walk' ? 'filter' : 'index';
  const read = (from: Db) => {
    let q = from.selectFrom('request as r').where(conditions(scope, userId, f, as));
    if (window.since) q = q.where(sql<SqlBool>`${at} >= ${window.since}`);
    if (window.before) q = q.where(sql<SqlBool>`${at} < ${window.before}`);
    return q.select(['r.id', 'r.receivedAt']).orderBy(at, 'desc').orderBy('r.id', 'desc').limit(limit).execute();
  };
  if (plan !== 'narrow') return (await read(db)).map(toRef);
  // Narrow: bitmaps only (the trigram candidates ANDed with the window's range). Left free, the planner walked a
  // window of a month backwards through received_at instead (170,000 rows, 0.28 s at a million).
  const rows = await db.transaction().execute(async (trx) => {
    await sql`set local enable_indexscan = off`.execute(trx);
    return read(trx);
  });
  return rows.map(toRef);
}

/** What a sample of the requests received before an instant tells about a query's matches among them. */
export interface MatchSample {
  /** The share of those requests the sample holds (about; pages are sampled, not rows). */
  fraction: number;
  /** Requests in the sample (any place: a walk of received_at passes them all). */
  rows: number;
  /** Sampled requests matching the terms anywhere (the trigram index's candidates are everywhere's). */
  termHits: number;
  /** The sampled matches in scope and within the filters, newest first (as many as asked): when each was received, and how
   * many sampled requests (any place) were received at that instant or later. */
  newest: { at: Date; rowsSince: number }[];
}

/** How many requests the table holds, on how many pages, and the average stored width (bytes) of their searched
 * texts (search and reply), as the planner's statistics last counted (0 before any). */
export async function requestTableSize(db: Db): Promise<{ rows: number; pages: number; textBytes: number }> {
  const row = await db
    .selectNoFrom([
      sql<number | string>`(select greatest(c.reltuples, 0) from pg_class c where c.oid = to_regclass('request'))`.as(
        'rows',
      ),
      sql<number | string>`(select greatest(c.relpages, 0) from pg_class c where c.oid = to_regclass('request'))`.as(
        'pages',
      ),
      sql<number | string>`(select coalesce(sum(s.avg_width), 0) from pg_stats s where s.schemaname = current_schema()
        and s.tablename = 'request' and s.attname in ('search_text', 'reply_text'))`.as('textBytes'),
    ])
    .executeTakeFirst();
  return { rows: Number(row?.rows ?? 0), pages: Number(row?.pages ?? 0), textBytes: Number(row?.textBytes ?? 0) };
}

/**
 * A repeatable sample (`percent` of the table's pages, TABLESAMPLE SYSTEM) of the requests received before `before`,
 * matched against the query here: where the query's matches lie in time, so the caller can tell a walk of
 * received_at from the trigram index. One pass over the sampled pages (about 5 ms for 5,000 requests).
 */
export async function sampleMatches(
  db: Db,
  scope: Scope,
  userId: number,
  f: RequestSearchFilters,
  before: Date,
  percent: number,
  /** How many of the newest sampled matches to return. */
  newestCount: number,
): Promise<MatchSample> {
  const terms = sql.join(termConditions(f.terms, 'literal'), sql` and `);
  const row = await db
    .selectNoFrom(
      sql<{ rows: number | string; termHits: number | string; newest: [string, number | string][] | null }>`(
      with s as materialized (
        select r.received_at, r.term_hit, r.term_hit and ${conditions(scope, userId, f, null)} as hit
        from (select r.*, (${terms}) as term_hit
          from request r tablesample system (${sql.lit(percent)}) repeatable (7)
          where r.received_at < ${before}) r
      ), t as (
        select received_at, term_hit, hit, count(*) over (order by received_at desc) as rows_since from s
      )
      select json_build_object(
        'rows', (select count(*) from t),
        'termHits', (select count(*) from t where term_hit),
        'newest', (select json_agg(json_build_array(x.received_at, x.rows_since) order by x.received_at desc)
          from (select received_at, rows_since from t where hit order by received_at desc limit ${newestCount}) x)))`.as(
        'sample',
      ),
    )
    .executeTakeFirstOrThrow();
  const sample = typeof row.sample === 'string' ? JSON.parse(row.sample) : row.sample;
  return {
    fraction: Math.min(1, percent / 100),
    rows: Number(sample.rows),
    termHits: Number(sample.termHits),
    newest: (sample.newest ?? []).map(([at, rowsSince]: [string, number | string]) => ({
      at: new Date(at),
      rowsSince: Number(rowsSince),
    })),
  };
}

/**
 * The requests of `ids` to show as hits, each with its relevance to the terms: a title hit weighs 3, an address
 * hit 2, a body or reply hit 1 per term, plus the trigram similarity of the whole search text to the query. Only
 * ids already found in the caller's scope are passed in.
 */
export async function requestSearchRows(
  db: Db,
  ids: readonly number[],
  terms: readonly string[],
): Promise<(RequestSearchRow & { score: number })[]> {
  if (ids.length === 0) return [];
  const query = terms.join(' ');
  const score = sql<number>`(${sql.join(
    terms.map((t) => {
      const p = likePattern(t);
      return sql`(case when lower(coalesce(r.title, '')) like ${p} then 3 else 0 end
        + case when lower(coalesce(r.address, '')) like ${p} then 2 else 0 end
        + case when lower(r.body) like ${p} then 1 else 0 end
        + case when r.reply_text ilike ${p} then 1 else 0 end)`;
    }),
    sql` + `,
  )}) + similarity(r.search_text, ${query}::text)`;
  const rows = await db
    .selectFrom('request as r')
    .select([
      'r.id',
      'r.number',
      'r.title',
      'r.body',
      'r.address',
      sql<string>`r.reply_text`.as('replyText'),
      'r.state',
      'r.receivedAt',
      sql<string | null>`(select d.name from division d where d.code = r.division_code)`.as('divisionName'),
      score.as('score'),
    ])
    .where('r.id', 'in', [...ids])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    body: r.body,
    address: r.address,
    replyText: r.replyText,
    state: r.state,
    divisionName: r.divisionName,
    receivedAt: r.receivedAt instanceof Date ? r.receivedAt : new Date(r.receivedAt),
    score: Number(r.score),
  }));
}
