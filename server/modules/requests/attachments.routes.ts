import { z } from 'zod';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { sendAttachment } from '../../platform/files/index.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import { getRequestAttachment } from './attachments.service.js';

const params = z.object({ id: z.coerce.number().int().positive(), attachmentId: z.string().min(1).max(64) });

/** Downloads of a request's files (timeline links and thumbnails) for whoever can read the request. */
export function requestAttachmentsRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/requests/:id/attachments/:attachmentId',
    { config: { access: { permission: 'requests:read' } }, schema: { tags: ['requests'], params } },
    async (request, reply) =>
      sendAttachment(
        reply,
        await getRequestAttachment(deps, actorOf(request), request.params.id, request.params.attachmentId),
      ),
  );
}
