import { z } from 'zod';
import {
  hotTopicsQuerySchema,
  hotTopicsResponseSchema,
  metricDrillResponseSchema,
  metricGroupsResponseSchema,
  metricsCategoryQuerySchema,
  metricsDivisionQuerySchema,
  metricsDrillQuerySchema,
  metricsQuerySchema,
  metricsRankingQuerySchema,
  metricsTrendQuerySchema,
  metricWeightsResponseSchema,
  metricWeightsUpdateSchema,
  rankingResponseSchema,
  scorecardQuerySchema,
  scorecardResponseSchema,
  trendResponseSchema,
} from '../../../contracts/metrics.js';
import { countyQuerySchema } from '../../../contracts/requests.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import { sendXlsx } from '../../platform/http/xlsx.js';
import {
  drillMetrics,
  exportRankingXlsx,
  getCategoryMetrics,
  getDivisionMetrics,
  getHotTopics,
  getMetricWeights,
  getRanking,
  getScorecard,
  getTrend,
  getUnitMetrics,
  updateMetricWeights,
} from './metrics.service.js';

const tags = ['metrics'];
const read = { access: { permission: 'metrics:read' } } as const;

/** The figures of 接诉即办 (metrics:read, in the user's scope) and a unit's own scorecard (its staff too). */
export function metricsRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/metrics/units',
    { config: read, schema: { tags, querystring: metricsQuerySchema, response: { 200: metricGroupsResponseSchema } } },
    async (request) => getUnitMetrics(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/metrics/divisions',
    {
      config: read,
      schema: { tags, querystring: metricsDivisionQuerySchema, response: { 200: metricGroupsResponseSchema } },
    },
    async (request) => getDivisionMetrics(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/metrics/categories',
    {
      config: read,
      schema: { tags, querystring: metricsCategoryQuerySchema, response: { 200: metricGroupsResponseSchema } },
    },
    async (request) => getCategoryMetrics(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/metrics/ranking',
    {
      config: read,
      schema: { tags, querystring: metricsRankingQuerySchema, response: { 200: rankingResponseSchema } },
    },
    async (request) => getRanking(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/metrics/ranking.xlsx',
    { config: read, schema: { tags, querystring: metricsRankingQuerySchema } },
    async (request, reply) => {
      const { filename, body } = await exportRankingXlsx(deps, actorOf(request), request.query);
      return sendXlsx(reply, filename, body);
    },
  );
  app.get(
    '/api/metrics/trend',
    { config: read, schema: { tags, querystring: metricsTrendQuerySchema, response: { 200: trendResponseSchema } } },
    async (request) => getTrend(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/metrics/hot-topics',
    { config: read, schema: { tags, querystring: hotTopicsQuerySchema, response: { 200: hotTopicsResponseSchema } } },
    async (request) => getHotTopics(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/metrics/drill',
    {
      config: read,
      schema: { tags, querystring: metricsDrillQuerySchema, response: { 200: metricDrillResponseSchema } },
    },
    async (request) => drillMetrics(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/metrics/scorecard/:unitId',
    {
      // metrics:read within the scope, or the unit's own staff: decided in the service.
      config: { access: { authenticated: true } },
      schema: {
        tags,
        params: z.object({ unitId: z.coerce.number().int().positive() }),
        querystring: scorecardQuerySchema,
        response: { 200: scorecardResponseSchema },
      },
    },
    async (request) => getScorecard(deps, actorOf(request), request.params.unitId, request.query),
  );
  app.get(
    '/api/metrics/weights',
    {
      config: { access: { permission: 'requests:configure' } },
      schema: { tags, querystring: countyQuerySchema, response: { 200: metricWeightsResponseSchema } },
    },
    async (request) => getMetricWeights(deps, actorOf(request), request.query.countyCode),
  );
  app.put(
    '/api/metrics/weights',
    {
      config: { access: { permission: 'requests:configure' } },
      schema: { tags, body: metricWeightsUpdateSchema, response: { 200: metricWeightsResponseSchema } },
    },
    async (request) => updateMetricWeights(deps, actorOf(request), request.body, request.id),
  );
}
