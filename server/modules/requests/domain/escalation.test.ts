import { describe, expect, it } from 'vitest';
import {
  type EscalationLadder,
  type EventActor,
  escalationLadderSchema,
  type RequestEvent,
  SYSTEM_ACTOR,
} from '../../../../contracts/requests.js';
import { officialCalendarDays } from '../../../platform/calendar/calendar-seed.js';
import * as calendarArithmetic from '../../../platform/calendar/domain/working-days.js';
import { DEFAULT_ESCALATION_LADDER, dueEscalations } from './escalation.js';
import type { RequestCommand } from './request-commands.js';
import { continueRequestScript, runRequestScript, type ScriptStep } from './request-script.js';
import { foldRequestEvents, type RequestSnapshot } from './request-state.js';
import { computeDeadlines, DEFAULT_TIME_LIMIT_RULES, resolveTimeLimit } from './time-limits.js';
import { bindWorkingTime } from './working-time.js';

const workingTime = bindWorkingTime(
  calendarArithmetic.createWorkingCalendar(
    new Map(officialCalendarDays(2026).map((d) => [d.day, d.isWorking] as const)),
  ),
  calendarArithmetic,
);
const sh = (wallClock: string) => new Date(`${wallClock.replace(' ', 'T')}:00+08:00`);
const limitsOf = (s: RequestSnapshot) => resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, s);

const dispatcher: EventActor = { userId: 2, unitId: 100, name: '派单员' };
const handler: EventActor = { userId: 11, unitId: 11, name: '承办人' };
const at = (wall: string, actor: EventActor, command: RequestCommand): ScriptStep => ({ at: sh(wall), actor, command });
const escalate = (wall: string, level: 'warning' | 'urge' | 'criticism') =>
  at(wall, SYSTEM_ACTOR, { action: 'escalate', level });

/**
 * A complaint (15 working days) accepted on Monday 14 Sep at 10:00. Counting 15–18 Sep, the worked Sunday 20 Sep,
 * 21–24 Sep, 28–30 Sep (Mid-Autumn 25–27), 8–9 Oct and the worked Saturday 10 Oct, it is due at the end of 10 Oct.
 * Its 111 office hours reach 80 % (88.8 h) at 16:18 on 30 Sep.
 */
function complaint(extra: ScriptStep[] = []): RequestEvent[] {
  const result = runRequestScript(
    {
      at: sh('2026-09-14 09:00'),
      actor: dispatcher,
      payload: {
        number: '2026091400008',
        channel: 'hotline',
        type: 'complaint',
        text: '县城南门菜市场周边占道经营严重，早晚高峰车辆无法通行。',
        title: null,
        anonymous: false,
        divisionCode: null,
        address: null,
        sourceRef: null,
      },
    },
    [
      at('2026-09-14 09:10', dispatcher, {
        action: 'classify',
        categoryCode: 'A.02.02',
        type: 'complaint',
        urgency: 'normal',
        divisionCode: '999901001001',
        address: '南门菜市场',
      }),
      at('2026-09-14 09:20', dispatcher, { action: 'dispatch', leadUnitId: 11, assistUnitIds: [], reason: '占道经营' }),
      at('2026-09-14 10:00', handler, { action: 'accept' }),
      ...extra,
    ],
    { workingTime, limits: limitsOf },
  );
  if (!result.ok) throw new Error(`step ${result.failedStep}: ${result.error.type}`);
  return result.events;
}

function due(events: RequestEvent[], now: string, ladder: EscalationLadder = DEFAULT_ESCALATION_LADDER) {
  const s = foldRequestEvents(events);
  const deadlines = computeDeadlines(s, limitsOf(s), workingTime, sh(now));
  return dueEscalations(s, deadlines, ladder, sh(now), workingTime).map((e) => e.level);
}

