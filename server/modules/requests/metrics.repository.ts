// Storage of the figures of 接诉即办: the per (request, unit) facts kept in step with every write of a request, the
// sums the metrics queries take over them, the drill-down to the requests, hot topics straight from `request`, and
// the composite score's weights. Timed outcomes stored as 'pending' are decided here against the caller's `now`.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { MetricDrillFigure } from '../../../contracts/metrics.js';
import { type RequestEvent, requestEventSchema } from '../../../contracts/requests.js';
import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../../platform/db/database.js';
import { unitIdInScope } from '../org/index.js';
import type { RequestFacts } from './domain/counting.js';
import type { RequestRow } from './requests.repository.js';

const toDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

/** Replaces a request's facts (none for a merged duplicate), in the caller's transaction. */
export async function replaceRequestFacts(
  trx: Db,
  requestId: number,
  tenantCode: string,
  facts: RequestFacts | null,
): Promise<void> {
  await trx.deleteFrom('requestUnitFact').where('requestId', '=', requestId).execute();
  await insertRequestFacts(trx, [{ requestId, tenantCode, facts }]);
}

/** Deletes the facts of several requests at once (the rebuild replaces a page of requests in one transaction). */
export async function deleteRequestFacts(trx: Db, requestIds: readonly number[]): Promise<void> {
  if (requestIds.length === 0) return;
  await trx
    .deleteFrom('requestUnitFact')
    .where('requestId', 'in', [...requestIds])
    .execute();
}

