import { createHash, randomBytes } from 'node:crypto';
import type { Page } from '../../../contracts/common.js';
import type { ErrorCode } from '../../../contracts/errors.js';
import type {
  DuplicateCandidate,
  EventActor,
  RequestAction,
  RequestDetail,
  RequestEvent,
  RequestIntake,
  RequestIntakeResult,
  RequestListQuery,
  RequestState,
  RequestSummary,
  TimeLimitRule,
} from '../../../contracts/requests.js';
import type { Permission } from '../../../contracts/roles.js';
import type { HomeCard } from '../../app.js';
import { appendAudit, auditActorOf } from '../../platform/audit/index.js';
import {
  addWorkingDays,
  addWorkingHours,
  loadWorkingCalendar,
  workingDaysBetween,
  workingHoursBetween,
} from '../../platform/calendar/index.js';
import { maskName, maskPhone, normalisePhone } from '../../platform/crypto/mask.js';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import type { Actor } from '../../platform/http/actor.js';
import { AppError, toFieldIssues } from '../../platform/http/errors.js';
import { buildSearchText, normaliseText } from '../../platform/text/index.js';
import { divisionAncestors, findUnitById, listUnitsOwningCategory } from '../org/index.js';
import { proposeLeadUnit } from './domain/dispatch-proposal.js';
import { formatRequestNumber, receiptCodeFromBytes, requestNumberDay } from './domain/numbering.js';
import {
  availableActions,
  classifyRequest,
  type DecisionContext,
  decideCommand,
  type RequestCommand,
  type RequestDomainError,
  type RequestDomainErrorType,
  receiveRequest,
} from './domain/request-commands.js';
import { applyRequestEvents, foldRequestEvents, type RequestSnapshot } from './domain/request-state.js';
import { computeDeadlines, DEFAULT_TIME_LIMIT_RULES, resolveTimeLimit } from './domain/time-limits.js';
import { bindWorkingTime, type WorkingTime } from './domain/working-time.js';
import {
  appendRequestEvents,
  countRequestsInState,
  findCategoryLineage,
  findDuplicateCandidates,
  findPlaceGovernments,
  findRequest,
  findRequestByIdempotencyKey,
  findUnitNames,
  insertRequest,
  listRequests,
  loadRequestEvents,
  loadTimeLimitRules,
  lockIdempotencyKey,
  lockRequest,
  nextRequestSequence,
  type RequestProjection,
  type RequestRow,
  updateRequestProjection,
} from './requests.repository.js';

/** The signed-in user a request use case acts for. */
export type RequestsActor = Pick<
  Actor,
  'userId' | 'username' | 'displayName' | 'permissions' | 'scope' | 'unitId' | 'roles'
>;

const PHONE_CONTEXT = 'citizen.phone';
const NAME_CONTEXT = 'citizen.name';
/** Duplicates are looked for among the requests of the last 90 days. */
const DUPLICATE_WINDOW_DAYS = 90;
/** pg_trgm similarity above which two texts of one place count as near-identical. */
const DUPLICATE_SIMILARITY = 0.4;

// ---------------------------------------------------------------------------------------------
// Errors

/** Every rule of the domain has its error code; a new domain error type does not compile until it is mapped here. */
export const DOMAIN_ERROR_CODES: Readonly<Record<RequestDomainErrorType, ErrorCode>> = {
  InvalidTransition: 'REQUEST_INVALID_TRANSITION',
  InvalidInput: 'REQUEST_INVALID_INPUT',
  NotAssignedUnit: 'REQUEST_NOT_ASSIGNED_UNIT',
  ReturnLimitReached: 'REQUEST_RETURN_LIMIT_REACHED',
  ReturnWindowClosed: 'REQUEST_RETURN_WINDOW_CLOSED',
  ReturnFinallyRuled: 'REQUEST_RETURN_FINALLY_RULED',
  RedispatchToReturningUnit: 'REQUEST_REDISPATCH_TO_RETURNING_UNIT',
  TextTooShort: 'REQUEST_TEXT_TOO_SHORT',
  DirectAnswerOnlyForConsultations: 'REQUEST_DIRECT_ANSWER_ONLY_CONSULTATION',
  ReplyRejected: 'REQUEST_REPLY_REJECTED',
  NoReply: 'REQUEST_NO_REPLY',
  ExtensionPending: 'REQUEST_EXTENSION_PENDING',
  NoPendingExtension: 'REQUEST_NO_PENDING_EXTENSION',
  ExtensionLimitReached: 'REQUEST_EXTENSION_LIMIT_REACHED',
  DeadlinePassed: 'REQUEST_DEADLINE_PASSED',
  AlreadyEscalated: 'REQUEST_ALREADY_ESCALATED',
  AppealAlreadyFiled: 'REQUEST_APPEAL_ALREADY_FILED',
  NoPendingAppeal: 'REQUEST_NO_PENDING_APPEAL',
  NotTownshipOfPlace: 'REQUEST_NOT_TOWNSHIP_OF_PLACE',
  WhistleAlreadyBlown: 'REQUEST_WHISTLE_ALREADY_BLOWN',
  NoWhistle: 'REQUEST_NO_WHISTLE',
  AlreadyReported: 'REQUEST_WHISTLE_ALREADY_REPORTED',
  WhistleAlreadyRated: 'REQUEST_WHISTLE_ALREADY_RATED',
  WhistleReportPending: 'REQUEST_WHISTLE_REPORT_PENDING',
};

