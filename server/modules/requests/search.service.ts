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
  type MatchSample,
  matchesInWindow,
  newestWindowEdges,
  placeCodesOf,
  type RequestSearchFilters,
  type RequestSearchRow,
  requestSearchRows,
  requestTableSize,
  sampleMatches,
  type WindowPlan,
} from './search.repository.js';

/** Terms shorter than a trigram cannot use the index: such queries look through the newest requests only. */
const shortQuery = (terms: readonly string[]) => !terms.some(hasTrigram);

/** Relevance ranks the newest this many matches (the count's cap: the same matches are read for both). */
export const RELEVANCE_CANDIDATES = SEARCH_COUNT_CAP;
/** The first window holds the newest this many requests. */
export const FIRST_WINDOW = 2000;
/** Below this many requests (the planner's estimate) what lies before the first window is read in one look. */
export const SAMPLE_FROM_ROWS = 50_000;
/** About this many requests are sampled to plan the rest, on at most SAMPLE_PAGES of the table's pages. */
export const SAMPLE_ROWS = 2500;
const SAMPLE_PAGES = 1000;
/** The newest window is walked when that costs at most this (µs), else read through the trigram index. */
const FIRST_WALK_BUDGET = 8000;
/** The second window reaches at most this many requests back (sized by the first window's matches). */
const SECOND_WINDOW_MAX = 20_000;
/** When the sample cannot place the matches in scope and the trigram index alone would cost more than this (µs),
 * the newest SECOND_WINDOW requests are read first, through the trigram candidates ANDed with their window. */
const WIDE_BUDGET = 30_000;
const SECOND_WINDOW = 20_000;
/**
 * Costs, in µs, that choose how a window is read (PostgreSQL, a million requests; PGlite is slower in every part
 * alike). A row of a walk of received_at costs `row` + `byte` × the average width of its searched texts (1.5–2.3 µs
 * on the bench's short texts, 8 µs on real messages of ~1 KB); a candidate's recheck twice that (a heap page read
 * out of order: 4 and 15–18 µs measured); a trigram candidate read from the index's posting lists `posting`; a row
 * of a received_at range ANDed with them `rangeRow`. `recheck` overrides the recheck's cost when given.
 */
const COST: { row: number; byte: number; posting: number; rangeRow: number; recheck?: number } = {
  row: 0.5,
  byte: 0.006,
  posting: 0.5,
  rangeRow: 0.15,
};

/** Options tests use to see every plan at work on a few hundred requests. */
export interface SearchPlanOptions {
  firstWindow?: number;
  sampleFromRows?: number;
  sampleRows?: number;
  secondWindow?: number;
  /** Other costs than COST's (another database, or tests that want each plan taken). */
  costs?: Partial<typeof COST>;
  /** Told each read as it is done (which plan, over which span of receipt time, how many matches it found). */
  onRead?: (read: {
    plan: WindowPlan | 'sample';
    since?: Date | undefined;
    before?: Date | undefined;
    found: number;
    ms: number;
  }) => void;
}

/**
 * The newest `want` matches in scope (fewer when there are fewer), newest first, read window by window of receipt
 * time, each read chosen from the table's statistics and COST. The newest 2,000 requests: walked (received_at
 * backwards, the terms as a filter) when their texts are short, else the trigram candidates ANDed with the window.
 * When they held a few matches, a second window sized by their rate (at most 20,000 requests). For the rest, a
 * sample of up to 2,500 requests (sampleMatches) tells how common the query is there and where its matches lie in
 * time; windows then reach back to the 2k-th, 4k-th, … newest sampled match (k sampled matches stand for about 1.5
 * times the matches still wanted), each read by the cheaper of a walk (it stops at the match still wanted) and the
 * trigram candidates ANDed with the window, until `want` are found; what they did not reach goes through the trigram
 * index alone, which is also taken at once when the sample says the term's candidates are few anywhere (after the
 * newest 20,000 requests through the trigram candidates, when the sample could not place the matches in scope and
 * the index alone would be dear). Each read is exact over its own span of receipt time, so the result is the same
 * whatever the sample says; only the time taken depends on it. A table under 50,000 requests is read after the
 * first window through the trigram index, without a sample.
 */
