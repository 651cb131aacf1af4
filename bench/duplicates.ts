/**
 * Duplicates and hot topics (issue #7 points 3 and 4): the duplicate check the read benchmark times
 * (`duplicateCheckCall`, used by bench/reads.ts) and the evaluation on the real messages of ../shared/data:
 *
 *   npx tsx bench/duplicates.ts [--data ../shared/data]
 *   DATABASE_URL=… DATA_DIR=… npx tsx bench/duplicates.ts --db 1m     (the in-process check on a loaded database)
 *
 * `--db`: e.g. a database loaded by `npm run bench -- --db pg --scale 1m --reuse --load-only` (DATA_DIR = the kept
 * folder, which holds the key); besides the check it times a `select 1` round trip between the checks (the floor on
 * a loaded machine) and this process's CPU per check.
 *
 * prints the figures and the top 10 hot-topic clusters of the hotspot file with their messages; the last line is
 * one JSON object. The lookup is the service's own pipeline run in memory: LSH band hits (newest 30 per band key
 * within 90 days) ∪ the same caller's newest 20, ranked by server/modules/requests/domain/duplicates.ts.
 *
 * (a) teddy2020c-hotspot-train.csv (附件3, real re-posts, no labels). Silver standard: two messages are a re-post
 *     pair when they have the same user and bodies with character-bigram Jaccard ≥ 0.5, or the same title of 8 or
 *     more characters (an independent measure: bigrams of the body, not the 3-grams + jieba words of the
 *     signature). Messages arrive in date order, each looked up against the earlier ones of the last 90 days (user
 *     = caller's phone; no place is known). Recall@1 / @5: a silver partner is the first / among the first five
 *     candidates. Text false-alarm rate: messages with no silver partner that still get a text candidate
 *     (similar text ≥ 0.3) — an upper bound, since unlabelled re-posts count as false alarms. Random pairs: the
 *     share of 20,000 random pairs whose similarity reaches the threshold.
 * (b) teddy2020c-train.csv: the messages with n_copies > 1 (real re-posts in 附件2) re-submitted with realistic
 *     edits — title reworded, punctuation changed, traditional characters, a sentence added — against an index of
 *     the whole file: found at rank 1 (a message with the same body at rank 1 counts). Unrelated messages: 1,000
 *     hotspot messages looked up against the train index; share with a text candidate.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { ConverterFactory, Locale } from 'opencc-js/cn2t';
import {
  DUPLICATE_TEXT_MIN,
  DUPLICATE_WINDOW_DAYS,
  rankDuplicates,
} from '../server/modules/requests/domain/duplicates.js';
import {
  BAND_HITS_PER_KEY,
  CALLER_CANDIDATES,
  findDuplicateCandidateRows,
  TEXT_CANDIDATES,
} from '../server/modules/requests/duplicates.repository.js';
import { findDuplicates, getHotClusters } from '../server/modules/requests/duplicates.service.js';
import { PHONE_CONTEXT } from '../server/modules/requests/requests.service.js';
import type { Deps } from '../server/platform/deps.js';
import {
  bandKeys,
  clusterItems,
  parseCsvRecords,
  periodClusters,
  signatureSimilarity,
  textSignature,
} from '../server/platform/text/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------------------
// The duplicate check the read benchmark times (bench/reads.ts imports this file by path).

interface Session {
  cookie: string;
  csrf: string;
}

/** GET /api/requests/duplicates as the intake page calls it while the operator types (text, place, phone). */
export function duplicateCheckCall(base: string, session: Session) {
  return async (q: { text: string; divisionCode: string; phone?: string }): Promise<unknown> => {
    const params = new URLSearchParams({ text: q.text.slice(0, 5000), divisionCode: q.divisionCode });
    if (q.phone) params.set('phone', q.phone);
    const res = await fetch(`${base}/api/requests/duplicates?${params}`, { headers: { cookie: session.cookie } });
    if (!res.ok) throw new Error(`duplicates: ${res.status} ${(await res.text()).slice(0, 300)}`);
    return res.json();
  };
}

/** Nearest-rank percentiles of latencies in ms. */
function percentilesOf(values: number[]): { p50: number; p95: number; p99: number; n: number } {
  const v = [...values].sort((a, b) => a - b);
  const at = (p: number) => v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))] ?? 0;
  return { p50: round(at(50), 2), p95: round(at(95), 2), p99: round(at(99), 2), n: v.length };
}

