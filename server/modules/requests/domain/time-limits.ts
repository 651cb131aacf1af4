/*
 * Time limits (限时办结): which limits apply to a request, and the deadlines they give. The limits are
 * configuration (per category × type × urgency, edited by administrators); the defaults follow published practice:
 * feedback within 2 hours for emergencies and 24 hours for water/power/gas/heating (Beijing's service standard),
 * 2 working days for consultations, 10 for help and suggestions, 15 for complaints and reports (Guangdong), and
 * "clear every matter within three weeks" (三周清零 = 15 working days) for everything else.
 */
import type { LimitDuration, LimitUnit, RequestType, TimeLimitRule, Urgency } from '../../../../contracts/requests.js';
import type { RequestSnapshot } from './request-state.js';
import type { WorkingTime } from './working-time.js';

/** The three limits a request has. */
export const LIMIT_KINDS = ['response', 'resolution', 'returnWindow'] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];

/** What the limits of a request depend on. */
export interface TimeLimitQuery {
  /** The category (a leaf, usually); null while unclassified. */
  categoryCode: string | null;
  /** Its ancestors, root first (e.g. ['I', 'I.01']); derived from the dotted code ('I.01.02') when omitted. */
  categoryAncestors?: readonly string[];
  type: RequestType;
  urgency: Urgency;
}

/** The limits that apply to one request, with the label of the rule each came from (to explain it on screen). */
export interface ResolvedTimeLimit {
  /** 签收: from the dispatch to the acceptance. */
  response: LimitDuration;
  /** 办结: from the acceptance to the reply. */
  resolution: LimitDuration;
  /** From the dispatch: how long the unit may still return it (退单). */
  returnWindow: LimitDuration;
  sources: Record<LimitKind, string>;
}

/** Water, power, gas and heating (供水, 供电, 燃气, 供暖) in the starter taxonomy, which get 24 hours. */
export const UTILITY_CATEGORY_CODES: readonly string[] = Object.freeze(['I.01', 'I.02', 'I.03', 'I.04']);

/** Builds the default rule set modelled on published practice, with the utility categories of the taxonomy in use (the starter taxonomy's by default). */
export function defaultTimeLimitRules(
  utilityCategoryCodes: readonly string[] = UTILITY_CATEGORY_CODES,
): TimeLimitRule[] {
  const days = (amount: number): LimitDuration => ({ amount, unit: 'working_days' });
  const byType = (type: RequestType, label: string, amount: number): TimeLimitRule => ({
    label,
    type,
    resolution: days(amount),
  });
  return [
    {
      label: '三周清零（默认）',
      response: days(1),
      resolution: days(15),
      returnWindow: { amount: 24, unit: 'working_hours' },
    },
    byType('consultation', '咨询 2 个工作日', 2),
    byType('help', '求助 10 个工作日', 10),
    byType('suggestion', '建议 10 个工作日', 10),
    byType('complaint', '投诉 15 个工作日', 15),
    byType('report', '举报 15 个工作日', 15),
    byType('praise', '表扬 5 个工作日', 5),
    ...utilityCategoryCodes.map(
      (categoryCode): TimeLimitRule => ({
        label: '水电气暖 24 小时',
        categoryCode,
        response: { amount: 2, unit: 'working_hours' },
        resolution: { amount: 24, unit: 'hours' },
      }),
    ),
    {
      label: '紧急诉求 24 小时',
      urgency: 'urgent',
      response: { amount: 2, unit: 'working_hours' },
      resolution: { amount: 24, unit: 'hours' },
      returnWindow: { amount: 4, unit: 'working_hours' },
    },
    {
      label: '特急诉求 2 小时',
      urgency: 'emergency',
      response: { amount: 0.5, unit: 'hours' },
      resolution: { amount: 2, unit: 'hours' },
      returnWindow: { amount: 1, unit: 'hours' },
    },
  ];
}

export const DEFAULT_TIME_LIMIT_RULES: readonly TimeLimitRule[] = Object.freeze(defaultTimeLimitRules());

