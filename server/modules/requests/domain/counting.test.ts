import { describe, expect, it } from 'vitest';
import type { EventActor, RequestType, Satisfaction } from '../../../../contracts/requests.js';
import { SYSTEM_ACTOR } from '../../../../contracts/requests.js';
import { officialCalendarDays } from '../../../platform/calendar/calendar-seed.js';
import * as calendarArithmetic from '../../../platform/calendar/domain/working-days.js';
import { compositeScore, countingMonthOf, countRequest, isCounted, rankUnits, type UnitFact } from './counting.js';
import { runRequestScript, type ScriptStep } from './request-script.js';
import type { RequestSnapshot } from './request-state.js';
import { DEFAULT_TIME_LIMIT_RULES, resolveTimeLimit } from './time-limits.js';
import { bindWorkingTime } from './working-time.js';

const workingTime = bindWorkingTime(
  calendarArithmetic.createWorkingCalendar(
    new Map(officialCalendarDays(2026).map((d) => [d.day, d.isWorking] as const)),
  ),
  calendarArithmetic,
);
const sh = (wallClock: string) => new Date(`${wallClock.replace(' ', 'T')}:00+08:00`);
const operator: EventActor = { userId: 1, unitId: 100, name: '话务员' };
const dispatcher: EventActor = { userId: 2, unitId: 100, name: '派单员' };
const citizen: EventActor = { userId: null, unitId: null, name: '群众' };
const handler = (unitId: number): EventActor => ({ userId: 1000 + unitId, unitId, name: `承办人${unitId}` });
const [A, B, C, TOWNSHIP] = [11, 12, 13, 31];
const step = (at: string, actor: EventActor, command: ScriptStep['command'], extra: Partial<ScriptStep> = {}) => ({
  at: sh(at),
  actor,
  command,
  ...extra,
});
const dispatch = (at: string, unitId: number) =>
  step(at, dispatcher, { action: 'dispatch', leadUnitId: unitId, assistUnitIds: [], reason: '职能' });
const accept = (at: string, unitId: number) => step(at, handler(unitId), { action: 'accept' });
const reply = (at: string, unitId: number) =>
  step(at, handler(unitId), {
    action: 'reply',
    text: '已派员到现场清理排水沟并疏通涵管，现场已无积水，后续将定期巡查。',
    attachmentIds: [],
  });
const rate = (at: string, satisfaction: Satisfaction, resolved = satisfaction !== 'unsatisfied') =>
  step(at, citizen, { action: 'rate', resolved, satisfaction, comment: null, via: 'call' });
const giveBack = (at: string, unitId: number) =>
  step(at, handler(unitId), { action: 'return', reason: 'wrong_place', explanation: '该地点不属于本单位辖区范围' });

const limits = (snap: RequestSnapshot) => resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, snap);

/** A complaint received Monday 2026-11-23 09:00 (response 1 working day, resolution 15 working days). */
function history(steps: ScriptStep[], type: RequestType = 'complaint') {
  const result = runRequestScript(
    {
      at: sh('2026-11-23 09:00'),
      actor: operator,
      payload: {
        number: '2026112300001',
        channel: 'hotline',
        type: 'complaint',
        text: '村口排水沟堵塞，下雨污水漫到路上。',
        title: null,
        anonymous: false,
        divisionCode: '999901001201',
        address: null,
        sourceRef: null,
      },
    },
    [
      step('2026-11-23 09:05', operator, {
        action: 'classify',
        categoryCode: 'A.03.04',
        type,
        urgency: 'normal',
        divisionCode: '999901001201',
        address: null,
      }),
      ...steps,
    ],
    { workingTime, limits },
  );
  if (!result.ok) throw new Error(`step ${result.failedStep}: ${JSON.stringify(result.error)}`);
  return result;
}

function facts(
  steps: ScriptStep[],
  now = sh('2026-12-31 12:00'),
  settings: { unratedCountsAs: Satisfaction; ratingWindowDays: number } = {
    unratedCountsAs: 'satisfied',
    ratingWindowDays: 7,
  },
  type: RequestType = 'complaint',
) {
  const { events, snapshot } = history(steps, type);
  return countRequest(
    events,
    { limits: limits(snapshot), workingTime, settings, now, fallbackDivisionCode: '999901000000' },
    snapshot,
  );
}
const rowOf = (f: ReturnType<typeof facts>, unitId: number | null): UnitFact => {
  const row = f?.rows.find((r) => r.unitId === unitId);
  if (!row) throw new Error(`no row for ${unitId}`);
  return row;
};

