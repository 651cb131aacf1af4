/*
 * What may be done to a request, decided from its snapshot: each decision returns the events to append, or the rule
 * it would break as a typed error. The service loads the log, folds it, calls one decision with the clock read once,
 * and appends the events in the same transaction. Who may call which action (roles, scopes) is the policy layer's
 * business; the rules here are about the request: its state, the unit it is assigned to, limits and windows.
 */
import type {
  EscalationLevel,
  EventActor,
  RatingVia,
  ReplyProblem,
  RequestAction,
  RequestEvent,
  RequestEventPayload,
  RequestEventType,
  RequestState,
  RequestType,
  ReturnReason,
  Satisfaction,
} from '../../../../contracts/requests.js';
import { REQUEST_ACTIONS, requestNumberSchema } from '../../../../contracts/requests.js';
import { checkReply, type ReplyCheckOptions } from './reply-check.js';
import type { ReplyRelevance } from './reply-relevance.js';
import type { RequestSnapshot } from './request-state.js';
import { addLimit, computeDeadlines, type ResolvedTimeLimit } from './time-limits.js';
import type { WorkingTime } from './working-time.js';

// ---------------------------------------------------------------------------------------------
// Policy, context, results

/** The configurable bounds of the request rules. */
export interface RequestPolicy {
  /** How many times one unit may return the same request (退单次数上限). */
  maxReturnsPerUnit: number;
  /** Minimum characters of a return's explanation, an extension's reason and an appeal's reason. */
  minExplanationLength: number;
  /** Most working days one extension may ask for. */
  maxExtensionDays: number;
  /** Approved extensions per handling round. */
  maxExtensionsPerRound: number;
  /** Reopenings after which an unsatisfied rating no longer reopens (the dispatcher closes or re-dispatches). */
  maxReopens: number;
}

export const DEFAULT_REQUEST_POLICY: Readonly<RequestPolicy> = Object.freeze({
  maxReturnsPerUnit: 1,
  minExplanationLength: 10,
  maxExtensionDays: 15,
  maxExtensionsPerRound: 1,
  maxReopens: 2,
});

/** What a decision needs besides the snapshot; the service reads the clock once and passes it as `now`. */
export interface DecisionContext {
  now: Date;
  actor: EventActor;
  workingTime: WorkingTime;
  /** The limits resolved for the request's current category, type and urgency. */
  limits: Pick<ResolvedTimeLimit, 'response' | 'resolution' | 'returnWindow'>;
  policy?: Partial<RequestPolicy>;
  replyCheck?: Partial<ReplyCheckOptions>;
  /** Whistles: whether the actor's unit is the township government of the request's place (the service asks org). */
  actorIsTownshipOfPlace?: boolean;
}

type Message = { zh: string; en: string };

/** The rule a refused command would break. */
export type RequestDomainError =
  | { type: 'InvalidTransition'; from: RequestState; action: RequestAction }
  | { type: 'InvalidInput'; field: string; message: Message }
  | { type: 'NotAssignedUnit'; unitId: number | null }
  | { type: 'ReturnLimitReached'; unitId: number; limit: number }
  | { type: 'ReturnWindowClosed'; closedAt: Date }
  | { type: 'ReturnFinallyRuled'; unitId: number }
  | { type: 'RedispatchToReturningUnit'; unitId: number }
  | { type: 'TextTooShort'; field: string; minLength: number }
  | { type: 'DirectAnswerOnlyForConsultations'; requestType: RequestType }
  | { type: 'ReplyRejected'; reason: ReplyProblem; message: Message; relevance?: ReplyRelevance }
  | { type: 'NoReply' }
  | { type: 'ExtensionPending' }
  | { type: 'NoPendingExtension' }
  | { type: 'ExtensionLimitReached'; limit: number }
  | { type: 'DeadlinePassed'; dueAt: Date }
  | { type: 'AlreadyEscalated'; level: EscalationLevel }
  | { type: 'AppealAlreadyFiled'; unitId: number }
  | { type: 'NoPendingAppeal'; unitId: number }
  | { type: 'NotTownshipOfPlace' }
  | { type: 'WhistleAlreadyBlown' }
  | { type: 'NoWhistle' }
  | { type: 'AlreadyReported'; unitId: number }
  | { type: 'WhistleAlreadyRated'; unitId: number }
  | { type: 'WhistleReportPending'; unitId: number; dueAt: Date };
