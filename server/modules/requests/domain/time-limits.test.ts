import { describe, expect, it } from 'vitest';
import {
  type EventActor,
  type RequestEventPayload,
  type TimeLimitRule,
  timeLimitRulesSchema,
} from '../../../../contracts/requests.js';
import { officialCalendarDays } from '../../../platform/calendar/calendar-seed.js';
import * as calendarArithmetic from '../../../platform/calendar/domain/working-days.js';
import type { RequestCommand } from './request-commands.js';
import { runRequestScript, type ScriptStep } from './request-script.js';
import type { RequestSnapshot } from './request-state.js';
import {
  addLimit,
  categoryLineage,
  computeDeadlines,
  DEFAULT_TIME_LIMIT_RULES,
  defaultTimeLimitRules,
  FALLBACK_TIME_LIMIT,
  resolveTimeLimit,
  type TimeLimitQuery,
} from './time-limits.js';
import { bindWorkingTime } from './working-time.js';

/** The official 2026 calendar: Spring Festival 15–23 Feb (Sat 14 and Sat 28 Feb worked), National Day 1–7 Oct (Sun 20 Sep and Sat 10 Oct worked), Mid-Autumn 25–27 Sep. */
const workingTime = bindWorkingTime(
  calendarArithmetic.createWorkingCalendar(
    new Map([2026, 2027].flatMap((y) => officialCalendarDays(y).map((d) => [d.day, d.isWorking] as const))),
  ),
  calendarArithmetic,
);
const sh = (wallClock: string) => new Date(`${wallClock.replace(' ', 'T')}:00+08:00`);
/** The instant a day-based deadline expires: the end of that Shanghai day. */
const endOf = (day: string) => new Date(`${day}T23:59:59.999+08:00`);

