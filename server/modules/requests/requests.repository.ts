import { CompiledQuery, type RawBuilder, type SqlBool, sql } from 'kysely';
import {
  type RequestEvent,
  type RequestQueue,
  type RequestSort,
  type RequestState,
  requestEventSchema,
  type TimeLimitRule,
  timeLimitRuleSchema,
} from '../../../contracts/requests.js';
import type { Scope } from '../../../contracts/roles.js';
import type { AuditEntryColumns } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/database.js';
import { unitIdInScope, unitInScope } from '../org/index.js';

// The requests module's tables: the projection `request`, the append-only `request_event`, the time-limit rules and
// the per-day number sequence. Reads of `unit`/`division`/`category` go through org's scope predicates, or are
// plain lookups of the taxonomy the requests module owns conceptually (category).

export interface RequestRow {
  id: number;
  tenantCode: string;
  number: string;
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
  citizenPhoneMask: string | null;
  state: string;
  leadUnitId: number | null;
  assistUnitIds: number[];
  receivedAt: Date;
  acceptedAt: Date | null;
  responseDeadline: Date | null;
  resolutionDeadline: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  bounced: boolean;
  firstOwnerUserId: number | null;
  version: number;
}

const COLUMNS = [
  'r.id',
  'r.tenantCode',
  'r.number',
  'r.channel',
  'r.type',
  'r.urgency',
  'r.title',
  'r.body',
  'r.bodyOriginal',
  'r.categoryCode',
  'r.divisionCode',
  'r.address',
  'r.citizenNameEnc',
  'r.citizenPhoneMask',
  'r.state',
  'r.leadUnitId',
  'r.assistUnitIds',
  'r.receivedAt',
  'r.acceptedAt',
  'r.responseDeadline',
  'r.resolutionDeadline',
  'r.repliedAt',
  'r.closedAt',
  'r.bounced',
  'r.firstOwnerUserId',
  'r.version',
] as const;

const toDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

function toRow(r: Omit<RequestRow, 'assistUnitIds'> & { assistUnitIds: unknown }): RequestRow {
  return {
    ...r,
    assistUnitIds: ((r.assistUnitIds as number[] | null) ?? []).map(Number),
    receivedAt: toDate(r.receivedAt)!,
    acceptedAt: toDate(r.acceptedAt),
    responseDeadline: toDate(r.responseDeadline),
    resolutionDeadline: toDate(r.resolutionDeadline),
    repliedAt: toDate(r.repliedAt),
    closedAt: toDate(r.closedAt),
  };
}

/**
 * SQL predicate: the request aliased `alias` lies in the scope of a user — everything; for a unit scope, requests
 * whose lead, an assisting unit or a department summoned by its whistle lies in the scope unit's subtree, plus those the user received themself (首问);
 * for a division scope, requests whose place lies in the scope division's subtree.
 */
export function requestInScope(scope: Scope, userId: number, alias: string): RawBuilder<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`true`;
    case 'unit': {
      // The scope's units as an array computed once per query (an InitPlan), so each condition can use its index
      // (lead unit: request_inbox_idx; assisting and whistle units: their GIN indexes; 首问: request_first_owner_idx)
      // instead of a correlated lookup of the unit table for every request row.
      const units = sql`array(select rsu.id from unit rsu where ${unitInScope(scope, 'rsu')})`;
      return sql<SqlBool>`(${sql.ref(`${alias}.leadUnitId`)} = any(${units})
        or ${sql.ref(`${alias}.assistUnitIds`)} && ${units}
        or ${sql.ref(`${alias}.whistleUnitIds`)} && ${units}
        or ${sql.ref(`${alias}.firstOwnerUserId`)} = ${userId})`;
    }
    case 'division':
      return sql<SqlBool>`exists (select 1 from division rsd where rsd.code = ${sql.ref(`${alias}.divisionCode`)}
        and rsd.path like (select rsr.path || '%' from division rsr where rsr.code = ${scope.divisionCode}))`;
  }
}

