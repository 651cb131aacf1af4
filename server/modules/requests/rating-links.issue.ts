/*
 * Issuing the citizen's one-time rating link (回访链接) when a reply (or a direct answer) goes out: a random 128-bit
 * token (base64url) that only the text message carries; the table keeps its SHA-256, the request, the reply round
 * it rates and its expiry (the county's rating window, in calendar days — the citizen reads "7 days" as a week).
 * Runs inside the transaction of the reply, so a reply never goes out without its link queued.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import { queueSms } from '../../platform/notify/index.js';
import { insertRatingLink } from './rating-links.repository.js';

const DAY_MS = 86_400_000;

/** The SHA-256 (hex) a token is stored and looked up as. */
export const ratingTokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Stores a new link for a reply round and queues its text message to the citizen's phone. */
export async function issueRatingLink(
  trx: Db,
  deps: Pick<Deps, 'cipher' | 'config'>,
  link: {
    requestId: number;
    tenantCode: string;
    number: string;
    replyRound: number;
    phone: string;
    ratingWindowDays: number;
  },
  now: Date,
): Promise<void> {
  const token = randomBytes(16).toString('base64url');
  await insertRatingLink(
    trx,
    {
      tokenHash: ratingTokenHash(token),
      tenantCode: link.tenantCode,
      requestId: link.requestId,
      replyRound: link.replyRound,
      expiresAt: new Date(now.getTime() + link.ratingWindowDays * DAY_MS),
    },
    now,
  );
  await queueSms(
    trx,
    deps.cipher,
    {
      phone: link.phone,
      text: `【连心】您的诉求（编号${link.number}）已答复，请评价：${deps.config.publicBaseUrl}/rate/${token}`,
      purpose: 'request.rating_link',
    },
    now,
  );
}
