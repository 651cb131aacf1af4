import { pageOf } from '../../../contracts/common.js';
import {
  classifySuggestionQuerySchema,
  classifySuggestionSchema,
  workStyleItemSchema,
  workStyleListQuerySchema,
} from '../../../contracts/requests.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import { listWorkStyle, suggestClassification } from './classification.service.js';

const tags = ['requests'];

/** Classification suggestions at intake and the discipline-inspection list of work-style complaints. */
export function classificationRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/requests/classify-suggestion',
    {
      // Operators and dispatchers both hold requests:intake (dispatchers classify too).
      config: { access: { permission: 'requests:intake' } },
      schema: { tags, querystring: classifySuggestionQuerySchema, response: { 200: classifySuggestionSchema } },
    },
    async (request) => suggestClassification(deps, request.query),
  );
  app.get(
    '/api/requests/work-style',
    {
      config: { access: { permission: 'requests:work-style' } },
      schema: { tags, querystring: workStyleListQuerySchema, response: { 200: pageOf(workStyleItemSchema) } },
    },
    async (request) => listWorkStyle(deps, actorOf(request), request.query),
  );
}
