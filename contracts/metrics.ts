import { z } from 'zod';
import { unitKindSchema } from './org.js';
import { requestStateSchema, requestSummarySchema, satisfactionSchema } from './requests.js';

// The figures of 接诉即办 (DESIGN.md §3 Metrics and Proactive governance): the three rates and their companions per
// unit, division and category for a period of months, the composite score with weights per class of unit, the
// monthly ranking with its red and black lists (红黑榜), the trend, hot topics, and the drill-down from every figure
// to the requests behind it. The rules of counting are in server/modules/requests/domain/counting.ts and the
// requests module's README ("Rules of counting").

const id = z.number().int().positive();
const divisionCode = z.string().regex(/^\d{12}$/, 'must be a 12-digit division code');
const categoryCode = z.string().trim().min(1).max(40);
const countyCode = z.string().regex(/^\d{6}000000$/, 'a county division code: 6 digits then 000000');

/** A counting month 'YYYY-MM': the Shanghai month in which the request was received. */
export const countingMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
export type CountingMonth = z.infer<typeof countingMonthSchema>;

/** An ISO week 'YYYY-Www' (Monday to Sunday, Shanghai time). */
export const isoWeekSchema = z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'must be an ISO week YYYY-Www');

/** Satisfaction points of a rating: 满意 1, 基本满意 0.8, 不满意 0 (the satisfaction rate is their average). */
export const SATISFACTION_POINTS = { satisfied: 1, basically_satisfied: 0.8, unsatisfied: 0 } as const;

/** The three rates the composite score weighs. */
export const SCORE_COMPONENTS = ['response', 'resolution', 'satisfaction'] as const;
export type ScoreComponent = (typeof SCORE_COMPONENTS)[number];

/** Weights of the composite score in percent (sum 100), per class of unit; default 30/35/35. */
export const metricWeightsSchema = z
  .object({
    response: z.number().min(0).max(100),
    resolution: z.number().min(0).max(100),
    satisfaction: z.number().min(0).max(100),
  })
  .refine((w) => Math.abs(w.response + w.resolution + w.satisfaction - 100) < 1e-9, {
    message: 'the weights must add up to 100',
    path: ['response'],
  });
export type MetricWeights = z.infer<typeof metricWeightsSchema>;
export const DEFAULT_METRIC_WEIGHTS: MetricWeights = Object.freeze({ response: 30, resolution: 35, satisfaction: 35 });

/** A unit needs at least this many counted dispatches in the month to be ranked (a unit with 2 requests is not). */
export const MIN_RANKED_VOLUME = 5;
/** The red list (红榜) is the top five ranked units, the black list (黑榜) the bottom five. */
export const RED_BLACK_LIST_SIZE = 5;

/** The rates, each 0–1, or null when nothing is in its denominator. */
export const metricRatesSchema = z.object({
  /** 响应率: dispatches the unit answered (accepted or returned) within the response limit / dispatches. */
  response: z.number().nullable(),
  /** 及时签收率: of the requests the unit handled, accepted within the response limit / handled. */
  timelyAcceptance: z.number().nullable(),
  /** 解决率: citizen said resolved / counted ratings (unrated after the window counted as configured). */
  resolution: z.number().nullable(),
  /** 满意率: satisfaction points / counted ratings. */
  satisfaction: z.number().nullable(),
  /** 按时办结率: replied before the resolution deadline (incl. approved extensions) / (replied + overdue unreplied). */
  onTime: z.number().nullable(),
  /** 退单率: returns that stood (re-dispatched elsewhere) / dispatches. */
  return: z.number().nullable(),
  /** 重办率: handled requests reopened at least once against the unit / replied. */
  reopen: z.number().nullable(),
  /** 吹哨报到率: whistles reported in within the limit / whistles summoned to. */
  whistleReport: z.number().nullable(),
});
export type MetricRates = z.infer<typeof metricRatesSchema>;

