import { z } from 'zod';
import { attachmentSchema } from './files.js';

// Citizen requests (接诉即办, DESIGN.md §3): the enums, the event log's shapes and the configuration that the
// requests domain, its service and routes, and the web forms share. Every step of a request is one event of an
// append-only log; the current state is derived from the log (server/modules/requests/domain/request-state.ts).

// ---------------------------------------------------------------------------------------------
// Enums

/** What the citizen asks for: consultation 咨询, help 求助, complaint 投诉, report of misconduct 举报, suggestion 建议, praise 表扬. */
export const REQUEST_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export const requestTypeSchema = z.enum(REQUEST_TYPES);
export type RequestType = z.infer<typeof requestTypeSchema>;

/** Where a request came in; `liaison` and `inspection` are internal sources (a cadre's visit, an inspection finding). */
export const REQUEST_CHANNELS = [
  'hotline', // 热线电话
  'web', // 网站
  'mobile', // 移动端 / 小程序
  'letter', // 来信
  'email', // 电子邮件
  'visit', // 来访
  'suggestion_box', // 意见箱
  'leader_board', // 领导留言板
  'liaison', // 联系群众走访发现
  'inspection', // 督查发现
  'open311', // Open311 GeoReport v2 接口
] as const;
export const requestChannelSchema = z.enum(REQUEST_CHANNELS);
export type RequestChannel = z.infer<typeof requestChannelSchema>;

/** How urgent: normal 一般, urgent 紧急, emergency 特急; urgency only ever tightens the time limits. */
export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export const urgencySchema = z.enum(URGENCIES);
export type Urgency = z.infer<typeof urgencySchema>;

/**
 * The states a request can be in, derived from its event log.
 *
 * - `received` 已受理: numbered, receipt code issued, not yet classified.
 * - `classified` 已分类: category, type, urgency and place confirmed; waiting to be answered directly or dispatched.
 *   A directly answered request that the citizen rates unsatisfied comes back here (to be dispatched).
 * - `dispatched` 已派单: sent to a lead unit, waiting for it to accept (签收) or return (退单).
 * - `returned` 已退单: the lead unit returned it; waiting for the dispatcher's final ruling (re-dispatch or keep).
 * - `in_progress` 办理中: the lead unit owns it and the resolution clock runs. Entered by acceptance, by a 'keep'
 *   ruling (视同签收) and by a reopening after an unsatisfied rating (重办); there is no separate "accepted" state
 *   because nothing distinguishes an accepted request from one being handled.
 * - `replied` 已答复: a reply (the unit's, or the operator's direct answer 直接办结) went back to the citizen;
 *   waiting for the rating (回访). A direct answer has no state of its own: it is a reply without a unit.
 * - `rated` 已回访: rated satisfied or basically satisfied (or unsatisfied once the reopen limit is reached).
 * - `closed` 已办结: ended; only reachable after a reply (事事有回音).
 * - `merged` 已合并: a duplicate linked to its original, which carries on instead.
 */
export const REQUEST_STATES = [
  'received',
  'classified',
  'dispatched',
  'returned',
  'in_progress',
  'replied',
  'rated',
  'closed',
  'merged',
] as const;
export const requestStateSchema = z.enum(REQUEST_STATES);
export type RequestState = z.infer<typeof requestStateSchema>;

/** What can be done to a request; a command names one, and InvalidTransition errors name the refused one. */
export const REQUEST_ACTIONS = [
  'classify', // 分类
  'answerDirectly', // 直接办结 (consultations only)
  'dispatch', // 派单 / 改派
  'accept', // 签收
  'return', // 退单
  'ruleOnReturn', // 退单审核 (终审)
  'requestExtension', // 申请延期
  'decideExtension', // 延期审批
  'press', // 督办 (leaders)
  'escalate', // 预警 / 催办 / 通报 (the escalation ladder)
  'reply', // 答复
  'rejectReply', // 答复退回 (the dispatcher sends a reply back)
  'addAssistNote', // 协办意见
  'rate', // 回访评价
  'close', // 办结
  'fileAppeal', // 申诉
  'decideAppeal', // 申诉审核
  'blowWhistle', // 吹哨
  'reportToWhistle', // 报到
  'rateWhistle', // 评价报到部门
  'mergeInto', // 合并重复诉求
] as const;
export const requestActionSchema = z.enum(REQUEST_ACTIONS);
export type RequestAction = z.infer<typeof requestActionSchema>;

/** Coded reasons for a return (退单): 属地不符, 权属不清, 职能交叉, 非政府职责, other. */
export const RETURN_REASONS = [
  'wrong_place',
  'ownership_unclear',
  'overlapping_functions',
  'not_government',
  'other',
] as const;
export const returnReasonSchema = z.enum(RETURN_REASONS);
export type ReturnReason = z.infer<typeof returnReasonSchema>;

/** The citizen's satisfaction (满意 / 基本满意 / 不满意). */
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export const satisfactionSchema = z.enum(SATISFACTIONS);
export type Satisfaction = z.infer<typeof satisfactionSchema>;

/** How a rating was collected: the one-time portal link, or an operator's call-back (回访电话). */
export const RATING_VIA = ['link', 'call'] as const;
export const ratingViaSchema = z.enum(RATING_VIA);
export type RatingVia = z.infer<typeof ratingViaSchema>;

/** Why a reply is sent back to the handler: empty, boilerplate only (套话), off-topic (答非所问), rude. */
export const REPLY_PROBLEMS = ['empty', 'boilerplate', 'off_topic', 'rude'] as const;
export const replyProblemSchema = z.enum(REPLY_PROBLEMS);
export type ReplyProblem = z.infer<typeof replyProblemSchema>;

/** The rungs of the escalation ladder: warning 预警, urging notice 催办, notified criticism 通报. */
export const ESCALATION_LEVELS = ['warning', 'urge', 'criticism'] as const;
export const escalationLevelSchema = z.enum(ESCALATION_LEVELS);
export type EscalationLevel = z.infer<typeof escalationLevelSchema>;

/** The dispatcher's final ruling on a return (终审): send it elsewhere, or the unit keeps it. */
export const RETURN_DECISIONS = ['redispatch', 'keep'] as const;
export const returnDecisionSchema = z.enum(RETURN_DECISIONS);
export type ReturnDecision = z.infer<typeof returnDecisionSchema>;