export type RequestDomainErrorType = RequestDomainError['type'];

export type Decision = { ok: true; events: RequestEvent[] } | { ok: false; error: RequestDomainError };

const refuse = (error: RequestDomainError): Decision => ({ ok: false, error });
const invalid = (field: string, zh: string, en: string): Decision =>
  refuse({ type: 'InvalidInput', field, message: { zh, en } });

function eventOf<T extends RequestEventType>(
  ctx: Pick<DecisionContext, 'now' | 'actor'>,
  type: T,
  payload: RequestEventPayload<T>,
): RequestEvent {
  return { type, at: ctx.now, actor: ctx.actor, payload } as RequestEvent;
}
const accept = (...events: RequestEvent[]): Decision => ({ ok: true, events });
const policyOf = (ctx: DecisionContext): RequestPolicy => ({ ...DEFAULT_REQUEST_POLICY, ...ctx.policy });
const length = (text: string) => [...text.trim()].length;
const isId = (n: number) => Number.isSafeInteger(n) && n > 0;

// ---------------------------------------------------------------------------------------------
// The state gate: in which states each action can be attempted at all

/**
 * The states in which each action can be attempted; every other state refuses it with InvalidTransition (except
 * closing, refused with NoReply before a reply: 事事有回音). Passing the gate is not enough: each action then checks
 * its own rules (the assigned unit, the return window, pending extensions, …).
 */
export const ACTION_STATES: Readonly<Record<RequestAction, readonly RequestState[]>> = Object.freeze({
  classify: ['received', 'classified'],
  answerDirectly: ['classified'],
  // First dispatch, withdrawal before acceptance (撤回改派), and reassignment of a request being handled (改派).
  dispatch: ['classified', 'dispatched', 'in_progress'],
  accept: ['dispatched'],
  // Accepting a request acknowledges ownership: returns come before it.
  return: ['dispatched'],
  ruleOnReturn: ['returned'],
  requestExtension: ['in_progress'],
  decideExtension: ['in_progress'],
  press: ['received', 'classified', 'dispatched', 'returned', 'in_progress', 'replied', 'rated'],
  escalate: ['in_progress'],
  reply: ['in_progress'],
  rejectReply: ['replied'],
  addAssistNote: ['dispatched', 'in_progress'],
  rate: ['replied'],
  close: ['replied', 'rated'],
  // After a reply: while reopened, awaiting the rating, rated or closed.
  fileAppeal: ['in_progress', 'replied', 'rated', 'closed'],
  decideAppeal: ['in_progress', 'replied', 'rated', 'closed'],
  blowWhistle: ['in_progress'],
  reportToWhistle: ['in_progress'],
  rateWhistle: ['in_progress', 'replied', 'rated', 'closed'],
  mergeInto: ['received', 'classified'],
});

/** Tells whether an action can be attempted in a state at all (the gate); the action's own rules may still refuse it. */
export function canAttempt(state: RequestState, action: RequestAction): boolean {
  return ACTION_STATES[action].includes(state);
}

/** Lists the actions that can be attempted in a state, in a stable order, for the buttons a screen offers. */
export function availableActions(state: RequestState): RequestAction[] {
  return REQUEST_ACTIONS.filter((action) => canAttempt(state, action));
}

function gate(s: RequestSnapshot, action: RequestAction): Decision | null {
  return canAttempt(s.state, action) ? null : refuse({ type: 'InvalidTransition', from: s.state, action });
}

function mustBeLead(s: RequestSnapshot, ctx: DecisionContext): Decision | null {
  const unitId = ctx.actor.unitId;
  return unitId !== null && unitId === s.leadUnitId ? null : refuse({ type: 'NotAssignedUnit', unitId });
}

// ---------------------------------------------------------------------------------------------
// Commands

export interface DispatchInput {
  leadUnitId: number;
  assistUnitIds: readonly number[];
  reason: string;
  proposal?: RequestEventPayload<'dispatched'>['proposal'];
}

