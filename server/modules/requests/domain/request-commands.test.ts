import { describe, expect, it } from 'vitest';
import {
  type EventActor,
  REQUEST_ACTIONS,
  REQUEST_STATES,
  type RequestAction,
  type RequestEvent,
  type RequestEventPayload,
  type RequestState,
  requestEventSchema,
  SYSTEM_ACTOR,
} from '../../../../contracts/requests.js';
import { officialCalendarDays } from '../../../platform/calendar/calendar-seed.js';
import * as calendarArithmetic from '../../../platform/calendar/domain/working-days.js';
import {
  ACTION_STATES,
  availableActions,
  type DecisionContext,
  decideCommand,
  type RequestCommand,
  type RequestPolicy,
} from './request-commands.js';
import { continueRequestScript, runRequestScript, type ScriptStep } from './request-script.js';
import { foldRequestEvents, isExcludedFromRates, type RequestSnapshot } from './request-state.js';
import { DEFAULT_TIME_LIMIT_RULES, resolveTimeLimit } from './time-limits.js';
import { bindWorkingTime } from './working-time.js';

/** The official calendar (2026: National Day 1–7 Oct with Sun 20 Sep and Sat 10 Oct worked; Spring Festival 15–23 Feb). */
const workingTime = bindWorkingTime(
  calendarArithmetic.createWorkingCalendar(
    new Map([2025, 2026, 2027].flatMap((y) => officialCalendarDays(y).map((d) => [d.day, d.isWorking] as const))),
  ),
  calendarArithmetic,
);

/** A Shanghai wall-clock instant: sh('2026-09-14 09:00'). */
const sh = (wallClock: string) => new Date(`${wallClock.replace(' ', 'T')}:00+08:00`);

const operator: EventActor = { userId: 1, unitId: 100, name: '话务员李娜' };
const dispatcher: EventActor = { userId: 2, unitId: 100, name: '派单员王强' };
const leader: EventActor = { userId: 9, unitId: 1, name: '县长赵明' };
const citizen: EventActor = { userId: null, unitId: null, name: '群众' };
const unit = (unitId: number): EventActor => ({ userId: 1000 + unitId, unitId, name: `承办人${unitId}` });
/** 11: the township (城关镇) leading; 12: the assisting department; 13: another department. */
const [TOWNSHIP, ASSIST, OTHER] = [11, 12, 13];

const REQUEST_TEXT = '东关村村口的路灯已经坏了一个多星期，晚上出行很不方便，请尽快派人维修。';
const GOOD_REPLY = '经核实，该路段路灯因线路老化损坏，我镇已于9月14日更换线路，现已恢复照明。';

const received = (type: RequestEventPayload<'received'>['type'] = 'consultation') => ({
  at: sh('2026-09-14 09:00'),
  actor: operator,
  payload: {
    number: '2026091400001',
    channel: 'hotline',
    type,
    text: REQUEST_TEXT,
    title: null,
    anonymous: false,
    divisionCode: null,
    address: null,
    sourceRef: null,
  } satisfies RequestEventPayload<'received'>,
});

const limitsOf = (s: RequestSnapshot) => resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, s);
const options = (policy?: Partial<RequestPolicy>) => ({ workingTime, limits: limitsOf, policy });

const step = (at: string, actor: EventActor, command: RequestCommand, township = false): ScriptStep => ({
  at: sh(at),
  actor,
  command,
  actorIsTownshipOfPlace: township,
});

const classify = (type: RequestEventPayload<'classified'>['type'] = 'consultation'): RequestCommand => ({
  action: 'classify',
  categoryCode: 'A.03.02',
  type,
  urgency: 'normal',
  divisionCode: '999901001201',
  address: '东关村村口',
});
const dispatchTo = (leadUnitId: number, assistUnitIds: number[] = []): RequestCommand => ({
  action: 'dispatch',
  leadUnitId,
  assistUnitIds,
  reason: '职责清单：路灯照明',
});
const reply: RequestCommand = { action: 'reply', text: GOOD_REPLY, attachmentIds: ['photo-1'] };
const returnWrongPlace: RequestCommand = {
  action: 'return',
  reason: 'wrong_place',
  explanation: '该路段位于河西乡境内，不属于本镇管辖范围',
};

/** Builds a request's log through the real decisions; fails the test when a step is refused. */
function logOf(steps: ScriptStep[], type?: RequestEventPayload<'received'>['type']): RequestEvent[] {
  const result = runRequestScript(received(type), steps, options());
  if (!result.ok) throw new Error(`step ${result.failedStep} refused: ${JSON.stringify(result.error)}`);
  return result.events;
}

// ---------------------------------------------------------------------------------------------
// One request in every state; the in-progress one has been replied to and reopened once, so that the actions
// that need an earlier reply (appeals) can be shown there too.

const toClassified = [step('2026-09-14 09:05', dispatcher, classify())];
const toDispatched = [...toClassified, step('2026-09-14 09:10', dispatcher, dispatchTo(TOWNSHIP, [ASSIST]))];
const toInProgress = [
  ...toDispatched,
  step('2026-09-14 09:30', unit(TOWNSHIP), { action: 'accept' }),
  step('2026-09-14 10:00', unit(TOWNSHIP), reply),
  step('2026-09-14 10:30', citizen, {
    action: 'rate',
    resolved: false,
    satisfaction: 'unsatisfied',
    comment: null,
    via: 'link',
  }),
];
const toReplied = [...toInProgress, step('2026-09-14 11:00', unit(TOWNSHIP), reply)];
const toRated = [
  ...toReplied,
  step('2026-09-14 11:30', citizen, {
    action: 'rate',
    resolved: true,
    satisfaction: 'satisfied',
    comment: '很及时',
    via: 'link',
  }),
];