/** Units in which time limits are counted: office hours on working days, statutory working days, or clock hours. */
export const LIMIT_UNITS = ['working_hours', 'working_days', 'hours'] as const;
export const limitUnitSchema = z.enum(LIMIT_UNITS);
export type LimitUnit = z.infer<typeof limitUnitSchema>;

// ---------------------------------------------------------------------------------------------
// Events

const id = z.number().int().positive();
/** An attachment stored by the service (image or PDF); the event keeps its id only. */
export const attachmentIdSchema = z.string().min(1).max(64);
/** A request number: Shanghai day YYYYMMDD + a 5-digit sequence of that day, e.g. 2026112200017. */
export const requestNumberSchema = z.string().regex(/^\d{13}$/, 'must be YYYYMMDD followed by a 5-digit sequence');
const divisionCode = z.string().regex(/^\d{12}$/, 'must be a 12-digit division code');
const text = (max: number) => z.string().trim().min(1).max(max);

/** Who did it: a user acting for a unit, a citizen (no user, no unit), or the system (scheduled jobs). */
export const eventActorSchema = z.object({
  userId: id.nullable(),
  unitId: id.nullable(),
  name: z.string().min(1).max(100),
});
export type EventActor = z.infer<typeof eventActorSchema>;

/** The actor of events the system writes by itself (the escalation job, automatic closing). */
export const SYSTEM_ACTOR: EventActor = Object.freeze({ userId: null, unitId: null, name: '系统' });

/** The system's dispatch proposal as the dispatcher saw it, kept so that overrides can be measured. */
export const dispatchProposalSchema = z.object({
  leadUnitId: id.nullable(),
  assistUnitIds: z.array(id),
  fallback: z.boolean(),
});
export type DispatchProposalRecord = z.infer<typeof dispatchProposalSchema>;

export const receivedPayloadSchema = z.object({
  number: requestNumberSchema,
  channel: requestChannelSchema,
  /** The type as first recorded; classification may change it. */
  type: requestTypeSchema,
  /** The normalised text (simplified, half-width) the rules and the search work on. */
  text: text(5000),
  title: z.string().trim().max(200).nullable(),
  /** Anonymous reports (举报) keep no identity with the request. */
  anonymous: z.boolean(),
  /** The place as first given, if any; classification confirms it. */
  divisionCode: divisionCode.nullable(),
  address: z.string().trim().max(300).nullable(),
  /** Where an internal request came from (a visit, an inspection finding, an Open311 id). */
  sourceRef: z.string().max(100).nullable(),
});
export const classifiedPayloadSchema = z.object({
  categoryCode: z.string().trim().min(1).max(40),
  type: requestTypeSchema,
  urgency: urgencySchema,
  divisionCode,
  address: z.string().trim().max(300).nullable(),
});
export const answeredDirectlyPayloadSchema = z.object({ reply: text(5000) });
export const dispatchedPayloadSchema = z.object({
  leadUnitId: id,
  assistUnitIds: z.array(id).max(20),
  /** Why this unit (the proposal's reasons, or the dispatcher's own). */
  reason: text(500),
  proposal: dispatchProposalSchema.nullable(),
});
export const acceptedPayloadSchema = z.object({ unitId: id });
export const returnedPayloadSchema = z.object({
  unitId: id,
  reason: returnReasonSchema,
  explanation: text(1000),
});
export const returnRuledPayloadSchema = z.object({
  decision: returnDecisionSchema,
  /** The unit that returned the request. */
  unitId: id,
  /** A ruling on a return is final (终审): the unit cannot appeal it by returning again. */
  finalRuling: z.literal(true),
  note: z.string().trim().max(500).nullable(),
});
export const extensionRequestedPayloadSchema = z.object({
  unitId: id,
  days: z.number().int().positive(),
  reason: text(1000),
});
export const extensionDecidedPayloadSchema = z.object({
  approved: z.boolean(),
  /** Working days granted (0 when rejected); may be fewer than asked. */
  days: z.number().int().min(0),
  note: z.string().trim().max(500).nullable(),
});
/** 督办: a leader presses the request by hand; the actor is the leader. */
export const pressedPayloadSchema = z.object({ note: text(500) });
export const escalatedPayloadSchema = z.object({ level: escalationLevelSchema });
export const replySubmittedPayloadSchema = z.object({
  unitId: id,
  text: text(5000),
  attachmentIds: z.array(attachmentIdSchema).max(20),
});
export const replyRejectedPayloadSchema = z.object({
  reason: replyProblemSchema,
  note: z.string().trim().max(500).nullable(),
});
export const assistNotePayloadSchema = z.object({ unitId: id, text: text(2000) });
export const ratedPayloadSchema = z.object({
  resolved: z.boolean(),
  satisfaction: satisfactionSchema,
  comment: z.string().trim().max(1000).nullable(),
  via: ratingViaSchema,
});
/** Reopened (重办) to the unit that replied; null when the request had been answered directly and must be dispatched. */
export const reopenedPayloadSchema = z.object({ unitId: id.nullable() });
export const appealFiledPayloadSchema = z.object({
  unitId: id,
  reason: text(1000),
  /** Attachments proving the claim (a legal basis, an earlier answer, a recording); may be empty when the evidence is text. */
  evidence: z.array(attachmentIdSchema).max(20),
  /** The evidence described in words (a statute, the date of an earlier answer); an appeal has this or attachments. */
  evidenceText: z.string().trim().max(2000).optional(),
});
export const appealDecidedPayloadSchema = z.object({
  unitId: id,
  approved: z.boolean(),
  note: z.string().trim().max(500).nullable(),
});
export const whistleBlownPayloadSchema = z.object({
  /** The township that blows the whistle (吹哨). */
  unitId: id,
  departmentUnitIds: z.array(id).min(1).max(20),
  /** Clock hours within which each department must report in (报到): work on the ground does not wait for Monday. */
  reportLimitHours: z.number().positive().max(720),
});
export const whistleReportedPayloadSchema = z.object({ unitId: id });
export const whistleRatedPayloadSchema = z.object({
  unitId: id,
  /** 1 (poor) to 5 (excellent). */
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).nullable(),
});
export const mergedIntoPayloadSchema = z.object({ originalId: id });
/** `unrated`: closed by the system after the rating window passed without a rating (older events lack it). */
export const closedPayloadSchema = z.object({ unrated: z.literal(true).optional() });

