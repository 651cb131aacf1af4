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

/** Everything a match must satisfy, over a request aliased `r`: scope, every term, the filters. */
function conditions(scope: Scope, userId: number, f: RequestSearchFilters, opaque: boolean): RawBuilder<SqlBool> {
  const all: RawBuilder<SqlBool>[] = [requestInScope(scope, userId, 'r')];
  for (const term of f.terms) {
    // Opaque only when the term has a trigram: a pattern without one would make the index read all of itself.
    const p = opaque && hasTrigram(term) ? sql`(select ${likePattern(term)}::text)` : sql`${likePattern(term)}`;
    all.push(sql<SqlBool>`(r.search_text like ${p} or r.reply_text ilike ${p})`);
  }
  // A place, whether the user's scope or the filter: also as the list of its divisions' codes computed once, so the
  // planner can AND the trigram candidates with request_division_idx instead of rechecking every place's candidates
  // (the scope rule itself is requestInScope's; this only repeats it in a form an index can serve).
  for (const code of [scope.kind === 'division' ? scope.divisionCode : undefined, f.divisionCode]) {
    if (!code) continue;
    all.push(sql<SqlBool>`r.division_code = any(array(select fd.code from division fd
      where fd.path like (select fr.path || '%' from division fr where fr.code = ${code})))`);
  }
  if (f.state) all.push(sql<SqlBool>`r.state = ${f.state}`);
  if (f.from) all.push(sql<SqlBool>`r.received_at >= ${f.from}`);
  if (f.to) all.push(sql<SqlBool>`r.received_at < ${f.to}`);
  return sql<SqlBool>`(${sql.join(all, sql` and `)})`;
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
 * candidate of the whole table). `recent` (terms without a trigram, in the newest window only): the literal
 * pattern, so the planner walks received_at backwards or reads the window (for a place, through request_division_idx).
 */
export type WindowPlan = 'narrow' | 'wide' | 'recent';

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
  let q = db.selectFrom('request as r').where(conditions(scope, userId, f, plan !== 'recent'));
  if (window.since) q = q.where(sql<SqlBool>`${at} >= ${window.since}`);
  if (window.before) q = q.where(sql<SqlBool>`${at} < ${window.before}`);
  const rows = await q
    .select(['r.id', 'r.receivedAt'])
    .orderBy(at, 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRef);
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
