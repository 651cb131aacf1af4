import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Page } from '../../../contracts/common.js';
import type { ErrorCode } from '../../../contracts/errors.js';
import type {
  EventActor,
  PublicRateBody,
  PublicTimelineStep,
  PublicTrackResponse,
  RequestAction,
  RequestDetail,
  RequestEvent,
  RequestExportQuery,
  RequestIntake,
  RequestIntakeResult,
  RequestListQuery,
  RequestState,
  RequestSummary,
  TimeLimitRule,
} from '../../../contracts/requests.js';
import {
  DUE_SOON_WORKING_HOURS,
  REQUEST_CHANNEL_LABELS,
  REQUEST_STATE_LABELS,
  REQUEST_TYPE_LABELS,
  URGENCY_LABELS,
} from '../../../contracts/requests.js';
import type { Permission, Scope } from '../../../contracts/roles.js';
import { appendAudit, auditActorOf, auditEntryOf, noteAuditAppended } from '../../platform/audit/index.js';
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
import { beijingTime, EXPORT_MAX_ROWS, toXlsx } from '../../platform/http/xlsx.js';
import { buildSearchText, normaliseText } from '../../platform/text/index.js';
import {
  divisionAncestors,
  findCategoryLineage,
  findDivisionNames,
  findPlaceGovernments,
  findUnitById,
  findUnitNames,
  listUnitsOwningCategory,
} from '../org/index.js';
import { linkCommandAttachments, linkIntakeAttachments, requestAttachmentsByEvent } from './attachments.service.js';
import { detectIntakeWorkStyle, tagWorkStyleAtIntake } from './classification.service.js';
import { returningUnitIds } from './domain/bounce.js';
import { proposeLeadUnit } from './domain/dispatch-proposal.js';
import { formatRequestNumber, receiptCodeFromBytes, requestNumberDay } from './domain/numbering.js';
import {
  availableActions,
  classifyRequest,
  type DecisionContext,
  decideCommand,
  mergeRequest,
  type RequestCommand,
  type RequestDomainError,
  type RequestDomainErrorType,
  receiveRequest,
} from './domain/request-commands.js';
import {
  applyRequestEvents,
  foldRequestEvents,
  isExcludedFromRates,
  type RequestSnapshot,
} from './domain/request-state.js';
import { computeDeadlines, DEFAULT_TIME_LIMIT_RULES, resolveTimeLimit } from './domain/time-limits.js';
import { bindWorkingTime, type WorkingTime } from './domain/working-time.js';
import { signText, storeTextSignature } from './duplicates.service.js';
import { type IntakeConfig, intakeConfig } from './intake-config.js';
import { newRequestFacts, recordNewRequestsFacts, recordRequestFacts } from './metrics.facts.js';
import { requestFactRows } from './metrics.repository.js';
import { drawRequestSequence } from './number-drawer.js';
import { SERVICE_REPLY_CHECK } from './reply-check.service.js';
import { recordRequestSideEffects } from './requests.notices.js';
import {
  appendRequestEvents,
  findMergedDuplicates,
  findRequest,
  findRequestByIdempotencyKey,
  findRequestLink,
  findRequestReceipt,
  hasMergedDuplicates,
  insertIntakeRequest,
  insertNewRequest,
  isDayNumbersExhausted,
  listRequests,
  loadRequestEvents,
  loadTimeLimitRules,
  lockRequest,
  type RequestFilters,
  type RequestProjection,
  type RequestRow,
  unitsOutsideCounty,
  unitsOutsideScope,
  updateRequestProjection,
} from './requests.repository.js';
import { loadRequestSettings } from './settings.repository.js';

/** The signed-in user a request use case acts for. */
export type RequestsActor = Pick<
  Actor,
  'userId' | 'username' | 'displayName' | 'permissions' | 'scope' | 'unitId' | 'roles'
>;

export const PHONE_CONTEXT = 'citizen.phone';
export const NAME_CONTEXT = 'citizen.name';

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
      // The relevance score and the shared words tell the handler why a reply reads as off-topic (答非所问).
      return fieldError(code, 'text', error.message.zh, error.message.en, {
        reason: error.reason,
        ...(error.relevance ? { score: error.relevance.score, matched: error.relevance.matched } : {}),
      });
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
export async function loadWorkingTime(deps: Pick<Deps, 'db' | 'now'>): Promise<WorkingTime> {
  const calendar = await loadWorkingCalendar(deps);
  return bindWorkingTime(calendar, { addWorkingDays, addWorkingHours, workingDaysBetween, workingHoursBetween });
}

/** The county's configured rules, or the built-in defaults (DEFAULT_TIME_LIMIT_RULES) while none are configured. */
export async function rulesFor(db: Db, tenantCode: string): Promise<readonly TimeLimitRule[]> {
  const rules = await loadTimeLimitRules(db, tenantCode);
  return rules.length > 0 ? rules : DEFAULT_TIME_LIMIT_RULES;
}

export const limitsOf = (rules: readonly TimeLimitRule[], s: RequestSnapshot) =>
  resolveTimeLimit(rules, { categoryCode: s.categoryCode, type: s.type, urgency: s.urgency });

/** The `request` row's projection of a snapshot, exactly as every write stores it (also used by the demo loader). */
export function projectionOf(
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
    whistleUnitIds: s.whistle ? s.whistle.departments.map((d) => d.unitId) : [],
    ratesExcludedUnitIds: s.appeals.filter((a) => isExcludedFromRates(s, a.unitId)).map((a) => a.unitId),
    appealPending: s.appeals.some((a) => a.decision === null),
    mergedIntoId: s.mergedInto,
    extensionPending: s.pendingExtension !== null,
    disputed: isDisputed(s),
    searchText: buildSearchText([s.number, s.title, s.text, s.address]),
    replyText: s.reply ? normaliseText(s.reply.text) : '',
    version: s.eventCount,
  };
}