const FIXTURES: Record<RequestState, ScriptStep[]> = {
  received: [],
  classified: toClassified,
  dispatched: toDispatched,
  returned: [...toDispatched, step('2026-09-14 10:00', unit(TOWNSHIP), returnWrongPlace)],
  in_progress: toInProgress,
  replied: toReplied,
  rated: toRated,
  closed: [...toRated, step('2026-09-14 11:45', dispatcher, { action: 'close' })],
  merged: [...toClassified, step('2026-09-14 09:10', dispatcher, { action: 'mergeInto', originalId: 42 })],
};

const ATTEMPT_AT = sh('2026-09-14 14:00');
const event = (type: RequestEvent['type'], actor: EventActor, payload: object): RequestEvent =>
  ({ type, at: sh('2026-09-14 13:00'), actor, payload }) as RequestEvent;

/** A valid attempt of each action, with the events it presupposes (they do not change the state). */
const ATTEMPTS: Record<RequestAction, { actor: EventActor; command: RequestCommand; given?: RequestEvent[] }> = {
  classify: { actor: dispatcher, command: classify() },
  answerDirectly: {
    actor: operator,
    command: { action: 'answerDirectly', reply: '村口路灯由城关镇负责维修，已通知镇综合执法队今日更换路灯线路。' },
  },
  dispatch: { actor: dispatcher, command: dispatchTo(OTHER) },
  accept: { actor: unit(TOWNSHIP), command: { action: 'accept' } },
  return: { actor: unit(TOWNSHIP), command: returnWrongPlace },
  ruleOnReturn: { actor: dispatcher, command: { action: 'ruleOnReturn', decision: 'keep', note: '属本镇辖区' } },
  requestExtension: {
    actor: unit(TOWNSHIP),
    command: { action: 'requestExtension', days: 3, reason: '需等待供电公司配合更换变压器' },
  },
  decideExtension: {
    actor: dispatcher,
    command: { action: 'decideExtension', approved: true },
    given: [event('extension_requested', unit(TOWNSHIP), { unitId: TOWNSHIP, days: 3, reason: '需等待供电公司配合' })],
  },
  press: { actor: leader, command: { action: 'press', note: '请城关镇今日内答复' } },
  escalate: { actor: SYSTEM_ACTOR, command: { action: 'escalate', level: 'warning' } },
  reply: { actor: unit(TOWNSHIP), command: reply },
  rejectReply: { actor: dispatcher, command: { action: 'rejectReply', reason: 'off_topic', note: null } },
  addAssistNote: { actor: unit(ASSIST), command: { action: 'addAssistNote', text: '住建局已提供线路图纸' } },
  rate: {
    actor: citizen,
    command: { action: 'rate', resolved: true, satisfaction: 'satisfied', comment: null, via: 'call' },
  },
  close: { actor: dispatcher, command: { action: 'close' } },
  fileAppeal: {
    actor: unit(TOWNSHIP),
    command: { action: 'fileAppeal', reason: '诉求人要求拆除合法建筑，于法无据', evidence: ['doc-7'] },
  },
  decideAppeal: {
    actor: dispatcher,
    command: { action: 'decideAppeal', unitId: TOWNSHIP, approved: true },
    given: [event('appeal_filed', unit(TOWNSHIP), { unitId: TOWNSHIP, reason: '于法无据', evidence: ['doc-7'] })],
  },
  blowWhistle: {
    actor: unit(TOWNSHIP),
    command: { action: 'blowWhistle', departmentUnitIds: [ASSIST, OTHER], reportLimitHours: 24 },
  },
  reportToWhistle: {
    actor: unit(ASSIST),
    command: { action: 'reportToWhistle' },
    given: [
      event('whistle_blown', unit(TOWNSHIP), { unitId: TOWNSHIP, departmentUnitIds: [ASSIST], reportLimitHours: 24 }),
    ],
  },
  rateWhistle: {
    actor: unit(TOWNSHIP),
    command: { action: 'rateWhistle', unitId: ASSIST, score: 4 },
    given: [
      event('whistle_blown', unit(TOWNSHIP), { unitId: TOWNSHIP, departmentUnitIds: [ASSIST], reportLimitHours: 24 }),
      event('whistle_reported', unit(ASSIST), { unitId: ASSIST }),
    ],
  },
  mergeInto: { actor: dispatcher, command: { action: 'mergeInto', originalId: 42 } },
};

/**
 * The expected outcome of each action in each state: the state it leads to, or the error that refuses it. An action
 * missing from a state's row is refused with InvalidTransition.
 */
