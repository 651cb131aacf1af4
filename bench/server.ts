/**
 * The benchmark's server process (spawned by bench/run.ts, pinned to its own core where taskset exists): opens the
 * bench database, migrates it, loads the demo county and `BENCH_SCALE` requests of its year through the app's own
 * demo loader (the domain functions and the metrics module's counting, bulk multi-row inserts), then serves the real
 * app on 127.0.0.1 and answers the parent's messages over IPC:
 *   { type: 'raw', seconds, concurrency, templateId } → a raw parameterised INSERT of the rows an intake wrote (the
 *     request, its events, audit entry, facts, text signature and band keys), copied from request templateId
 *   { type: 'stop' } → close and exit.
 * The raw INSERT runs here because PGlite lives in this process (one connection); on PostgreSQL it uses its own
 * node-postgres pool of `concurrency` clients, so both databases are measured the same way.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createDeps } from '../server/main.js';
import { ensureStandardTaxonomy } from '../server/modules/org/index.js';
import { sealAuditChain } from '../server/platform/audit/index.js';
import { ensureCalendarSeeded } from '../server/platform/calendar/index.js';
import type { Db } from '../server/platform/db/database.js';
import { migrateToLatest } from '../server/platform/db/migrate.js';
import { analyseTables, generateBenchData } from './generate.js';
import type { ParentMessage, RawResult, ServerMessage } from './protocol.js';

const send = (msg: ServerMessage) => process.send?.(msg);

const env = process.env;
const dataDir = env.BENCH_DATA_DIR ?? '/tmp/lianxin-bench';
const scale = Number(env.BENCH_SCALE ?? '20000');
const databaseUrl = env.BENCH_SERVER_DATABASE_URL;

async function main(): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    LIANXIN_KEY_FILE: path.join(dataDir, 'key'),
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    DEMO_SEED: 'false',
    // Loopback benchmark: every connection comes from 127.0.0.1, so the sign-in limit must not get in the way.
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    // The same pool size as the raw INSERT's 32 clients (DB_POOL_SIZE in production; BENCH_POOL_SIZE overrides here).
    DB_POOL_SIZE: env.BENCH_POOL_SIZE ?? '32',
  });
  const { deps, handle } = await createDeps(config);
  const seedStarted = performance.now();
  await migrateToLatest(deps.db);
  await ensureCalendarSeeded(deps.db);
  await ensureStandardTaxonomy(deps.db);
  let lastReport = 0;
  const loginsFile = path.join(dataDir, 'demo-logins.json');
  const reuse = env.BENCH_REUSE === '1' && fs.existsSync(loginsFile) && (await holdsRequests(deps.db));
  const seeded = reuse
    ? {
        requests: 0,
        generated: 0,
        copies: 0,
        generateMs: 0,
        copyMs: 0,
        logins: JSON.parse(fs.readFileSync(loginsFile, 'utf8')) as { username: string; password: string }[],
      }
    : await generateBenchData(deps, {
        scale,
        ...(env.BENCH_BASE ? { base: Number(env.BENCH_BASE) } : {}),
        loginsFile,
        onProgress: (p) => {
          const now = performance.now();
          if (now - lastReport < 10_000) return;
          lastReport = now;
          send({ type: 'progress', step: p.step, done: p.done, total: p.total });
        },
      });
  // The load's audit entries are sealed into the chain as part of the load, not by the app's sealer during intake.
  await sealAuditChain(deps.db);
  const analyseStarted = performance.now();
  await analyseTables(deps.db);
  const analyseMs = performance.now() - analyseStarted;
  const seedMs = performance.now() - seedStarted;
  const counts = await handle.db
    .executeQuery<{ requests: number; events: number; facts: number; households: number; visits: number }>(
      CompiledQuery.raw(
        'select (select count(*)::int from request) as requests, (select count(*)::int from request_event) as events, (select count(*)::int from request_unit_fact) as facts, (select count(*)::int from liaison_household) as households, (select count(*)::int from liaison_visit) as visits',
      ),
    )
    .then((r) => r.rows[0]);
  const villages = await handle.db
    .executeQuery<{ code: string }>(
      CompiledQuery.raw("select code from division where level = 'village' order by code limit 40"),
    )
    .then((r) => r.rows.map((row) => row.code));
  const requestIds = await handle.db
    .executeQuery<{ id: number }>(
      CompiledQuery.raw(
        `select id from request tablesample bernoulli (${Math.min(100, (100 * 2000) / Math.max(1, counts?.requests ?? 1))}) repeatable (1206) limit 1000`,
      ),
    )
    .then((r) => r.rows.map((row) => row.id));
  if (!process.send) {
    // Run alone (profiling the generator): print the load's figures and stop.
    console.log(JSON.stringify({ seedMs, ...seeded, logins: undefined, analyseMs, ...counts }));
    await handle.close();
    return;
  }
  const app = await createApp(deps, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const logins = seeded.logins.map(({ username, password }) => ({ username, password }));
  send({
    type: 'ready',
    port,
    seedMs,
    reused: reuse,
    generateMs: seeded.generateMs,
    copyMs: seeded.copyMs,
    analyseMs,
    generated: seeded.generated,
    copies: seeded.copies,
    requests: counts?.requests ?? 0,
    events: counts?.events ?? 0,
    facts: counts?.facts ?? 0,
    households: counts?.households ?? 0,
    visits: counts?.visits ?? 0,
    liaisonCopyMs: 'liaisonCopyMs' in seeded ? seeded.liaisonCopyMs : 0,
    logins,
    villages,
    requestIds,
    rssMb: process.memoryUsage().rss / 2 ** 20,
  });

  process.on('message', (msg: ParentMessage) => {
    if (msg.type === 'raw') {
      loadTemplate(deps.db, msg.templateId)
        .then((template) => rawInsert(deps.db, databaseUrl, template, msg.seconds, msg.warmSeconds, msg.concurrency))
        .then(
          (result) => send({ type: 'raw-done', ...result }),
          (err: unknown) => send({ type: 'error', message: String(err instanceof Error ? err.stack : err) }),
        );
    } else if (msg.type === 'stop') {
      app
        .close()
        .then(() => handle.close())
        .finally(() => process.exit(0));
    }
  });
}

/** One table's rows written by an intake, as text (each column cast back to its type in the raw statement). */
interface RawTableRows {
  table: string;
  /** The column holding the new request's id (as text for the audit entry's object_id); absent for the request. */
  idColumn?: string;
  columns: string[];
  types: string[];
  rows: (string | null)[][];
}

