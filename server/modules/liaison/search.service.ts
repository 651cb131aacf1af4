import { type ModuleSearchInput, SEARCH_COUNT_CAP, type SearchGroup } from '../../../contracts/search.js';
import type { Deps } from '../../platform/deps.js';
import { fieldSnippets } from '../../platform/text/highlight.js';
import type { LiaisonActor } from './liaison.common.js';
import { countHouseholdMatches, searchHouseholdRows } from './search.repository.js';

/**
 * Active households in the actor's scope (the ledger's own rule) whose head's name, address or village contain every
 * term. As in the ledger list, the head's name shows and the contact's phone only masked; the contact's name never.
 */
export async function searchHouseholds(
  deps: Pick<Deps, 'db'>,
  actor: LiaisonActor,
  input: ModuleSearchInput,
): Promise<SearchGroup> {
  const filters = { terms: input.terms, divisionCode: input.divisionCode };
  const [count, rows] = await Promise.all([
    countHouseholdMatches(deps.db, actor.scope, filters, SEARCH_COUNT_CAP),
    searchHouseholdRows(deps.db, actor.scope, filters, input.sort ?? 'relevance', {
      offset: (input.page - 1) * input.pageSize,
      limit: input.pageSize,
    }),
  ]);
  return {
    kind: 'households',
    total: Math.min(count, SEARCH_COUNT_CAP),
    totalCapped: count > SEARCH_COUNT_CAP,
    recentOnly: false,
    items: rows.map((r) => {
      const snippets = fieldSnippets(
        [
          ['name', r.headName],
          ['address', r.address],
          ['village', r.divisionName],
        ] as const,
        input.terms,
      );
      return {
        kind: 'households' as const,
        id: r.id,
        title: `${r.headName} ${r.address}`,
        subtitle: [r.divisionName, r.contactPhoneMask].filter(Boolean).join(' · '),
        link: `/liaison/households?${new URLSearchParams({ q: r.headName, id: String(r.id) })}`,
        at: r.createdAt.toISOString(),
        snippets,
      };
    }),
  };
}
