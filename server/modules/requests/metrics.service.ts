/*
 * The figures of 接诉即办 (issue #5): metrics per unit, division and category for a period of counting months, the
 * composite score with weights per class (kind) of unit, the monthly ranking with its red and black lists, the trend,
 * hot topics, the drill-down from a figure to its requests and a unit's scorecard. Everything is summed in SQL over
 * `request_unit_fact` (kept in step with each write, see metrics.facts.ts) or counted from `request` by index; the
 * clock read once per use case decides the deadlines that passed without an event. All reads take the actor's scope.
 */
import {
  DEFAULT_METRIC_WEIGHTS,
  type HotTopic,
  type HotTopicsQuery,
  type HotTopicsResponse,
  type MetricDrillItem,
  type MetricDrillResponse,
  type MetricFact,
  type MetricFigures,
  type MetricGroupsResponse,
  type MetricsCategoryQuery,
  type MetricsDivisionQuery,
  type MetricsDrillQuery,
  type MetricsQuery,
  type MetricsRankingQuery,
  type MetricWeights,
  MIN_RANKED_VOLUME,
  type RankingResponse,
  type RankingRow,
  RED_BLACK_LIST_SIZE,
  type ScorecardQuery,
  type ScorecardResponse,
  type TrendResponse,
} from '../../../contracts/metrics.js';
import type { UnitKind } from '../../../contracts/org.js';
import { UNIT_KINDS } from '../../../contracts/org.js';
import type { Scope } from '../../../contracts/roles.js';
import { appendAudit, auditActorOf } from '../../platform/audit/index.js';
import type { Deps } from '../../platform/deps.js';
import type { Actor } from '../../platform/http/actor.js';
import { AppError, toFieldIssues } from '../../platform/http/errors.js';
import { beijingTime, toXlsx } from '../../platform/http/xlsx.js';
import { findCategoryNames, findDivisionNames, findUnitById } from '../org/index.js';
import { compositeScore, countRequest, rankUnits } from './domain/counting.js';
import { foldRequestEvents } from './domain/request-state.js';
import {
  countRequestsByWeek,
  deleteRequestFacts,
  type FactFilter,
  type FactRow,
  type FactSums,
  findUnitsForMetrics,
  insertRequestFacts,
  listFactsBehind,
  listRequestIdsAfter,
  loadAllMetricWeights,
  loadEventLogs,
  saveMetricWeights,
  sumFacts,
} from './metrics.repository.js';
import { limitsOf, loadWorkingTime, rulesFor, tenantOf, toSummary } from './requests.service.js';
import { loadRequestSettings, type RequestSettings } from './settings.repository.js';
import { countyOrFail } from './settings.service.js';

export type MetricsActor = Pick<Actor, 'userId' | 'username' | 'displayName' | 'scope' | 'unitId' | 'permissions'>;

/** The longest period one query sums (three years of months). */
const MAX_MONTHS = 36;

function fieldError(field: string, zh: string, en: string): AppError {
  const zhIssue = toFieldIssues([{ path: [field], message: zh }], 'zh')[0]!;
  const enIssue = toFieldIssues([{ path: [field], message: en }], 'en')[0]!;
  return new AppError('VALIDATION_FAILED', {
    issues: [{ ...zhIssue, messageZh: zhIssue.messageZh, messageEn: enIssue.messageEn }],
  });
}

/** The months from `from` to `to` inclusive, or a 400 naming `to` when the period runs backwards or is too long. */
export function monthsOf(from: string, to: string): string[] {
  if (to < from) throw fieldError('to', '结束月份不能早于开始月份', 'the period must not end before it starts');
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (let month = from; month <= to; ) {
    months.push(month);
    if (months.length > MAX_MONTHS) {
      throw fieldError('to', `统计周期最长 ${MAX_MONTHS} 个月`, `a period spans at most ${MAX_MONTHS} months`);
    }
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
    month = `${y}-${String(m).padStart(2, '0')}`;
  }
  return months;
}

const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;