describe('the most specific rule sets each limit', () => {
  const q = (
    categoryCode: string | null,
    type: TimeLimitQuery['type'],
    urgency: TimeLimitQuery['urgency'] = 'normal',
  ) => ({
    categoryCode,
    type,
    urgency,
  });

  it.each([
    [
      'a consultation gets 2 working days',
      q('A.03.02', 'consultation'),
      { amount: 2, unit: 'working_days' },
      '咨询 2 个工作日',
    ],
    [
      'a request for help gets 10 working days',
      q('A.03.02', 'help'),
      { amount: 10, unit: 'working_days' },
      '求助 10 个工作日',
    ],
    [
      'a suggestion gets 10 working days',
      q('K.02.01', 'suggestion'),
      { amount: 10, unit: 'working_days' },
      '建议 10 个工作日',
    ],
    [
      'a complaint gets 15 working days',
      q('G.02.01', 'complaint'),
      { amount: 15, unit: 'working_days' },
      '投诉 15 个工作日',
    ],
    ['a report gets 15 working days', q('M.03.02', 'report'), { amount: 15, unit: 'working_days' }, '举报 15 个工作日'],
    ['praise gets 5 working days', q('Q.01.01', 'praise'), { amount: 5, unit: 'working_days' }, '表扬 5 个工作日'],
    [
      'an unclassified request gets its type’s limit',
      q(null, 'help'),
      { amount: 10, unit: 'working_days' },
      '求助 10 个工作日',
    ],
    [
      'a water cut gets 24 hours: the category beats the type',
      q('I.01.01', 'complaint'),
      { amount: 24, unit: 'hours' },
      '水电气暖 24 小时',
    ],
    [
      'a heating consultation gets 24 hours too',
      q('I.04.02', 'consultation'),
      { amount: 24, unit: 'hours' },
      '水电气暖 24 小时',
    ],
    [
      'an urgent request gets 24 hours',
      q('A.03.01', 'help', 'urgent'),
      { amount: 24, unit: 'hours' },
      '紧急诉求 24 小时',
    ],
    ['an emergency gets 2 hours', q('L.04.01', 'help', 'emergency'), { amount: 2, unit: 'hours' }, '特急诉求 2 小时'],
    [
      'an emergency water cut gets 2 hours: urgency beats the category',
      q('I.01.01', 'complaint', 'emergency'),
      { amount: 2, unit: 'hours' },
      '特急诉求 2 小时',
    ],
  ] as const)('%s', (_, query, resolution, source) => {
    const limits = resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, query);
    expect(limits.resolution).toEqual(resolution);
    expect(limits.sources.resolution).toBe(source);
  });

  it.each([
    ['a normal request is accepted within 1 working day', q('A.03.02', 'help'), { amount: 1, unit: 'working_days' }],
    ['a water cut is accepted within 2 working hours', q('I.01.01', 'help'), { amount: 2, unit: 'working_hours' }],
    ['an emergency is accepted within half an hour', q('I.01.01', 'help', 'emergency'), { amount: 0.5, unit: 'hours' }],
  ] as const)('%s', (_, query, response) => {
    expect(resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, query).response).toEqual(response);
  });

  const custom: TimeLimitRule[] = [
    {
      label: 'default',
      response: { amount: 1, unit: 'working_days' },
      resolution: { amount: 20, unit: 'working_days' },
    },
    { label: 'complaints', type: 'complaint', resolution: { amount: 15, unit: 'working_days' } },
    { label: 'B', categoryCode: 'B', resolution: { amount: 10, unit: 'working_days' } },
    { label: 'B.03', categoryCode: 'B.03', resolution: { amount: 7, unit: 'working_days' } },
    {
      label: 'B.03 complaints',
      categoryCode: 'B.03',
      type: 'complaint',
      resolution: { amount: 6, unit: 'working_days' },
    },
    { label: 'B.03.02', categoryCode: 'B.03.02', resolution: { amount: 5, unit: 'working_days' } },
  ];

  it.each([
    ['the leaf rule beats its parents', 'B.03.02', 'complaint', 'B.03.02'],
    [
      'at the same category, the rule for the type beats the one for all types',
      'B.03.01',
      'complaint',
      'B.03 complaints',
    ],
    ['a parent category covers its children', 'B.03.01', 'help', 'B.03'],
    ['the top-level category covers its grandchildren', 'B.01.01', 'complaint', 'B'],
    ['outside the configured categories, the type decides', 'C.01.01', 'complaint', 'complaints'],
    ['and without a type rule, the default', 'C.01.01', 'help', 'default'],
  ] as const)('%s (%s, %s → %s)', (_, categoryCode, type, source) => {
    expect(resolveTimeLimit(custom, q(categoryCode, type)).sources.resolution).toBe(source);
  });

  it('each limit comes from the most specific rule that sets it, and a missing one from the built-in fallback', () => {
    const limits = resolveTimeLimit(custom, q('B.03.02', 'help'));
    expect(limits.sources).toEqual({ response: 'default', resolution: 'B.03.02', returnWindow: '内置默认' });
    expect(limits.returnWindow).toEqual(FALLBACK_TIME_LIMIT.returnWindow);
    expect(resolveTimeLimit([], q('B.03.02', 'help')).resolution).toEqual({ amount: 15, unit: 'working_days' });
  });

  it('category ancestors can be given for codes that are not dotted', () => {
    expect(categoryLineage('I.01.02')).toEqual(['I.01.02', 'I.01', 'I']);
    expect(categoryLineage('110203', ['11', '1102'])).toEqual(['110203', '1102', '11']);
    const rules: TimeLimitRule[] = [
      { label: 'utilities', categoryCode: '11', resolution: { amount: 24, unit: 'hours' } },
    ];
    expect(
      resolveTimeLimit(rules, { ...q('110203', 'help'), categoryAncestors: ['11', '1102'] }).sources.resolution,
    ).toBe('utilities');
  });

  it('the utility categories of another taxonomy can be named', () => {
    const rules = defaultTimeLimitRules(['W']);
    expect(resolveTimeLimit(rules, q('W.02', 'help')).resolution).toEqual({ amount: 24, unit: 'hours' });
    expect(resolveTimeLimit(rules, q('I.01.01', 'help')).resolution).toEqual({ amount: 10, unit: 'working_days' });
  });

  it('a rule set with two rules for the same category, type and urgency is refused', () => {
    expect(timeLimitRulesSchema.safeParse(DEFAULT_TIME_LIMIT_RULES).success).toBe(true);
    const twice = [
      ...custom,
      { label: 'again', categoryCode: 'B.03', resolution: { amount: 3, unit: 'working_days' } },
    ];
    expect(timeLimitRulesSchema.safeParse(twice).success).toBe(false);
    expect(
      timeLimitRulesSchema.safeParse([{ label: 'half day', resolution: { amount: 1.5, unit: 'working_days' } }])
        .success,
    ).toBe(false);
  });
});

