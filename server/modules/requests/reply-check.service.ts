import type { ReplyCheckPreview } from '../../../contracts/reply-check.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import { normaliseText } from '../../platform/text/index.js';
import { checkReply, DEFAULT_REPLY_CHECK, type ReplyCheckOptions } from './domain/reply-check.js';
import { replyRelevance } from './domain/reply-relevance.js';
import { findRequest } from './requests.repository.js';

/** The reply check as the service runs it: request and reply compared after the platform's normaliser (traditional → simplified, full-width → half-width). */
export const SERVICE_REPLY_CHECK: Readonly<Partial<ReplyCheckOptions>> = Object.freeze({ normalise: normaliseText });

/** Judges a draft reply to a request the user can see, the way the reply action will (so the handler sees the score and the shared words before sending). */
export async function previewReplyCheck(
  deps: Pick<Deps, 'db'>,
  actor: { scope: Parameters<typeof findRequest>[1]; userId: number },
  id: number,
  text: string,
): Promise<ReplyCheckPreview> {
  const row = await findRequest(deps.db, actor.scope, actor.userId, id);
  if (!row) throw new AppError('REQUEST_NOT_FOUND');
  const request = { title: row.title, body: row.body };
  const verdict = checkReply(request, text, SERVICE_REPLY_CHECK);
  const relevance = replyRelevance(request, text, SERVICE_REPLY_CHECK);
  return {
    ok: verdict.ok,
    reason: verdict.ok ? null : verdict.reason,
    message: verdict.ok ? null : verdict.message,
    score: Math.round(relevance.score * 1000) / 1000,
    threshold: DEFAULT_REPLY_CHECK.minRelevance,
    matched: relevance.matched,
  };
}
