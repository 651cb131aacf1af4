import { randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '../../../contracts/common.js';
import {
  type MisconductDetail,
  type MisconductReporterView,
  type MisconductState,
  type MisconductSummary,
  PORTAL_BODY_MAX,
  PORTAL_BODY_MIN,
  PORTAL_MAX_FILES,
} from '../../../contracts/portal.js';
import { appendAudit, auditActorOf } from '../../platform/audit/index.js';
import { createFieldCipher, type FieldCipher } from '../../platform/crypto/field-cipher.js';
import { loadOrCreateKey } from '../../platform/crypto/key-file.js';
import type { Deps } from '../../platform/deps.js';
import { sniffAttachmentType, storeAttachmentBytes, stripImageMetadata } from '../../platform/files/index.js';
import type { Actor } from '../../platform/http/actor.js';
import { AppError } from '../../platform/http/errors.js';
import { divisionAncestors, findUnitById } from '../org/index.js';
import { formatReceipt, parseReceipt } from './domain/receipt.js';
import type { FieldProblem } from './domain/submission.js';
import {
  findMisconductById,
  findMisconductByLookup,
  insertMisconductFile,
  insertMisconductMessage,
  insertMisconductReport,
  listMisconductFiles,
  listMisconductMessages,
  listMisconductReports,
  lockMisconduct,
  type MisconductRow,
  updateMisconductState,
} from './portal.repository.js';
import type { IncomingFile } from './portal.service.js';
import { fieldProblemsError } from './portal.service.js';

// Anonymous misconduct reports (举报, DESIGN.md §11): no IP address, user agent or session is stored or audited; photos
// lose their metadata; the receipt's secret is kept as a slow hash; the reporter's identity, when given, is sealed
// with the discipline key (a second key file beside the main one) and read only by discipline inspectors who record
// a reason. Only the `misconduct:*` permissions (the discipline role) reach the staff side.

const scryptAsync = promisify(scrypt) as (pw: string, salt: string, len: number, opts: object) => Promise<Buffer>;
/** scrypt cost: about 50 ms per check, so guessing receipts is slow even with the database in hand. */
const SCRYPT = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const IDENTITY_CONTEXT = 'misconduct.reporter';
/** The anonymous reporter in the audit log: no user, no address, no browser. */
const ANONYMOUS = Object.freeze({ userId: null, name: '匿名举报人' });
/** Images only: their metadata can be removed; GIF and PDF could carry names the reporter cannot see. */
const REPORT_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

const ciphers = new Map<string, FieldCipher>();

/** The discipline key file: `lianxin-discipline.key` beside the main key file, created like it on first use. */
export function disciplineKeyFile(deps: Pick<Deps, 'config'>): string {
  return path.join(path.dirname(deps.config.keyFile), 'lianxin-discipline.key');
}

/** The cipher of reporters' identities, under the discipline key (never the main key). */
export function disciplineCipher(deps: Pick<Deps, 'config'>): FieldCipher {
  const file = disciplineKeyFile(deps);
  let cipher = ciphers.get(file);
  if (!cipher) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    cipher = createFieldCipher(loadOrCreateKey(file, { create: true }).key);
    ciphers.set(file, cipher);
  }
  return cipher;
}

async function hashSecret(lookupId: string, secret: string): Promise<string> {
  return (await scryptAsync(secret, `lianxin-misconduct:${lookupId}`, 32, SCRYPT)).toString('hex');
}

function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface MisconductFields {
  subject?: string | undefined;
  body?: string | undefined;
  divisionCode?: string | undefined;
  identity?: string | undefined;
  website?: string | undefined;
}

/**
 * Files an anonymous misconduct report: checks the fields and images, strips the images' metadata, stores the report,
 * its images and an audit entry without any IP, user agent or request id, and returns the receipt once (only the
 * hash of its secret is kept). Nothing is stored when a check fails.
 */
