import { type SqlBool, sql } from 'kysely';
import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../../platform/db/database.js';
import { likePattern } from '../../platform/text/highlight.js';
import { householdInScope } from './liaison.repository.js';

// Global search over the household ledger (issue #7 point 2): every term must occur in the household's search text
// (head's name and address, lower-cased; pg_trgm GIN index `liaison_household_search_trgm`) or its village's name.

export interface HouseholdSearchFilters {
  terms: readonly string[];
  divisionCode?: string | undefined;
}

export interface HouseholdSearchRow {
  id: number;
  headName: string;
  address: string;
  divisionName: string;
  contactPhoneMask: string | null;
  createdAt: Date;
}

function matching(db: Db, scope: Scope, f: HouseholdSearchFilters) {
  let q = db
    .selectFrom('liaisonHousehold as h')
    .innerJoin('division as d', 'd.code', 'h.divisionCode')
    .where('h.active', '=', true)
    .where(householdInScope(scope, 'h'));
  for (const term of f.terms) {
    const p = likePattern(term);
    q = q.where(sql<SqlBool>`(h.search_text like ${p} or d.search_text like ${p})`);
  }
  if (f.divisionCode) {
    q = q.where(sql<SqlBool>`d.path like (select dp.path || '%' from division dp where dp.code = ${f.divisionCode})`);
  }
  return q;
}

/** How many active households in scope match, counting no further than `cap` (+1 tells there are more). */
export async function countHouseholdMatches(db: Db, scope: Scope, f: HouseholdSearchFilters, cap: number) {
  const row = await db
    .selectFrom(
      matching(db, scope, f)
        .select('h.id')
        .limit(cap + 1)
        .as('m'),
    )
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of matching households: newest first, or by relevance (head's name 3, address 2, village 1 per term). */
export async function searchHouseholdRows(
  db: Db,
  scope: Scope,
  f: HouseholdSearchFilters,
  sort: 'relevance' | 'newest',
  page: { offset: number; limit: number },
): Promise<HouseholdSearchRow[]> {
  const score = sql<number>`(${sql.join(
    f.terms.map((t) => {
      const p = likePattern(t);
      return sql`(case when lower(h.head_name) like ${p} then 3 else 0 end
        + case when lower(h.address) like ${p} then 2 else 0 end
        + case when d.search_text like ${p} then 1 else 0 end)`;
    }),
    sql` + `,
  )})`;
  let q = matching(db, scope, f).select([
    'h.id',
    'h.headName',
    'h.address',
    'd.name as divisionName',
    'h.contactPhoneMask',
    'h.createdAt',
  ]);
  if (sort === 'relevance') q = q.orderBy(score, 'desc');
  const rows = await q
    .orderBy('h.createdAt', 'desc')
    .orderBy('h.id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return rows.map((r) => ({ ...r, createdAt: r.createdAt instanceof Date ? r.createdAt : new Date(r.createdAt) }));
}