const EXPECTED: Record<RequestState, Partial<Record<RequestAction, RequestState | 'NoReply'>>> = {
  received: { classify: 'classified', press: 'received', close: 'NoReply', mergeInto: 'merged' },
  classified: {
    classify: 'classified',
    answerDirectly: 'replied',
    dispatch: 'dispatched',
    press: 'classified',
    close: 'NoReply',
    mergeInto: 'merged',
  },
  dispatched: {
    dispatch: 'dispatched',
    accept: 'in_progress',
    return: 'returned',
    press: 'dispatched',
    addAssistNote: 'dispatched',
    close: 'NoReply',
  },
  returned: { ruleOnReturn: 'in_progress', press: 'returned', close: 'NoReply' },
  in_progress: {
    dispatch: 'dispatched',
    requestExtension: 'in_progress',
    decideExtension: 'in_progress',
    press: 'in_progress',
    escalate: 'in_progress',
    reply: 'replied',
    addAssistNote: 'in_progress',
    close: 'NoReply',
    fileAppeal: 'in_progress',
    decideAppeal: 'in_progress',
    blowWhistle: 'in_progress',
    reportToWhistle: 'in_progress',
    rateWhistle: 'in_progress',
  },
  replied: {
    press: 'replied',
    rejectReply: 'in_progress',
    rate: 'rated',
    close: 'closed',
    fileAppeal: 'replied',
    decideAppeal: 'replied',
    rateWhistle: 'replied',
  },
  rated: { press: 'rated', close: 'closed', fileAppeal: 'rated', decideAppeal: 'rated', rateWhistle: 'rated' },
  closed: { fileAppeal: 'closed', decideAppeal: 'closed', rateWhistle: 'closed' },
  merged: {},
};

const context = (actor: EventActor, now = ATTEMPT_AT, extra: Partial<DecisionContext> = {}): DecisionContext => ({
  now,
  actor,
  workingTime,
  limits: resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, {
    categoryCode: 'A.03.02',
    type: 'consultation',
    urgency: 'normal',
  }),
  actorIsTownshipOfPlace: true,
  ...extra,
});

describe('the state machine: every action in every state', () => {
  const cases = REQUEST_STATES.flatMap((state) =>
    REQUEST_ACTIONS.map((action) => {
      const expected = EXPECTED[state][action] ?? 'InvalidTransition';
      return [state, action, expected] as const;
    }),
  );

  it.each(cases)('in state %s, %s → %s', (state, action, expected) => {
    const attempt = ATTEMPTS[action];
    const log = [...logOf(FIXTURES[state]), ...(attempt.given ?? [])];
    const snapshot = foldRequestEvents(log);
    expect(snapshot.state).toBe(state);

    const decision = decideCommand(snapshot, attempt.command, context(attempt.actor));
    if (expected === 'InvalidTransition') {
      expect(decision).toEqual({ ok: false, error: { type: 'InvalidTransition', from: state, action } });
    } else if (expected === 'NoReply') {
      expect(decision).toEqual({ ok: false, error: { type: 'NoReply' } });
    } else {
      if (!decision.ok) throw new Error(JSON.stringify(decision.error));
      expect(foldRequestEvents([...log, ...decision.events]).state).toBe(expected);
      // Every event an action emits is exactly what the contract describes (parsing drops unknown keys).
      for (const e of decision.events) expect(requestEventSchema.parse(e)).toEqual(e);
    }
  });

  it('the gate table and the expected outcomes agree (close before a reply is refused as NoReply)', () => {
    for (const state of REQUEST_STATES) {
      const allowed = Object.entries(EXPECTED[state])
        .filter(([, outcome]) => outcome !== 'NoReply')
        .map(([action]) => action)
        .sort();
      expect(availableActions(state).sort(), state).toEqual(allowed);
    }
    expect(Object.keys(ACTION_STATES).sort()).toEqual([...REQUEST_ACTIONS].sort());
  });
});