/** Everything one HTTP intake wrote, table by table: the raw INSERT writes rows of exactly this shape. */
interface RawTemplate {
  tables: RawTableRows[];
  number: string;
  receivedAt: string;
}

/**
 * The rows the intake wrote for request `id`: the request, its events, its audit entry (unsealed, as the intake
 * leaves it: the chain is sealed after commit), its facts, its text signature and its band keys. Identity columns
 * are left to the database, the audit chain's columns stay empty as at intake.
 */
async function loadTemplate(db: Db, id: number): Promise<RawTemplate> {
  const specs: { table: string; idColumn?: string; where: string; skip?: string[] }[] = [
    { table: 'request', where: 'id = $1' },
    { table: 'request_event', idColumn: 'request_id', where: 'request_id = $1 order by seq' },
    {
      table: 'audit_entry',
      idColumn: 'object_id',
      where: "object_type = 'request' and object_id = $1::text and action = 'request.create'",
      skip: ['prev_hash', 'hash', 'chain_seq'],
    },
    { table: 'request_unit_fact', idColumn: 'request_id', where: 'request_id = $1' },
    { table: 'request_text_signature', idColumn: 'request_id', where: 'request_id = $1' },
    { table: 'request_text_band', idColumn: 'request_id', where: 'request_id = $1' },
  ];
  const tables: RawTableRows[] = [];
  for (const spec of specs) {
    const { rows: cols } = await db.executeQuery<{ name: string; type: string }>(
      CompiledQuery.raw(
        `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type from pg_attribute a
         where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped and a.attidentity = ''
           and a.attgenerated = '' order by a.attnum`,
        [spec.table],
      ),
    );
    const kept = cols.filter((c) => c.name !== spec.idColumn && !spec.skip?.includes(c.name));
    const select = kept.map((c, i) => `${c.name}::text as c${i}`).join(', ');
    const { rows } = await db.executeQuery<Record<string, string | null>>(
      CompiledQuery.raw(`select ${select} from ${spec.table} where ${spec.where}`, [id]),
    );
    if (spec.table === 'request' && rows.length !== 1)
      throw new Error(`bench: request ${id} (the raw INSERT's template) not found`);
    tables.push({
      table: spec.table,
      ...(spec.idColumn ? { idColumn: spec.idColumn } : {}),
      columns: kept.map((c) => c.name),
      types: kept.map((c) => c.type),
      rows: rows.map((r) => kept.map((_c, i) => r[`c${i}`] ?? null)),
    });
  }
  const request = tables[0] as RawTableRows;
  const value = (name: string) => request.rows[0]?.[request.columns.indexOf(name)] ?? '';
  return { tables, number: value('number'), receivedAt: value('received_at') };
}