const event = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.object({
    type: z.literal(type),
    /** Instants travel as ISO strings and are Dates in the domain. */
    at: z.coerce.date(),
    actor: eventActorSchema,
    payload,
  });

/** One event of a request's append-only log, discriminated on `type`. */
export const requestEventSchema = z.discriminatedUnion('type', [
  event('received', receivedPayloadSchema),
  event('classified', classifiedPayloadSchema),
  event('answered_directly', answeredDirectlyPayloadSchema),
  event('dispatched', dispatchedPayloadSchema),
  event('accepted', acceptedPayloadSchema),
  event('returned', returnedPayloadSchema),
  event('return_ruled', returnRuledPayloadSchema),
  event('extension_requested', extensionRequestedPayloadSchema),
  event('extension_decided', extensionDecidedPayloadSchema),
  event('pressed', pressedPayloadSchema),
  event('escalated', escalatedPayloadSchema),
  event('reply_submitted', replySubmittedPayloadSchema),
  event('reply_rejected', replyRejectedPayloadSchema),
  event('assist_note', assistNotePayloadSchema),
  event('rated', ratedPayloadSchema),
  event('reopened', reopenedPayloadSchema),
  event('appeal_filed', appealFiledPayloadSchema),
  event('appeal_decided', appealDecidedPayloadSchema),
  event('whistle_blown', whistleBlownPayloadSchema),
  event('whistle_reported', whistleReportedPayloadSchema),
  event('whistle_rated', whistleRatedPayloadSchema),
  event('merged_into', mergedIntoPayloadSchema),
  event('closed', closedPayloadSchema),
]);
export type RequestEvent = z.output<typeof requestEventSchema>;
export type RequestEventType = RequestEvent['type'];
/** The event of one type, e.g. RequestEventOf<'returned'>. */
export type RequestEventOf<T extends RequestEventType> = Extract<RequestEvent, { type: T }>;
/** The payload of one event type. */
export type RequestEventPayload<T extends RequestEventType> = RequestEventOf<T>['payload'];

export const REQUEST_EVENT_TYPES = requestEventSchema.options.map(
  (o) => o.shape.type.value,
) as readonly RequestEventType[];

// ---------------------------------------------------------------------------------------------
// Configuration: time limits (限时办结) and the escalation ladder, edited by administrators

/** A span of time in one of the limit units, e.g. { amount: 15, unit: 'working_days' }. */
export const limitDurationSchema = z
  .object({
    amount: z.number().positive().max(10_000),
    unit: limitUnitSchema,
  })
  .refine((d) => d.unit !== 'working_days' || Number.isInteger(d.amount), {
    message: 'working days must be a whole number',
    path: ['amount'],
  });
export type LimitDuration = z.infer<typeof limitDurationSchema>;

/**
 * One time-limit rule: the limits it sets for requests matching its key. A missing key part matches anything; a
 * missing limit leaves that limit to a less specific rule. `categoryCode` matches the category and its descendants.
 */
export const timeLimitRuleSchema = z.object({
  /** A short name shown where the limit is explained, e.g. '三周清零' or '水电气暖 24 小时'. */
  label: z.string().trim().min(1).max(100),
  categoryCode: z.string().trim().min(1).max(40).nullable().optional(),
  type: requestTypeSchema.nullable().optional(),
  urgency: urgencySchema.nullable().optional(),
  /** 签收 limit, counted from the dispatch. */
  response: limitDurationSchema.optional(),
  /** 办结 limit, counted from the acceptance. */
  resolution: limitDurationSchema.optional(),
  /** How long after the dispatch a unit may still return the request. */
  returnWindow: limitDurationSchema.optional(),
});
export type TimeLimitRule = z.infer<typeof timeLimitRuleSchema>;

const ruleKey = (r: TimeLimitRule) => `${r.categoryCode ?? '*'}|${r.type ?? '*'}|${r.urgency ?? '*'}`;

/** A whole set of rules; two rules with the same key would make the answer depend on their order, so they are refused. */
export const timeLimitRulesSchema = z.array(timeLimitRuleSchema).superRefine((rules, ctx) => {
  const seen = new Map<string, number>();
  rules.forEach((rule, index) => {
    const key = ruleKey(rule);
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: [index], message: `same category, type and urgency as rule ${first + 1}` });
    } else {
      seen.set(key, index);
    }
  });
});

/** When a rung of the ladder is due. */
export const escalationTriggerSchema = z.discriminatedUnion('kind', [
  /** A share of the resolution limit has been used, e.g. 0.8 (only before the deadline). */
  z.object({ kind: z.literal('limit_used'), fraction: z.number().gt(0).max(1) }),
  /** Overdue and this many working days after the deadline's day (1: the next working day). */
  z.object({ kind: z.literal('after_deadline'), workingDays: z.number().int().min(0).max(60) }),
  /** Still overdue this many working days after another rung was issued. */
  z.object({
    kind: z.literal('after_level'),
    level: escalationLevelSchema,
    workingDays: z.number().int().min(1).max(60),
  }),
]);
export type EscalationTrigger = z.infer<typeof escalationTriggerSchema>;

export const escalationStepSchema = z.object({ level: escalationLevelSchema, trigger: escalationTriggerSchema });
export type EscalationStep = z.infer<typeof escalationStepSchema>;

/** The ladder: each level at most once, and a step may only wait for a level that comes before it. */
export const escalationLadderSchema = z.array(escalationStepSchema).superRefine((steps, ctx) => {
  const seen = new Set<EscalationLevel>();
  steps.forEach((step, index) => {
    if (seen.has(step.level)) ctx.addIssue({ code: 'custom', path: [index, 'level'], message: 'level listed twice' });
    if (step.trigger.kind === 'after_level' && !seen.has(step.trigger.level)) {
      ctx.addIssue({ code: 'custom', path: [index, 'trigger', 'level'], message: 'must follow an earlier step' });
    }
    seen.add(step.level);
  });
});
export type EscalationLadder = z.infer<typeof escalationLadderSchema>;

// ---------------------------------------------------------------------------------------------
// Administration of a county's request rules (办理规则): settings, time-limit rules, preview

/** A county is addressed by its division code (the tenant of its rows). */
export const countyCodeSchema = z.string().regex(/^\d{6}000000$/, 'a county division code: 6 digits then 000000');
export const countyQuerySchema = z.object({ countyCode: countyCodeSchema });

