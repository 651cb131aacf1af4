import { z } from 'zod';
import { satisfactionSchema } from './requests.js';

/** The one-time rating link's token as it appears in /rate/{token}: 128 random bits, base64url. */
export const ratingTokenParamsSchema = z.object({ token: z.string().min(1).max(100) });

/** Why a link can or cannot be used now. */
export const RATING_LINK_STATUSES = ['open', 'used', 'expired', 'superseded'] as const;
export const ratingLinkStatusSchema = z.enum(RATING_LINK_STATUSES);
export type RatingLinkStatus = z.infer<typeof ratingLinkStatusSchema>;

/** What the citizen sees on the rating page: no personal data, no staff names, no internal notes. */
export const ratingLinkViewSchema = z.object({
  number: z.string(),
  receivedAt: z.iso.datetime(),
  categoryName: z.string().nullable(),
  reply: z.object({ text: z.string(), unitName: z.string().nullable(), at: z.iso.datetime() }).nullable(),
  status: ratingLinkStatusSchema,
  canRate: z.boolean(),
  expiresAt: z.iso.datetime(),
});
export type RatingLinkView = z.infer<typeof ratingLinkViewSchema>;

export const ratingLinkRateBodySchema = z.object({
  resolved: z.boolean(),
  satisfaction: satisfactionSchema,
  comment: z.string().trim().max(1000).optional(),
});
export type RatingLinkRateBody = z.infer<typeof ratingLinkRateBodySchema>;

export const ratingLinkRateResultSchema = z.object({ number: z.string(), reopened: z.boolean() });
