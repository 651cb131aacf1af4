// Global search at scale (issue #7 point 2): times `searchRequests` — the code behind GET /api/search?kind=requests —
// against a scratch PostgreSQL database filled by bench/search-scale.sql (see there for the steps). Prints one line
// per case with p50/p95/p99, and as its last line one JSON object with every figure.
//   SEARCH_DB_URL=postgres://postgres@127.0.0.1:5432/lianxin_search npx tsx bench/search-scale.ts
import { loadavg } from 'node:os';
import type { Scope } from '../contracts/roles.js';
import { searchRequests } from '../server/modules/requests/index.js';
import { openDatabase } from '../server/platform/db/database.js';
import { searchTerms } from '../server/platform/text/highlight.js';

const url = process.env.SEARCH_DB_URL;
if (!url) {
  console.error('Set SEARCH_DB_URL to the scratch database filled by bench/search-scale.sql');
  process.exit(2);
}
const handle = await openDatabase({ databaseUrl: url, poolSize: 4 });
const db = handle.db;

// Real substrings: 4–8 characters from a run of Chinese characters of a random stored message (seeded, so every run
// asks the same questions); and five common words (two of them two characters: the newest-20,000 window).
let seed = 7;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const bodies = (await db
  .selectFrom('m2' as never)
  .select('body' as never)
  .execute()) as { body: string }[];
const queries: string[] = [];
while (queries.length < 100) {
  const runs = bodies[Math.floor(rnd() * bodies.length)]?.body.match(/[\u4e00-\u9fff]{8,}/g) ?? [];
  const run = runs[Math.floor(rnd() * runs.length)];
  if (!run) continue;
  const len = 4 + Math.floor(rnd() * 5);
  const at = Math.floor(rnd() * (run.length - len));
  queries.push(run.slice(at, at + len));
}
const common = ['幼儿园', '房产证', '小区物业', '拆迁', '噪音'];
// Two-character substrings of stored texts (no trigram: the newest-20,000 window), common or rare alike.
const twoChars: string[] = [];
while (twoChars.length < 30) {
  const runs = bodies[Math.floor(rnd() * bodies.length)]?.body.match(/[\u4e00-\u9fff]{4,}/g) ?? [];
  const run = runs[Math.floor(rnd() * runs.length)];
  if (!run) continue;
  const at = Math.floor(rnd() * (run.length - 2));
  twoChars.push(run.slice(at, at + 2));
}
// Misses: real substrings with one character changed to one no message uses, so every window is looked through.
const misses = queries.slice(0, 30).map((q) => `${q.slice(0, -1)}鿏`);
const all: Scope = { kind: 'all' };
const township: Scope = { kind: 'division', divisionCode: '430100003000' };
const actorOf = (scope: Scope) => ({
  userId: 1,
  username: 'bench',
  displayName: 'bench',
  permissions: new Set<never>(),
  scope,
  unitId: null,
  roles: [],
});

const figures: Record<string, number> = {};
async function measure(key: string, label: string, qs: string[], scope: Scope, sort: 'relevance' | 'newest', page = 1) {
  const times: number[] = [];
  let found = 0;
  let slowest = { q: '', ms: 0 };
  for (const q of qs) {
    const started = performance.now();
    const g = await searchRequests({ db }, actorOf(scope), {
      terms: searchTerms(q),
      sort,
      page,
      pageSize: 10,
      lang: 'zh',
    });
    const ms = performance.now() - started;
    times.push(ms);
    if (ms > slowest.ms) slowest = { q, ms };
    if (g.items.length > 0) found += 1;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 10) / 10;
  figures[`${key}_p50_ms`] = at(0.5);
  figures[`${key}_p95_ms`] = at(0.95);
  figures[`${key}_p99_ms`] = at(0.99);
  console.log(
    `${label}: ${qs.length} queries, ${found} found; p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms (slowest: "${slowest.q}")`,
  );
}

const count = await db
  .selectFrom('request')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
console.log(
  `${Number(count.n)} requests; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const loadStart = Math.round(loadavg()[0]! * 100) / 100;
await measure('warmup', 'warm-up', queries.slice(0, 5), all, 'newest');
await measure('substring_all_newest', 'real substrings, whole county, newest', queries, all, 'newest');
await measure('substring_township_newest', 'real substrings, one township, newest', queries, township, 'newest');
await measure('substring_all_relevance', 'real substrings, whole county, relevance', queries, all, 'relevance');
await measure('common_all_newest', 'common words, whole county, newest', common, all, 'newest');
await measure('common_township_newest', 'common words, one township, newest', common, township, 'newest');
await measure('common_all_relevance', 'common words, whole county, relevance', common, all, 'relevance');
await measure('common_township_relevance', 'common words, one township, relevance', common, township, 'relevance');
await measure('common_all_page5', 'common words, whole county, newest, page 5', common, all, 'newest', 5);
await measure('two_chars_all_newest', 'two-character substrings, whole county, newest', twoChars, all, 'newest');
await measure(
  'two_chars_township_newest',
  'two-character substrings, one township, newest',
  twoChars,
  township,
  'newest',
);
await measure('misses_all_newest', 'misses (4–8 characters), whole county, newest', misses, all, 'newest');
await measure('misses_township_newest', 'misses, one township, newest', misses, township, 'newest');
delete figures.warmup_p50_ms;
delete figures.warmup_p95_ms;
delete figures.warmup_p99_ms;
await handle.close();
const loadEnd = Math.round(loadavg()[0]! * 100) / 100;
console.log(
  `load average at the end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(JSON.stringify({ requests: Number(count.n), load1_start: loadStart, load1_end: loadEnd, ...figures }));