export async function submitMisconduct(
  deps: Deps,
  fields: MisconductFields,
  incoming: readonly IncomingFile[],
): Promise<{ receipt: string }> {
  if ((fields.website ?? '').trim()) throw new AppError('PORTAL_SUBMISSION_REFUSED');
  const problems: FieldProblem[] = [];
  const subject = (fields.subject ?? '').trim();
  const body = (fields.body ?? '').trim();
  const identity = (fields.identity ?? '').trim();
  const divisionCode = (fields.divisionCode ?? '').trim();
  if (subject.length === 0 || subject.length > 200) {
    problems.push({
      field: 'subject',
      zh: '请填写被举报的干部或单位（200 字以内）',
      en: 'Name the cadre or unit (at most 200 characters)',
    });
  }
  if (body.length < PORTAL_BODY_MIN || body.length > PORTAL_BODY_MAX) {
    problems.push({
      field: 'body',
      zh: `请描述举报的事实（${PORTAL_BODY_MIN}–${PORTAL_BODY_MAX} 字）`,
      en: `Describe what happened (${PORTAL_BODY_MIN}–${PORTAL_BODY_MAX} characters)`,
    });
  }
  if (identity.length > 200) problems.push({ field: 'identity', zh: '身份信息不能超过 200 字', en: 'Too long' });
  let tenantCode: string | null = null;
  if (divisionCode) {
    const lineage = /^\d{12}$/.test(divisionCode) ? await divisionAncestors(deps.db, divisionCode) : [];
    if (lineage.length === 0) problems.push({ field: 'divisionCode', zh: '所选地点不存在', en: 'Unknown place' });
    tenantCode = lineage.find((d) => d.level === 'county')?.code ?? null;
  }
  const max = deps.config.attachmentMaxBytes;
  if (incoming.length > PORTAL_MAX_FILES) {
    problems.push({
      field: 'files',
      zh: `最多上传 ${PORTAL_MAX_FILES} 张图片`,
      en: `At most ${PORTAL_MAX_FILES} images`,
    });
  }
  const images: { bytes: Uint8Array; mime: string }[] = [];
  incoming.forEach((f, i) => {
    const n = i + 1;
    const mime = f.bytes.length ? sniffAttachmentType(f.bytes.subarray(0, 16)) : null;
    const stripped = mime && REPORT_IMAGE_TYPES.has(mime) && !f.truncated ? stripImageMetadata(f.bytes, mime) : null;
    if (f.truncated) problems.push({ field: 'files', zh: `第 ${n} 个文件太大`, en: `File ${n} is too large` });
    else if (!stripped) {
      problems.push({
        field: 'files',
        zh: `第 ${n} 个文件不是可用的 JPEG、PNG 或 WebP 图片`,
        en: `File ${n} is not a usable JPEG, PNG or WebP image`,
      });
    } else if (stripped.length > max) {
      problems.push({ field: 'files', zh: `第 ${n} 个文件太大`, en: `File ${n} is too large` });
    } else images.push({ bytes: stripped, mime: mime! });
  });
  if (problems.length > 0) throw fieldProblemsError(problems);

  const { lookupId, secret, receipt } = formatReceipt(randomBytes(7), randomBytes(17));
  const secretHash = await hashSecret(lookupId, secret);
  const stored: { bytes: Uint8Array; mime: string; sha256: string }[] = [];
  for (const img of images) {
    stored.push({ ...img, sha256: await storeAttachmentBytes(deps.config.dataDir, img.bytes) });
  }
  const now = deps.now();
  const reporterIdentityEnc = identity ? disciplineCipher(deps).encrypt(identity, IDENTITY_CONTEXT) : null;
  await deps.db.transaction().execute(async (trx) => {
    const id = await insertMisconductReport(trx, {
      lookupId,
      secretHash,
      tenantCode,
      divisionCode: divisionCode || null,
      subject,
      body,
      reporterIdentityEnc,
      createdOn: shanghaiDate(now),
    });
    for (const s of stored) {
      await insertMisconductFile(trx, {
        id: randomUUID(),
        reportId: id,
        sha256: s.sha256,
        mime: s.mime,
        size: s.bytes.length,
      });
    }
    await appendAudit(trx, {
      actor: ANONYMOUS,
      action: 'misconduct.create',
      objectType: 'misconduct_report',
      objectId: id,
      after: { files: stored.length, identityGiven: identity.length > 0 },
      at: now,
    });
  });
  return { receipt };
}