/**
 * The disputed queue (争议件): ownership contested — a return awaiting the ruling after another unit already returned
 * it — or a reply the dispatcher sent back that the unit has not answered again.
 */
function isDisputed(s: RequestSnapshot): boolean {
  if (s.state === 'returned') return returningUnitIds(s).length >= 2;
  if (s.state === 'in_progress') return s.replies.at(-1)?.rejected != null;
  return false;
}

/**
 * The original a request may be merged into (合并重复件): another request, in the actor's scope, not itself merged —
 * chains are refused rather than followed, and a request with duplicates is never merged (see executeCommand), so
 * every duplicate points at a request that carries on. The original's row is locked until the merge commits.
 */
async function mergeOriginalOrFail(
  trx: Db,
  who: { scope: Scope; userId: number },
  selfId: number | null,
  originalId: number,
  field: string,
): Promise<void> {
  if (originalId === selfId) {
    throw fieldError('REQUEST_MERGE_SELF', field, '不能合并到自身', 'cannot be the request itself');
  }
  const locked = await lockRequest(trx, originalId);
  if (!locked || !(await findRequest(trx, who.scope, who.userId, originalId))) {
    throw fieldError('REQUEST_MERGE_ORIGINAL_UNKNOWN', field, '原诉求不存在', 'no such request in your scope');
  }
  if (locked.state === 'merged') {
    const link = await findRequestLink(trx, originalId);
    throw fieldError(
      'REQUEST_MERGE_ORIGINAL_MERGED',
      field,
      `诉求 ${locked.number} 已合并到其他诉求`,
      `request ${locked.number} was merged into another`,
      { mergedIntoId: link?.mergedIntoId ?? null },
    );
  }
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
 * Why an intake is answered without writing, checked in this order: a known idempotency key (the first request is
 * the answer), then an unknown place, then an unknown or inactive category. Resolves to the known request, or
 * undefined when none of them applies.
 */
async function intakeRefusal(
  db: Db,
  key: string | null,
  input: Pick<RequestIntake, 'divisionCode' | 'categoryCode'>,
): Promise<{ id: number; number: string } | undefined> {
  const [known, divisionNames, categoryLineage] = await Promise.all([
    key ? findRequestByIdempotencyKey(db, key) : undefined,
    findDivisionNames(db, [input.divisionCode]),
    input.categoryCode ? findCategoryLineage(db, input.categoryCode) : undefined,
  ]);
  if (known) return known;
  if (!divisionNames.has(input.divisionCode)) {
    throw fieldError(
      'REQUEST_DIVISION_UNKNOWN',
      'divisionCode',
      `行政区划 ${input.divisionCode} 不存在`,
      `division ${input.divisionCode} does not exist`,
    );
  }
  if (input.categoryCode && !categoryLineage) {
    throw fieldError(
      'REQUEST_CATEGORY_UNKNOWN',
      'categoryCode',
      `诉求分类 ${input.categoryCode} 不存在`,
      `unknown category ${input.categoryCode}`,
    );
  }
  return undefined;
}

/**
 * Receives a request (受理): numbers it from the day's counter (unique and increasing; a failed intake leaves a gap), issues a receipt code (only its hash is kept: the
 * code is shown once), normalises the text, seals the citizen's name and phone, records the receiver as the
 * first-inquiry owner (首问责任), and classifies it at once when a category is given. A retried submission with the
 * same idempotency key returns the first request (`created: false`, no receipt code).
 *
 * Most intakes are written by ONE statement (insertIntakeRequest) after reads that are mostly cached (the calendar;
 * the county's settings and rules, intake-config.ts) and the number (number-drawer.ts): no transaction, no reads of
 * the key, place or category — the statement checks those itself, and only when it writes nothing, or the rules
 * refuse the request, are they read to give the answer (intakeRefusal, in the same order as always). An intake that
 * links a duplicate, attachments or reads as a work-style complaint is written in a transaction, as before.
 */
export async function intakeRequest(
  deps: Deps,
  actor: RequestsActor,
  input: RequestIntake,
  httpRequestId: string,
): Promise<{ created: boolean; result: RequestIntakeResult }> {
  const now = deps.now();
  const key = input.idempotencyKey ?? null;
  const anonymous = input.anonymous ?? false;
  const phone = !anonymous && input.citizenPhone ? normalisePhone(input.citizenPhone) : null;
  const name = !anonymous && input.citizenName ? input.citizenName.trim() : null;
  const tenantCode = tenantOf(input.divisionCode);
  const body = normaliseText(input.body);
  const title = input.title ? normaliseText(input.title) : null;
  const address = input.address ? normaliseText(input.address) : null;
  const single =
    input.duplicateOf === undefined &&
    (input.attachmentIds?.length ?? 0) === 0 &&
    !detectIntakeWorkStyle(title, body).isWorkStyle;
  const known = (found: { id: number; number: string }) => ({
    created: false,
    result: { id: found.id, number: found.number },
  });
  // The reads and the number at once (each read on its own pooled connection on PostgreSQL). The number is drawn
  // from the day's counter outside any transaction, in one statement shared by the intakes asking at the same
  // moment (number-drawer.ts). A number whose intake is then refused (unknown place, a replayed idempotency key, a
  // lost race) is never used: numbers are unique and increasing within a day, and may have gaps.
  let prepared: ReturnType<typeof prepareIntake>;
  let config: IntakeConfig;
  try {
    let workingTime: WorkingTime;
    let sequence: number;
    let refused: { id: number; number: string } | undefined;
    [workingTime, config, sequence, refused] = await Promise.all([
      loadWorkingTime(deps),
      intakeConfig(deps.db, tenantCode),
      drawRequestSequence(deps.db, requestNumberDay(now)),
      single ? undefined : intakeRefusal(deps.db, key, input),
    ]);
    if (refused) return known(refused);
    prepared = prepareIntake(actor, input, {
      now,
      workingTime,
      settings: config.settings,
      number: formatRequestNumber(now, sequence),
      text: { body, title, address },
    });
  } catch (caught) {
    // Five digits a day (numbering.ts): past the 99,999th nothing can be numbered until the next Shanghai day.
    const err = isDayNumbersExhausted(caught) ? new AppError('REQUEST_NUMBERS_EXHAUSTED') : caught;
    // The answers the intake always gave first (a replay, an unknown place or category) take precedence.
    if (single && err instanceof AppError) {
      const found = await intakeRefusal(deps.db, key, input);
      if (found) return known(found);
    }
    throw err;
  }
  const { rules, settings } = config;
  const { ctx, number, intakeEvents, workingTime } = prepared;
  const receiptCode = receiptCodeFromBytes(randomBytes(8));
  const citizen = {
    citizenNameEnc: name ? deps.cipher.encrypt(name, NAME_CONTEXT) : null,
    citizenPhoneEnc: phone ? deps.cipher.encrypt(phone, PHONE_CONTEXT) : null,
    citizenPhoneMask: phone ? maskPhone(phone) : null,
    citizenPhoneHash: phone ? deps.cipher.lookupHash(phone) : null,
  };
  const newRow = (snapshot: RequestSnapshot) => ({
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
    ...citizen,
    state: snapshot.state,
    receivedAt: now,
    firstOwnerUserId: actor.userId,
  });
  const auditOf = (snapshot: RequestSnapshot, id?: number) => ({
    actor: auditActorOf(actor),
    action: 'request.create',
    objectType: 'request',
    objectId: id ?? null,
    after: {
      number,
      state: snapshot.state,
      channel: input.channel,
      type: input.type,
      ...(snapshot.mergedInto ? { mergedIntoId: snapshot.mergedInto } : {}),
    },
    requestId: httpRequestId,
    at: now,
  });
  const signed = signText(input.title, input.body);

  if (single) {
    const snapshot = foldRequestEvents(intakeEvents);
    const facts = newRequestFacts(
      {
        tenantCode,
        events: intakeEvents,
        snapshot,
        limits: limitsOf(rules, snapshot),
        workingTime,
        now,
        fallbackDivisionCode: input.divisionCode,
      },
      settings,
    );
    const id = await insertIntakeRequest(
      deps.db,
      newRow(snapshot),
      projectionOf(snapshot, rules, workingTime, now, input.divisionCode),
      now,
      {
        events: intakeEvents,
        signature: signed,
        facts: requestFactRows([{ requestId: undefined, tenantCode, facts }]),
        audit: auditEntryOf(auditOf(snapshot)),
      },
      { divisionCode: input.divisionCode, categoryCode: input.categoryCode ?? null },
    );
    if (id === undefined) {
      // Nothing written: the key's request (committed first, perhaps by a concurrent intake), or a refusal.
      const found = await intakeRefusal(deps.db, key, input);
      if (found) return known(found);
      throw new Error(`intake: the request was not inserted and nothing refuses it (${number})`);
    }
    noteAuditAppended();
    return { created: true, result: { id, number, receiptCode } };
  }

  return deps.db.transaction().execute(async (trx) => {
    const events: RequestEvent[] = [...intakeEvents];
    if (input.duplicateOf !== undefined) {
      // Linked at intake ("same matter as …"): recorded with its own number and receipt code, then merged.
      await mergeOriginalOrFail(trx, actor, null, input.duplicateOf, 'duplicateOf');
      const merged = mergeRequest(foldRequestEvents(events), { originalId: input.duplicateOf }, ctx);
      if (!merged.ok) throw domainError(merged.error);
      events.push(...merged.events);
    }
    const snapshot = foldRequestEvents(events);
    const id = await insertNewRequest(
      trx,
      newRow(snapshot),
      projectionOf(snapshot, rules, workingTime, now, input.divisionCode),
      now,
    );
    if (id === undefined) {
      // A concurrent intake with the same idempotency key committed first: answer with its request.
      const existing = await findRequestByIdempotencyKey(trx, key as string);
      if (!existing) throw new Error(`intake: idempotency key conflict without a request (${key})`);
      return known(existing);
    }
    await appendRequestEvents(trx, id, tenantCode, 0, events);
    await storeTextSignature(trx, id, now, signed);
    await linkIntakeAttachments(trx, input.attachmentIds ?? [], {
      userId: actor.userId,
      requestId: id,
      tenantCode,
      now,
    });
    await recordNewRequestsFacts(trx, [
      {
        requestId: id,
        tenantCode,
        events,
        snapshot,
        limits: limitsOf(rules, snapshot),
        workingTime,
        now,
        fallbackDivisionCode: input.divisionCode,
        settings,
      },
    ]);
    await appendAudit(trx, auditOf(snapshot, id));
    // Work-style complaints (作风类) are tagged for discipline inspection in the same transaction.
    await tagWorkStyleAtIntake(trx, {
      requestId: id,
      tenantCode,
      title: snapshot.title,
      body,
      now,
      actor,
      httpRequestId,
    });
    return { created: true, result: { id, number, receiptCode } };
  });
}

/** The rules' part of an intake (pure, no I/O): the decision context and the events of receiving (and classifying). */
function prepareIntake(
  actor: RequestsActor,
  input: RequestIntake,
  at: {
    now: Date;
    workingTime: WorkingTime;
    settings: { policy: DecisionContext['policy'] };
    number: string;
    text: { body: string; title: string | null; address: string | null };
  },
) {
  const { now, workingTime, number } = at;
  const { body, title, address } = at.text;
  const ctx: DecisionContext = {
    now,
    actor: eventActorOf(actor),
    workingTime,
    policy: at.settings.policy,
    limits: resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, {
      categoryCode: null,
      type: input.type,
      urgency: input.urgency ?? 'normal',
    }),
  };
  const received = receiveRequest(
    {
      number,
      channel: input.channel,
      type: input.type,
      text: body,
      title,
      anonymous: input.anonymous ?? false,
      divisionCode: input.divisionCode,
      address,
      sourceRef: null,
    },
    ctx,
  );
  if (!received.ok) throw domainError(received.error);
  const intakeEvents: RequestEvent[] = [...received.events];
  if (input.categoryCode) {
    const classified = classifyRequest(
      foldRequestEvents(intakeEvents),
      {
        categoryCode: input.categoryCode,
        type: input.type,
        urgency: input.urgency ?? 'normal',
        divisionCode: input.divisionCode,
        address,
      },
      ctx,
    );
    if (!classified.ok) throw domainError(classified.error);
    intakeEvents.push(...classified.events);
  }
  return { ctx, number, intakeEvents, workingTime };
}