describe('limits counted on the 2026 statutory calendar', () => {
  const days = (amount: number) => ({ amount, unit: 'working_days' }) as const;

  it.each([
    [
      'a consultation accepted on 30 Sep is due after National Day, on Fri 9 Oct',
      '2026-09-30 10:00',
      days(2),
      endOf('2026-10-09'),
    ],
    [
      'a complaint accepted on 30 Sep counts the worked Saturday 10 Oct and is due on 27 Oct',
      '2026-09-30 10:00',
      days(15),
      endOf('2026-10-27'),
    ],
    [
      'a request accepted on Fri 18 Sep counts the worked Sunday 20 Sep',
      '2026-09-18 16:00',
      days(2),
      endOf('2026-09-21'),
    ],
    [
      'a request for help accepted on the Mid-Autumn holiday counts from the next working day',
      '2026-09-25 10:00',
      days(10),
      endOf('2026-10-15'),
    ],
    [
      'a consultation accepted on Fri 13 Feb counts the worked Saturday 14 Feb and skips Spring Festival',
      '2026-02-13 15:00',
      days(2),
      endOf('2026-02-24'),
    ],
    ['a complaint accepted before Spring Festival is due on 12 Mar', '2026-02-13 15:00', days(15), endOf('2026-03-12')],
    [
      'two working hours from 16:30 on 30 Sep end at 10:00 on 8 Oct',
      '2026-09-30 16:30',
      { amount: 2, unit: 'working_hours' },
      sh('2026-10-08 10:00'),
    ],
    [
      '24 working hours from 15:00 on 30 Sep end at 09:30 on 12 Oct',
      '2026-09-30 15:00',
      { amount: 24, unit: 'working_hours' },
      sh('2026-10-12 09:30'),
    ],
    [
      '24 clock hours run through the holiday',
      '2026-10-01 08:00',
      { amount: 24, unit: 'hours' },
      sh('2026-10-02 08:00'),
    ],
    [
      '2 clock hours from 02:00 on a Sunday end at 04:00',
      '2026-10-04 02:00',
      { amount: 2, unit: 'hours' },
      sh('2026-10-04 04:00'),
    ],
  ] as const)('%s', (_, from, limit, due) => {
    expect(addLimit(workingTime, sh(from), limit)).toEqual(due);
  });
});