async function holdsRequests(db: Db): Promise<boolean> {
  const { rows } = await db.executeQuery(CompiledQuery.raw('select 1 from request limit 1'));
  return rows.length > 0;
}

/**
 * The raw statement for a template: every table's rows in one statement (data-modifying CTEs taking the new id from
 * the request's INSERT), every value a parameter cast to its column's type; and the parameters for copy `n`: a fresh
 * number, receipt hash and idempotency key, and the time of the copy wherever the template had the intake's time.
 */
function rawStatement(t: RawTemplate): { sql: string; params: (n: number, runTag: string) => (string | null)[] } {
  const values: (string | null)[] = [];
  const slots: { index: number; fill: 'number' | 'hash' | 'key' | 'at' | 'search' }[] = [];
  const param = (v: string | null, type: string) => {
    values.push(v);
    return `$${values.length}::${type}`;
  };
  const parts: string[] = [];
  for (const table of t.tables) {
    const tuples = table.rows.map((row) =>
      row
        .map((v, i) => {
          const column = table.columns[i] as string;
          const type = table.types[i] as string;
          const text = param(v, type);
          const index = values.length - 1;
          if (table.table === 'request' && column === 'number') slots.push({ index, fill: 'number' });
          else if (table.table === 'request' && column === 'receipt_code_hash') slots.push({ index, fill: 'hash' });
          else if (table.table === 'request' && column === 'idempotency_key') slots.push({ index, fill: 'key' });
          else if (table.table === 'request' && column === 'search_text') slots.push({ index, fill: 'search' });
          else if (v !== null && v === t.receivedAt) slots.push({ index, fill: 'at' });
          return text;
        })
        .join(', '),
    );
    if (tuples.length === 0) continue;
    const columns = table.columns.join(', ');
    if (!table.idColumn) {
      parts.push(`r as (insert into ${table.table} (${columns}) values (${tuples[0]}) returning id)`);
      continue;
    }
    const id = table.idColumn === 'object_id' ? 'r.id::text' : 'r.id';
    const list = tuples.map((tuple) => `(${tuple})`).join(', ');
    parts.push(
      `t${parts.length} as (insert into ${table.table} (${table.idColumn}, ${columns}) select ${id}, v.* from r, (values ${list}) as v(${columns}))`,
    );
  }
  const sqlText = `with ${parts.join(',\n')}\nselect r.id from r`;
  const template = [...values];
  return {
    sql: sqlText,
    params: (n, runTag) => {
      const at = new Date().toISOString();
      // 13 digits like a request number, in a range the app's numbering (YYMMDD…) never reaches before 2090.
      const number = `9${String(n).padStart(12, '0')}`;
      const out = [...template];
      for (const { index, fill } of slots) {
        if (fill === 'number') out[index] = number;
        else if (fill === 'hash') out[index] = createHash('sha256').update(randomBytes(8)).digest('hex');
        else if (fill === 'key') out[index] = `raw-${runTag}-${n}`;
        else if (fill === 'at') out[index] = at;
        else out[index] = (template[index] ?? '').replace(t.number, number);
      }
      return out;
    },
  };
}

