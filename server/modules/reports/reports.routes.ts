import { z } from 'zod';
import {
  publicRankingMonthsSchema,
  publicRankingQuerySchema,
  publicRankingSchema,
  publishedRankingDiffSchema,
  publishedRankingListQuerySchema,
  publishedRankingListSchema,
  publishedRankingSchema,
  publishRankingBodySchema,
} from '../../../contracts/reports.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import { AppError } from '../../platform/http/errors.js';
import { type PublicLimit, PublicRateLimiter } from '../requests/index.js';
import {
  getPublicRanking,
  getPublishedRanking,
  getPublishedRankingDiff,
  listPublicRankingMonths,
  listPublishedRankings,
  publishRanking,
} from './reports.service.js';

const tags = ['reports'];
const idParams = z.object({ id: z.coerce.number().int().positive() });

/** The public ranking pages are cheap reads of published data: 120 per IP per minute. */
export const PUBLIC_RANKING_LIMIT: Readonly<PublicLimit> = Object.freeze({ limit: 120, windowMs: 60_000 });

/** Published rankings: publishing (reports:publish), reading versions and diffs (reports:read), the public view. */
export function reportsRoutes(app: AppWithZod, deps: Deps): void {
  app.post(
    '/api/reports/rankings',
    {
      config: { access: { permission: 'reports:publish' } },
      schema: { tags, body: publishRankingBodySchema, response: { 201: publishedRankingSchema } },
    },
    async (request, reply) => {
      const published = await publishRanking(deps, actorOf(request), request.body, request.id);
      return reply.status(201).send(published);
    },
  );
  app.get(
    '/api/reports/rankings',
    {
      config: { access: { permission: 'reports:read' } },
      schema: { tags, querystring: publishedRankingListQuerySchema, response: { 200: publishedRankingListSchema } },
    },
    async (request) => listPublishedRankings(deps, request.query),
  );
  app.get(
    '/api/reports/rankings/:id',
    {
      config: { access: { permission: 'reports:read' } },
      schema: { tags, params: idParams, response: { 200: publishedRankingSchema } },
    },
    async (request) => getPublishedRanking(deps, request.params.id),
  );
  app.get(
    '/api/reports/rankings/:id/diff',
    {
      config: { access: { permission: 'reports:read' } },
      schema: { tags, params: idParams, response: { 200: publishedRankingDiffSchema } },
    },
    async (request) => getPublishedRankingDiff(deps, request.params.id),
  );
  publicRoutes(app, deps);
}

/**
 * The portal's side, without login: the latest published version of a month, and the months published. Each app
 * instance keeps its own in-memory limiter per client IP, counted before validation.
 */
function publicRoutes(app: AppWithZod, deps: Deps, limiter = new PublicRateLimiter(PUBLIC_RANKING_LIMIT)): void {
  const publicTags = ['reports (public)'];
  const onRequest = async (request: { ip: string }) => {
    if (!limiter.take(request.ip, deps.now().getTime())) throw new AppError('RATE_LIMITED');
  };
  app.get(
    '/api/public/rankings',
    {
      config: { access: { public: true } },
      onRequest,
      schema: { tags: publicTags, querystring: publicRankingQuerySchema, response: { 200: publicRankingSchema } },
    },
    async (request) => getPublicRanking(deps, request.query),
  );
  app.get(
    '/api/public/rankings/months',
    {
      config: { access: { public: true } },
      onRequest,
      schema: { tags: publicTags, response: { 200: publicRankingMonthsSchema } },
    },
    async () => listPublicRankingMonths(deps),
  );
}