/** The bounds the request rules enforce (退单次数, 说明字数, 延期天数 …). */
export const requestPolicySchema = z.object({
  maxReturnsPerUnit: z.number().int().min(0).max(10),
  minExplanationLength: z.number().int().min(1).max(500),
  maxExtensionDays: z.number().int().min(1).max(60),
  maxExtensionsPerRound: z.number().int().min(0).max(10),
  maxReopens: z.number().int().min(0).max(10),
});
export type RequestPolicySettings = z.infer<typeof requestPolicySchema>;

/** What administrators set for a county: the policy bounds, the escalation ladder (levels in ladder order) and the rating window. */
export const requestSettingsSchema = z
  .object({
    policy: requestPolicySchema,
    ladder: escalationLadderSchema,
    /** Days after a reply within which the citizen may rate; afterwards the request closes unrated. */
    ratingWindowDays: z.number().int().min(1).max(90),
    /** How an unrated request counts in the satisfaction rate. */
    unratedCountsAs: satisfactionSchema,
  })
  .superRefine((s, ctx) => {
    let last = -1;
    s.ladder.forEach((step, index) => {
      const rank = ESCALATION_LEVELS.indexOf(step.level);
      if (rank < last) {
        ctx.addIssue({
          code: 'custom',
          path: ['ladder', index, 'level'],
          message: 'levels go warning → urge → criticism',
        });
      }
      last = Math.max(last, rank);
    });
  });
export type RequestSettingsInput = z.infer<typeof requestSettingsSchema>;

export const requestSettingsUpdateSchema = requestSettingsSchema.and(
  z.object({
    /** The version the form was loaded with: a stale form gets 409 instead of overwriting a colleague's change. */
    expectedVersion: z.number().int().min(0).optional(),
  }),
);

