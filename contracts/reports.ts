import { z } from 'zod';
import { countingMonthSchema, metricRatesSchema, metricWeightsSchema } from './metrics.js';
import { unitKindSchema } from './org.js';

// Published monthly rankings (issue #5 point 4, DESIGN.md §3 Metrics and §10 Reports): an administrator freezes a
// finished month's ranking of one class of unit for a county; a later correction is a new version with the reason
// and the difference shown; the public portal shows the latest version of each month.

const id = z.number().int().positive();
const countyCode = z.string().regex(/^\d{6}000000$/, 'a county division code: 6 digits then 000000');

/** The counts a frozen ranking keeps beside the rates (what the public sees of a unit's month). */
export const RANKING_VOLUMES = [
  'requests',
  'dispatched',
  'handled',
  'replied',
  'rated',
  'overdue',
  'returned',
  'reopened',
  'excluded',
  'bounced',
] as const;
export type RankingVolume = (typeof RANKING_VOLUMES)[number];

export const rankingVolumesSchema = z.object(
  Object.fromEntries(RANKING_VOLUMES.map((k) => [k, z.number().int()])) as Record<RankingVolume, z.ZodNumber>,
);
export type RankingVolumes = z.infer<typeof rankingVolumesSchema>;

/** One unit's line of a frozen ranking: rank (null below the minimum volume), score, rates and counts. */
export const frozenRankingRowSchema = z.object({
  rank: z.number().int().nullable(),
  unitId: id,
  unitName: z.string(),
  score: z.number().nullable(),
  rates: metricRatesSchema,
  volumes: rankingVolumesSchema,
  handlingHoursAvg: z.number().nullable(),
});
export type FrozenRankingRow = z.infer<typeof frozenRankingRowSchema>;

/** What a publication freezes: the weights and threshold in force, every unit's row, the red and black lists. */
export const frozenRankingSchema = z.object({
  weights: metricWeightsSchema,
  minVolume: z.number().int(),
  rows: z.array(frozenRankingRowSchema),
  /** 红榜: unit ids, best first. */
  redListUnitIds: z.array(id),
  /** 黑榜: unit ids, worst first. */
  blackListUnitIds: z.array(id),
});
export type FrozenRanking = z.infer<typeof frozenRankingSchema>;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

/** POST /api/reports/rankings: publish a finished month's ranking of one class of unit (version 1 or the next). */
export const publishRankingBodySchema = z.object({
  /** The county; may be left out when the publisher's scope is one county's division. */
  countyCode: countyCode.optional(),
  month: countingMonthSchema,
  unitKind: unitKindSchema,
  /** Shown with the publication (e.g. 2026年11月接诉即办考核排名). */
  note: optionalText(500),
  /** Why a correction (version 2 and later) is published; required then, shown publicly with it. */
  reason: optionalText(500),
});
export type PublishRankingBody = z.input<typeof publishRankingBodySchema>;

/** GET /api/reports/rankings: the published versions, newest first, optionally of one county, month and class. */
export const publishedRankingListQuerySchema = z.object({
  countyCode: countyCode.optional(),
  month: countingMonthSchema.optional(),
  unitKind: unitKindSchema.optional(),
});

export const publishedRankingSummarySchema = z.object({
  id,
  countyCode: z.string(),
  countyName: z.string(),
  month: countingMonthSchema,
  unitKind: unitKindSchema,
  version: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  note: z.string().nullable(),
  reason: z.string().nullable(),
  /** Units with a rank / all units listed. */
  rankedUnits: z.number().int(),
  units: z.number().int(),
  /** Whether no later version of the same county, month and class exists. */
  latest: z.boolean(),
});
export type PublishedRankingSummary = z.infer<typeof publishedRankingSummarySchema>;
export const publishedRankingListSchema = z.object({ items: z.array(publishedRankingSummarySchema) });

/** A frozen version as the administration sees it: the summary plus the frozen ranking with its lists resolved. */
export const publishedRankingSchema = publishedRankingSummarySchema.extend({
  weights: metricWeightsSchema,
  minVolume: z.number().int(),
  rows: z.array(frozenRankingRowSchema),
  redList: z.array(frozenRankingRowSchema),
  blackList: z.array(frozenRankingRowSchema),
});
export type PublishedRanking = z.infer<typeof publishedRankingSchema>;