/**
 * The duplicate check in process (service + database, no HTTP) on a loaded database: stored requests of the last 90
 * days typed again (title, body, place, the caller's phone), one call at a time; then the same lookup with the window
 * opened to the whole table (every request "recent": the band index probes then see all of them), and the hot-topic
 * clusters of the last 7 and 30 days. Figures: `duplicates_inproc_<label>_p50_ms` …
 */
export async function measureDuplicateChecks(
  deps: Deps,
  opts: { label: string; samples?: number },
): Promise<{ figures: Record<string, number>; detail: Record<string, unknown> }> {
  const actor = { userId: 0, scope: { kind: 'all' as const } };
  const { rows } = await sql<{
    id: number;
    title: string | null;
    body: string;
    divisionCode: string;
    phoneEnc: string | null;
  }>`select id, title, body, division_code as "divisionCode", citizen_phone_enc as "phoneEnc" from request
     where received_at >= ${new Date(deps.now().getTime() - DUPLICATE_WINDOW_DAYS * DAY_MS)}::timestamptz
     order by random() limit ${opts.samples ?? 300}`.execute(deps.db);
  const queries = rows.map((r) => ({
    title: r.title ?? undefined,
    text: r.body,
    divisionCode: String(r.divisionCode).trim(),
    phone: r.phoneEnc ? deps.cipher.decrypt(r.phoneEnc, PHONE_CONTEXT) : undefined,
  }));
  const figures: Record<string, number> = {};
  const detail: Record<string, unknown> = { sampled: queries.length };
  const put = (name: string, values: number[]) => {
    const p = percentilesOf(values);
    figures[`${name}_${opts.label}_p50_ms`] = p.p50;
    figures[`${name}_${opts.label}_p95_ms`] = p.p95;
    figures[`${name}_${opts.label}_p99_ms`] = p.p99;
    detail[name] = p;
  };
  for (const q of queries.slice(0, 20)) await findDuplicates(deps, actor, q); // warm-up
  const times: number[] = [];
  // The floor on this machine at this moment: one `select 1` round trip, timed between the checks (on a loaded
  // machine most of a check's time is waiting for a core, and this shows how much).
  const floor: number[] = [];
  let candidates = 0;
  let selfFirst = 0;
  const cpu0 = process.cpuUsage();
  let floorCpuUs = 0;
  for (const [i, q] of queries.entries()) {
    const t = performance.now();
    const found = await findDuplicates(deps, actor, q);
    times.push(performance.now() - t);
    const c0 = process.cpuUsage();
    const t1 = performance.now();
    await sql`select 1`.execute(deps.db);
    floor.push(performance.now() - t1);
    const c1 = process.cpuUsage(c0);
    floorCpuUs += c1.user + c1.system;
    candidates += found.length;
    // The stored request (or one of its bench copies, same text) comes first.
    if (found[0] && found[0].similarity === 1) selfFirst++;
    if (i === 0) detail.example = found.slice(0, 3);
  }
  const cpu = process.cpuUsage(cpu0);
  put('duplicates_inproc', times);
  put('duplicates_floor_select1', floor);
  // This process's CPU per check (signature, statement, ranking; the database server's own CPU not included).
  figures[`duplicates_inproc_${opts.label}_cpu_ms`] = round(
    (cpu.user + cpu.system - floorCpuUs) / 1000 / Math.max(1, queries.length),
    2,
  );
  detail.candidatesPerCheck = round(candidates / Math.max(1, queries.length), 1);
  detail.identicalTextFirst = round(selfFirst / Math.max(1, queries.length));
  // Every request in the window: the same probes with `since` at the epoch, then the ranking.
  const wide: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    const signature = textSignature(q.title, q.text);
    const found = await findDuplicateCandidateRows(
      deps.db,
      actor.scope,
      0,
      { bandKeys: bandKeys(signature), phoneHash: q.phone ? deps.cipher.lookupHash(q.phone) : undefined },
      new Date(0),
    );
    rankDuplicates(
      found.map((r) => ({
        item: r.id,
        evidence: {
          similarity: r.signature ? signatureSimilarity(signature, r.signature) : 0,
          samePlace: r.divisionCode === q.divisionCode,
          sameCaller: r.samePhone,
          ageDays: 0,
        },
      })),
      20,
    );
    wide.push(performance.now() - t);
  }
  put('duplicates_all_in_window', wide);
  for (const period of ['week', 'month'] as const) {
    const t: number[] = [];
    let last: Awaited<ReturnType<typeof getHotClusters>> | null = null;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      last = await getHotClusters(deps, actor, { period });
      t.push(performance.now() - t0);
    }
    put(`hot_clusters_${period}`, t);
    detail[`hot_clusters_${period}_examined`] = last?.examined;
    detail[`hot_clusters_${period}_top`] = last?.clusters
      .slice(0, 3)
      .map((c) => ({ title: c.title, place: c.divisionName, size: c.size, previous: c.previous, growth: c.growth }));
  }
  return { figures, detail };
}