/** One command per action, for callers that route by action name (the API, the demo generator). */
export type RequestCommand =
  | ({ action: 'classify' } & RequestEventPayload<'classified'>)
  | { action: 'answerDirectly'; reply: string }
  | ({ action: 'dispatch' } & DispatchInput)
  | { action: 'accept' }
  | { action: 'return'; reason: ReturnReason; explanation: string }
  | { action: 'ruleOnReturn'; decision: 'keep'; note?: string | null }
  | { action: 'ruleOnReturn'; decision: 'redispatch'; dispatch: DispatchInput; note?: string | null }
  | { action: 'requestExtension'; days: number; reason: string }
  | { action: 'decideExtension'; approved: boolean; days?: number; note?: string | null }
  | { action: 'press'; note: string }
  | { action: 'escalate'; level: EscalationLevel }
  | { action: 'reply'; text: string; attachmentIds: readonly string[] }
  | { action: 'rejectReply'; reason: ReplyProblem; note?: string | null }
  | { action: 'addAssistNote'; text: string; attachmentIds?: readonly string[] }
  | { action: 'rate'; resolved: boolean; satisfaction: Satisfaction; comment: string | null; via: RatingVia }
  | { action: 'close'; unrated?: boolean }
  | { action: 'fileAppeal'; reason: string; evidence: readonly string[]; evidenceText?: string | null }
  | { action: 'decideAppeal'; unitId: number; approved: boolean; note?: string | null }
  | { action: 'blowWhistle'; departmentUnitIds: readonly number[]; reportLimitHours: number }
  | { action: 'reportToWhistle' }
  | { action: 'rateWhistle'; unitId: number; score: number; comment?: string | null }
  | { action: 'mergeInto'; originalId: number };

/** Decides any command against a snapshot by routing it to the action's decision below. */
export function decideCommand(s: RequestSnapshot, command: RequestCommand, ctx: DecisionContext): Decision {
  switch (command.action) {
    case 'classify':
      return classifyRequest(s, command, ctx);
    case 'answerDirectly':
      return answerDirectly(s, command, ctx);
    case 'dispatch':
      return dispatchRequest(s, command, ctx);
    case 'accept':
      return acceptRequest(s, ctx);
    case 'return':
      return returnRequest(s, command, ctx);
    case 'ruleOnReturn':
      return ruleOnReturn(s, command, ctx);
    case 'requestExtension':
      return requestExtension(s, command, ctx);
    case 'decideExtension':
      return decideExtension(s, command, ctx);
    case 'press':
      return pressRequest(s, command, ctx);
    case 'escalate':
      return escalateRequest(s, command, ctx);
    case 'reply':
      return replyToRequest(s, command, ctx);
    case 'rejectReply':
      return rejectReply(s, command, ctx);
    case 'addAssistNote':
      return addAssistNote(s, command, ctx);
    case 'rate':
      return rateRequest(s, command, ctx);
    case 'close':
      return closeRequest(s, ctx, command.unrated ?? false);
    case 'fileAppeal':
      return fileAppeal(s, command, ctx);
    case 'decideAppeal':
      return decideAppeal(s, command, ctx);
    case 'blowWhistle':
      return blowWhistle(s, command, ctx);
    case 'reportToWhistle':
      return reportToWhistle(s, ctx);
    case 'rateWhistle':
      return rateWhistle(s, command, ctx);
    case 'mergeInto':
      return mergeRequest(s, command, ctx);
  }
}

/** Records a new request (受理) as the first event of its log; the number comes from the day's sequence, and whoever receives it is its first-inquiry owner (首问责任制). */
export function receiveRequest(
  input: RequestEventPayload<'received'>,
  ctx: Pick<DecisionContext, 'now' | 'actor'>,
): Decision {
  if (!requestNumberSchema.safeParse(input.number).success) {
    return invalid('number', '诉求编号应为日期加 5 位序号', 'The number must be YYYYMMDD and a 5-digit sequence');
  }
  if (length(input.text) === 0) return invalid('text', '诉求内容不能为空', 'The request text must not be empty');
  return accept(
    eventOf(ctx, 'received', {
      number: input.number,
      channel: input.channel,
      type: input.type,
      text: input.text.trim(),
      title: input.title?.trim() || null,
      anonymous: input.anonymous,
      divisionCode: input.divisionCode,
      address: input.address?.trim() || null,
      sourceRef: input.sourceRef,
    }),
  );
}

