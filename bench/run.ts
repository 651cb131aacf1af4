/**
 * `npm run bench [-- --quick] [--db pglite|pg|both] [--scale N] [--reuse] [--load-only]`: Lianxin's benchmarks (issue
 * #5's performance part; issue #9 adds more). `--load-only` stops after step 1 (the database loaded, nothing timed; with
 * `--reuse` the data is kept for `bench/duplicates.ts --db 1m` and the like). For each database:
 *   1. a fresh bench database (PostgreSQL: BENCH_DATABASE_URL, its schema dropped and recreated; PGlite: a temporary
 *      folder) filled with the demo county and N requests of its year through the app's own demo loader;
 *   2. intake over HTTP: the real app in a child process (bench/server.ts, pinned to core 0), autocannon here (pinned
 *      to core 1), 32 connections POSTing new requests as the demo operator, unique idempotency keys;
 *   3. in the same run, a raw parameterised INSERT of the same rows (every row an intake writes: the request with its
 *      searched text, events, audit entry, facts, text signature and 16 band keys) with 32 concurrent loops;
 *   4. reads as the demo leader: the monthly ranking of every class of unit, and the leader dashboard's calls.
 * Writes bench/results/<timestamp>-<db>.json and bench/results/latest.json, prints a summary table, and prints as its
 * LAST line one JSON object with every figure (the names the README uses). Loopback only; every loop is bounded in
 * count and time.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { rssMb, startServe } from './cold-start.js';
import { resetPgDatabase } from './pg-reset.js';
import type { ParentMessage, RawResult, ReadyMessage, ServerMessage } from './protocol.js';
import { measureReads } from './reads.js';
import { buildAndWeigh, chromiumAvailable, intakeTti, webSizeFigures } from './web.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/lianxin_bench';
const CONNECTIONS = 32;

type DbKind = 'pglite' | 'pg';

interface Options {
  quick: boolean;
  dbs: DbKind[] | null;
  scale: number | null;
  pgUrl: string;
  /** Keep the data between runs (a fixed folder, PostgreSQL not reset): a development aid for the reads. */
  reuse: boolean;
  /** Load the database (step 1) and stop: no intake, no reads, no results file. */
  loadOnly: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = {
    quick: false,
    dbs: null,
    scale: null,
    pgUrl: process.env.BENCH_DATABASE_URL ?? DEFAULT_PG_URL,
    reuse: false,
    loadOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') opts.quick = true;
    else if (arg === '--reuse') opts.reuse = true;
    else if (arg === '--load-only') opts.loadOnly = true;
    else if (arg === '--db') {
      const v = value();
      if (v === 'both') opts.dbs = ['pg', 'pglite'];
      else if (v === 'pg' || v === 'pglite') opts.dbs = [v];
      else throw new Error(`--db pglite|pg|both, not ${v}`);
    } else if (arg === '--scale') {
      const v = value().toLowerCase();
      const n = v.endsWith('m')
        ? Number(v.slice(0, -1)) * 1e6
        : v.endsWith('k')
          ? Number(v.slice(0, -1)) * 1e3
          : Number(v);
      if (!Number.isInteger(n) || n < 100 || n > 20_000_000) throw new Error('--scale: an integer from 100 to 20m');
      opts.scale = n;
    } else throw new Error(`unknown option ${arg} (--quick, --db pglite|pg|both, --scale N, --reuse, --load-only)`);
  }
  const dbName = new URL(opts.pgUrl).pathname.slice(1);
  // The test suite's database and the server's maintenance database are never benchmarked (their schema is dropped).
  if (!dbName || ['test', 'postgres', 'template0', 'template1'].includes(dbName)) {
    throw new Error(`BENCH_DATABASE_URL names the database "${dbName}": use a database of its own (lianxin_bench)`);
  }
  return opts;
}