// ---------------------------------------------------------------------------------------------------------------
// The evaluation on real messages.

interface Message {
  title: string;
  body: string;
  user: string;
  at: number;
  signature: number[];
  keys: number[];
}

type Ranked = { index: number; score: number; similarity: number; sameCaller: boolean };

/** The lookup of duplicates.repository.ts + duplicates.service.ts over an in-memory index (messages added in date order). */
class MemoryIndex {
  readonly messages: Message[] = [];
  private readonly byKey = new Map<number, number[]>();
  private readonly byUser = new Map<string, number[]>();

  add(m: Message): number {
    const i = this.messages.push(m) - 1;
    for (const k of m.keys) {
      const list = this.byKey.get(k);
      if (list) list.push(i);
      else this.byKey.set(k, [i]);
    }
    if (m.user) {
      const list = this.byUser.get(m.user);
      if (list) list.push(i);
      else this.byUser.set(m.user, [i]);
    }
    return i;
  }

  lookup(q: { signature: number[]; keys: number[]; user?: string; at: number }, limit = 20): Ranked[] {
    const since = q.at - DUPLICATE_WINDOW_DAYS * DAY_MS;
    const newest = (list: number[] | undefined, n: number): number[] => {
      const out: number[] = [];
      if (!list) return out;
      for (let j = list.length - 1; j >= 0 && out.length < n; j--) {
        const m = this.messages[list[j] as number] as Message;
        if (m.at > q.at) continue;
        if (m.at < since) break;
        out.push(list[j] as number);
      }
      return out;
    };
    // As the repository: the TEXT_CANDIDATES sharing the most band keys (newest first on ties), ∪ the caller's newest.
    const bands = new Map<number, number>();
    for (const k of q.keys)
      for (const i of newest(this.byKey.get(k), BAND_HITS_PER_KEY)) bands.set(i, (bands.get(i) ?? 0) + 1);
    const ids = new Set(
      [...bands.entries()]
        .sort((a, b) => b[1] - a[1] || b[0] - a[0])
        .slice(0, TEXT_CANDIDATES)
        .map(([i]) => i),
    );
    if (q.user) for (const i of newest(this.byUser.get(q.user), CALLER_CANDIDATES)) ids.add(i);
    return rankDuplicates(
      [...ids].map((index) => {
        const m = this.messages[index] as Message;
        return {
          item: index,
          evidence: {
            similarity: signatureSimilarity(q.signature, m.signature),
            samePlace: false,
            sameCaller: !!q.user && m.user === q.user,
            ageDays: Math.max(0, (q.at - m.at) / DAY_MS),
          },
        };
      }),
      limit,
    ).map((r) => {
      const m = this.messages[r.item] as Message;
      return {
        index: r.item,
        score: r.score,
        similarity: signatureSimilarity(q.signature, m.signature),
        sameCaller: !!q.user && m.user === q.user,
      };
    });
  }
}

function signed(title: string, body: string, user: string, at: number): Message {
  const signature = textSignature(title, body);
  return { title, body, user, at, signature, keys: bandKeys(signature) };
}

