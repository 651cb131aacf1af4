import {
  callerHistoryQuerySchema,
  callerHistorySchema,
  hotClustersQuerySchema,
  hotClustersResponseSchema,
} from '../../../contracts/requests.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import { getCallerHistory, getHotClusters } from './duplicates.service.js';

const tags = ['requests'];

/** Repeat callers (重复来电) and hot-topic clusters (热点); the duplicate check itself is GET /api/requests/duplicates. */
export function duplicatesRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/requests/caller-history',
    {
      config: { access: { permission: 'requests:read' } },
      schema: { tags, querystring: callerHistoryQuerySchema, response: { 200: callerHistorySchema } },
    },
    async (request) => getCallerHistory(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/requests/hot-clusters',
    {
      // The clusters list requests (titles, links): requests:read, in the reader's scope.
      config: { access: { permission: 'requests:read' } },
      schema: { tags, querystring: hotClustersQuerySchema, response: { 200: hotClustersResponseSchema } },
    },
    async (request) => getHotClusters(deps, actorOf(request), request.query),
  );
}