describe('accepting and returning (签收与退单)', () => {
  it('only the lead unit may accept, return or reply', () => {
    const s = foldRequestEvents(logOf(toDispatched));
    for (const command of [{ action: 'accept' } as const, returnWrongPlace]) {
      expect(decideCommand(s, command, context(unit(OTHER)))).toEqual({
        ok: false,
        error: { type: 'NotAssignedUnit', unitId: OTHER },
      });
      expect(decideCommand(s, command, context(dispatcher)).ok).toBe(false);
    }
    const accepted = foldRequestEvents(
      logOf([...toDispatched, step('2026-09-14 09:30', unit(TOWNSHIP), { action: 'accept' })]),
    );
    expect(decideCommand(accepted, reply, context(unit(ASSIST)))).toMatchObject({
      ok: false,
      error: { type: 'NotAssignedUnit' },
    });
  });

  it('a return needs an explanation of at least the configured length', () => {
    const s = foldRequestEvents(logOf(toDispatched));
    const short: RequestCommand = { action: 'return', reason: 'not_government', explanation: '不归我们管' };
    expect(decideCommand(s, short, context(unit(TOWNSHIP)))).toEqual({
      ok: false,
      error: { type: 'TextTooShort', field: 'explanation', minLength: 10 },
    });
    expect(
      decideCommand(s, short, context(unit(TOWNSHIP), ATTEMPT_AT, { policy: { minExplanationLength: 4 } })).ok,
    ).toBe(true);
  });

  it.each([
    ['2026-10-12 09:00', true],
    ['2026-10-12 09:30', true],
    ['2026-10-12 10:00', false],
  ])(
    'a request dispatched on 30 Sep at 15:00 can be returned within 24 working hours, across National Day: at %s → %s',
    (at, allowed) => {
      const s = foldRequestEvents(
        logOf([
          step('2026-09-30 14:50', dispatcher, classify()),
          step('2026-09-30 15:00', dispatcher, dispatchTo(TOWNSHIP)),
        ]),
      );
      const decision = decideCommand(s, returnWrongPlace, context(unit(TOWNSHIP), sh(at)));
      if (allowed) expect(decision.ok).toBe(true);
      // 30 Sep 2.5 h + 8, 9 and 10 Oct (Saturday, worked) 7 h each = 23.5 h; the last half hour on Monday 12 Oct.
      else
        expect(decision).toEqual({
          ok: false,
          error: { type: 'ReturnWindowClosed', closedAt: sh('2026-10-12 09:30') },
        });
    },
  );

  it('a request returned once by a unit cannot be returned by it again (default limit 1)', () => {
    const result = runRequestScript(
      received(),
      [
        ...toDispatched,
        step('2026-09-14 10:00', unit(TOWNSHIP), returnWrongPlace),
        step('2026-09-14 10:30', dispatcher, {
          action: 'ruleOnReturn',
          decision: 'redispatch',
          dispatch: { leadUnitId: OTHER, assistUnitIds: [], reason: '改派' },
        }),
        step('2026-09-14 11:00', unit(OTHER), {
          ...returnWrongPlace,
          reason: 'overlapping_functions',
        } as RequestCommand),
        step('2026-09-14 11:30', dispatcher, {
          action: 'ruleOnReturn',
          decision: 'redispatch',
          dispatch: { leadUnitId: TOWNSHIP, assistUnitIds: [], reason: '属地' },
        }),
        step('2026-09-14 12:00', unit(TOWNSHIP), returnWrongPlace),
      ],
      options(),
    );
    expect(result).toMatchObject({
      ok: false,
      failedStep: 6,
      error: { type: 'ReturnLimitReached', unitId: TOWNSHIP, limit: 1 },
    });
    expect(result.snapshot.returnCountByUnit).toEqual({ [TOWNSHIP]: 1, [OTHER]: 1 });
  });

  it('with a limit of two, a request returned twice by the same unit cannot be returned again', () => {
    const bounceBack = (at: string, by: number, to: number): ScriptStep[] => [
      step(at, unit(by), returnWrongPlace),
      step(at, dispatcher, {
        action: 'ruleOnReturn',
        decision: 'redispatch',
        dispatch: { leadUnitId: to, assistUnitIds: [], reason: '改派' },
      }),
    ];
    const result = runRequestScript(
      received(),
      [
        ...toDispatched,
        ...bounceBack('2026-09-14 10:00', TOWNSHIP, OTHER),
        ...bounceBack('2026-09-14 10:10', OTHER, TOWNSHIP),
        ...bounceBack('2026-09-14 10:20', TOWNSHIP, OTHER),
        ...bounceBack('2026-09-14 10:30', OTHER, TOWNSHIP),
        step('2026-09-14 10:40', unit(TOWNSHIP), returnWrongPlace),
      ],
      options({ maxReturnsPerUnit: 2 }),
    );
    expect(result).toMatchObject({ ok: false, error: { type: 'ReturnLimitReached', unitId: TOWNSHIP, limit: 2 } });
    expect(result.snapshot.flags.bounced).toBe(true);
  });

  it("after a 'keep' ruling (终审) the unit keeps the request, its clock starts, and it can never return it again", () => {
    const kept = runRequestScript(
      received(),
      [
        ...toDispatched,
        step('2026-09-14 10:00', unit(TOWNSHIP), returnWrongPlace),
        step('2026-09-14 10:30', dispatcher, { action: 'ruleOnReturn', decision: 'keep', note: '经核实属城关镇辖区' }),
      ],
      options({ maxReturnsPerUnit: 3 }),
    );
    if (!kept.ok) throw new Error('keep refused');
    expect(kept.snapshot).toMatchObject({ state: 'in_progress', leadUnitId: TOWNSHIP, keptUnitIds: [TOWNSHIP] });
    expect(kept.snapshot.acceptedAt).toEqual(sh('2026-09-14 10:30'));
    expect(kept.snapshot.round?.via).toBe('kept');
    expect(kept.events.at(-1)?.payload).toEqual({
      decision: 'keep',
      unitId: TOWNSHIP,
      finalRuling: true,
      note: '经核实属城关镇辖区',
    });

    // Reassigned away and back: the final ruling still binds, even though the return limit (3) is not reached.
    const again = continueRequestScript(
      kept.events,
      [
        step('2026-09-14 11:00', dispatcher, dispatchTo(OTHER)),
        step('2026-09-14 11:10', dispatcher, dispatchTo(TOWNSHIP)),
        step('2026-09-14 11:20', unit(TOWNSHIP), returnWrongPlace),
      ],
      options({ maxReturnsPerUnit: 3 }),
    );
    expect(again).toMatchObject({ ok: false, failedStep: 2, error: { type: 'ReturnFinallyRuled', unitId: TOWNSHIP } });
  });

  it("a 'redispatch' ruling records the ruling and the new dispatch together, and never to the returning unit", () => {
    const s = foldRequestEvents(logOf(FIXTURES.returned));
    const to = (leadUnitId: number): RequestCommand => ({
      action: 'ruleOnReturn',
      decision: 'redispatch',
      dispatch: { leadUnitId, assistUnitIds: [], reason: '属地不符，改派河西乡' },
    });
    expect(decideCommand(s, to(TOWNSHIP), context(dispatcher))).toEqual({
      ok: false,
      error: { type: 'RedispatchToReturningUnit', unitId: TOWNSHIP },
    });
    const decision = decideCommand(s, to(OTHER), context(dispatcher));
    if (!decision.ok) throw new Error(decision.error.type);
    expect(decision.events.map((e) => e.type)).toEqual(['return_ruled', 'dispatched']);
    const after = foldRequestEvents([...logOf(FIXTURES.returned), ...decision.events]);
    expect(after).toMatchObject({ state: 'dispatched', leadUnitId: OTHER, dispatchCount: 2, acceptedAt: null });
  });

  it('a dispatch names distinct assisting units other than the lead unit', () => {
    const s = foldRequestEvents(logOf(toClassified));
    expect(decideCommand(s, dispatchTo(TOWNSHIP, [TOWNSHIP]), context(dispatcher))).toMatchObject({
      ok: false,
      error: { type: 'InvalidInput', field: 'assistUnitIds' },
    });
    expect(decideCommand(s, dispatchTo(TOWNSHIP, [ASSIST, ASSIST]), context(dispatcher))).toMatchObject({
      ok: false,
      error: { type: 'InvalidInput', field: 'assistUnitIds' },
    });
  });

  it('only assisting units add assist notes', () => {
    const s = foldRequestEvents(logOf(toDispatched));
    const note: RequestCommand = { action: 'addAssistNote', text: '已提供线路图纸' };
    expect(decideCommand(s, note, context(unit(OTHER)))).toEqual({
      ok: false,
      error: { type: 'NotAssignedUnit', unitId: OTHER },
    });
    expect(decideCommand(s, note, context(unit(ASSIST))).ok).toBe(true);
  });
});

