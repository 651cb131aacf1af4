import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { AttachmentTable } from './files.tables.js';

export type AttachmentRow = Selectable<AttachmentTable>;

export async function insertAttachment(db: Db, row: Insertable<AttachmentTable>): Promise<void> {
  await db.insertInto('attachment').values(row).execute();
}

export async function findAttachmentById(db: Db, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachment').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The rows of these ids, locked for the linking transaction (two requests cannot claim the same upload). */
export async function lockAttachmentsByIds(trx: Db, ids: readonly string[]): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  return trx
    .selectFrom('attachment')
    .selectAll()
    .where('id', 'in', [...ids])
    .forUpdate()
    .execute();
}

export async function markAttachmentsLinked(
  trx: Db,
  ids: readonly string[],
  link: { requestId: number; eventSeq: number; tenantCode: string; at: Date },
): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('attachment')
    .set({ requestId: link.requestId, eventSeq: link.eventSeq, tenantCode: link.tenantCode, linkedAt: link.at })
    .where('id', 'in', [...ids])
    .where('requestId', 'is', null)
    .execute();
}

/** A request's attachments in the order they were linked (then uploaded). */
export async function listAttachmentsOfRequest(db: Db, requestId: number): Promise<AttachmentRow[]> {
  return db
    .selectFrom('attachment')
    .selectAll()
    .where('requestId', '=', requestId)
    .orderBy('eventSeq')
    .orderBy('uploadedAt')
    .orderBy('id')
    .execute();
}