/** Scale as a short label in figure names: 1000000 → 1m, 100000 → 100k. */
export function scaleLabel(n: number): string {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function hasTaskset(): boolean {
  if (os.availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The bench database

async function pgAnswers(url: string): Promise<boolean> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// The server child

interface ServerChild {
  ready: ReadyMessage;
  /** The server's process id (taskset execs it, so it is the child's). */
  pid: number;
  /** The raw INSERT for `seconds`, after `warmSeconds` of it unmeasured. */
  raw(templateId: number, seconds: number, warmSeconds: number): Promise<RawResult>;
  stop(): Promise<void>;
}

function startServer(opts: {
  db: DbKind;
  pgUrl: string;
  scale: number;
  dataDir: string;
  pin: boolean;
  readyTimeoutMs: number;
  reuse: boolean;
}): Promise<ServerChild> {
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server child (e.g. --cpu-prof to see where its time goes).
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const node = [process.execPath, ...extra, '--import', 'tsx', path.join(ROOT, 'bench', 'server.ts')];
  const [cmd, ...args] = opts.pin ? ['taskset', '-c', '0', ...node] : node;
  const child: ChildProcess = spawn(cmd as string, args, {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      TZ: 'UTC',
      BENCH_DATA_DIR: opts.dataDir,
      BENCH_SCALE: String(opts.scale),
      ...(opts.db === 'pg' ? { BENCH_SERVER_DATABASE_URL: opts.pgUrl } : {}),
      ...(opts.reuse ? { BENCH_REUSE: '1' } : {}),
    },
  });
  const waiters: ((msg: ServerMessage) => boolean)[] = [];
  let failure: Error | null = null;
  const fail = (err: Error) => {
    failure = err;
    for (const w of waiters.splice(0)) w({ type: 'error', message: err.message });
  };
  child.on('message', (msg: ServerMessage) => {
    if (msg.type === 'progress') {
      log(`  … ${msg.step} ${msg.done.toLocaleString('en')}/${msg.total.toLocaleString('en')}`);
      return;
    }
    if (msg.type === 'error') {
      fail(new Error(`bench server: ${msg.message}`));
      return;
    }
    const i = waiters.findIndex((w) => w(msg));
    if (i >= 0) waiters.splice(i, 1);
  });
  child.on('exit', (code) => {
    if (code !== 0) fail(new Error(`bench server exited with ${code}`));
  });
  const next = <T extends ServerMessage['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<ServerMessage, { type: T }>>((resolve, reject) => {
      if (failure) return reject(failure);
      const timer = setTimeout(() => reject(new Error(`bench server: no '${type}' within ${timeoutMs} ms`)), timeoutMs);
      waiters.push((msg) => {
        clearTimeout(timer);
        if (msg.type === 'error') reject(new Error(msg.message));
        else if (msg.type === type) resolve(msg as Extract<ServerMessage, { type: T }>);
        else return false;
        return true;
      });
    });
  const post = (msg: ParentMessage) => child.send(msg);
  return next('ready', opts.readyTimeoutMs).then(
    (ready) => ({
      ready,
      pid: child.pid ?? 0,
      async raw(templateId, seconds, warmSeconds) {
        const done = next('raw-done', (seconds + warmSeconds) * 1000 + 60_000);
        post({ type: 'raw', templateId, seconds, warmSeconds, concurrency: CONNECTIONS });
        const { type: _type, ...result } = await done;
        return result;
      },
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          post({ type: 'stop' });
        }),
    }),
    (err) => {
      child.kill('SIGKILL');
      throw err;
    },
  );
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

interface Session {
  cookie: string;
  csrf: string;
}

async function login(base: string, username: string, password: string): Promise<Session> {
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

const BODIES = [
  '小区门口的路灯已经坏了半个多月，晚上出行很不安全，希望尽快派人维修。',
  '楼下餐馆油烟直排，厨房噪音一直到深夜，影响居民休息，请相关部门处理。',
  '村里主干道有一段塌陷，雨后积水严重，电动车和行人经过很危险。',
  '反映自来水近三天水压很低，高层住户基本没有水，请供水公司查明原因。',
  '咨询今年城乡居民医疗保险的缴费时间和缴费标准，以及在哪里可以办理。',
];

function intakeBody(villages: readonly string[], n: number, key: string): string {
  const phone = `139${String(10_000_000 + ((n * 7919) % 89_999_999)).padStart(8, '0')}`;
  return JSON.stringify({
    channel: 'hotline',
    type: n % 5 === 4 ? 'consultation' : 'complaint',
    title: null,
    body: BODIES[n % BODIES.length],
    divisionCode: villages[n % villages.length],
    address: `第${(n % 40) + 1}号楼附近`,
    citizenName: '王先生',
    citizenPhone: phone,
    idempotencyKey: key,
  });
}

/** Latency percentiles of `calls` (already in ms), sorted in place. */
function percentiles(values: number[]): { p50: number; p95: number; p99: number; n: number } {
  values.sort((a, b) => a - b);
  const at = (p: number) => values[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)] ?? 0;
  return { p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), n: values.length };
}

