/**
 * The benchmark's server process (spawned by bench/run.ts, pinned to its own core where taskset exists): opens the
 * bench database, migrates it, loads the demo county and `BENCH_SCALE` requests of its year through the app's own
 * demo loader (the domain functions and the metrics module's counting, bulk multi-row inserts), then serves the real
 * app on 127.0.0.1 and answers the parent's messages over IPC:
 *   { type: 'raw', seconds, concurrency, template } → a raw parameterised INSERT of request + first event rows
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
    rssMb: process.memoryUsage().rss / 2 ** 20,
  });

  process.on('message', (msg: ParentMessage) => {
    if (msg.type === 'raw') {
      loadTemplate(deps.db, msg.templateId)
        .then((template) => rawInsert(deps.db, databaseUrl, template, msg.seconds, msg.concurrency))
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

interface RawTemplate {
  tenantCode: string;
  channel: string;
  type: string;
  urgency: string;
  title: string | null;
  body: string;
  bodyOriginal: string;
  categoryCode: string | null;
  divisionCode: string;
  address: string | null;
  citizenNameEnc: string | null;
  citizenPhoneEnc: string | null;
  citizenPhoneMask: string | null;
  citizenPhoneHash: string | null;
  state: string;
  responseDeadline: Date | null;
  resolutionDeadline: Date | null;
  firstOwnerUserId: number | null;
  eventType: string;
  actorUserId: number | null;
  actorUnitId: number | null;
  actorName: string;
  payload: string;
}

/** A request written by the HTTP intake and its first event: the raw INSERT writes rows of exactly this shape. */
async function loadTemplate(db: Db, id: number): Promise<RawTemplate> {
  const { rows } = await db.executeQuery<RawTemplate>(
    CompiledQuery.raw(
      `select r.tenant_code as "tenantCode", r.channel, r.type, r.urgency, r.title, r.body,
         r.body_original as "bodyOriginal", r.category_code as "categoryCode", r.division_code as "divisionCode",
         r.address, r.citizen_name_enc as "citizenNameEnc", r.citizen_phone_enc as "citizenPhoneEnc",
         r.citizen_phone_mask as "citizenPhoneMask", r.citizen_phone_hash as "citizenPhoneHash", r.state,
         r.response_deadline as "responseDeadline", r.resolution_deadline as "resolutionDeadline",
         r.first_owner_user_id as "firstOwnerUserId", e.type as "eventType", e.actor_user_id as "actorUserId",
         e.actor_unit_id as "actorUnitId", e.actor_name as "actorName", e.payload::text as payload
       from request r join request_event e on e.request_id = r.id and e.seq = 1
       where r.id = $1`,
      [id],
    ),
  );
  const template = rows[0];
  if (!template) throw new Error(`bench: request ${id} (the raw INSERT's template) not found`);
  return template;
}

async function holdsRequests(db: Db): Promise<boolean> {
  const { rows } = await db.executeQuery(CompiledQuery.raw('select 1 from request limit 1'));
  return rows.length > 0;
}

// The intake's two rows in one statement: the request (as intake leaves it) and its 'received' event.
const RAW_SQL = `with r as (
  insert into request (tenant_code, number, receipt_code_hash, idempotency_key, channel, type, urgency, title, body,
    body_original, category_code, division_code, address, citizen_name_enc, citizen_phone_enc, citizen_phone_mask,
    citizen_phone_hash, state, received_at, response_deadline, resolution_deadline, first_owner_user_id, updated_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $19)
  returning id, tenant_code)
insert into request_event (tenant_code, request_id, seq, type, at, actor_user_id, actor_unit_id, actor_name, payload)
select r.tenant_code, r.id, 1, $23, $19, $24, $25, $26, $27::jsonb from r`;

function rawParams(t: RawTemplate, n: number, runTag: string): unknown[] {
  const at = new Date();
  // 13 digits like a request number, in a range the app's numbering (YYMMDD…) never reaches before 2090.
  const number = `9${String(n).padStart(12, '0')}`;
  return [
    t.tenantCode,
    number,
    createHash('sha256').update(randomBytes(8)).digest('hex'),
    `raw-${runTag}-${n}`,
    t.channel,
    t.type,
    t.urgency,
    t.title,
    t.body,
    t.bodyOriginal,
    t.categoryCode,
    t.divisionCode,
    t.address,
    t.citizenNameEnc,
    t.citizenPhoneEnc,
    t.citizenPhoneMask,
    t.citizenPhoneHash,
    t.state,
    at,
    t.responseDeadline,
    t.resolutionDeadline,
    t.firstOwnerUserId,
    t.eventType,
    t.actorUserId,
    t.actorUnitId,
    t.actorName,
    t.payload,
  ];
}

/**
 * `concurrency` loops insert rows back to back for `seconds` (bounded: also stops after 10 million rows); each row is
 * one parameterised statement. Returns the rows inserted and the latencies' percentiles.
 */
async function rawInsert(
  db: Db,
  url: string | undefined,
  template: RawTemplate,
  seconds: number,
  concurrency: number,
): Promise<RawResult> {
  const pool = url ? new pg.Pool({ connectionString: url, max: concurrency }) : null;
  const runTag = randomBytes(4).toString('hex');
  let next = Number.parseInt(randomBytes(4).toString('hex'), 16) * 100;
  let rows = 0;
  let errors = 0;
  const latencies: number[] = [];
  const exec = pool
    ? (params: unknown[]) => pool.query(RAW_SQL, params)
    : (params: unknown[]) => db.executeQuery(CompiledQuery.raw(RAW_SQL, params));
  if (pool) await Promise.all(Array.from({ length: concurrency }, () => pool.query('select 1')));
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline && rows + errors < 10_000_000) {
      const params = rawParams(template, next++, runTag);
      const t0 = performance.now();
      try {
        await exec(params);
        rows++;
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - started) / 1000;
  await pool?.end();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { rows, seconds: elapsed, p50Ms: pct(50), p99Ms: pct(99), errors };
}

main().catch((err: unknown) => {
  send({ type: 'error', message: String(err instanceof Error ? err.stack : err) });
  process.exit(1);
});
