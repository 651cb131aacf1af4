import { z } from 'zod';
import { requestContactRevealResponseSchema, requestContactRevealSchema } from '../../../contracts/requests.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import { revealRequestContact } from './contact-reveal.service.js';

const params = z.object({ id: z.coerce.number().int().positive() });

/** A request's citizen contact in full, for calling the citizen back (requests:reveal; audited). */
export function contactRevealRoutes(app: AppWithZod, deps: Deps): void {
  app.post(
    '/api/requests/:id/reveal-contact',
    {
      config: { access: { permission: 'requests:reveal' } },
      schema: {
        tags: ['requests'],
        params,
        body: requestContactRevealSchema,
        response: { 200: requestContactRevealResponseSchema },
      },
    },
    async (request) => revealRequestContact(deps, actorOf(request), request.params.id, request.body, request.id),
  );
}
