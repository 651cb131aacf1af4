import { type ModuleSearchInput, SEARCH_COUNT_CAP, type SearchGroup } from '../../../contracts/search.js';
import type { Deps } from '../../platform/deps.js';
import { fieldSnippets } from '../../platform/text/highlight.js';
import type { OrgActor } from './org.policy.js';
import { countPeopleMatches, searchPeopleRows } from './search.repository.js';

/**
 * Active people in units in the actor's scope (the people list's rule) whose name, its pinyin or initials (张伟: zhangwei,
 * zw) or unit's name contain every term. As in the people list, the phone shows only masked; ID numbers never.
 */
export async function searchPeople(
  deps: Pick<Deps, 'db'>,
  actor: Pick<OrgActor, 'scope'>,
  input: ModuleSearchInput,
): Promise<SearchGroup> {
  const filters = { terms: input.terms, divisionCode: input.divisionCode };
  const [count, rows] = await Promise.all([
    countPeopleMatches(deps.db, actor.scope, filters, SEARCH_COUNT_CAP),
    searchPeopleRows(deps.db, actor.scope, filters, input.sort ?? 'relevance', {
      offset: (input.page - 1) * input.pageSize,
      limit: input.pageSize,
    }),
  ]);
  return {
    kind: 'people',
    total: Math.min(count, SEARCH_COUNT_CAP),
    totalCapped: count > SEARCH_COUNT_CAP,
    recentOnly: false,
    items: rows.map((r) => {
      const snippets = fieldSnippets(
        [
          ['name', r.name],
          ['pinyin', r.namePinyin],
          ['pinyin', r.nameInitials],
          ['unit', r.unitName],
        ] as const,
        input.terms,
      );
      return {
        kind: 'people' as const,
        id: r.id,
        title: r.name,
        subtitle: [r.unitName, r.position, r.phoneMask].filter(Boolean).join(' · '),
        link: `/org/people?${new URLSearchParams({ q: r.name, id: String(r.id) })}`,
        at: r.createdAt.toISOString(),
        snippets,
      };
    }),
  };
}