/** An AppError whose details name one field, so the error handler says which field is wrong. */
function fieldError(code: ErrorCode, field: string, zh: string, en: string, extra: object = {}): AppError {
  const zhIssue = toFieldIssues([{ path: [field], message: zh }], 'zh')[0]!;
  const enIssue = toFieldIssues([{ path: [field], message: en }], 'en')[0]!;
  return new AppError(code, {
    ...extra,
    issues: [{ ...zhIssue, messageZh: zhIssue.messageZh, messageEn: enIssue.messageEn }],
  });
}

/** Turns a refused decision into the AppError of its code; field rules name their field, the rest carry the error's facts. */
export function domainError(error: RequestDomainError): AppError {
  const code = DOMAIN_ERROR_CODES[error.type];
  switch (error.type) {
    case 'InvalidInput':
      return fieldError(code, error.field, error.message.zh, error.message.en);
    case 'TextTooShort':
      return fieldError(
        code,
        error.field,
        `至少 ${error.minLength} 个字`,
        `at least ${error.minLength} characters`,
        error,
      );
    case 'ReplyRejected':
      return fieldError(code, 'text', error.message.zh, error.message.en, { reason: error.reason });
    default:
      return new AppError(code, error);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** The county a place belongs to (the first six digits): the tenant of the request's rows. */
export function tenantOf(divisionCode: string): string {
  return `${divisionCode.slice(0, 6)}000000`;
}

const eventActorOf = (actor: RequestsActor): EventActor => ({
  userId: actor.userId,
  unitId: actor.unitId,
  name: actor.displayName,
});

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Binds the platform calendar's working-day arithmetic for the rules; loaded outside any transaction (cached). */
async function loadWorkingTime(deps: Pick<Deps, 'db' | 'now'>): Promise<WorkingTime> {
  const calendar = await loadWorkingCalendar(deps);
  return bindWorkingTime(calendar, { addWorkingDays, addWorkingHours, workingDaysBetween, workingHoursBetween });
}

/** The county's configured rules, or the built-in defaults (DEFAULT_TIME_LIMIT_RULES) while none are configured. */
async function rulesFor(db: Db, tenantCode: string): Promise<readonly TimeLimitRule[]> {
  const rules = await loadTimeLimitRules(db, tenantCode);
  return rules.length > 0 ? rules : DEFAULT_TIME_LIMIT_RULES;
}

const limitsOf = (rules: readonly TimeLimitRule[], s: RequestSnapshot) =>
  resolveTimeLimit(rules, { categoryCode: s.categoryCode, type: s.type, urgency: s.urgency });

function projectionOf(
  s: RequestSnapshot,
  rules: readonly TimeLimitRule[],
  workingTime: WorkingTime,
  now: Date,
  fallbackDivision: string,
): RequestProjection {
  const deadlines = computeDeadlines(s, limitsOf(rules, s), workingTime, now);
  const divisionCode = s.divisionCode ?? fallbackDivision;
  return {
    tenantCode: tenantOf(divisionCode),
    type: s.type,
    urgency: s.urgency,
    categoryCode: s.categoryCode,
    divisionCode,
    address: s.address,
    state: s.state,
    leadUnitId: s.leadUnitId,
    assistUnitIds: s.assistUnitIds,
    acceptedAt: s.acceptedAt,
    responseDeadline: deadlines.response?.dueAt ?? null,
    resolutionDeadline: deadlines.resolution?.dueAt ?? null,
    repliedAt: s.reply?.at ?? null,
    closedAt: s.closedAt,
    bounced: s.flags.bounced,
    searchText: buildSearchText([s.number, s.title, s.text, s.address]),
    version: s.eventCount,
  };
}

async function divisionOrFail(db: Db, code: string, field = 'divisionCode') {
  const lineage = await divisionAncestors(db, code);
  if (lineage.length === 0) {
    throw fieldError('REQUEST_DIVISION_UNKNOWN', field, `行政区划 ${code} 不存在`, `division ${code} does not exist`);
  }
  return lineage;
}

async function categoryOrFail(db: Db, code: string): Promise<string[]> {
  const lineage = await findCategoryLineage(db, code);
  if (!lineage) {
    throw fieldError('REQUEST_CATEGORY_UNKNOWN', 'categoryCode', `诉求分类 ${code} 不存在`, `unknown category ${code}`);
  }
  return lineage;
}

async function unitsOrFail(db: Db, ids: readonly number[], field: string): Promise<void> {
  for (const id of ids) {
    if (!(await findUnitById(db, id))) {
      throw fieldError('REQUEST_UNIT_UNKNOWN', field, `单位 ${id} 不存在`, `unit ${id} does not exist`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Intake

/**
 * Receives a request (受理): numbers it from the day's sequence, issues a receipt code (only its hash is kept: the
 * code is shown once), normalises the text, seals the citizen's name and phone, records the receiver as the
 * first-inquiry owner (首问责任), and classifies it at once when a category is given. A retried submission with the
 * same idempotency key returns the first request (`created: false`, no receipt code).
 */
export async function intakeRequest(
  deps: Deps,
  actor: RequestsActor,
  input: RequestIntake,
  httpRequestId: string,
): Promise<{ created: boolean; result: RequestIntakeResult }> {
  const now = deps.now();
  const workingTime = await loadWorkingTime(deps);
  const key = input.idempotencyKey ?? null;
  const anonymous = input.anonymous ?? false;
  const phone = !anonymous && input.citizenPhone ? normalisePhone(input.citizenPhone) : null;
  const name = !anonymous && input.citizenName ? input.citizenName.trim() : null;
  const ctx: DecisionContext = {
    now,
    actor: eventActorOf(actor),
    workingTime,
    limits: resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, {
      categoryCode: null,
      type: input.type,
      urgency: input.urgency ?? 'normal',
    }),
  };
  return deps.db.transaction().execute(async (trx) => {
    if (key) {
      await lockIdempotencyKey(trx, key);
      const existing = await findRequestByIdempotencyKey(trx, key);
      if (existing) return { created: false, result: { id: existing.id, number: existing.number } };
    }
    await divisionOrFail(trx, input.divisionCode);
    if (input.categoryCode) await categoryOrFail(trx, input.categoryCode);

    const number = formatRequestNumber(now, await nextRequestSequence(trx, requestNumberDay(now)));
    const body = normaliseText(input.body);
    const received = receiveRequest(
      {
        number,
        channel: input.channel,
        type: input.type,
        text: body,
        title: input.title ? normaliseText(input.title) : null,
        anonymous,
        divisionCode: input.divisionCode,
        address: input.address ? normaliseText(input.address) : null,
        sourceRef: null,
      },
      ctx,
    );
    if (!received.ok) throw domainError(received.error);
    const events: RequestEvent[] = [...received.events];
    if (input.categoryCode) {
      const classified = classifyRequest(
        foldRequestEvents(events),
        {
          categoryCode: input.categoryCode,
          type: input.type,
          urgency: input.urgency ?? 'normal',
          divisionCode: input.divisionCode,
          address: input.address ? normaliseText(input.address) : null,
        },
        ctx,
      );
      if (!classified.ok) throw domainError(classified.error);
      events.push(...classified.events);
    }
    const snapshot = foldRequestEvents(events);
    const receiptCode = receiptCodeFromBytes(randomBytes(8));
    const tenantCode = tenantOf(input.divisionCode);
    const id = await insertRequest(trx, {
      tenantCode,
      number,
      receiptCodeHash: sha256(receiptCode),
      idempotencyKey: key,
      channel: input.channel,
      type: input.type,
      title: snapshot.title,
      body,
      bodyOriginal: input.body,
      divisionCode: input.divisionCode,
      address: snapshot.address,
      citizenNameEnc: name ? deps.cipher.encrypt(name, NAME_CONTEXT) : null,
      citizenPhoneEnc: phone ? deps.cipher.encrypt(phone, PHONE_CONTEXT) : null,
      citizenPhoneMask: phone ? maskPhone(phone) : null,
      citizenPhoneHash: phone ? deps.cipher.lookupHash(phone) : null,
      state: snapshot.state,
      receivedAt: now,
      firstOwnerUserId: actor.userId,
    });
    await appendRequestEvents(trx, id, tenantCode, 0, events);
    const rules = await rulesFor(trx, tenantCode);
    await updateRequestProjection(trx, id, projectionOf(snapshot, rules, workingTime, now, input.divisionCode), now);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'request.create',
      objectType: 'request',
      objectId: id,
      after: { number, state: snapshot.state, channel: input.channel, type: input.type },
      requestId: httpRequestId,
      at: now,
    });
    return { created: true, result: { id, number, receiptCode } };
  });
}

// ---------------------------------------------------------------------------------------------
// Actions

/** What each API action needs: its permission, and whether only the lead unit's staff can take it. */
export const ACTION_ACCESS: Readonly<Partial<Record<RequestAction, { permission: Permission; leadOnly?: true }>>> = {
  classify: { permission: 'requests:intake' },
  dispatch: { permission: 'requests:dispatch' },
  accept: { permission: 'requests:handle', leadOnly: true },
  return: { permission: 'requests:handle', leadOnly: true },
  ruleOnReturn: { permission: 'requests:dispatch' },
  reply: { permission: 'requests:handle', leadOnly: true },
  rate: { permission: 'requests:intake' },
  close: { permission: 'requests:dispatch' },
  requestExtension: { permission: 'requests:handle', leadOnly: true },
  decideExtension: { permission: 'requests:dispatch' },
  press: { permission: 'requests:press' },
};

/** The actions this user could attempt on a request now: the state gate, their permissions, and the lead unit. */
export function actionsFor(actor: RequestsActor, state: RequestState, leadUnitId: number | null): RequestAction[] {
  return availableActions(state).filter((action) => {
    const access = ACTION_ACCESS[action];
    if (!access || !actor.permissions.has(access.permission)) return false;
    return !access.leadOnly || (actor.unitId !== null && actor.unitId === leadUnitId);
  });
}

/** Units a command names, checked to exist before the rules run. */
function unitsNamedBy(command: RequestCommand): { field: string; ids: number[] }[] {
  if (command.action === 'dispatch') {
    return [
      { field: 'leadUnitId', ids: [command.leadUnitId] },
      { field: 'assistUnitIds', ids: [...command.assistUnitIds] },
    ];
  }
  if (command.action === 'ruleOnReturn' && command.decision === 'redispatch') {
    return [
      { field: 'dispatch.leadUnitId', ids: [command.dispatch.leadUnitId] },
      { field: 'dispatch.assistUnitIds', ids: [...command.dispatch.assistUnitIds] },
    ];
  }
  return [];
}

const AUDIT_ACTIONS: Readonly<Partial<Record<RequestAction, string>>> = {
  classify: 'request.classify',
  dispatch: 'request.dispatch',
  accept: 'request.accept',
  return: 'request.return',
  ruleOnReturn: 'request.rule_return',
  reply: 'request.reply',
  rate: 'request.rate',
  close: 'request.close',
  requestExtension: 'request.request_extension',
  decideExtension: 'request.decide_extension',
  press: 'request.press',
};

/**
 * Runs one command on a request in one transaction: lock the row, load and fold the log, decide with the clock read
 * once, the working calendar and the county's limits, append the events, rebuild the projection and write the audit
 * entry. A request outside the actor's scope reads as not found; a refused rule is its REQUEST_* error.
 */
export async function runRequestCommand(
  deps: Deps,
  actor: RequestsActor,
  id: number,
  command: RequestCommand,
  httpRequestId: string,
): Promise<{ id: number; state: RequestState; version: number }> {
  const now = deps.now();
  const workingTime = await loadWorkingTime(deps);
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockRequest(trx, id);
    if (!row || !(await findRequest(trx, actor.scope, actor.userId, id))) throw new AppError('REQUEST_NOT_FOUND');
    for (const { field, ids } of unitsNamedBy(command)) await unitsOrFail(trx, ids, field);
    if (command.action === 'classify') {
      await categoryOrFail(trx, command.categoryCode);
      await divisionOrFail(trx, command.divisionCode);
    }
    const stored = await loadRequestEvents(trx, id);
    const snapshot = foldRequestEvents(stored.map((s) => s.event));
    const rules = await rulesFor(trx, row.tenantCode);
    const decision = decideCommand(snapshot, command, {
      now,
      actor: eventActorOf(actor),
      workingTime,
      limits: limitsOf(rules, snapshot),
    });
    if (!decision.ok) throw domainError(decision.error);
    await appendRequestEvents(trx, id, row.tenantCode, stored.length, decision.events);
    const next = applyRequestEvents(snapshot, decision.events);
    await updateRequestProjection(trx, id, projectionOf(next, rules, workingTime, now, row.divisionCode), now);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: AUDIT_ACTIONS[command.action] ?? `request.${command.action}`,
      objectType: 'request',
      objectId: id,
      before: { state: snapshot.state, leadUnitId: snapshot.leadUnitId },
      after: { state: next.state, leadUnitId: next.leadUnitId, events: decision.events.map((e) => e.type) },
      requestId: httpRequestId,
      at: now,
    });
    return { id, state: next.state, version: next.eventCount };
  });
}