/** Classifies a request (分类: category, type, urgency, place), before it is dispatched; reclassifying is allowed until then, because the limits follow the classification. */
export function classifyRequest(
  s: RequestSnapshot,
  input: RequestEventPayload<'classified'>,
  ctx: DecisionContext,
): Decision {
  const refused = gate(s, 'classify');
  if (refused) return refused;
  if (length(input.categoryCode) === 0) return invalid('categoryCode', '请选择诉求类别', 'Choose a category');
  if (!/^\d{12}$/.test(input.divisionCode)) {
    return invalid('divisionCode', '请选择诉求发生地', 'Choose the place (a 12-digit division code)');
  }
  return accept(
    eventOf(ctx, 'classified', {
      categoryCode: input.categoryCode.trim(),
      type: input.type,
      urgency: input.urgency,
      divisionCode: input.divisionCode,
      address: input.address?.trim() || null,
    }),
  );
}

/** Answers a request directly at intake (直接办结); only consultations can be, because anything else needs a unit to act, and the answer passes the same reply check as a unit's. */
export function answerDirectly(s: RequestSnapshot, input: { reply: string }, ctx: DecisionContext): Decision {
  const refused = gate(s, 'answerDirectly');
  if (refused) return refused;
  if (s.type !== 'consultation') return refuse({ type: 'DirectAnswerOnlyForConsultations', requestType: s.type });
  const check = checkReply({ title: s.title, body: s.text }, input.reply, ctx.replyCheck);
  if (!check.ok) {
    const { reason, message, relevance } = check;
    return refuse({ type: 'ReplyRejected', reason, message, ...(relevance ? { relevance } : {}) });
  }
  return accept(eventOf(ctx, 'answered_directly', { reply: input.reply.trim() }));
}

function checkDispatch(input: DispatchInput): Decision | null {
  if (!isId(input.leadUnitId)) return invalid('leadUnitId', '请选择主办单位', 'Choose the lead unit');
  if (!input.assistUnitIds.every(isId) || new Set(input.assistUnitIds).size !== input.assistUnitIds.length) {
    return invalid('assistUnitIds', '协办单位不能重复', 'Assisting units must be distinct');
  }
  if (input.assistUnitIds.includes(input.leadUnitId)) {
    return invalid('assistUnitIds', '主办单位不能同时是协办单位', 'The lead unit cannot also assist');
  }
  if (length(input.reason) === 0) return invalid('reason', '请说明派单理由', 'Give the reason for the dispatch');
  return null;
}

function dispatchedEvent(input: DispatchInput, ctx: DecisionContext): RequestEvent {
  return eventOf(ctx, 'dispatched', {
    leadUnitId: input.leadUnitId,
    assistUnitIds: [...input.assistUnitIds],
    reason: input.reason.trim(),
    proposal: input.proposal ?? null,
  });
}

/** Dispatches a request (派单) to one lead unit and optional assisting units; also withdraws and re-sends one not yet accepted, or reassigns one being handled (改派). Every dispatch counts towards bounce detection, and the new lead unit's clock starts only when it accepts. */
export function dispatchRequest(s: RequestSnapshot, input: DispatchInput, ctx: DecisionContext): Decision {
  const refused = gate(s, 'dispatch') ?? checkDispatch(input);
  if (refused) return refused;
  return accept(dispatchedEvent(input, ctx));
}

/** Accepts a dispatched request (签收) for the lead unit; the resolution limit starts now, not at the dispatch, so that a unit is not charged for time it did not have the request. */
export function acceptRequest(s: RequestSnapshot, ctx: DecisionContext): Decision {
  const refused = gate(s, 'accept') ?? mustBeLead(s, ctx);
  if (refused) return refused;
  return accept(eventOf(ctx, 'accepted', { unitId: ctx.actor.unitId! }));
}

/**
 * Returns a mis-dispatched request (退单) with a coded reason and an explanation: only the lead unit, before
 * accepting, within the return window after the dispatch, at most the configured number of times per unit, and
 * never after the dispatcher ruled that this unit keeps it (终审).
 */
