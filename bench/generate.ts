/**
 * The benchmark's data at county and city scale. The demo county and up to `BASE_REQUESTS` requests of its year come
 * from the app's own demo loader (every event out of the request rules, the rows built by the service's projection,
 * the figures counted by the metrics module: server/seeds/demo-requests-load.ts). Beyond that, the loaded year is
 * copied inside the database (INSERT … SELECT) until `scale` requests exist: each copy is a request with the same log
 * as an app-made one, so its row, events and fact rows are exactly what the app writes for that log — only the id,
 * the number (the same day, a later sequence), the receipt code's hash and a merged duplicate's link to its original
 * differ. The same county then receives `scale / base` times the demo year's traffic.
 *
 * Bulk path: the copies go into tables whose secondary indexes are dropped first and rebuilt after (their definitions
 * read back from the catalogue, so they stay the migrations' own), in one transaction with one audit entry, then the
 * tables are analysed. bench/generate.test.ts checks that the copies' figures equal a recount from their logs.
 */
import { sql } from 'kysely';
import { appendAudit } from '../server/platform/audit/index.js';
import type { Db } from '../server/platform/db/database.js';
import type { Deps } from '../server/platform/deps.js';
import { type DemoLogin, seedDemo } from '../server/seeds/demo-county.js';

/** Requests generated through the rules; more are copies of them. The demo year's daily numbers leave room for 100 copies. */
export const BASE_REQUESTS = 100_000;

const MAX_DAILY_SEQUENCE = 99_999;
// request_text_signature / request_text_band: the near-duplicate signatures (filled by the demo seed's backfill).
const COPIED_TABLES = [
  'request',
  'request_event',
  'request_unit_fact',
  'request_text_signature',
  'request_text_band',
] as const;
const LIAISON_TABLES = ['liaison_household', 'liaison_pairing', 'liaison_visit'] as const;
/** Households in the ledger per request of the year (30,000 at county scale, 300,000 at 1 million). */
export const HOUSEHOLDS_PER_REQUEST = 0.3;

export interface BenchDataResult {
  requests: number;
  /** Requests generated through the rules (the rest are copies). */
  generated: number;
  copies: number;
  /** The demo loader (county + generated requests) and the copying, in ms. */
  generateMs: number;
  copyMs: number;
  /** Liaison households (民情台账) and visits after copying, and the copying's time in ms. */
  households: number;
  visits: number;
  liaisonCopyMs: number;
  logins: DemoLogin[];
}

export interface BenchDataOptions {
  scale: number;
  /** Where the demo logins are written (mode 0600). */
  loginsFile: string;
  /** Requests generated through the rules before copying (default BASE_REQUESTS; tests use a few hundred). */
  base?: number;
  onProgress?: (p: { step: string; done: number; total: number }) => void;
}