// ---------------------------------------------------------------------------------------------
// Actions

/** Which of the request's units an action is for (besides the permission); absent: anyone with the permission. */
type ActingUnit = 'lead' | 'assist' | 'whistleDepartment' | 'whistleTownship';

/** What each API action needs: its permission, and which of the request's units (if any) its staff must belong to. */
export const ACTION_ACCESS: Readonly<Partial<Record<RequestAction, { permission: Permission; unit?: ActingUnit }>>> = {
  classify: { permission: 'requests:intake' },
  answerDirectly: { permission: 'requests:intake' },
  dispatch: { permission: 'requests:dispatch' },
  accept: { permission: 'requests:handle', unit: 'lead' },
  return: { permission: 'requests:handle', unit: 'lead' },
  ruleOnReturn: { permission: 'requests:dispatch' },
  reply: { permission: 'requests:handle', unit: 'lead' },
  rejectReply: { permission: 'requests:dispatch' },
  addAssistNote: { permission: 'requests:handle', unit: 'assist' },
  rate: { permission: 'requests:intake' },
  close: { permission: 'requests:dispatch' },
  requestExtension: { permission: 'requests:handle', unit: 'lead' },
  decideExtension: { permission: 'requests:dispatch' },
  press: { permission: 'requests:press' },
  fileAppeal: { permission: 'requests:handle', unit: 'lead' },
  decideAppeal: { permission: 'requests:dispatch' },
  blowWhistle: { permission: 'requests:handle', unit: 'lead' },
  reportToWhistle: { permission: 'requests:handle', unit: 'whistleDepartment' },
  rateWhistle: { permission: 'requests:handle', unit: 'whistleTownship' },
  // Dispatchers merge a queued duplicate; operators link one at intake instead (duplicateOf), while the citizen is on the line.
  mergeInto: { permission: 'requests:dispatch' },
};

