/*
 * The citizen's side of the one-time rating link (回访链接, issued by rating-links.issue.ts): what the page shows,
 * and the rating itself. A link rates the reply round it was issued for; it is spent by a rating, expires with the
 * rating window, and is superseded when the request is no longer waiting for that reply's rating (a newer reply,
 * closed, reopened). Rating goes through the same command as an operator's call-back (via 'link', unsatisfied
 * reopens) and marks the link used in the same transaction; any link that cannot rate gives one error,
 * REQUEST_RATING_LINK_INVALID (404), so the endpoint tells nothing about which tokens exist.
 */

import type { RatingLinkRateBody, RatingLinkStatus, RatingLinkView } from '../../../contracts/rating-links.js';
import { SYSTEM_ACTOR } from '../../../contracts/requests.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import { findUnitNames } from '../org/index.js';
import type { RequestSnapshot } from './domain/request-state.js';
import { foldRequestEvents } from './domain/request-state.js';
import { ratingTokenHash } from './rating-links.issue.js';
import { findCategoryName, findRatingLink, markRatingLinkUsed, type RatingLinkRow } from './rating-links.repository.js';
import { loadRequestEvents } from './requests.repository.js';
import { executeCommand } from './requests.service.js';

/** The actor of a rating through the link: a citizen, no account, no unit. */
const CITIZEN = Object.freeze({ ...SYSTEM_ACTOR, name: '市民' });

function statusOf(link: RatingLinkRow, s: RequestSnapshot, now: Date): RatingLinkStatus {
  if (link.usedAt) return 'used';
  if (s.state !== 'replied' || s.replies.length !== link.replyRound) return 'superseded';
  if (now.getTime() >= link.expiresAt.getTime()) return 'expired';
  return 'open';
}

/** The rating page: the request's number, when it was received, its category, the reply and whether it can be rated. */
export async function getRatingLink(deps: Pick<Deps, 'db' | 'now'>, token: string): Promise<RatingLinkView> {
  const now = deps.now();
  const link = await findRatingLink(deps.db, ratingTokenHash(token));
  if (!link) throw new AppError('REQUEST_RATING_LINK_INVALID');
  const s = foldRequestEvents((await loadRequestEvents(deps.db, link.requestId)).map((e) => e.event));
  const reply = s.replies[link.replyRound - 1] ?? null;
  const unitName = reply?.unitId != null ? ((await findUnitNames(deps.db, [reply.unitId]))[0]?.name ?? null) : null;
  const status = statusOf(link, s, now);
  return {
    number: s.number,
    receivedAt: s.receivedAt.toISOString(),
    categoryName: s.categoryCode ? await findCategoryName(deps.db, s.categoryCode) : null,
    reply: reply ? { text: reply.text, unitName, at: reply.at.toISOString() } : null,
    status,
    canRate: status === 'open',
    expiresAt: link.expiresAt.toISOString(),
  };
}

/** Rates the reply through its link (once); unsatisfied reopens the request to the unit, as on a call-back. */
export async function rateByRatingLink(
  deps: Deps,
  token: string,
  body: RatingLinkRateBody,
  httpRequestId: string,
): Promise<{ number: string; reopened: boolean }> {
  const hash = ratingTokenHash(token);
  const known = await findRatingLink(deps.db, hash);
  if (!known) throw new AppError('REQUEST_RATING_LINK_INVALID');
  const now = deps.now();
  let number = '';
  const result = await executeCommand(
    { ...deps, now: () => now },
    {
      eventActor: CITIZEN,
      auditActor: { userId: null, name: '市民（回访链接）' },
      authorize: async (trx) => {
        // Locked with the request: two submissions of one link cannot both pass.
        const link = await findRatingLink(trx, hash, true);
        if (!link || link.usedAt || now.getTime() >= link.expiresAt.getTime()) {
          throw new AppError('REQUEST_RATING_LINK_INVALID');
        }
        await markRatingLinkUsed(trx, hash, now);
      },
    },
    known.requestId,
    (s) => {
      if (s.state !== 'replied' || s.replies.length !== known.replyRound) {
        throw new AppError('REQUEST_RATING_LINK_INVALID');
      }
      number = s.number;
      return {
        action: 'rate',
        resolved: body.resolved,
        satisfaction: body.satisfaction,
        comment: body.comment ?? null,
        via: 'link',
      };
    },
    httpRequestId,
  );
  return { number, reopened: result.state === 'in_progress' || result.state === 'classified' };
}