describe('deadlines of a request', () => {
  const operator: EventActor = { userId: 1, unitId: 100, name: '话务员' };
  const dispatcher: EventActor = { userId: 2, unitId: 100, name: '派单员' };
  const handler: EventActor = { userId: 11, unitId: 11, name: '承办人' };
  const citizen: EventActor = { userId: null, unitId: null, name: '群众' };
  const at = (wall: string, actor: EventActor, command: RequestCommand): ScriptStep => ({
    at: sh(wall),
    actor,
    command,
  });
  const limitsOf = (s: RequestSnapshot) => resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, s);

  function requestOf(type: RequestEventPayload<'received'>['type'], categoryCode: string, steps: ScriptStep[]) {
    const result = runRequestScript(
      {
        at: sh('2026-09-18 15:00'),
        actor: operator,
        payload: {
          number: '2026091800003',
          channel: 'web',
          type,
          text: '幸福小区3号楼楼道灯不亮，物业一直不修，老人晚上上下楼很危险。',
          title: null,
          anonymous: false,
          divisionCode: null,
          address: null,
          sourceRef: null,
        },
      },
      [
        at('2026-09-18 15:10', operator, {
          action: 'classify',
          categoryCode,
          type,
          urgency: 'normal',
          divisionCode: '999901001001',
          address: '幸福小区3号楼',
        }),
        ...steps,
      ],
      { workingTime, limits: limitsOf },
    );
    if (!result.ok) throw new Error(`step ${result.failedStep}: ${result.error.type}`);
    return result.snapshot;
  }

  it('the time limit starts at acceptance, not at dispatch', () => {
    // Dispatched on Friday afternoon, accepted on the worked Sunday 20 Sep: two working days from Sunday, not Friday.
    const s = requestOf('consultation', 'H.01.01', [
      at('2026-09-18 16:00', dispatcher, { action: 'dispatch', leadUnitId: 11, assistUnitIds: [], reason: '物业管理' }),
      at('2026-09-20 09:30', handler, { action: 'accept' }),
    ]);
    const d = computeDeadlines(s, limitsOf(s), workingTime, sh('2026-09-21 12:00'));
    expect(d.resolution).toMatchObject({
      startsAt: sh('2026-09-20 09:30'),
      dueAt: endOf('2026-09-22'),
      overdue: false,
    });
    expect(addLimit(workingTime, sh('2026-09-18 16:00'), limitsOf(s).resolution)).toEqual(endOf('2026-09-21'));
  });

  it.each([
    [
      'not yet accepted on the morning after the deadline is overdue',
      null,
      '2026-10-09 00:30',
      { overdue: true, late: false },
    ],
    ['accepted on 8 Oct is on time', '2026-10-08 10:00', '2026-10-09 00:30', { overdue: false, late: false }],
    ['accepted on 9 Oct is late', '2026-10-09 10:00', '2026-10-09 12:00', { overdue: false, late: true }],
  ] as const)(
    'a request dispatched on 30 Sep must be accepted by the end of 8 Oct: %s',
    (_, acceptedAt, now, flags) => {
      const s = requestOf('help', 'H.01.01', [
        at('2026-09-30 15:00', dispatcher, {
          action: 'dispatch',
          leadUnitId: 11,
          assistUnitIds: [],
          reason: '物业管理',
        }),
        ...(acceptedAt ? [at(acceptedAt, handler, { action: 'accept' })] : []),
      ]);
      const d = computeDeadlines(s, limitsOf(s), workingTime, sh(now));
      expect(d.response).toMatchObject({ dueAt: endOf('2026-10-08'), ...flags });
      expect(d.returnWindow).toMatchObject({ endsAt: sh('2026-10-12 09:30'), open: acceptedAt === null });
      expect(d.resolution === null).toBe(acceptedAt === null);
    },
  );

  it('an approved extension adds working days to the deadline of the round', () => {
    const s = requestOf('complaint', 'H.01.01', [
      at('2026-09-30 09:00', dispatcher, { action: 'dispatch', leadUnitId: 11, assistUnitIds: [], reason: '物业管理' }),
      at('2026-09-30 10:00', handler, { action: 'accept' }),
      at('2026-10-20 10:00', handler, {
        action: 'requestExtension',
        days: 5,
        reason: '需召开业主大会表决维修资金使用',
      }),
      at('2026-10-20 15:00', dispatcher, { action: 'decideExtension', approved: true, note: null }),
    ]);
    const d = computeDeadlines(s, limitsOf(s), workingTime, sh('2026-10-28 10:00'));
    expect(d.resolution).toMatchObject({
      baseDueAt: endOf('2026-10-27'),
      extensionDays: 5,
      dueAt: endOf('2026-11-03'),
      overdue: false,
    });
    expect(computeDeadlines(s, limitsOf(s), workingTime, sh('2026-11-04 09:00')).resolution?.overdue).toBe(true);
  });

  it('a reply after the deadline is late, and the share of the limit used is measured in office hours', () => {
    const s = requestOf('consultation', 'H.01.01', [
      at('2026-09-30 09:00', dispatcher, { action: 'dispatch', leadUnitId: 11, assistUnitIds: [], reason: '物业管理' }),
      at('2026-09-30 09:00', handler, { action: 'accept' }),
    ]);
    // 30 Sep (7 h), 8 Oct and 9 Oct (7 h each): 21 office hours; at 12:00 on 8 Oct 10 of them are used.
    expect(computeDeadlines(s, limitsOf(s), workingTime, sh('2026-10-08 12:00')).resolution?.usedFraction).toBeCloseTo(
      10 / 21,
    );
    expect(computeDeadlines(s, limitsOf(s), workingTime, sh('2026-10-05 12:00')).resolution?.usedFraction).toBeCloseTo(
      7 / 21,
    );

    const replied = requestOf('consultation', 'H.01.01', [
      at('2026-09-30 09:00', dispatcher, { action: 'dispatch', leadUnitId: 11, assistUnitIds: [], reason: '物业管理' }),
      at('2026-09-30 09:00', handler, { action: 'accept' }),
      at('2026-10-10 09:30', handler, {
        action: 'reply',
        text: '已督促物业公司于10月10日更换3号楼楼道灯，现已恢复照明。',
        attachmentIds: [],
      }),
    ]);
    expect(computeDeadlines(replied, limitsOf(replied), workingTime, sh('2026-10-20 09:00')).resolution).toMatchObject({
      late: true,
      overdue: false,
      repliedAt: sh('2026-10-10 09:30'),
    });
  });

  it('a reopened request gets a fresh limit from the reopening', () => {
    const s = requestOf('consultation', 'H.01.01', [
      at('2026-09-30 09:00', dispatcher, { action: 'dispatch', leadUnitId: 11, assistUnitIds: [], reason: '物业管理' }),
      at('2026-09-30 09:00', handler, { action: 'accept' }),
      at('2026-09-30 16:00', handler, {
        action: 'reply',
        text: '已督促物业公司今日更换3号楼楼道灯，现已恢复照明。',
        attachmentIds: [],
      }),
      at('2026-10-09 10:00', citizen, {
        action: 'rate',
        resolved: false,
        satisfaction: 'unsatisfied',
        comment: '二楼的灯还是不亮',
        via: 'call',
      }),
    ]);
    expect(computeDeadlines(s, limitsOf(s), workingTime, sh('2026-10-09 11:00')).resolution).toMatchObject({
      startsAt: sh('2026-10-09 10:00'),
      dueAt: endOf('2026-10-12'),
      repliedAt: null,
    });
  });
});