/** The counts behind the rates, for one group and period (excluded facts — 核减 — are left out of all but `excluded`). */
export const metricFiguresSchema = z.object({
  /** Requests counted (not excluded): a unit's rows (as lead or summoned by a whistle), or requests of a place or category. */
  requests: z.number().int(),
  /** Requests dispatched to the unit as lead (or, for divisions and categories, counted requests). */
  dispatched: z.number().int(),
  /** Dispatches answered (accepted or returned) within the response limit. */
  respondedInTime: z.number().int(),
  /** Requests the unit handled: accepted, or ruled to keep (视同签收). */
  handled: z.number().int(),
  acceptedInTime: z.number().int(),
  /** Returns that stood (the request went elsewhere). */
  returned: z.number().int(),
  replied: z.number().int(),
  repliedOnTime: z.number().int(),
  /** Replied late, or not replied and past the resolution deadline now. */
  overdue: z.number().int(),
  /** Ratings that count: the citizen's, or unrated after the rating window as configured. */
  rated: z.number().int(),
  resolved: z.number().int(),
  /** Sum of satisfaction points (SATISFACTION_POINTS). */
  satisfactionPoints: z.number(),
  reopened: z.number().int(),
  /** Average working hours from acceptance to reply over the replied requests; null when none. */
  handlingHoursAvg: z.number().nullable(),
  /** Requests taken out of the rates by an approved appeal (核减); never out of the record. */
  excluded: z.number().int(),
  /** Requests flagged as bouncing between units (推诿). */
  bounced: z.number().int(),
  whistleSummoned: z.number().int(),
  whistleReportedInTime: z.number().int(),
  rates: metricRatesSchema,
  /** Composite score 0–100 (weights of the unit's class; DEFAULT_METRIC_WEIGHTS for divisions and categories). */
  score: z.number().nullable(),
});
export type MetricFigures = z.infer<typeof metricFiguresSchema>;

/** Filters every figure takes: a period of counting months (inclusive) and optional subtrees and class of unit. */
export const metricsQuerySchema = z.object({
  from: countingMonthSchema,
  to: countingMonthSchema,
  /** Only requests whose place lies in this division's subtree. */
  divisionCode: divisionCode.optional(),
  /** Only requests in this category or below it. */
  categoryCode: categoryCode.optional(),
  /** Only units of this class (kind) — for unit figures and rankings. */
  unitKind: unitKindSchema.optional(),
  /** One county (tenant); users whose scope is narrower see their scope anyway. */
  countyCode: countyCode.optional(),
});
export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

/** Division figures are grouped at one level of the division tree (default township). */
export const METRIC_DIVISION_LEVELS = ['county', 'township', 'village'] as const;
export const metricsDivisionQuerySchema = metricsQuerySchema.extend({
  level: z.enum(METRIC_DIVISION_LEVELS).default('township'),
});
/** Category figures are grouped at one depth of the taxonomy (1 = top level 一级). */
export const metricsCategoryQuerySchema = metricsQuerySchema.extend({
  depth: z.coerce.number().int().min(1).max(3).default(1),
});
export type MetricsDivisionQuery = z.infer<typeof metricsDivisionQuerySchema>;
export type MetricsCategoryQuery = z.infer<typeof metricsCategoryQuerySchema>;

/** One group's figures: a unit (key = its id), a division (key = code) or a category (key = code). */
export const metricGroupSchema = z.object({
  key: z.string(),
  name: z.string(),
  unitId: id.nullable(),
  unitKind: unitKindSchema.nullable(),
  figures: metricFiguresSchema,
});
export type MetricGroup = z.infer<typeof metricGroupSchema>;

export const metricGroupsResponseSchema = z.object({
  from: countingMonthSchema,
  to: countingMonthSchema,
  /** All groups together. */
  total: metricFiguresSchema,
  groups: z.array(metricGroupSchema),
});
export type MetricGroupsResponse = z.infer<typeof metricGroupsResponseSchema>;