// ---------------------------------------------------------------------------------------------
// Reads

function toSummary(r: RequestRow & { overdue?: boolean }, now: Date): RequestSummary {
  const overdue =
    r.overdue ??
    ((r.state === 'dispatched' && r.responseDeadline !== null && r.responseDeadline < now) ||
      (r.state === 'in_progress' && r.resolutionDeadline !== null && r.resolutionDeadline < now));
  return {
    id: r.id,
    number: r.number,
    channel: r.channel as RequestSummary['channel'],
    type: r.type as RequestSummary['type'],
    urgency: r.urgency as RequestSummary['urgency'],
    state: r.state as RequestState,
    title: r.title,
    categoryCode: r.categoryCode,
    divisionCode: r.divisionCode,
    address: r.address,
    leadUnitId: r.leadUnitId,
    assistUnitIds: r.assistUnitIds,
    citizenPhoneMask: r.citizenPhoneMask,
    receivedAt: r.receivedAt.toISOString(),
    acceptedAt: iso(r.acceptedAt),
    responseDeadline: iso(r.responseDeadline),
    resolutionDeadline: iso(r.resolutionDeadline),
    repliedAt: iso(r.repliedAt),
    closedAt: iso(r.closedAt),
    bounced: r.bounced,
    overdue,
  };
}