/** Loads the demo county and `scale` requests with their events and figures into an empty database. */
export async function generateBenchData(deps: Deps, opts: BenchDataOptions): Promise<BenchDataResult> {
  const base = Math.min(opts.scale, opts.base ?? BASE_REQUESTS);
  const t0 = performance.now();
  const seeded = await seedDemo(deps, {
    log: () => {},
    loginsFile: opts.loginsFile,
    requests: base,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const t1 = performance.now();
  const copies = await copyRequests(deps, opts.scale, opts.onProgress);
  const t2 = performance.now();
  const liaison = await copyLiaison(deps, Math.round(opts.scale * HOUSEHOLDS_PER_REQUEST), opts.onProgress);
  return {
    requests: opts.scale,
    generated: base,
    copies,
    generateMs: t1 - t0,
    copyMs: t2 - t1,
    households: liaison.households,
    visits: liaison.visits,
    liaisonCopyMs: performance.now() - t2,
    logins: seeded.logins,
  };
}

async function columnsOf(trx: Db, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
    order by ordinal_position`.execute(trx);
  return rows.map((r) => r.name);
}

/** Secondary indexes (not backing a primary key or unique constraint) of the copied tables, with their definitions. */
async function secondaryIndexes(
  trx: Db,
  tables: readonly string[] = COPIED_TABLES,
): Promise<{ name: string; def: string }[]> {
  const { rows } = await sql<{ name: string; def: string }>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = current_schema() and i.tablename in (${sql.join([...tables])})
      and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`.execute(
    trx,
  );
  return rows;
}

/**
 * Copies the loaded requests (ids 1…base) until `scale` exist: copy k gets ids base·k + id, numbers of the same day
 * with the sequence raised by k times the busiest day's, a fresh receipt hash, and its merged duplicates point at
 * their original's copy. Returns how many copies (the last may be partial).
 */
export async function copyRequests(
  deps: Deps,
  scale: number,
  onProgress?: BenchDataOptions['onProgress'],
): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const stats = await sql<{ n: number; maxId: number; maxSeq: number }>`
      select count(*)::int as n, coalesce(max(id), 0)::int as "maxId",
             coalesce(max(substring(number from 9)::int), 0)::int as "maxSeq"
      from request`.execute(trx);
    const { n, maxId, maxSeq } = stats.rows[0] ?? { n: 0, maxId: 0, maxSeq: 0 };
    if (n === 0 || n >= scale) return 0;
    if (n !== maxId)
      throw new Error(`bench data: expected requests 1…${n} from the demo loader, found max id ${maxId}`);
    const copies = Math.ceil(scale / n) - 1;
    if ((copies + 1) * maxSeq > MAX_DAILY_SEQUENCE) {
      throw new Error(
        `bench data: ${copies} copies of a day with ${maxSeq} requests overflow the daily number; raise the base`,
      );
    }
    const indexes = await secondaryIndexes(trx);
    for (const { name } of indexes) await sql`drop index ${sql.id(name)}`.execute(trx);
    const requestCols = await columnsOf(trx, 'request');
    const eventCols = (await columnsOf(trx, 'request_event')).filter((c) => c !== 'id');
    const factCols = await columnsOf(trx, 'request_unit_fact');
    const select = (cols: readonly string[], overrides: Record<string, string>) =>
      cols.map((c) => overrides[c] ?? `"${c}"`).join(', ');
    const list = (cols: readonly string[]) => cols.map((c) => `"${c}"`).join(', ');
    for (let k = 1; k <= copies; k++) {
      const offset = k * n;
      const last = Math.min(n, scale - offset);
      const requestSql = `insert into request (${list(requestCols)}) select ${select(requestCols, {
        id: `id + ${offset}`,
        number: `substring(number from 1 for 8) || lpad((substring(number from 9)::int + ${k * maxSeq})::text, 5, '0')`,
        receipt_code_hash: `encode(sha256(convert_to(receipt_code_hash || ':${k}', 'UTF8')), 'hex')`,
        idempotency_key: 'null',
        merged_into_id: `merged_into_id + ${offset}`,
      })} from request where id <= ${last}`;
      const eventSql = `insert into request_event (${list(eventCols)}) select ${select(eventCols, {
        request_id: `request_id + ${offset}`,
        payload: `case when type = 'merged_into' then jsonb_set(payload, '{originalId}', to_jsonb((payload->>'originalId')::int + ${offset})) else payload end`,
      })} from request_event where request_id <= ${last}`;
      const factSql = `insert into request_unit_fact (${list(factCols)}) select ${select(factCols, {
        request_id: `request_id + ${offset}`,
      })} from request_unit_fact where request_id <= ${last}`;
      // A copy has its original's text, so its signature and band keys are the original's.
      const signatureSql = `insert into request_text_signature (request_id, received_at, signature)
        select request_id + ${offset}, received_at, signature from request_text_signature where request_id <= ${last}`;
      const bandSql = `insert into request_text_band (band_key, received_at, request_id)
        select band_key, received_at, request_id + ${offset} from request_text_band where request_id <= ${last}`;
      for (const text of [requestSql, eventSql, factSql, signatureSql, bandSql]) await sql.raw(text).execute(trx);
      onProgress?.({ step: 'copies 副本', done: offset + last, total: scale });
    }
    for (const { def } of indexes) await sql.raw(def).execute(trx);
    await sql`select setval(pg_get_serial_sequence('request', 'id'), (select max(id) from request))`.execute(trx);
    await sql`
      insert into request_number_seq (day, last)
      select substring(number from 1 for 8), max(substring(number from 9)::int) from request group by 1
      on conflict (day) do update set last = greatest(request_number_seq.last, excluded.last)`.execute(trx);
    await appendAudit(trx, {
      actor: { userId: null, name: 'bench' },
      action: 'bench.copy-requests',
      objectType: 'system',
      objectId: null,
      detail: { generated: n, copies, requests: scale },
      at: deps.now(),
    });
    return copies;
  });
}