export function returnRequest(
  s: RequestSnapshot,
  input: { reason: ReturnReason; explanation: string },
  ctx: DecisionContext,
): Decision {
  const refused = gate(s, 'return') ?? mustBeLead(s, ctx);
  if (refused) return refused;
  const unitId = ctx.actor.unitId!;
  const policy = policyOf(ctx);
  if (s.keptUnitIds.includes(unitId)) return refuse({ type: 'ReturnFinallyRuled', unitId });
  if ((s.returnCountByUnit[unitId] ?? 0) >= policy.maxReturnsPerUnit) {
    return refuse({ type: 'ReturnLimitReached', unitId, limit: policy.maxReturnsPerUnit });
  }
  if (s.currentDispatch) {
    const closedAt = addLimit(ctx.workingTime, s.currentDispatch.at, ctx.limits.returnWindow);
    if (ctx.now.getTime() > closedAt.getTime()) return refuse({ type: 'ReturnWindowClosed', closedAt });
  }
  if (length(input.explanation) < policy.minExplanationLength) {
    return refuse({ type: 'TextTooShort', field: 'explanation', minLength: policy.minExplanationLength });
  }
  return accept(eventOf(ctx, 'returned', { unitId, reason: input.reason, explanation: input.explanation.trim() }));
}

/**
 * Rules on a return, finally (终审): 'keep' makes the returning unit keep the request — as if it had accepted it
 * now (视同签收), so its clock starts — and it may never return it again; 'redispatch' sends it to another unit in
 * the same step (sending it back to the returning unit is what 'keep' is for).
 */
export function ruleOnReturn(
  s: RequestSnapshot,
  input:
    | { decision: 'keep'; note?: string | null }
    | { decision: 'redispatch'; dispatch: DispatchInput; note?: string | null },
  ctx: DecisionContext,
): Decision {
  const refused = gate(s, 'ruleOnReturn');
  if (refused) return refused;
  const pending = s.pendingReturn;
  if (!pending) return refuse({ type: 'InvalidTransition', from: s.state, action: 'ruleOnReturn' });
  const ruling = (decision: 'keep' | 'redispatch') =>
    eventOf(ctx, 'return_ruled', {
      decision,
      unitId: pending.unitId,
      finalRuling: true,
      note: input.note?.trim() || null,
    });
  if (input.decision === 'keep') return accept(ruling('keep'));
  const invalidDispatch = checkDispatch(input.dispatch);
  if (invalidDispatch) return invalidDispatch;
  if (input.dispatch.leadUnitId === pending.unitId) {
    return refuse({ type: 'RedispatchToReturningUnit', unitId: pending.unitId });
  }
  return accept(ruling('redispatch'), dispatchedEvent(input.dispatch, ctx));
}

/** Asks for an extension (延期) for the lead unit: before the deadline, one request pending at a time, a bounded number of days, and at most the configured number of approved extensions per handling round. */
export function requestExtension(
  s: RequestSnapshot,
  input: { days: number; reason: string },
  ctx: DecisionContext,
): Decision {
  const refused = gate(s, 'requestExtension') ?? mustBeLead(s, ctx);
  if (refused) return refused;
  const policy = policyOf(ctx);
  if (s.pendingExtension) return refuse({ type: 'ExtensionPending' });
  if ((s.round?.extensionsGranted ?? 0) >= policy.maxExtensionsPerRound) {
    return refuse({ type: 'ExtensionLimitReached', limit: policy.maxExtensionsPerRound });
  }
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > policy.maxExtensionDays) {
    return invalid(
      'days',
      `延期天数应为 1 至 ${policy.maxExtensionDays} 个工作日`,
      `Ask for 1 to ${policy.maxExtensionDays} working days`,
    );
  }
  if (length(input.reason) < policy.minExplanationLength) {
    return refuse({ type: 'TextTooShort', field: 'reason', minLength: policy.minExplanationLength });
  }
  const resolution = computeDeadlines(s, ctx.limits, ctx.workingTime, ctx.now).resolution;
  if (resolution && ctx.now.getTime() > resolution.dueAt.getTime()) {
    return refuse({ type: 'DeadlinePassed', dueAt: resolution.dueAt });
  }
  return accept(
    eventOf(ctx, 'extension_requested', { unitId: ctx.actor.unitId!, days: input.days, reason: input.reason.trim() }),
  );
}

