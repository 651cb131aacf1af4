import { type SqlBool, sql } from 'kysely';
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
  /** Only the newest `window` requests (for terms too short for a trigram index). */
  recentWindow?: number | undefined;
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

/** How many candidates the relevance order ranks: the newest matches, so a common word costs a bounded sort. */
export const RELEVANCE_CANDIDATES = 200;

function matching(db: Db, scope: Scope, userId: number, f: RequestSearchFilters) {
  let q = db.selectFrom('request as r').where(requestInScope(scope, userId, 'r'));
  for (const term of f.terms) {
    const p = likePattern(term);
    q = q.where(sql<SqlBool>`(r.search_text like ${p} or r.reply_text ilike ${p})`);
  }
  if (f.divisionCode) {
    q = q.where(sql<SqlBool>`exists (select 1 from division fd where fd.code = r.division_code
      and fd.path like (select fr.path || '%' from division fr where fr.code = ${f.divisionCode}))`);
  }
  if (f.state) q = q.where('r.state', '=', f.state);
  if (f.from) q = q.where('r.receivedAt', '>=', f.from);
  if (f.to) q = q.where('r.receivedAt', '<', f.to);
  if (f.recentWindow) {
    q = q.where(
      'r.receivedAt',
      '>=',
      sql<Date>`coalesce((select w.received_at from request w order by w.received_at desc offset ${f.recentWindow - 1} limit 1), '-infinity'::timestamptz)`,
    );
  }
  return q;
}

/** How many requests in scope match, counting no further than `cap` (+1 tells there are more). */
export async function countRequestMatches(
  db: Db,
  scope: Scope,
  userId: number,
  f: RequestSearchFilters,
  cap: number,
): Promise<number> {
  const row = await db
    .selectFrom(
      matching(db, scope, userId, f)
        .select('r.id')
        .limit(cap + 1)
        .as('m'),
    )
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One page of matching requests in scope: newest first, or by relevance — among the newest `RELEVANCE_CANDIDATES`
 * matches, a title hit weighs 3, an address hit 2, a body or reply hit 1 per term, then trigram similarity of the
 * whole search text to the query, then recency.
 */
export async function searchRequestRows(
  db: Db,
  scope: Scope,
  userId: number,
  f: RequestSearchFilters,
  sort: 'relevance' | 'newest',
  page: { offset: number; limit: number },
  /** The matches are known to be few: read them all through the trigram indexes and sort them, rather than walk the
   * received_at index backwards checking every request (PostgreSQL's guess of how many rows match a Chinese
   * substring is often far too high, and the backward walk then reads tens of thousands of texts). */
  fewMatches = false,
): Promise<RequestSearchRow[]> {
  const newest = fewMatches ? sql`r.received_at + interval '0 seconds'` : sql`r.received_at`;
  const query = f.terms.join(' ');
  const score = sql<number>`(${sql.join(
    f.terms.map((t) => {
      const p = likePattern(t);
      return sql`(case when lower(coalesce(r.title, '')) like ${p} then 3 else 0 end
        + case when lower(coalesce(r.address, '')) like ${p} then 2 else 0 end
        + case when lower(r.body) like ${p} then 1 else 0 end
        + case when r.reply_text ilike ${p} then 1 else 0 end)`;
    }),
    sql` + `,
  )}) + similarity(r.search_text, ${query}::text)`;
  const base = matching(db, scope, userId, f).select([
    'r.id',
    'r.number',
    'r.title',
    'r.body',
    'r.address',
    sql<string>`r.reply_text`.as('replyText'),
    'r.state',
    'r.receivedAt',
    sql<string | null>`(select d.name from division d where d.code = r.division_code)`.as('divisionName'),
  ]);
  const rows =
    sort === 'newest'
      ? await base.orderBy(newest, 'desc').orderBy('r.id', 'desc').offset(page.offset).limit(page.limit).execute()
      : await db
          .selectFrom(
            base
              .select(score.as('score'))
              .orderBy(newest, 'desc')
              .orderBy('r.id', 'desc')
              .limit(RELEVANCE_CANDIDATES)
              .as('m'),
          )
          .selectAll('m')
          .orderBy('m.score', 'desc')
          .orderBy('m.receivedAt', 'desc')
          .orderBy('m.id', 'desc')
          .offset(page.offset)
          .limit(page.limit)
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
  }));
}
