/**
 * The read benchmarks of issue #9 (point 3), over HTTP against the bench server, one call (or one page load) at a
 * time, each bounded in count and time:
 *   - detail: GET /api/requests/:id of random ids, as the demo dispatcher (whole county);
 *   - inbox: the unit handler's queue as its page loads it — the fullest of the unit's queues (20 rows) and the queue
 *     counts, in parallel, measured as a whole (demo `handler`, 住建局);
 *   - search: CJK substrings (2–4 characters) drawn from stored titles and bodies, one in ten a miss — GET /api/search
 *     when the server has it, else the request list's `q` filter (substring of title, text, address, number);
 *   - duplicates: the duplicate check an operator's intake runs (bench/duplicates.ts when present, else
 *     GET /api/requests/duplicates with a stored body and its division);
 *   - dashboard: the leader dashboard as one page load — every call its page makes (period totals, 6-month trend,
 *     department ranking of the last month, last week's hot topics), in parallel, measured as a whole.
 * Figures: `<read>_<db>_<scale>_p50_ms` / `_p95_ms` / `_p99_ms` and `<read>_<db>_<scale>_n` (calls measured).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface Session {
  cookie: string;
  csrf: string;
}

export async function login(base: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const me = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: me.csrfToken };
}

export async function getJson<T = unknown>(base: string, session: Session, url: string): Promise<T> {
  const res = await fetch(`${base}${url}`, { headers: { cookie: session.cookie } });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

/** Nearest-rank percentiles of latencies in ms (sorted in place). */
export function percentiles(values: number[]): Percentiles {
  values.sort((a, b) => a - b);
  const at = (p: number) => values[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)] ?? 0;
  return { p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), n: values.length };
}

