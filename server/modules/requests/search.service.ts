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
import {
  hasTrigram,
  type MatchRef,
  matchesInWindow,
  newestWindowEdges,
  type RequestSearchFilters,
  type RequestSearchRow,
  requestSearchRows,
  type WindowPlan,
} from './search.repository.js';

/** Terms shorter than a trigram cannot use the index: such queries look through the newest requests only. */
const shortQuery = (terms: readonly string[]) => !terms.some(hasTrigram);

/** Relevance ranks the newest this many matches (the count's cap: the same matches are read for both). */
export const RELEVANCE_CANDIDATES = SEARCH_COUNT_CAP;
/** The first window holds the newest this many requests; each next window reaches 10 times as far back in time. */
export const FIRST_WINDOW = 2000;
const WINDOW_GROWTH = 10;
const WINDOWS = 2;

/**
 * The newest `want` matches in scope (fewer when there are fewer), newest first. Windows of receipt time are searched
 * newest first — the newest 2,000 requests, then about 20,000, 200,000, then the rest — until `want` are found, so a
 * common word is served from a few hundred recent candidates and a rare one from the trigram index over a window
 * whose candidates are few anyway; each window costs its candidates' recheck, never the whole table's.
 */
async function newestMatches(
  db: Deps['db'],
  actor: RequestsActor,
  filters: RequestSearchFilters,
  want: number,
  recentOnly: boolean,
  firstWindow: number,
): Promise<MatchRef[]> {
  const { newest, nth } = await newestWindowEdges(db, recentOnly ? SEARCH_SHORT_WINDOW : firstWindow);
  const find = (window: { since?: Date | undefined; before?: Date | undefined }, limit: number, plan: WindowPlan) =>
    matchesInWindow(db, actor.scope, actor.userId, filters, window, limit, plan);
  // A query without a trigram looks through the newest requests only; fewer requests than the first window: one look.
  if (recentOnly) return find({ since: nth ?? undefined }, want, 'recent');
  if (!newest || !nth) return find({}, want, 'wide');
  const span = Math.max(1, newest.getTime() - nth.getTime());
  // The windows reach back from the newest request, or from the end of the asked period when that is earlier.
  const top = filters.to && filters.to < newest ? filters.to.getTime() : newest.getTime() + 1;
  const edges: (Date | undefined)[] = [undefined];
  for (let i = 0; i < WINDOWS; i += 1) edges.push(new Date(top - span * WINDOW_GROWTH ** i));
  edges.push(undefined);
  const found: MatchRef[] = [];
  for (let i = 0; i + 1 < edges.length && found.length < want; i += 1) {
    const before = edges[i];
    const since = edges[i + 1];
    // Nothing older than the asked period.
    if (filters.from && before && before <= filters.from) break;
    found.push(...(await find({ since, before }, want - found.length, since ? 'narrow' : 'wide')));
  }
  return found;
}

/**
 * Requests in the actor's scope (the same rule as the request list) whose number, title, body, address or latest
 * reply contain every term; each hit carries snippets of the fields that matched with the match offsets. The
 * citizen's name and phone are never part of a hit. Counted up to SEARCH_COUNT_CAP; relevance ranks the newest
 * RELEVANCE_CANDIDATES matches.
 */
export async function searchRequests(
  deps: Pick<Deps, 'db'>,
  actor: RequestsActor,
  input: ModuleSearchInput,
  /** Tests shrink the first window to see the later ones at work on a few dozen requests. */
  opts: { firstWindow?: number } = {},
): Promise<SearchGroup> {
  const recentOnly = shortQuery(input.terms);
  const filters: RequestSearchFilters = {
    terms: input.terms,
    divisionCode: input.divisionCode,
    state: input.state,
    from: input.from ? new Date(input.from) : undefined,
    to: input.to ? new Date(input.to) : undefined,
  };
  const offset = (input.page - 1) * input.pageSize;
  const relevance = (input.sort ?? 'newest') === 'relevance';
  // One read serves the count (up to the cap, +1 tells there are more) and the page (or the relevance candidates).
  const want = Math.max(SEARCH_COUNT_CAP + 1, relevance ? RELEVANCE_CANDIDATES : offset + input.pageSize);
  const refs = await newestMatches(deps.db, actor, filters, want, recentOnly, opts.firstWindow ?? FIRST_WINDOW);
  let rows: RequestSearchRow[];
  if (relevance) {
    const ranked = (
      await requestSearchRows(
        deps.db,
        refs.slice(0, RELEVANCE_CANDIDATES).map((r) => r.id),
        input.terms,
      )
    ).sort((a, b) => b.score - a.score || b.receivedAt.getTime() - a.receivedAt.getTime() || b.id - a.id);
    rows = ranked.slice(offset, offset + input.pageSize);
  } else {
    const pageIds = refs.slice(offset, offset + input.pageSize).map((r) => r.id);
    const byId = new Map((await requestSearchRows(deps.db, pageIds, input.terms)).map((r) => [r.id, r]));
    rows = pageIds.map((id) => byId.get(id)).filter((r): r is RequestSearchRow & { score: number } => Boolean(r));
  }
  return {
    kind: 'requests',
    total: Math.min(refs.length, SEARCH_COUNT_CAP),
    totalCapped: refs.length > SEARCH_COUNT_CAP,
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
