import { sql } from 'kysely';
import type { Db } from '../db/database.js';

// The `notification` table (migration 2026-11-22T0500_platform_notifications): every read and write is for one
// recipient, so a user never reaches another's notices.

export interface NewNotification {
  recipientUserId: number;
  kind: string;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  objectType: string | null;
  objectId: number | null;
  link: string | null;
}

export interface NotificationRow {
  id: string;
  kind: string;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** Writes notices, one per recipient; call it with the transaction of the event that causes them. */
export async function insertNotifications(trx: Db, notices: readonly NewNotification[], now: Date): Promise<void> {
  if (notices.length === 0) return;
  await trx
    .insertInto('notification')
    .values(
      notices.map((n) => ({
        recipientUserId: n.recipientUserId,
        kind: n.kind,
        titleZh: n.title.zh,
        titleEn: n.title.en,
        bodyZh: n.body.zh,
        bodyEn: n.body.en,
        objectType: n.objectType,
        objectId: n.objectId,
        link: n.link,
        createdAt: now,
      })),
    )
    .execute();
}

/** One page of a user's notices, newest first; only the unread ones when asked. */
export async function listNotifications(
  db: Db,
  userId: number,
  f: { unreadOnly: boolean; offset: number; limit: number },
): Promise<{ items: NotificationRow[]; total: number }> {
  let q = db.selectFrom('notification').where('recipientUserId', '=', userId);
  if (f.unreadOnly) q = q.where('readAt', 'is', null);
  const [rows, count] = await Promise.all([
    q
      .select([
        sql<string>`id::text`.as('id'),
        'kind',
        'titleZh',
        'titleEn',
        'bodyZh',
        'bodyEn',
        'link',
        'createdAt',
        'readAt',
      ])
      .orderBy('id', 'desc')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt),
      readAt: r.readAt ? new Date(r.readAt) : null,
    })),
    total: Number(count.n),
  };
}

export async function countUnreadNotifications(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('recipientUserId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notices read; false when it is not theirs (or does not exist). */
export async function markNotificationRead(db: Db, userId: number, id: string, now: Date): Promise<boolean> {
  const found = await db
    .updateTable('notification')
    .set({ readAt: sql`coalesce(read_at, ${now})` })
    .where('id', '=', id)
    .where('recipientUserId', '=', userId)
    .executeTakeFirst();
  return Number(found.numUpdatedRows) > 0;
}

/** Marks every unread notice of the user read; returns how many. */
export async function markAllNotificationsRead(db: Db, userId: number, now: Date): Promise<number> {
  const result = await db
    .updateTable('notification')
    .set({ readAt: now })
    .where('recipientUserId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