/** Approves or rejects the pending extension (延期审批); the dispatcher may grant fewer working days than asked, which are added to this round's deadline. */
export function decideExtension(
  s: RequestSnapshot,
  input: { approved: boolean; days?: number; note?: string | null },
  ctx: DecisionContext,
): Decision {
  const refused = gate(s, 'decideExtension');
  if (refused) return refused;
  const pending = s.pendingExtension;
  if (!pending) return refuse({ type: 'NoPendingExtension' });
  const days = input.approved ? (input.days ?? pending.days) : 0;
  if (input.approved && (!Number.isInteger(days) || days < 1 || days > pending.days)) {
    return invalid('days', `批准天数应为 1 至 ${pending.days} 个工作日`, `Grant 1 to ${pending.days} working days`);
  }
  return accept(
    eventOf(ctx, 'extension_decided', { approved: input.approved, days, note: input.note?.trim() || null }),
  );
}

/** Records a leader pressing a request by hand (督办), allowed at any point until it is closed. */
export function pressRequest(s: RequestSnapshot, input: { note: string }, ctx: DecisionContext): Decision {
  const refused = gate(s, 'press');
  if (refused) return refused;
  if (length(input.note) === 0) return invalid('note', '请填写督办意见', 'Write the instruction');
  return accept(eventOf(ctx, 'pressed', { note: input.note.trim() }));
}

/** Issues one rung of the escalation ladder (预警/催办/通报) while the request is being handled; a level is issued at most once per handling round, so a job that runs twice does not notify twice. */
export function escalateRequest(s: RequestSnapshot, input: { level: EscalationLevel }, ctx: DecisionContext): Decision {
  const refused = gate(s, 'escalate');
  if (refused) return refused;
  if (s.round?.escalations.some((e) => e.level === input.level)) {
    return refuse({ type: 'AlreadyEscalated', level: input.level });
  }
  return accept(eventOf(ctx, 'escalated', { level: input.level }));
}

/** Submits the lead unit's reply (答复) with its attachments; a reply that is empty, boilerplate, rude or off-topic is refused before it reaches the citizen. */
export function replyToRequest(
  s: RequestSnapshot,
  input: { text: string; attachmentIds: readonly string[] },
  ctx: DecisionContext,
): Decision {
  const refused = gate(s, 'reply') ?? mustBeLead(s, ctx);
  if (refused) return refused;
  const check = checkReply({ title: s.title, body: s.text }, input.text, ctx.replyCheck);
  if (!check.ok) {
    const { reason, message, relevance } = check;
    return refuse({ type: 'ReplyRejected', reason, message, ...(relevance ? { relevance } : {}) });
  }
  return accept(
    eventOf(ctx, 'reply_submitted', {
      unitId: ctx.actor.unitId!,
      text: input.text.trim(),
      attachmentIds: [...input.attachmentIds],
    }),
  );
}

/** Sends a unit's reply back to it (答复退回) when the dispatcher finds it does not address the request; the request returns to handling and the deadline keeps running. A direct answer has no unit to send it back to. */
export function rejectReply(
  s: RequestSnapshot,
  input: { reason: ReplyProblem; note?: string | null },
  ctx: DecisionContext,
): Decision {
  const refused = gate(s, 'rejectReply');
  if (refused) return refused;
  if (!s.reply || s.reply.direct) return refuse({ type: 'InvalidTransition', from: s.state, action: 'rejectReply' });
  return accept(eventOf(ctx, 'reply_rejected', { reason: input.reason, note: input.note?.trim() || null }));
}

