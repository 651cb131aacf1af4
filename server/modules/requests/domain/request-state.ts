/*
 * The current state of a request, derived from its append-only event log (接诉即办 §3: the state is never edited in
 * place). `foldRequestEvents` is the only place that interprets events; the decisions in request-commands.ts
 * guarantee that only valid events are appended, so the fold itself is permissive and only refuses a log that
 * does not start with the request's reception.
 */
import type {
  EscalationLevel,
  EventActor,
  RatingVia,
  ReplyProblem,
  RequestChannel,
  RequestEvent,
  RequestState,
  RequestType,
  ReturnDecision,
  ReturnReason,
  Satisfaction,
  Urgency,
} from '../../../../contracts/requests.js';
import { isBounced } from './bounce.js';

/** One dispatch (派单) and how the lead unit responded to it. */
export interface DispatchRecord {
  leadUnitId: number;
  assistUnitIds: number[];
  at: Date;
  /** When the lead unit accepted (签收) or returned (退单) it, or a ruling made it keep it; null while waiting. */
  respondedAt: Date | null;
  response: 'accepted' | 'returned' | 'kept' | null;
}

export interface ReturnRecord {
  unitId: number;
  reason: ReturnReason;
  explanation: string;
  at: Date;
}

export interface RulingRecord {
  unitId: number;
  decision: ReturnDecision;
  at: Date;
  note: string | null;
}

/**
 * One period in which one unit owns the request and the resolution clock runs: it starts at acceptance (签收), at a
 * 'keep' ruling (视同签收) or at a reopening (重办), and ends with the unit's reply. Extensions and escalations belong
 * to their round, so that a reopened request gets a fresh limit and a fresh ladder.
 */
export interface HandlingRound {
  /** 1 for the first round. */
  number: number;
  unitId: number;
  startedAt: Date;
  via: 'accepted' | 'kept' | 'reopened';
  /** Working days added by approved extensions. */
  extensionDays: number;
  extensionsGranted: number;
  escalations: { level: EscalationLevel; at: Date }[];
  repliedAt: Date | null;
}

export interface ReplyRecord {
  text: string;
  /** The replying unit; null for an operator's direct answer (直接办结). */
  unitId: number | null;
  attachmentIds: string[];
  at: Date;
  direct: boolean;
  /** Set when the dispatcher sent the reply back to the handler. */
  rejected: { reason: ReplyProblem; note: string | null; at: Date } | null;
}

export interface RatingRecord {
  resolved: boolean;
  satisfaction: Satisfaction;
  comment: string | null;
  via: RatingVia;
  at: Date;
}

export interface ExtensionRecord {
  unitId: number;
  days: number;
  reason: string;
  requestedAt: Date;
  decision: { approved: boolean; days: number; at: Date } | null;
}

export interface AppealRecord {
  unitId: number;
  reason: string;
  evidence: string[];
  /** The evidence described in words; null when only attachments were given. */
  evidenceText: string | null;
  filedAt: Date;
  decision: { approved: boolean; note: string | null; at: Date } | null;
}

export interface WhistleDepartment {
  unitId: number;
  reportedAt: Date | null;
  /** Whether it reported in after the limit; null until it reports. */
  late: boolean | null;
  score: number | null;
  comment: string | null;
}

export interface WhistleRecord {
  /** The township that blew the whistle (吹哨). */
  townshipUnitId: number;
  blownAt: Date;
  reportLimitHours: number;
  /** blownAt + reportLimitHours clock hours. */
  reportDueAt: Date;
  departments: WhistleDepartment[];
}

/** Facts that lists and metrics filter on. */
export interface RequestFlags {
  /** Dispatched three or more times or returned by two or more units (推诿). */
  bounced: boolean;
  pressed: boolean;
  escalated: boolean;
  extended: boolean;
  reopened: boolean;
  answeredDirectly: boolean;
  /** Some unit's appeal was approved (核减): the request leaves that unit's rates, never the record. */
  appealApproved: boolean;
  whistle: boolean;
}

/** Everything the rules need to know about a request, derived from its events. */
export interface RequestSnapshot {
  state: RequestState;
  number: string;
  channel: RequestChannel;
  type: RequestType;
  urgency: Urgency;
  categoryCode: string | null;
  divisionCode: string | null;
  address: string | null;
  text: string;
  title: string | null;
  anonymous: boolean;
  sourceRef: string | null;
  receivedAt: Date;
  /** Who first received it (首问责任人): they own it until it is handed over. */
  firstInquiry: EventActor;
  classifiedAt: Date | null;

