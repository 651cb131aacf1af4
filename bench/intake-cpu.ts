/**
 * `npx tsx bench/intake-cpu.ts [--db pg|pglite|both] [--n 2000] [--concurrency 32] [--rounds 2] [--scale 2000]
 *   [--profile] [--trace] [--log]`: the intake's cost on the server, in the figures that depend least on how busy the machine is.
 *
 * For each database it starts the real app in a child process (this file again, pinned to core 0 where taskset
 * exists): PostgreSQL in a scratch database (BENCH_INTAKE_DATABASE_URL, default `lianxin_intake_cpu` on 127.0.0.1,
 * its public schema dropped and recreated) or PGlite in a temporary folder; migrated, then the demo county and
 * `--scale` requests loaded through the bench's own loader (bench/generate.ts, as `npm run bench` does). Here, as the
 * demo operator, it sends 200 warm-up intakes one at a time, then `--rounds` rounds of `--n` intakes over HTTP with
 * `--concurrency` connections (autocannon, unique idempotency keys, the bodies `npm run bench` sends) after 1,000
 * unmeasured ones at that concurrency (the pool opens its connections), and reports
 * per round:
 *   - cpu_ms: the server process's CPU time (user + system, process.cpuUsage(), all its threads, GC and the in-process
 *     audit sealer included) divided by the intakes created — the figure to compare between versions of the code;
 *   - db_cpu_ms (PostgreSQL on this host): the CPU time of the database's backends serving the bench database (the
 *     app's pool, the sealer), from /proc/<pid>/stat, per intake — the database's share of the machine;
 *   - statements: the database statements the server sent per intake (BEGIN and COMMIT included), counted in the
 *     driver (pg.Client#query, PGlite#query/exec) — each is one round trip to PostgreSQL;
 *   - p50 / p99 wall-clock latency and intakes/s, for information only (they depend on the machine's load).
 * --profile records a V8 CPU profile of the server over the measured rounds only (node:inspector, like
 * `node --cpu-prof` without the load; written to $TMPDIR/lianxin-intake-cpu-prof/); --log serves with
 * the production logger at `info` into a discarding stream, to see what request logging costs; --trace lists the
 * statements sent during the measured rounds by their text, most frequent first.
 * Loopback only; every loop is bounded. Prints a table and, last, one JSON line with every figure.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { resetPgDatabase } from './pg-reset.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/lianxin_intake_cpu';

type DbKind = 'pg' | 'pglite';

/** Parent → child: read the counters, or stop. */
type Ask = { type: 'mark' } | { type: 'stop' };
/** Child → parent. */
type Tell =
  | { type: 'ready'; port: number; logins: { username: string; password: string }[]; villages: string[] }
  | { type: 'mark'; cpuUs: number; statements: number }
  | { type: 'error'; message: string };

// ---------------------------------------------------------------------------------------------
// The server child