export const requestSettingsResponseSchema = z.object({
  countyCode: z.string(),
  policy: requestPolicySchema,
  ladder: escalationLadderSchema,
  ratingWindowDays: z.number().int(),
  unratedCountsAs: satisfactionSchema,
  /** false while the county runs on the built-in defaults. */
  configured: z.boolean(),
  /** 0 until first saved, then incremented on every save. */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type RequestSettingsView = z.infer<typeof requestSettingsResponseSchema>;

/** Limits compared on one nominal scale (a working day = 8 hours) to check that resolving never takes less than responding. */
const nominalHours = (d: LimitDuration) => (d.unit === 'working_days' ? d.amount * 8 : d.amount);

/** A rule as an administrator writes it: at least one limit, and a resolution limit not shorter than the response limit. */
export const timeLimitRuleInputSchema = timeLimitRuleSchema.superRefine((rule, ctx) => {
  if (!rule.response && !rule.resolution && !rule.returnWindow) {
    ctx.addIssue({ code: 'custom', path: ['resolution'], message: 'set at least one limit' });
  }
  if (rule.response && rule.resolution && nominalHours(rule.resolution) < nominalHours(rule.response)) {
    ctx.addIssue({ code: 'custom', path: ['resolution'], message: 'must not be shorter than the response limit' });
  }
});
export type TimeLimitRuleInput = z.infer<typeof timeLimitRuleInputSchema>;

export const timeLimitRuleViewSchema = timeLimitRuleSchema.extend({
  /** null for a built-in default the county has not configured yet. */
  id: z.number().int().nullable(),
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type TimeLimitRuleView = z.infer<typeof timeLimitRuleViewSchema>;

export const timeLimitRuleListSchema = z.object({
  countyCode: z.string(),
  /** false: the list shows the built-in defaults; the first change copies them into the county's table. */
  configured: z.boolean(),
  rules: z.array(timeLimitRuleViewSchema),
});
export type TimeLimitRuleList = z.infer<typeof timeLimitRuleListSchema>;

export const timeLimitPreviewQuerySchema = z.object({
  countyCode: countyCodeSchema,
  categoryCode: z.string().trim().min(1).max(40).optional(),
  type: requestTypeSchema,
  urgency: urgencySchema.default('normal'),
  /** When the request is received and dispatched (ISO); deadlines are computed from it with the working calendar. */
  receivedAt: z.iso.datetime({ offset: true }),
});
export type TimeLimitPreviewQuery = z.input<typeof timeLimitPreviewQuerySchema>;

export const timeLimitPreviewSchema = z.object({
  limits: z.object({
    response: limitDurationSchema,
    resolution: limitDurationSchema,
    returnWindow: limitDurationSchema,
    sources: z.object({ response: z.string(), resolution: z.string(), returnWindow: z.string() }),
  }),
  /** Dispatched at receivedAt: accept by, return by. */
  responseDueAt: z.string(),
  returnWindowEndsAt: z.string(),
  /** Resolution deadline when accepted at once, and when accepted at the last moment of the response limit. */
  resolutionDueAtIfAcceptedAtOnce: z.string(),
  resolutionDueAtIfAcceptedLast: z.string(),
});
export type TimeLimitPreview = z.infer<typeof timeLimitPreviewSchema>;

// ---------------------------------------------------------------------------------------------
// Labels for forms, timelines and exports

type Labels<T extends string> = Readonly<Record<T, { zh: string; en: string }>>;

export const REQUEST_TYPE_LABELS: Labels<RequestType> = {
  consultation: { zh: '咨询', en: 'Consultation' },
  help: { zh: '求助', en: 'Request for help' },
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report of misconduct' },
  suggestion: { zh: '建议', en: 'Suggestion' },
  praise: { zh: '表扬', en: 'Praise' },
};

export const REQUEST_CHANNEL_LABELS: Labels<RequestChannel> = {
  hotline: { zh: '热线电话', en: 'Hotline' },
  web: { zh: '网站', en: 'Web portal' },
  mobile: { zh: '移动端', en: 'Mobile' },
  letter: { zh: '来信', en: 'Letter' },
  email: { zh: '电子邮件', en: 'E-mail' },
  visit: { zh: '来访', en: 'Visit' },
  suggestion_box: { zh: '意见箱', en: 'Suggestion box' },
  leader_board: { zh: '领导留言板', en: "Leaders' message board" },
  liaison: { zh: '走访发现', en: 'Household visit' },
  inspection: { zh: '督查发现', en: 'Inspection' },
  open311: { zh: 'Open311 接口', en: 'Open311' },
};

export const URGENCY_LABELS: Labels<Urgency> = {
  normal: { zh: '一般', en: 'Normal' },
  urgent: { zh: '紧急', en: 'Urgent' },
  emergency: { zh: '特急', en: 'Emergency' },
};

export const REQUEST_STATE_LABELS: Labels<RequestState> = {
  received: { zh: '已受理', en: 'Received' },
  classified: { zh: '待派单', en: 'Classified' },
  dispatched: { zh: '待签收', en: 'Dispatched' },
  returned: { zh: '已退单', en: 'Returned' },
  in_progress: { zh: '办理中', en: 'In progress' },
  replied: { zh: '已答复', en: 'Replied' },
  rated: { zh: '已回访', en: 'Rated' },
  closed: { zh: '已办结', en: 'Closed' },
  merged: { zh: '已合并', en: 'Merged' },
};

export const RETURN_REASON_LABELS: Labels<ReturnReason> = {
  wrong_place: { zh: '属地不符', en: 'Wrong place' },
  ownership_unclear: { zh: '权属不清', en: 'Ownership unclear' },
  overlapping_functions: { zh: '职能交叉', en: 'Overlapping functions' },
  not_government: { zh: '非政府职责', en: 'Not a government matter' },
  other: { zh: '其他', en: 'Other' },
};

export const SATISFACTION_LABELS: Labels<Satisfaction> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
};

export const REPLY_PROBLEM_LABELS: Labels<ReplyProblem> = {
  empty: { zh: '答复内容为空或过短', en: 'The reply is empty or too short' },
  boilerplate: { zh: '答复只有套话，没有实际内容', en: 'The reply is boilerplate with nothing concrete' },
  off_topic: { zh: '答非所问', en: 'The reply does not address the request' },
  rude: { zh: '答复用语不文明', en: 'The reply is rude' },
};

export const ESCALATION_LEVEL_LABELS: Labels<EscalationLevel> = {
  warning: { zh: '预警', en: 'Warning' },
  urge: { zh: '催办', en: 'Urging notice' },
  criticism: { zh: '通报', en: 'Notified criticism' },
};

export const LIMIT_UNIT_LABELS: Labels<LimitUnit> = {
  working_hours: { zh: '工作小时', en: 'working hours' },
  working_days: { zh: '工作日', en: 'working days' },
  hours: { zh: '小时', en: 'hours' },
};

// ---------------------------------------------------------------------------------------------
// API: intake, lists, detail, actions (server/modules/requests/requests.routes.ts)

const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
const isoDateTime = z.iso.datetime({ offset: true });
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** An operator's (or an API client's) new request (受理); a retried submission with the same idempotency key returns the first one. */
export const requestIntakeSchema = z.object({
  channel: requestChannelSchema,
  type: requestTypeSchema,
  urgency: urgencySchema.optional(),
  title: optionalText(200),
  body: text(5000),
  /** When given, the request is classified at intake too (type, urgency, place): one step for the operator. */
  categoryCode: z.string().trim().min(1).max(40).optional(),
  divisionCode,
  address: optionalText(300),
  citizenName: optionalText(50),
  citizenPhone: z
    .string()
    .trim()
    .regex(/^[+\d][\d\s\-()]{4,24}$/, 'must be a phone number')
    .nullable()
    .optional(),
  /** Anonymous reports (举报) keep no identity with the request: name and phone are not stored. */
  anonymous: z.boolean().optional(),
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
  /** Files the operator received with the request (uploaded first through POST /api/attachments). */
  attachmentIds: z.array(attachmentIdSchema).max(20).optional(),
  /**
   * "Same matter as …": the operator links the new request to a possible duplicate at intake; it is recorded (the
   * citizen still gets a number and receipt code) and merged into that original in the same transaction.
   */
  duplicateOf: id.optional(),
});
export type RequestIntake = z.infer<typeof requestIntakeSchema>;

/** The answer to an intake: the receipt code is shown once, on first creation only. */
export const requestIntakeResultSchema = z.object({
  id,
  number: requestNumberSchema,
  receiptCode: z.string().optional(),
});
export type RequestIntakeResult = z.infer<typeof requestIntakeResultSchema>;

/**
 * The work queues (GET /api/requests?queue=…, counted by GET /api/requests/queue-counts). Dispatchers: new (received
 * or classified), returned (awaiting the final ruling), disputed (争议件: returned by a second unit, or a reply sent
 * back and not answered again), appeals, extensions (awaiting approval), overdue, bounced (推诿, still open). Units —
 * only requests their unit leads: to accept, in progress, due soon (within DUE_SOON_WORKING_HOURS), overdue.
 */
export const DISPATCHER_QUEUES = [
  'new',
  'returned',
  'disputed',
  'appeals',
  'extensions',
  'overdue',
  'bounced',
] as const;
export const UNIT_QUEUES = ['to_accept', 'in_progress', 'due_soon', 'unit_overdue'] as const;
export const REQUEST_QUEUES = [...DISPATCHER_QUEUES, ...UNIT_QUEUES] as const;
export const requestQueueSchema = z.enum(REQUEST_QUEUES);
export type RequestQueue = z.infer<typeof requestQueueSchema>;
/** The unit's "due soon" queue: resolution due within one working day (8 office hours). */
export const DUE_SOON_WORKING_HOURS = 8;

/** The list's sort orders: a whitelist, each served by an index. */
export const REQUEST_SORTS = [
  'receivedAt',
  '-receivedAt',
  'resolutionDeadline',
  '-resolutionDeadline',
  'state',
  '-state',
  'number',
  '-number',
] as const;
export const requestSortSchema = z.enum(REQUEST_SORTS);
export type RequestSort = z.infer<typeof requestSortSchema>;

export const queueCountsSchema = z.array(z.object({ queue: requestQueueSchema, count: z.number().int() }));
export type QueueCounts = z.infer<typeof queueCountsSchema>;

/** POST /api/requests/actions/accept-batch: sign for up to 100 requests at once (批量签收). */
export const acceptBatchBodySchema = z.object({ ids: z.array(id).min(1).max(100) });
/** One outcome per id, in the order given: accepted with the new state, or the error code it was refused with. */
export const acceptBatchResultSchema = z.object({
  results: z.array(
    z.discriminatedUnion('ok', [
      z.object({ id, ok: z.literal(true), state: requestStateSchema, version: z.number().int() }),
      z.object({ id, ok: z.literal(false), code: z.string() }),
    ]),
  ),
});
export type AcceptBatchResult = z.infer<typeof acceptBatchResultSchema>;

export const requestListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** Substring of the title, text, address or number (normalised: traditional input finds simplified text). */
  q: z.string().trim().max(100).optional(),
  state: requestStateSchema.optional(),
  leadUnitId: z.coerce.number().int().positive().optional(),
  categoryCode: z.string().trim().min(1).max(40).optional(),
  /** The place lies in this division's subtree. */
  divisionCode: divisionCode.optional(),
  bounced: queryBoolean.optional(),
  /** Not yet replied and past the resolution deadline, or not yet accepted and past the response deadline. */
  overdue: queryBoolean.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  /** Some unit's appeal awaits the dispatcher's decision (the appeals queue). */
  appealPending: queryBoolean.optional(),
  /** One of the dispatcher's or the unit's queues (REQUEST_QUEUES). */
  queue: requestQueueSchema.optional(),
  /** In progress, not overdue, and the resolution deadline falls within this many working hours from now. */
  dueWithinHours: z.coerce.number().int().min(1).max(720).optional(),
  /** The order: a column, ascending, or descending with a leading '-' (default newest first). */
  sort: requestSortSchema.default('-receivedAt'),
});
export type RequestListQuery = z.infer<typeof requestListQuerySchema>;

