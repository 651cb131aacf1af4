import type { Attachment } from '../../../contracts/files.js';
import type { RequestEvent, RequestEventType } from '../../../contracts/requests.js';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import {
  type AttachmentDownload,
  attachmentsByEvent,
  linkAttachments,
  requestAttachment,
} from '../../platform/files/index.js';
import type { Actor } from '../../platform/http/actor.js';
import { AppError } from '../../platform/http/errors.js';
import type { RequestCommand } from './domain/request-commands.js';
import { findRequest } from './requests.repository.js';

/** The files a command brings and the event of the log they belong to (reply, appeal, assist note). */
function attachmentsOf(command: RequestCommand): { ids: readonly string[]; eventType: RequestEventType } | null {
  switch (command.action) {
    case 'reply':
      return { ids: command.attachmentIds, eventType: 'reply_submitted' };
    case 'fileAppeal':
      return { ids: command.evidence, eventType: 'appeal_filed' };
    case 'addAssistNote':
      return { ids: command.attachmentIds ?? [], eventType: 'assist_note' };
    default:
      return null;
  }
}

/**
 * Links the files a command brought to the event that carries them, in the command's transaction: only this user's
 * uploads not yet used elsewhere (or files already on this request); anything else is a 400 naming `attachmentIds`
 * and, the transaction rolling back, a refused command leaves its files unlinked for the next attempt.
 */
export async function linkCommandAttachments(
  trx: Db,
  command: RequestCommand,
  at: {
    userId: number | null;
    requestId: number;
    tenantCode: string;
    lastSeq: number;
    events: readonly RequestEvent[];
    now: Date;
  },
): Promise<void> {
  const attaching = attachmentsOf(command);
  if (!attaching || attaching.ids.length === 0) return;
  const index = at.events.findIndex((e) => e.type === attaching.eventType);
  if (index < 0 || at.userId === null) return;
  await linkAttachments(trx, attaching.ids, {
    userId: at.userId,
    requestId: at.requestId,
    eventSeq: at.lastSeq + index + 1,
    tenantCode: at.tenantCode,
    at: at.now,
  });
}

/** A request's files grouped by the seq of the event they came with, for the timeline. */
export function requestAttachmentsByEvent(db: Db, requestId: number): Promise<Map<number, Attachment[]>> {
  return attachmentsByEvent(db, requestId);
}

/**
 * One file of a request for a user who can read the request (the same scope as its detail); a request out of
 * scope and a file of another request both read as not found.
 */
export async function getRequestAttachment(
  deps: Pick<Deps, 'db' | 'config'>,
  actor: Pick<Actor, 'scope' | 'userId'>,
  requestId: number,
  attachmentId: string,
): Promise<AttachmentDownload> {
  if (!(await findRequest(deps.db, actor.scope, actor.userId, requestId))) throw new AppError('REQUEST_NOT_FOUND');
  return requestAttachment(deps, requestId, attachmentId);
}

/** Links the files received with a new request to its first event (`received`, seq 1), in the intake transaction. */
export async function linkIntakeAttachments(
  trx: Db,
  ids: readonly string[],
  at: { userId: number; requestId: number; tenantCode: string; now: Date },
): Promise<void> {
  await linkAttachments(trx, ids, {
    userId: at.userId,
    requestId: at.requestId,
    eventSeq: 1,
    tenantCode: at.tenantCode,
    at: at.now,
  });
}
