import type { ErrorCode } from '../../../contracts/errors.js';
import type {
  PortalCategory,
  PortalHotTopics,
  PortalPlace,
  PortalSubmitFields,
  PortalSubmitResult,
  PortalTrackResponse,
} from '../../../contracts/portal.js';
import type { PublicRateBody, RequestState } from '../../../contracts/requests.js';
import type { Deps } from '../../platform/deps.js';
import { sniffAttachmentType, stripImageMetadata, uploadAttachment } from '../../platform/files/index.js';
import type { Actor } from '../../platform/http/actor.js';
import { AppError } from '../../platform/http/errors.js';
import {
  divisionAncestors,
  findCategoryLineage,
  findUnitNames,
  getDivisionTree,
  listActiveCategories,
  systemActor,
} from '../org/index.js';
import {
  findRequest,
  findRequestByIdempotencyKey,
  findRequestReceipt,
  getHotTopics,
  intakeRequest,
  rateByLink,
  trackRequest,
} from '../requests/index.js';
import { hintForArea } from './domain/category-hints.js';
import { isoWeeksOfMonth, shanghaiMonthOf } from './domain/months.js';
import { checkSubmission, type FieldProblem, isHoneypotFilled, type SubmittedFile } from './domain/submission.js';
import { findPortalAccountId, insertPortalSubmission } from './portal.repository.js';

/** A file as it arrived in a multipart form: its bytes (cut at the limit) and whether it was longer. */
export interface IncomingFile {
  filename: string;
  bytes: Buffer;
  truncated: boolean;
}

/** A 400 naming each field with its own message in both languages (the envelope every form shows by field). */
export function fieldProblemsError(problems: readonly FieldProblem[], code: ErrorCode = 'VALIDATION_FAILED'): AppError {
  return new AppError(code, {
    issues: problems.map((p) => ({ path: [p.field], field: p.field, message: p.zh, messageZh: p.zh, messageEn: p.en })),
  });
}

/** The disabled `system.portal` account as the actor of what citizens do through the portal (intake, uploads). */
export async function portalActor(deps: Pick<Deps, 'db'>): Promise<Actor> {
  const userId = await findPortalAccountId(deps.db);
  if (userId === undefined) throw new Error('the system.portal account is missing: run the migrations');
  return {
    userId,
    username: 'system.portal',
    displayName: '群众门户',
    roles: [],
    permissions: new Set(['requests:intake']),
    scope: { kind: 'all' },
    unitId: null,
    sessionId: '',
    isAdmin: false,
  };
}

/** The categories a citizen picks from: every active leaf and group of the deployment's taxonomy, with its path and a hint. */
export async function listPortalCategories(deps: Pick<Deps, 'db'>): Promise<PortalCategory[]> {
  const rows = await listActiveCategories(deps.db);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return rows
    .filter((r) => r.level >= 2)
    .map((r) => {
      const path: string[] = [];
      for (let c: string | null = r.code; c; c = byCode.get(c)?.parentCode ?? null) path.unshift(byCode.get(c)!.name);
      return { code: r.code, name: r.name, path, hint: hintForArea(path[0] ?? '') };
    });
}

/** One level of the division tree: the roots, or the children of `parent`, each saying whether it has children. */
export async function listPortalPlaces(deps: Pick<Deps, 'db'>, parent: string | undefined): Promise<PortalPlace[]> {
  const tree = await getDivisionTree(deps, systemActor('portal'), { root: parent, depth: 2 });
  const nodes = parent ? (tree[0]?.children ?? []) : tree;
  return nodes.map((n) => ({
    code: n.code,
    name: n.name,
    level: String(n.level),
    hasChildren: parent ? n.children.length > 0 : true,
  }));
}

/** A place and its ancestors from the top (to prefill the picker from `?division=`); unknown: not found. */
export async function placePath(deps: Pick<Deps, 'db'>, code: string): Promise<PortalPlace[]> {
  const lineage = await divisionAncestors(deps.db, code);
  if (lineage.length === 0) throw new AppError('ORG_DIVISION_NOT_FOUND');
  return lineage.map((d) => ({ code: d.code, name: d.name, level: d.level, hasChildren: d.code !== code }));
}

/**
 * Takes a citizen's request in through the portal: refuses a filled honeypot, checks every field and file (clear
 * messages per field), strips metadata from photos, then stores the photos and hands the request to the requests
 * module's intake (channel 'web', first-inquiry owner `system.portal`), the name and phone sealed like an operator's
 * intake. A retried submission (same idempotency key) returns the first request's number without a receipt code and
 * stores nothing. Nothing is stored when any check fails.
 */
