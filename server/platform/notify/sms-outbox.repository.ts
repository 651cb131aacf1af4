import { sql } from 'kysely';
import type { Db } from '../db/database.js';

// The `sms_outbox` table (migration 2026-11-22T0500_platform_notifications). Phone and text are encrypted by the
// caller (contexts 'sms.phone' and 'sms.text'); this file only stores and moves rows.

export interface SmsOutboxRow {
  id: string;
  phoneEnc: string;
  textEnc: string;
  attempts: number;
}

export async function insertSms(
  trx: Db,
  row: { phoneEnc: string; textEnc: string; purpose: string },
  now: Date,
): Promise<void> {
  await trx
    .insertInto('smsOutbox')
    .values({ ...row, nextAttemptAt: now, createdAt: now })
    .execute();
}

/** Pending messages due at `now`, oldest first. */
export async function listDueSms(db: Db, now: Date, limit: number): Promise<SmsOutboxRow[]> {
  const rows = await db
    .selectFrom('smsOutbox')
    .select([sql<string>`id::text`.as('id'), 'phoneEnc', 'textEnc', 'attempts'])
    .where('status', '=', 'pending')
    .where('nextAttemptAt', '<=', now)
    .orderBy('nextAttemptAt')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

export async function markSmsSent(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('smsOutbox')
    .set({ status: 'sent', sentAt: now, attempts: sql`attempts + 1`, lastError: null })
    .where('id', '=', id)
    .execute();
}

/** Records a failed attempt: retried at `retryAt`, or given up (status failed) when `retryAt` is null. */
export async function markSmsFailed(db: Db, id: string, error: string, retryAt: Date | null): Promise<void> {
  await db
    .updateTable('smsOutbox')
    .set({
      attempts: sql`attempts + 1`,
      lastError: error.slice(0, 500),
      ...(retryAt ? { nextAttemptAt: retryAt } : { status: 'failed' }),
    })
    .where('id', '=', id)
    .execute();
}

/** The outbox's rows for tests and diagnostics (no decryption here). */
export async function listSmsOutbox(
  db: Db,
): Promise<{ id: string; status: string; attempts: number; lastError: string | null; purpose: string }[]> {
  const rows = await db
    .selectFrom('smsOutbox')
    .select([sql<string>`id::text`.as('id'), 'status', 'attempts', 'lastError', 'purpose'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}