describe('direct answers, replies and closing (事事有回音)', () => {
  it.each(['help', 'complaint', 'report', 'suggestion', 'praise'] as const)(
    'only consultations can be answered directly, not a %s',
    (type) => {
      const s = foldRequestEvents(logOf([step('2026-09-14 09:05', dispatcher, classify(type))]));
      expect(decideCommand(s, ATTEMPTS.answerDirectly.command, context(operator))).toEqual({
        ok: false,
        error: { type: 'DirectAnswerOnlyForConsultations', requestType: type },
      });
    },
  );

  it('a directly answered consultation can be closed: the direct answer is its reply', () => {
    const result = runRequestScript(
      received(),
      [
        ...toClassified,
        step('2026-09-14 09:10', operator, ATTEMPTS.answerDirectly.command),
        step('2026-09-21 09:00', SYSTEM_ACTOR, { action: 'close' }),
      ],
      options(),
    );
    expect(result).toMatchObject({ ok: true, snapshot: { state: 'closed', flags: { answeredDirectly: true } } });
  });

  it('the system closes an unrated reply as unrated, but not one the citizen has rated meanwhile', () => {
    const answered = [...toClassified, step('2026-09-14 09:10', operator, ATTEMPTS.answerDirectly.command)];
    const unrated = runRequestScript(
      received(),
      [...answered, step('2026-09-21 09:00', SYSTEM_ACTOR, { action: 'close', unrated: true })],
      options(),
    );
    expect(unrated).toMatchObject({ ok: true, snapshot: { state: 'closed', closedUnrated: true } });
    expect(unrated.events.at(-1)?.payload).toEqual({ unrated: true });
    const rated = runRequestScript(
      received(),
      [
        ...answered,
        step('2026-09-15 09:00', operator, {
          action: 'rate',
          resolved: true,
          satisfaction: 'satisfied',
          comment: null,
          via: 'call',
        }),
        step('2026-09-21 09:00', SYSTEM_ACTOR, { action: 'close', unrated: true }),
      ],
      options(),
    );
    expect(rated).toMatchObject({ ok: false, error: { type: 'InvalidTransition', from: 'rated', action: 'close' } });
  });

  it('a reply that is only boilerplate is refused before it reaches the citizen', () => {
    const s = foldRequestEvents(
      logOf([...toDispatched, step('2026-09-14 09:30', unit(TOWNSHIP), { action: 'accept' })]),
    );
    const decision = decideCommand(
      s,
      {
        action: 'reply',
        text: '您好，您反映的问题已收到，我们正在处理，请耐心等待。感谢您的来电！',
        attachmentIds: [],
      },
      context(unit(TOWNSHIP)),
    );
    expect(decision).toMatchObject({ ok: false, error: { type: 'ReplyRejected', reason: 'boilerplate' } });
  });

  it('a reply sent back by the dispatcher returns the request to handling; the deadline keeps running', () => {
    const log = logOf([
      ...toDispatched,
      step('2026-09-14 09:30', unit(TOWNSHIP), { action: 'accept' }),
      step('2026-09-14 10:00', unit(TOWNSHIP), reply),
      step('2026-09-14 10:30', dispatcher, { action: 'rejectReply', reason: 'off_topic', note: '未说明更换时间' }),
    ]);
    const s = foldRequestEvents(log);
    expect(s).toMatchObject({ state: 'in_progress', reply: null, acceptedAt: sh('2026-09-14 09:30') });
    expect(s.round).toMatchObject({ number: 1, repliedAt: null });
    expect(s.replies[0]?.rejected?.reason).toBe('off_topic');
    expect(decideCommand(s, { action: 'close' }, context(dispatcher))).toEqual({
      ok: false,
      error: { type: 'NoReply' },
    });
  });

  it('a direct answer cannot be sent back to a unit', () => {
    const s = foldRequestEvents(
      logOf([...toClassified, step('2026-09-14 09:10', operator, ATTEMPTS.answerDirectly.command)]),
    );
    expect(decideCommand(s, ATTEMPTS.rejectReply.command, context(dispatcher))).toMatchObject({
      ok: false,
      error: { type: 'InvalidTransition', from: 'replied', action: 'rejectReply' },
    });
  });
});