/**
 * Copies the demo loader's liaison ledger (about 3,000 households, their pairings and a year of visits) inside the
 * database until about `households` exist: copy k's households, pairings and visits get ids raised by k times the
 * highest id (pairings keep pointing at their copy's household and replacement), visits a distinct idempotency key;
 * cadres, texts, times and the requests a visit's problem became stay the originals' (each cadre visits k times the
 * households). Secondary indexes are dropped first and rebuilt after, as for the requests. Returns the counts after.
 */
export async function copyLiaison(
  deps: Deps,
  households: number,
  onProgress?: BenchDataOptions['onProgress'],
): Promise<{ households: number; visits: number }> {
  return deps.db.transaction().execute(async (trx) => {
    const count = async () =>
      (
        await sql<{ households: number; visits: number }>`
          select (select count(*)::int from liaison_household) as households,
                 (select count(*)::int from liaison_visit) as visits`.execute(trx)
      ).rows[0] ?? { households: 0, visits: 0 };
    const before = await count();
    if (before.households === 0 || before.households >= households) return before;
    const max = (
      await sql<{ h: number; p: number; v: number }>`
        select (select max(id) from liaison_household)::int as h, coalesce((select max(id) from liaison_pairing), 0)::int as p,
               coalesce((select max(id) from liaison_visit), 0)::int as v`.execute(trx)
    ).rows[0] ?? { h: 0, p: 0, v: 0 };
    const copies = Math.ceil(households / before.households) - 1;
    const indexes = await secondaryIndexes(trx, LIAISON_TABLES);
    for (const { name } of indexes) await sql`drop index ${sql.id(name)}`.execute(trx);
    const cols = {
      household: await columnsOf(trx, 'liaison_household'),
      pairing: await columnsOf(trx, 'liaison_pairing'),
      visit: await columnsOf(trx, 'liaison_visit'),
    };
    const select = (c: readonly string[], overrides: Record<string, string>) =>
      c.map((x) => overrides[x] ?? `"${x}"`).join(', ');
    const list = (c: readonly string[]) => c.map((x) => `"${x}"`).join(', ');
    for (let k = 1; k <= copies; k++) {
      const h = k * max.h;
      const statements = [
        `insert into liaison_household (${list(cols.household)}) select ${select(cols.household, { id: `id + ${h}` })}
         from liaison_household where id <= ${max.h}`,
        `insert into liaison_pairing (${list(cols.pairing)}) select ${select(cols.pairing, {
          id: `id + ${k * max.p}`,
          household_id: `household_id + ${h}`,
          replaced_by_id: `replaced_by_id + ${k * max.p}`,
        })} from liaison_pairing where id <= ${max.p}`,
        `insert into liaison_visit (${list(cols.visit)}) select ${select(cols.visit, {
          id: `id + ${k * max.v}`,
          household_id: `household_id + ${h}`,
          idempotency_key: `idempotency_key || ':bench${k}'`,
        })} from liaison_visit where id <= ${max.v}`,
      ];
      for (const text of statements) await sql.raw(text).execute(trx);
      onProgress?.({ step: 'liaison copies 台账副本', done: (k + 1) * before.households, total: households });
    }
    for (const { def } of indexes) await sql.raw(def).execute(trx);
    for (const table of LIAISON_TABLES) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
        trx,
      );
    }
    const after = await count();
    await appendAudit(trx, {
      actor: { userId: null, name: 'bench' },
      action: 'bench.copy-liaison',
      objectType: 'system',
      objectId: null,
      detail: { copies, households: after.households, visits: after.visits },
      at: deps.now(),
    });
    return after;
  });
}

/**
 * Vacuums and analyses the loaded tables: a database that has held a year of requests has been through autovacuum
 * (visibility map set, statistics current); without this, autovacuum starts on the fresh rows during the measurement.
 */
export async function analyseTables(db: Db): Promise<void> {
  for (const table of [...COPIED_TABLES, ...LIAISON_TABLES, 'request_number_seq']) {
    await sql`vacuum (analyze) ${sql.id(table)}`.execute(db);
  }
  // The demo county's small tables too: with no statistics for \`unit\` the planner took one unit kind for one row and
  // probed the facts unit by unit (the department ranking at 1 million: 750 ms instead of 50 ms).
  await sql`analyze`.execute(db);
}
