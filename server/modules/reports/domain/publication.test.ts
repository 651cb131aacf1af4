import { describe, expect, it } from 'vitest';
import type { RankingResponse } from '../../../../contracts/metrics.js';
import type { FrozenRanking } from '../../../../contracts/reports.js';
import { decidePublication, freezeRanking, isMonthOver, monthEndMs } from './publication.js';

const at = (iso: string) => new Date(iso).getTime();

describe('a counting month ends at Shanghai midnight of the next month', () => {
  it.each([
    ['2026-11', '2026-11-30T15:59:59.999Z', false],
    ['2026-11', '2026-11-30T16:00:00.000Z', true],
    ['2026-12', '2026-12-31T16:00:00.000Z', true],
    ['2026-12', '2026-12-31T15:00:00.000Z', false],
    ['2024-02', '2024-02-29T16:00:00.000Z', true],
    ['2026-12', '2026-11-15T00:00:00.000Z', false],
  ] as const)('%s is over at %s: %s', (month, now, over) => {
    expect(isMonthOver(month, at(now))).toBe(over);
  });

  it('December ends with the new year', () => {
    expect(new Date(monthEndMs('2026-12')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});

const frozen = (score: number): FrozenRanking => ({
  weights: { response: 30, resolution: 35, satisfaction: 35 },
  minVolume: 5,
  rows: [
    {
      rank: 1,
      unitId: 7,
      unitName: '城管局',
      score,
      rates: {
        response: 1,
        timelyAcceptance: 1,
        resolution: 1,
        satisfaction: 1,
        onTime: 1,
        return: 0,
        reopen: 0,
        whistleReport: null,
      },
      volumes: {
        requests: 6,
        dispatched: 6,
        handled: 6,
        replied: 6,
        rated: 6,
        overdue: 0,
        returned: 0,
        reopened: 0,
        excluded: 0,
        bounced: 0,
      },
      handlingHoursAvg: 3,
    },
  ],
  redListUnitIds: [7],
  blackListUnitIds: [],
});
const empty: FrozenRanking = { ...frozen(1), rows: [], redListUnitIds: [] };
const after = at('2026-12-02T00:00:00Z');

describe('decidePublication: which version a publication becomes, or why it is refused', () => {
  it.each([
    {
      name: 'the first publication of a finished month is version 1',
      input: { month: '2026-11', nowMs: after, candidate: frozen(90), latest: null, reason: undefined },
      expected: { ok: true, version: 1 },
    },
    {
      name: 'a month still running is refused',
      input: { month: '2026-12', nowMs: after, candidate: frozen(90), latest: null, reason: undefined },
      expected: { ok: false, refusal: { type: 'MonthNotEnded', endsAtMs: at('2026-12-31T16:00:00Z') } },
    },
    {
      name: 'a ranking without any unit is refused',
      input: { month: '2026-11', nowMs: after, candidate: empty, latest: null, reason: undefined },
      expected: { ok: false, refusal: { type: 'Empty' } },
    },
    {
      name: 'a correction needs a reason',
      input: {
        month: '2026-11',
        nowMs: after,
        candidate: frozen(80),
        latest: { version: 1, ranking: frozen(90) },
        reason: ' ',
      },
      expected: { ok: false, refusal: { type: 'ReasonRequired', version: 2 } },
    },
    {
      name: 'a correction with a reason is the next version',
      input: {
        month: '2026-11',
        nowMs: after,
        candidate: frozen(80),
        latest: { version: 2, ranking: frozen(90) },
        reason: '核减后更正',
      },
      expected: { ok: true, version: 3 },
    },
    {
      name: 'a correction identical to the latest version is refused, reason or not',
      input: {
        month: '2026-11',
        nowMs: after,
        candidate: frozen(90),
        latest: { version: 1, ranking: frozen(90) },
        reason: '复核',
      },
      expected: { ok: false, refusal: { type: 'Unchanged', latestVersion: 1 } },
    },
  ])('$name', ({ input, expected }) => {
    expect(decidePublication(input)).toEqual(expected);
  });
});

describe('freezeRanking keeps what the public sees of a live ranking', () => {
  it('keeps rank, score, rates, counts and the lists as unit ids', () => {
    const figures = {
      requests: 6,
      dispatched: 6,
      respondedInTime: 6,
      handled: 6,
      acceptedInTime: 6,
      returned: 0,
      replied: 5,
      repliedOnTime: 5,
      overdue: 1,
      rated: 4,
      resolved: 3,
      satisfactionPoints: 2.8,
      reopened: 0,
      handlingHoursAvg: 2.5,
      excluded: 0,
      bounced: 0,
      whistleSummoned: 0,
      whistleReportedInTime: 0,
      rates: frozen(1).rows[0]!.rates,
      score: 88.5,
    };
    const row = { rank: 1, unitId: 7, unitName: '城管局', unitKind: 'department' as const, score: 88.5, figures };
    const live: RankingResponse = {
      month: '2026-11',
      unitKind: 'department',
      weights: { response: 30, resolution: 35, satisfaction: 35 },
      minVolume: 5,
      rows: [row],
      redList: [row],
      blackList: [],
    };
    const f = freezeRanking(live);
    expect(f.rows[0]).toMatchObject({ rank: 1, unitId: 7, score: 88.5, handlingHoursAvg: 2.5 });
    expect(f.rows[0]?.volumes).toMatchObject({ replied: 5, overdue: 1, rated: 4 });
    expect(f.redListUnitIds).toEqual([7]);
    expect(f.blackListUnitIds).toEqual([]);
  });
});