  leadUnitId: number | null;
  assistUnitIds: number[];
  dispatchCount: number;
  dispatches: DispatchRecord[];
  /** The latest dispatch, whose response limit and return window are running. */
  currentDispatch: DispatchRecord | null;

  returns: ReturnRecord[];
  /** How many times each unit returned it. */
  returnCountByUnit: Record<number, number>;
  /** The return waiting for the dispatcher's ruling. */
  pendingReturn: ReturnRecord | null;
  rulings: RulingRecord[];
  /** Units ruled to keep it (终审): they may never return it again. */
  keptUnitIds: number[];

  /** When the resolution clock of the current round started (acceptance, 'keep' ruling or reopening); null outside a round. */
  acceptedAt: Date | null;
  firstAcceptedAt: Date | null;
  /** The current handling round; null before acceptance and after a new dispatch. */
  round: HandlingRound | null;
  rounds: HandlingRound[];

  extensions: ExtensionRecord[];
  pendingExtension: ExtensionRecord | null;
  presses: { at: Date; actor: EventActor; note: string }[];
  escalations: { level: EscalationLevel; at: Date; round: number }[];

  replies: ReplyRecord[];
  /** The latest reply not sent back; null when there has been none. */
  reply: ReplyRecord | null;
  /** Units that have replied at least once. */
  repliedUnitIds: number[];
  assistNotes: { unitId: number; text: string; at: Date }[];

  ratings: RatingRecord[];
  rating: RatingRecord | null;
  reopenCount: number;
  /** Reopenings counted against each unit. */
  reopensByUnit: Record<number, number>;

  appeals: AppealRecord[];
  whistle: WhistleRecord | null;
  mergedInto: number | null;
  closedAt: Date | null;
  /** Closed by the system because the citizen did not rate within the rating window. */
  closedUnrated: boolean;
  lastEventAt: Date;
  eventCount: number;
  flags: RequestFlags;
}

const MS_PER_HOUR = 3_600_000;

/** Derives a request's current state and history from its event log in order, because the log is the only truth and the state is never stored apart from it (事件溯源). Throws on a log that does not start with `received`. */
export function foldRequestEvents(events: readonly RequestEvent[]): RequestSnapshot {
  const first = events[0];
  if (first?.type !== 'received') {
    throw new Error('A request event log must start with its received event');
  }
  const s = initialSnapshot(first);
  for (const event of events.slice(1)) applyEvent(s, event);
  s.flags = flagsOf(s);
  return s;
}

/** Applies events on top of a snapshot, for a service that has just decided new events and wants the resulting state without re-reading the log. */
export function applyRequestEvents(snapshot: RequestSnapshot, events: readonly RequestEvent[]): RequestSnapshot {
  const s = structuredClone(snapshot);
  for (const event of events) applyEvent(s, event);
  s.flags = flagsOf(s);
  return s;
}

function initialSnapshot(e: Extract<RequestEvent, { type: 'received' }>): RequestSnapshot {
  const p = e.payload;
  return {
    state: 'received',
    number: p.number,
    channel: p.channel,
    type: p.type,
    urgency: 'normal',
    categoryCode: null,
    divisionCode: p.divisionCode,
    address: p.address,
    text: p.text,
    title: p.title,
    anonymous: p.anonymous,
    sourceRef: p.sourceRef,
    receivedAt: e.at,
    firstInquiry: e.actor,
    classifiedAt: null,
    leadUnitId: null,
    assistUnitIds: [],
    dispatchCount: 0,
    dispatches: [],
    currentDispatch: null,
    returns: [],
    returnCountByUnit: {},
    pendingReturn: null,
    rulings: [],
    keptUnitIds: [],
    acceptedAt: null,
    firstAcceptedAt: null,
    round: null,
    rounds: [],
    extensions: [],
    pendingExtension: null,
    presses: [],
    escalations: [],
    replies: [],
    reply: null,
    repliedUnitIds: [],
    assistNotes: [],
    ratings: [],
    rating: null,
    reopenCount: 0,
    reopensByUnit: {},
    appeals: [],
    whistle: null,
    mergedInto: null,
    closedAt: null,
    closedUnrated: false,
    lastEventAt: e.at,
    eventCount: 1,
    flags: {
      bounced: false,
      pressed: false,
      escalated: false,
      extended: false,
      reopened: false,
      answeredDirectly: false,
      appealApproved: false,
      whistle: false,
    },
  };
}