/** Turns the SQL sums into the figures and rates users see, with the composite score under `weights`. */
export function figuresOf(s: FactSums | undefined, weights: MetricWeights): MetricFigures {
  const z = s ?? emptySums();
  const rates = {
    response: ratio(z.respondedInTime, z.responseCounted),
    timelyAcceptance: ratio(z.acceptedInTime, z.handled),
    resolution: ratio(z.resolved, z.rated),
    satisfaction: ratio(z.satisfactionPoints, z.rated),
    onTime: ratio(z.repliedOnTime, z.repliedOnTime + z.overdue),
    return: ratio(z.returned, z.dispatched),
    reopen: ratio(z.reopened, z.replied),
    whistleReport: ratio(z.whistleReportedInTime, z.whistleCounted),
  };
  return {
    requests: z.requests,
    dispatched: z.dispatched,
    respondedInTime: z.respondedInTime,
    handled: z.handled,
    acceptedInTime: z.acceptedInTime,
    returned: z.returned,
    replied: z.replied,
    repliedOnTime: z.repliedOnTime,
    overdue: z.overdue,
    rated: z.rated,
    resolved: z.resolved,
    satisfactionPoints: Math.round(z.satisfactionPoints * 100) / 100,
    reopened: z.reopened,
    handlingHoursAvg: z.handlingHoursAvg === null ? null : Math.round(Number(z.handlingHoursAvg) * 100) / 100,
    excluded: z.excluded,
    bounced: z.bounced,
    whistleSummoned: z.whistleSummoned,
    whistleReportedInTime: z.whistleReportedInTime,
    rates,
    score: compositeScore(rates, weights),
  };
}

function emptySums(): FactSums {
  return {
    key: null,
    tenantCode: null,
    requests: 0,
    dispatched: 0,
    respondedInTime: 0,
    responseCounted: 0,
    handled: 0,
    acceptedInTime: 0,
    returned: 0,
    replied: 0,
    repliedOnTime: 0,
    overdue: 0,
    rated: 0,
    resolved: 0,
    satisfactionPoints: 0,
    reopened: 0,
    handlingHoursAvg: null,
    excluded: 0,
    bounced: 0,
    whistleSummoned: 0,
    whistleReportedInTime: 0,
    whistleCounted: 0,
  };
}

/** The configured weights by county and kind, with the default for anything not configured. */
async function weightsLookup(deps: Pick<Deps, 'db'>): Promise<(tenant: string | null, kind: string) => MetricWeights> {
  const rows = await loadAllMetricWeights(deps.db);
  const map = new Map(rows.map((r) => [`${r.tenantCode}|${r.unitKind}`, r] as const));
  return (tenant, kind) => {
    const row = tenant ? map.get(`${tenant}|${kind}`) : undefined;
    return row
      ? { response: row.response, resolution: row.resolution, satisfaction: row.satisfaction }
      : DEFAULT_METRIC_WEIGHTS;
  };
}

function filterOf(actor: MetricsActor, q: MetricsQuery, rows: FactFilter['rows']): FactFilter {
  monthsOf(q.from, q.to);
  return {
    scope: actor.scope,
    tenantCode: q.countyCode,
    from: q.from,
    to: q.to,
    divisionCode: q.divisionCode,
    categoryCode: q.categoryCode,
    unitKind: q.unitKind,
    rows,
  };
}

/** Figures per unit (as lead, or summoned by a whistle) for the period; each unit scored with its county's weights for its kind. */
export async function getUnitMetrics(deps: Deps, actor: MetricsActor, q: MetricsQuery): Promise<MetricGroupsResponse> {
  const now = deps.now();
  const filter = filterOf(actor, q, 'unit');
  const [groups, [total], weightsOf] = await Promise.all([
    sumFacts(deps.db, filter, { by: 'unit' }, now),
    sumFacts(deps.db, filter, { by: 'none' }, now),
    weightsLookup(deps),
  ]);
  const units = await findUnitsForMetrics(
    deps.db,
    groups.map((g) => Number(g.key)),
  );
  return {
    from: q.from,
    to: q.to,
    total: figuresOf(total, DEFAULT_METRIC_WEIGHTS),
    groups: groups.map((g) => {
      const unit = units.get(Number(g.key));
      const kind = (unit?.kind ?? 'department') as UnitKind;
      return {
        key: String(g.key),
        name: unit?.name ?? String(g.key),
        unitId: Number(g.key),
        unitKind: unit ? kind : null,
        figures: figuresOf(g, weightsOf(g.tenantCode, kind)),
      };
    }),
  };
}

const DIVISION_DIGITS = { county: 6, township: 9, village: 12 } as const;