/** Inserts the facts of requests that have none yet, several requests per statement (the demo loader's bulk path). */
export async function insertRequestFacts(
  trx: Db,
  requests: readonly { requestId: number; tenantCode: string; facts: RequestFacts | null }[],
): Promise<void> {
  const rows = requestFactRows(requests);
  // 29 columns a row: stay well below PostgreSQL's 65,535 parameters per statement.
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('requestUnitFact')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

/**
 * The `request_unit_fact` rows of requests' facts, one per (request, unit), as every insert of facts stores them
 * (also by the intake's single statement, requests.repository.ts).
 */
export function requestFactRows<Id>(
  requests: readonly { requestId: Id; tenantCode: string; facts: RequestFacts | null }[],
) {
  return requests.flatMap(({ requestId, tenantCode, facts }) =>
    facts
      ? facts.rows.map((r) => ({
          requestId,
          unitId: r.unitId,
          tenantCode,
          countingMonth: facts.countingMonth,
          receivedAt: facts.receivedAt,
          divisionCode: facts.divisionCode,
          categoryCode: facts.categoryCode,
          isPrimary: r.primary,
          dispatched: r.dispatched,
          responseOutcome: r.response,
          responseDueAt: r.responseDueAt,
          handled: r.handled,
          acceptedInTime: r.acceptedInTime,
          returned: r.returned,
          replied: r.replied,
          resolutionOutcome: r.resolution,
          resolutionDueAt: r.resolutionDueAt,
          rated: r.rated,
          resolved: r.resolved,
          satisfaction: r.satisfaction,
          satisfactionPoints: r.satisfactionPoints,
          ratingUnrated: r.ratingUnrated,
          reopened: r.reopened,
          handlingHours: r.handlingHours,
          excluded: r.excluded,
          bounced: r.bounced,
          whistleSummoned: r.whistleSummoned,
          whistleOutcome: r.whistle,
          whistleDueAt: r.whistleDueAt,
        }))
      : [],
  );
}

/** Which facts a figure sums: the period, the caller's scope and the filters. */
export interface FactFilter {
  scope: Scope;
  tenantCode?: string;
  from: string;
  to: string;
  divisionCode?: string;
  categoryCode?: string;
  unitKind?: string;
  unitId?: number;
  /** 'unit': the rows of units (lead or whistle); 'request': the request-level rows (divisions, categories). */
  rows: 'unit' | 'request';
}

function whereFilter(f: FactFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`f.counting_month between ${f.from} and ${f.to}`];
  parts.push(f.rows === 'unit' ? sql<SqlBool>`f.unit_id is not null` : sql<SqlBool>`f.is_primary`);
  if (f.tenantCode) parts.push(sql<SqlBool>`f.tenant_code = ${f.tenantCode}`);
  if (f.scope.kind === 'unit') parts.push(unitIdInScope(f.scope, 'f.unitId'));
  if (f.scope.kind === 'division') parts.push(divisionInSubtree(f.scope.divisionCode));
  if (f.divisionCode) parts.push(divisionInSubtree(f.divisionCode));
  if (f.categoryCode) {
    parts.push(sql<SqlBool>`(f.category_code = ${f.categoryCode} or f.category_code like ${`${f.categoryCode}.%`})`);
  }
  if (f.unitKind) parts.push(sql<SqlBool>`f.unit_id in (select uk.id from unit uk where uk.kind = ${f.unitKind})`);
  if (f.unitId) parts.push(sql<SqlBool>`f.unit_id = ${f.unitId}`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

function divisionInSubtree(code: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from division fd where fd.code = f.division_code
    and fd.path like (select fr.path || '%' from division fr where fr.code = ${code}))`;
}

/** The raw sums behind one group's figures. */
export interface FactSums {
  key: string | null;
  /** The (first) county of the group's facts: a unit's weights are its county's. */
  tenantCode: string | null;
  requests: number;
  dispatched: number;
  respondedInTime: number;
  responseCounted: number;
  handled: number;
  acceptedInTime: number;
  returned: number;
  replied: number;
  repliedOnTime: number;
  overdue: number;
  rated: number;
  resolved: number;
  satisfactionPoints: number;
  reopened: number;
  handlingHoursAvg: number | null;
  excluded: number;
  bounced: number;
  whistleSummoned: number;
  whistleReportedInTime: number;
  whistleCounted: number;
}

const counted = (outcome: string, due: string, now: Date) =>
  sql<SqlBool>`(${sql.ref(outcome)} in ('in_time', 'late') or (${sql.ref(outcome)} = 'pending' and ${sql.ref(due)} < ${now}))`;

/** The SQL of every sum; excluded facts (核减) count only in `excluded`. */
function sumColumns(now: Date) {
  const c = (predicate: RawBuilder<SqlBool>) => sql`count(*) filter (where not f.excluded and ${predicate})::int`;
  return sql`
    min(f.tenant_code) as tenant_code,
    count(*) filter (where not f.excluded)::int as requests,
    ${c(sql`f.dispatched`)} as dispatched,
    ${c(sql`f.response_outcome = 'in_time'`)} as responded_in_time,
    ${c(counted('f.responseOutcome', 'f.responseDueAt', now))} as response_counted,
    ${c(sql`f.handled`)} as handled,
    ${c(sql`f.accepted_in_time`)} as accepted_in_time,
    ${c(sql`f.returned`)} as returned,
    ${c(sql`f.replied`)} as replied,
    ${c(sql`f.resolution_outcome = 'in_time'`)} as replied_on_time,
    ${c(sql`(f.resolution_outcome = 'late' or (f.resolution_outcome = 'pending' and f.resolution_due_at < ${now}))`)} as overdue,
    ${c(sql`f.rated`)} as rated,
    ${c(sql`f.rated and f.resolved`)} as resolved,
    coalesce(sum(f.satisfaction_points) filter (where not f.excluded and f.rated), 0)::float8 as satisfaction_points,
    ${c(sql`f.reopened > 0`)} as reopened,
    (avg(f.handling_hours) filter (where not f.excluded and f.handling_hours is not null))::float8 as handling_hours_avg,
    count(*) filter (where f.excluded)::int as excluded,
    ${c(sql`f.bounced`)} as bounced,
    ${c(sql`f.whistle_summoned`)} as whistle_summoned,
    ${c(sql`f.whistle_outcome = 'in_time'`)} as whistle_reported_in_time,
    ${c(counted('f.whistleOutcome', 'f.whistleDueAt', now))} as whistle_counted`;
}

/** How facts are grouped: by unit, by division at a code length (6 county, 9 township, 12 village), by category depth, by month, or not. */
export type FactGrouping =
  | { by: 'unit' }
  | { by: 'division'; digits: 6 | 9 | 12 }
  | { by: 'category'; depth: number }
  | { by: 'month' }
  | { by: 'none' };

function groupKey(g: FactGrouping): RawBuilder<string | null> {
  switch (g.by) {
    case 'unit':
      return sql<string>`f.unit_id::text`;
    case 'division':
      // Division codes are hierarchical (GB/T 2260 + township and village digits): the ancestor at a level is the
      // code's prefix padded with zeros.
      return sql<string>`rpad(substr(f.division_code, 1, ${g.digits}::int), 12, '0')`;
    case 'category':
      return sql<string | null>`array_to_string((string_to_array(f.category_code, '.'))[1:${g.depth}::int], '.')`;
    case 'month':
      return sql<string>`f.counting_month`;
    case 'none':
      return sql<null>`null`;
  }
}

/** Sums the facts matching the filter per group at `now` (the instant that decides pending deadlines). */
export async function sumFacts(db: Db, filter: FactFilter, grouping: FactGrouping, now: Date): Promise<FactSums[]> {
  const key = groupKey(grouping);
  const result = await sql<FactSums>`
    select ${key} as key, ${sumColumns(now)}
    from request_unit_fact f
    where ${whereFilter(filter)}
    group by 1
    order by 1`.execute(db);
  return result.rows.map((r) => ({ ...r, satisfactionPoints: Number(r.satisfactionPoints) }));
}

/** The predicate of a drill-down: the figure's denominator ('all'), its numerator ('hit') or the rest ('missed'). */
function drillPredicate(figure: MetricDrillFigure, outcome: 'all' | 'hit' | 'missed', now: Date): RawBuilder<SqlBool> {
  const pick = (all: RawBuilder<SqlBool>, hit: RawBuilder<SqlBool>): RawBuilder<SqlBool> => {
    if (outcome === 'all') return all;
    if (outcome === 'hit') return sql<SqlBool>`(${all} and ${hit})`;
    return sql<SqlBool>`(${all} and not (${hit}))`;
  };
  const overdue = sql<SqlBool>`(f.resolution_outcome = 'late' or (f.resolution_outcome = 'pending' and f.resolution_due_at < ${now}))`;
  const kept = (p: RawBuilder<SqlBool>) => sql<SqlBool>`(not f.excluded and ${p})`;
  switch (figure) {
    case 'dispatched':
      return kept(sql<SqlBool>`f.dispatched`);
    case 'response':
      return kept(
        pick(counted('f.responseOutcome', 'f.responseDueAt', now), sql<SqlBool>`f.response_outcome = 'in_time'`),
      );
    case 'timelyAcceptance':
      return kept(pick(sql<SqlBool>`f.handled`, sql<SqlBool>`f.accepted_in_time`));
    case 'return':
      return kept(pick(sql<SqlBool>`f.dispatched`, sql<SqlBool>`f.returned`));
    case 'onTime':
      return kept(
        pick(counted('f.resolutionOutcome', 'f.resolutionDueAt', now), sql<SqlBool>`f.resolution_outcome = 'in_time'`),
      );
    case 'overdue':
      return kept(overdue);
    case 'resolution':
      return kept(pick(sql<SqlBool>`f.rated`, sql<SqlBool>`f.resolved`));
    case 'satisfaction':
      return kept(pick(sql<SqlBool>`f.rated`, sql<SqlBool>`f.satisfaction_points > 0`));
    case 'reopen':
      return kept(pick(sql<SqlBool>`f.replied`, sql<SqlBool>`f.reopened > 0`));
    case 'excluded':
      return sql<SqlBool>`f.excluded`;
    case 'bounced':
      return kept(sql<SqlBool>`f.bounced`);
    case 'whistleReport':
      return kept(
        pick(counted('f.whistleOutcome', 'f.whistleDueAt', now), sql<SqlBool>`f.whistle_outcome = 'in_time'`),
      );
  }
}

/** One stored fact as the drill-down and the scorecard explain it. */
export interface FactRow {
  requestId: number;
  unitId: number | null;
  countingMonth: string;
  divisionCode: string;
  categoryCode: string | null;
  dispatched: boolean;
  responseOutcome: string;
  responseDueAt: Date | null;
  handled: boolean;
  acceptedInTime: boolean;
  returned: boolean;
  replied: boolean;
  resolutionOutcome: string;
  resolutionDueAt: Date | null;
  rated: boolean;
  resolved: boolean;
  satisfaction: string | null;
  ratingUnrated: boolean;
  reopened: number;
  handlingHours: number | null;
  excluded: boolean;
  bounced: boolean;
  whistleSummoned: boolean;
  whistleOutcome: string;
  whistleDueAt: Date | null;
}

const FACT_COLUMNS = sql`f.request_id, f.unit_id, f.counting_month, f.division_code, f.category_code, f.dispatched,
  f.response_outcome, f.response_due_at, f.handled, f.accepted_in_time, f.returned, f.replied, f.resolution_outcome,
  f.resolution_due_at, f.rated, f.resolved, f.satisfaction, f.rating_unrated, f.reopened, f.handling_hours, f.excluded,
  f.bounced, f.whistle_summoned, f.whistle_outcome, f.whistle_due_at`;

const REQUEST_COLUMNS = sql`r.id, r.tenant_code, r.number, r.channel, r.type, r.urgency, r.title, r.body,
  r.body_original, r.category_code as r_category_code, r.division_code as r_division_code, r.address,
  r.citizen_name_enc, r.citizen_phone_mask, r.state, r.lead_unit_id, r.assist_unit_ids, r.received_at, r.accepted_at,
  r.response_deadline, r.resolution_deadline, r.replied_at, r.closed_at, r.bounced as r_bounced,
  r.first_owner_user_id, r.version`;

type JoinedRow = Omit<FactRow, 'responseDueAt' | 'resolutionDueAt' | 'whistleDueAt'> & {
  responseDueAt: Date | string | null;
  resolutionDueAt: Date | string | null;
  whistleDueAt: Date | string | null;
  // biome-ignore lint/suspicious/noExplicitAny: the request's columns, mapped below
  [column: string]: any;
};

function splitJoined(r: JoinedRow): { fact: FactRow; request: RequestRow } {
  return {
    fact: {
      requestId: r.requestId,
      unitId: r.unitId,
      countingMonth: r.countingMonth,
      divisionCode: r.divisionCode,
      categoryCode: r.categoryCode,
      dispatched: r.dispatched,
      responseOutcome: r.responseOutcome,
      responseDueAt: toDate(r.responseDueAt),
      handled: r.handled,
      acceptedInTime: r.acceptedInTime,
      returned: r.returned,
      replied: r.replied,
      resolutionOutcome: r.resolutionOutcome,
      resolutionDueAt: toDate(r.resolutionDueAt),
      rated: r.rated,
      resolved: r.resolved,
      satisfaction: r.satisfaction,
      ratingUnrated: r.ratingUnrated,
      reopened: r.reopened,
      handlingHours: r.handlingHours === null ? null : Number(r.handlingHours),
      excluded: r.excluded,
      bounced: r.bounced,
      whistleSummoned: r.whistleSummoned,
      whistleOutcome: r.whistleOutcome,
      whistleDueAt: toDate(r.whistleDueAt),
    },
    request: {
      id: r.id,
      tenantCode: r.tenantCode,
      number: r.number,
      channel: r.channel,
      type: r.type,
      urgency: r.urgency,
      title: r.title,
      body: r.body,
      bodyOriginal: r.bodyOriginal,
      categoryCode: r.rCategoryCode,
      divisionCode: r.rDivisionCode,
      address: r.address,
      citizenNameEnc: r.citizenNameEnc,
      citizenPhoneMask: r.citizenPhoneMask,
      state: r.state,
      leadUnitId: r.leadUnitId,
      assistUnitIds: r.assistUnitIds,
      receivedAt: toDate(r.receivedAt) as Date,
      acceptedAt: toDate(r.acceptedAt),
      responseDeadline: toDate(r.responseDeadline),
      resolutionDeadline: toDate(r.resolutionDeadline),
      repliedAt: toDate(r.repliedAt),
      closedAt: toDate(r.closedAt),
      bounced: r.rBounced,
      firstOwnerUserId: r.firstOwnerUserId,
      version: r.version,
    },
  };
}

/** One page of the facts (with their requests) behind a figure, newest first. */
export async function listFactsBehind(
  db: Db,
  filter: FactFilter,
  figure: MetricDrillFigure | null,
  outcome: 'all' | 'hit' | 'missed',
  page: { offset: number; limit: number },
  now: Date,
): Promise<{ items: { fact: FactRow; request: RequestRow }[]; total: number }> {
  const predicate = figure ? drillPredicate(figure, outcome, now) : sql<SqlBool>`true`;
  const where = sql`${whereFilter(filter)} and ${predicate}`;
  const [rows, count] = await Promise.all([
    sql<JoinedRow>`
      select ${FACT_COLUMNS}, ${REQUEST_COLUMNS}
      from request_unit_fact f join request r on r.id = f.request_id
      where ${where}
      order by f.received_at desc, f.request_id desc
      offset ${page.offset} limit ${page.limit}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from request_unit_fact f where ${where}`.execute(db),
  ]);
  return { items: rows.rows.map(splitJoined), total: Number(count.rows[0]?.n ?? 0) };
}

/** Names and kinds of units (org's table read for labels and classes, as the scope predicates do). */
export async function findUnitsForMetrics(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, { name: string; kind: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('unit')
    .select(['id', 'name', 'kind'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }]));
}

/** Hot topics: requests per (place at `digits`, category at `depth`) and week, from `request` (received_at indexes). */
export async function countRequestsByWeek(
  db: Db,
  q: {
    scope: Scope;
    tenantCode?: string;
    divisionCode?: string;
    digits: number;
    depth: number;
    /** The first week's start (a Shanghai Monday 00:00); weeks are numbered from 0 in 7-day steps. */
    weekStarts: readonly [Date, ...Date[]];
    end: Date;
  },
): Promise<{ divisionCode: string; categoryCode: string; week: number; n: number }[]> {
  const parts: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`r.received_at >= ${q.weekStarts[0]} and r.received_at < ${q.end}`,
    sql<SqlBool>`r.category_code is not null and r.state <> 'merged'`,
  ];
  if (q.tenantCode) parts.push(sql<SqlBool>`r.tenant_code = ${q.tenantCode}`);
  const scopeDivision = q.scope.kind === 'division' ? q.scope.divisionCode : undefined;
  for (const code of [scopeDivision, q.divisionCode]) {
    if (code) {
      parts.push(sql<SqlBool>`exists (select 1 from division hd where hd.code = r.division_code
        and hd.path like (select hr.path || '%' from division hr where hr.code = ${code}))`);
    }
  }
  if (q.scope.kind === 'unit') {
    parts.push(sql<SqlBool>`(${unitIdInScope(q.scope, 'r.leadUnitId')})`);
  }
  const result = await sql<{ divisionCode: string; categoryCode: string; week: number; n: number }>`
    select rpad(substr(r.division_code, 1, ${q.digits}::int), 12, '0') as division_code,
      array_to_string((string_to_array(r.category_code, '.'))[1:${q.depth}::int], '.') as category_code,
      floor(extract(epoch from (r.received_at - ${q.weekStarts[0]}::timestamptz)) / 604800)::int as week,
      count(*)::int as n
    from request r
    where ${sql.join(parts, sql` and `)}
    group by 1, 2, 3`.execute(db);
  return result.rows;
}

/** The weights configured for a county, per unit kind. */
export async function loadMetricWeights(
  db: Db,
  tenantCode: string,
): Promise<{ unitKind: string; response: number; resolution: number; satisfaction: number }[]> {
  return db
    .selectFrom('requestMetricWeight')
    .select(['unitKind', 'response', 'resolution', 'satisfaction'])
    .where('tenantCode', '=', tenantCode)
    .execute();
}

/** Every configured weight of every county (a small table: counties × kinds of unit). */
export async function loadAllMetricWeights(
  db: Db,
): Promise<{ tenantCode: string; unitKind: string; response: number; resolution: number; satisfaction: number }[]> {
  return db
    .selectFrom('requestMetricWeight')
    .select(['tenantCode', 'unitKind', 'response', 'resolution', 'satisfaction'])
    .execute();
}

export async function saveMetricWeights(
  trx: Db,
  tenantCode: string,
  items: readonly { unitKind: string; response: number; resolution: number; satisfaction: number }[],
  by: { name: string; at: Date },
): Promise<void> {
  for (const item of items) {
    const values = { ...item, updatedAt: by.at, updatedBy: by.name };
    await trx
      .insertInto('requestMetricWeight')
      .values({ tenantCode, ...values })
      .onConflict((oc) => oc.columns(['tenantCode', 'unitKind']).doUpdateSet(values))
      .execute();
  }
}

/** One page of request ids for the rebuild, in id order after `afterId`. */
export async function listRequestIdsAfter(
  db: Db,
  afterId: number,
  limit: number,
  tenantCode?: string,
): Promise<{ id: number; tenantCode: string; divisionCode: string }[]> {
  let q = db
    .selectFrom('request')
    .select(['id', 'tenantCode', 'divisionCode'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit);
  if (tenantCode) q = q.where('tenantCode', '=', tenantCode);
  return q.execute();
}

/** The logs of several requests at once, each in order (the rebuild reads a page of requests per query). */
export async function loadEventLogs(db: Db, requestIds: readonly number[]): Promise<Map<number, RequestEvent[]>> {
  const logs = new Map<number, RequestEvent[]>(requestIds.map((id) => [id, []]));
  if (requestIds.length === 0) return logs;
  const rows = await db
    .selectFrom('requestEvent')
    .select(['requestId', 'type', 'at', 'actorUserId', 'actorUnitId', 'actorName', 'payload'])
    .where('requestId', 'in', [...requestIds])
    .orderBy('requestId')
    .orderBy('seq')
    .execute();
  for (const r of rows) {
    logs.get(r.requestId)?.push(
      requestEventSchema.parse({
        type: r.type,
        at: toDate(r.at),
        actor: { userId: r.actorUserId, unitId: r.actorUnitId, name: r.actorName },
        payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
      }),
    );
  }
  return logs;
}

/** Every stored fact of a tenant (or all), in a stable order — for the rebuild's check and tests. */
export async function listAllFacts(db: Db, tenantCode?: string): Promise<Record<string, unknown>[]> {
  let q = db.selectFrom('requestUnitFact').selectAll().orderBy('requestId').orderBy(sql`coalesce(unit_id, 0)`);
  if (tenantCode) q = q.where('tenantCode', '=', tenantCode);
  return q.execute();
}