/** Runs `call` at most `maxCalls` times and for at most `maxMs`, sequentially; returns latencies in ms. */
async function timeCalls(call: (i: number) => Promise<void>, maxCalls: number, maxMs: number): Promise<number[]> {
  const out: number[] = [];
  const deadline = performance.now() + maxMs;
  for (let i = 0; i < maxCalls && performance.now() < deadline; i++) {
    const t0 = performance.now();
    await call(i);
    out.push(performance.now() - t0);
  }
  return out;
}

async function getJson(base: string, session: Session, url: string): Promise<unknown> {
  const res = await fetch(`${base}${url}`, { headers: { cookie: session.cookie } });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res.json();
}

// ---------------------------------------------------------------------------------------------
// One database

type Figures = Record<string, number | string>;

/** The Shanghai month before the current one (the last complete counting month), as YYYY-MM, and its predecessors. */
function months(now: Date): { last: string; yearAgo: string } {
  const sh = new Date(now.getTime() + 8 * 3_600_000);
  const y = sh.getUTCFullYear();
  const m = sh.getUTCMonth(); // 0-based current month → previous month is m (1-based)
  const last = m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  const startIndex = ly * 12 + (lm - 1) - 11;
  const yearAgo = `${Math.floor(startIndex / 12)}-${String((startIndex % 12) + 1).padStart(2, '0')}`;
  return { last, yearAgo };
}