/** Adds an assisting unit's contribution (协办意见) for the lead unit's reply; only the request's assisting units can. */
export function addAssistNote(s: RequestSnapshot, input: { text: string }, ctx: DecisionContext): Decision {
  const refused = gate(s, 'addAssistNote');
  if (refused) return refused;
  const unitId = ctx.actor.unitId;
  if (unitId === null || !s.assistUnitIds.includes(unitId)) return refuse({ type: 'NotAssignedUnit', unitId });
  if (length(input.text) === 0) return invalid('text', '协办意见不能为空', 'The note must not be empty');
  return accept(eventOf(ctx, 'assist_note', { unitId, text: input.text.trim() }));
}

/** Records the citizen's rating (回访); an unsatisfied rating reopens the request to the unit that replied (重办, counted against it) — or sends a direct answer back for dispatch — until the reopen limit is reached. */
export function rateRequest(
  s: RequestSnapshot,
  input: { resolved: boolean; satisfaction: Satisfaction; comment: string | null; via: RatingVia },
  ctx: DecisionContext,
): Decision {
  const refused = gate(s, 'rate');
  if (refused) return refused;
  const rated = eventOf(ctx, 'rated', {
    resolved: input.resolved,
    satisfaction: input.satisfaction,
    comment: input.comment?.trim() || null,
    via: input.via,
  });
  if (input.satisfaction !== 'unsatisfied' || s.reopenCount >= policyOf(ctx).maxReopens) return accept(rated);
  const unitId = s.reply && !s.reply.direct ? s.reply.unitId : null;
  return accept(rated, eventOf(ctx, 'reopened', { unitId }));
}

/** Closes a request (办结); "every matter gets an answer" (事事有回音): nothing is closed before a reply or a direct answer went back to the citizen. */
export function closeRequest(s: RequestSnapshot, ctx: DecisionContext, unrated = false): Decision {
  // Closing as unrated is the system's, after the rating window: only a reply still waiting for its rating.
  if (unrated && s.state !== 'replied') return refuse({ type: 'InvalidTransition', from: s.state, action: 'close' });
  if (!canAttempt(s.state, 'close')) {
    return s.state === 'closed' || s.state === 'merged'
      ? refuse({ type: 'InvalidTransition', from: s.state, action: 'close' })
      : refuse({ type: 'NoReply' });
  }
  if (!s.reply) return refuse({ type: 'NoReply' });
  return accept(eventOf(ctx, 'closed', unrated ? { unrated: true } : {}));
}

/** Files a unit's appeal (申诉) to take the request out of its rates (核减), with evidence (attachments, or the evidence described in words): only the lead unit, only after it has replied, once per unit. */
export function fileAppeal(
  s: RequestSnapshot,
  input: { reason: string; evidence: readonly string[]; evidenceText?: string | null },
  ctx: DecisionContext,
): Decision {
  const refused = gate(s, 'fileAppeal') ?? mustBeLead(s, ctx);
  if (refused) return refused;
  const unitId = ctx.actor.unitId!;
  if (!s.repliedUnitIds.includes(unitId)) return refuse({ type: 'NoReply' });
  if (s.appeals.some((a) => a.unitId === unitId)) return refuse({ type: 'AppealAlreadyFiled', unitId });
  const policy = policyOf(ctx);
  if (length(input.reason) < policy.minExplanationLength) {
    return refuse({ type: 'TextTooShort', field: 'reason', minLength: policy.minExplanationLength });
  }
  const evidenceText = input.evidenceText?.trim() ?? '';
  if (input.evidence.length === 0 && evidenceText === '') {
    return invalid('evidence', '申诉须附证明材料', 'An appeal needs evidence');
  }
  return accept(
    eventOf(ctx, 'appeal_filed', {
      unitId,
      reason: input.reason.trim(),
      evidence: [...input.evidence],
      ...(evidenceText ? { evidenceText } : {}),
    }),
  );
}

/** Decides a unit's pending appeal; an approved one removes the request from that unit's rates but never from the record. */
export function decideAppeal(
  s: RequestSnapshot,
  input: { unitId: number; approved: boolean; note?: string | null },
  ctx: DecisionContext,
): Decision {
  const refused = gate(s, 'decideAppeal');
  if (refused) return refused;
  if (!s.appeals.some((a) => a.unitId === input.unitId && a.decision === null)) {
    return refuse({ type: 'NoPendingAppeal', unitId: input.unitId });
  }
  return accept(
    eventOf(ctx, 'appeal_decided', {
      unitId: input.unitId,
      approved: input.approved,
      note: input.note?.trim() || null,
    }),
  );
}

