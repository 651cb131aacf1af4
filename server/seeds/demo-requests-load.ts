/**
 * Writes the demo year of requests (demo-requests.ts) into an empty request table: the rows the service would have
 * written — the intake's row with the citizen sealed (AES-GCM, masked, keyed lookup hash), the receipt code's hash,
 * the normalised body, then the projection rebuilt from the log by the service's own `projectionOf` — the events,
 * the days' number sequences, and ONE audit entry for the whole load (not one per generated command: fifty thousand
 * synthetic entries would bury the real trail and say nothing an auditor needs; the entry names the seed and counts,
 * from which the load can be regenerated exactly). Notices, SMS and rating links are not generated: they belong to
 * live events, and the demo year is history.
 *
 * The figures (request_unit_fact) are counted by the metrics module as every write counts them, and inserted in bulk
 * (`recordNewRequestsFacts`).
 * One transaction, filled with multi-row inserts of a few hundred rows, so a failed load leaves no half-year behind.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import {
  bindWorkingTime,
  DEFAULT_TIME_LIMIT_RULES,
  loadRequestSettings,
  NAME_CONTEXT,
  PHONE_CONTEXT,
  projectionOf,
  recordNewRequestsFacts,
  resolveTimeLimit,
  type WorkingTime,
} from '../modules/requests/index.js';
import { appendAudit } from '../platform/audit/index.js';
import {
  addWorkingDays,
  addWorkingHours,
  loadWorkingCalendar,
  workingDaysBetween,
  workingHoursBetween,
} from '../platform/calendar/index.js';
import { maskPhone } from '../platform/crypto/mask.js';
import type { Db } from '../platform/db/database.js';
import type { Deps } from '../platform/deps.js';
import { DEMO_SEED, planDemoCounty } from './demo-plan.js';
import { type DemoRequestAccounts, type GeneratedRequest, generateDemoYear } from './demo-requests.js';
import { fastWorkingTime } from './demo-requests-time.js';

/** The default size of the demo year (DEMO_REQUESTS, `lianxin seed-demo --requests`). */
export const DEFAULT_DEMO_REQUESTS = 50_000;

export interface SeedDemoRequestsOptions {
  count: number;
  seed?: number;
  onProgress?: (progress: { done: number; total: number; step: string }) => void;
}

export interface DemoRequestsResult {
  requests: number;
  events: number;
  /** Rows of the figures (request_unit_fact) counted from the logs. */
  facts: number;
  /** Steps the rules refused (a generator bug; 0 expected). */
  refused: number;
  ms: number;
}

/** The request table already holds requests: the demo year (with planned ids) goes only into an empty one. */
export class DemoRequestsExistError extends Error {
  constructor() {
    super(
      'The database already holds requests: the demo year is loaded only into an empty request table. 已有诉求数据，未载入演示诉求。',
    );
  }
}

const CHUNK = 400;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The demo accounts' ids, names and units (the generated events are theirs where the role has an account). */
async function demoAccounts(db: Db): Promise<DemoRequestAccounts> {
  const rows = await db
    .selectFrom('userAccount')
    .select(['id', 'username', 'displayName', 'unitId'])
    .where('username', 'in', ['operator', 'dispatcher', 'leader', 'handler', 'township'])
    .execute();
  const by = new Map(rows.map((r) => [r.username, r]));
  const actor = (username: string, fallback: string) => {
    const r = by.get(username);
    return r ? { userId: r.id, name: r.displayName, unitId: r.unitId } : { userId: null, name: fallback, unitId: null };
  };
  return {
    operator: actor('operator', '话务员'),
    dispatcher: actor('dispatcher', '派单员'),
    leader: actor('leader', '县领导'),
    handlers: ['handler', 'township'].flatMap((u) => {
      const r = by.get(u);
      return r?.unitId ? [{ userId: r.id, name: r.displayName, unitId: r.unitId }] : [];
    }),
  };
}

/** The working calendar as stored (official days and overrides) for the demo year, with the fast arithmetic. */
async function demoWorkingTime(deps: Deps, now: Date): Promise<WorkingTime> {
  const year = Number(now.toISOString().slice(0, 4));
  const calendar = await loadWorkingCalendar(deps, [year - 2, year - 1, year, year + 1]);
  const slow = bindWorkingTime(calendar, { addWorkingDays, addWorkingHours, workingDaysBetween, workingHoursBetween });
  return fastWorkingTime(calendar, slow, `${year - 2}-01-01`, `${year + 1}-12-31`);
}