async function benchDatabase(db: DbKind, opts: Options, pin: boolean): Promise<{ figures: Figures; detail: object }> {
  // Quick: 5,000 requests per database (the whole quick run stays under 5 minutes on a quiet 2-core machine).
  const scale = opts.scale ?? (opts.quick ? 5_000 : db === 'pg' ? 1_000_000 : 100_000);
  const label = scaleLabel(scale);
  const intakeSeconds = opts.quick ? 10 : 30;
  const warmSeconds = opts.quick ? 3 : 5;
  const dataDir = opts.reuse
    ? path.join(os.tmpdir(), `lianxin-bench-${db}-kept`)
    : fs.mkdtempSync(path.join(os.tmpdir(), `lianxin-bench-${db}-`));
  const figures: Figures = {};
  const afterStop = { ok: false, detail: {} as Record<string, unknown> };
  const f = (name: string, value: number) => {
    figures[name] = value;
  };
  log(`\n== ${db === 'pg' ? 'PostgreSQL' : 'PGlite'}: ${scale.toLocaleString('en')} requests ==`);
  if (db === 'pg' && !(opts.reuse && fs.existsSync(path.join(dataDir, 'demo-logins.json')))) {
    await resetPgDatabase(opts.pgUrl);
  }
  const server = await startServer({
    db,
    pgUrl: opts.pgUrl,
    scale,
    dataDir,
    pin,
    reuse: opts.reuse,
    // Generation is bounded: 2 hours at most even for --scale 20m.
    readyTimeoutMs: 2 * 3_600_000,
  });
  try {
    const { ready } = server;
    const base = `http://127.0.0.1:${ready.port}`;
    if (ready.reused) {
      log(
        `  reused the kept database: ${ready.requests.toLocaleString('en')} requests, ${ready.facts.toLocaleString('en')} fact rows`,
      );
    } else {
      const loadS = (ready.generateMs + ready.copyMs) / 1000;
      log(
        `  loaded ${ready.requests.toLocaleString('en')} requests, ${ready.events.toLocaleString('en')} events, ` +
          `${ready.facts.toLocaleString('en')} fact rows in ${round(loadS)} s: ${ready.generated.toLocaleString('en')} ` +
          `through the rules in ${round(ready.generateMs / 1000)} s, ${ready.copies} copies in ${round(ready.copyMs / 1000)} s, ` +
          `VACUUM ANALYZE ${round(ready.analyseMs / 1000)} s; server RSS ${Math.round(ready.rssMb)} MB`,
      );
      f(`seed_${db}_requests`, ready.requests);
      f(`seed_${db}_events`, ready.events);
      f(`seed_${db}_facts`, ready.facts);
      f(`seed_${db}_generated`, ready.generated);
      f(`seed_${db}_${label}_s`, round(loadS));
      f(`seed_${db}_${label}_generate_s`, round(ready.generateMs / 1000));
      f(`seed_${db}_${label}_copy_s`, round(ready.copyMs / 1000));
      f(`seed_${db}_${label}_vacuum_s`, round(ready.analyseMs / 1000));
      f(`seed_${db}_households`, ready.households);
      f(`seed_${db}_visits`, ready.visits);
      f(`seed_${db}_${label}_liaison_copy_s`, round(ready.liaisonCopyMs / 1000));
      log(
        `  liaison ledger: ${ready.households.toLocaleString('en')} households, ${ready.visits.toLocaleString('en')} visits ` +
          `(copied in ${round(ready.liaisonCopyMs / 1000)} s)`,
      );
    }
    if (opts.loadOnly) {
      log(`  --load-only: stopped after the load${opts.reuse ? ` (data kept in ${dataDir})` : ''}`);
      return { figures, detail: { db, scale, seed: { ...ready, logins: undefined, villages: undefined } } };
    }
    const password = (u: string) => {
      const p = ready.logins.find((l) => l.username === u)?.password;
      if (!p) throw new Error(`no demo login ${u}`);
      return p;
    };

    // --- intake over HTTP
    const operator = await login(base, 'operator', password('operator'));
    const runTag = Date.now().toString(36);
    let n = 0;
    const headers = {
      'content-type': 'application/json',
      cookie: operator.cookie,
      'x-csrf-token': operator.csrf,
    };
    // Warm-up (bounded): JIT, pool connections, caches; the last one's id is the raw INSERT's template.
    let templateId = 0;
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${base}/api/requests`, {
        method: 'POST',
        headers,
        body: intakeBody(ready.villages, n, `bench-${runTag}-w${n++}`),
      });
      if (res.status !== 201) throw new Error(`warm-up intake: ${res.status} ${await res.text()}`);
      templateId = ((await res.json()) as { id: number }).id;
    }
    // Then the same load, unmeasured, until it is sustained: the pool opens its 32 connections and each new
    // database session parses and plans the intake's statement (the first two seconds run at a third of the
    // sustained rate, with latencies up to 200 ms). The raw INSERT warms up the same way (bench/server.ts).
    // 32 connections POSTing new requests for `seconds`, unique idempotency keys throughout.
    const intakeLoad = (seconds: number) =>
      autocannon({
        url: base,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/api/requests',
            headers,
            setupRequest: (req: Record<string, unknown>) => {
              const i = n++;
              req.body = intakeBody(ready.villages, i, `bench-${runTag}-${i}`);
              return req;
            },
          },
        ],
      });
    const warm = await intakeLoad(warmSeconds);
    if (warm.non2xx > 0 || warm.errors > 0) {
      throw new Error(`intake warm-up: ${warm.non2xx} non-2xx answers, ${warm.errors} errors`);
    }
    const statuses = new Map<number, number>();
    const result = await intakeLoad(intakeSeconds);
    for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
      statuses.set(Number(code), Number(count));
    }
    const created = statuses.get(201) ?? 0;
    const httpRps = created / result.duration;
    f(`intake_${db}_rps`, round(httpRps));
    f(`intake_${db}_p50_ms`, result.latency.p50);
    f(`intake_${db}_p97_5_ms`, result.latency.p97_5);
    f(`intake_${db}_p99_ms`, result.latency.p99);
    // autocannon counts timeouts among the errors too.
    f(`intake_${db}_errors`, result.errors);
    f(`intake_${db}_timeouts`, result.timeouts);
    f(`intake_${db}_non2xx`, result.non2xx);
    f(`intake_${db}_requests`, created);

    // --- raw INSERT of the same rows, same run
    const raw = await server.raw(templateId, intakeSeconds, warmSeconds);
    const rawRps = raw.rows / raw.seconds;
    f(`raw_insert_${db}_rps`, round(rawRps));
    f(`raw_insert_${db}_p99_ms`, round(raw.p99Ms));
    f(`raw_insert_${db}_errors`, raw.errors);
    f(`intake_${db}_ratio`, round(httpRps / rawRps, 3));

    // --- reads as the leader
    const leader = await login(base, 'leader', password('leader'));
    const { last, yearAgo } = months(new Date());
    const kinds: string[] = [];
    for (const kind of ['department', 'township', 'government', 'village_committee', 'community', 'enterprise']) {
      const r = (await getJson(base, leader, `/api/metrics/ranking?month=${last}&unitKind=${kind}`)) as {
        rows: unknown[];
      };
      if (r.rows.length > 0) kinds.push(kind);
    }
    const maxCalls = opts.quick ? 10 : 50;
    const maxMs = opts.quick ? 5_000 : 60_000;
    // The monthly ranking of all units: one call per class of unit, in turn.
    const ranking = percentiles(
      await timeCalls(
        async (i) => {
          await getJson(base, leader, `/api/metrics/ranking?month=${last}&unitKind=${kinds[i % kinds.length]}`);
        },
        maxCalls * kinds.length,
        maxMs,
      ),
    );
    f(`ranking_${db}_${label}_p50_ms`, ranking.p50);
    f(`ranking_${db}_${label}_p95_ms`, ranking.p95);
    f(`ranking_${db}_${label}_p99_ms`, ranking.p99);
    const dashboard: [string, string][] = [
      ['units', `/api/metrics/units?from=${last}&to=${last}`],
      ['trend', `/api/metrics/trend?from=${yearAgo}&to=${last}`],
      ['hot_topics', '/api/metrics/hot-topics'],
    ];
    const reads: Record<string, ReturnType<typeof percentiles>> = { ranking };
    for (const [name, url] of dashboard) {
      const p = percentiles(await timeCalls(() => getJson(base, leader, url).then(() => {}), maxCalls, maxMs));
      reads[name] = p;
      f(`${name}_${db}_${label}_p50_ms`, p.p50);
      f(`${name}_${db}_${label}_p95_ms`, p.p95);
      f(`${name}_${db}_${label}_p99_ms`, p.p99);
    }
    // Issue #9's reads: detail, unit inbox, CJK search, duplicate check, the dashboard as one page load (bench/reads.ts).
    const [ly, lm] = last.split('-').map(Number) as [number, number];
    const fromIndex = ly * 12 + (lm - 1) - 5;
    const more = await measureReads({
      base,
      db,
      label,
      requestIds: ready.requestIds,
      password,
      quick: opts.quick,
      month: last,
      periodFrom: `${Math.floor(fromIndex / 12)}-${String((fromIndex % 12) + 1).padStart(2, '0')}`,
    });
    Object.assign(figures, more.figures);
    for (const name of ['detail', 'inbox', 'search', 'duplicates', 'dashboard']) {
      const p = more.detail[name] as { p50: number; p95: number; p99: number; n: number };
      log(`  ${name.padEnd(10)} p50 / p95 / p99 ${p.p50} / ${p.p95} / ${p.p99} ms (${p.n} calls)`);
    }
    // The server's resident memory after the load, the intake and every read.
    const rss = rssMb(server.pid);
    if (rss !== null) f(`rss_${db}_${label}_mb`, rss);
    f(`rss_${db}_${label}_loaded_mb`, Math.round(ready.rssMb));
    afterStop.ok = true;
    return {
      figures,
      detail: {
        db,
        scale,
        pinned: pin,
        seed: { ...ready, logins: undefined, villages: undefined },
        intake: {
          seconds: intakeSeconds,
          connections: CONNECTIONS,
          statusCodes: Object.fromEntries(statuses),
          latency: result.latency,
          requests: result.requests,
        },
        raw,
        reads: { month: last, unitKinds: kinds, ...reads, ...more.detail },
        embedded: afterStop.detail,
      },
    };
  } finally {
    await server.stop();
    // PGlite: the embedded server's cold start on this data folder, and the web figures against it.
    if (afterStop.ok && db === 'pglite') {
      const password = (u: string) => server.ready.logins.find((l) => l.username === u)?.password ?? '';
      Object.assign(
        figures,
        await embeddedFigures({ dataDir, label, quick: opts.quick, pin, password }, afterStop.detail),
      );
    }
    if (!opts.reuse) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * On a PGlite data folder the bench server has just left: `lianxin serve`'s cold start (spawn to the first 200 from
 * /readyz), its RSS, the web build's weight and the intake page's time to interactive against it; then the cold start
 * on an empty folder (migrations included). Failures are logged and leave those figures out (bounded: 2 minutes for
 * a start, 60 s per page load).
 */
async function embeddedFigures(
  o: { dataDir: string; label: string; quick: boolean; pin: boolean; password: (u: string) => string },
  detail: Record<string, unknown>,
): Promise<Figures> {
  const out: Figures = {};
  const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-bench-web-'));
  const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-bench-empty-'));
  const core = o.pin ? 0 : null;
  try {
    const build = buildAndWeigh(webDir);
    Object.assign(out, webSizeFigures(build));
    detail.web = { ...build, dir: undefined };
    log(
      `  web: initial JS ${out.web_initial_js_gzip_kb} KB gzipped in ${out.web_initial_js_files} files, ` +
        `all JS ${out.web_total_js_gzip_kb} KB (${out.web_total_js_files} files)`,
    );
    const serve = await startServe({
      dataDir: o.dataDir,
      keyFile: path.join(o.dataDir, 'key'),
      webDist: webDir,
      core,
      timeoutMs: 120_000,
    });
    try {
      out[`cold_start_pglite_${o.label}_ms`] = Math.round(serve.coldStartMs);
      const rss = rssMb(serve.pid);
      if (rss !== null) out[`rss_serve_pglite_${o.label}_started_mb`] = rss;
      log(
        `  cold start of lianxin serve on the ${o.label} folder: ${Math.round(serve.coldStartMs)} ms (RSS ${rss} MB)`,
      );
      if (chromiumAvailable()) {
        const tti = await intakeTti({
          base: serve.base,
          username: 'operator',
          password: o.password('operator'),
          runs: o.quick ? 3 : 10,
          core: o.pin ? 1 : null,
        });
        out.web_intake_tti_p50_ms = Math.round(tti.p50);
        out.web_intake_tti_p95_ms = Math.round(tti.p95);
        out.web_intake_tti_runs = tti.n;
        detail.tti = tti;
        log(
          `  intake page time to interactive p50 / p95 ${Math.round(tti.p50)} / ${Math.round(tti.p95)} ms (${tti.n} cold loads)`,
        );
        log(`    phases (ms from navigation start): ${JSON.stringify(tti.phases)}`);
      } else log('  no Chromium (CHROMIUM_PATH or /usr/bin/chromium): no time to interactive');
    } finally {
      await serve.stop();
    }
    if (o.quick) return out;
    const empty = await startServe({
      dataDir: emptyDir,
      keyFile: path.join(emptyDir, 'key'),
      core,
      timeoutMs: 120_000,
    });
    await empty.stop();
    out.cold_start_pglite_empty_ms = Math.round(empty.coldStartMs);
    log(`  cold start on an empty folder (migrations): ${Math.round(empty.coldStartMs)} ms`);
  } catch (err) {
    log(`  embedded server / web figures failed: ${err instanceof Error ? err.message : String(err)}`);
    detail.error = String(err);
  } finally {
    fs.rmSync(webDir, { recursive: true, force: true });
    fs.rmSync(emptyDir, { recursive: true, force: true });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function summary(all: Figures): string {
  const rows = Object.entries(all).filter(([k]) => !k.startsWith('bench_'));
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${typeof v === 'number' ? v.toLocaleString('en') : v}`).join('\n');
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const dbs = opts.dbs ?? ((await pgAnswers(opts.pgUrl)) ? ['pg', 'pglite'] : ['pglite']);
  if (dbs.includes('pg') && !(await pgAnswers(opts.pgUrl))) {
    throw new Error(`no PostgreSQL server answers at ${new URL(opts.pgUrl).host} (BENCH_DATABASE_URL)`);
  }
  const cores = os.availableParallelism();
  const pin = hasTaskset();
  // The load generator (this process) on core 1, the server child on core 0; PostgreSQL itself is not pinned.
  if (pin) execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  log(
    `Lianxin bench: ${opts.quick ? 'quick' : 'full'}, ${dbs.join(' + ')}, ${cores} cores, ` +
      `${pin ? 'server on core 0, load on core 1' : 'not pinned (no taskset or one core)'}`,
  );
  const all: Figures = {};
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const details: object[] = [];
  for (const db of dbs) {
    const { figures, detail } = await benchDatabase(db, opts, pin);
    Object.assign(all, figures);
    details.push(detail);
    if (opts.loadOnly) continue;
    fs.writeFileSync(
      path.join(RESULTS_DIR, `${stamp}-${db}.json`),
      `${JSON.stringify({ at: new Date().toISOString(), quick: opts.quick, figures, detail }, null, 2)}\n`,
    );
  }
  if (opts.loadOnly) {
    log(`\nLoaded (--load-only) in ${round((performance.now() - started) / 1000)} s`);
    log(summary(all));
    return;
  }
  all.bench_quick = opts.quick ? 1 : 0;
  all.bench_cores = cores;
  all.bench_pinned = pin ? 1 : 0;
  all.bench_total_s = round((performance.now() - started) / 1000);
  fs.writeFileSync(
    path.join(RESULTS_DIR, 'latest.json'),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, figures: all, details }, null, 2)}\n`,
  );
  log('\nSummary');
  log(summary(all));
  log(
    `  (results in ${path.relative(ROOT, RESULTS_DIR)}/${stamp}-*.json and latest.json; total ${all.bench_total_s} s)`,
  );
  log(JSON.stringify(all));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