/** One page of the requests in the actor's scope, filtered, newest first. */
export async function listRequestsPage(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: RequestsActor,
  query: RequestListQuery,
): Promise<Page<RequestSummary>> {
  const now = deps.now();
  const { page, pageSize, q, from, to, ...filters } = query;
  const search = q ? normaliseText(q).toLowerCase() : undefined;
  const { items, total } = await listRequests(
    deps.db,
    actor.scope,
    actor.userId,
    { ...filters, search, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
    { offset: (page - 1) * pageSize, limit: pageSize },
    now,
  );
  return { items: items.map((r) => toSummary(r, now)), total, page, pageSize };
}

/** A request in the actor's scope with its timeline, deadlines and the actions they may take; the citizen's data masked. */
export async function getRequestDetail(deps: Deps, actor: RequestsActor, id: number): Promise<RequestDetail> {
  const now = deps.now();
  const workingTime = await loadWorkingTime(deps);
  const row = await findRequest(deps.db, actor.scope, actor.userId, id);
  if (!row) throw new AppError('REQUEST_NOT_FOUND');
  const stored = await loadRequestEvents(deps.db, id);
  const snapshot = foldRequestEvents(stored.map((s) => s.event));
  const rules = await rulesFor(deps.db, row.tenantCode);
  const d = computeDeadlines(snapshot, limitsOf(rules, snapshot), workingTime, now);
  const name = row.citizenNameEnc ? maskName(deps.cipher.decrypt(row.citizenNameEnc, NAME_CONTEXT)) : null;
  return {
    ...toSummary(row, now),
    body: row.body,
    bodyOriginal: row.bodyOriginal,
    citizenNameMask: name,
    firstOwnerUserId: row.firstOwnerUserId,
    deadlines: {
      response: d.response
        ? {
            startsAt: d.response.startsAt.toISOString(),
            dueAt: d.response.dueAt.toISOString(),
            overdue: d.response.overdue,
          }
        : null,
      returnWindow: d.returnWindow
        ? {
            startsAt: d.returnWindow.startsAt.toISOString(),
            endsAt: d.returnWindow.endsAt.toISOString(),
            open: d.returnWindow.open,
          }
        : null,
      resolution: d.resolution
        ? {
            startsAt: d.resolution.startsAt.toISOString(),
            dueAt: d.resolution.dueAt.toISOString(),
            overdue: d.resolution.overdue,
            extensionDays: d.resolution.extensionDays,
            usedFraction: d.resolution.usedFraction,
          }
        : null,
    },
    availableActions: actionsFor(actor, snapshot.state, snapshot.leadUnitId),
    events: stored.map(({ seq, event }) => ({
      seq,
      type: event.type,
      at: event.at.toISOString(),
      actor: event.actor,
      payload: event.payload as Record<string, unknown>,
    })),
  };
}

/**
 * Proposes the lead and assisting units of a classified request from its place (属地) and category (职能), with the
 * reasons; with no owner in the catalogue, the township government of the place owns it (兜底).
 */
export async function getDispatchProposal(deps: Pick<Deps, 'db'>, actor: RequestsActor, id: number) {
  const row = await findRequest(deps.db, actor.scope, actor.userId, id);
  if (!row) throw new AppError('REQUEST_NOT_FOUND');
  if (!row.categoryCode) throw new AppError('REQUEST_NOT_CLASSIFIED');
  const categoryAncestors = (await findCategoryLineage(deps.db, row.categoryCode)) ?? [row.categoryCode];
  const places = await divisionAncestors(deps.db, row.divisionCode);
  const owners = [];
  for (const code of categoryAncestors) {
    for (const unit of await listUnitsOwningCategory(deps.db, code)) owners.push({ ...unit, ownedCategoryCode: code });
  }
  const proposal = proposeLeadUnit({
    categoryCode: row.categoryCode,
    categoryAncestors,
    divisionCode: row.divisionCode,
    divisionAncestors: places,
    unitsOwningCategory: owners,
    placeGovernments: await findPlaceGovernments(
      deps.db,
      places.map((p) => p.code),
    ),
  });
  const ids = [...(proposal.leadUnitId ? [proposal.leadUnitId] : []), ...proposal.assistUnitIds];
  return { ...proposal, units: await findUnitNames(deps.db, ids) };
}

/** Possible duplicates of a request being typed: same phone, or same place and near-identical text, in the last 90 days. */
export async function findDuplicates(
  deps: Deps,
  actor: RequestsActor,
  query: { phone?: string | undefined; divisionCode?: string | undefined; text?: string | undefined },
): Promise<DuplicateCandidate[]> {
  const now = deps.now();
  const phone = query.phone ? normalisePhone(query.phone) : '';
  const rows = await findDuplicateCandidates(
    deps.db,
    actor.scope,
    actor.userId,
    {
      phoneHash: phone ? deps.cipher.lookupHash(phone) : undefined,
      divisionCode: query.divisionCode,
      text: query.text ? buildSearchText([query.text]) : undefined,
    },
    new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000),
    DUPLICATE_SIMILARITY,
    20,
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    state: r.state as RequestState,
    divisionCode: r.divisionCode,
    receivedAt: r.receivedAt.toISOString(),
    samePhone: r.samePhone,
    score: r.samePhone ? 1 : Math.round(r.similarity * 1000) / 1000,
  }));
}

