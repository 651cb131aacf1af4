import { acceptBatchBodySchema, acceptBatchResultSchema, queueCountsSchema } from '../../../contracts/requests.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import { acceptBatch, getQueueCounts } from './requests.queues.service.js';

const tags = ['requests'];

/** The work queues' counts and batch acceptance (批量签收). */
export function requestQueuesRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/requests/queue-counts',
    {
      config: { access: { permission: 'requests:read' } },
      schema: { tags, response: { 200: queueCountsSchema } },
    },
    async (request) => getQueueCounts(deps, actorOf(request)),
  );
  app.post(
    '/api/requests/actions/accept-batch',
    {
      config: { access: { permission: 'requests:handle' } },
      schema: { tags, body: acceptBatchBodySchema, response: { 200: acceptBatchResultSchema } },
    },
    async (request) =>
      acceptBatch(deps, actorOf(request), request.body.ids, request.id, (id, error) =>
        request.log.error({ err: error, requestId: id }, 'batch accept failed unexpectedly'),
      ),
  );
}