describe('ratings and reopening (回访与重办)', () => {
  it('an unsatisfied rating reopens the request to the same unit and counts against it', () => {
    const s = foldRequestEvents(logOf(toInProgress));
    expect(s).toMatchObject({
      state: 'in_progress',
      leadUnitId: TOWNSHIP,
      reopenCount: 1,
      reopensByUnit: { [TOWNSHIP]: 1 },
      acceptedAt: sh('2026-09-14 10:30'),
      flags: { reopened: true },
    });
    expect(s.round).toMatchObject({ number: 2, via: 'reopened', unitId: TOWNSHIP });
  });

  it.each([
    ['satisfied', 'rated'],
    ['basically_satisfied', 'rated'],
    ['unsatisfied', 'in_progress'],
  ] as const)('a %s rating leaves the request %s', (satisfaction, state) => {
    const s = foldRequestEvents(logOf(toReplied));
    const decision = decideCommand(
      s,
      { action: 'rate', resolved: true, satisfaction, comment: null, via: 'call' },
      context(citizen),
    );
    if (!decision.ok) throw new Error(decision.error.type);
    expect(foldRequestEvents([...logOf(toReplied), ...decision.events]).state).toBe(state);
  });

  it('once the reopen limit is reached, an unsatisfied rating no longer reopens', () => {
    const s = foldRequestEvents(logOf(toReplied));
    const unsatisfied: RequestCommand = {
      action: 'rate',
      resolved: false,
      satisfaction: 'unsatisfied',
      comment: '还是不亮',
      via: 'link',
    };
    const decision = decideCommand(s, unsatisfied, context(citizen, ATTEMPT_AT, { policy: { maxReopens: 1 } }));
    expect(decision.ok && decision.events.map((e) => e.type)).toEqual(['rated']);
  });

  it('an unsatisfied rating of a direct answer sends the request back to be dispatched', () => {
    const s = foldRequestEvents(
      logOf([
        ...toClassified,
        step('2026-09-14 09:10', operator, ATTEMPTS.answerDirectly.command),
        step('2026-09-15 10:00', citizen, {
          action: 'rate',
          resolved: false,
          satisfaction: 'unsatisfied',
          comment: null,
          via: 'call',
        }),
      ]),
    );
    expect(s).toMatchObject({ state: 'classified', reopenCount: 1, reopensByUnit: {} });
  });
});

describe('extensions (延期)', () => {
  const accepted = [...toDispatched, step('2026-09-14 09:30', unit(TOWNSHIP), { action: 'accept' })];
  const ask = (days = 3): RequestCommand => ({ action: 'requestExtension', days, reason: '需协调供电公司更换变压器' });

  it('an extension must be asked for before the deadline', () => {
    // A consultation accepted on Monday 14 Sep is due at the end of Wednesday 16 Sep.
    const s = foldRequestEvents(logOf(accepted));
    expect(decideCommand(s, ask(), context(unit(TOWNSHIP), sh('2026-09-16 23:00'))).ok).toBe(true);
    expect(decideCommand(s, ask(), context(unit(TOWNSHIP), sh('2026-09-17 08:00')))).toEqual({
      ok: false,
      error: { type: 'DeadlinePassed', dueAt: new Date('2026-09-16T23:59:59.999+08:00') },
    });
  });

  it('one extension at a time, within the maximum days, and one approved per round', () => {
    const s = foldRequestEvents(logOf(accepted));
    expect(decideCommand(s, ask(16), context(unit(TOWNSHIP)))).toMatchObject({
      ok: false,
      error: { type: 'InvalidInput', field: 'days' },
    });
    const pending = logOf([...accepted, step('2026-09-14 10:00', unit(TOWNSHIP), ask(5))]);
    expect(decideCommand(foldRequestEvents(pending), ask(), context(unit(TOWNSHIP)))).toEqual({
      ok: false,
      error: { type: 'ExtensionPending' },
    });
    const granted = continueRequestScript(
      pending,
      [step('2026-09-14 11:00', dispatcher, { action: 'decideExtension', approved: true, days: 2, note: '批准 2 天' })],
      options(),
    );
    if (!granted.ok) throw new Error(granted.error.type);
    expect(granted.snapshot.round).toMatchObject({ extensionDays: 2, extensionsGranted: 1 });
    expect(decideCommand(granted.snapshot, ask(), context(unit(TOWNSHIP)))).toEqual({
      ok: false,
      error: { type: 'ExtensionLimitReached', limit: 1 },
    });
  });

  it('the dispatcher cannot grant more days than asked, and a rejection grants none', () => {
    const s = foldRequestEvents(logOf([...accepted, step('2026-09-14 10:00', unit(TOWNSHIP), ask(3))]));
    expect(decideCommand(s, { action: 'decideExtension', approved: true, days: 4 }, context(dispatcher)).ok).toBe(
      false,
    );
    const rejected = decideCommand(s, { action: 'decideExtension', approved: false, days: 3 }, context(dispatcher));
    expect(rejected.ok && rejected.events[0]?.payload).toEqual({ approved: false, days: 0, note: null });
    expect(
      decideCommand(
        foldRequestEvents(logOf(accepted)),
        { action: 'decideExtension', approved: true },
        context(dispatcher),
      ),
    ).toEqual({
      ok: false,
      error: { type: 'NoPendingExtension' },
    });
  });
});

