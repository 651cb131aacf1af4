import { type SqlBool, sql } from 'kysely';
import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../../platform/db/database.js';
import { likePattern } from '../../platform/text/highlight.js';
import { unitInScope } from './scope.repository.js';

// Global search over people (issue #7 point 2): every term must occur in the person's search text (name, its full
// pinyin and initials; pg_trgm GIN index `person_search_trgm`) or in their unit's (name and short name).

export interface PeopleSearchFilters {
  terms: readonly string[];
  divisionCode?: string | undefined;
}

export interface PersonSearchRow {
  id: number;
  name: string;
  namePinyin: string;
  nameInitials: string;
  position: string | null;
  phoneMask: string | null;
  unitName: string;
  createdAt: Date;
}

function matching(db: Db, scope: Scope, f: PeopleSearchFilters) {
  let q = db
    .selectFrom('person as p')
    .innerJoin('unit as u', 'u.id', 'p.unitId')
    .where('p.active', '=', true)
    .where(unitInScope(scope, 'u'));
  for (const term of f.terms) {
    const p = likePattern(term);
    q = q.where(sql<SqlBool>`(p.search_text like ${p} or u.search_text like ${p})`);
  }
  if (f.divisionCode) {
    q = q.where(sql<SqlBool>`exists (select 1 from division pd where pd.code = u.division_code
      and pd.path like (select pr.path || '%' from division pr where pr.code = ${f.divisionCode}))`);
  }
  return q;
}

/** How many active people in scope match, counting no further than `cap` (+1 tells there are more). */
export async function countPeopleMatches(db: Db, scope: Scope, f: PeopleSearchFilters, cap: number) {
  const row = await db
    .selectFrom(
      matching(db, scope, f)
        .select('p.id')
        .limit(cap + 1)
        .as('m'),
    )
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One page of matching people: newest first, or by relevance — the whole name, full pinyin or initials equal to a
 * term 4, a name containing it 3, pinyin or initials starting with it 2, the unit's name 1; then pinyin order.
 */
export async function searchPeopleRows(
  db: Db,
  scope: Scope,
  f: PeopleSearchFilters,
  sort: 'relevance' | 'newest',
  page: { offset: number; limit: number },
): Promise<PersonSearchRow[]> {
  const score = sql<number>`(${sql.join(
    f.terms.map((t) => {
      const p = likePattern(t);
      const prefix = `${p.slice(1)}`;
      return sql`(case when lower(p.name) = ${t} or p.name_pinyin = ${t} or p.name_initials = ${t} then 4 else 0 end
        + case when lower(p.name) like ${p} then 3 else 0 end
        + case when p.name_pinyin like ${prefix} or p.name_initials like ${prefix} then 2 else 0 end
        + case when u.search_text like ${p} then 1 else 0 end)`;
    }),
    sql` + `,
  )})`;
  let q = matching(db, scope, f).select([
    'p.id',
    'p.name',
    'p.namePinyin',
    'p.nameInitials',
    'p.position',
    'p.phoneMask',
    'u.name as unitName',
    'p.createdAt',
  ]);
  q =
    sort === 'relevance'
      ? q.orderBy(score, 'desc').orderBy('p.namePinyin').orderBy('p.id')
      : q.orderBy('p.createdAt', 'desc').orderBy('p.id', 'desc');
  const rows = await q.offset(page.offset).limit(page.limit).execute();
  return rows.map((r) => ({ ...r, createdAt: r.createdAt instanceof Date ? r.createdAt : new Date(r.createdAt) }));
}