/** Figures per division (county, township or village) for the period, from each request's request-level row. */
export async function getDivisionMetrics(
  deps: Deps,
  actor: MetricsActor,
  q: MetricsDivisionQuery,
): Promise<MetricGroupsResponse> {
  const now = deps.now();
  const filter = filterOf(actor, q, 'request');
  const [groups, [total]] = await Promise.all([
    sumFacts(deps.db, filter, { by: 'division', digits: DIVISION_DIGITS[q.level] }, now),
    sumFacts(deps.db, filter, { by: 'none' }, now),
  ]);
  const names = await findDivisionNames(
    deps.db,
    groups.map((g) => String(g.key)),
  );
  return {
    from: q.from,
    to: q.to,
    total: figuresOf(total, DEFAULT_METRIC_WEIGHTS),
    groups: groups.map((g) => ({
      key: String(g.key),
      name: names.get(String(g.key)) ?? String(g.key),
      unitId: null,
      unitKind: null,
      figures: figuresOf(g, DEFAULT_METRIC_WEIGHTS),
    })),
  };
}

/** Figures per category at a depth of the taxonomy (1 = 一级) for the period; unclassified requests under key ''. */
export async function getCategoryMetrics(
  deps: Deps,
  actor: MetricsActor,
  q: MetricsCategoryQuery,
): Promise<MetricGroupsResponse> {
  const now = deps.now();
  const filter = filterOf(actor, q, 'request');
  const [groups, [total]] = await Promise.all([
    sumFacts(deps.db, filter, { by: 'category', depth: q.depth }, now),
    sumFacts(deps.db, filter, { by: 'none' }, now),
  ]);
  const names = await findCategoryNames(deps.db, groups.map((g) => g.key ?? '').filter(Boolean));
  return {
    from: q.from,
    to: q.to,
    total: figuresOf(total, DEFAULT_METRIC_WEIGHTS),
    groups: groups.map((g) => ({
      key: g.key ?? '',
      name: g.key ? (names.get(g.key) ?? g.key) : '未分类',
      unitId: null,
      unitKind: null,
      figures: figuresOf(g, DEFAULT_METRIC_WEIGHTS),
    })),
  };
}

/**
 * The monthly ranking of all units of one class in the actor's scope: composite score under the county's weights for
 * that class; units with fewer than MIN_RANKED_VOLUME counted dispatches are listed unranked; red and black lists.
 */
export async function getRanking(deps: Deps, actor: MetricsActor, q: MetricsRankingQuery): Promise<RankingResponse> {
  return rankingFor(deps, actor.scope, { ...q, from: q.month, to: q.month }, deps.now());
}

async function rankingFor(
  deps: Deps,
  scope: Scope,
  q: Omit<MetricsRankingQuery, 'month'> & { from: string; to: string },
  now: Date,
): Promise<RankingResponse> {
  const filter: FactFilter = {
    scope,
    tenantCode: q.countyCode,
    from: q.from,
    to: q.to,
    divisionCode: q.divisionCode,
    categoryCode: q.categoryCode,
    unitKind: q.unitKind,
    rows: 'unit',
  };
  const [groups, weightsOf] = await Promise.all([sumFacts(deps.db, filter, { by: 'unit' }, now), weightsLookup(deps)]);
  const units = await findUnitsForMetrics(
    deps.db,
    groups.map((g) => Number(g.key)),
  );
  const tenant = q.countyCode ?? groups[0]?.tenantCode ?? null;
  const rows: RankingRow[] = groups.map((g) => {
    const figures = figuresOf(g, weightsOf(g.tenantCode, q.unitKind));
    return {
      rank: null,
      unitId: Number(g.key),
      unitName: units.get(Number(g.key))?.name ?? String(g.key),
      unitKind: q.unitKind,
      score: figures.score,
      figures,
    };
  });
  const { ranked, red, black } = rankUnits(
    rows.map((r) => ({ ...r, volume: r.figures.dispatched })),
    MIN_RANKED_VOLUME,
    RED_BLACK_LIST_SIZE,
  );
  const strip = ({ volume: _v, ...r }: RankingRow & { volume: number }): RankingRow => r;
  const rankOf = new Map(ranked.map((r) => [r.unitId, r.rank]));
  return {
    month: q.from,
    unitKind: q.unitKind,
    weights: weightsOf(tenant, q.unitKind),
    minVolume: MIN_RANKED_VOLUME,
    rows: ranked.map((r) => strip({ ...r, rank: r.rank })),
    redList: red.map((r) => strip({ ...r, rank: rankOf.get(r.unitId) ?? null })),
    blackList: black.map((r) => strip({ ...r, rank: rankOf.get(r.unitId) ?? null })),
  };
}

