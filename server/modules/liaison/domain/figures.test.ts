import { describe, expect, it } from 'vitest';
import { type FigureFacts, localDay, rollUpFigures, townshipOf } from './figures.js';

const T1 = '510101001000';
const T2 = '510101002000';
const facts: FigureFacts = {
  cadres: [
    { id: 1, name: '张三', unitId: 10, unitName: '青石镇', unitDivisionCode: T1 },
    { id: 2, name: '李四', unitId: 10, unitName: '青石镇', unitDivisionCode: T1 },
    { id: 3, name: '王五', unitId: 20, unitName: '住建局', unitDivisionCode: '510101000000' },
  ],
  paired: [
    { cadrePersonId: 1, householdId: 100, divisionCode: '510101001001' },
    { cadrePersonId: 1, householdId: 101, divisionCode: '510101001002' },
    { cadrePersonId: 2, householdId: 102, divisionCode: '510101001001' },
    { cadrePersonId: 3, householdId: 200, divisionCode: '510101002001' },
    { cadrePersonId: 3, householdId: 100, divisionCode: '510101001001' },
  ],
  visits: [
    { cadrePersonId: 1, householdId: 100, divisionCode: '510101001001', visits: 3, requestIds: [7, 8] },
    { cadrePersonId: 3, householdId: 200, divisionCode: '510101002001', visits: 1, requestIds: [] },
    // A visit to a household no longer paired: counts as a visit, not towards coverage.
    { cadrePersonId: 2, householdId: 999, divisionCode: '510101001003', visits: 1, requestIds: [9] },
  ],
  resolvedRequestIds: new Set([7, 9]),
  commitments: [
    { cadrePersonId: 1, deadline: '2026-05-31', fulfilledDay: '2026-05-31' },
    { cadrePersonId: 1, deadline: '2026-05-31', fulfilledDay: '2026-06-01' },
    { cadrePersonId: 3, deadline: '2026-05-31', fulfilledDay: null },
  ],
  deeds: [
    { cadrePersonId: 3, divisionCode: '510101002001', aidFen: 50_000 },
    { cadrePersonId: 3, divisionCode: null, aidFen: 20_000 },
  ],
  divisionNames: new Map([
    [T1, '青石镇'],
    [T2, '白沙镇'],
    ['510101000000', '县本级'],
  ]),
};

describe('liaison figures roll-up', () => {
  it('per cadre: paired households, visit coverage, problems, on-time commitments, deeds and aid money', () => {
    const { rows } = rollUpFigures(facts, 'cadre');
    const z = rows.find((r) => r.key === '1')!;
    expect(z).toMatchObject({
      householdsPaired: 2,
      householdsVisited: 1,
      visitCoverage: 0.5,
      visits: 3,
      problemsFound: 2,
      problemsResolved: 1,
      commitmentsDue: 2,
      commitmentsOnTime: 1,
    });
    const l = rows.find((r) => r.key === '2')!;
    expect(l).toMatchObject({ householdsPaired: 1, householdsVisited: 0, visits: 1, problemsResolved: 1 });
    const w = rows.find((r) => r.key === '3')!;
    expect(w).toMatchObject({ deeds: 2, aidFen: 70_000, commitmentsDue: 1, commitmentsOnTime: 0 });
  });

  it('per unit: two cadres of one township government add up', () => {
    const { rows } = rollUpFigures(facts, 'unit');
    expect(rows.map((r) => [r.key, r.cadres, r.householdsPaired, r.visits])).toEqual([
      ['10', 2, 3, 4],
      ['20', 1, 2, 1],
    ]);
  });

  it('per township: where the households live; a household shared by two cadres counts once', () => {
    const { rows, total } = rollUpFigures(facts, 'township');
    const qs = rows.find((r) => r.key === T1)!;
    expect(qs).toMatchObject({ name: '青石镇', householdsPaired: 3, cadres: 3, householdsVisited: 1 });
    const bs = rows.find((r) => r.key === T2)!;
    expect(bs).toMatchObject({ name: '白沙镇', householdsPaired: 1, householdsVisited: 1, visitCoverage: 1, deeds: 1 });
    // The deed without a household counts at the department's (county-level) place.
    expect(rows.find((r) => r.key === '510101000000')).toMatchObject({ deeds: 1, aidFen: 20_000, commitmentsDue: 1 });
    expect(total).toMatchObject({ householdsPaired: 4, visits: 5, problemsFound: 3, deeds: 2, aidFen: 70_000 });
  });

  it('townships and local days', () => {
    expect(townshipOf('510101001002')).toBe(T1);
    expect(townshipOf('510101000000')).toBe('510101000000');
    expect(localDay(Date.parse('2026-05-31T16:30:00Z'), 480)).toBe('2026-06-01');
    expect(localDay(Date.parse('2026-05-31T15:59:00Z'), 480)).toBe('2026-05-31');
  });
});