describe('escalation and pressing (催办与督办)', () => {
  it('a level of the ladder is issued at most once per handling round', () => {
    const log = logOf([
      ...toDispatched,
      step('2026-09-14 09:30', unit(TOWNSHIP), { action: 'accept' }),
      step('2026-09-16 16:00', SYSTEM_ACTOR, { action: 'escalate', level: 'warning' }),
    ]);
    expect(
      decideCommand(foldRequestEvents(log), { action: 'escalate', level: 'warning' }, context(SYSTEM_ACTOR)),
    ).toEqual({
      ok: false,
      error: { type: 'AlreadyEscalated', level: 'warning' },
    });
    // A reopened request is a new round with a fresh ladder.
    const reopened = continueRequestScript(
      log,
      [
        step('2026-09-16 17:00', unit(TOWNSHIP), reply),
        step('2026-09-17 10:00', citizen, {
          action: 'rate',
          resolved: false,
          satisfaction: 'unsatisfied',
          comment: null,
          via: 'link',
        }),
        step('2026-09-18 16:00', SYSTEM_ACTOR, { action: 'escalate', level: 'warning' }),
      ],
      options(),
    );
    expect(reopened.ok).toBe(true);
    expect(reopened.snapshot.escalations.map((e) => e.round)).toEqual([1, 2]);
  });

  it('a leader may press a request at any point until it is closed, with a note', () => {
    const s = foldRequestEvents(logOf(FIXTURES.returned));
    expect(decideCommand(s, { action: 'press', note: '  ' }, context(leader))).toMatchObject({
      ok: false,
      error: { type: 'InvalidInput' },
    });
    const pressed = decideCommand(s, { action: 'press', note: '请派单员今日内裁定' }, context(leader));
    if (!pressed.ok) throw new Error(pressed.error.type);
    expect(foldRequestEvents([...logOf(FIXTURES.returned), ...pressed.events]).flags.pressed).toBe(true);
  });
});

describe('appeals (申诉)', () => {
  const appeal = ATTEMPTS.fileAppeal.command;

  it('only the lead unit appeals, and only after it has replied', () => {
    const firstRound = foldRequestEvents(
      logOf([...toDispatched, step('2026-09-14 09:30', unit(TOWNSHIP), { action: 'accept' })]),
    );
    expect(decideCommand(firstRound, appeal, context(unit(TOWNSHIP)))).toEqual({
      ok: false,
      error: { type: 'NoReply' },
    });
    const replied = foldRequestEvents(logOf(toReplied));
    expect(decideCommand(replied, appeal, context(unit(ASSIST)))).toEqual({
      ok: false,
      error: { type: 'NotAssignedUnit', unitId: ASSIST },
    });
  });

  it('an appeal needs a reason and evidence, and a unit appeals a request once', () => {
    const s = foldRequestEvents(logOf(toReplied));
    expect(
      decideCommand(s, { action: 'fileAppeal', reason: '诉求不合理', evidence: ['doc-1'] }, context(unit(TOWNSHIP))),
    ).toMatchObject({
      ok: false,
      error: { type: 'TextTooShort', field: 'reason' },
    });
    expect(
      decideCommand(
        s,
        { action: 'fileAppeal', reason: '诉求人要求拆除合法建筑，于法无据', evidence: [] },
        context(unit(TOWNSHIP)),
      ),
    ).toMatchObject({
      ok: false,
      error: { type: 'InvalidInput', field: 'evidence' },
    });
    const filed = logOf([...toReplied, step('2026-09-14 12:00', unit(TOWNSHIP), appeal)]);
    expect(decideCommand(foldRequestEvents(filed), appeal, context(unit(TOWNSHIP)))).toEqual({
      ok: false,
      error: { type: 'AppealAlreadyFiled', unitId: TOWNSHIP },
    });
  });

  it("an approved appeal removes the request from the unit's rates but not from the record", () => {
    const result = runRequestScript(
      received(),
      [
        ...toRated,
        step('2026-09-14 12:00', SYSTEM_ACTOR, { action: 'close' }),
        step('2026-09-15 09:00', unit(TOWNSHIP), appeal),
        step('2026-09-16 09:00', dispatcher, {
          action: 'decideAppeal',
          unitId: TOWNSHIP,
          approved: true,
          note: '核减',
        }),
      ],
      options(),
    );
    if (!result.ok) throw new Error(result.error.type);
    expect(result.snapshot).toMatchObject({
      state: 'closed',
      reopensByUnit: { [TOWNSHIP]: 1 },
      flags: { appealApproved: true },
    });
    expect(isExcludedFromRates(result.snapshot, TOWNSHIP)).toBe(true);
    expect(isExcludedFromRates(result.snapshot, OTHER)).toBe(false);
    expect(
      decideCommand(
        result.snapshot,
        { action: 'decideAppeal', unitId: TOWNSHIP, approved: false },
        context(dispatcher),
      ),
    ).toEqual({
      ok: false,
      error: { type: 'NoPendingAppeal', unitId: TOWNSHIP },
    });
  });
});