const RATE_COLUMNS: [keyof MetricFigures['rates'], string][] = [
  ['response', '响应率'],
  ['timelyAcceptance', '及时签收率'],
  ['resolution', '解决率'],
  ['satisfaction', '满意率'],
  ['onTime', '按时办结率'],
  ['return', '退单率'],
  ['reopen', '重办率'],
];

/** The ranking as a workbook: one row per unit, rates in percent, red and black lists marked. */
export async function exportRankingXlsx(
  deps: Deps,
  actor: MetricsActor,
  q: MetricsRankingQuery,
): Promise<{ filename: string; body: Buffer }> {
  const ranking = await getRanking(deps, actor, q);
  const red = new Set(ranking.redList.map((r) => r.unitId));
  const black = new Set(ranking.blackList.map((r) => r.unitId));
  const pct = (v: number | null) => (v === null ? '' : `${(v * 100).toFixed(1)}%`);
  const body = await toXlsx(`${q.month} 综合排名`, [
    {
      name: `${q.month}`,
      columns: [
        { header: '名次', key: 'rank', width: 8 },
        { header: '单位', key: 'unit', width: 28 },
        { header: '综合得分', key: 'score', width: 10 },
        { header: '红黑榜', key: 'list', width: 8 },
        { header: '派单量', key: 'dispatched', width: 8 },
        ...RATE_COLUMNS.map(([key, header]) => ({ header, key, width: 11 })),
        { header: '平均办理时长(工作小时)', key: 'hours', width: 14 },
        { header: '核减', key: 'excluded', width: 6 },
        { header: '导出时间', key: 'at', width: 20 },
      ],
      rows: ranking.rows.map((r) => ({
        rank: r.rank === null ? '未排名' : String(r.rank),
        unit: r.unitName,
        score: r.score === null ? '' : r.score.toFixed(2),
        list: red.has(r.unitId) ? '红榜' : black.has(r.unitId) ? '黑榜' : '',
        dispatched: String(r.figures.dispatched),
        ...Object.fromEntries(RATE_COLUMNS.map(([key]) => [key, pct(r.figures.rates[key])])),
        hours: r.figures.handlingHoursAvg === null ? '' : String(r.figures.handlingHoursAvg),
        excluded: String(r.figures.excluded),
        at: beijingTime(deps.now()),
      })),
    },
  ]);
  return { filename: `综合排名-${q.month}.xlsx`, body };
}

/** The figures month by month over the period (every month listed, empty ones with zero counts), optionally of one unit. */
export async function getTrend(
  deps: Deps,
  actor: MetricsActor,
  q: MetricsQuery & { unitId?: number },
): Promise<TrendResponse> {
  const now = deps.now();
  const months = monthsOf(q.from, q.to);
  const filter = { ...filterOf(actor, q, q.unitId || q.unitKind ? 'unit' : 'request'), unitId: q.unitId };
  const [sums, weightsOf] = await Promise.all([sumFacts(deps.db, filter, { by: 'month' }, now), weightsLookup(deps)]);
  const byMonth = new Map(sums.map((s) => [s.key, s]));
  let weights = DEFAULT_METRIC_WEIGHTS;
  if (q.unitId) {
    const unit = (await findUnitsForMetrics(deps.db, [q.unitId])).get(q.unitId);
    if (unit) weights = weightsOf(sums[0]?.tenantCode ?? null, unit.kind);
  }
  return { months: months.map((month) => ({ month, figures: figuresOf(byMonth.get(month), weights) })) };
}

// ---------------------------------------------------------------------------------------------
// Hot topics (主动治理: 每月一题)

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** The Shanghai Monday 00:00 (as an instant) of the ISO week an instant falls in. */
export function weekStartOf(at: Date): Date {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const dayOfWeek = (local.getUTCDay() + 6) % 7;
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - dayOfWeek);
  return new Date(midnight - SHANGHAI_OFFSET_MS);
}