describe('rules of counting: one fact per request and responsible unit', () => {
  const cases: {
    rule: string;
    steps: ScriptStep[];
    unit: number | null;
    expected: Partial<UnitFact>;
    type?: RequestType;
  }[] = [
    {
      rule: 'accepted the next working day before its end is responded and accepted in time',
      steps: [dispatch('2026-11-23 09:10', A), accept('2026-11-24 16:00', A)],
      unit: A,
      expected: { dispatched: true, response: 'in_time', handled: true, acceptedInTime: true, primary: true },
    },
    {
      rule: 'accepted two working days after the dispatch is a late response and not a timely acceptance',
      steps: [dispatch('2026-11-23 09:10', A), accept('2026-11-25 10:00', A)],
      unit: A,
      expected: { response: 'late', handled: true, acceptedInTime: false },
    },
    {
      rule: 'a dispatch not yet answered is pending with its response deadline',
      steps: [dispatch('2026-11-23 09:10', A)],
      unit: A,
      expected: { response: 'pending', handled: false, acceptedInTime: false },
    },
    {
      rule: 'a unit that returned successfully is charged the return and a timely response, nothing else',
      steps: [
        dispatch('2026-11-23 09:10', A),
        giveBack('2026-11-23 11:00', A),
        step('2026-11-23 11:30', dispatcher, {
          action: 'ruleOnReturn',
          decision: 'redispatch',
          dispatch: { leadUnitId: B, assistUnitIds: [], reason: '属地' },
        }),
        accept('2026-11-23 14:00', B),
        reply('2026-11-25 10:00', B),
        rate('2026-11-26 10:00', 'unsatisfied', false),
      ],
      unit: A,
      expected: {
        dispatched: true,
        returned: true,
        response: 'in_time',
        handled: false,
        replied: false,
        rated: false,
        primary: false,
      },
    },
    {
      rule: 'the unit that got the re-dispatched request carries its outcome and is the primary row',
      steps: [
        dispatch('2026-11-23 09:10', A),
        giveBack('2026-11-23 11:00', A),
        step('2026-11-23 11:30', dispatcher, {
          action: 'ruleOnReturn',
          decision: 'redispatch',
          dispatch: { leadUnitId: B, assistUnitIds: [], reason: '属地' },
        }),
        accept('2026-11-23 14:00', B),
        reply('2026-11-25 10:00', B),
        rate('2026-11-26 10:00', 'basically_satisfied', true),
      ],
      unit: B,
      expected: {
        primary: true,
        returned: false,
        replied: true,
        resolution: 'in_time',
        rated: true,
        resolved: true,
        satisfaction: 'basically_satisfied',
        satisfactionPoints: 0.8,
      },
    },
    {
      rule: 'a unit ruled to keep a request it returned is charged as lead, the return and no timely acceptance',
      steps: [
        dispatch('2026-11-23 09:10', A),
        giveBack('2026-11-23 11:00', A),
        step('2026-11-23 11:30', dispatcher, { action: 'ruleOnReturn', decision: 'keep' }),
        reply('2026-11-24 10:00', A),
      ],
      unit: A,
      expected: {
        primary: true,
        returned: true,
        response: 'in_time',
        handled: true,
        acceptedInTime: false,
        replied: true,
        resolution: 'in_time',
      },
    },
    {
      rule: 'a reopened request counts the reopening against the unit and its last rating stands',
      steps: [
        dispatch('2026-11-23 09:10', A),
        accept('2026-11-23 10:00', A),
        reply('2026-11-24 10:00', A),
        rate('2026-11-25 10:00', 'unsatisfied', false),
        reply('2026-11-27 10:00', A),
        rate('2026-11-28 10:00', 'satisfied', true),
      ],
      unit: A,
      expected: { reopened: 1, rated: true, resolved: true, satisfaction: 'satisfied', resolution: 'in_time' },
    },
    {
      rule: 'a reply after the deadline is late, but within an approved extension it is on time',
      steps: [
        dispatch('2026-11-23 09:10', A),
        accept('2026-11-23 10:00', A),
        step('2026-12-10 10:00', handler(A), { action: 'requestExtension', days: 5, reason: '需协调多个部门现场处置' }),
        step('2026-12-10 11:00', dispatcher, { action: 'decideExtension', approved: true, days: 5 }),
        reply('2026-12-17 10:00', A),
      ],
      unit: A,
      expected: { resolution: 'in_time', replied: true },
    },
    {
      rule: 'a reply after the resolution deadline without extension is late',
      steps: [dispatch('2026-11-23 09:10', A), accept('2026-11-23 10:00', A), reply('2026-12-17 10:00', A)],
      unit: A,
      expected: { resolution: 'late', replied: true },
    },
    {
      rule: 'handling hours are the working hours from acceptance to reply',
      steps: [dispatch('2026-11-23 09:10', A), accept('2026-11-23 10:00', A), reply('2026-11-23 15:00', A)],
      unit: A,
      expected: { handlingHours: workingTime.workingHoursBetween(sh('2026-11-23 10:00'), sh('2026-11-23 15:00')) },
    },
    {
      rule: 'a direct answer counts on the unit-less primary row with its rating',
      steps: [
        step('2026-11-23 09:20', operator, {
          action: 'answerDirectly',
          reply: '您反映的村口排水沟堵塞、下雨污水漫到路上的问题，按规定由村委会负责日常清理，可拨打村委会电话预约。',
        }),
        rate('2026-11-23 10:00', 'satisfied', true),
      ],
      unit: null,
      type: 'consultation',
      expected: { primary: true, dispatched: false, replied: true, rated: true, satisfaction: 'satisfied' },
    },
  ];

  for (const { rule, steps, unit, expected, type } of cases) {
    it(rule, () => {
      expect(rowOf(facts(steps, undefined, undefined, type), unit)).toMatchObject(expected);
    });
  }

  it('an approved appeal excludes the request from that unit only, never from the record', () => {
    const f = facts([
      dispatch('2026-11-23 09:10', A),
      giveBack('2026-11-23 11:00', A),
      step('2026-11-23 11:30', dispatcher, {
        action: 'ruleOnReturn',
        decision: 'redispatch',
        dispatch: { leadUnitId: B, assistUnitIds: [], reason: '属地' },
      }),
      accept('2026-11-23 14:00', B),
      reply('2026-11-25 10:00', B),
      step('2026-11-25 11:00', handler(B), {
        action: 'fileAppeal',
        reason: '诉求人要求拆除合法建筑，于法无据',
        evidence: [],
        evidenceText: '规划许可证 2019-17 号',
      }),
      step('2026-11-26 09:00', dispatcher, { action: 'decideAppeal', unitId: B, approved: true }),
    ]);
    expect(rowOf(f, B).excluded).toBe(true);
    expect(rowOf(f, A).excluded).toBe(false);
    expect(f?.rows).toHaveLength(2);
  });

  it('a merged duplicate counts nothing (its original counts once)', () => {
    const f = facts([step('2026-11-23 09:30', dispatcher, { action: 'mergeInto', originalId: 7 })]);
    expect(f).toBeNull();
  });

  const unrated = [dispatch('2026-11-23 09:10', A), accept('2026-11-23 10:00', A), reply('2026-11-24 10:00', A)];
  it.each([
    { when: 'within the rating window', now: '2026-11-27 10:00', counts: 'satisfied' as const, rated: false },
    {
      when: 'after the window, counted as satisfied',
      now: '2026-12-02 10:00',
      counts: 'satisfied' as const,
      rated: true,
    },
    {
      when: 'after the window, counted as unsatisfied',
      now: '2026-12-02 10:00',
      counts: 'unsatisfied' as const,
      rated: true,
    },
  ])('an unrated reply $when', ({ now, counts, rated }) => {
    const row = rowOf(facts(unrated, sh(now), { unratedCountsAs: counts, ratingWindowDays: 7 }), A);
    expect(row.rated).toBe(rated);
    if (rated) {
      expect(row).toMatchObject({ ratingUnrated: true, satisfaction: counts, resolved: counts !== 'unsatisfied' });
    }
  });

  it('a request the system closed as unrated counts as configured even before the window by the clock', () => {
    const row = rowOf(
      facts(
        [...unrated, step('2026-11-25 10:00', SYSTEM_ACTOR, { action: 'close', unrated: true })],
        sh('2026-11-25 11:00'),
        { unratedCountsAs: 'basically_satisfied', ratingWindowDays: 7 },
      ),
      A,
    );
    expect(row).toMatchObject({ rated: true, ratingUnrated: true, satisfactionPoints: 0.8 });
  });

  it('a whistle department counts a report-in (late or pending), not the lead figures', () => {
    const blown = [
      dispatch('2026-11-23 09:10', TOWNSHIP),
      accept('2026-11-23 10:00', TOWNSHIP),
      step(
        '2026-11-23 11:00',
        handler(TOWNSHIP),
        { action: 'blowWhistle', departmentUnitIds: [B, C], reportLimitHours: 4 },
        { actorIsTownshipOfPlace: true },
      ),
      step('2026-11-23 18:00', handler(B), { action: 'reportToWhistle' }),
    ];
    const f = facts(blown, sh('2026-11-23 12:00'));
    expect(rowOf(f, B)).toMatchObject({ whistleSummoned: true, whistle: 'late', dispatched: false, primary: false });
    expect(rowOf(f, C)).toMatchObject({
      whistleSummoned: true,
      whistle: 'pending',
      whistleDueAt: sh('2026-11-23 15:00'),
    });
    expect(rowOf(f, TOWNSHIP)).toMatchObject({ whistleSummoned: false, primary: true });
  });

  it('a bounced request is flagged on every row', () => {
    const f = facts([
      dispatch('2026-11-23 09:10', A),
      dispatch('2026-11-23 09:20', B),
      dispatch('2026-11-23 09:30', C),
    ]);
    expect(f?.rows.map((r) => r.bounced)).toEqual([true, true, true]);
    expect(rowOf(f, A).response).toBe('none');
  });
});