function startRound(s: RequestSnapshot, unitId: number, at: Date, via: HandlingRound['via']): void {
  const round: HandlingRound = {
    number: s.rounds.length + 1,
    unitId,
    startedAt: at,
    via,
    extensionDays: 0,
    extensionsGranted: 0,
    escalations: [],
    repliedAt: null,
  };
  s.rounds.push(round);
  s.round = round;
  s.acceptedAt = at;
  s.firstAcceptedAt ??= at;
  s.pendingExtension = null;
  s.state = 'in_progress';
}

function increment(counts: Record<number, number>, key: number): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function applyEvent(s: RequestSnapshot, event: RequestEvent): void {
  s.lastEventAt = event.at;
  s.eventCount += 1;
  switch (event.type) {
    case 'received':
      throw new Error('A request is received only once');
    case 'classified': {
      const p = event.payload;
      s.categoryCode = p.categoryCode;
      s.type = p.type;
      s.urgency = p.urgency;
      s.divisionCode = p.divisionCode;
      s.address = p.address;
      s.classifiedAt = event.at;
      s.state = 'classified';
      return;
    }
    case 'answered_directly': {
      const reply: ReplyRecord = {
        text: event.payload.reply,
        unitId: null,
        attachmentIds: [],
        at: event.at,
        direct: true,
        rejected: null,
      };
      s.replies.push(reply);
      s.reply = reply;
      s.state = 'replied';
      return;
    }
    case 'dispatched': {
      const p = event.payload;
      const dispatch: DispatchRecord = {
        leadUnitId: p.leadUnitId,
        assistUnitIds: [...p.assistUnitIds],
        at: event.at,
        respondedAt: null,
        response: null,
      };
      s.dispatches.push(dispatch);
      s.currentDispatch = dispatch;
      s.dispatchCount += 1;
      s.leadUnitId = p.leadUnitId;
      s.assistUnitIds = [...p.assistUnitIds];
      // A new lead unit must accept before its clock starts.
      s.round = null;
      s.acceptedAt = null;
      s.pendingExtension = null;
      s.pendingReturn = null;
      s.state = 'dispatched';
      return;
    }
    case 'accepted':
      if (s.currentDispatch) {
        s.currentDispatch.respondedAt = event.at;
        s.currentDispatch.response = 'accepted';
      }
      startRound(s, event.payload.unitId, event.at, 'accepted');
      return;
    case 'returned': {
      const record: ReturnRecord = { ...event.payload, at: event.at };
      s.returns.push(record);
      increment(s.returnCountByUnit, record.unitId);
      if (s.currentDispatch) {
        s.currentDispatch.respondedAt = event.at;
        s.currentDispatch.response = 'returned';
      }
      s.pendingReturn = record;
      s.state = 'returned';
      return;
    }
    case 'return_ruled': {
      const p = event.payload;
      s.rulings.push({ unitId: p.unitId, decision: p.decision, at: event.at, note: p.note });
      s.pendingReturn = null;
      if (p.decision === 'keep') {
        if (!s.keptUnitIds.includes(p.unitId)) s.keptUnitIds.push(p.unitId);
        if (s.currentDispatch) s.currentDispatch.response = 'kept';
        startRound(s, p.unitId, event.at, 'kept');
      }
      // A 'redispatch' ruling is always followed by the dispatched event that carries the new unit.
      return;
    }
    case 'extension_requested': {
      const record: ExtensionRecord = { ...event.payload, requestedAt: event.at, decision: null };
      s.extensions.push(record);
      s.pendingExtension = record;
      return;
    }
    case 'extension_decided': {
      const pending = s.pendingExtension;
      if (pending) pending.decision = { approved: event.payload.approved, days: event.payload.days, at: event.at };
      s.pendingExtension = null;
      if (event.payload.approved && s.round) {
        s.round.extensionDays += event.payload.days;
        s.round.extensionsGranted += 1;
      }
      return;
    }
    case 'pressed':
      s.presses.push({ at: event.at, actor: event.actor, note: event.payload.note });
      return;
    case 'escalated': {
      const round = s.round?.number ?? 0;
      s.escalations.push({ level: event.payload.level, at: event.at, round });
      s.round?.escalations.push({ level: event.payload.level, at: event.at });
      return;
    }
    case 'reply_submitted': {
      const p = event.payload;
      const reply: ReplyRecord = {
        text: p.text,
        unitId: p.unitId,
        attachmentIds: [...p.attachmentIds],
        at: event.at,
        direct: false,
        rejected: null,
      };
      s.replies.push(reply);
      s.reply = reply;
      if (!s.repliedUnitIds.includes(p.unitId)) s.repliedUnitIds.push(p.unitId);
      if (s.round) s.round.repliedAt = event.at;
      s.pendingExtension = null;
      s.state = 'replied';
      return;
    }
    case 'reply_rejected': {
      const last = s.replies.at(-1);
      if (last) last.rejected = { reason: event.payload.reason, note: event.payload.note, at: event.at };
      s.reply = [...s.replies].reverse().find((r) => r.rejected === null) ?? null;
      // The handler must reply again; the resolution clock keeps running from the round's start.
      if (s.round) s.round.repliedAt = null;
      s.state = 'in_progress';
      return;
    }
    case 'assist_note':
      s.assistNotes.push({ ...event.payload, at: event.at });
      return;
    case 'rated': {
      const rating: RatingRecord = { ...event.payload, at: event.at };
      s.ratings.push(rating);
      s.rating = rating;
      s.state = 'rated';
      return;
    }
    case 'reopened': {
      const unitId = event.payload.unitId;
      s.reopenCount += 1;
      if (unitId === null) {
        // A direct answer the citizen did not accept goes back to the dispatcher.
        s.round = null;
        s.acceptedAt = null;
        s.state = 'classified';
        return;
      }
      increment(s.reopensByUnit, unitId);
      s.leadUnitId = unitId;
      startRound(s, unitId, event.at, 'reopened');
      return;
    }
    case 'appeal_filed':
      s.appeals.push({
        unitId: event.payload.unitId,
        reason: event.payload.reason,
        evidence: [...event.payload.evidence],
        evidenceText: event.payload.evidenceText ?? null,
        filedAt: event.at,
        decision: null,
      });
      return;
    case 'appeal_decided': {
      const appeal = s.appeals.find((a) => a.unitId === event.payload.unitId && a.decision === null);
      if (appeal) appeal.decision = { approved: event.payload.approved, note: event.payload.note, at: event.at };
      return;
    }
    case 'whistle_blown': {
      const p = event.payload;
      s.whistle = {
        townshipUnitId: p.unitId,
        blownAt: event.at,
        reportLimitHours: p.reportLimitHours,
        reportDueAt: new Date(event.at.getTime() + p.reportLimitHours * MS_PER_HOUR),
        departments: p.departmentUnitIds.map((unitId) => ({
          unitId,
          reportedAt: null,
          late: null,
          score: null,
          comment: null,
        })),
      };
      return;
    }
    case 'whistle_reported': {
      const whistle = s.whistle;
      const department = whistle?.departments.find((d) => d.unitId === event.payload.unitId);
      if (whistle && department) {
        department.reportedAt = event.at;
        department.late = event.at.getTime() > whistle.reportDueAt.getTime();
      }
      return;
    }
    case 'whistle_rated': {
      const department = s.whistle?.departments.find((d) => d.unitId === event.payload.unitId);
      if (department) {
        department.score = event.payload.score;
        department.comment = event.payload.comment;
      }
      return;
    }
    case 'merged_into':
      s.mergedInto = event.payload.originalId;
      s.state = 'merged';
      return;
    case 'closed':
      s.closedAt = event.at;
      s.closedUnrated = event.payload.unrated === true;
      s.state = 'closed';
      return;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown request event ${JSON.stringify(unknown)}`);
    }
  }
}

function flagsOf(s: RequestSnapshot): RequestFlags {
  return {
    bounced: isBounced(s),
    pressed: s.presses.length > 0,
    escalated: s.escalations.length > 0,
    extended: s.extensions.some((e) => e.decision?.approved === true),
    reopened: s.reopenCount > 0,
    answeredDirectly: s.replies.some((r) => r.direct),
    appealApproved: s.appeals.some((a) => a.decision?.approved === true),
    whistle: s.whistle !== null,
  };
}

/** Tells whether a unit's rates exclude this request because the unit's appeal was approved (核减), while the request stays in the record. */
export function isExcludedFromRates(snapshot: RequestSnapshot, unitId: number): boolean {
  return snapshot.appeals.some((a) => a.unitId === unitId && a.decision?.approved === true);
}