function isActingUnit(unitId: number | null, s: RequestSnapshot, unit: ActingUnit): boolean {
  if (unitId === null) return false;
  switch (unit) {
    case 'lead':
      return unitId === s.leadUnitId;
    case 'assist':
      return s.assistUnitIds.includes(unitId);
    case 'whistleDepartment':
      return s.whistle?.departments.some((d) => d.unitId === unitId) ?? false;
    case 'whistleTownship':
      return s.whistle?.townshipUnitId === unitId;
  }
}

/** Facts of the request beyond its state that hide a button which the rules would refuse anyway. */
function applies(action: RequestAction, s: RequestSnapshot, unitId: number | null): boolean {
  switch (action) {
    case 'answerDirectly':
      return s.type === 'consultation';
    case 'rejectReply':
      return s.reply !== null && !s.reply.direct;
    case 'fileAppeal':
      return unitId !== null && s.repliedUnitIds.includes(unitId) && !s.appeals.some((a) => a.unitId === unitId);
    case 'decideAppeal':
      return s.appeals.some((a) => a.decision === null);
    case 'blowWhistle':
      return s.whistle === null;
    case 'reportToWhistle':
      return s.whistle?.departments.some((d) => d.unitId === unitId && d.reportedAt === null) ?? false;
    case 'rateWhistle':
      return s.whistle?.departments.some((d) => d.score === null) ?? false;
    default:
      return true;
  }
}

