import { describe, expect, it } from 'vitest';
import {
  type EventActor,
  REQUEST_EVENT_TYPES,
  type RequestEvent,
  requestEventSchema,
  SYSTEM_ACTOR,
} from '../../../../contracts/requests.js';
import { officialCalendarDays } from '../../../platform/calendar/calendar-seed.js';
import * as calendarArithmetic from '../../../platform/calendar/domain/working-days.js';
import { runRequestScript, type ScriptStep } from './request-script.js';
import { applyRequestEvents, foldRequestEvents, type RequestSnapshot } from './request-state.js';
import { DEFAULT_TIME_LIMIT_RULES, resolveTimeLimit } from './time-limits.js';
import { bindWorkingTime } from './working-time.js';

const workingTime = bindWorkingTime(
  calendarArithmetic.createWorkingCalendar(
    new Map(officialCalendarDays(2026).map((d) => [d.day, d.isWorking] as const)),
  ),
  calendarArithmetic,
);
const sh = (wallClock: string) => new Date(`${wallClock.replace(' ', 'T')}:00+08:00`);

const operator: EventActor = { userId: 1, unitId: 100, name: '话务员李娜' };
const dispatcher: EventActor = { userId: 2, unitId: 100, name: '派单员王强' };
const citizen: EventActor = { userId: null, unitId: null, name: '群众' };
const handler = (unitId: number): EventActor => ({ userId: 1000 + unitId, unitId, name: `承办人${unitId}` });
const [HEXI, CHENGGUAN, HOUSING] = [11, 12, 21];
const s = (at: string, actor: EventActor, command: ScriptStep['command']): ScriptStep => ({
  at: sh(at),
  actor,
  command,
});

/** The end-to-end story of the requests issue: returned, re-dispatched, reopened, then closed. */
function story() {
  const result = runRequestScript(
    {
      at: sh('2026-11-23 09:12'),
      actor: operator,
      payload: {
        number: '2026112300017',
        channel: 'hotline',
        type: 'complaint',
        text: '城关镇东关村村口排水沟堵塞，一下雨污水就漫到路上，反映多次没人管。',
        title: '村口排水沟堵塞',
        anonymous: false,
        divisionCode: '999901001201',
        address: '东关村村口',
        sourceRef: null,
      },
    },
    [
      s('2026-11-23 09:15', operator, {
        action: 'classify',
        categoryCode: 'A.03.04',
        type: 'complaint',
        urgency: 'normal',
        divisionCode: '999901001201',
        address: '东关村村口',
      }),
      s('2026-11-23 09:30', dispatcher, {
        action: 'dispatch',
        leadUnitId: HEXI,
        assistUnitIds: [HOUSING],
        reason: '系统建议',
      }),
      s('2026-11-23 10:00', handler(HEXI), {
        action: 'return',
        reason: 'wrong_place',
        explanation: '东关村属城关镇管辖，不在河西乡辖区',
      }),
      s('2026-11-23 10:20', dispatcher, {
        action: 'ruleOnReturn',
        decision: 'redispatch',
        dispatch: { leadUnitId: CHENGGUAN, assistUnitIds: [HOUSING], reason: '属地：城关镇' },
        note: '退单理由成立',
      }),
      s('2026-11-23 10:40', handler(CHENGGUAN), { action: 'accept' }),
      s('2026-11-24 15:00', handler(HOUSING), { action: 'addAssistNote', text: '住建局已派员查看排水管网' }),
      s('2026-11-25 16:00', handler(CHENGGUAN), {
        action: 'reply',
        text: '镇村两级已组织人员清理村口排水沟淤泥约3立方米，排水已恢复通畅。',
        attachmentIds: ['before.jpg', 'after.jpg'],
      }),
      s('2026-11-26 10:00', citizen, {
        action: 'rate',
        resolved: false,
        satisfaction: 'unsatisfied',
        comment: '下雨还是漫水',
        via: 'link',
      }),
      s('2026-11-30 11:00', handler(CHENGGUAN), {
        action: 'reply',
        text: '经再次核查，排水沟出口涵管破损，已于11月29日更换涵管并加深沟渠，雨后现场无积水。',
        attachmentIds: ['pipe.jpg'],
      }),
      s('2026-12-01 09:00', citizen, {
        action: 'rate',
        resolved: true,
        satisfaction: 'satisfied',
        comment: null,
        via: 'call',
      }),
      s('2026-12-01 09:30', dispatcher, { action: 'close' }),
    ],
    { workingTime, limits: (snap: RequestSnapshot) => resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, snap) },
  );
  if (!result.ok) throw new Error(`step ${result.failedStep}: ${JSON.stringify(result.error)}`);
  return result;
}