describe('the escalation ladder on a fixed clock', () => {
  it('the complaint is due at the end of the worked Saturday 10 Oct', () => {
    const s = foldRequestEvents(complaint());
    expect(computeDeadlines(s, limitsOf(s), workingTime, sh('2026-09-14 10:00')).resolution?.dueAt).toEqual(
      new Date('2026-10-10T23:59:59.999+08:00'),
    );
  });

  it.each([
    ['nothing is due in the first days', [], '2026-09-21 10:00', []],
    ['no warning before 80 % of the limit is used', [], '2026-09-30 16:00', []],
    ['a warning once 80 % of the limit is used', [], '2026-09-30 16:30', ['warning']],
    ['the warning is not repeated once issued', [escalate('2026-09-30 16:30', 'warning')], '2026-10-09 17:00', []],
    ['nothing more before the deadline passes', [escalate('2026-09-30 16:30', 'warning')], '2026-10-10 20:00', []],
    [
      'no urging on Sunday 11 Oct, not a working day',
      [escalate('2026-09-30 16:30', 'warning')],
      '2026-10-11 10:00',
      [],
    ],
    [
      'an urging notice on the working day after the deadline',
      [escalate('2026-09-30 16:30', 'warning')],
      '2026-10-12 08:00',
      ['urge'],
    ],
    ['a missed warning is skipped once the deadline has passed', [], '2026-10-12 08:00', ['urge']],
    ['the urging notice is not repeated', [escalate('2026-10-12 08:00', 'urge')], '2026-10-16 17:00', []],
    [
      'a notified criticism five working days after the urging notice',
      [escalate('2026-10-12 08:00', 'urge')],
      '2026-10-19 08:00',
      ['criticism'],
    ],
    [
      'nothing once every level is issued',
      [
        escalate('2026-09-30 16:30', 'warning'),
        escalate('2026-10-12 08:00', 'urge'),
        escalate('2026-10-19 08:00', 'criticism'),
      ],
      '2026-12-31 10:00',
      [],
    ],
  ] as const)('%s (at %s)', (_, issued, now, expected) => {
    expect(due(complaint([...issued]), now)).toEqual(expected);
  });

  it('a request that has been replied to does not escalate', () => {
    const replied = complaint([
      at('2026-10-12 09:00', handler, {
        action: 'reply',
        text: '城管执法中队已于10月12日清理南门菜市场周边占道摊点12处，并安排专人早晚值守。',
        attachmentIds: [],
      }),
    ]);
    expect(due(replied, '2026-10-20 10:00')).toEqual([]);
  });

  it('an approved extension moves the rungs after the deadline', () => {
    const extended = complaint([
      at('2026-10-09 10:00', handler, {
        action: 'requestExtension',
        days: 5,
        reason: '需联合市场监管部门规划临时疏导点',
      }),
      at('2026-10-09 15:00', dispatcher, { action: 'decideExtension', approved: true, days: 5 }),
    ]);
    // Due at the end of 16 Oct instead of 10 Oct.
    expect(due(extended, '2026-10-12 08:00')).toEqual([]);
    expect(due(extended, '2026-10-19 08:00')).toEqual(['urge']);
  });

  it('a reopened request climbs a fresh ladder; the levels of the earlier round do not count', () => {
    const events = complaint([
      escalate('2026-09-30 16:30', 'warning'),
      at('2026-10-09 09:00', handler, {
        action: 'reply',
        text: '城管执法中队已清理南门菜市场周边占道摊点，并安排专人早晚值守。',
        attachmentIds: [],
      }),
    ]);
    const reopened = continueRequestScript(
      events,
      [
        at(
          '2026-10-09 12:00',
          { userId: null, unitId: null, name: '群众' },
          {
            action: 'rate',
            resolved: false,
            satisfaction: 'unsatisfied',
            comment: '第二天又摆回来了',
            via: 'link',
          },
        ),
      ],
      { workingTime, limits: limitsOf },
    );
    if (!reopened.ok) throw new Error(reopened.error.type);
    // The new round: 15 working days from 9 Oct; a warning is due again at 80 %.
    expect(due(reopened.events, '2026-10-12 08:00')).toEqual([]);
    expect(due(reopened.events, '2026-10-29 10:00')).toEqual(['warning']);
  });

  it('the ladder is configuration: urging as soon as the deadline passes, criticism two working days later', () => {
    const ladder: EscalationLadder = [
      { level: 'urge', trigger: { kind: 'after_deadline', workingDays: 0 } },
      { level: 'criticism', trigger: { kind: 'after_level', level: 'urge', workingDays: 2 } },
    ];
    expect(escalationLadderSchema.safeParse(ladder).success).toBe(true);
    expect(due(complaint(), '2026-09-30 16:30', ladder)).toEqual([]);
    expect(due(complaint(), '2026-10-11 00:10', ladder)).toEqual(['urge']);
    expect(due(complaint([escalate('2026-10-11 00:10', 'urge')]), '2026-10-13 08:00', ladder)).toEqual(['criticism']);
  });

  it('each due rung comes with its reason in Chinese and English', () => {
    const s = foldRequestEvents(complaint());
    const now = sh('2026-10-12 08:00');
    const [urge] = dueEscalations(
      s,
      computeDeadlines(s, limitsOf(s), workingTime, now),
      DEFAULT_ESCALATION_LADDER,
      now,
      workingTime,
    );
    expect(urge?.reason.zh).toBe('已超过办理期限（2026-10-10 23:59）1个工作日仍未办结');
    expect(urge?.reason.en).toContain('1 working day(s) after the deadline');
  });

  it.each([
    [
      'a level listed twice',
      [
        { level: 'warning', trigger: { kind: 'limit_used', fraction: 0.8 } },
        { level: 'warning', trigger: { kind: 'limit_used', fraction: 0.9 } },
      ],
    ],
    [
      'a step waiting for a level that comes after it',
      [
        { level: 'criticism', trigger: { kind: 'after_level', level: 'urge', workingDays: 5 } },
        { level: 'urge', trigger: { kind: 'after_deadline', workingDays: 1 } },
      ],
    ],
    ['a fraction above the whole limit', [{ level: 'warning', trigger: { kind: 'limit_used', fraction: 1.2 } }]],
  ])('a ladder with %s is refused', (_, ladder) => {
    expect(escalationLadderSchema.safeParse(ladder).success).toBe(false);
  });
});