/** The request row exactly as intake plus the last command would leave it. */
function requestRow(deps: Deps, r: GeneratedRequest, workingTime: WorkingTime) {
  const s = r.snapshot;
  const received = r.events[0];
  if (received?.type !== 'received') throw new Error(`demo requests: ${r.number} does not start with 'received'`);
  const intakeDivision = received.payload.divisionCode ?? s.divisionCode ?? '';
  const { assistUnitIds, whistleUnitIds, ratesExcludedUnitIds, ...projection } = projectionOf(
    s,
    DEFAULT_TIME_LIMIT_RULES,
    workingTime,
    s.lastEventAt,
    intakeDivision,
  );
  const phone = r.citizen?.phone ?? null;
  const name = r.citizen?.name ?? null;
  return {
    id: r.id,
    number: r.number,
    receiptCodeHash: sha256(r.receiptCode),
    idempotencyKey: null,
    channel: s.channel,
    title: s.title,
    body: s.text,
    bodyOriginal: r.bodyOriginal,
    citizenNameEnc: name ? deps.cipher.encrypt(name, NAME_CONTEXT) : null,
    citizenPhoneEnc: phone ? deps.cipher.encrypt(phone, PHONE_CONTEXT) : null,
    citizenPhoneMask: phone ? maskPhone(phone) : null,
    citizenPhoneHash: phone ? deps.cipher.lookupHash(phone) : null,
    receivedAt: s.receivedAt,
    firstOwnerUserId: s.firstInquiry.userId,
    ...projection,
    assistUnitIds: sql<number[]>`${sql.val([...assistUnitIds])}::int[]`,
    whistleUnitIds: sql<number[]>`${sql.val([...whistleUnitIds])}::int[]`,
    ratesExcludedUnitIds: sql<number[]>`${sql.val([...ratesExcludedUnitIds])}::int[]`,
    updatedAt: s.lastEventAt,
  };
}

/**
 * Loads the demo year of requests (`count`, ending at `deps.now()`) into an empty request table, in one
 * transaction with one audit entry. Deterministic for a seed and a `now`.
 */
export async function seedDemoRequests(deps: Deps, opts: SeedDemoRequestsOptions): Promise<DemoRequestsResult> {
  const started = Date.now();
  const result: DemoRequestsResult = { requests: 0, events: 0, facts: 0, refused: 0, ms: 0 };
  if (opts.count <= 0) return result;
  const now = deps.now();
  const seed = opts.seed ?? DEMO_SEED;
  const workingTime = await demoWorkingTime(deps, now);
  const accounts = await demoAccounts(deps.db);
  const year = generateDemoYear({ plan: planDemoCounty(seed), accounts, workingTime, now, count: opts.count, seed });
  const progress = (done: number) => opts.onProgress?.({ done, total: year.total, step: 'requests 诉求' });

  await deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(724003)`.execute(trx);
    if (await trx.selectFrom('request').select('id').limit(1).executeTakeFirst()) throw new DemoRequestsExistError();
    let rows: ReturnType<typeof requestRow>[] = [];
    let events: EventRow[] = [];
    let generated: GeneratedRequest[] = [];
    const settings = new Map<string, Awaited<ReturnType<typeof loadRequestSettings>>>();
    const flush = async () => {
      if (rows.length > 0) await trx.insertInto('request').values(rows).execute();
      await insertEvents(trx, events);
      const facts = [];
      for (const [i, r] of generated.entries()) {
        const tenantCode = rows[i]?.tenantCode as string;
        let county = settings.get(tenantCode);
        if (!county) {
          county = await loadRequestSettings(trx, tenantCode);
          settings.set(tenantCode, county);
        }
        const s = r.snapshot;
        facts.push({
          requestId: r.id,
          tenantCode,
          events: r.events,
          snapshot: s,
          limits: resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, {
            categoryCode: s.categoryCode,
            type: s.type,
            urgency: s.urgency,
          }),
          workingTime,
          now: s.lastEventAt,
          fallbackDivisionCode: rows[i]?.divisionCode as string,
          settings: county,
        });
      }
      await recordNewRequestsFacts(trx, facts);
      result.requests += rows.length;
      rows = [];
      events = [];
      generated = [];
      progress(result.requests);
    };
    for (const r of year.requests) {
      const row = requestRow(deps, r, workingTime);
      rows.push(row);
      generated.push(r);
      for (const [i, e] of r.events.entries()) {
        events.push({
          tenantCode: row.tenantCode,
          requestId: r.id,
          seq: i + 1,
          type: e.type,
          at: e.at,
          actorUserId: e.actor.userId,
          actorUnitId: e.actor.unitId,
          actorName: e.actor.name,
          payload: JSON.stringify(e.payload),
        });
      }
      result.events += r.events.length;
      if (rows.length >= CHUNK) await flush();
    }
    await flush();
    await sql`select setval(pg_get_serial_sequence('request', 'id'), (select max(id) from request))`.execute(trx);
    for (let i = 0; i < year.numberSeq.length; i += 1000) {
      await trx
        .insertInto('requestNumberSeq')
        .values(year.numberSeq.slice(i, i + 1000))
        .onConflict((oc) =>
          oc.column('day').doUpdateSet({ last: sql<number>`greatest(request_number_seq.last, excluded.last)` }),
        )
        .execute();
    }
    result.refused = year.refused.length;
    const counted = await trx
      .selectFrom('requestUnitFact')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    result.facts = counted.n;
    await appendAudit(trx, {
      actor: { userId: null, name: 'demo-seed' },
      action: 'demo.seed-requests',
      objectType: 'system',
      objectId: null,
      detail: {
        seed,
        until: now.toISOString(),
        requests: result.requests,
        events: result.events,
        facts: result.facts,
        refused: result.refused,
      },
      at: now,
    });
  });
  result.ms = Date.now() - started;
  return result;
}

interface EventRow {
  tenantCode: string;
  requestId: number;
  seq: number;
  type: string;
  at: Date;
  actorUserId: number | null;
  actorUnitId: number | null;
  actorName: string;
  payload: string;
}

async function insertEvents(trx: Db, rows: readonly EventRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await trx
      .insertInto('requestEvent')
      .values(rows.slice(i, i + 2000))
      .execute();
  }
}