/** The ISO week label 'YYYY-Www' of a week start (a Shanghai Monday). */
export function isoWeekOf(weekStart: Date): string {
  const local = new Date(weekStart.getTime() + SHANGHAI_OFFSET_MS);
  const thursday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 3));
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Shanghai Monday 00:00 of an ISO week 'YYYY-Www'. */
export function weekStartOfIsoWeek(week: string): Date {
  const [year, w] = week.split('-W').map(Number) as [number, number];
  const jan4 = Date.UTC(year, 0, 4);
  const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(mondayOfWeek1 + (w - 1) * WEEK_MS - SHANGHAI_OFFSET_MS);
}

/**
 * The most frequent and the fastest-growing categories by township in one ISO week: counts of requests received
 * (merged duplicates left out) per township and category, against the average of the weeks before it; growth is
 * (count − average) / max(average, 1), so one request where there were none is not "infinitely" hot.
 */
export async function getHotTopics(deps: Deps, actor: MetricsActor, q: HotTopicsQuery): Promise<HotTopicsResponse> {
  const target = q.week ? weekStartOfIsoWeek(q.week) : weekStartOf(deps.now());
  const first = new Date(target.getTime() - q.baselineWeeks * WEEK_MS);
  const end = new Date(target.getTime() + WEEK_MS);
  const rows = await countRequestsByWeek(deps.db, {
    scope: actor.scope,
    tenantCode: q.countyCode,
    divisionCode: q.divisionCode,
    digits: 9,
    depth: q.categoryDepth,
    weekStarts: [first],
    end,
  });
  const topics = new Map<string, { divisionCode: string; categoryCode: string; count: number; baseline: number }>();
  for (const r of rows) {
    const key = `${r.divisionCode}|${r.categoryCode}`;
    const t = topics.get(key) ?? { divisionCode: r.divisionCode, categoryCode: r.categoryCode, count: 0, baseline: 0 };
    if (r.week === q.baselineWeeks) t.count += r.n;
    else if (r.week >= 0 && r.week < q.baselineWeeks) t.baseline += r.n;
    topics.set(key, t);
  }
  const all = [...topics.values()].filter((t) => t.count > 0);
  const [divisions, categories] = await Promise.all([
    findDivisionNames(deps.db, [...new Set(all.map((t) => t.divisionCode))]),
    findCategoryNames(deps.db, [...new Set(all.map((t) => t.categoryCode))]),
  ]);
  const topic = (t: (typeof all)[number]): HotTopic => {
    const baselineAverage = Math.round((t.baseline / q.baselineWeeks) * 100) / 100;
    return {
      divisionCode: t.divisionCode,
      divisionName: divisions.get(t.divisionCode) ?? t.divisionCode,
      categoryCode: t.categoryCode,
      categoryName: categories.get(t.categoryCode) ?? t.categoryCode,
      count: t.count,
      baselineAverage,
      growth: Math.round(((t.count - baselineAverage) / Math.max(baselineAverage, 1)) * 100) / 100,
    };
  };
  const byKey = (a: HotTopic, b: HotTopic) =>
    a.divisionCode.localeCompare(b.divisionCode) || a.categoryCode.localeCompare(b.categoryCode);
  const items = all.map(topic);
  return {
    week: isoWeekOf(target),
    weekStart: target.toISOString(),
    weekEnd: end.toISOString(),
    baselineWeeks: q.baselineWeeks,
    mostFrequent: [...items].sort((a, b) => b.count - a.count || byKey(a, b)).slice(0, q.limit),
    fastestGrowing: items
      .filter((t) => t.growth > 0)
      .sort((a, b) => b.growth - a.growth || b.count - a.count || byKey(a, b))
      .slice(0, q.limit),
  };
}