async function newestMatches(
  db: Deps['db'],
  actor: RequestsActor,
  filters: RequestSearchFilters,
  want: number,
  recentOnly: boolean,
  opts: SearchPlanOptions,
): Promise<MatchRef[]> {
  const firstWindow = opts.firstWindow ?? FIRST_WINDOW;
  const [{ newest, nth }, size] = await Promise.all([
    newestWindowEdges(db, recentOnly ? SEARCH_SHORT_WINDOW : firstWindow),
    requestTableSize(db),
  ]);
  const cost = { ...COST, ...opts.costs };
  const walkRow = cost.row + cost.byte * size.textBytes;
  const recheck = cost.recheck ?? 2 * walkRow;
  const find = async (
    window: { since?: Date | undefined; before?: Date | undefined },
    limit: number,
    plan: WindowPlan,
  ) => {
    const started = performance.now();
    const refs = await matchesInWindow(db, actor.scope, actor.userId, filters, window, limit, plan);
    opts.onRead?.({ plan, ...window, found: refs.length, ms: performance.now() - started });
    return refs;
  };
  // A query without a trigram looks through the newest requests only; fewer requests than the first window: one look.
  if (recentOnly) return find({ since: nth ?? undefined }, want, 'recent');
  if (!newest || !nth) return find({}, want, 'wide');
  // The newest window walked when its rows are short (cheaper than a common term's posting lists), else through the
  // trigram candidates ANDed with it.
  const found = await find({ since: nth }, want, firstWindow * walkRow <= FIRST_WALK_BUDGET ? 'walk' : 'narrow');
  // Nothing older than the asked period.
  if (found.length >= want || (filters.from && nth <= filters.from)) return found;
  const rest = (before: Date, plan: WindowPlan, since?: Date) =>
    find({ since, before }, want - found.length, plan).then((refs) => found.push(...refs));
  if (size.rows < (opts.sampleFromRows ?? SAMPLE_FROM_ROWS)) {
    await rest(nth, 'wide');
    return found;
  }
  let before = nth;
  if (found.length >= 3) {
    // Common among the newest: a second window sized to hold twice the matches still wanted at the first window's
    // rate (at most SECOND_WINDOW_MAX requests), through the trigram candidates ANDed with it.
    const reach = Math.ceil((2 * (want - found.length) * firstWindow) / found.length);
    const edge = (await newestWindowEdges(db, Math.min(SECOND_WINDOW_MAX, firstWindow + reach))).nth;
    if (edge && edge < before) {
      await rest(before, 'narrow', edge);
      before = edge;
      if (found.length >= want || (filters.from && before <= filters.from)) return found;
    }
  }
  const sampleRows =
    opts.sampleRows ?? Math.min(SAMPLE_ROWS, SAMPLE_PAGES * Math.max(1, size.rows / Math.max(1, size.pages)));
  const percent = Math.min(100, Math.max(0.01, (100 * sampleRows) / Math.max(1, size.rows)));
  // Windows reaching back to the 2k-th, 4k-th, … newest sampled match, where k sampled matches stand for about 1.5
  // times the matches still wanted (k ≥ 2): the first window very likely holds them all.
  const k = Math.max(2, Math.ceil((want - found.length) * Math.min(1, percent / 100) * 1.5));
  const sampled = performance.now();
  const sample = await sampleMatches(db, actor.scope, actor.userId, filters, before, percent, Math.max(64, 8 * k));
  opts.onRead?.({ plan: 'sample', before, found: sample.newest.length, ms: performance.now() - sampled });
  const f = sample.fraction;
  const hits = sample.newest;
  const candidates = sample.termHits / f;
  let rowsBefore = 0;
  let hitsBefore = 0;
  // The trigram index over all the rest: every candidate's posting and recheck, wherever it lies.
  const wide = candidates * (cost.posting + recheck);
  for (let j = 2 * k; found.length < want && hits.length >= k; j *= 2) {
    const edge = hits[Math.min(j, hits.length) - 1] as MatchSample['newest'][number];
    const last = j >= hits.length;
    if (edge.at < before) {
      // A walk stops at the match still wanted (where the sample puts it); the trigram candidates ANDed with the
      // window cost their posting lists, the window's rows in received_at order and the rechecks of its matches.
      const needed = want - found.length;
      const stop = hits[Math.min(hits.length, hitsBefore + Math.max(1, Math.ceil(needed * f))) - 1] ?? edge;
      const walk = ((Math.min(stop.rowsSince, edge.rowsSince) - rowsBefore) / f) * walkRow;
      const inWindow = Math.min(j, hits.length) - hitsBefore;
      const narrow =
        candidates * cost.posting + ((edge.rowsSince - rowsBefore) / f) * cost.rangeRow + (inWindow / f) * recheck;
      if (wide <= Math.min(walk, narrow)) break;
      await rest(before, walk < narrow ? 'walk' : 'narrow', edge.at);
      before = edge.at;
      rowsBefore = edge.rowsSince;
      hitsBefore = Math.min(j, hits.length);
    }
    if (last) break;
  }
  // The sample could not place the matches in scope (a common term, but few of its sampled matches in a township's
  // scope): the newest SECOND_WINDOW requests first, as the trigram candidates ANDed with their window.
  if (found.length < want && hitsBefore === 0 && wide > WIDE_BUDGET) {
    const second = (await newestWindowEdges(db, opts.secondWindow ?? SECOND_WINDOW)).nth;
    if (second && second < before) {
      await rest(before, 'narrow', second);
      before = second;
    }
  }
  // Whatever the windows did not hold (the sample saw few matches there, or the candidates are few anyway): the
  // trigram index.
  if (found.length < want) await rest(before, 'wide');
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
  /** Tests shrink the windows and the sample to see every plan at work on a few hundred requests. */
  opts: SearchPlanOptions = {},
): Promise<SearchGroup> {
  const recentOnly = shortQuery(input.terms);
  const places = [actor.scope.kind === 'division' ? actor.scope.divisionCode : undefined, input.divisionCode].filter(
    (c): c is string => Boolean(c),
  );
  const filters: RequestSearchFilters = {
    terms: input.terms,
    divisionCode: input.divisionCode,
    state: input.state,
    from: input.from ? new Date(input.from) : undefined,
    to: input.to ? new Date(input.to) : undefined,
    placeCodes: places.length > 0 ? await placeCodesOf(deps.db, places) : undefined,
  };
  const offset = (input.page - 1) * input.pageSize;
  const relevance = (input.sort ?? 'newest') === 'relevance';
  // One read serves the count (up to the cap, +1 tells there are more) and the page (or the relevance candidates).
  const want = Math.max(SEARCH_COUNT_CAP + 1, relevance ? RELEVANCE_CANDIDATES : offset + input.pageSize);
  const refs = await newestMatches(deps.db, actor, filters, want, recentOnly, opts);
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