describe('when a request counts', () => {
  it.each([
    ['2026-10-31T15:59:59Z', '2026-10'],
    ['2026-10-31T16:00:00Z', '2026-11'],
  ])('received at %s counts in the Shanghai month %s', (at, month) => {
    expect(countingMonthOf(new Date(at))).toBe(month);
  });

  it.each([
    { outcome: 'in_time' as const, due: null, counted: true },
    { outcome: 'late' as const, due: null, counted: true },
    { outcome: 'pending' as const, due: '2026-11-23T00:00:00Z', counted: true },
    { outcome: 'pending' as const, due: '2026-11-25T00:00:00Z', counted: false },
    { outcome: 'none' as const, due: null, counted: false },
  ])('an outcome $outcome due $due counts: $counted', ({ outcome, due, counted }) => {
    expect(isCounted(outcome, due ? new Date(due) : null, new Date('2026-11-24T00:00:00Z'))).toBe(counted);
  });
});

describe('composite score and ranking', () => {
  it.each([
    { rates: { response: 1, resolution: 1, satisfaction: 1 }, score: 100 },
    { rates: { response: 0.5, resolution: 1, satisfaction: 0 }, score: 50 },
    { rates: { response: 1, resolution: null, satisfaction: null }, score: 100 },
    { rates: { response: null, resolution: null, satisfaction: null }, score: null },
  ])('rates $rates score $score with 30/35/35', ({ rates, score }) => {
    expect(compositeScore(rates, { response: 30, resolution: 35, satisfaction: 35 })).toBe(score);
  });

  it('units below the minimum volume are not ranked; ties share a rank; red and black lists never overlap', () => {
    const rows = [
      { unitId: 1, score: 90, volume: 10 },
      { unitId: 2, score: 90, volume: 12 },
      { unitId: 3, score: 70, volume: 5 },
      { unitId: 4, score: 99, volume: 2 },
      { unitId: 5, score: 60, volume: 8 },
    ];
    const { ranked, red, black } = rankUnits(rows, 5, 2);
    expect(ranked.map((r) => [r.unitId, r.rank])).toEqual([
      [2, 1],
      [1, 1],
      [3, 3],
      [5, 4],
      [4, null],
    ]);
    expect(red.map((r) => r.unitId)).toEqual([2, 1]);
    expect(black.map((r) => r.unitId)).toEqual([5, 3]);
    expect(rankUnits(rows.slice(0, 3), 5, 2).black.map((r) => r.unitId)).toEqual([3]);
  });
});