/** GET /api/metrics/ranking?month=&unitKind=: all units of one class for one month. */
export const metricsRankingQuerySchema = z.object({
  month: countingMonthSchema,
  unitKind: unitKindSchema.default('department'),
  divisionCode: divisionCode.optional(),
  categoryCode: categoryCode.optional(),
  countyCode: countyCode.optional(),
});
export type MetricsRankingQuery = z.infer<typeof metricsRankingQuerySchema>;

export const rankingRowSchema = z.object({
  /** 1 = best; null for units below MIN_RANKED_VOLUME (listed after the ranked ones). */
  rank: z.number().int().nullable(),
  unitId: id,
  unitName: z.string(),
  unitKind: unitKindSchema,
  score: z.number().nullable(),
  figures: metricFiguresSchema,
});
export type RankingRow = z.infer<typeof rankingRowSchema>;

export const rankingResponseSchema = z.object({
  month: countingMonthSchema,
  unitKind: unitKindSchema,
  weights: metricWeightsSchema,
  minVolume: z.number().int(),
  rows: z.array(rankingRowSchema),
  /** 红榜: the top ranked units (at most RED_BLACK_LIST_SIZE). */
  redList: z.array(rankingRowSchema),
  /** 黑榜: the bottom ranked units, worst first, never overlapping the red list. */
  blackList: z.array(rankingRowSchema),
});
export type RankingResponse = z.infer<typeof rankingResponseSchema>;

/** GET /api/metrics/trend: the figures month by month, optionally for one unit. */
export const metricsTrendQuerySchema = metricsQuerySchema.extend({
  unitId: z.coerce.number().int().positive().optional(),
});
export const trendResponseSchema = z.object({
  months: z.array(z.object({ month: countingMonthSchema, figures: metricFiguresSchema })),
});
export type TrendResponse = z.infer<typeof trendResponseSchema>;

/** GET /api/metrics/hot-topics: most frequent and fastest-growing categories by township and ISO week. */
export const hotTopicsQuerySchema = z.object({
  /** The week to look at; default the current week. */
  week: isoWeekSchema.optional(),
  /** How many previous weeks the growth compares with. */
  baselineWeeks: z.coerce.number().int().min(1).max(12).default(4),
  divisionCode: divisionCode.optional(),
  categoryDepth: z.coerce.number().int().min(1).max(3).default(2),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  countyCode: countyCode.optional(),
});
export type HotTopicsQuery = z.infer<typeof hotTopicsQuerySchema>;

export const hotTopicSchema = z.object({
  /** The township (or the place's own division when it lies above townships). */
  divisionCode: z.string(),
  divisionName: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  /** Requests received in the week. */
  count: z.number().int(),
  /** Average per week over the baseline weeks before it. */
  baselineAverage: z.number(),
  /** (count − baselineAverage) / max(baselineAverage, 1). */
  growth: z.number(),
});
export type HotTopic = z.infer<typeof hotTopicSchema>;

export const hotTopicsResponseSchema = z.object({
  week: isoWeekSchema,
  /** The week's first and last instant (Shanghai Monday 00:00 to next Monday 00:00) as ISO strings. */
  weekStart: z.string(),
  weekEnd: z.string(),
  baselineWeeks: z.number().int(),
  mostFrequent: z.array(hotTopicSchema),
  fastestGrowing: z.array(hotTopicSchema),
});
export type HotTopicsResponse = z.infer<typeof hotTopicsResponseSchema>;

/** Which figure a drill-down opens. */
export const METRIC_DRILL_FIGURES = [
  'dispatched',
  'response',
  'timelyAcceptance',
  'return',
  'onTime',
  'overdue',
  'resolution',
  'satisfaction',
  'reopen',
  'excluded',
  'bounced',
  'whistleReport',
] as const;
export const metricDrillFigureSchema = z.enum(METRIC_DRILL_FIGURES);
export type MetricDrillFigure = z.infer<typeof metricDrillFigureSchema>;

/** all: the figure's denominator; hit: its numerator (e.g. responded in time); missed: the rest. */
export const DRILL_OUTCOMES = ['all', 'hit', 'missed'] as const;