export const RANKING_CHANGES = ['added', 'removed', 'changed', 'unchanged'] as const;
export type RankingChange = (typeof RANKING_CHANGES)[number];
export const RANKING_LISTS = ['red', 'black', 'none'] as const;
export type RankingList = (typeof RANKING_LISTS)[number];

const nullableNumber = z.number().nullable();

/** One unit's change between two versions; `rates` and `volumes` list only what changed. */
export const rankingUnitDiffSchema = z.object({
  unitId: id,
  unitName: z.string(),
  /** The name in the earlier version when the unit was renamed in between. */
  unitNameBefore: z.string().nullable(),
  change: z.enum(RANKING_CHANGES),
  rankBefore: nullableNumber,
  rankAfter: nullableNumber,
  /** Places gained (positive = moved up); null unless ranked in both. */
  rankDelta: nullableNumber,
  scoreBefore: nullableNumber,
  scoreAfter: nullableNumber,
  scoreDelta: nullableNumber,
  rates: z.array(
    z.object({ rate: metricRatesSchema.keyof(), before: nullableNumber, after: nullableNumber, delta: nullableNumber }),
  ),
  volumes: z.array(z.object({ volume: z.enum(RANKING_VOLUMES), before: nullableNumber, after: nullableNumber })),
  listBefore: z.enum(RANKING_LISTS).nullable(),
  listAfter: z.enum(RANKING_LISTS).nullable(),
});
export type RankingUnitDiff = z.infer<typeof rankingUnitDiffSchema>;

/** The difference between two frozen rankings (or, for version 1, against nothing: every unit added). */
export const rankingDiffSchema = z.object({
  changed: z.boolean(),
  weightsChanged: z.boolean(),
  minVolumeChanged: z.boolean(),
  added: z.number().int(),
  removed: z.number().int(),
  changedUnits: z.number().int(),
  /** Every unit of either version: changed, added and removed first, then unchanged, each by the later rank. */
  units: z.array(rankingUnitDiffSchema),
});
export type RankingDiff = z.infer<typeof rankingDiffSchema>;

/** GET /api/reports/rankings/:id/diff: the version against the one before it. */
export const publishedRankingDiffSchema = rankingDiffSchema.extend({
  from: publishedRankingSummarySchema.nullable(),
  to: publishedRankingSummarySchema,
  weightsBefore: metricWeightsSchema.nullable(),
  weightsAfter: metricWeightsSchema,
});
export type PublishedRankingDiff = z.infer<typeof publishedRankingDiffSchema>;

/** GET /api/public/rankings: the latest published version of a month and class (no login). */
export const publicRankingQuerySchema = z.object({
  /** Needed only when more than one county has published that month and class. */
  countyCode: countyCode.optional(),
  month: countingMonthSchema,
  unitKind: unitKindSchema.default('department'),
});

/** The public view: only what was published; no publisher, no personal data. */
export const publicRankingSchema = z.object({
  countyCode: z.string(),
  countyName: z.string(),
  month: countingMonthSchema,
  unitKind: unitKindSchema,
  version: z.number().int(),
  publishedAt: z.string(),
  note: z.string().nullable(),
  /** The correction's reason, when this is version 2 or later. */
  reason: z.string().nullable(),
  weights: metricWeightsSchema,
  minVolume: z.number().int(),
  rows: z.array(frozenRankingRowSchema),
  redList: z.array(frozenRankingRowSchema),
  blackList: z.array(frozenRankingRowSchema),
});
export type PublicRanking = z.infer<typeof publicRankingSchema>;

/** GET /api/public/rankings/months: which county, month and classes have a published ranking, newest first. */
export const publicRankingMonthsSchema = z.object({
  items: z.array(
    z.object({
      countyCode: z.string(),
      countyName: z.string(),
      month: countingMonthSchema,
      unitKinds: z.array(unitKindSchema),
    }),
  ),
});
export type PublicRankingMonths = z.infer<typeof publicRankingMonthsSchema>;