/** The actions this user could attempt on a request now: the state gate, their permissions, their unit's part in it. */
export function actionsFor(actor: RequestsActor, s: RequestSnapshot): RequestAction[] {
  return availableActions(s.state).filter((action) => {
    const access = ACTION_ACCESS[action];
    if (!access || !actor.permissions.has(access.permission)) return false;
    if (access.unit && !isActingUnit(actor.unitId, s, access.unit)) return false;
    return applies(action, s, actor.unitId);
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
  if (command.action === 'blowWhistle') return [{ field: 'departmentUnitIds', ids: [...command.departmentUnitIds] }];
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
  answerDirectly: 'request.answer_directly',
  rejectReply: 'request.reject_reply',
  addAssistNote: 'request.assist_note',
  fileAppeal: 'request.file_appeal',
  decideAppeal: 'request.decide_appeal',
  blowWhistle: 'request.blow_whistle',
  reportToWhistle: 'request.report_to_whistle',
  rateWhistle: 'request.rate_whistle',
  mergeInto: 'request.merge',
};

/** A command, or one that depends on the request's current snapshot (e.g. the unit of the pending appeal). */
export type CommandOf = RequestCommand | ((snapshot: RequestSnapshot) => RequestCommand);

/** Who runs a command and how the use case checks they may touch this request (inside the transaction). */
export interface CommandRun {
  eventActor: EventActor;
  auditActor: { userId: number | null; name: string };
  /** Throws when the request is not theirs to act on (out of scope reads as not found). */
  authorize: (trx: Db) => Promise<void>;
  /** The staff member's scope: the units they may dispatch to and the originals they may merge into. */
  scope?: { scope: Scope; userId: number };
}

/**
 * Runs one command on a request in one transaction: lock the row, load and fold the log, decide with the clock read
 * once, the working calendar, the county's limits and the facts the rule needs from org (whistles), append the
 * events, rebuild the projection and write the audit entry, then the notices, texts and rating links the events set
 * off (requests.notices.ts) — all in the same transaction.
 */
export async function executeCommand(
  deps: Deps,
  run: CommandRun,
  id: number,
  commandOf: CommandOf,
  httpRequestId: string,
): Promise<{ id: number; state: RequestState; version: number }> {
  const now = deps.now();
  const workingTime = await loadWorkingTime(deps);
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockRequest(trx, id);
    if (!row) throw new AppError('REQUEST_NOT_FOUND');
    await run.authorize(trx);
    const stored = await loadRequestEvents(trx, id);
    const snapshot = foldRequestEvents(stored.map((s) => s.event));
    const command = typeof commandOf === 'function' ? commandOf(snapshot) : commandOf;
    for (const { field, ids } of unitsNamedBy(command)) {
      await unitsOrFail(trx, ids, field);
      if (run.scope) await unitsInScopeOrFail(trx, run.scope.scope, row.tenantCode, command, ids, field);
    }
    if (command.action === 'classify') {
      await categoryOrFail(trx, command.categoryCode);
      await divisionOrFail(trx, command.divisionCode);
    }
    const rules = await rulesFor(trx, row.tenantCode);
    const { policy } = await loadRequestSettings(trx, row.tenantCode);
    const decision = decideCommand(snapshot, command, {
      now,
      actor: run.eventActor,
      workingTime,
      limits: limitsOf(rules, snapshot),
      policy,
      replyCheck: SERVICE_REPLY_CHECK,
      ...(command.action === 'blowWhistle'
        ? { actorIsTownshipOfPlace: await isTownshipOfPlace(trx, run.eventActor.unitId, row.divisionCode) }
        : {}),
    });
    if (!decision.ok) throw domainError(decision.error);
    if (command.action === 'mergeInto') {
      if (!run.scope) throw new AppError('AUTH_FORBIDDEN');
      await mergeOriginalOrFail(trx, run.scope, id, command.originalId, 'originalId');
      if (await hasMergedDuplicates(trx, id)) throw new AppError('REQUEST_MERGE_HAS_DUPLICATES');
    }
    await appendRequestEvents(trx, id, row.tenantCode, stored.length, decision.events);
    await linkCommandAttachments(trx, command, {
      userId: run.auditActor.userId,
      requestId: id,
      tenantCode: row.tenantCode,
      lastSeq: stored.length,
      events: decision.events,
      now,
    });
    const next = applyRequestEvents(snapshot, decision.events);
    await updateRequestProjection(trx, id, projectionOf(next, rules, workingTime, now, row.divisionCode), now);
    await recordRequestFacts(trx, {
      requestId: id,
      tenantCode: row.tenantCode,
      events: [...stored.map((e) => e.event), ...decision.events],
      snapshot: next,
      limits: limitsOf(rules, next),
      workingTime,
      now,
      fallbackDivisionCode: row.divisionCode,
    });
    await appendAudit(trx, {
      actor: run.auditActor,
      action: AUDIT_ACTIONS[command.action] ?? `request.${command.action}`,
      objectType: 'request',
      objectId: id,
      before: { state: snapshot.state, leadUnitId: snapshot.leadUnitId },
      after: { state: next.state, leadUnitId: next.leadUnitId, events: decision.events.map((e) => e.type) },
      requestId: httpRequestId,
      at: now,
    });
    await recordRequestSideEffects(
      trx,
      deps,
      {
        requestId: id,
        tenantCode: row.tenantCode,
        divisionCode: next.divisionCode ?? row.divisionCode,
        actorUserId: run.eventActor.userId,
        events: decision.events,
        after: next,
      },
      now,
    );
    return { id, state: next.state, version: next.eventCount };
  });
}

/**
 * Dispatch and re-dispatch name units of the dispatcher's scope: a township dispatcher its township's units, a
 * county (scope 'all') dispatcher any unit of the request's county. A whistle summons county departments, which a
 * township's own scope never holds, so its departments need only lie in the request's county.
 */
