import { z } from 'zod';
import { replyCheckBodySchema, replyCheckPreviewSchema } from '../../../contracts/reply-check.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import { previewReplyCheck } from './reply-check.service.js';

const params = z.object({ id: z.coerce.number().int().positive() });

/** The reply dialog asks how the reply check judges a draft before the handler sends it (nothing is stored). */
export function replyCheckRoutes(app: AppWithZod, deps: Deps): void {
  app.post(
    '/api/requests/:id/reply-check',
    {
      config: { access: { permission: 'requests:handle' } },
      schema: { tags: ['requests'], params, body: replyCheckBodySchema, response: { 200: replyCheckPreviewSchema } },
    },
    async (request) => previewReplyCheck(deps, actorOf(request), request.params.id, request.body.text),
  );
}
