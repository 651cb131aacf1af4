import { REQUEST_STATE_LABELS, type RequestState } from '../../../contracts/requests.js';
import {
  type ModuleSearchInput,
  SEARCH_COUNT_CAP,
  SEARCH_SHORT_WINDOW,
  type SearchGroup,
  type SearchHit,
  type SearchSnippet,
} from '../../../contracts/search.js';
import type { Deps } from '../../platform/deps.js';
import { snippetOf } from '../../platform/text/highlight.js';
import type { RequestsActor } from './requests.service.js';
import { countRequestMatches, type RequestSearchRow, searchRequestRows } from './search.repository.js';

/** Terms shorter than a trigram cannot use the index: such queries look through the newest requests only. */
const shortQuery = (terms: readonly string[]) => terms.every((t) => [...t].length < 3);

/**
 * Requests in the actor's scope (the same rule as the request list) whose number, title, body, address or latest
 * reply contain every term; each hit carries snippets of the fields that matched with the match offsets. The
 * citizen's name and phone are never part of a hit.
 */
export async function searchRequests(
  deps: Pick<Deps, 'db'>,
  actor: RequestsActor,
  input: ModuleSearchInput,
): Promise<SearchGroup> {
  const recentOnly = shortQuery(input.terms);
  const filters = {
    terms: input.terms,
    divisionCode: input.divisionCode,
    state: input.state,
    from: input.from ? new Date(input.from) : undefined,
    to: input.to ? new Date(input.to) : undefined,
    recentWindow: recentOnly ? SEARCH_SHORT_WINDOW : undefined,
  };
  // The capped count first: when it shows few matches, the page reads exactly those (see searchRequestRows).
  const count = await countRequestMatches(deps.db, actor.scope, actor.userId, filters, SEARCH_COUNT_CAP);
  const rows = await searchRequestRows(
    deps.db,
    actor.scope,
    actor.userId,
    filters,
    input.sort ?? 'newest',
    { offset: (input.page - 1) * input.pageSize, limit: input.pageSize },
    count <= SEARCH_COUNT_CAP && !recentOnly,
  );
  return {
    kind: 'requests',
    total: Math.min(count, SEARCH_COUNT_CAP),
    totalCapped: count > SEARCH_COUNT_CAP,
    recentOnly,
    items: rows.map((r) => requestHit(r, input.terms, input.lang)),
  };
}

function requestHit(r: RequestSearchRow, terms: readonly string[], lang: 'zh' | 'en'): SearchHit {
  const snippets: SearchSnippet[] = [];
  const fields: [string, string | null][] = [
    ['title', r.title],
    ['address', r.address],
    ['body', r.body],
    ['reply', r.replyText || null],
    ['number', r.number],
  ];
  for (const [field, text] of fields) {
    if (!text) continue;
    const s = snippetOf(text, terms, field === 'title' || field === 'address' ? 200 : 80);
    if (s) snippets.push({ field, ...s });
  }
  // The number is worth a snippet only when nothing else matched.
  const shown = snippets.length > 1 ? snippets.filter((s) => s.field !== 'number') : snippets;
  const state = REQUEST_STATE_LABELS[r.state as RequestState]?.[lang] ?? r.state;
  return {
    kind: 'requests',
    id: r.id,
    title: `${r.number} ${r.title ?? r.body.slice(0, 30)}`,
    subtitle: [state, r.divisionName].filter(Boolean).join(' · '),
    link: `/requests/${r.id}`,
    at: r.receivedAt.toISOString(),
    snippets: shown,
  };
}