describe('whistles (吹哨报到)', () => {
  const accepted = [...toDispatched, step('2026-09-14 09:30', unit(TOWNSHIP), { action: 'accept' })];
  const blow = ATTEMPTS.blowWhistle.command;

  it('only the township handling a request in its own township blows the whistle, once', () => {
    const s = foldRequestEvents(logOf(accepted));
    expect(decideCommand(s, blow, context(unit(TOWNSHIP), ATTEMPT_AT, { actorIsTownshipOfPlace: false }))).toEqual({
      ok: false,
      error: { type: 'NotTownshipOfPlace' },
    });
    expect(decideCommand(s, blow, context(unit(OTHER)))).toMatchObject({
      ok: false,
      error: { type: 'NotAssignedUnit' },
    });
    expect(
      decideCommand(
        s,
        { action: 'blowWhistle', departmentUnitIds: [TOWNSHIP], reportLimitHours: 24 },
        context(unit(TOWNSHIP)),
      ),
    ).toMatchObject({ ok: false, error: { type: 'InvalidInput', field: 'departmentUnitIds' } });
    const blown = logOf([...accepted, step('2026-09-14 10:00', unit(TOWNSHIP), blow, true)]);
    expect(decideCommand(foldRequestEvents(blown), blow, context(unit(TOWNSHIP)))).toEqual({
      ok: false,
      error: { type: 'WhistleAlreadyBlown' },
    });
  });

  it('departments report in within the limit or are marked late, and the township rates each once', () => {
    const result = runRequestScript(
      received(),
      [
        ...accepted,
        step('2026-09-14 10:00', unit(TOWNSHIP), blow, true),
        step('2026-09-14 15:00', unit(ASSIST), { action: 'reportToWhistle' }),
        step('2026-09-15 11:00', unit(OTHER), { action: 'reportToWhistle' }),
        step('2026-09-15 12:00', unit(TOWNSHIP), {
          action: 'rateWhistle',
          unitId: ASSIST,
          score: 5,
          comment: '及时到场',
        }),
        step('2026-09-15 12:05', unit(TOWNSHIP), {
          action: 'rateWhistle',
          unitId: OTHER,
          score: 2,
          comment: '超时报到',
        }),
      ],
      options(),
    );
    if (!result.ok) throw new Error(result.error.type);
    expect(result.snapshot.whistle?.departments).toEqual([
      { unitId: ASSIST, reportedAt: sh('2026-09-14 15:00'), late: false, score: 5, comment: '及时到场' },
      { unitId: OTHER, reportedAt: sh('2026-09-15 11:00'), late: true, score: 2, comment: '超时报到' },
    ]);
    expect(decideCommand(result.snapshot, { action: 'reportToWhistle' }, context(unit(ASSIST)))).toEqual({
      ok: false,
      error: { type: 'AlreadyReported', unitId: ASSIST },
    });
    expect(
      decideCommand(result.snapshot, { action: 'rateWhistle', unitId: ASSIST, score: 3 }, context(unit(TOWNSHIP))),
    ).toEqual({
      ok: false,
      error: { type: 'WhistleAlreadyRated', unitId: ASSIST },
    });
  });

  it('a department that has not reported can be rated only once its report limit has passed', () => {
    const s = foldRequestEvents(logOf([...accepted, step('2026-09-14 10:00', unit(TOWNSHIP), blow, true)]));
    const rate: RequestCommand = { action: 'rateWhistle', unitId: OTHER, score: 1, comment: '未报到' };
    expect(decideCommand(s, rate, context(unit(TOWNSHIP), sh('2026-09-15 09:00')))).toEqual({
      ok: false,
      error: { type: 'WhistleReportPending', unitId: OTHER, dueAt: sh('2026-09-15 10:00') },
    });
    expect(decideCommand(s, rate, context(unit(TOWNSHIP), sh('2026-09-15 10:01'))).ok).toBe(true);
    expect(decideCommand(s, rate, context(unit(ASSIST), sh('2026-09-15 10:01')))).toMatchObject({
      ok: false,
      error: { type: 'NotAssignedUnit' },
    });
    expect(decideCommand(s, { action: 'reportToWhistle' }, context(unit(99)))).toMatchObject({
      ok: false,
      error: { type: 'NotAssignedUnit' },
    });
  });
});

describe('intake (受理)', () => {
  it('a request is received with a well-formed number and some text', () => {
    expect(() =>
      runRequestScript({ ...received(), payload: { ...received().payload, number: '20260914001' } }, [], options()),
    ).toThrow(/InvalidInput/);
    expect(() =>
      runRequestScript({ ...received(), payload: { ...received().payload, text: '   ' } }, [], options()),
    ).toThrow(/InvalidInput/);
    const result = runRequestScript(received(), [], options());
    expect(result.snapshot).toMatchObject({ state: 'received', number: '2026091400001', firstInquiry: operator });
  });
});