/** The report a receipt opens; a wrong lookup part and a wrong secret give the same not-found. */
async function reportByReceipt(deps: Pick<Deps, 'db'>, receipt: string): Promise<MisconductRow> {
  const parsed = parseReceipt(receipt);
  const row = parsed ? await findMisconductByLookup(deps.db, parsed.lookupId) : undefined;
  // Hash even when nothing was found, so the answer takes as long either way.
  const given = Buffer.from(await hashSecret(parsed?.lookupId ?? 'AAAAAAAAAA', parsed?.secret ?? ''), 'hex');
  const stored = Buffer.from(row?.secretHash ?? '', 'hex');
  if (!row || stored.length !== given.length || !timingSafeEqual(stored, given)) {
    throw new AppError('MISCONDUCT_NOT_FOUND');
  }
  return row;
}

async function messagesOf(deps: Pick<Deps, 'db'>, id: number) {
  return (await listMisconductMessages(deps.db, id)).map((m) => ({
    author: m.author,
    body: m.body,
    at: new Date(m.createdAt).toISOString(),
  }));
}

/** What the reporter reads with the receipt: the state and the questions and answers, without inspectors' names. */
export async function viewMisconductAsReporter(deps: Deps, receipt: string): Promise<MisconductReporterView> {
  const row = await reportByReceipt(deps, receipt);
  return {
    state: row.state as MisconductState,
    createdOn: row.createdOn,
    subject: row.subject,
    messages: await messagesOf(deps, row.id),
  };
}

/** The reporter answers the inspector's questions with the receipt; a closed report takes no more answers. */
export async function answerMisconduct(deps: Deps, receipt: string, body: string): Promise<MisconductReporterView> {
  const found = await reportByReceipt(deps, receipt);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockMisconduct(trx, found.id);
    if (!row || row.state === 'closed') throw new AppError('MISCONDUCT_CLOSED');
    await insertMisconductMessage(trx, {
      reportId: row.id,
      author: 'reporter',
      authorUserId: null,
      body,
      createdAt: now,
    });
    await appendAudit(trx, {
      actor: ANONYMOUS,
      action: 'misconduct.answer',
      objectType: 'misconduct_report',
      objectId: row.id,
      at: now,
    });
  });
  return viewMisconductAsReporter(deps, receipt);
}

// ---------------------------------------------------------------------------------------------
// The discipline inspectors' side (permission misconduct:read; revealing identities misconduct:reveal)

async function divisionNameOf(deps: Pick<Deps, 'db'>, code: string | null): Promise<string | null> {
  if (!code) return null;
  return (await divisionAncestors(deps.db, code)).map((d) => d.name).join(' / ') || null;
}

function summaryOf(row: MisconductRow, fileCount: number, divisionName: string | null): MisconductSummary {
  return {
    id: row.id,
    subject: row.subject,
    divisionName,
    state: row.state as MisconductState,
    createdOn: row.createdOn,
    hasIdentity: row.reporterIdentityEnc !== null,
    fileCount,
  };
}

/**
 * The county whose reports a discipline inspector handles: none (every county) for a whole-organisation
 * scope, else the county of the scope's division or of the scope unit's place. Reports without a place reach every
 * discipline inspector (nobody else).
 */
async function countyOfActor(deps: Pick<Deps, 'db'>, actor: Pick<Actor, 'scope'>): Promise<string | null> {
  const scope = actor.scope;
  if (scope.kind === 'all') return null;
  const place =
    scope.kind === 'division' ? scope.divisionCode : (await findUnitById(deps.db, scope.unitId))?.divisionCode;
  if (!place) return 'none';
  const lineage = await divisionAncestors(deps.db, place);
  return lineage.find((d) => d.level === 'county')?.code ?? place;
}

/** A report the actor's county covers (or one without a place); anything else reads as not found. */
async function reportInScope(deps: Pick<Deps, 'db'>, actor: Pick<Actor, 'scope'>, id: number): Promise<MisconductRow> {
  const row = await findMisconductById(deps.db, id);
  const county = row ? await countyOfActor(deps, actor) : null;
  if (!row || (county !== null && row.tenantCode !== null && row.tenantCode !== county)) {
    throw new AppError('MISCONDUCT_NOT_FOUND');
  }
  return row;
}

