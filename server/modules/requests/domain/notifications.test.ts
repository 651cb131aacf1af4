import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../../../contracts/requests.js';
import { type NoticeAudience, noticesForEvents } from './notifications.js';

const at = new Date('2026-11-20T02:00:00Z');
const actor = { userId: 1, unitId: 10, name: 'x' };
const ev = (type: RequestEvent['type'], payload: object) => ({ type, at, actor, payload }) as RequestEvent;
const facts = { number: '2026112000001', title: '路灯不亮', leadUnitId: 10 };
const units = (...unitIds: number[]): NoticeAudience => ({ kind: 'unitHandlers', unitIds });
const dispatchers: NoticeAudience = { kind: 'countyDispatchers' };

describe('who is told of what happens to a request', () => {
  const cases: {
    rule: string;
    event: RequestEvent;
    expected: { kind: string; audience: NoticeAudience; sms: boolean }[];
  }[] = [
    {
      rule: 'a dispatch tells the lead unit and, separately, the assisting units',
      event: ev('dispatched', { leadUnitId: 10, assistUnitIds: [11, 12], reason: 'r', proposal: null }),
      expected: [
        { kind: 'request.dispatched', audience: units(10), sms: false },
        { kind: 'request.assist', audience: units(11, 12), sms: false },
      ],
    },
    {
      rule: 'a dispatch without assisting units tells only the lead unit',
      event: ev('dispatched', { leadUnitId: 10, assistUnitIds: [], reason: 'r', proposal: null }),
      expected: [{ kind: 'request.dispatched', audience: units(10), sms: false }],
    },
    {
      rule: 'pressing tells the lead unit, also by text message',
      event: ev('pressed', { note: '请三天内办结' }),
      expected: [{ kind: 'request.pressed', audience: units(10), sms: true }],
    },
    {
      rule: 'a warning tells the lead unit in the app only',
      event: ev('escalated', { level: 'warning' }),
      expected: [{ kind: 'request.escalated', audience: units(10), sms: false }],
    },
    {
      rule: 'an urging notice also goes out by text message',
      event: ev('escalated', { level: 'urge' }),
      expected: [{ kind: 'request.escalated', audience: units(10), sms: true }],
    },
    {
      rule: 'a notified criticism also goes out by text message',
      event: ev('escalated', { level: 'criticism' }),
      expected: [{ kind: 'request.escalated', audience: units(10), sms: true }],
    },
    {
      rule: 'a reply sent back tells the lead unit',
      event: ev('reply_rejected', { reason: 'off_topic', note: null }),
      expected: [{ kind: 'request.reply_rejected', audience: units(10), sms: false }],
    },
    {
      rule: 'a reopening tells the unit it goes back to',
      event: ev('reopened', { unitId: 10 }),
      expected: [{ kind: 'request.reopened', audience: units(10), sms: false }],
    },
    {
      rule: 'a reopened direct answer has no unit: the dispatchers are told',
      event: ev('reopened', { unitId: null }),
      expected: [{ kind: 'request.reopened', audience: dispatchers, sms: false }],
    },
    {
      rule: 'a return tells the dispatchers',
      event: ev('returned', { unitId: 10, reason: 'wrong_place', explanation: '不属于本辖区管理范围' }),
      expected: [{ kind: 'request.returned', audience: dispatchers, sms: false }],
    },
    {
      rule: 'an extension request tells the dispatchers',
      event: ev('extension_requested', { unitId: 10, days: 3, reason: '需要协调' }),
      expected: [{ kind: 'request.extension_requested', audience: dispatchers, sms: false }],
    },
    {
      rule: 'an appeal tells the dispatchers',
      event: ev('appeal_filed', { unitId: 10, reason: '诉求不合法', evidence: [] }),
      expected: [{ kind: 'request.appeal_filed', audience: dispatchers, sms: false }],
    },
    {
      rule: 'a whistle tells the summoned departments',
      event: ev('whistle_blown', { unitId: 10, departmentUnitIds: [20, 21], reportLimitHours: 24 }),
      expected: [{ kind: 'request.whistle_blown', audience: units(20, 21), sms: false }],
    },
    { rule: 'accepting tells no one', event: ev('accepted', { unitId: 10 }), expected: [] },
    {
      rule: 'a reply tells no staff (the citizen gets the rating link instead)',
      event: ev('reply_submitted', { unitId: 10, text: '已修复', attachmentIds: [] }),
      expected: [],
    },
  ];

  it.each(cases)('$rule', ({ event, expected }) => {
    const notices = noticesForEvents([event], facts);
    expect(notices.map((n) => ({ kind: n.kind, audience: n.audience, sms: n.smsToUnit }))).toEqual(expected);
  });

  it('names the request by number and title, in both languages', () => {
    const [n] = noticesForEvents([ev('escalated', { level: 'urge' })], facts);
    expect(n?.title).toEqual({ zh: '诉求 2026112000001「路灯不亮」', en: 'Request 2026112000001 “路灯不亮”' });
    expect(n?.body.zh).toContain('催办');
  });

  it('tells no unit when the request has no lead unit (pressing before dispatch)', () => {
    expect(noticesForEvents([ev('pressed', { note: '尽快派单' })], { ...facts, leadUnitId: null })).toEqual([]);
  });
});