/** What applies when no configured rule sets a limit (an administrator removed the catch-all rule): 三周清零. */
export const FALLBACK_TIME_LIMIT: Readonly<Omit<ResolvedTimeLimit, 'sources'>> = Object.freeze({
  response: { amount: 1, unit: 'working_days' },
  resolution: { amount: 15, unit: 'working_days' },
  returnWindow: { amount: 24, unit: 'working_hours' },
});
const FALLBACK_SOURCE = '内置默认';

/** Lists a category and its ancestors, the category itself first ('I.01.02' → ['I.01.02', 'I.01', 'I']), because a rule set on a parent category covers all its children. */
export function categoryLineage(categoryCode: string, ancestors?: readonly string[]): string[] {
  if (ancestors) return [categoryCode, ...[...ancestors].reverse().filter((code) => code !== categoryCode)];
  const parts = categoryCode.split('.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}

/**
 * Finds the limits of a request by most specific match, limit by limit (a rule may set only some limits).
 * Specificity is decided in this order: (1) a rule for the request's urgency beats any rule for all urgencies,
 * because urgency only ever tightens a limit (an emergency water cut gets 2 hours, not the 24 of its category);
 * (2) then the deepest matching category (leaf, then its parents, then no category); (3) then a rule for the type.
 * Equally specific rules cannot both exist (the rules schema refuses duplicate keys); the first listed wins.
 */
export function resolveTimeLimit(rules: readonly TimeLimitRule[], query: TimeLimitQuery): ResolvedTimeLimit {
  const lineage = query.categoryCode ? categoryLineage(query.categoryCode, query.categoryAncestors) : [];
  const best: Partial<Record<LimitKind, { score: number[]; rule: TimeLimitRule }>> = {};
  for (const rule of rules) {
    const score = specificity(rule, query, lineage);
    if (!score) continue;
    for (const kind of LIMIT_KINDS) {
      if (!rule[kind]) continue;
      const current = best[kind];
      if (!current || compareScores(score, current.score) > 0) best[kind] = { score, rule };
    }
  }
  const pick = (kind: LimitKind): [LimitDuration, string] => {
    const found = best[kind];
    return found?.rule[kind] ? [found.rule[kind], found.rule.label] : [FALLBACK_TIME_LIMIT[kind], FALLBACK_SOURCE];
  };
  const [response, responseSource] = pick('response');
  const [resolution, resolutionSource] = pick('resolution');
  const [returnWindow, returnWindowSource] = pick('returnWindow');
  return {
    response,
    resolution,
    returnWindow,
    sources: { response: responseSource, resolution: resolutionSource, returnWindow: returnWindowSource },
  };
}

/** [urgency matched, category depth, type matched], or null when the rule does not apply. */
function specificity(rule: TimeLimitRule, query: TimeLimitQuery, lineage: readonly string[]): number[] | null {
  if (rule.urgency && rule.urgency !== query.urgency) return null;
  if (rule.type && rule.type !== query.type) return null;
  let categoryDepth = 0;
  if (rule.categoryCode) {
    const index = lineage.indexOf(rule.categoryCode);
    if (index < 0) return null;
    categoryDepth = lineage.length - index;
  }
  return [rule.urgency ? 1 : 0, categoryDepth, rule.type ? 1 : 0];
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

const MS_PER_HOUR = 3_600_000;

/** Computes the instant a limit ends when counted from `from`: working days end at the close of the n-th working day after the start day, working hours count office hours only, and clock hours count every hour (emergencies and utilities do not wait for Monday). */
export function addLimit(workingTime: WorkingTime, from: Date, limit: LimitDuration): Date {
  switch (limit.unit) {
    case 'working_days':
      // A fractional day (refused by the schema) rounds up, so a limit never shortens by accident.
      return workingTime.addWorkingDays(from, Math.ceil(limit.amount));
    case 'working_hours':
      return workingTime.addWorkingHours(from, limit.amount);
    case 'hours':
      return new Date(from.getTime() + limit.amount * MS_PER_HOUR);
  }
}

/**
 * Measures how much of a limit is used at `at`, as a fraction (1 = the deadline; above 1 = overdue). Clock-hour
 * limits are measured in clock time; working-day and working-hour limits in office hours, so that nights, weekends
 * and holidays do not use up a unit's time.
 */
export function limitUsedFraction(
  workingTime: WorkingTime,
  unit: LimitUnit,
  startsAt: Date,
  dueAt: Date,
  at: Date,
): number {
  const [used, total] =
    unit === 'hours'
      ? [at.getTime() - startsAt.getTime(), dueAt.getTime() - startsAt.getTime()]
      : [workingTime.workingHoursBetween(startsAt, at), workingTime.workingHoursBetween(startsAt, dueAt)];
  if (total <= 0) return at.getTime() >= dueAt.getTime() ? 1 : 0;
  return Math.max(0, used / total);
}

export interface ResponseDeadline {
  /** The latest dispatch. */
  startsAt: Date;
  dueAt: Date;
  /** When the unit accepted or returned it; null while it has not. */
  respondedAt: Date | null;
  /** Not responded and past due at `now` (超时未签收). */
  overdue: boolean;
  /** Responded after the due time. */
  late: boolean;
}

export interface ReturnWindowDeadline {
  startsAt: Date;
  endsAt: Date;
  /** Whether the lead unit may still return it at `now`. */
  open: boolean;
}

export interface ResolutionDeadline {
  /** The start of the current handling round: acceptance, 'keep' ruling or reopening — never the dispatch. */
  startsAt: Date;
  /** The deadline before extensions. */
  baseDueAt: Date;
  /** Working days added by approved extensions in this round. */
  extensionDays: number;
  dueAt: Date;
  repliedAt: Date | null;
  /** Not replied and past due at `now` (超期). */
  overdue: boolean;
  /** Replied after the deadline. */
  late: boolean;
  /** Share of the limit used at `now` (or at the reply): 0.8 = 80 %. */
  usedFraction: number;
}

/** The deadlines of a request at a given moment. */
export interface RequestDeadlines {
  response: ResponseDeadline | null;
  returnWindow: ReturnWindowDeadline | null;
  resolution: ResolutionDeadline | null;
}

/**
 * Computes a request's deadlines and overdue flags at `now`: the response limit and the return window run from the
 * latest dispatch; the resolution limit runs from the start of the current handling round (the time limit starts at
 * acceptance, not at dispatch) and approved extensions add working days to it.
 */
export function computeDeadlines(
  snapshot: RequestSnapshot,
  limits: Pick<ResolvedTimeLimit, 'response' | 'resolution' | 'returnWindow'>,
  workingTime: WorkingTime,
  now: Date,
): RequestDeadlines {
  const after = (a: Date, b: Date) => a.getTime() > b.getTime();
  const dispatch = snapshot.currentDispatch;
  let response: ResponseDeadline | null = null;
  let returnWindow: ReturnWindowDeadline | null = null;
  if (dispatch) {
    const dueAt = addLimit(workingTime, dispatch.at, limits.response);
    response = {
      startsAt: dispatch.at,
      dueAt,
      respondedAt: dispatch.respondedAt,
      overdue: dispatch.respondedAt === null && after(now, dueAt),
      late: dispatch.respondedAt !== null && after(dispatch.respondedAt, dueAt),
    };
    const endsAt = addLimit(workingTime, dispatch.at, limits.returnWindow);
    returnWindow = { startsAt: dispatch.at, endsAt, open: snapshot.state === 'dispatched' && !after(now, endsAt) };
  }

  let resolution: ResolutionDeadline | null = null;
  const round = snapshot.round;
  if (round) {
    const baseDueAt = addLimit(workingTime, round.startedAt, limits.resolution);
    const dueAt = round.extensionDays > 0 ? workingTime.addWorkingDays(baseDueAt, round.extensionDays) : baseDueAt;
    const measuredAt = round.repliedAt ?? now;
    resolution = {
      startsAt: round.startedAt,
      baseDueAt,
      extensionDays: round.extensionDays,
      dueAt,
      repliedAt: round.repliedAt,
      overdue: round.repliedAt === null && after(now, dueAt),
      late: round.repliedAt !== null && after(round.repliedAt, dueAt),
      usedFraction: limitUsedFraction(workingTime, limits.resolution.unit, round.startedAt, dueAt, measuredAt),
    };
  }
  return { response, returnWindow, resolution };
}
