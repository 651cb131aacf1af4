import { z } from 'zod';
import { replyProblemSchema } from './requests.js';

/** POST /api/requests/:id/reply-check: a draft reply, judged before it is sent (答复审核预检). */
export const replyCheckBodySchema = z.object({ text: z.string().max(5000) });
export type ReplyCheckBody = z.infer<typeof replyCheckBodySchema>;

/** How the reply check judges a draft: the verdict the reply action would give, and the relevance score behind 答非所问. */
export const replyCheckPreviewSchema = z.object({
  ok: z.boolean(),
  /** Why the reply action would refuse it (rude, empty, boilerplate, off_topic); null when it would go out. */
  reason: replyProblemSchema.nullable(),
  message: z.object({ zh: z.string(), en: z.string() }).nullable(),
  /** How well the reply addresses the request, in [0, 1]: the estimated probability that it answers this request rather than another (domain/reply-relevance.ts); meaningless for an empty or boilerplate reply. */
  score: z.number().min(0).max(1),
  /** Below this score (or with no word of the request repeated) the reply is refused as off-topic. */
  threshold: z.number(),
  /** The request's words the reply repeats, most weighty first: why the score is what it is. */
  matched: z.array(z.string()),
});
export type ReplyCheckPreview = z.infer<typeof replyCheckPreviewSchema>;
