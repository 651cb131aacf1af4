import { describe, expect, it } from 'vitest';
import type { FrozenRanking, FrozenRankingRow } from '../../../../contracts/reports.js';
import { diffRankings } from './ranking-diff.js';

const rates = (over: Partial<FrozenRankingRow['rates']> = {}): FrozenRankingRow['rates'] => ({
  response: 1,
  timelyAcceptance: 1,
  resolution: 0.8,
  satisfaction: 0.9,
  onTime: 1,
  return: 0,
  reopen: 0,
  whistleReport: null,
  ...over,
});
const volumes = (over: Partial<FrozenRankingRow['volumes']> = {}): FrozenRankingRow['volumes'] => ({
  requests: 10,
  dispatched: 10,
  handled: 10,
  replied: 9,
  rated: 8,
  overdue: 0,
  returned: 0,
  reopened: 0,
  excluded: 0,
  bounced: 0,
  ...over,
});
const row = (unitId: number, rank: number | null, score: number | null, over: Partial<FrozenRankingRow> = {}) => ({
  rank,
  unitId,
  unitName: `单位${unitId}`,
  score,
  rates: rates(),
  volumes: volumes(),
  handlingHoursAvg: 12,
  ...over,
});
const ranking = (rows: FrozenRankingRow[], over: Partial<FrozenRanking> = {}): FrozenRanking => ({
  weights: { response: 30, resolution: 35, satisfaction: 35 },
  minVolume: 5,
  rows,
  redListUnitIds: rows.filter((r) => r.rank === 1).map((r) => r.unitId),
  blackListUnitIds: [],
  ...over,
});

const base = ranking([row(1, 1, 95), row(2, 2, 90), row(3, null, null)]);

describe('diffRankings: what changed between two published versions', () => {
  const cases: {
    name: string;
    before: FrozenRanking | null;
    after: FrozenRanking;
    changed: boolean;
    counts: [added: number, removed: number, changed: number];
    expectUnit?: { unitId: number; partial: Record<string, unknown> };
  }[] = [
    {
      name: 'an identical ranking is no change',
      before: base,
      after: structuredClone(base),
      changed: false,
      counts: [0, 0, 0],
    },
    {
      name: 'the first version lists every unit as added',
      before: null,
      after: base,
      changed: true,
      counts: [3, 0, 0],
      expectUnit: { unitId: 1, partial: { change: 'added', rankBefore: null, rankAfter: 1, listAfter: 'red' } },
    },
    {
      name: 'two units swapping places show rank deltas and the red list moving',
      before: base,
      after: ranking([row(2, 1, 96), row(1, 2, 95), row(3, null, null)]),
      changed: true,
      counts: [0, 0, 2],
      expectUnit: {
        unitId: 2,
        partial: {
          change: 'changed',
          rankBefore: 2,
          rankAfter: 1,
          rankDelta: 1,
          scoreDelta: 6,
          listBefore: 'none',
          listAfter: 'red',
        },
      },
    },
    {
      name: 'a rate and a count that changed are listed with their delta',
      before: base,
      after: ranking([
        row(1, 1, 95, { rates: rates({ satisfaction: 0.85 }), volumes: volumes({ rated: 9 }) }),
        row(2, 2, 90),
        row(3, null, null),
      ]),
      changed: true,
      counts: [0, 0, 1],
      expectUnit: {
        unitId: 1,
        partial: {
          rates: [{ rate: 'satisfaction', before: 0.9, after: 0.85, delta: -0.05 }],
          volumes: [{ volume: 'rated', before: 8, after: 9 }],
          rankDelta: 0,
        },
      },
    },
    {
      name: 'a unit that appears and one that disappears',
      before: base,
      after: ranking([row(1, 1, 95), row(2, 2, 90), row(4, null, null)]),
      changed: true,
      counts: [1, 1, 0],
      expectUnit: { unitId: 3, partial: { change: 'removed', listBefore: 'none', listAfter: null } },
    },
    {
      name: 'a unit renamed in between counts as a change and keeps its old name',
      before: base,
      after: ranking([row(1, 1, 95, { unitName: '新名称' }), row(2, 2, 90), row(3, null, null)]),
      changed: true,
      counts: [0, 0, 1],
      expectUnit: { unitId: 1, partial: { unitName: '新名称', unitNameBefore: '单位1' } },
    },
    {
      name: 'only the average handling time changed: the unit changed',
      before: base,
      after: ranking([row(1, 1, 95, { handlingHoursAvg: 13 }), row(2, 2, 90), row(3, null, null)]),
      changed: true,
      counts: [0, 0, 1],
    },
    {
      name: 'new weights alone make a change',
      before: base,
      after: { ...structuredClone(base), weights: { response: 40, resolution: 30, satisfaction: 30 } },
      changed: true,
      counts: [0, 0, 0],
    },
    {
      name: 'float noise below the stored precision is not a change',
      before: base,
      after: ranking([row(1, 1, 95 + 1e-12), row(2, 2, 90), row(3, null, null)]),
      changed: false,
      counts: [0, 0, 0],
    },
    {
      name: 'a unit leaving the ranked units (rank to null) is a change',
      before: base,
      after: ranking([row(1, 1, 95), row(2, null, 90), row(3, null, null)]),
      changed: true,
      counts: [0, 0, 1],
      expectUnit: { unitId: 2, partial: { rankBefore: 2, rankAfter: null, rankDelta: null } },
    },
  ];

  it.each(cases)('$name', ({ before, after, changed, counts, expectUnit }) => {
    const diff = diffRankings(before, after);
    expect(diff.changed).toBe(changed);
    expect([diff.added, diff.removed, diff.changedUnits]).toEqual(counts);
    if (expectUnit) expect(diff.units.find((u) => u.unitId === expectUnit.unitId)).toMatchObject(expectUnit.partial);
  });

  it('lists changed units before unchanged ones, each group by the later rank', () => {
    const diff = diffRankings(base, ranking([row(1, 1, 95), row(2, 2, 91), row(3, null, null, { unitName: '甲' })]));
    expect(diff.units.map((u) => [u.unitId, u.change])).toEqual([
      [2, 'changed'],
      [3, 'changed'],
      [1, 'unchanged'],
    ]);
  });
});