async function unitsInScopeOrFail(
  trx: Db,
  scope: Scope,
  tenantCode: string,
  command: RequestCommand,
  ids: readonly number[],
  field: string,
): Promise<void> {
  const outside =
    command.action === 'blowWhistle'
      ? await unitsOutsideCounty(trx, tenantCode, ids)
      : await unitsOutsideScope(trx, scope, tenantCode, ids);
  if (outside.length > 0) {
    throw fieldError(
      'REQUEST_UNIT_OUT_OF_SCOPE',
      field,
      `单位 ${outside.join('、')} 不在管辖范围内`,
      `unit ${outside.join(', ')} is outside your scope`,
      { unitIds: outside },
    );
  }
}

/**
 * Whether a unit is the township government of a place (吹哨 is the township's tool): the unit is of kind
 * 'township' and the place lies in the unit's division subtree.
 */
async function isTownshipOfPlace(db: Db, unitId: number | null, divisionCode: string): Promise<boolean> {
  if (unitId === null) return false;
  const unit = await findUnitById(db, unitId);
  if (unit?.kind !== 'township') return false;
  return (await divisionAncestors(db, divisionCode)).some((d) => d.code === unit.divisionCode);
}

/**
 * Runs one staff command on a request (see executeCommand). A request outside the actor's scope reads as not found;
 * a refused rule is its REQUEST_* error.
 */
export async function runRequestCommand(
  deps: Deps,
  actor: RequestsActor,
  id: number,
  command: CommandOf,
  httpRequestId: string,
): Promise<{ id: number; state: RequestState; version: number }> {
  return executeCommand(
    deps,
    {
      eventActor: eventActorOf(actor),
      auditActor: auditActorOf(actor),
      authorize: async (trx) => {
        if (!(await findRequest(trx, actor.scope, actor.userId, id))) throw new AppError('REQUEST_NOT_FOUND');
      },
      scope: { scope: actor.scope, userId: actor.userId },
    },
    id,
    command,
    httpRequestId,
  );
}

// ---------------------------------------------------------------------------------------------
// Reads

export function toSummary(r: RequestRow & { overdue?: boolean }, now: Date): RequestSummary {
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

/**
 * The repository's filters for a list query: the search normalised, and "due within N working hours" (or the due-soon
 * queue's DUE_SOON_WORKING_HOURS) turned into an instant on the working calendar.
 */
async function listFilters(
  deps: Pick<Deps, 'db' | 'now'>,
  query: RequestExportQuery,
  now: Date,
): Promise<RequestFilters> {
  const { q, from, to, dueWithinHours, ...filters } = query;
  const hours = dueWithinHours ?? (filters.queue === 'due_soon' ? DUE_SOON_WORKING_HOURS : undefined);
  return {
    ...filters,
    search: q ? normaliseText(q).toLowerCase() : undefined,
    from: from ? new Date(from) : undefined,
    to: to ? new Date(to) : undefined,
    dueBefore: hours === undefined ? undefined : (await loadWorkingTime(deps)).addWorkingHours(now, hours),
  };
}

/** One page of the requests in the actor's scope, filtered, in the chosen order (newest first by default). */
export async function listRequestsPage(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: RequestsActor,
  query: RequestListQuery,
): Promise<Page<RequestSummary>> {
  const now = deps.now();
  const { page, pageSize, ...rest } = query;
  const { items, total, totalCapped } = await listRequests(
    deps.db,
    actor.scope,
    actor.userId,
    await listFilters(deps, rest, now),
    { offset: (page - 1) * pageSize, limit: pageSize },
    now,
  );
  return { items: items.map((r) => toSummary(r, now)), total, page, pageSize, ...(totalCapped ? { totalCapped } : {}) };
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
  const limits = limitsOf(rules, snapshot);
  const d = computeDeadlines(snapshot, limits, workingTime, now);
  // Hours left, counted like the limit: office hours for working-day and working-hour limits, clock hours otherwise.
  const remaining = (dueAt: Date, limit: { unit: string }) =>
    limit.unit === 'hours'
      ? { hours: Math.round((dueAt.getTime() - now.getTime()) / 360_000) / 10, working: false }
      : { hours: Math.round(workingTime.workingHoursBetween(now, dueAt) * 10) / 10, working: true };
  const name = row.citizenNameEnc ? maskName(deps.cipher.decrypt(row.citizenNameEnc, NAME_CONTEXT)) : null;
  const attachments = await requestAttachmentsByEvent(deps.db, id);
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
            doneAt: iso(d.response.respondedAt),
            late: d.response.late,
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
            doneAt: iso(d.resolution.repliedAt),
            late: d.resolution.late,
            extensionDays: d.resolution.extensionDays,
            usedFraction: d.resolution.usedFraction,
          }
        : null,
    },
    availableActions: actionsFor(actor, snapshot),
    events: stored.map(({ seq, event }) => ({
      seq,
      type: event.type,
      at: event.at.toISOString(),
      actor: event.actor,
      payload: event.payload as Record<string, unknown>,
      attachments: attachments.get(seq) ?? [],
    })),
    appeals: snapshot.appeals.map((a) => ({
      unitId: a.unitId,
      reason: a.reason,
      evidence: a.evidence,
      evidenceText: a.evidenceText,
      filedAt: a.filedAt.toISOString(),
      decision: a.decision ? { ...a.decision, at: a.decision.at.toISOString() } : null,
    })),
    excludedFromRatesUnitIds: [...new Set(snapshot.appeals.map((a) => a.unitId))].filter((u) =>
      isExcludedFromRates(snapshot, u),
    ),
    whistle: snapshot.whistle
      ? {
          townshipUnitId: snapshot.whistle.townshipUnitId,
          blownAt: snapshot.whistle.blownAt.toISOString(),
          reportLimitHours: snapshot.whistle.reportLimitHours,
          reportDueAt: snapshot.whistle.reportDueAt.toISOString(),
          departments: snapshot.whistle.departments.map((d) => ({ ...d, reportedAt: iso(d.reportedAt) })),
        }
      : null,
    assistNotes: snapshot.assistNotes.map((n) => ({ unitId: n.unitId, text: n.text, at: n.at.toISOString() })),
    mergedInto: await mergedIntoOf(deps.db, snapshot),
    duplicates: (await findMergedDuplicates(deps.db, id)).map((r) => ({
      ...r,
      receivedAt: r.receivedAt.toISOString(),
    })),
    clock: {
      response: snapshot.state === 'dispatched' && d.response ? remaining(d.response.dueAt, limits.response) : null,
      resolution:
        snapshot.state === 'in_progress' && d.resolution ? remaining(d.resolution.dueAt, limits.resolution) : null,
      returnWindow: d.returnWindow?.open ? remaining(d.returnWindow.endsAt, limits.returnWindow) : null,
      pendingExtension: snapshot.pendingExtension
        ? {
            unitId: snapshot.pendingExtension.unitId,
            days: snapshot.pendingExtension.days,
            reason: snapshot.pendingExtension.reason,
            requestedAt: snapshot.pendingExtension.requestedAt.toISOString(),
          }
        : null,
    },
  };
}

