/*
 * The rules of counting (接诉即办 figures, DESIGN.md §3 Metrics): what one request contributes to the figures of each
 * unit that was responsible for it, and to the figures of its place and category. The facts are stored per
 * (request, unit) and summed by the metrics queries; everything that depends on "now" passing a deadline is stored
 * as an outcome 'pending' with its due instant, and the query decides with its own clock (see metrics.repository.ts).
 * The rules themselves are written down in the module's README under "Rules of counting".
 */
import { SATISFACTION_POINTS } from '../../../../contracts/metrics.js';
import type { LimitDuration, RequestEvent, Satisfaction } from '../../../../contracts/requests.js';
import { foldRequestEvents, isExcludedFromRates, type RequestSnapshot } from './request-state.js';
import { addLimit } from './time-limits.js';
import type { WorkingTime } from './working-time.js';

/** How a timed obligation ended: in time, late, still running (with its due instant), or not applicable. */
export type TimedOutcome = 'in_time' | 'late' | 'pending' | 'none';

/** What one request counts for one unit (or, with `unitId` null, for its place and category only). */
export interface UnitFact {
  unitId: number | null;
  /** The request-level row that division and category figures sum: the current lead unit's, or the unit-less row. */
  primary: boolean;
  dispatched: boolean;
  /** The unit's answer (accept or return) to its latest dispatch, measured against the response limit. */
  response: TimedOutcome;
  responseDueAt: Date | null;
  /** The unit accepted it, or was ruled to keep it (视同签收), or had it reopened to it. */
  handled: boolean;
  /** The unit accepted (签收) within the response limit by itself — a 'keep' ruling is not a timely acceptance. */
  acceptedInTime: boolean;
  returned: boolean;
  replied: boolean;
  /** The unit's first handling round against its resolution deadline (incl. approved extensions). */
  resolution: TimedOutcome;
  resolutionDueAt: Date | null;
  /** A rating counts: the citizen's, or the configured stand-in once the rating window closed unrated. */
  rated: boolean;
  resolved: boolean;
  satisfaction: Satisfaction | null;
  satisfactionPoints: number;
  ratingUnrated: boolean;
  reopened: number;
  /** Working hours from the start of the unit's first round (acceptance or ruling) to its reply. */
  handlingHours: number | null;
  excluded: boolean;
  bounced: boolean;
  whistleSummoned: boolean;
  whistle: TimedOutcome;
  whistleDueAt: Date | null;
}

/** All facts of one request, with where and when it counts. */
export interface RequestFacts {
  /** The Shanghai month of receipt, 'YYYY-MM': a request's figures stay in the month it came in. */
  countingMonth: string;
  receivedAt: Date;
  divisionCode: string;
  categoryCode: string | null;
  rows: UnitFact[];
}