// ---------------------------------------------------------------------------------------------
// Drill-down and scorecard

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A stored fact as the API explains it, with the timed outcomes decided at `now`. */
export function factOf(f: FactRow, now: Date): MetricFact {
  const passed = (outcome: string, due: Date | null) =>
    outcome === 'late' || (outcome === 'pending' && due !== null && due.getTime() < now.getTime());
  return {
    requestId: f.requestId,
    unitId: f.unitId,
    countingMonth: f.countingMonth,
    divisionCode: f.divisionCode,
    categoryCode: f.categoryCode,
    dispatched: f.dispatched,
    respondedInTime: f.responseOutcome === 'in_time',
    handled: f.handled,
    acceptedInTime: f.acceptedInTime,
    returned: f.returned,
    replied: f.replied,
    repliedOnTime: f.resolutionOutcome === 'in_time',
    resolutionDueAt: iso(f.resolutionDueAt),
    overdue: passed(f.resolutionOutcome, f.resolutionDueAt),
    rated: f.rated,
    resolved: f.resolved,
    satisfaction: f.satisfaction as MetricFact['satisfaction'],
    ratingUnrated: f.ratingUnrated,
    reopened: f.reopened,
    handlingHours: f.handlingHours === null ? null : Math.round(f.handlingHours * 100) / 100,
    excluded: f.excluded,
    bounced: f.bounced,
    whistleSummoned: f.whistleSummoned,
    whistleReportedInTime: f.whistleOutcome === 'in_time',
  };
}

/**
 * The requests behind one figure: the same filters as the figure, the unit (for unit figures) or none (the
 * request-level rows of divisions and categories), which figure and which outcome; newest first, paged.
 */