/** The original a merged duplicate points at (its number and state); null for a request that was not merged. */
async function mergedIntoOf(db: Db, s: RequestSnapshot): Promise<RequestDetail['mergedInto']> {
  if (s.mergedInto === null) return null;
  const link = await findRequestLink(db, s.mergedInto);
  return link ? { id: link.id, number: link.number, state: link.state as RequestState } : null;
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
  // Units that returned it are not proposed again (a re-dispatch after a return).
  const snapshot = foldRequestEvents((await loadRequestEvents(deps.db, id)).map((s) => s.event));
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
    excludedUnitIds: snapshot.returns.map((r) => r.unitId),
  });
  const ids = [...(proposal.leadUnitId ? [proposal.leadUnitId] : []), ...proposal.assistUnitIds];
  return { ...proposal, units: await findUnitNames(deps.db, ids) };
}

// Possible duplicates at intake (findDuplicates) live in duplicates.service.ts.
export { findDuplicates } from './duplicates.service.js';

// ---------------------------------------------------------------------------------------------
// Export

/** The filtered list in the actor's scope as an XLSX workbook (newest first, at most EXPORT_MAX_ROWS rows); phones masked. */
export async function exportRequestsXlsx(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: RequestsActor,
  query: RequestExportQuery,
): Promise<Buffer> {
  const now = deps.now();
  const { items } = await listRequests(
    deps.db,
    actor.scope,
    actor.userId,
    await listFilters(deps, query, now),
    { offset: 0, limit: EXPORT_MAX_ROWS },
    now,
  );
  const unitIds = [...new Set(items.flatMap((r) => (r.leadUnitId ? [r.leadUnitId] : [])))];
  const units = new Map((await findUnitNames(deps.db, unitIds)).map((u) => [u.id, u.name]));
  const yes = (b: boolean) => (b ? '是' : '否');
  const rows = items.map((r) => {
    const summary = toSummary(r, now);
    return {
      number: r.number,
      receivedAt: beijingTime(r.receivedAt),
      channel: REQUEST_CHANNEL_LABELS[summary.channel].zh,
      type: REQUEST_TYPE_LABELS[summary.type].zh,
      urgency: URGENCY_LABELS[summary.urgency].zh,
      state: REQUEST_STATE_LABELS[summary.state].zh,
      title: r.title ?? '',
      categoryCode: r.categoryCode ?? '',
      divisionCode: r.divisionCode,
      address: r.address ?? '',
      leadUnit: r.leadUnitId ? (units.get(r.leadUnitId) ?? String(r.leadUnitId)) : '',
      phone: r.citizenPhoneMask ?? '',
      responseDeadline: beijingTime(r.responseDeadline),
      resolutionDeadline: beijingTime(r.resolutionDeadline),
      repliedAt: beijingTime(r.repliedAt),
      closedAt: beijingTime(r.closedAt),
      overdue: yes(summary.overdue),
      bounced: yes(r.bounced),
    };
  });
  const col = (key: keyof (typeof rows)[number], header: string, width: number) => ({ key, header, width });
  return toXlsx('诉求清单', [
    {
      name: '诉求',
      columns: [
        col('number', '编号', 16),
        col('receivedAt', '受理时间', 20),
        col('channel', '渠道', 10),
        col('type', '类型', 8),
        col('urgency', '紧急程度', 8),
        col('state', '状态', 8),
        col('title', '标题', 30),
        col('categoryCode', '分类', 12),
        col('divisionCode', '行政区划', 14),
        col('address', '地址', 30),
        col('leadUnit', '主办单位', 20),
        col('phone', '来电号码（脱敏）', 14),
        col('responseDeadline', '签收时限', 20),
        col('resolutionDeadline', '办结时限', 20),
        col('repliedAt', '答复时间', 20),
        col('closedAt', '办结时间', 20),
        col('overdue', '超期', 6),
        col('bounced', '推诿', 6),
      ],
      rows,
    },
  ]);
}