/** GET /api/requests/export.xlsx: the list's filters and order without paging. */
export const requestExportQuerySchema = requestListQuerySchema.omit({ page: true, pageSize: true });
export type RequestExportQuery = z.infer<typeof requestExportQuerySchema>;

export const requestSummarySchema = z.object({
  id,
  number: requestNumberSchema,
  channel: requestChannelSchema,
  type: requestTypeSchema,
  urgency: urgencySchema,
  state: requestStateSchema,
  title: z.string().nullable(),
  categoryCode: z.string().nullable(),
  divisionCode: z.string(),
  address: z.string().nullable(),
  leadUnitId: id.nullable(),
  assistUnitIds: z.array(id),
  citizenPhoneMask: z.string().nullable(),
  receivedAt: z.string(),
  acceptedAt: z.string().nullable(),
  responseDeadline: z.string().nullable(),
  resolutionDeadline: z.string().nullable(),
  repliedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  bounced: z.boolean(),
  overdue: z.boolean(),
});
export type RequestSummary = z.infer<typeof requestSummarySchema>;

/** One event of the timeline as the API shows it. */
export const requestTimelineEventSchema = z.object({
  seq: z.number().int().positive(),
  type: z.string(),
  at: z.string(),
  actor: eventActorSchema,
  payload: z.record(z.string(), z.unknown()),
  /** Files that came with this event (a reply's, an appeal's, an assist note's, the intake's). */
  attachments: z.array(attachmentSchema),
});

export const requestAppealSchema = z.object({
  unitId: id,
  reason: z.string(),
  evidence: z.array(z.string()),
  evidenceText: z.string().nullable(),
  filedAt: z.string(),
  decision: z.object({ approved: z.boolean(), note: z.string().nullable(), at: z.string() }).nullable(),
});
export type RequestAppeal = z.infer<typeof requestAppealSchema>;

export const requestWhistleSchema = z.object({
  townshipUnitId: id,
  blownAt: z.string(),
  reportLimitHours: z.number(),
  reportDueAt: z.string(),
  departments: z.array(
    z.object({
      unitId: id,
      reportedAt: z.string().nullable(),
      late: z.boolean().nullable(),
      score: z.number().int().nullable(),
      comment: z.string().nullable(),
    }),
  ),
});
export type RequestWhistle = z.infer<typeof requestWhistleSchema>;

const remainingSchema = z.object({ hours: z.number(), working: z.boolean() });

const deadlineSchema = z.object({
  startsAt: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  /** When the limit was met: accepted or returned (response), replied (resolution); null while it runs. */
  doneAt: z.string().nullable(),
  /** Met, but after the deadline. */
  late: z.boolean(),
});

export const requestDetailSchema = requestSummarySchema.extend({
  body: z.string(),
  bodyOriginal: z.string(),
  citizenNameMask: z.string().nullable(),
  firstOwnerUserId: id.nullable(),
  deadlines: z.object({
    response: deadlineSchema.nullable(),
    returnWindow: z.object({ startsAt: z.string(), endsAt: z.string(), open: z.boolean() }).nullable(),
    resolution: deadlineSchema.extend({ extensionDays: z.number(), usedFraction: z.number() }).nullable(),
  }),
  /** The actions this user may attempt now (the buttons to show); the rules may still refuse one. */
  availableActions: z.array(requestActionSchema),
  events: z.array(requestTimelineEventSchema),
  /** Units' appeals (申诉) with their decisions; an approved one takes the request out of that unit's rates (核减). */
  appeals: z.array(requestAppealSchema),
  /** Units whose rates exclude this request (approved appeals); the request stays in the record. */
  excludedFromRatesUnitIds: z.array(id),
  /** The whistle (吹哨报到), if one was blown. */
  whistle: requestWhistleSchema.nullable(),
  /** Assisting units' notes (协办意见) for the lead unit's reply. */
  assistNotes: z.array(z.object({ unitId: id, text: z.string(), at: z.string() })),
  /** The original this duplicate was merged into (重复件合并). */
  mergedInto: z.object({ id, number: requestNumberSchema, state: requestStateSchema }).nullable(),
  /** The duplicates merged into this request. */
  duplicates: z.array(z.object({ id, number: requestNumberSchema, receivedAt: z.string() })),
  /**
   * Each limit still running, as the hours left (negative once overdue) counted like the limit: office hours on
   * working days (`working: true`), or clock hours for limits in clock hours; and the extension awaiting approval.
   */
  clock: z.object({
    response: remainingSchema.nullable(),
    resolution: remainingSchema.nullable(),
    returnWindow: remainingSchema.nullable(),
    pendingExtension: z
      .object({ unitId: id, days: z.number().int(), reason: z.string(), requestedAt: z.string() })
      .nullable(),
  }),
});
export type RequestDetail = z.infer<typeof requestDetailSchema>;

const dispatchBody = z.object({
  leadUnitId: id,
  assistUnitIds: z.array(id).max(20).default([]),
  reason: text(500),
  proposal: dispatchProposalSchema.nullable().optional(),
});