/**
 * `concurrency` loops insert copies of the template back to back: for `warmSeconds` unmeasured (the pool's
 * sessions parse and plan the statement), then for `seconds` (bounded: each phase also stops after 10 million
 * copies); each copy is one parameterised statement. Returns the copies inserted in the measured phase and their
 * latencies' percentiles.
 */
async function rawInsert(
  db: Db,
  url: string | undefined,
  template: RawTemplate,
  seconds: number,
  warmSeconds: number,
  concurrency: number,
): Promise<RawResult> {
  const pool = url ? new pg.Pool({ connectionString: url, max: concurrency }) : null;
  const runTag = randomBytes(4).toString('hex');
  let next = Number.parseInt(randomBytes(4).toString('hex'), 16) * 100;
  const statement = rawStatement(template);
  const exec = pool
    ? (params: unknown[]) => pool.query<{ id: number }>(statement.sql, params)
    : (params: unknown[]) => db.executeQuery<{ id: number }>(CompiledQuery.raw(statement.sql, params));
  /** The copies' ids, to remove them afterwards. */
  const copies: number[] = [];
  const started = new Date();
  const phase = async (phaseSeconds: number) => {
    let rows = 0;
    let errors = 0;
    const latencies: number[] = [];
    const started = performance.now();
    const deadline = started + phaseSeconds * 1000;
    const loop = async () => {
      while (performance.now() < deadline && rows + errors < 10_000_000) {
        const params = statement.params(next++, runTag);
        const t0 = performance.now();
        try {
          const result = await exec(params);
          const id = result.rows[0]?.id;
          if (id !== undefined) copies.push(id);
          rows++;
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
    return { rows, errors, latencies, seconds: (performance.now() - started) / 1000 };
  };
  try {
    const warm = await phase(warmSeconds);
    if (warm.errors > 0) throw new Error(`raw INSERT warm-up: ${warm.errors} of ${warm.rows + warm.errors} failed`);
    const { rows, errors, latencies, seconds: elapsed } = await phase(seconds);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
    return { rows, seconds: elapsed, p50Ms: pct(50), p99Ms: pct(99), errors };
  } finally {
    await pool?.end();
    await removeRawCopies(db, template, copies, started);
  }
}

/**
 * Removes the raw INSERT's copies (tens of thousands of one text) and every row written with them, so that the
 * reads measured next see the county and the intake's requests only: by id, a thousand at a time, each table through
 * an index (the band keys are the template's, within the run's time). The event log and the audit log refuse
 * deletes (their triggers): this scratch database's superuser session skips triggers for these transactions. Audit
 * entries the app's sealer already chained (in the first seconds, while it finishes the intake's) are kept, so the
 * chain stays whole.
 */
async function removeRawCopies(db: Db, template: RawTemplate, ids: number[], since: Date): Promise<void> {
  const bands = template.tables.find((t) => t.table === 'request_text_band');
  const keyAt = bands?.columns.indexOf('band_key') ?? -1;
  const keys = (bands?.rows ?? []).map((row) => Number(row[keyAt]));
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await db.transaction().execute(async (trx) => {
      const run = (text: string, params: unknown[]) => trx.executeQuery(CompiledQuery.raw(text, params));
      await run('set local session_replication_role = replica', []);
      if (keys.length > 0) {
        await run(
          'delete from request_text_band where band_key = any($1::int4[]) and received_at >= $2 and request_id = any($3::int4[])',
          [keys, since.toISOString(), chunk],
        );
      }
      await run('delete from request_text_signature where request_id = any($1::int4[])', [chunk]);
      await run('delete from request_event where request_id = any($1::int4[])', [chunk]);
      await run('delete from request_unit_fact where request_id = any($1::int4[])', [chunk]);
      await run(
        "delete from audit_entry where object_type = 'request' and object_id = any($1::text[]) and chain_seq is null",
        [chunk.map(String)],
      );
      await run('delete from request where id = any($1::int4[])', [chunk]);
    });
  }
  await db.executeQuery(CompiledQuery.raw('analyze request'));
}

main().catch((err: unknown) => {
  send({ type: 'error', message: String(err instanceof Error ? err.stack : err) });
  process.exit(1);
});
