/*
 * Who hears of what happens to a request (in-app notices, and text messages for the sharpest ones). One table maps
 * each event type to its audience; the service resolves an audience to accounts and writes the notices in the
 * transaction of the event:
 * - the lead unit's handlers on dispatch and re-dispatch, pressing (督办), each rung of the escalation ladder, a
 *   reply sent back and a reopening (重办);
 * - the assisting units' handlers on dispatch (协办);
 * - the county's dispatchers on a return (退单), an extension request (延期) and an appeal (申诉), and on a reopened
 *   direct answer, which has no unit to go back to;
 * - the summoned departments' handlers when a township blows the whistle (吹哨).
 * The lead unit also gets a text message at its contact phone for an urging notice, a notified criticism and
 * pressing, where the unit has a phone on record.
 */
import type { NotificationKind } from '../../../../contracts/notifications.js';
import { ESCALATION_LEVEL_LABELS, type RequestEvent, type RequestEventType } from '../../../../contracts/requests.js';

/** Who is to be told: the handlers of some units, or the dispatchers of the request's county. */
export type NoticeAudience = { kind: 'unitHandlers'; unitIds: number[] } | { kind: 'countyDispatchers' };

export interface RequestNotice {
  kind: NotificationKind;
  audience: NoticeAudience;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  /** Also text the lead unit's contact phone. */
  smsToUnit: boolean;
}

/** What the mapping needs to know of the request besides the event. */
export interface NoticeFacts {
  number: string;
  title: string | null;
  /** The lead unit after the event. */
  leadUnitId: number | null;
}

type Rule<T extends RequestEventType> = (
  event: Extract<RequestEvent, { type: T }>,
  facts: NoticeFacts,
) => Omit<RequestNotice, 'title'>[];

const handlers = (...unitIds: (number | null | undefined)[]): NoticeAudience => ({
  kind: 'unitHandlers',
  unitIds: [...new Set(unitIds.filter((u): u is number => typeof u === 'number'))],
});
const dispatchers: NoticeAudience = { kind: 'countyDispatchers' };
const notice = (
  kind: NotificationKind,
  audience: NoticeAudience,
  zh: string,
  en: string,
  smsToUnit = false,
): Omit<RequestNotice, 'title'> => ({ kind, audience, body: { zh, en }, smsToUnit });

/** The table: each event type that tells someone, and whom. Event types not listed tell no one. */
const RULES: { [T in RequestEventType]?: Rule<T> } = {
  dispatched: (e) => [
    notice('request.dispatched', handlers(e.payload.leadUnitId), '新派单，请及时签收', 'A new request to accept'),
    ...(e.payload.assistUnitIds.length > 0
      ? [notice('request.assist', handlers(...e.payload.assistUnitIds), '请协助办理', 'Please assist with a request')]
      : []),
  ],
  pressed: (e, f) => [
    notice(
      'request.pressed',
      handlers(f.leadUnitId),
      `领导督办：${e.payload.note}`,
      `Pressed: ${e.payload.note}`,
      true,
    ),
  ],
  escalated: (e, f) => {
    const label = ESCALATION_LEVEL_LABELS[e.payload.level];
    return [
      notice(
        'request.escalated',
        handlers(f.leadUnitId),
        `${label.zh}：请抓紧办理`,
        `${label.en}: please deal with it`,
        e.payload.level !== 'warning',
      ),
    ];
  },
  reply_rejected: (_e, f) => [
    notice('request.reply_rejected', handlers(f.leadUnitId), '答复被退回，请重新办理', 'Your reply was sent back'),
  ],
  reopened: (e) => [
    e.payload.unitId === null
      ? notice('request.reopened', dispatchers, '市民不满意，直接答复的诉求需派单', 'Unsatisfied: dispatch it now')
      : notice('request.reopened', handlers(e.payload.unitId), '市民不满意，诉求已重办', 'Unsatisfied: reopened'),
  ],
  returned: () => [notice('request.returned', dispatchers, '单位退单，请审核', 'A unit returned a request')],
  extension_requested: (e) => [
    notice(
      'request.extension_requested',
      dispatchers,
      `申请延期${e.payload.days}个工作日`,
      `Extension of ${e.payload.days} working day(s) requested`,
    ),
  ],
  appeal_filed: () => [notice('request.appeal_filed', dispatchers, '单位提出申诉，请审核', 'A unit filed an appeal')],
  whistle_blown: (e) => [
    notice(
      'request.whistle_blown',
      handlers(...e.payload.departmentUnitIds),
      `街乡吹哨，请在${e.payload.reportLimitHours}小时内报到`,
      `Whistle blown: report in within ${e.payload.reportLimitHours} hours`,
    ),
  ],
};

/** The notices a batch of new events of one request gives rise to (none for events that tell no one). */
export function noticesForEvents(events: readonly RequestEvent[], facts: NoticeFacts): RequestNotice[] {
  const title = {
    zh: `诉求 ${facts.number}${facts.title ? `「${facts.title}」` : ''}`,
    en: `Request ${facts.number}${facts.title ? ` “${facts.title}”` : ''}`,
  };
  return events.flatMap((event) => {
    const rule = RULES[event.type] as Rule<typeof event.type> | undefined;
    if (!rule) return [];
    return rule(event as never, facts)
      .filter((n) => n.audience.kind === 'countyDispatchers' || n.audience.unitIds.length > 0)
      .map((n) => ({ ...n, title }));
  });
}