/** The bodies of POST /api/requests/:id/actions/<action>. */
export const requestActionBodies = {
  classify: z.object({
    categoryCode: z.string().trim().min(1).max(40),
    type: requestTypeSchema,
    urgency: urgencySchema.default('normal'),
    divisionCode,
    address: optionalText(300),
  }),
  dispatch: dispatchBody,
  accept: z.object({}),
  return: z.object({ reason: returnReasonSchema, explanation: text(1000) }),
  'rule-return': z.discriminatedUnion('decision', [
    z.object({ decision: z.literal('keep'), note: optionalText(500) }),
    z.object({ decision: z.literal('redispatch'), dispatch: dispatchBody, note: optionalText(500) }),
  ]),
  reply: z.object({ text: text(5000), attachmentIds: z.array(attachmentIdSchema).max(20).default([]) }),
  rate: z.object({ resolved: z.boolean(), satisfaction: satisfactionSchema, comment: optionalText(1000) }),
  close: z.object({}),
  'request-extension': z.object({ days: z.number().int().positive().max(60), reason: text(1000) }),
  'decide-extension': z.object({
    approved: z.boolean(),
    days: z.number().int().positive().optional(),
    note: optionalText(500),
  }),
  press: z.object({ note: text(500) }),
  /** 直接办结: an operator answers a consultation at once. */
  'answer-directly': z.object({ reply: text(5000) }),
  /** The dispatcher sends a unit's reply back (答复退回), with the coded problem. */
  'reject-reply': z.object({ reason: replyProblemSchema, note: optionalText(500) }),
  /** An assisting unit's contribution (协办意见) that the lead unit sees. */
  'assist-note': z.object({ text: text(2000), attachmentIds: z.array(attachmentIdSchema).max(20).default([]) }),
  /** The lead unit's appeal (申诉) after its reply: a reason, and the evidence in words and/or as attachments. */
  'file-appeal': z.object({
    reason: text(1000),
    evidence: text(2000),
    attachmentIds: z.array(attachmentIdSchema).max(20).default([]),
  }),
  /** The dispatcher's decision on a pending appeal; `unitId` defaults to the unit with the pending appeal. */
  'decide-appeal': z.object({ unitId: id.optional(), approved: z.boolean(), note: optionalText(500) }),
  /** 吹哨: the township summons departments, each to report in (报到) within `reportLimitHours` clock hours. */
  'blow-whistle': z.object({
    departmentUnitIds: z.array(id).min(1).max(20),
    reportLimitHours: z.number().positive().max(720),
  }),
  'report-to-whistle': z.object({}),
  /** The whistling township rates one summoned department's response, 1–5. */
  'rate-whistle': z.object({ unitId: id, score: z.number().int().min(1).max(5), comment: optionalText(500) }),
  /** 合并重复件: the dispatcher merges this request into its original (in scope, not itself merged). */
  merge: z.object({ originalId: id }),
} as const;
export type RequestActionPath = keyof typeof requestActionBodies;

export const dispatchProposalResponseSchema = z.object({
  leadUnitId: id.nullable(),
  assistUnitIds: z.array(id),
  reasons: z.array(z.object({ zh: z.string(), en: z.string() })),
  fallback: z.boolean(),
  /** Names of the units the proposal mentions. */
  units: z.array(z.object({ id, name: z.string() })),
});

export const duplicateQuerySchema = z
  .object({
    phone: z.string().trim().min(3).max(30).optional(),
    divisionCode: divisionCode.optional(),
    text: z.string().trim().min(1).max(5000).optional(),
    /** The title being typed, if any (compared with the text). */
    title: z.string().trim().max(200).optional(),
  })
  .refine((q) => q.phone || q.text, {
    message: 'give a phone or a text',
    path: ['phone'],
  });

export const duplicateCandidateSchema = z.object({
  id,
  number: requestNumberSchema,
  title: z.string().nullable(),
  state: requestStateSchema,
  divisionCode: z.string(),
  receivedAt: z.string(),
  samePhone: z.boolean(),
  /** Estimated text similarity (MinHash, 0–1); 0 when the query gave no text. */
  similarity: z.number(),
  /** In the division the query named. */
  samePlace: z.boolean(),
  /** 0.65·similarity + 0.15·same place (similar text only) + 0.15·same caller + 0.05·recency (0–1). */
  score: z.number(),
  /** Why it is shown (similar text, same place, same caller, recent), in both languages. */
  reasons: z.array(
    z.object({ code: z.enum(['similarText', 'samePlace', 'sameCaller', 'recent']), zh: z.string(), en: z.string() }),
  ),
});
export type DuplicateCandidate = z.infer<typeof duplicateCandidateSchema>;

/** Repeat callers (重复来电): a phone being typed at intake, or a stored request's caller. */
export const callerHistoryQuerySchema = z
  .object({
    phone: z.string().trim().min(3).max(30).optional(),
    requestId: z.coerce.number().int().positive().optional(),
  })
  .refine((q) => q.phone || q.requestId, { message: 'give a phone or a request id', path: ['phone'] });

export const callerHistorySchema = z.object({
  /** The caller's other requests in scope in the 90 days before now (phone) or before the request. */
  count: z.number().int(),
  lastReceivedAt: z.string().nullable(),
  windowDays: z.number().int(),
});
export type CallerHistory = z.infer<typeof callerHistorySchema>;

/** Hot-topic clusters (热点): the same concrete problem at the same place, per week or month, with growth. */
export const hotClustersQuerySchema = z.object({
  period: z.enum(['week', 'month']).default('week'),
  /** First day of the period (Beijing date); default: the 7 or 30 days ending now. */
  from: z.iso.date().optional(),
});

export const hotClusterSchema = z.object({
  /** The newest member's title (or the start of its text). */
  title: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  /** Requests in the period and in the previous period of the same length. */
  size: z.number().int(),
  previous: z.number().int(),
  /** (size − previous) / previous; null when new this period. */
  growth: z.number().nullable(),
  /** The period's members, newest first (at most 20). */
  requests: z.array(
    z.object({ id, number: requestNumberSchema, title: z.string().nullable(), receivedAt: z.string() }),
  ),
});

