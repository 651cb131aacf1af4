import { z } from 'zod';
import {
  countyQuerySchema,
  requestSettingsResponseSchema,
  requestSettingsUpdateSchema,
  timeLimitPreviewQuerySchema,
  timeLimitPreviewSchema,
  timeLimitRuleInputSchema,
  timeLimitRuleListSchema,
  timeLimitRuleViewSchema,
} from '../../../contracts/requests.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import { getRequestSettings, updateRequestSettings } from './settings.service.js';
import {
  createTimeLimitRule,
  deleteTimeLimitRuleById,
  listTimeLimitRules,
  previewTimeLimits,
  updateTimeLimitRuleById,
} from './time-limit-rules.service.js';

const tags = ['requests (settings)'];
const config = { access: { permission: 'requests:configure' } } as const;
const ruleParams = z.object({ id: z.coerce.number().int().positive() });

/** A county's request rules for administrators (requests:configure): settings, time-limit rules and the preview. */
export function requestSettingsRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/requests/settings',
    { config, schema: { tags, querystring: countyQuerySchema, response: { 200: requestSettingsResponseSchema } } },
    async (request) => getRequestSettings(deps, actorOf(request), request.query.countyCode),
  );
  app.put(
    '/api/requests/settings',
    {
      config,
      schema: {
        tags,
        querystring: countyQuerySchema,
        body: requestSettingsUpdateSchema,
        response: { 200: requestSettingsResponseSchema },
      },
    },
    async (request) =>
      updateRequestSettings(deps, actorOf(request), request.query.countyCode, request.body, request.id),
  );
  app.get(
    '/api/requests/settings/time-limits',
    { config, schema: { tags, querystring: countyQuerySchema, response: { 200: timeLimitRuleListSchema } } },
    async (request) => listTimeLimitRules(deps, actorOf(request), request.query.countyCode),
  );
  app.get(
    '/api/requests/settings/time-limits/preview',
    { config, schema: { tags, querystring: timeLimitPreviewQuerySchema, response: { 200: timeLimitPreviewSchema } } },
    async (request) => previewTimeLimits(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/requests/settings/time-limits',
    {
      config,
      schema: {
        tags,
        querystring: countyQuerySchema,
        body: timeLimitRuleInputSchema,
        response: { 201: timeLimitRuleViewSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createTimeLimitRule(deps, actorOf(request), request.query.countyCode, request.body, request.id)),
  );
  app.put(
    '/api/requests/settings/time-limits/:id',
    {
      config,
      schema: {
        tags,
        params: ruleParams,
        querystring: countyQuerySchema,
        body: timeLimitRuleInputSchema,
        response: { 200: timeLimitRuleViewSchema },
      },
    },
    async (request) =>
      updateTimeLimitRuleById(
        deps,
        actorOf(request),
        request.query.countyCode,
        request.params.id,
        request.body,
        request.id,
      ),
  );
  app.delete(
    '/api/requests/settings/time-limits/:id',
    { config, schema: { tags, params: ruleParams, querystring: countyQuerySchema } },
    async (request, reply) => {
      await deleteTimeLimitRuleById(deps, actorOf(request), request.query.countyCode, request.params.id, request.id);
      return reply.status(204).send();
    },
  );
}