export async function findRequestByIdempotencyKey(
  db: Db,
  key: string,
): Promise<{ id: number; number: string } | undefined> {
  return db.selectFrom('request').select(['id', 'number']).where('idempotencyKey', '=', key).executeTakeFirst();
}

/**
 * Reserves the next `count` sequences of a Shanghai day (YYYYMMDD) and returns the last of them (the reserved ones
 * are last - count + 1 … last); run on its own (autocommit) so its row lock is held for one statement.
 */
export async function reserveRequestSequences(db: Db, day: string, count: number): Promise<number> {
  const row = await db
    .insertInto('requestNumberSeq')
    .values({ day, last: count })
    .onConflict((oc) => oc.column('day').doUpdateSet({ last: sql<number>`request_number_seq.last + ${count}` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(row.last);
}

/** Whether a draw failed because the day's numbers ran out (request_number_seq's check: at most 99,999 a day). */
export function isDayNumbersExhausted(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23514' && e.constraint === 'request_number_seq_last_check';
}

export interface NewRequestRow {
  tenantCode: string;
  number: string;
  receiptCodeHash: string;
  idempotencyKey: string | null;
  channel: string;
  type: string;
  title: string | null;
  body: string;
  bodyOriginal: string;
  divisionCode: string;
  address: string | null;
  citizenNameEnc: string | null;
  citizenPhoneEnc: string | null;
  citizenPhoneMask: string | null;
  citizenPhoneHash: string | null;
  state: RequestState;
  receivedAt: Date;
  firstOwnerUserId: number | null;
}

export async function insertRequest(trx: Db, row: NewRequestRow): Promise<number> {
  const { id } = await trx.insertInto('request').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/**
 * The intake's one write of the request row: the row and its projection in one INSERT. A row already holding the
 * same idempotency key (committed, or committed by a concurrent intake this statement waited for) makes it insert
 * nothing and return undefined: the unique index serialises intakes that carry the same key, and only them.
 */
export async function insertNewRequest(
  trx: Db,
  row: NewRequestRow,
  p: RequestProjection,
  at: Date,
): Promise<number | undefined> {
  const { assistUnitIds, whistleUnitIds, ratesExcludedUnitIds, ...rest } = p;
  const inserted = await trx
    .insertInto('request')
    .values({
      ...row,
      ...rest,
      assistUnitIds: intArray(assistUnitIds),
      whistleUnitIds: intArray(whistleUnitIds),
      ratesExcludedUnitIds: intArray(ratesExcludedUnitIds),
      updatedAt: at,
    })
    .onConflict((oc) => oc.column('idempotencyKey').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

/** What the intake writes in its one statement besides the request row (see insertIntakeRequest). */
export interface IntakeRows {
  events: readonly RequestEvent[];
  /** The near-duplicate signature and its LSH band keys (no band keys: a text without words, nothing stored). */
  signature: { signature: readonly number[]; bandKeys: readonly number[] };
  /** The request's `request_unit_fact` rows without their request id (metrics.repository.ts requestFactRows). */
  facts: readonly object[];
  /** The audit entry's columns without its object id, which is the new request's id (platform/audit auditEntryOf). */
  audit: AuditEntryColumns;
}

const snakeNames = new Map<string, string>();
/** A column's name for a camelCase key, as Kysely's CamelCasePlugin names it (kept: the same few keys every time). */
const snakeOf = (key: string) => {
  let name = snakeNames.get(key);
  if (name === undefined) {
    name = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeNames.set(key, name);
  }
  return name;
};
/**
 * A row as JSON with the table's column names: jsonb_populate_record fills a row of the table's types from it (JSON
 * null: NULL, an array: an SQL array, a date's ISO text: timestamptz). Undefined values are left out, as Kysely does.
 */
const rowJson = (row: object) => {
  const out: Record<string, unknown> = {};
  for (const key in row) {
    const v = (row as Record<string, unknown>)[key];
    if (v !== undefined) out[snakeOf(key)] = v;
  }
  return out;
};
const intakeSql = new Map<string, string>();
// The columns of migration 2026-12-08T0300's request_intake (the same statement, planned once per connection).
const sortedColumns = (columns: string) => columns.replace(/\s+/g, ' ').trim().split(', ').sort().join(', ');
const FUNCTION_REQUEST_COLUMNS = sortedColumns(`tenant_code, number, receipt_code_hash, idempotency_key, channel,
  type, title, body, body_original, division_code, address, citizen_name_enc, citizen_phone_enc, citizen_phone_mask,
  citizen_phone_hash, state, received_at, first_owner_user_id, urgency, category_code, lead_unit_id, assist_unit_ids,
  accepted_at, response_deadline, resolution_deadline, replied_at, closed_at, bounced, whistle_unit_ids,
  rates_excluded_unit_ids, appeal_pending, merged_into_id, extension_pending, disputed, search_text, reply_text,
  version, updated_at`);
const FUNCTION_FACT_COLUMNS = sortedColumns(`unit_id, tenant_code, counting_month, received_at, division_code,
  category_code, is_primary, dispatched, response_outcome, response_due_at, handled, accepted_in_time, returned,
  replied, resolution_outcome, resolution_due_at, rated, resolved, satisfaction, satisfaction_points, rating_unrated,
  reopened, handling_hours, excluded, bounced, whistle_summoned, whistle_outcome, whistle_due_at`);
const FUNCTION_AUDIT_COLUMNS = sortedColumns(
  'at, actor_user_id, actor_name, action, object_type, before, after, detail, request_id',
);
const INTAKE_FUNCTION_SQL =
  'select request_intake($1::jsonb, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7::timestamptz, $8::int4[], $9::int4[]) as id';
/** How this process's intakes were written: by request_intake, or by the statement itself (rows of another shape). */
export const intakeWrites = { byFunction: 0, byStatement: 0 };
/** Whether the rows of a shape are exactly what request_intake writes (else the statement is sent as it is). */
const fitsFunction = new Map<string, boolean>();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * A row's JSON parameter whose values fill text columns. JSON.stringify writes a lone UTF-16 surrogate as an escape
 * that jsonb refuses, where the drivers send a text parameter's lone surrogate as U+FFFD: so such strings are
 * written with U+FFFD, as these columns got them as parameters (checked only when the JSON holds such an escape).
 * The events' JSON is plain JSON.stringify, as their jsonb payload always was (a text the payload carries with a
 * lone surrogate is refused, 400, as before).
 */
function jsonParam(value: unknown): string {
  const json = JSON.stringify(value);
  if (!/\\ud[89a-f]/i.test(json)) return json;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\uFFFD') : v));
}

/**
 * The intake's whole write in ONE statement (one round trip, atomic without a transaction): the request row with
 * its projection, its events, its text signature and band keys, its facts and the audit entry, as data-modifying
 * CTEs that each take the new id from the request's INSERT. The request is inserted only when its place exists and
 * its category (if any) exists and is active, and not when a row already holds its idempotency key (committed, or
 * committed by a concurrent intake this statement waited for): then nothing at all is written and this returns
 * undefined — the caller tells which reason it was. The rows are exactly those of the transaction path
 * (insertNewRequest, appendRequestEvents, insertTextSignatures, insertRequestFacts, appendAudit): each is built by
 * the same functions and filled by jsonb_populate_record from the table's own column types. When the rows have the
 * columns of the database function request_intake (migration 2026-12-08T0300: the same statement, parsed and planned
 * once per connection) it is called instead; otherwise the statement is sent as it is. The caller notes the audit
 * append (noteAuditAppended) after it returns an id.
 */
export async function insertIntakeRequest(
  db: Db,
  row: NewRequestRow,
  p: RequestProjection,
  at: Date,
  rows: IntakeRows,
  check: { divisionCode: string; categoryCode: string | null },
): Promise<number | undefined> {
  const request = rowJson({ ...row, ...p, updatedAt: at });
  const events = rows.events.map((e, i) => ({
    seq: i + 1,
    type: e.type,
    at: e.at,
    actor_user_id: e.actor.userId,
    actor_unit_id: e.actor.unitId,
    actor_name: e.actor.name,
    payload: e.payload,
  }));
  const facts = rows.facts.map(rowJson);
  const { object_id: _objectId, ...audit } = rowJson(rows.audit);
  const requestColumns = Object.keys(request).join(', ');
  const factColumns = facts.length > 0 ? Object.keys(facts[0] as object).join(', ') : '';
  const signed = rows.signature.bandKeys.length > 0;
  const shape = `${requestColumns}|${factColumns}|${signed}`;
  let fits = fitsFunction.get(shape);
  if (fits === undefined) {
    fits =
      sortedColumns(requestColumns) === FUNCTION_REQUEST_COLUMNS &&
      (factColumns === '' || sortedColumns(factColumns) === FUNCTION_FACT_COLUMNS) &&
      sortedColumns(Object.keys(audit).join(', ')) === FUNCTION_AUDIT_COLUMNS;
    fitsFunction.set(shape, fits);
  }
  if (fits) {
    intakeWrites.byFunction++;
    const { rows: out } = await db.executeQuery<{ id: number | null }>(
      CompiledQuery.raw(INTAKE_FUNCTION_SQL, [
        jsonParam(request),
        check.divisionCode,
        check.categoryCode,
        JSON.stringify(events),
        jsonParam(audit),
        factColumns ? jsonParam(facts) : null,
        at.toISOString(),
        signed ? `{${rows.signature.signature.join(',')}}` : null,
        signed ? `{${rows.signature.bandKeys.join(',')}}` : null,
      ]),
    );
    return out[0]?.id ?? undefined;
  }
  intakeWrites.byStatement++;
  let text = intakeSql.get(shape);
  if (!text) {
    const x = (columns: string) =>
      columns
        .split(', ')
        .map((c) => `x.${c}`)
        .join(', ');
    const auditColumns = Object.keys(audit).join(', ');
    // $1 request, $2 division, $3 category, $4 events, $5 audit, then $6 facts (when any), then the signature's.
    const sig = factColumns ? 7 : 6;
    text = `with r as (
  insert into request (${requestColumns})
  select ${x(requestColumns)} from jsonb_populate_record(null::request, $1::jsonb) x
  where exists (select 1 from division where code = $2)
    and ($3::text is null or exists (select 1 from category where code = $3 and active))
  on conflict (idempotency_key) do nothing
  returning id, tenant_code
), e as (
  insert into request_event (tenant_code, request_id, seq, type, at, actor_user_id, actor_unit_id, actor_name, payload)
  select r.tenant_code, r.id, x.seq, x.type, x.at, x.actor_user_id, x.actor_unit_id, x.actor_name, x.payload
  from r, jsonb_populate_recordset(null::request_event, $4::jsonb) x
), a as (
  insert into audit_entry (object_id, ${auditColumns})
  select r.id::text, ${x(auditColumns)} from r, jsonb_populate_record(null::audit_entry, $5::jsonb) x
)${
      factColumns
        ? `, f as (
  insert into request_unit_fact (request_id, ${factColumns})
  select r.id, ${x(factColumns)} from r, jsonb_populate_recordset(null::request_unit_fact, $6::jsonb) x
)`
        : ''
    }${
      signed
        ? `, s as (
  insert into request_text_signature (request_id, received_at, signature)
  select r.id, $${sig}::timestamptz, $${sig + 1}::int4[] from r
  on conflict (request_id) do nothing
  returning request_id
), b as (
  insert into request_text_band (band_key, received_at, request_id)
  select k, $${sig}::timestamptz, s.request_id from s, unnest($${sig + 2}::int4[]) as k
)`
        : ''
    }
select id from r`;
    intakeSql.set(shape, text);
  }
  const params: unknown[] = [
    jsonParam(request),
    check.divisionCode,
    check.categoryCode,
    JSON.stringify(events),
    jsonParam(audit),
  ];
  if (factColumns) params.push(jsonParam(facts));
  if (signed) {
    params.push(at.toISOString(), `{${rows.signature.signature.join(',')}}`, `{${rows.signature.bandKeys.join(',')}}`);
  }
  const { rows: out } = await db.executeQuery<{ id: number }>(CompiledQuery.raw(text, params));
  return out[0]?.id;
}

/** Locks a request row for the rest of the transaction (select … for update); undefined when it does not exist. */
export async function lockRequest(trx: Db, id: number): Promise<RequestRow | undefined> {
  const row = await trx
    .selectFrom('request as r')
    .select(COLUMNS)
    .where('r.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** A request the user's scope covers; undefined when it does not exist or lies outside the scope. */
export async function findRequest(db: Db, scope: Scope, userId: number, id: number): Promise<RequestRow | undefined> {
  const row = await db
    .selectFrom('request as r')
    .select(COLUMNS)
    .where('r.id', '=', id)
    .where(requestInScope(scope, userId, 'r'))
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export interface StoredEvent {
  seq: number;
  event: RequestEvent;
}

/** A request's log in order, each event parsed back into the shape the domain folds. */
export async function loadRequestEvents(db: Db, requestId: number): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('requestEvent')
    .select(['seq', 'type', 'at', 'actorUserId', 'actorUnitId', 'actorName', 'payload'])
    .where('requestId', '=', requestId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    event: requestEventSchema.parse({
      type: r.type,
      at: toDate(r.at),
      actor: { userId: r.actorUserId, unitId: r.actorUnitId, name: r.actorName },
      payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
    }),
  }));
}

/** Appends events after `lastSeq`; the unique (request_id, seq) refuses a writer that did not hold the row lock. */
export async function appendRequestEvents(
  trx: Db,
  requestId: number,
  tenantCode: string,
  lastSeq: number,
  events: readonly RequestEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('requestEvent')
    .values(
      events.map((e, i) => ({
        tenantCode,
        requestId,
        seq: lastSeq + i + 1,
        type: e.type,
        at: e.at,
        actorUserId: e.actor.userId,
        actorUnitId: e.actor.unitId,
        actorName: e.actor.name,
        payload: JSON.stringify(e.payload),
      })),
    )
    .execute();
}

export interface RequestProjection {
  tenantCode: string;
  type: string;
  urgency: string;
  categoryCode: string | null;
  divisionCode: string;
  address: string | null;
  state: RequestState;
  leadUnitId: number | null;
  assistUnitIds: number[];
  acceptedAt: Date | null;
  responseDeadline: Date | null;
  resolutionDeadline: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  bounced: boolean;
  whistleUnitIds: number[];
  ratesExcludedUnitIds: number[];
  appealPending: boolean;
  mergedIntoId: number | null;
  extensionPending: boolean;
  disputed: boolean;
  searchText: string;
  /** The latest reply not sent back, normalised, for the global search. */
  replyText: string;
  version: number;
}

const intArray = (ids: readonly number[]) => sql<number[]>`${sql.val([...ids])}::int[]`;

/** Writes the projection derived from the log. */
export async function updateRequestProjection(trx: Db, id: number, p: RequestProjection, at: Date): Promise<void> {
  const { assistUnitIds, whistleUnitIds, ratesExcludedUnitIds, ...rest } = p;
  await trx
    .updateTable('request')
    .set({
      ...rest,
      assistUnitIds: intArray(assistUnitIds),
      whistleUnitIds: intArray(whistleUnitIds),
      ratesExcludedUnitIds: intArray(ratesExcludedUnitIds),
      updatedAt: at,
    })
    .where('id', '=', id)
    .execute();
}

export interface RequestFilters {
  search?: string | undefined;
  state?: RequestState | undefined;
  leadUnitId?: number | undefined;
  categoryCode?: string | undefined;
  divisionCode?: string | undefined;
  bounced?: boolean | undefined;
  overdue?: boolean | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  appealPending?: boolean | undefined;
  queue?: RequestQueue | undefined;
  /** In progress, not yet overdue, resolution due at or before this instant. */
  dueBefore?: Date | undefined;
  sort?: RequestSort | undefined;
}

/** SQL predicate: not accepted past the response deadline, or not replied past the resolution deadline. */
function overdueAt(now: Date): RawBuilder<SqlBool> {
  return sql<SqlBool>`((r.state = 'dispatched' and r.response_deadline < ${now})
    or (r.state = 'in_progress' and r.resolution_deadline < ${now}))`;
}

/** States in which a bounced request still needs the dispatcher's eye (the bounced queue). */
const OPEN_STATES: readonly RequestState[] = ['classified', 'dispatched', 'returned', 'in_progress'];

/** The states some work queue holds (beside the flags disputed, appeal and extension pending, whatever the state). */
const QUEUE_STATES: readonly RequestState[] = ['received', 'classified', 'returned', 'dispatched', 'in_progress'];

/**
 * SQL predicate of a work queue (see REQUEST_QUEUES). The unit queues hold only requests the scope's unit leads
 * (assisting and whistle units see the request, but it is not theirs to accept); `dueBefore` bounds "due soon".
 */
function queuePredicate(queue: RequestQueue, scope: Scope, now: Date, dueBefore: Date): RawBuilder<SqlBool> {
  const lead = unitIdInScope(scope, 'r.leadUnitId');
  switch (queue) {
    case 'new':
      return sql<SqlBool>`r.state in ('received', 'classified')`;
    case 'returned':
      return sql<SqlBool>`r.state = 'returned'`;
    case 'disputed':
      return sql<SqlBool>`r.disputed`;
    case 'appeals':
      return sql<SqlBool>`r.appeal_pending`;
    case 'extensions':
      return sql<SqlBool>`r.extension_pending`;
    case 'overdue':
      return overdueAt(now);
    case 'bounced':
      return sql<SqlBool>`(r.bounced and r.state in (${sql.join(OPEN_STATES)}))`;
    case 'to_accept':
      return sql<SqlBool>`(r.state = 'dispatched' and ${lead})`;
    case 'in_progress':
      return sql<SqlBool>`(r.state = 'in_progress' and ${lead})`;
    case 'due_soon':
      return sql<SqlBool>`(${dueBetween(now, dueBefore)} and ${lead})`;
    case 'unit_overdue':
      return sql<SqlBool>`(${overdueAt(now)} and ${lead})`;
  }
}

/** SQL predicate: in progress and the resolution deadline lies in [now, before] (served by request_resolution_due_idx). */
function dueBetween(now: Date, before: Date): RawBuilder<SqlBool> {
  return sql<SqlBool>`(r.state = 'in_progress' and r.resolution_deadline >= ${now} and r.resolution_deadline <= ${before})`;
}

/** Counts every queue of `queues` in the scope in one pass (the tab badges). */
export async function countQueues(
  db: Db,
  scope: Scope,
  userId: number,
  queues: readonly RequestQueue[],
  now: Date,
  dueBefore: Date,
): Promise<{ queue: RequestQueue; count: number }[]> {
  if (queues.length === 0) return [];
  const row = (await db
    .selectFrom('request as r')
    .where(requestInScope(scope, userId, 'r'))
    // Every queue holds open or flagged requests only: read those through their indexes, not the whole history.
    .where(
      sql<SqlBool>`(r.state in (${sql.join(QUEUE_STATES)}) or r.disputed or r.appeal_pending or r.extension_pending)`,
    )
    .select(
      queues.map((q, i) =>
        sql<number>`count(*) filter (where ${queuePredicate(q, scope, now, dueBefore)})::int`.as(`q${i}`),
      ),
    )
    .executeTakeFirstOrThrow()) as Record<string, number>;
  return queues.map((queue, i) => ({ queue, count: Number(row[`q${i}`] ?? 0) }));
}

/** How each sort order of the list reads; the id breaks ties so paging is stable. */
const SORT_COLUMNS = {
  receivedAt: 'r.receivedAt',
  resolutionDeadline: 'r.resolutionDeadline',
  state: 'r.state',
  number: 'r.number',
} as const;

/**
 * A text search (`q`) counts its matches up to this many: each counted match costs a recheck of its text, and a common
 * word matches tens of thousands of a city's requests (seconds to count them all). Beyond it the list says "10000+".
 */
export const LIST_SEARCH_COUNT_CAP = 10_000;

/**
 * One page of the requests in scope matching the filters (newest first unless sorted), with each row's overdue flag
 * at `now`; with a text search the total is counted up to `countCap` (`totalCapped` when there are more).
 */
export async function listRequests(
  db: Db,
  scope: Scope,
  userId: number,
  f: RequestFilters,
  page: { offset: number; limit: number },
  now: Date,
  countCap = LIST_SEARCH_COUNT_CAP,
): Promise<{ items: (RequestRow & { overdue: boolean })[]; total: number; totalCapped: boolean }> {
  let q = db.selectFrom('request as r').where(requestInScope(scope, userId, 'r'));
  if (f.search) q = q.where('r.searchText', 'like', `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.state) q = q.where('r.state', '=', f.state);
  if (f.leadUnitId) q = q.where('r.leadUnitId', '=', f.leadUnitId);
  if (f.categoryCode) {
    const code = f.categoryCode;
    q = q.where((eb) => eb.or([eb('r.categoryCode', '=', code), eb('r.categoryCode', 'like', `${code}.%`)]));
  }
  if (f.divisionCode) {
    q = q.where(sql<SqlBool>`exists (select 1 from division fd where fd.code = r.division_code
      and fd.path like (select fr.path || '%' from division fr where fr.code = ${f.divisionCode}))`);
  }
  if (f.bounced !== undefined) q = q.where('r.bounced', '=', f.bounced);
  if (f.overdue !== undefined) q = q.where(f.overdue ? overdueAt(now) : sql<SqlBool>`not ${overdueAt(now)}`);
  if (f.from) q = q.where('r.receivedAt', '>=', f.from);
  if (f.to) q = q.where('r.receivedAt', '<', f.to);
  if (f.appealPending !== undefined) q = q.where('r.appealPending', '=', f.appealPending);
  const dueBefore = f.dueBefore;
  if (dueBefore) q = q.where(dueBetween(now, dueBefore));
  if (f.queue) q = q.where(queuePredicate(f.queue, scope, now, dueBefore ?? now));
  const sort = f.sort ?? '-receivedAt';
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const column = SORT_COLUMNS[sort.replace(/^-/, '') as keyof typeof SORT_COLUMNS];
  const [rows, count] = await Promise.all([
    q
      .select(COLUMNS)
      .select(overdueAt(now).as('overdue'))
      .orderBy(column, (ob) => (direction === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsLast()))
      .orderBy('r.id', direction)
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    f.search
      ? db
          .selectFrom(
            q
              .select(sql<number>`1`.as('one'))
              .limit(countCap + 1)
              .as('m'),
          )
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      : q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const n = Number(count.n);
  const capped = Boolean(f.search) && n > countCap;
  return {
    items: rows.map((r) => ({ ...toRow(r), overdue: Boolean(r.overdue) })),
    total: capped ? countCap : n,
    totalCapped: capped,
  };
}

/** Counts the requests in scope in a state (home cards), optionally only those led by a unit's subtree. */
export async function countRequestsInState(
  db: Db,
  scope: Scope,
  userId: number,
  states: readonly RequestState[],
): Promise<number> {
  const row = await db
    .selectFrom('request as r')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(requestInScope(scope, userId, 'r'))
    .where('r.state', 'in', [...states])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The configured time-limit rules of a county; an empty list when none are configured. */
export async function loadTimeLimitRules(db: Db, tenantCode: string): Promise<TimeLimitRule[]> {
  const rows = await db.selectFrom('requestTimeLimitRule').selectAll().where('tenantCode', '=', tenantCode).execute();
  const duration = (amount: unknown, unit: string | null) =>
    amount === null || unit === null ? undefined : { amount: Number(amount), unit };
  return rows.map((r) =>
    timeLimitRuleSchema.parse({
      label: r.label,
      categoryCode: r.categoryCode,
      type: r.type,
      urgency: r.urgency,
      response: duration(r.responseAmount, r.responseUnit),
      resolution: duration(r.resolutionAmount, r.resolutionUnit),
      returnWindow: duration(r.returnWindowAmount, r.returnWindowUnit),
    }),
  );
}

/** The id and receipt-code hash of a request by its number (the citizen's tracking and rating link; no scope). */
export async function findRequestReceipt(
  db: Db,
  number: string,
): Promise<{ id: number; receiptCodeHash: string } | undefined> {
  return db.selectFrom('request').select(['id', 'receiptCodeHash']).where('number', '=', number).executeTakeFirst();
}

/**
 * The ids among `unitIds` that lie outside the scope: for a unit or division scope, units outside it (org's
 * unitInScope); for the whole-county scope ('all'), units whose jurisdiction lies outside the county `tenantCode`.
 */
export async function unitsOutsideScope(
  db: Db,
  scope: Scope,
  tenantCode: string,
  unitIds: readonly number[],
): Promise<number[]> {
  if (unitIds.length === 0) return [];
  const inside = scope.kind === 'all' ? unitInCounty(tenantCode) : unitInScope(scope, 'u');
  const rows = await db
    .selectFrom('unit as u')
    .select('u.id')
    .where('u.id', 'in', [...unitIds])
    .where(inside)
    .execute();
  const ok = new Set(rows.map((r) => r.id));
  return unitIds.filter((id) => !ok.has(id));
}

/** The ids among `unitIds` whose jurisdiction lies outside the county `tenantCode` (whistles summon county departments). */
export async function unitsOutsideCounty(db: Db, tenantCode: string, unitIds: readonly number[]): Promise<number[]> {
  return unitsOutsideScope(db, { kind: 'all' }, tenantCode, unitIds);
}

function unitInCounty(tenantCode: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from division ud where ud.code = u.division_code
    and ud.path like (select uc.path || '%' from division uc where uc.code = ${tenantCode}))`;
}

/** The duplicates merged into a request, oldest first (request_merged_into_idx). */
export async function findMergedDuplicates(
  db: Db,
  originalId: number,
): Promise<{ id: number; number: string; receivedAt: Date }[]> {
  const rows = await db
    .selectFrom('request')
    .select(['id', 'number', 'receivedAt'])
    .where('mergedIntoId', '=', originalId)
    .orderBy('receivedAt')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, receivedAt: toDate(r.receivedAt)! }));
}

/** Whether any request was merged into this one. */
export async function hasMergedDuplicates(db: Db, originalId: number): Promise<boolean> {
  const row = await db.selectFrom('request').select('id').where('mergedIntoId', '=', originalId).executeTakeFirst();
  return row !== undefined;
}

/** The number, state and merge link of a request by id (no scope: the merge link of a request already in scope). */
export async function findRequestLink(
  db: Db,
  id: number,
): Promise<{ id: number; number: string; state: string; mergedIntoId: number | null } | undefined> {
  return db
    .selectFrom('request')
    .select(['id', 'number', 'state', 'mergedIntoId'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * The number and current state of each request id given (ids that do not exist are left out): a module that found a
 * citizen's problem itself (a liaison visit, channel 'liaison') shows the progress of the request it became.
 */
export async function findRequestStates(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, { number: string; state: RequestState }>> {
  const out = new Map<number, { number: string; state: RequestState }>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('request')
    .select(['id', 'number', 'state'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) out.set(r.id, { number: r.number, state: r.state as RequestState });
  return out;
}