const bigrams = (s: string) => {
  const chars = Array.from(s.replace(/[\s\p{P}\p{S}]/gu, ''));
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  return out;
};
function jaccardOf(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** A deterministic generator (mulberry32) for the random pairs and samples. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

function evaluateHotspot(rows: Record<string, string>[]) {
  const t0 = performance.now();
  const messages = rows
    .map((r) =>
      signed(r.title ?? '', r.body ?? '', r.user ?? '', Date.parse(`${(r.date ?? '').replace(' ', 'T')}+08:00`)),
    )
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => Number.isFinite(m.at))
    .sort((a, b) => a.m.at - b.m.at || a.i - b.i)
    .map(({ m }) => m);
  const signMs = (performance.now() - t0) / messages.length;
  // Silver standard: same user and near-identical body (bigram Jaccard ≥ 0.5), or the same title of ≥ 8 characters.
  const grams = messages.map((m) => bigrams(m.body));
  const partners: Set<number>[] = messages.map(() => new Set());
  let pairs = 0;
  for (let i = 0; i < messages.length; i++) {
    for (let j = i + 1; j < messages.length; j++) {
      const a = messages[i] as Message;
      const b = messages[j] as Message;
      const silver =
        (a.title === b.title && Array.from(a.title).length >= 8) ||
        (a.user !== '' && a.user === b.user && jaccardOf(grams[i] as Set<string>, grams[j] as Set<string>) >= 0.5);
      if (silver) {
        partners[i]?.add(j);
        partners[j]?.add(i);
        pairs++;
      }
    }
  }
  const run = (withCaller: boolean) => {
    const index = new MemoryIndex();
    let queries = 0;
    let at1 = 0;
    let at5 = 0;
    let unrelated = 0;
    let falseAlarms = 0;
    let lookupMs = 0;
    messages.forEach((m, i) => {
      const t = performance.now();
      const found = index.lookup({ ...m, ...(withCaller ? { user: m.user } : { user: '' }) });
      lookupMs += performance.now() - t;
      const earlier = [...(partners[i] as Set<number>)].filter(
        (j) => j < i && (messages[j] as Message).at >= m.at - DUPLICATE_WINDOW_DAYS * DAY_MS,
      );
      if (earlier.length > 0) {
        queries++;
        if (found[0] && earlier.includes(found[0].index)) at1++;
        if (found.slice(0, 5).some((c) => earlier.includes(c.index))) at5++;
      } else if ((partners[i] as Set<number>).size === 0) {
        unrelated++;
        if (found.some((c) => c.similarity >= DUPLICATE_TEXT_MIN)) falseAlarms++;
      }
      index.add(m);
    });
    return {
      queries,
      recallAt1: round(at1 / Math.max(1, queries)),
      recallAt5: round(at5 / Math.max(1, queries)),
      unrelated,
      textFalseAlarmRate: round(falseAlarms / Math.max(1, unrelated)),
      lookupMsInMemory: round(lookupMs / messages.length, 4),
    };
  };
  const random = rng(7);
  let similarRandom = 0;
  const RANDOM_PAIRS = 20_000;
  for (let k = 0; k < RANDOM_PAIRS; k++) {
    const a = messages[Math.floor(random() * messages.length)] as Message;
    const b = messages[Math.floor(random() * messages.length)] as Message;
    if (a !== b && signatureSimilarity(a.signature, b.signature) >= DUPLICATE_TEXT_MIN) similarRandom++;
  }
  return {
    messages: messages.length,
    silverPairs: pairs,
    signatureMsPerMessage: round(signMs, 3),
    withCaller: run(true),
    textOnly: run(false),
    randomPairsSimilarRate: round(similarRandom / RANDOM_PAIRS, 5),
    sorted: messages,
  };
}

function evaluateTrain(train: Record<string, string>[], hotspot: Record<string, string>[]) {
  const index = new MemoryIndex();
  const now = Date.parse('2020-01-01T00:00:00+08:00');
  for (const r of train) index.add(signed(r.title ?? '', r.body ?? '', '', now));
  const toTraditional = ConverterFactory(Locale.from.cn ?? [], Locale.to.tw ?? []);
  const reword = (t: string) =>
    `再次反映${t.replace(/^(关于|反映|投诉|咨询|请求|建议)/, '').replace(/的?问题$/, '')}的问题`;
  const punctuate = (s: string) =>
    s.replace(/，/g, ', ').replace(/。/g, '. ').replace(/！/g, '!').replace(/？/g, '?').replace(/：/g, ':');
  const ADDED = '此事已反映多次，至今没有得到解决，恳请领导重视，尽快给个答复！';
  const edits: Record<string, (r: { title: string; body: string }) => { title: string; body: string }> = {
    titleReworded: (r) => ({ title: reword(r.title), body: r.body }),
    punctuation: (r) => ({ title: punctuate(r.title), body: punctuate(r.body) }),
    traditional: (r) => ({ title: toTraditional(r.title), body: toTraditional(r.body) }),
    sentenceAdded: (r) => ({ title: r.title, body: `${r.body}${ADDED}` }),
    allFour: (r) => ({
      title: toTraditional(punctuate(reword(r.title))),
      body: toTraditional(punctuate(`${r.body}${ADDED}`)),
    }),
  };
  const reposted = train.filter((r) => Number(r.n_copies) > 1);
  const found: Record<string, number> = {};
  for (const [name, edit] of Object.entries(edits)) {
    let ok = 0;
    for (const r of reposted) {
      const e = edit({ title: r.title ?? '', body: r.body ?? '' });
      const top = index.lookup({ ...signed(e.title, e.body, '', now), user: '' })[0];
      if (top && index.messages[top.index]?.body === r.body) ok++;
    }
    found[name] = round(ok / Math.max(1, reposted.length));
  }
  const trainBodies = new Set(train.map((r) => r.body));
  const random = rng(11);
  const others = hotspot.filter((r) => !trainBodies.has(r.body ?? ''));
  let flagged = 0;
  const SAMPLE = Math.min(1000, others.length);
  for (let k = 0; k < SAMPLE; k++) {
    const r = others[Math.floor(random() * others.length)] as Record<string, string>;
    const c = index.lookup({ ...signed(r.title ?? '', r.body ?? '', '', now), user: '' });
    if (c.some((x) => x.similarity >= DUPLICATE_TEXT_MIN)) flagged++;
  }
  return {
    indexed: train.length,
    reposted: reposted.length,
    foundAtRank1: found,
    unrelatedSample: SAMPLE,
    unrelatedFlaggedRate: round(flagged / Math.max(1, SAMPLE)),
  };
}