export const hotClustersResponseSchema = z.object({
  period: z.enum(['week', 'month']),
  from: z.string(),
  to: z.string(),
  /** Requests with a text signature examined in both periods (at most 20 000). */
  examined: z.number().int(),
  clusters: z.array(hotClusterSchema),
});
export type HotClustersResponse = z.infer<typeof hotClustersResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Public API for citizens, without login: tracking by number and receipt code, the one-time rating link

/** The receipt code as issued (8 characters without 0/O/1/I); lower case is accepted. */
const receiptCodeSchema = z
  .string()
  .trim()
  .transform((c) => c.toUpperCase())
  .pipe(z.string().regex(/^[2-9A-HJ-NP-Z]{8}$/, 'must be the 8-character receipt code'));

export const publicTrackQuerySchema = z.object({ number: requestNumberSchema, code: receiptCodeSchema });

export const PUBLIC_TIMELINE_STEPS = [
  'received',
  'dispatched',
  'accepted',
  'replied',
  'rated',
  'reopened',
  'closed',
  'merged',
] as const;

/** One step of the public timeline: no internal notes, no personal data, no staff names. */
export const publicTimelineStepSchema = z.object({
  type: z.enum(PUBLIC_TIMELINE_STEPS),
  at: z.string(),
  /** The unit it was dispatched to, that accepted it, or that replied (null for a direct answer). */
  unitName: z.string().nullable(),
  /** The reply's text, on 'replied' only; the original's number on 'merged'. */
  text: z.string().nullable(),
  satisfaction: satisfactionSchema.nullable(),
});
export type PublicTimelineStep = z.infer<typeof publicTimelineStepSchema>;

export const publicTrackResponseSchema = z.object({
  number: requestNumberSchema,
  state: requestStateSchema,
  receivedAt: z.string(),
  /** A reply awaits the citizen's rating: the one-time link may rate it now. */
  canRate: z.boolean(),
  timeline: z.array(publicTimelineStepSchema),
  /**
   * A merged duplicate: the original the matter is handled under, with its public timeline (the unit, the reply and
   * its closing); its rating belongs to the original's citizen.
   */
  mergedInto: z
    .object({ number: requestNumberSchema, state: requestStateSchema, timeline: z.array(publicTimelineStepSchema) })
    .nullable(),
});
export type PublicTrackResponse = z.infer<typeof publicTrackResponseSchema>;

export const publicRateBodySchema = z.object({
  number: requestNumberSchema,
  code: receiptCodeSchema,
  resolved: z.boolean(),
  satisfaction: satisfactionSchema,
  comment: optionalText(1000),
});
export type PublicRateBody = z.infer<typeof publicRateBodySchema>;

// ---------------------------------------------------------------------------------------------
// Classification suggestion and work-style complaints (issue #7 points 5 and 7; server/modules/requests/classification.*)

/** GET /api/requests/classify-suggestion: what the operator has typed so far, and the place when known. */
export const classifySuggestionQuerySchema = z.object({
  text: z.string().trim().min(1).max(5000),
  title: z.string().trim().max(200).optional(),
  divisionCode: divisionCode.optional(),
});
export type ClassifySuggestionQuery = z.infer<typeof classifySuggestionQuerySchema>;

/** The classifier's top categories for a text (confidence 0–1) and, for the first, the proposed lead unit. */
export const classifySuggestionSchema = z.object({
  /** The model used; null when none has been trained yet (no suggestions then). */
  modelId: id.nullable(),
  trainedAt: z.string().nullable(),
  suggestions: z.array(z.object({ code: z.string(), name: z.string(), confidence: z.number().min(0).max(1) })),
  /** For the first suggestion and the given place: the dispatch proposal (place + responsibility catalogue). */
  proposal: z
    .object({
      categoryCode: z.string(),
      leadUnitId: id.nullable(),
      leadUnitName: z.string().nullable(),
      fallback: z.boolean(),
      reasons: z.array(z.object({ zh: z.string(), en: z.string() })),
    })
    .nullable(),
});
export type ClassifySuggestion = z.infer<typeof classifySuggestionSchema>;

/** Kinds of work-style complaints (作风类), as the detector in server/platform/text/work-style.ts names them. */
export const WORK_STYLE_KINDS = ['inaction', 'slow', 'wrongful', 'rude', 'favours', 'four_winds'] as const;
export const workStyleKindSchema = z.enum(WORK_STYLE_KINDS);
export type WorkStyleKind = z.infer<typeof workStyleKindSchema>;

export const WORK_STYLE_KIND_LABELS: Record<WorkStyleKind, { zh: string; en: string }> = {
  inaction: { zh: '不作为', en: 'Not acting' },
  slow: { zh: '慢作为', en: 'Acting slowly' },
  wrongful: { zh: '乱作为', en: 'Acting wrongly' },
  rude: { zh: '态度粗暴', en: 'Rudeness' },
  favours: { zh: '吃拿卡要', en: 'Asking for favours' },
  four_winds: { zh: '四风问题', en: 'The "four winds"' },
};

/** GET /api/requests/work-style: the discipline-inspection view, newest first. */
export const workStyleListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  kind: workStyleKindSchema.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
export type WorkStyleListQuery = z.infer<typeof workStyleListQuerySchema>;

export const workStyleItemSchema = z.object({
  requestId: id,
  number: requestNumberSchema,
  title: z.string().nullable(),
  body: z.string(),
  state: requestStateSchema,
  divisionCode: z.string(),
  receivedAt: z.string(),
  kinds: z.array(workStyleKindSchema),
  /** Why it was tagged: each signal that fired, the text it matched and the public actor named with it. */
  signals: z.array(
    z.object({ kind: workStyleKindSchema, signal: z.string(), match: z.string(), actor: z.string().optional() }),
  ),
});
export type WorkStyleItem = z.infer<typeof workStyleItemSchema>;

/**
 * Revealing a request's citizen contact in full (requests:reveal: operators, dispatchers, the handlers of the units
 * that hold it) to call the citizen back; lists, details and exports only ever show the masks. Every reveal is
 * written to the audit log with the field and the reason, never the value.
 */
export const REQUEST_CONTACT_FIELDS = ['phone', 'name'] as const;
export const requestContactRevealSchema = z.object({
  field: z.enum(REQUEST_CONTACT_FIELDS),
  reason: z.string().trim().max(200).optional(),
});
export type RequestContactReveal = z.infer<typeof requestContactRevealSchema>;
export const requestContactRevealResponseSchema = z.object({ value: z.string() });