describe('the current state is derived from the event log', () => {
  it('a returned, re-dispatched, reopened and finally satisfied request folds into its whole history', () => {
    const { snapshot, events } = story();
    expect(events.map((e) => e.type)).toEqual([
      'received',
      'classified',
      'dispatched',
      'returned',
      'return_ruled',
      'dispatched',
      'accepted',
      'assist_note',
      'reply_submitted',
      'rated',
      'reopened',
      'reply_submitted',
      'rated',
      'closed',
    ]);
    expect(snapshot).toMatchObject({
      state: 'closed',
      number: '2026112300017',
      type: 'complaint',
      categoryCode: 'A.03.04',
      firstInquiry: operator,
      leadUnitId: CHENGGUAN,
      assistUnitIds: [HOUSING],
      dispatchCount: 2,
      returnCountByUnit: { [HEXI]: 1 },
      pendingReturn: null,
      keptUnitIds: [],
      firstAcceptedAt: sh('2026-11-23 10:40'),
      acceptedAt: sh('2026-11-26 10:00'),
      reopenCount: 1,
      reopensByUnit: { [CHENGGUAN]: 1 },
      repliedUnitIds: [CHENGGUAN],
      closedAt: sh('2026-12-01 09:30'),
      rating: { resolved: true, satisfaction: 'satisfied', via: 'call' },
      flags: { bounced: false, reopened: true, answeredDirectly: false, pressed: false, whistle: false },
    });
    expect(snapshot.dispatches.map((d) => [d.leadUnitId, d.response])).toEqual([
      [HEXI, 'returned'],
      [CHENGGUAN, 'accepted'],
    ]);
    expect(snapshot.rounds.map((r) => [r.number, r.via, r.startedAt, r.repliedAt])).toEqual([
      [1, 'accepted', sh('2026-11-23 10:40'), sh('2026-11-25 16:00')],
      [2, 'reopened', sh('2026-11-26 10:00'), sh('2026-11-30 11:00')],
    ]);
    expect(snapshot.reply?.attachmentIds).toEqual(['pipe.jpg']);
    expect(snapshot.assistNotes).toEqual([
      { unitId: HOUSING, text: '住建局已派员查看排水管网', at: sh('2026-11-24 15:00') },
    ]);
  });

  it('a log must start with the request being received', () => {
    const { events } = story();
    expect(() => foldRequestEvents([])).toThrow(/received/);
    expect(() => foldRequestEvents(events.slice(1))).toThrow(/received/);
    expect(() => foldRequestEvents([events[0]!, events[0]!])).toThrow(/only once/);
  });

  it('applying new events to a snapshot gives the same state as folding the whole log, without changing the old snapshot', () => {
    const { events } = story();
    for (let cut = 1; cut < events.length; cut += 1) {
      const before = foldRequestEvents(events.slice(0, cut));
      const frozen = structuredClone(before);
      expect(applyRequestEvents(before, events.slice(cut))).toEqual(foldRequestEvents(events));
      expect(before).toEqual(frozen);
    }
  });

  it('every event survives a JSON round trip through the contract schema (instants travel as ISO strings)', () => {
    const { events } = story();
    const parsed: RequestEvent[] = JSON.parse(JSON.stringify(events)).map((e: unknown) => requestEventSchema.parse(e));
    expect(parsed).toEqual(events);
    expect(parsed[0]?.at).toBeInstanceOf(Date);
  });

  it('the contract lists every event type once', () => {
    expect(new Set(REQUEST_EVENT_TYPES).size).toBe(REQUEST_EVENT_TYPES.length);
    expect(REQUEST_EVENT_TYPES).toContain('return_ruled');
    expect(
      requestEventSchema.safeParse({
        type: 'return_ruled',
        at: '2026-11-23T02:20:00.000Z',
        actor: SYSTEM_ACTOR,
        payload: { decision: 'keep', unitId: 11, finalRuling: false, note: null },
      }).success,
    ).toBe(false);
  });
});