const month = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 7);

function hotspotClusters(messages: Message[]) {
  const t0 = performance.now();
  const items = messages.map((m) => ({ signature: m.signature, places: [] as string[] }));
  const clusters = clusterItems(items, { minSize: 2 });
  const clusterMs = performance.now() - t0;
  const top = clusters.slice(0, 10).map((members) => {
    const ms = members.map((i) => messages[i] as Message);
    const months = ms.map((m) => month(m.at)).sort();
    return {
      size: members.length,
      users: new Set(ms.map((m) => m.user)).size,
      from: months[0],
      to: months[months.length - 1],
      titles: ms.map((m) => m.title),
    };
  });
  // Per month, against the previous month (the API's period view): clusters of 3+ in the month, and the biggest.
  const byMonth = [...new Set(messages.map((m) => month(m.at)))].sort();
  const monthly = byMonth.slice(1).map((mon, k) => {
    const prev = byMonth[k] as string;
    const window = messages.filter((m) => month(m.at) === mon || month(m.at) === prev);
    const found = periodClusters(
      window.map((m) => ({ signature: m.signature, places: [], inCurrent: month(m.at) === mon })),
    );
    const best = found[0];
    return {
      month: mon,
      messages: window.filter((m) => month(m.at) === mon).length,
      clusters: found.length,
      biggest: best
        ? {
            size: best.current,
            previous: best.previous,
            growth: best.growth,
            title: (window[best.members[best.members.length - 1] as number] as Message).title,
          }
        : null,
    };
  });
  return {
    clusters: clusters.length,
    clusteredMessages: clusters.reduce((n, c) => n + c.length, 0),
    clusterMs: round(clusterMs, 1),
    top,
    monthly,
  };
}

