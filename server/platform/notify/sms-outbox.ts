/*
 * The SMS outbox: use cases queue a message in their own transaction (so an acknowledged write never loses its
 * text message), and a scheduled job hands due messages to the adapter. A failed attempt is retried with
 * exponential backoff (1, 2, 4 … minutes, at most 6 hours) up to SMS_MAX_ATTEMPTS; then the row is marked failed
 * with its last error. Phone and text are stored only encrypted: the text may carry a one-time rating link.
 */
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { Db } from '../db/database.js';
import type { Deps } from '../deps.js';
import type { Job, JobResult } from '../jobs/index.js';
import type { SmsSender } from './sms.js';
import { insertSms, listDueSms, markSmsFailed, markSmsSent } from './sms-outbox.repository.js';

const PHONE_CONTEXT = 'sms.phone';
const TEXT_CONTEXT = 'sms.text';
export const SMS_MAX_ATTEMPTS = 8;
const BATCH = 100;

/** Minutes before the next attempt after `attempts` failures: 1, 2, 4, … capped at six hours. */
export function smsBackoffMs(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360) * 60_000;
}

/** Queues a text message in the caller's transaction. */
export async function queueSms(
  trx: Db,
  cipher: FieldCipher,
  msg: { phone: string; text: string; purpose: string },
  now: Date,
): Promise<void> {
  await insertSms(
    trx,
    {
      phoneEnc: cipher.encrypt(msg.phone, PHONE_CONTEXT),
      textEnc: cipher.encrypt(msg.text, TEXT_CONTEXT),
      purpose: msg.purpose,
    },
    now,
  );
}

/** One pass of the outbox job: sends what is due, records successes, failures and give-ups. */
export async function drainSmsOutbox(deps: Pick<Deps, 'db' | 'cipher' | 'now'>, sender: SmsSender): Promise<JobResult> {
  const now = deps.now();
  const result = { sent: 0, retried: 0, failed: 0 };
  for (const row of await listDueSms(deps.db, now, BATCH)) {
    try {
      await sender.send(
        deps.cipher.decrypt(row.phoneEnc, PHONE_CONTEXT),
        deps.cipher.decrypt(row.textEnc, TEXT_CONTEXT),
      );
      await markSmsSent(deps.db, row.id, now);
      result.sent += 1;
    } catch (err) {
      const attempts = row.attempts + 1;
      const giveUp = attempts >= SMS_MAX_ATTEMPTS;
      const message = err instanceof Error ? err.message : String(err);
      await markSmsFailed(deps.db, row.id, message, giveUp ? null : new Date(now.getTime() + smsBackoffMs(attempts)));
      if (giveUp) result.failed += 1;
      else result.retried += 1;
    }
  }
  return result;
}

export const SMS_OUTBOX_JOB = 'platform.sms-outbox';

/** The outbox job with the configured adapter. */
export function smsOutboxJob(sender: SmsSender): Job {
  return { name: SMS_OUTBOX_JOB, run: (deps) => drainSmsOutbox(deps, sender) };
}