// ---------------------------------------------------------------------------------------------
// Citizens, without login: tracking by number and receipt code, the one-time rating link

/** The actor of what a citizen does through the public link. */
const CITIZEN_ACTOR: EventActor = Object.freeze({ userId: null, unitId: null, name: '市民' });

/**
 * The request a number and receipt code name; a wrong number and a wrong code give the same not-found, so the
 * endpoint tells nothing about which numbers exist. The hashes are compared in constant time.
 */
async function requestByReceipt(db: Db, number: string, code: string): Promise<number> {
  const found = await findRequestReceipt(db, number);
  const given = Buffer.from(sha256(code.toUpperCase()), 'hex');
  const stored = Buffer.from(found?.receiptCodeHash ?? '', 'hex');
  if (!found || stored.length !== given.length || !timingSafeEqual(stored, given)) {
    throw new AppError('REQUEST_NOT_FOUND');
  }
  return found.id;
}

/**
 * What the citizen sees of their request: received, dispatched to which unit, accepted, replied (with the reply's
 * text), rated, reopened, closed. No internal notes (returns, rulings, extensions, pressing, assist notes, appeals,
 * whistles), no staff names, no personal data. A reply the dispatcher sent back is not shown.
 */
export async function trackRequest(deps: Pick<Deps, 'db'>, number: string, code: string): Promise<PublicTrackResponse> {
  const id = await requestByReceipt(deps.db, number, code);
  const events = (await loadRequestEvents(deps.db, id)).map((s) => s.event);
  const snapshot = foldRequestEvents(events);
  const original = snapshot.mergedInto === null ? undefined : await findRequestLink(deps.db, snapshot.mergedInto);
  return {
    number: snapshot.number,
    state: snapshot.state,
    receivedAt: snapshot.receivedAt.toISOString(),
    canRate: snapshot.state === 'replied',
    timeline: await publicTimeline(deps.db, events, original?.number ?? null),
    // A merged duplicate's citizen follows the original: its unit, its reply and its closing (not its rating link).
    mergedInto: original
      ? {
          number: original.number,
          state: original.state as RequestState,
          timeline: await publicTimeline(
            deps.db,
            (await loadRequestEvents(deps.db, original.id)).map((s) => s.event),
            null,
          ),
        }
      : null,
  };
}

/** The public steps of a log (see trackRequest); `mergedIntoNumber` is the text of the 'merged' step. */
async function publicTimeline(
  db: Db,
  events: readonly RequestEvent[],
  mergedIntoNumber: string | null,
): Promise<PublicTimelineStep[]> {
  const unitIds = new Set<number>();
  for (const e of events) {
    if (e.type === 'dispatched') unitIds.add(e.payload.leadUnitId);
    if (e.type === 'accepted' || e.type === 'reply_submitted') unitIds.add(e.payload.unitId);
  }
  const names = new Map((await findUnitNames(db, [...unitIds])).map((u) => [u.id, u.name]));
  const step = (
    type: PublicTimelineStep['type'],
    at: Date,
    extra: Partial<Omit<PublicTimelineStep, 'type' | 'at'>> = {},
  ): PublicTimelineStep => ({
    type,
    at: at.toISOString(),
    unitName: null,
    text: null,
    satisfaction: null,
    ...extra,
  });
  const unitName = (unitId: number) => names.get(unitId) ?? null;
  const timeline: PublicTimelineStep[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'received':
        timeline.push(step('received', e.at));
        break;
      case 'dispatched':
        timeline.push(step('dispatched', e.at, { unitName: unitName(e.payload.leadUnitId) }));
        break;
      case 'accepted':
        timeline.push(step('accepted', e.at, { unitName: unitName(e.payload.unitId) }));
        break;
      case 'answered_directly':
        timeline.push(step('replied', e.at, { text: e.payload.reply }));
        break;
      case 'reply_submitted':
        timeline.push(step('replied', e.at, { unitName: unitName(e.payload.unitId), text: e.payload.text }));
        break;
      case 'reply_rejected': {
        const last = timeline.findLastIndex((t) => t.type === 'replied');
        if (last >= 0) timeline.splice(last, 1);
        break;
      }
      case 'rated':
        timeline.push(step('rated', e.at, { satisfaction: e.payload.satisfaction }));
        break;
      case 'reopened':
        timeline.push(step('reopened', e.at));
        break;
      case 'closed':
        timeline.push(step('closed', e.at));
        break;
      case 'merged_into':
        timeline.push(step('merged', e.at, { text: mergedIntoNumber }));
        break;
      default:
        break;
    }
  }
  return timeline;
}

/**
 * The citizen's rating through the one-time link (回访, via 'link'): the same use case as an operator's call-back,
 * allowed once per reply — after a rating the request is rated (or reopened), so a second rating of the same reply
 * is refused by the state gate until the unit replies again.
 */
export async function rateByLink(
  deps: Deps,
  body: PublicRateBody,
  httpRequestId: string,
): Promise<{ number: string; state: RequestState }> {
  const id = await requestByReceipt(deps.db, body.number, body.code);
  const result = await executeCommand(
    deps,
    { eventActor: CITIZEN_ACTOR, auditActor: { userId: null, name: '市民（回访链接）' }, authorize: async () => {} },
    id,
    {
      action: 'rate',
      resolved: body.resolved,
      satisfaction: body.satisfaction,
      comment: body.comment ?? null,
      via: 'link',
    },
    httpRequestId,
  );
  return { number: body.number, state: result.state };
}