/** Home cards: requests waiting for this user's role within their scope. */
export async function requestHomeCards(deps: Pick<Deps, 'db'>, actor: RequestsActor): Promise<HomeCard[]> {
  const cards: HomeCard[] = [];
  const count = (states: RequestState[]) => countRequestsInState(deps.db, actor.scope, actor.userId, states);
  if (actor.permissions.has('requests:dispatch')) {
    cards.push({
      key: 'requests/dispatch',
      label: { zh: '待派单', en: 'To dispatch' },
      count: await count(['received', 'classified']),
    });
    cards.push({
      key: 'requests/returned',
      label: { zh: '退单待审', en: 'Returned' },
      count: await count(['returned']),
    });
  }
  if (actor.permissions.has('requests:handle')) {
    cards.push({ key: 'requests/inbox', label: { zh: '待签收', en: 'To accept' }, count: await count(['dispatched']) });
    cards.push({
      key: 'requests/in-progress',
      label: { zh: '办理中', en: 'In progress' },
      count: await count(['in_progress']),
    });
  }
  if (actor.permissions.has('requests:intake') && !actor.permissions.has('requests:dispatch')) {
    cards.push({
      key: 'requests/callback',
      label: { zh: '待回访', en: 'To call back' },
      count: await count(['replied']),
    });
  }
  if (cards.length === 0 && actor.permissions.has('requests:read')) {
    cards.push({ key: 'requests', label: { zh: '诉求', en: 'Requests' } });
  }
  return cards;
}