export interface CountingContext {
  /** The request's response and resolution limits (resolved from its final category, type and urgency). */
  limits: { response: LimitDuration; resolution: LimitDuration };
  workingTime: WorkingTime;
  /** How an unrated request counts once the rating window has closed, and the window in days. */
  settings: { unratedCountsAs: Satisfaction; ratingWindowDays: number };
  now: Date;
  /** The place stored on the request row, for a request received without one and never classified. */
  fallbackDivisionCode: string;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The counting month of an instant: the month in Beijing time, because rankings are published per local month. */
export function countingMonthOf(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
}

/** Measures an instant against a due instant: at the due instant itself is still in time. */
function timed(doneAt: Date | null, dueAt: Date): TimedOutcome {
  if (doneAt === null) return 'pending';
  return doneAt.getTime() <= dueAt.getTime() ? 'in_time' : 'late';
}

interface RatingSeen {
  satisfaction: Satisfaction;
  resolved: boolean;
  unrated: boolean;
}

/**
 * Attributes each rating to the unit whose reply it rated (null: the operator's direct answer), walking the log in
 * order because a reply sent back by the dispatcher is never rated; the latest rating of a unit's replies wins. A
 * reply left unrated when the rating window closed (or that the system closed as unrated) counts as configured.
 */
export function ratingsByUnit(
  events: readonly RequestEvent[],
  settings: CountingContext['settings'],
  closedUnrated: boolean,
  now: Date,
): Map<number | null, RatingSeen> {
  const ratings = new Map<number | null, RatingSeen>();
  const replies: { unitId: number | null; at: Date }[] = [];
  let ratedSinceReply = false;
  for (const e of events) {
    if (e.type === 'reply_submitted') {
      replies.push({ unitId: e.payload.unitId, at: e.at });
      ratedSinceReply = false;
    } else if (e.type === 'answered_directly') {
      replies.push({ unitId: null, at: e.at });
      ratedSinceReply = false;
    } else if (e.type === 'reply_rejected') {
      replies.pop();
      ratedSinceReply = true;
    } else if (e.type === 'rated') {
      const reply = replies.at(-1);
      if (reply) {
        ratings.set(reply.unitId, {
          satisfaction: e.payload.satisfaction,
          resolved: e.payload.resolved,
          unrated: false,
        });
      }
      ratedSinceReply = true;
    }
  }
  const last = replies.at(-1);
  if (last && !ratedSinceReply) {
    const windowClosed = now.getTime() >= last.at.getTime() + settings.ratingWindowDays * DAY_MS;
    if (closedUnrated || windowClosed) {
      ratings.set(last.unitId, {
        satisfaction: settings.unratedCountsAs,
        resolved: settings.unratedCountsAs !== 'unsatisfied',
        unrated: true,
      });
    }
  }
  return ratings;
}

/**
 * The facts of one request: one row per unit that was the lead of a dispatch or was summoned by its whistle, plus a
 * unit-less row when no unit leads it (answered directly, not yet dispatched). A merged duplicate counts nothing —
 * its original counts once. `snapshot` may be passed when already folded.
 */
export function countRequest(
  events: readonly RequestEvent[],
  ctx: CountingContext,
  snapshot: RequestSnapshot = foldRequestEvents(events),
): RequestFacts | null {
  const s = snapshot;
  if (s.mergedInto !== null) return null;
  const ratings = ratingsByUnit(events, ctx.settings, s.closedUnrated, ctx.now);
  const unitIds: number[] = [];
  for (const d of s.dispatches) if (!unitIds.includes(d.leadUnitId)) unitIds.push(d.leadUnitId);
  for (const d of s.whistle?.departments ?? []) if (!unitIds.includes(d.unitId)) unitIds.push(d.unitId);

  const rows = unitIds.map((unitId) => unitFact(s, unitId, ratings, ctx));
  const lead = s.leadUnitId !== null ? rows.find((r) => r.unitId === s.leadUnitId && r.dispatched) : undefined;
  if (lead) lead.primary = true;
  else rows.push(unitlessFact(s, events, ratings));
  return {
    countingMonth: countingMonthOf(s.receivedAt),
    receivedAt: s.receivedAt,
    divisionCode: s.divisionCode ?? ctx.fallbackDivisionCode,
    categoryCode: s.categoryCode,
    rows,
  };
}

function ratingFields(rating: RatingSeen | undefined) {
  return {
    rated: rating !== undefined,
    resolved: rating?.resolved ?? false,
    satisfaction: rating?.satisfaction ?? null,
    satisfactionPoints: rating ? SATISFACTION_POINTS[rating.satisfaction] : 0,
    ratingUnrated: rating?.unrated ?? false,
  };
}

function unitFact(
  s: RequestSnapshot,
  unitId: number,
  ratings: Map<number | null, RatingSeen>,
  ctx: CountingContext,
): UnitFact {
  const { workingTime, limits } = ctx;
  const dispatches = s.dispatches.filter((d) => d.leadUnitId === unitId);
  const responseDue = (at: Date) => addLimit(workingTime, at, limits.response);

  // Response (响应): the unit's own answer to its latest dispatch — accepting or returning it — within the limit. A
  // dispatch withdrawn before the unit answered counts only if it was withdrawn after the limit had passed.
  let response: TimedOutcome = 'none';
  let responseDueAt: Date | null = null;
  const last = dispatches.at(-1);
  if (last) {
    const dueAt = responseDue(last.at);
    if (last.respondedAt !== null) response = timed(last.respondedAt, dueAt);
    else if (last === s.currentDispatch) {
      response = 'pending';
      responseDueAt = dueAt;
    } else {
      const next = s.dispatches[s.dispatches.indexOf(last) + 1];
      response = next && next.at.getTime() > dueAt.getTime() ? 'late' : 'none';
    }
  }
  const acceptedInTime = dispatches.some(
    (d) => d.response === 'accepted' && d.respondedAt !== null && timed(d.respondedAt, responseDue(d.at)) === 'in_time',
  );

  // Resolution (按时办结): the unit's first handling round against its deadline with approved extensions. A round
  // ended by a re-dispatch (改派) without a reply counts late only if the deadline had passed by then.
  const rounds = s.rounds.filter((r) => r.unitId === unitId);
  const first = rounds[0];
  let resolution: TimedOutcome = 'none';
  let resolutionDueAt: Date | null = null;
  let handlingHours: number | null = null;
  if (first) {
    const base = addLimit(workingTime, first.startedAt, limits.resolution);
    const dueAt = first.extensionDays > 0 ? workingTime.addWorkingDays(base, first.extensionDays) : base;
    if (first.repliedAt !== null) {
      resolution = timed(first.repliedAt, dueAt);
      handlingHours = workingTime.workingHoursBetween(first.startedAt, first.repliedAt);
    } else if (s.round !== null && s.round.number === first.number) {
      resolution = 'pending';
      resolutionDueAt = dueAt;
    } else {
      // The round ended with the next dispatch (改派), whichever unit it went to.
      const endedBy = s.dispatches.find((d) => d.at.getTime() > first.startedAt.getTime());
      resolution = endedBy && endedBy.at.getTime() > dueAt.getTime() ? 'late' : 'none';
    }
  }

  const department = s.whistle?.departments.find((d) => d.unitId === unitId);
  let whistle: TimedOutcome = 'none';
  let whistleDueAt: Date | null = null;
  if (s.whistle && department) {
    whistle = timed(department.reportedAt, s.whistle.reportDueAt);
    if (whistle === 'pending') whistleDueAt = s.whistle.reportDueAt;
  }

  return {
    unitId,
    primary: false,
    dispatched: dispatches.length > 0,
    response,
    responseDueAt,
    handled: rounds.length > 0,
    acceptedInTime,
    returned: (s.returnCountByUnit[unitId] ?? 0) > 0,
    replied: s.replies.some((r) => r.unitId === unitId && r.rejected === null),
    resolution,
    resolutionDueAt,
    ...ratingFields(rounds.length > 0 ? ratings.get(unitId) : undefined),
    reopened: s.reopensByUnit[unitId] ?? 0,
    handlingHours,
    excluded: isExcludedFromRates(s, unitId),
    bounced: s.flags.bounced,
    whistleSummoned: department !== undefined,
    whistle,
    whistleDueAt,
  };
}

/** The request-level row of a request no unit leads: its direct answer, its rating, its reopenings. */
function unitlessFact(
  s: RequestSnapshot,
  events: readonly RequestEvent[],
  ratings: Map<number | null, RatingSeen>,
): UnitFact {
  return {
    unitId: null,
    primary: true,
    dispatched: false,
    response: 'none',
    responseDueAt: null,
    handled: false,
    acceptedInTime: false,
    returned: false,
    replied: s.replies.some((r) => r.unitId === null && r.rejected === null),
    resolution: 'none',
    resolutionDueAt: null,
    ...ratingFields(ratings.get(null)),
    reopened: events.filter((e) => e.type === 'reopened' && e.payload.unitId === null).length,
    handlingHours: null,
    excluded: false,
    bounced: s.flags.bounced,
    whistleSummoned: false,
    whistle: 'none',
    whistleDueAt: null,
  };
}

/** Whether a timed outcome counts in its rate at `now`: finished, or still running past its due instant. */
export function isCounted(outcome: TimedOutcome, dueAt: Date | null, now: Date): boolean {
  if (outcome === 'in_time' || outcome === 'late') return true;
  return outcome === 'pending' && dueAt !== null && dueAt.getTime() < now.getTime();
}

/**
 * The composite score (0–100) from the three rates and the weights in percent; a rate without a denominator is left
 * out and the remaining weights rescaled, so that a unit is not punished for having nothing rated yet.
 */
export function compositeScore(
  rates: { response: number | null; resolution: number | null; satisfaction: number | null },
  weights: { response: number; resolution: number; satisfaction: number },
): number | null {
  let sum = 0;
  let weight = 0;
  for (const key of ['response', 'resolution', 'satisfaction'] as const) {
    const rate = rates[key];
    if (rate === null || weights[key] === 0) continue;
    sum += rate * weights[key];
    weight += weights[key];
  }
  return weight === 0 ? null : Math.round((sum / weight) * 100 * 100) / 100;
}

/** A ranked row: competition ranking (equal scores share a rank, the next rank skips), best score first. */
export interface Rankable {
  unitId: number;
  score: number | null;
  volume: number;
}

/**
 * Ranks units for the monthly ranking: only units with at least `minVolume` counted dispatches and a score are
 * ranked (a unit with two requests would swing from first to last on one rating); ties share a rank; the order is
 * score, then volume, then unit id. Returns the rank by unit id (null: not ranked) and the red and black lists — top
 * and bottom `size` of the ranked units, the black list worst first and never overlapping the red list.
 */
export function rankUnits<T extends Rankable>(
  rows: readonly T[],
  minVolume: number,
  size: number,
): { ranked: (T & { rank: number | null })[]; red: T[]; black: T[] } {
  const eligible = rows
    .filter((r) => r.volume >= minVolume && r.score !== null)
    .sort((a, b) => (b.score as number) - (a.score as number) || b.volume - a.volume || a.unitId - b.unitId);
  const rankOf = new Map<number, number>();
  eligible.forEach((r, i) => {
    const previous = eligible[i - 1];
    const rank = previous && previous.score === r.score ? (rankOf.get(previous.unitId) as number) : i + 1;
    rankOf.set(r.unitId, rank);
  });
  const unranked = rows.filter((r) => !rankOf.has(r.unitId)).sort((a, b) => b.volume - a.volume || a.unitId - b.unitId);
  const ranked = [...eligible, ...unranked].map((r) => ({ ...r, rank: rankOf.get(r.unitId) ?? null }));
  const red = eligible.slice(0, size);
  const black = eligible.slice(Math.max(size, eligible.length - size)).reverse();
  return { ranked, red, black };
}