/** GET /api/metrics/drill: the requests behind one figure of one group (a unit, a division, a category) and period. */
export const metricsDrillQuerySchema = metricsQuerySchema.extend({
  figure: metricDrillFigureSchema,
  outcome: z.enum(DRILL_OUTCOMES).default('all'),
  /** A unit's figure (unit rows); without it the request-level rows of divisions and categories. */
  unitId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type MetricsDrillQuery = z.infer<typeof metricsDrillQuerySchema>;

/** One request's counted fact for one unit: why it counts as it does. */
export const metricFactSchema = z.object({
  requestId: id,
  /** null for the request-level row of a request without a unit (answered directly, not yet dispatched). */
  unitId: id.nullable(),
  countingMonth: countingMonthSchema,
  divisionCode: z.string(),
  categoryCode: z.string().nullable(),
  dispatched: z.boolean(),
  respondedInTime: z.boolean(),
  handled: z.boolean(),
  acceptedInTime: z.boolean(),
  returned: z.boolean(),
  replied: z.boolean(),
  repliedOnTime: z.boolean(),
  /** The resolution deadline of the unit's open round (not replied), or null. */
  resolutionDueAt: z.string().nullable(),
  overdue: z.boolean(),
  rated: z.boolean(),
  resolved: z.boolean(),
  satisfaction: satisfactionSchema.nullable(),
  /** True when the rating is the configured stand-in for an unrated request after the window. */
  ratingUnrated: z.boolean(),
  reopened: z.number().int(),
  handlingHours: z.number().nullable(),
  excluded: z.boolean(),
  bounced: z.boolean(),
  whistleSummoned: z.boolean(),
  whistleReportedInTime: z.boolean(),
});
export type MetricFact = z.infer<typeof metricFactSchema>;

export const metricDrillItemSchema = requestSummarySchema.extend({ fact: metricFactSchema });
export type MetricDrillItem = z.infer<typeof metricDrillItemSchema>;
export const metricDrillResponseSchema = z.object({
  items: z.array(metricDrillItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type MetricDrillResponse = z.infer<typeof metricDrillResponseSchema>;

/** GET /api/metrics/scorecard/:unitId?from=&to=: one unit's figures, its rank, and a row per request. */
export const scorecardQuerySchema = z.object({
  from: countingMonthSchema,
  to: countingMonthSchema,
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ScorecardQuery = z.infer<typeof scorecardQuerySchema>;

export const scorecardRowSchema = metricFactSchema.extend({
  number: z.string(),
  title: z.string().nullable(),
  state: requestStateSchema,
  receivedAt: z.string(),
});
export type ScorecardRow = z.infer<typeof scorecardRowSchema>;

export const scorecardResponseSchema = z.object({
  unitId: id,
  unitName: z.string(),
  unitKind: unitKindSchema,
  from: countingMonthSchema,
  to: countingMonthSchema,
  weights: metricWeightsSchema,
  figures: metricFiguresSchema,
  /** The unit's place in its class's ranking, per month of the period. */
  ranks: z.array(
    z.object({
      month: countingMonthSchema,
      rank: z.number().int().nullable(),
      of: z.number().int(),
      score: z.number().nullable(),
    }),
  ),
  rows: z.object({
    items: z.array(scorecardRowSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  }),
});
export type ScorecardResponse = z.infer<typeof scorecardResponseSchema>;

/** GET/PUT /api/metrics/weights: the composite score's weights per class of unit for a county. */
export const metricWeightsByKindSchema = z.array(z.object({ unitKind: unitKindSchema, weights: metricWeightsSchema }));
export const metricWeightsResponseSchema = z.object({
  countyCode: z.string(),
  /** Every class of unit; a class not configured shows DEFAULT_METRIC_WEIGHTS with configured: false. */
  items: z.array(z.object({ unitKind: unitKindSchema, weights: metricWeightsSchema, configured: z.boolean() })),
});
export const metricWeightsUpdateSchema = z.object({ countyCode: countyCode, items: metricWeightsByKindSchema.min(1) });
