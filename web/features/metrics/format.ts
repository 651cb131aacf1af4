import type {
  MetricDrillFigure,
  MetricFact,
  MetricRates,
  MetricWeights,
  ScoreComponent,
  ScorecardRow,
} from '../../../contracts/metrics';
import { SATISFACTION_POINTS, SCORE_COMPONENTS } from '../../../contracts/metrics';

/**
 * Pure helpers of the metrics screens: months and weeks in Shanghai time (the counting month is the Shanghai month of
 * receipt), rates as percentages, the composite score taken apart, and why one request cost a unit points. No clock:
 * the caller passes "now".
 */

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** A rate 0–1 as a percentage with one decimal ('87.5%'), or '—' when nothing was in its denominator. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** A score 0–100 with one decimal, or '—'. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || Number.isNaN(score)) return '—';
  return (Math.round(score * 10) / 10).toFixed(1);
}

/** The Shanghai month 'YYYY-MM' an instant falls in. */
export function shanghaiMonthOf(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
}

/** A month 'YYYY-MM' moved by n months (negative: back). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The last complete month at `now` (the month before the current Shanghai month). */
export function lastCompleteMonth(now: Date): string {
  return addMonths(shanghaiMonthOf(now), -1);
}

/**
 * The dashboard's default period: the `months` complete months before the current one, so every figure has firmed up
 * as far as it will in a month and the trend has a line to draw.
 */
export function defaultPeriod(now: Date, months = 6): { from: string; to: string } {
  const to = lastCompleteMonth(now);
  return { from: addMonths(to, -(months - 1)), to };
}

/** Whether a string is a month 'YYYY-MM'. */
export const isMonth = (value: string | null | undefined): value is string =>
  !!value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/** The ISO week 'YYYY-Www' (Monday to Sunday, Shanghai time) an instant falls in. */
