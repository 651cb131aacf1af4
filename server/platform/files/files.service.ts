import { randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import type { ErrorCode } from '../../../contracts/errors.js';
import type { Attachment } from '../../../contracts/files.js';
import { appendAudit, auditActorOf } from '../audit/index.js';
import type { Db } from '../db/database.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../http/actor.js';
import { AppError, toFieldIssues } from '../http/errors.js';
import { openAttachmentBytes, storeAttachmentBytes } from './attachment-store.js';
import { normaliseAttachmentName, sniffAttachmentType } from './domain/sniff.js';
import {
  type AttachmentRow,
  findAttachmentById,
  insertAttachment,
  listAttachmentsOfRequest,
  lockAttachmentsByIds,
  markAttachmentsLinked,
} from './files.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Who may upload: staff who take requests in (operators, dispatchers) or handle them (units' handlers). */
export function canUploadAttachments(actor: Pick<Actor, 'permissions'>): boolean {
  return actor.permissions.has('requests:intake') || actor.permissions.has('requests:handle');
}

function fieldError(code: ErrorCode, field: string, zh: string, en: string, extra: object = {}): AppError {
  const zhIssue = toFieldIssues([{ path: [field], message: zh }], 'zh')[0]!;
  const enIssue = toFieldIssues([{ path: [field], message: en }], 'en')[0]!;
  return new AppError(code, { ...extra, issues: [{ ...zhIssue, messageEn: enIssue.messageEn }] });
}

export function toAttachment(row: AttachmentRow): Attachment {
  return { id: row.id, name: row.name, mime: row.mime, size: row.size };
}

/** The error of an upload without a file in the `file` field, or with an empty one. */
export function attachmentMissing(): AppError {
  return fieldError('ATTACHMENT_EMPTY', 'file', '请选择一个非空的文件', 'choose a file that is not empty');
}

/** The error of an upload bigger than the configured limit, naming the field and the limit. */
export function attachmentTooLarge(maxBytes: number): AppError {
  const mb = (maxBytes / 1024 / 1024).toFixed(maxBytes % (1024 * 1024) === 0 ? 0 : 1);
  return fieldError('ATTACHMENT_TOO_LARGE', 'file', `文件不能超过 ${mb} MB`, `at most ${mb} MB`, { maxBytes });
}

/**
 * Stores one uploaded file as an attachment of this user, not yet used by any request. The type is sniffed from the
 * content (images and PDF only), the size is limited by ATTACHMENT_MAX_BYTES, the bytes are stored content-addressed
 * under the data folder before the row and its audit entry are written in one transaction (a failed transaction
 * leaves at most an unreferenced file, never a row without its file). The audit entry has no file name: a citizen's
 * photo may be named after them.
 */
export async function uploadAttachment(
  deps: Deps,
  actor: Actor,
  file: { bytes: Uint8Array; filename: string },
  httpRequestId: string,
): Promise<Attachment> {
  if (!canUploadAttachments(actor)) throw new AppError('AUTH_FORBIDDEN');
  if (file.bytes.length === 0) throw attachmentMissing();
  if (file.bytes.length > deps.config.attachmentMaxBytes) throw attachmentTooLarge(deps.config.attachmentMaxBytes);
  const mime = sniffAttachmentType(file.bytes.subarray(0, 16));
  if (!mime) {
    throw fieldError(
      'ATTACHMENT_UNSUPPORTED_TYPE',
      'file',
      '只能上传图片（JPEG、PNG、WebP、GIF）或 PDF 文件',
      'only images (JPEG, PNG, WebP, GIF) and PDF files',
    );
  }
  const sha256 = await storeAttachmentBytes(deps.config.dataDir, file.bytes);
  const now = deps.now();
  const row = {
    id: randomUUID(),
    sha256,
    mime,
    size: file.bytes.length,
    name: normaliseAttachmentName(file.filename, mime),
    uploadedBy: actor.userId,
    uploadedAt: now,
  };
  await deps.db.transaction().execute(async (trx) => {
    await insertAttachment(trx, row);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'attachment.upload',
      objectType: 'attachment',
      objectId: row.id,
      after: { mime, size: row.size, sha256 },
      requestId: httpRequestId,
      at: now,
    });
  });
  return toAttachment({ ...row, requestId: null, eventSeq: null, linkedAt: null, tenantCode: null });
}