/** Blows the whistle (吹哨): the township handling a request in its own township summons named departments, which must report in (报到) within a limit; one whistle per request. */
export function blowWhistle(
  s: RequestSnapshot,
  input: { departmentUnitIds: readonly number[]; reportLimitHours: number },
  ctx: DecisionContext,
): Decision {
  const refused = gate(s, 'blowWhistle') ?? mustBeLead(s, ctx);
  if (refused) return refused;
  const unitId = ctx.actor.unitId!;
  if (!ctx.actorIsTownshipOfPlace) return refuse({ type: 'NotTownshipOfPlace' });
  if (s.whistle) return refuse({ type: 'WhistleAlreadyBlown' });
  const departments = input.departmentUnitIds;
  if (departments.length === 0 || !departments.every(isId) || new Set(departments).size !== departments.length) {
    return invalid('departmentUnitIds', '请选择要吹哨的部门（不可重复）', 'Name the departments, each once');
  }
  if (departments.includes(unitId)) {
    return invalid('departmentUnitIds', '不能向本单位吹哨', 'A township cannot summon itself');
  }
  if (!(input.reportLimitHours > 0)) return invalid('reportLimitHours', '请设置报到时限', 'Set the report limit');
  return accept(
    eventOf(ctx, 'whistle_blown', {
      unitId,
      departmentUnitIds: [...departments],
      reportLimitHours: input.reportLimitHours,
    }),
  );
}

/** Records a summoned department reporting in (报到) to the whistle; a report after the limit is accepted and marked late. */
export function reportToWhistle(s: RequestSnapshot, ctx: DecisionContext): Decision {
  const refused = gate(s, 'reportToWhistle');
  if (refused) return refused;
  if (!s.whistle) return refuse({ type: 'NoWhistle' });
  const unitId = ctx.actor.unitId;
  const department = s.whistle.departments.find((d) => d.unitId === unitId);
  if (unitId === null || !department) return refuse({ type: 'NotAssignedUnit', unitId });
  if (department.reportedAt) return refuse({ type: 'AlreadyReported', unitId });
  return accept(eventOf(ctx, 'whistle_reported', { unitId }));
}

/** Lets the whistling township rate how a summoned department responded (1–5), once per department, after it reported or once its report limit has passed without a report. */
export function rateWhistle(
  s: RequestSnapshot,
  input: { unitId: number; score: number; comment?: string | null },
  ctx: DecisionContext,
): Decision {
  const refused = gate(s, 'rateWhistle');
  if (refused) return refused;
  const whistle = s.whistle;
  if (!whistle) return refuse({ type: 'NoWhistle' });
  if (ctx.actor.unitId !== whistle.townshipUnitId) return refuse({ type: 'NotAssignedUnit', unitId: ctx.actor.unitId });
  const department = whistle.departments.find((d) => d.unitId === input.unitId);
  if (!department) return invalid('unitId', '该部门不在吹哨名单中', 'That department was not summoned');
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) {
    return invalid('score', '评分应为 1 至 5 分', 'The score must be 1 to 5');
  }
  if (department.score !== null) return refuse({ type: 'WhistleAlreadyRated', unitId: input.unitId });
  if (!department.reportedAt && ctx.now.getTime() <= whistle.reportDueAt.getTime()) {
    return refuse({ type: 'WhistleReportPending', unitId: input.unitId, dueAt: whistle.reportDueAt });
  }
  return accept(
    eventOf(ctx, 'whistle_rated', { unitId: input.unitId, score: input.score, comment: input.comment?.trim() || null }),
  );
}

/** Merges a duplicate into its original (重复件合并) before it is dispatched; the duplicate is linked, not lost, and the original carries on. */
export function mergeRequest(s: RequestSnapshot, input: { originalId: number }, ctx: DecisionContext): Decision {
  const refused = gate(s, 'mergeInto');
  if (refused) return refused;
  if (!isId(input.originalId)) return invalid('originalId', '请选择原诉求', 'Choose the original request');
  return accept(eventOf(ctx, 'merged_into', { originalId: input.originalId }));
}