export async function drillMetrics(
  deps: Deps,
  actor: MetricsActor,
  q: MetricsDrillQuery,
): Promise<MetricDrillResponse> {
  const now = deps.now();
  const filter = { ...filterOf(actor, q, q.unitId || q.unitKind ? 'unit' : 'request'), unitId: q.unitId };
  const { items, total } = await listFactsBehind(
    deps.db,
    filter,
    q.figure,
    q.outcome,
    { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
    now,
  );
  return {
    items: items.map((i): MetricDrillItem => ({ ...toSummary(i.request, now), fact: factOf(i.fact, now) })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * Whether the actor may see a unit's scorecard: with metrics:read, a unit in their scope; otherwise staff of the unit
 * (or of a unit above it) see their own unit's. Anything else reads as not found, like other out-of-scope data.
 */
async function scorecardUnitOrFail(deps: Deps, actor: MetricsActor, unitId: number) {
  const inScope = actor.permissions.has('metrics:read') ? await findUnitById(deps.db, unitId, actor.scope) : undefined;
  const own =
    inScope ??
    (actor.unitId !== null ? await findUnitById(deps.db, unitId, { kind: 'unit', unitId: actor.unitId }) : undefined);
  if (!own) throw new AppError('ORG_UNIT_NOT_FOUND');
  return own;
}

/** One unit's scorecard: its figures for the period, its rank in its class per month, and a row per request explaining each figure. */
export async function getScorecard(
  deps: Deps,
  actor: MetricsActor,
  unitId: number,
  q: ScorecardQuery,
): Promise<ScorecardResponse> {
  const now = deps.now();
  const months = monthsOf(q.from, q.to);
  const unit = await scorecardUnitOrFail(deps, actor, unitId);
  const tenantCode = tenantOf(unit.divisionCode);
  const filter: FactFilter = { scope: { kind: 'all' }, from: q.from, to: q.to, unitId, rows: 'unit' };
  const weightsOf = await weightsLookup(deps);
  const weights = weightsOf(tenantCode, unit.kind);
  const [[sums], rows] = await Promise.all([
    sumFacts(deps.db, filter, { by: 'none' }, now),
    listFactsBehind(deps.db, filter, null, 'all', { offset: (q.page - 1) * q.pageSize, limit: q.pageSize }, now),
  ]);
  const ranks: ScorecardResponse['ranks'] = [];
  for (const month of months.slice(-12)) {
    const ranking = await rankingFor(
      deps,
      { kind: 'all' },
      { unitKind: unit.kind, countyCode: tenantCode, from: month, to: month },
      now,
    );
    const row = ranking.rows.find((r) => r.unitId === unitId);
    ranks.push({
      month,
      rank: row?.rank ?? null,
      of: ranking.rows.filter((r) => r.rank !== null).length,
      score: row?.score ?? null,
    });
  }
  return {
    unitId,
    unitName: unit.name,
    unitKind: unit.kind,
    from: q.from,
    to: q.to,
    weights,
    figures: figuresOf(sums, weights),
    ranks,
    rows: {
      items: rows.items.map(({ fact, request }) => ({
        ...factOf(fact, now),
        number: request.number,
        title: request.title,
        state: request.state as ScorecardResponse['rows']['items'][number]['state'],
        receivedAt: request.receivedAt.toISOString(),
      })),
      total: rows.total,
      page: q.page,
      pageSize: q.pageSize,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Weights of the composite score

/** Every class of unit with its weights in a county (configured, or the default 30/35/35). */
export async function getMetricWeights(deps: Deps, actor: MetricsActor, countyCode: string) {
  await countyOrFail(deps.db, actor, countyCode);
  const weightsOf = await weightsLookup(deps);
  const configured = new Set(
    (await loadAllMetricWeights(deps.db)).filter((r) => r.tenantCode === countyCode).map((r) => r.unitKind),
  );
  return {
    countyCode,
    items: UNIT_KINDS.map((unitKind) => ({
      unitKind,
      weights: weightsOf(countyCode, unitKind),
      configured: configured.has(unitKind),
    })),
  };
}

/** Saves weights for some classes of unit in a county, audited in the same transaction; rankings use them at once. */
export async function updateMetricWeights(
  deps: Deps,
  actor: MetricsActor,
  input: { countyCode: string; items: { unitKind: UnitKind; weights: MetricWeights }[] },
  httpRequestId: string,
) {
  const now = deps.now();
  await countyOrFail(deps.db, actor, input.countyCode);
  const who = auditActorOf(actor);
  await deps.db.transaction().execute(async (trx) => {
    await saveMetricWeights(
      trx,
      input.countyCode,
      input.items.map((i) => ({ unitKind: i.unitKind, ...i.weights })),
      { name: who.name, at: now },
    );
    await appendAudit(trx, {
      actor: who,
      action: 'metrics.weights.update',
      objectType: 'request_metric_weight',
      objectId: input.countyCode,
      after: { items: input.items },
      requestId: httpRequestId,
      at: now,
    });
  });
  return getMetricWeights(deps, actor, input.countyCode);
}

// ---------------------------------------------------------------------------------------------
// Rebuild

export interface RebuildProgress {
  requests: number;
  facts: number;
  lastId: number;
}

/**
 * Recounts every request's facts from its event log (`lianxin metrics rebuild`, the demo loader): pages of requests in
 * id order, each page's logs read in one query and its facts replaced in one transaction, so memory holds one page
 * and a failure leaves earlier pages rebuilt. The same counting as every write, with the clock read once.
 */
export async function rebuildMetricFacts(
  deps: Pick<Deps, 'db' | 'now'>,
  opts: { tenantCode?: string; pageSize?: number; onProgress?: (p: RebuildProgress) => void } = {},
): Promise<RebuildProgress> {
  const now = deps.now();
  const pageSize = opts.pageSize ?? 500;
  const workingTime = await loadWorkingTime(deps);
  const tenants = new Map<string, { rules: Awaited<ReturnType<typeof rulesFor>>; settings: RequestSettings }>();
  const progress: RebuildProgress = { requests: 0, facts: 0, lastId: 0 };
  for (;;) {
    const page = await listRequestIdsAfter(deps.db, progress.lastId, pageSize, opts.tenantCode);
    if (page.length === 0) return progress;
    for (const row of page) {
      if (!tenants.has(row.tenantCode)) {
        tenants.set(row.tenantCode, {
          rules: await rulesFor(deps.db, row.tenantCode),
          settings: await loadRequestSettings(deps.db, row.tenantCode),
        });
      }
    }
    const logs = await loadEventLogs(
      deps.db,
      page.map((r) => r.id),
    );
    const counted = page.map((row) => {
      const events = logs.get(row.id) ?? [];
      const tenant = tenants.get(row.tenantCode)!;
      const snapshot = foldRequestEvents(events);
      const facts = countRequest(
        events,
        {
          limits: limitsOf(tenant.rules, snapshot),
          workingTime,
          settings: tenant.settings,
          now,
          fallbackDivisionCode: row.divisionCode,
        },
        snapshot,
      );
      return { row, facts };
    });
    await deps.db.transaction().execute(async (trx) => {
      await deleteRequestFacts(
        trx,
        page.map((r) => r.id),
      );
      await insertRequestFacts(
        trx,
        counted.map(({ row, facts }) => ({ requestId: row.id, tenantCode: row.tenantCode, facts })),
      );
    });
    progress.requests += page.length;
    progress.facts += counted.reduce((n, c) => n + (c.facts?.rows.length ?? 0), 0);
    progress.lastId = page.at(-1)!.id;
    opts.onProgress?.({ ...progress });
  }
}