/** The reports of the actor's county (and those without a place), newest first, optionally of one state. */
export async function listMisconduct(
  deps: Deps,
  actor: Pick<Actor, 'scope'>,
  q: { state?: MisconductState | undefined; page: number; pageSize: number },
): Promise<Page<MisconductSummary>> {
  const { rows, total } = await listMisconductReports(deps.db, {
    tenantCode: await countyOfActor(deps, actor),
    state: q.state,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const items = [];
  for (const r of rows) items.push(summaryOf(r, r.fileCount, await divisionNameOf(deps, r.divisionCode)));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** One report with its conversation and images (the identity stays sealed: see revealMisconductIdentity). */
export async function getMisconduct(
  deps: Deps,
  actor: Actor,
  id: number,
  httpRequestId: string,
): Promise<MisconductDetail> {
  const row = await reportInScope(deps, actor, id);
  const files = await listMisconductFiles(deps.db, id);
  await appendAudit(deps.db, {
    actor: auditActorOf(actor),
    action: 'misconduct.read',
    objectType: 'misconduct_report',
    objectId: id,
    requestId: httpRequestId,
    at: deps.now(),
  });
  return {
    ...summaryOf(row, files.length, await divisionNameOf(deps, row.divisionCode)),
    body: row.body,
    messages: await messagesOf(deps, id),
    files: files.map((f) => ({ id: f.id, mime: f.mime, size: f.size })),
  };
}

/** An image of a report, for discipline inspectors. */
export async function misconductFile(deps: Deps, actor: Actor, id: number, fileId: string) {
  await reportInScope(deps, actor, id);
  const file = (await listMisconductFiles(deps.db, id)).find((f) => f.id === fileId);
  if (!file) throw new AppError('ATTACHMENT_NOT_FOUND');
  return file;
}

/** The inspector asks the reporter a question (read by the reporter with the receipt); the report is under review. */
export async function askMisconductQuestion(
  deps: Deps,
  actor: Actor,
  id: number,
  body: string,
  httpRequestId: string,
): Promise<MisconductDetail> {
  await reportInScope(deps, actor, id);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockMisconduct(trx, id);
    if (!row) throw new AppError('MISCONDUCT_NOT_FOUND');
    if (row.state === 'closed') throw new AppError('MISCONDUCT_CLOSED');
    await insertMisconductMessage(trx, {
      reportId: id,
      author: 'inspector',
      authorUserId: actor.userId,
      body,
      createdAt: now,
    });
    if (row.state === 'new') await updateMisconductState(trx, id, 'in_review');
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'misconduct.ask',
      objectType: 'misconduct_report',
      objectId: id,
      before: { state: row.state },
      after: { state: row.state === 'new' ? 'in_review' : row.state },
      requestId: httpRequestId,
      at: now,
    });
  });
  return getMisconduct(deps, actor, id, httpRequestId);
}

/** Moves a report to another state (under review, closed), audited. */
export async function setMisconductState(
  deps: Deps,
  actor: Actor,
  id: number,
  state: MisconductState,
  httpRequestId: string,
): Promise<MisconductDetail> {
  await reportInScope(deps, actor, id);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockMisconduct(trx, id);
    if (!row) throw new AppError('MISCONDUCT_NOT_FOUND');
    await updateMisconductState(trx, id, state);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'misconduct.state',
      objectType: 'misconduct_report',
      objectId: id,
      before: { state: row.state },
      after: { state },
      requestId: httpRequestId,
      at: now,
    });
  });
  return getMisconduct(deps, actor, id, httpRequestId);
}

/** Reveals the reporter's identity to a discipline inspector, who must give a reason; the reveal and reason are audited. */
export async function revealMisconductIdentity(
  deps: Deps,
  actor: Actor,
  id: number,
  reason: string,
  httpRequestId: string,
): Promise<{ identity: string | null }> {
  const row = await reportInScope(deps, actor, id);
  const identity = row.reporterIdentityEnc
    ? disciplineCipher(deps).decrypt(row.reporterIdentityEnc, IDENTITY_CONTEXT)
    : null;
  await appendAudit(deps.db, {
    actor: auditActorOf(actor),
    action: 'misconduct.reveal_identity',
    objectType: 'misconduct_report',
    objectId: id,
    detail: { reason },
    requestId: httpRequestId,
    at: deps.now(),
  });
  return { identity };
}