export function isoWeekOf(at: Date): string {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const weekday = (local.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  // The week belongs to the year of its Thursday.
  const thursday = new Date(day + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursday = Date.UTC(year, 0, 4);
  const firstWeekday = (new Date(firstThursday).getUTCDay() + 6) % 7;
  const week1Monday = firstThursday - firstWeekday * DAY_MS;
  const week = Math.floor((day - weekday * DAY_MS - week1Monday) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The last complete ISO week at `now` (hot topics compare a whole week with the weeks before it). */
export function lastCompleteWeek(now: Date): string {
  return isoWeekOf(new Date(now.getTime() - 7 * DAY_MS));
}

/** One component of the composite score: its weight, the weight it really carries, its rate and the points. */
export interface ScorePart {
  component: ScoreComponent;
  /** The configured weight in percent. */
  weight: number;
  /** The weight after leaving out components with nothing in their denominator (rescaled to 100); 0 when left out. */
  effectiveWeight: number;
  rate: number | null;
  /** Points earned: effectiveWeight × rate. */
  points: number;
  /** Points lost: effectiveWeight × (1 − rate). */
  lost: number;
}

/**
 * The composite score taken apart, the way the server computes it (Σ weight × rate / Σ weight × 100, a rate with
 * nothing in its denominator left out and the other weights rescaled): the parts add up to the score.
 */
export function scoreBreakdown(rates: Pick<MetricRates, ScoreComponent>, weights: MetricWeights): ScorePart[] {
  const counted = SCORE_COMPONENTS.filter((c) => rates[c] !== null && weights[c] > 0);
  const total = counted.reduce((sum, c) => sum + weights[c], 0);
  return SCORE_COMPONENTS.map((component) => {
    const rate = rates[component];
    const effectiveWeight = total > 0 && counted.includes(component) ? (weights[component] / total) * 100 : 0;
    const points = rate === null ? 0 : effectiveWeight * rate;
    return {
      component,
      weight: weights[component],
      effectiveWeight,
      rate,
      points,
      lost: effectiveWeight - points,
    };
  });
}

/** Why a request counted against its unit: the first three weigh in the score, the others are figures of their own. */
export const LOSS_REASONS = [
  'response',
  'unresolved',
  'satisfaction',
  'overdue',
  'reopened',
  'returned',
  'whistle',
] as const;
export type LossReason = (typeof LOSS_REASONS)[number];
export const SCORE_LOSS_REASONS: readonly LossReason[] = ['response', 'unresolved', 'satisfaction'];

type LossRow = Pick<
  ScorecardRow,
  | 'dispatched'
  | 'respondedInTime'
  | 'handled'
  | 'returned'
  | 'state'
  | 'overdue'
  | 'rated'
  | 'resolved'
  | 'satisfaction'
  | 'reopened'
  | 'excluded'
  | 'whistleSummoned'
  | 'whistleReportedInTime'
>;

/**
 * What one request cost its unit: a response not in time (once the unit answered, or the request left its hands), a
 * rating saying unresolved or less than satisfied, a late reply, a reopening, a return, a whistle not reported in. A
 * request taken out by an approved appeal (核减) costs nothing; one still waiting for the unit's answer is not yet a miss.
 */
export function lossReasons(row: LossRow): LossReason[] {
  if (row.excluded) return [];
  const out: LossReason[] = [];
  const awaitingAnswer = row.state === 'dispatched' && !row.handled && !row.returned;
  if (row.dispatched && !row.respondedInTime && !awaitingAnswer) out.push('response');
  if (row.rated && !row.resolved) out.push('unresolved');
  if (row.rated && row.satisfaction !== null && SATISFACTION_POINTS[row.satisfaction] < 1) out.push('satisfaction');
  if (row.overdue) out.push('overdue');
  if (row.reopened > 0) out.push('reopened');
  if (row.returned) out.push('returned');
  if (row.whistleSummoned && !row.whistleReportedInTime && row.state !== 'dispatched') out.push('whistle');
  return out;
}

/** Whether a request cost its unit points of the composite score. */
export const costsPoints = (row: LossRow): boolean => lossReasons(row).some((r) => SCORE_LOSS_REASONS.includes(r));

/**
 * How one request fared on the figure a drill-down opened: 'hit' (in the numerator), 'missed' (in the denominator,
 * not the numerator), or null for figures that are plain counts.
 */
export function figureOutcome(figure: MetricDrillFigure, fact: MetricFact): 'hit' | 'missed' | null {
  switch (figure) {
    case 'response':
      return fact.respondedInTime ? 'hit' : 'missed';
    case 'timelyAcceptance':
      return fact.acceptedInTime ? 'hit' : 'missed';
    case 'return':
      return fact.returned ? 'hit' : 'missed';
    case 'onTime':
      return fact.repliedOnTime ? 'hit' : 'missed';
    case 'resolution':
      return fact.resolved ? 'hit' : 'missed';
    case 'satisfaction':
      return fact.satisfaction === 'satisfied' ? 'hit' : 'missed';
    case 'reopen':
      return fact.reopened > 0 ? 'hit' : 'missed';
    case 'whistleReport':
      return fact.whistleReportedInTime ? 'hit' : 'missed';
    default:
      return null;
  }
}

/** Figures where a hit is bad news (a return, a reopening): the drill page colours them the other way round. */
export const HIT_IS_BAD: ReadonlySet<MetricDrillFigure> = new Set(['return', 'reopen']);

/** The filters of a figure, as the drill page's address carries them. */
export interface DrillLink {
  figure: MetricDrillFigure;
  outcome?: 'all' | 'hit' | 'missed';
  from: string;
  to: string;
  unitId?: number;
  divisionCode?: string;
  categoryCode?: string;
  unitKind?: string;
}

/** The address of the drill page for a figure (undefined filters left out, in a stable order). */
export function drillHref(link: DrillLink): string {
  const params = new URLSearchParams();
  const entries: [string, string | number | undefined][] = [
    ['figure', link.figure],
    ['outcome', link.outcome && link.outcome !== 'all' ? link.outcome : undefined],
    ['from', link.from],
    ['to', link.to],
    ['unitId', link.unitId],
    ['divisionCode', link.divisionCode],
    ['categoryCode', link.categoryCode],
    ['unitKind', link.unitKind],
  ];
  for (const [key, value] of entries) if (value !== undefined && value !== '') params.set(key, String(value));
  return `/metrics/drill?${params.toString()}`;
}