async function child(): Promise<void> {
  const send = (msg: Tell) => process.send?.(msg);
  let statements = 0;
  // --trace: statements counted by their text (first 90 characters), reported at stop.
  const trace = process.env.INTAKE_CPU_TRACE === '1' ? new Map<string, number>() : null;
  let tracing = false;
  const count = (text: unknown) => {
    statements++;
    if (!trace || !tracing) return;
    const raw = typeof text === 'string' ? text : ((text as { text?: string } | null)?.text ?? String(text));
    const k = raw.replace(/\s+/g, ' ').slice(0, 90);
    trace.set(k, (trace.get(k) ?? 0) + 1);
  };
  const databaseUrl = process.env.INTAKE_CPU_DATABASE_URL;
  // Count every statement the drivers send (a round trip each on PostgreSQL), before anything opens a connection.
  const pgQuery = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    count(args[0]);
    return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
  const { PGlite } = await import('@electric-sql/pglite');
  for (const method of ['query', 'exec'] as const) {
    const original = PGlite.prototype[method];
    (PGlite.prototype as unknown as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
      count(args[0]);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  const { loadConfig } = await import('../server/config.js');
  const { createDeps, prepareDatabase } = await import('../server/main.js');
  const { createApp } = await import('../server/app.js');
  const { sealAuditChain } = await import('../server/platform/audit/index.js');
  const { generateBenchData, analyseTables } = await import('./generate.js');
  const { sql } = await import('kysely');

  const dataDir = process.env.INTAKE_CPU_DATA_DIR as string;
  const config = loadConfig({
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    LIANXIN_KEY_FILE: path.join(dataDir, 'key'),
    LOG_LEVEL: 'info',
    JOBS_ENABLED: 'false',
    DEMO_SEED: 'false',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    DB_POOL_SIZE: process.env.INTAKE_CPU_POOL ?? '32',
  });
  const { deps, handle } = await createDeps(config);
  await prepareDatabase(deps.db);
  const seeded = await generateBenchData(deps, {
    scale: Number(process.env.INTAKE_CPU_SCALE ?? '2000'),
    loginsFile: path.join(dataDir, 'demo-logins.json'),
  });
  await sealAuditChain(deps.db);
  await analyseTables(deps.db);
  const villages = (
    await sql<{ code: string }>`select code from division where level = 'village' order by code limit 40`.execute(
      deps.db,
    )
  ).rows.map((r) => r.code);
  const discard = { write: (_line: string) => {} };
  const app = await createApp(deps, {
    logger: process.env.INTAKE_CPU_LOG === '1' ? { level: 'info', stream: discard } : false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  send({
    type: 'ready',
    port: typeof address === 'object' && address ? address.port : 0,
    logins: seeded.logins.map(({ username, password }) => ({ username, password })),
    villages,
  });
  // --profile: the V8 profiler runs from the first mark (after the load and the warm-up) until stop.
  const profileDir = process.env.INTAKE_CPU_PROFILE_DIR;
  const inspector = profileDir ? new (await import('node:inspector/promises')).Session() : null;
  let profiling = false;
  process.on('message', async (msg: Ask) => {
    if (msg.type === 'mark') {
      tracing = true;
      if (inspector && !profiling) {
        profiling = true;
        inspector.connect();
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.start');
      }
      const cpu = process.cpuUsage();
      send({ type: 'mark', cpuUs: cpu.user + cpu.system, statements });
    } else {
      if (inspector && profiling && profileDir) {
        const { profile } = await inspector.post('Profiler.stop');
        const file = path.join(profileDir, `intake-${Date.now()}.cpuprofile`);
        fs.writeFileSync(file, JSON.stringify(profile));
        console.log(`  profile: ${file}`);
      }
      if (trace) {
        const top = [...trace].sort((a, b) => b[1] - a[1]).slice(0, 40);
        for (const [text, n] of top) console.log(`  ${String(n).padStart(7)}  ${text}`);
      }
      app
        .close()
        .then(() => handle.close())
        .finally(() => process.exit(0));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The parent: load generator and report

interface Options {
  dbs: DbKind[];
  n: number;
  concurrency: number;
  rounds: number;
  scale: number;
  profile: boolean;
  trace: boolean;
  log: boolean;
  pgUrl: string;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = {
    dbs: ['pg', 'pglite'],
    n: 2000,
    concurrency: 32,
    rounds: 2,
    scale: 2000,
    profile: false,
    trace: false,
    log: false,
    pgUrl: process.env.BENCH_INTAKE_DATABASE_URL ?? DEFAULT_PG_URL,
  };
  const int = (v: string | undefined, name: string, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name}: an integer from 1 to ${max}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--db') {
      const v = argv[++i];
      if (v === 'both') opts.dbs = ['pg', 'pglite'];
      else if (v === 'pg' || v === 'pglite') opts.dbs = [v];
      else throw new Error(`--db pg|pglite|both, not ${v}`);
    } else if (arg === '--n') opts.n = int(argv[++i], '--n', 100_000);
    else if (arg === '--concurrency') opts.concurrency = int(argv[++i], '--concurrency', 256);
    else if (arg === '--rounds') opts.rounds = int(argv[++i], '--rounds', 10);
    else if (arg === '--scale') opts.scale = Math.max(100, int(argv[++i], '--scale', 1_000_000));
    else if (arg === '--profile') opts.profile = true;
    else if (arg === '--log') opts.log = true;
    else if (arg === '--trace') opts.trace = true;
    else throw new Error(`unknown option ${arg}`);
  }
  const dbName = new URL(opts.pgUrl).pathname.slice(1);
  if (!dbName.startsWith('lianxin_')) {
    throw new Error(
      `BENCH_INTAKE_DATABASE_URL names "${dbName}": use a scratch database named lianxin_… (its schema is dropped)`,
    );
  }
  return opts;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function canPin(): boolean {
  if (os.availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Child {
  ready: Extract<Tell, { type: 'ready' }>;
  mark(): Promise<{ cpuUs: number; statements: number }>;
  stop(): Promise<void>;
}

function startChild(db: DbKind, opts: Options, dataDir: string, pin: boolean): Promise<Child> {
  const profDir = path.join(os.tmpdir(), 'lianxin-intake-cpu-prof');
  if (opts.profile) fs.mkdirSync(profDir, { recursive: true });
  const node = [process.execPath, '--import', 'tsx', SELF, '--child'];
  const [cmd, ...args] = pin ? ['taskset', '-c', '0', ...node] : node;
  const proc: ChildProcess = spawn(cmd as string, args, {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      TZ: 'UTC',
      INTAKE_CPU_DATA_DIR: dataDir,
      INTAKE_CPU_SCALE: String(opts.scale),
      INTAKE_CPU_POOL: String(opts.concurrency),
      ...(opts.log ? { INTAKE_CPU_LOG: '1' } : {}),
      ...(opts.profile ? { INTAKE_CPU_PROFILE_DIR: profDir } : {}),
      ...(opts.trace ? { INTAKE_CPU_TRACE: '1' } : {}),
      ...(db === 'pg' ? { INTAKE_CPU_DATABASE_URL: opts.pgUrl } : {}),
    },
  });
  const waiting: ((msg: Tell) => void)[] = [];
  proc.on('message', (msg: Tell) => waiting.shift()?.(msg));
  proc.on('exit', (code) => {
    for (const w of waiting.splice(0)) w({ type: 'error', message: `server child exited with ${code}` });
  });
  const next = <T extends Tell['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<Tell, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server child: no '${type}' within ${timeoutMs} ms`)), timeoutMs);
      waiting.push((msg) => {
        clearTimeout(timer);
        if (msg.type === type) resolve(msg as Extract<Tell, { type: T }>);
        else reject(new Error(msg.type === 'error' ? msg.message : `server child: ${msg.type}, not ${type}`));
      });
    });
  return next('ready', 30 * 60_000).then(
    (ready) => ({
      ready,
      async mark() {
        const m = next('mark', 30_000);
        proc.send({ type: 'mark' } satisfies Ask);
        return m;
      },
      stop: () =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null) return resolve();
          const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
          proc.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          proc.send({ type: 'stop' } satisfies Ask);
        }),
    }),
    (err) => {
      proc.kill('SIGKILL');
      throw err;
    },
  );
}

// The same five bodies as `npm run bench` (bench/run.ts).
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

/**
 * PostgreSQL only: CPU time (ms) of the database's backends serving this database (the app's pool and its sealer),
 * from /proc/<pid>/stat of each backend listed by pg_stat_activity; per backend, since the first reading.
 */
async function pgBackendCpu(client: pg.Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // Fields 14 and 15 (utime, stime) in clock ticks (100 a second on Linux), after the ")" that ends the name.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // not visible (another host, or the backend ended): left out
    }
  }
  return out;
}

function cpuDeltaMs(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

interface Round {
  created: number;
  cpuMsPerIntake: number;
  /** PostgreSQL's backends' CPU per intake (ms), when the server runs on this host; null otherwise (or PGlite). */
  dbCpuMsPerIntake: number | null;
  statementsPerIntake: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function benchOne(db: DbKind, opts: Options, pin: boolean): Promise<Round[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lianxin-intake-cpu-${db}-`));
  if (db === 'pg') await resetPgDatabase(opts.pgUrl);
  log(`\n== ${db === 'pg' ? 'PostgreSQL' : 'PGlite'}: loading ${opts.scale.toLocaleString('en')} requests …`);
  const server = await startChild(db, opts, dataDir, pin);
  try {
    const base = `http://127.0.0.1:${server.ready.port}`;
    const operator = server.ready.logins.find((l) => l.username === 'operator');
    if (!operator) throw new Error('no demo login operator');
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(operator),
    });
    if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = (res.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
    const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
    const runTag = Date.now().toString(36);
    let n = 0;
    for (let i = 0; i < 200; i++) {
      const r = await fetch(`${base}/api/requests`, {
        method: 'POST',
        headers,
        body: intakeBody(server.ready.villages, n, `cpu-${runTag}-${n++}`),
      });
      if (r.status !== 201) throw new Error(`warm-up intake: ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
    }
    // Then unmeasured with the rounds' concurrency: the pool opens its connections and the JIT settles.
    const load = (amount: number) =>
      autocannon({
        url: base,
        connections: opts.concurrency,
        amount,
        requests: [
          {
            method: 'POST',
            path: '/api/requests',
            headers,
            setupRequest: (req: Record<string, unknown>) => {
              const i = n++;
              req.body = intakeBody(server.ready.villages, i, `cpu-${runTag}-${i}`);
              return req;
            },
          },
        ],
      });
    await load(Math.min(1000, opts.n));
    const rounds: Round[] = [];
    const watcher = db === 'pg' ? new pg.Client({ connectionString: opts.pgUrl }) : null;
    await watcher?.connect();
    for (let k = 0; k < opts.rounds; k++) {
      const dbBefore = watcher ? await pgBackendCpu(watcher) : null;
      const before = await server.mark();
      const result = await load(opts.n);
      const after = await server.mark();
      const dbAfter = watcher ? await pgBackendCpu(watcher) : null;
      const created = Number(result.statusCodeStats?.['201']?.count ?? 0);
      const r: Round = {
        created,
        cpuMsPerIntake: round((after.cpuUs - before.cpuUs) / 1000 / Math.max(1, created), 3),
        dbCpuMsPerIntake:
          dbBefore && dbAfter && dbAfter.size > 0
            ? round(cpuDeltaMs(dbBefore, dbAfter) / Math.max(1, created), 3)
            : null,
        statementsPerIntake: round((after.statements - before.statements) / Math.max(1, created)),
        rps: round(created / result.duration, 1),
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors,
        non2xx: result.non2xx,
      };
      rounds.push(r);
      log(
        `  round ${k + 1}: ${created} intakes, server CPU ${r.cpuMsPerIntake} ms/intake` +
          `${r.dbCpuMsPerIntake === null ? '' : ` (PostgreSQL backends ${r.dbCpuMsPerIntake} ms)`}, ${r.statementsPerIntake} statements/intake, ` +
          `${r.rps} intakes/s, p50/p99 ${r.p50}/${r.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx} (load ${os
            .loadavg()
            .map((l) => l.toFixed(2))
            .join(' ')})`,
      );
    }
    await watcher?.end();
    return rounds;
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const pin = canPin();
  if (pin) execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  const figures: Record<string, number> = {};
  for (const db of opts.dbs) {
    const rounds = await benchOne(db, opts, pin);
    const best = rounds.reduce((a, b) => (b.cpuMsPerIntake < a.cpuMsPerIntake ? b : a));
    figures[`intake_cpu_${db}_ms`] = best.cpuMsPerIntake;
    figures[`intake_cpu_${db}_statements`] = best.statementsPerIntake;
    if (best.dbCpuMsPerIntake !== null) figures[`intake_cpu_${db}_db_ms`] = best.dbCpuMsPerIntake;
    figures[`intake_cpu_${db}_rps`] = best.rps;
    figures[`intake_cpu_${db}_p50_ms`] = best.p50;
    figures[`intake_cpu_${db}_p99_ms`] = best.p99;
    figures[`intake_cpu_${db}_errors`] = rounds.reduce((s, r) => s + r.errors + r.non2xx, 0);
  }
  figures.load_average_1m = round(os.loadavg()[0] ?? 0);
  figures.pinned = pin ? 1 : 0;
  log(JSON.stringify(figures));
}

if (process.argv.includes('--child')) {
  child().catch((err: unknown) => {
    process.send?.({ type: 'error', message: String(err instanceof Error ? err.stack : err) } satisfies Tell);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
