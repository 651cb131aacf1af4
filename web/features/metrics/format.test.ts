import { describe, expect, it } from 'vitest';
import type { MetricFact, ScorecardRow } from '../../../contracts/metrics';
import {
  addMonths,
  costsPoints,
  defaultPeriod,
  drillHref,
  figureOutcome,
  formatRate,
  formatScore,
  isoWeekOf,
  lastCompleteMonth,
  lastCompleteWeek,
  lossReasons,
  scoreBreakdown,
  shanghaiMonthOf,
} from './format';

describe('rates and scores are shown as a leader reads them', () => {
  it.each([
    [0.8765, '87.7%'],
    [1, '100.0%'],
    [0, '0.0%'],
    [0.0004, '0.0%'],
    [null, '—'],
    [undefined, '—'],
  ])('rate %s reads %s', (rate, shown) => {
    expect(formatRate(rate)).toBe(shown);
  });

  it('a score keeps one decimal and an unscored unit shows a dash', () => {
    expect(formatScore(74.18)).toBe('74.2');
    expect(formatScore(100)).toBe('100.0');
    expect(formatScore(null)).toBe('—');
  });
});

describe('periods follow the Shanghai calendar', () => {
  it('an instant late on the last day of a month in UTC is already the next month in Shanghai', () => {
    expect(shanghaiMonthOf(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
    expect(shanghaiMonthOf(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11');
  });

  it.each([
    ['2026-11', -1, '2026-10'],
    ['2026-01', -1, '2025-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-06', -17, '2025-01'],
  ])('%s moved by %i months is %s', (month, n, expected) => {
    expect(addMonths(month, n)).toBe(expected);
  });

  it('the default period is the six complete months before the current one', () => {
    const now = new Date('2026-12-06T07:00:00Z');
    expect(lastCompleteMonth(now)).toBe('2026-11');
    expect(defaultPeriod(now)).toEqual({ from: '2026-06', to: '2026-11' });
    expect(defaultPeriod(new Date('2026-01-15T00:00:00Z'), 3)).toEqual({ from: '2025-10', to: '2025-12' });
  });

  it.each([
    ['2026-11-30T00:00:00Z', '2026-W49'], // a Monday
    ['2026-11-29T15:59:00Z', '2026-W48'], // Sunday 23:59 in Shanghai
    ['2026-11-29T16:00:00Z', '2026-W49'], // Monday 00:00 in Shanghai
    ['2027-01-01T04:00:00Z', '2026-W53'], // 2026 has 53 ISO weeks
    ['2024-12-30T04:00:00Z', '2025-W01'], // a Monday that opens the next year's first week
    ['2021-01-03T04:00:00Z', '2020-W53'],
  ])('%s falls in ISO week %s', (at, week) => {
    expect(isoWeekOf(new Date(at))).toBe(week);
  });

  it('the last complete week is the one before the current week', () => {
    expect(lastCompleteWeek(new Date('2026-12-06T07:00:00Z'))).toBe('2026-W48');
  });
});

describe('the composite score taken apart adds up to the score', () => {
  const weights = { response: 30, resolution: 35, satisfaction: 35 };

  it('with every rate known, each part is weight × rate and the parts sum to the score the server gives', () => {
    // 住建局 in the demo's November: response 0.1818, resolution 1, satisfaction 0.9636 → 74.18.
    const parts = scoreBreakdown({ response: 0.1818, resolution: 1, satisfaction: 0.9636 }, weights);
    expect(parts.map((p) => p.effectiveWeight)).toEqual([30, 35, 35]);
    expect(parts[0]?.points).toBeCloseTo(5.454, 3);
    expect(parts[0]?.lost).toBeCloseTo(24.546, 3);
    const total = parts.reduce((s, p) => s + p.points, 0);
    expect(Math.round(total * 100) / 100).toBe(74.18);
  });

  it('a unit with nothing rated yet is scored on response alone, its weight carrying the whole score', () => {
    const parts = scoreBreakdown({ response: 0.5, resolution: null, satisfaction: null }, weights);
    expect(parts.map((p) => [p.component, p.effectiveWeight, p.points])).toEqual([
      ['response', 100, 50],
      ['resolution', 0, 0],
      ['satisfaction', 0, 0],
    ]);
  });

  it('a component weighted 0 carries nothing even when its rate is known', () => {
    const parts = scoreBreakdown(
      { response: 1, resolution: 0, satisfaction: 0 },
      { response: 0, resolution: 50, satisfaction: 50 },
    );
    expect(parts.reduce((s, p) => s + p.points, 0)).toBe(0);
    expect(parts[0]?.effectiveWeight).toBe(0);
  });
});

const row = (over: Partial<ScorecardRow>): ScorecardRow => ({
  requestId: 1,
  unitId: 21,
  countingMonth: '2026-11',
  divisionCode: '990101001007',
  categoryCode: 'I.04.01',
  dispatched: true,
  respondedInTime: true,
  handled: true,
  acceptedInTime: true,
  returned: false,
  replied: true,
  repliedOnTime: true,
  resolutionDueAt: null,
  overdue: false,
  rated: true,
  resolved: true,
  satisfaction: 'satisfied',
  ratingUnrated: false,
  reopened: 0,
  handlingHours: 3,
  excluded: false,
  bounced: false,
  whistleSummoned: false,
  whistleReportedInTime: false,
  number: '2026112800001',
  title: '供暖温度不达标',
  state: 'closed',
  receivedAt: '2026-11-28T06:00:46.000Z',
  ...over,
});

describe('why a request cost its unit points', () => {
  it.each<[string, Partial<ScorecardRow>, string[]]>([
    ['a request handled well costs nothing', {}, []],
    ['accepted late', { respondedInTime: false, acceptedInTime: false }, ['response']],
    ['basically satisfied costs satisfaction points only', { satisfaction: 'basically_satisfied' }, ['satisfaction']],
    ['unsatisfied and unresolved', { resolved: false, satisfaction: 'unsatisfied' }, ['unresolved', 'satisfaction']],
    ['replied late and reopened', { overdue: true, repliedOnTime: false, reopened: 1 }, ['overdue', 'reopened']],
    ['a return that stood', { returned: true, handled: false, replied: false, rated: false }, ['returned']],
    [
      'still waiting for the unit to answer is not yet a miss',
      { state: 'dispatched', handled: false, respondedInTime: false, replied: false, rated: false, satisfaction: null },
      [],
    ],
    [
      'taken out by an approved appeal (核减) costs nothing',
      { excluded: true, respondedInTime: false, resolved: false, satisfaction: 'unsatisfied' },
      [],
    ],
    [
      'a whistle not reported in',
      { dispatched: false, whistleSummoned: true, whistleReportedInTime: false, rated: false },
      ['whistle'],
    ],
  ])('%s', (_name, over, reasons) => {
    expect(lossReasons(row(over))).toEqual(reasons);
  });

  it('only the three rates of the score count as points lost', () => {
    expect(costsPoints(row({ satisfaction: 'basically_satisfied' }))).toBe(true);
    expect(costsPoints(row({ overdue: true, reopened: 2 }))).toBe(false);
  });
});

describe('drill-down', () => {
  const fact = row({}) as MetricFact;

  it('tells whether a request is in the numerator of the figure it was opened from', () => {
    expect(figureOutcome('response', { ...fact, respondedInTime: false })).toBe('missed');
    expect(figureOutcome('satisfaction', { ...fact, satisfaction: 'basically_satisfied' })).toBe('missed');
    expect(figureOutcome('resolution', fact)).toBe('hit');
    expect(figureOutcome('dispatched', fact)).toBeNull();
    expect(figureOutcome('overdue', fact)).toBeNull();
  });

  it('the address carries only the filters that are set', () => {
    expect(drillHref({ figure: 'dispatched', from: '2026-11', to: '2026-11', unitId: 21 })).toBe(
      '/metrics/drill?figure=dispatched&from=2026-11&to=2026-11&unitId=21',
    );
    expect(
      drillHref({
        figure: 'response',
        outcome: 'missed',
        from: '2026-06',
        to: '2026-11',
        divisionCode: '990101101000',
        categoryCode: '',
      }),
    ).toBe('/metrics/drill?figure=response&outcome=missed&from=2026-06&to=2026-11&divisionCode=990101101000');
  });
});