/** `--db`: the in-process duplicate check on the database of DATABASE_URL (+ DATA_DIR for its key), e.g. a kept bench. */
async function mainDb(label: string): Promise<void> {
  const { loadConfig } = await import('../server/config.js');
  const { createDeps } = await import('../server/main.js');
  const { deps, handle } = await createDeps(loadConfig(), { createKey: false });
  try {
    const { n } = (await sql<{ n: number }>`select count(*)::int as n from request`.execute(deps.db)).rows[0] ?? {
      n: 0,
    };
    const r = await measureDuplicateChecks(deps, { label });
    console.log(
      `Duplicate check in process on ${n.toLocaleString('en')} requests (${String(r.detail.sampled)} sampled of the last 90 days):`,
    );
    for (const name of [
      'duplicates_inproc',
      'duplicates_floor_select1',
      'duplicates_all_in_window',
      'hot_clusters_week',
      'hot_clusters_month',
    ]) {
      const p = r.detail[name] as { p50: number; p95: number; p99: number; n: number };
      console.log(`  ${name.padEnd(26)} p50 / p95 / p99 ${p.p50} / ${p.p95} / ${p.p99} ms (${p.n} calls)`);
    }
    console.log(
      `  candidates per check ${String(r.detail.candidatesPerCheck)}; identical text first ${String(r.detail.identicalTextFirst)}; ` +
        `this process's CPU per check ${String(r.figures[`duplicates_inproc_${label}_cpu_ms`])} ms; load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    console.log(
      `  hot clusters, 7 days (${String(r.detail.hot_clusters_week_examined)} examined):`,
      JSON.stringify(r.detail.hot_clusters_week_top),
    );
    console.log(
      `  hot clusters, 30 days (${String(r.detail.hot_clusters_month_examined)} examined):`,
      JSON.stringify(r.detail.hot_clusters_month_top),
    );
    console.log(JSON.stringify({ requests: n, ...r.figures }));
  } finally {
    await handle.close();
  }
}

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes('--db')) {
    mainDb(args[args.indexOf('--db') + 1] ?? 'db').catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
    return;
  }
  const at = args.indexOf('--data');
  const dataDir = path.resolve(ROOT, at >= 0 ? (args[at + 1] ?? '') : '../shared/data');
  const hotspotFile = path.join(dataDir, 'teddy2020c-hotspot-train.csv');
  const trainFile = path.join(dataDir, 'teddy2020c-train.csv');
  if (!fs.existsSync(hotspotFile) || !fs.existsSync(trainFile)) {
    console.log(`No data in ${dataDir} (teddy2020c-hotspot-train.csv, teddy2020c-train.csv): nothing to evaluate.`);
    console.log(JSON.stringify({ skipped: true, dataDir }));
    return;
  }
  const hotspot = parseCsvRecords(fs.readFileSync(hotspotFile, 'utf8'));
  const train = parseCsvRecords(fs.readFileSync(trainFile, 'utf8'));

  const a = evaluateHotspot(hotspot);
  console.log(`(a) hotspot file: ${a.messages} messages, ${a.silverPairs} silver re-post pairs`);
  console.log(`    signature ${a.signatureMsPerMessage} ms per message (normalise + jieba + 64 MinHashes)`);
  for (const [name, r] of [
    ['with caller', a.withCaller],
    ['text only  ', a.textOnly],
  ] as const) {
    console.log(
      `    ${name}: ${r.queries} messages with an earlier partner: recall@1 ${r.recallAt1}, recall@5 ${r.recallAt5}; ` +
        `${r.unrelated} without any: text candidate for ${(r.textFalseAlarmRate * 100).toFixed(1)} %; lookup ${r.lookupMsInMemory} ms in memory`,
    );
  }
  console.log(
    `    random pairs with similarity ≥ ${DUPLICATE_TEXT_MIN}: ${(a.randomPairsSimilarRate * 100).toFixed(3)} %`,
  );

  const b = evaluateTrain(train, hotspot);
  console.log(`(b) train file: ${b.reposted} messages with n_copies > 1 re-submitted against ${b.indexed} indexed`);
  for (const [name, v] of Object.entries(b.foundAtRank1)) console.log(`    ${name.padEnd(14)} found at rank 1: ${v}`);
  console.log(
    `    unrelated (hotspot messages not in the train file): ${(b.unrelatedFlaggedRate * 100).toFixed(1)} % of ${b.unrelatedSample} get a text candidate`,
  );

  const c = hotspotClusters(a.sorted);
  console.log(
    `Hot-topic clusters (热点) of the hotspot file: ${c.clusters} clusters of 2+ holding ${c.clusteredMessages} messages (${c.clusterMs} ms)`,
  );
  c.top.forEach((cl, k) => {
    console.log(`  ${k + 1}. ${cl.size} messages, ${cl.users} users, ${cl.from} … ${cl.to}`);
    for (const t of cl.titles.slice(0, 6)) console.log(`       - ${t}`);
    if (cl.titles.length > 6) console.log(`       … ${cl.titles.length - 6} more`);
  });
  const busiest = [...c.monthly].sort((x, y) => y.clusters - x.clusters).slice(0, 3);
  console.log('  Months with the most clusters of 3+ (vs the previous month):');
  for (const m of busiest) {
    const g = m.biggest;
    console.log(
      `    ${m.month}: ${m.messages} messages, ${m.clusters} clusters` +
        (g ? `; biggest ${g.size} (previous month ${g.previous}, growth ${g.growth ?? 'new'}): ${g.title}` : ''),
    );
  }
  console.log(
    JSON.stringify({
      hotspot: {
        messages: a.messages,
        silverPairs: a.silverPairs,
        withCaller: a.withCaller,
        textOnly: a.textOnly,
        randomPairsSimilarRate: a.randomPairsSimilarRate,
        signatureMsPerMessage: a.signatureMsPerMessage,
      },
      train: b,
      clusters: {
        count: c.clusters,
        clusteredMessages: c.clusteredMessages,
        top10Sizes: c.top.map((x) => x.size),
        monthsWithClusters: c.monthly.filter((m) => m.clusters > 0).length,
      },
    }),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