export async function submitPortalRequest(
  deps: Deps,
  fields: PortalSubmitFields,
  incoming: readonly IncomingFile[],
  httpRequestId: string,
): Promise<{ created: boolean; result: PortalSubmitResult }> {
  if (isHoneypotFilled(fields)) throw new AppError('PORTAL_SUBMISSION_REFUSED');
  const max = deps.config.attachmentMaxBytes;
  const sniffed: SubmittedFile[] = incoming.map((f) => ({
    size: f.truncated ? max + 1 : f.bytes.length,
    mime: f.bytes.length > 0 ? sniffAttachmentType(f.bytes.subarray(0, 16)) : null,
  }));
  const checked = checkSubmission(fields, sniffed, max);
  if (!checked.ok) throw fieldProblemsError(checked.problems);
  const input = checked.value;
  const key = input.idempotencyKey ? `portal:${input.idempotencyKey}` : null;
  if (key) {
    const existing = await findRequestByIdempotencyKey(deps.db, key);
    if (existing) return { created: false, result: { number: existing.number } };
  }
  const problems: FieldProblem[] = [];
  if ((await divisionAncestors(deps.db, input.divisionCode)).length === 0) {
    problems.push({
      field: 'divisionCode',
      zh: '所选地点不存在，请重新选择',
      en: 'That place does not exist; choose again',
    });
  }
  if (input.categoryCode && !(await findCategoryLineage(deps.db, input.categoryCode))) {
    problems.push({ field: 'categoryCode', zh: '所选分类不存在，请重新选择', en: 'That category does not exist' });
  }
  const cleaned: { filename: string; bytes: Uint8Array }[] = [];
  incoming.forEach((f, i) => {
    const stripped = stripImageMetadata(f.bytes, sniffed[i]!.mime!);
    if (!stripped) {
      problems.push({ field: 'files', zh: `第 ${i + 1} 个文件已损坏，无法读取`, en: `File ${i + 1} is damaged` });
    } else cleaned.push({ filename: f.filename, bytes: stripped });
  });
  if (problems.length > 0) throw fieldProblemsError(problems);

  const actor = await portalActor(deps);
  const attachmentIds: string[] = [];
  for (const file of cleaned) attachmentIds.push((await uploadAttachment(deps, actor, file, httpRequestId)).id);
  const { created, result } = await intakeRequest(
    deps,
    actor,
    {
      channel: 'web',
      type: input.type,
      body: input.body,
      divisionCode: input.divisionCode,
      ...(input.categoryCode ? { categoryCode: input.categoryCode } : {}),
      ...(input.address ? { address: input.address } : {}),
      ...(input.name ? { citizenName: input.name } : {}),
      ...(input.phone ? { citizenPhone: input.phone } : {}),
      ...(input.cadrePersonId ? { title: `民情联系卡：致干部（编号 ${input.cadrePersonId}）` } : {}),
      ...(key ? { idempotencyKey: key } : {}),
      attachmentIds,
    },
    httpRequestId,
  );
  if (created) {
    await insertPortalSubmission(deps.db, {
      requestId: result.id,
      consentedAt: deps.now(),
      cadrePersonId: input.cadrePersonId,
    });
  }
  return {
    created,
    result: { number: result.number, ...(result.receiptCode ? { receiptCode: result.receiptCode } : {}) },
  };
}

/**
 * The citizen's tracking page: the requests module's public timeline (no internal notes, no staff names, no personal
 * data) plus the deadlines the unit is held to and the lead unit's name. A wrong number or code is one not-found.
 */
export async function trackPortalRequest(deps: Deps, number: string, code: string): Promise<PortalTrackResponse> {
  const tracked = await trackRequest(deps, number, code);
  const receipt = await findRequestReceipt(deps.db, number);
  const row = receipt ? await findRequest(deps.db, { kind: 'all' }, 0, receipt.id) : undefined;
  const leadUnitName =
    row?.leadUnitId != null ? ((await findUnitNames(deps.db, [row.leadUnitId]))[0]?.name ?? null) : null;
  const open = (s: RequestState) => !['replied', 'rated', 'closed', 'merged'].includes(s);
  const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
  return {
    ...tracked,
    responseDeadline: row && row.state === 'dispatched' ? iso(row.responseDeadline) : null,
    resolutionDeadline: row && open(tracked.state) ? iso(row.resolutionDeadline) : null,
    leadUnitName,
  };
}

/** The citizen's rating from the tracking page (回访 via the portal): the requests module's public rating use case. */
export async function ratePortalRequest(deps: Deps, body: PublicRateBody, httpRequestId: string) {
  return rateByLink(deps, body, httpRequestId);
}

/**
 * The month's hot topics for the public: requests per township and category summed over the ISO weeks whose
 * Thursday falls in the month (the requests module's hot-topic counts), the 10 largest. Aggregates only.
 */
export async function portalHotTopics(deps: Deps, month: string | undefined): Promise<PortalHotTopics> {
  const target = month ?? shanghaiMonthOf(deps.now());
  const actor = { ...(await portalActor(deps)), permissions: new Set(['metrics:read'] as const) };
  const sums = new Map<string, { divisionName: string; categoryName: string; count: number }>();
  for (const week of isoWeeksOfMonth(target)) {
    const topics = await getHotTopics(deps, actor, { week, baselineWeeks: 1, categoryDepth: 2, limit: 50 });
    for (const t of topics.mostFrequent) {
      const k = `${t.divisionCode}|${t.categoryCode}`;
      const s = sums.get(k) ?? { divisionName: t.divisionName, categoryName: t.categoryName, count: 0 };
      s.count += t.count;
      sums.set(k, s);
    }
  }
  const topics = [...sums.values()]
    .sort((a, b) => b.count - a.count || a.divisionName.localeCompare(b.divisionName))
    .slice(0, 10);
  return { month: target, topics };
}