/** Runs `call` at most `maxCalls` times and for at most `maxMs`, one after another; latencies in ms. */
export async function timeCalls(
  call: (i: number) => Promise<unknown>,
  maxCalls: number,
  maxMs: number,
): Promise<number[]> {
  const out: number[] = [];
  const deadline = performance.now() + maxMs;
  for (let i = 0; i < maxCalls && performance.now() < deadline; i++) {
    const t0 = performance.now();
    await call(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** A small deterministic generator (mulberry32), so a run draws the same ids and substrings for the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CJK = /^[\u4e00-\u9fff]+$/;
/** Characters no demo text uses: the search's miss. */
const MISS = ['龘靐', '齉龖麤', '爨灪鸞驫'];

/** 2–4 character CJK substrings of the texts (no punctuation or digits inside). */
export function cjkSubstrings(texts: readonly string[], count: number, random: () => number): string[] {
  const runs = texts.flatMap((t) => t.split(/[^\u4e00-\u9fff]+/).filter((r) => r.length >= 2));
  const out: string[] = [];
  for (let tries = 0; out.length < count && runs.length > 0 && tries < count * 20; tries++) {
    const run = runs[Math.floor(random() * runs.length)] as string;
    const len = Math.min(run.length, 2 + Math.floor(random() * 3));
    const start = Math.floor(random() * (run.length - len + 1));
    const sub = run.slice(start, start + len);
    if (CJK.test(sub)) out.push(sub);
  }
  return out;
}

export interface ReadsOptions {
  base: string;
  db: string;
  label: string;
  /** Ids of stored requests drawn across the table (ids have gaps: the raw INSERT's copies are removed). */
  requestIds: number[];
  password: (username: string) => string;
  quick: boolean;
  /** The last complete month (YYYY-MM) and the first month of the dashboard's default 6-month period. */
  month: string;
  periodFrom: string;
}

interface DetailBody {
  id: number;
  title: string | null;
  body: string;
  divisionCode: string;
}

type DuplicateCheck = (q: { text: string; divisionCode: string; phone?: string }) => Promise<unknown>;

/**
 * bench/duplicates.ts (another part of the bench) may export a duplicate-check call; when it does, the bench uses it,
 * else the duplicates route as the intake page calls it.
 */
async function duplicateCheck(base: string, session: Session): Promise<{ how: string; check: DuplicateCheck }> {
  const file = path.join(ROOT, 'bench', 'duplicates.ts');
  if (fs.existsSync(file)) {
    // By path: the file may not exist in every checkout (tsx runs the bench, so a .ts URL imports).
    const mod = (await import(pathToFileURL(file).href).catch(() => null)) as Record<string, unknown> | null;
    const make = mod?.duplicateCheckCall;
    if (typeof make === 'function') {
      return { how: 'bench/duplicates.ts', check: (make as (b: string, s: Session) => DuplicateCheck)(base, session) };
    }
  }
  return {
    how: 'GET /api/requests/duplicates',
    check: (q) =>
      getJson(
        base,
        session,
        `/api/requests/duplicates?${new URLSearchParams({ text: q.text, divisionCode: q.divisionCode })}`,
      ),
  };
}

/** The ISO week (YYYY-Www, Shanghai time) of an instant: the dashboard's hot-topics card asks for last week's. */
function isoWeek(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3_600_000);
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const weekday = (local.getUTCDay() + 6) % 7;
  const thursday = new Date(day + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export async function measureReads(
  o: ReadsOptions,
): Promise<{ figures: Record<string, number>; detail: Record<string, unknown> }> {
  const figures: Record<string, number> = {};
  const detail: Record<string, unknown> = {};
  const maxCalls = o.quick ? 25 : 200;
  const maxMs = o.quick ? 5_000 : 60_000;
  const pageCalls = o.quick ? 8 : 50;
  const put = (name: string, p: Percentiles) => {
    figures[`${name}_${o.db}_${o.label}_p50_ms`] = p.p50;
    figures[`${name}_${o.db}_${o.label}_p95_ms`] = p.p95;
    figures[`${name}_${o.db}_${o.label}_p99_ms`] = p.p99;
    figures[`${name}_${o.db}_${o.label}_n`] = p.n;
    detail[name] = p;
  };
  const random = rng(20261206);
  const dispatcher = await login(o.base, 'dispatcher', o.password('dispatcher'));
  const handler = await login(o.base, 'handler', o.password('handler'));
  const leader = await login(o.base, 'leader', o.password('leader'));

  // Request detail: random ids across the whole table; the texts feed the search and the duplicate check.
  const samples: DetailBody[] = [];
  const ids = Array.from({ length: maxCalls }, () => o.requestIds[Math.floor(random() * o.requestIds.length)]);
  put(
    'detail',
    percentiles(
      await timeCalls(
        async (i) => {
          const d = await getJson<DetailBody>(o.base, dispatcher, `/api/requests/${ids[i]}`);
          if (samples.length < 200) samples.push(d);
        },
        maxCalls,
        maxMs,
      ),
    ),
  );

  // Unit inbox: the fullest of the handler's unit queues, as its page loads it (list + tab counts).
  const counts = await getJson<{ queue: string; count: number }[]>(o.base, handler, '/api/requests/queue-counts');
  const unitQueues = counts.filter((c) => ['to_accept', 'in_progress', 'due_soon', 'unit_overdue'].includes(c.queue));
  const fullest = [...unitQueues].sort((a, b) => b.count - a.count)[0] ?? { queue: 'in_progress', count: 0 };
  detail.inboxQueue = fullest;
  const part = { list: [] as number[], counts: [] as number[] };
  const timed = async (into: number[], url: string) => {
    const t0 = performance.now();
    await getJson(o.base, handler, url);
    into.push(performance.now() - t0);
  };
  put(
    'inbox',
    percentiles(
      await timeCalls(
        () =>
          Promise.all([
            timed(part.list, `/api/requests?queue=${fullest.queue}&page=1&pageSize=20`),
            timed(part.counts, '/api/requests/queue-counts'),
          ]),
        pageCalls,
        maxMs,
      ),
    ),
  );
  // Its two calls apart (each measured while the other runs): which one the page waits for.
  figures[`inbox_list_${o.db}_${o.label}_p50_ms`] = percentiles(part.list).p50;
  figures[`inbox_counts_${o.db}_${o.label}_p50_ms`] = percentiles(part.counts).p50;

  // CJK substring search: substrings of stored titles and bodies, every tenth a miss.
  const texts = samples.flatMap((s) => [s.title ?? '', s.body]);
  const terms = cjkSubstrings(texts, maxCalls, random).map((t, i) =>
    i % 10 === 9 ? (MISS[i % MISS.length] as string) : t,
  );
  const probe = await fetch(`${o.base}/api/search?q=${encodeURIComponent('路灯')}`, {
    headers: { cookie: dispatcher.cookie },
  });
  await probe.arrayBuffer();
  const searchUrl =
    probe.status === 200
      ? (q: string) => `/api/search?q=${encodeURIComponent(q)}`
      : (q: string) => `/api/requests?q=${encodeURIComponent(q)}&page=1&pageSize=20`;
  detail.searchEndpoint = probe.status === 200 ? 'GET /api/search' : 'GET /api/requests?q=';
  detail.searchTerms = terms.slice(0, 20);
  const hits: number[] = [];
  const misses: number[] = [];
  const deadline = performance.now() + maxMs;
  for (let i = 0; i < terms.length && performance.now() < deadline; i++) {
    const term = terms[i] as string;
    const t0 = performance.now();
    await getJson(o.base, dispatcher, searchUrl(term));
    (MISS.includes(term) ? misses : hits).push(performance.now() - t0);
  }
  put('search', percentiles([...hits, ...misses]));
  const miss = percentiles(misses);
  figures[`search_miss_${o.db}_${o.label}_p50_ms`] = miss.p50;
  figures[`search_miss_${o.db}_${o.label}_p95_ms`] = miss.p95;

  // Duplicate check: a stored body and its division, as an operator typing it again would.
  const operator = await login(o.base, 'operator', o.password('operator'));
  const dup = await duplicateCheck(o.base, operator);
  detail.duplicatesVia = dup.how;
  put(
    'duplicates',
    percentiles(
      await timeCalls(
        (i) => {
          const s = samples[i % Math.max(1, samples.length)];
          if (!s) throw new Error('bench reads: no request detail sampled for the duplicate check');
          return dup.check({ text: s.body, divisionCode: s.divisionCode });
        },
        maxCalls,
        maxMs,
      ),
    ),
  );

  // The leader dashboard as one page load: every call of /metrics (default period: the last 6 complete months).
  const week = isoWeek(new Date(Date.now() - 7 * 86_400_000));
  const calls = [
    `/api/metrics/divisions?from=${o.periodFrom}&to=${o.month}&level=county`,
    `/api/metrics/trend?from=${o.periodFrom}&to=${o.month}`,
    `/api/metrics/ranking?month=${o.month}&unitKind=department`,
    `/api/metrics/hot-topics?week=${week}&limit=10`,
  ];
  detail.dashboardCalls = calls;
  put(
    'dashboard',
    percentiles(await timeCalls(() => Promise.all(calls.map((url) => getJson(o.base, leader, url))), pageCalls, maxMs)),
  );
  return { figures, detail };
}