/**
 * Links attachments to a request event, inside the caller's transaction: each id must exist and either be this
 * user's upload not yet used by any request, or already belong to this request (kept where it is). Anything else —
 * an unknown id, another user's upload, one used by another request — is a 400 naming `field`, so an id seen
 * elsewhere cannot pull a file into a request the user controls.
 */
export async function linkAttachments(
  trx: Db,
  ids: readonly string[],
  link: { userId: number; requestId: number; eventSeq: number; tenantCode: string; at: Date; field?: string },
): Promise<Attachment[]> {
  const field = link.field ?? 'attachmentIds';
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const bad = (id: string) =>
    fieldError(
      'ATTACHMENT_INVALID',
      field,
      `附件 ${id} 不存在、不是您上传的，或已用于其他诉求`,
      `attachment ${id} does not exist, was not uploaded by you, or belongs to another request`,
      { attachmentId: id },
    );
  const malformed = unique.find((id) => !UUID.test(id));
  if (malformed) throw bad(malformed);
  const rows = new Map((await lockAttachmentsByIds(trx, unique)).map((r) => [r.id, r]));
  const fresh: string[] = [];
  for (const id of unique) {
    const row = rows.get(id);
    if (row?.requestId === link.requestId) continue;
    if (!row || row.requestId !== null || row.uploadedBy !== link.userId) throw bad(id);
    fresh.push(id);
  }
  await markAttachmentsLinked(trx, fresh, link);
  return unique.map((id) => toAttachment(rows.get(id)!));
}

/** A request's attachments grouped by the seq of the event they came with (for the timeline). */
export async function attachmentsByEvent(db: Db, requestId: number): Promise<Map<number, Attachment[]>> {
  const out = new Map<number, Attachment[]>();
  for (const row of await listAttachmentsOfRequest(db, requestId)) {
    const seq = row.eventSeq ?? 0;
    out.set(seq, [...(out.get(seq) ?? []), toAttachment(row)]);
  }
  return out;
}

export interface AttachmentDownload {
  attachment: Attachment;
  open: () => Promise<ReadStream>;
}

function downloadOf(dataDir: string, row: AttachmentRow): AttachmentDownload {
  return {
    attachment: toAttachment(row),
    open: async () => {
      try {
        return await openAttachmentBytes(dataDir, row.sha256);
      } catch {
        // The row survived but the bytes did not (a data folder restored without its attachments).
        throw new AppError('ATTACHMENT_NOT_FOUND');
      }
    },
  };
}

/** The uploader's own attachment before any request uses it (to check an upload); anything else reads as not found. */
export async function ownUnlinkedAttachment(
  deps: Pick<Deps, 'db' | 'config'>,
  actor: Pick<Actor, 'userId'>,
  id: string,
): Promise<AttachmentDownload> {
  const row = UUID.test(id) ? await findAttachmentById(deps.db, id) : undefined;
  if (!row || row.requestId !== null || row.uploadedBy !== actor.userId) throw new AppError('ATTACHMENT_NOT_FOUND');
  return downloadOf(deps.config.dataDir, row);
}

/**
 * An attachment of a request, for a caller that has already checked the user may read that request (the requests
 * module's scope); an id of another request reads as not found.
 */
export async function requestAttachment(
  deps: Pick<Deps, 'db' | 'config'>,
  requestId: number,
  id: string,
): Promise<AttachmentDownload> {
  const row = UUID.test(id) ? await findAttachmentById(deps.db, id) : undefined;
  if (row?.requestId !== requestId) throw new AppError('ATTACHMENT_NOT_FOUND');
  return downloadOf(deps.config.dataDir, row);
}
