import {
  ratingLinkRateBodySchema,
  ratingLinkRateResultSchema,
  ratingLinkViewSchema,
  ratingTokenParamsSchema,
} from '../../../contracts/rating-links.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { getRatingLink, rateByRatingLink } from './rating-links.service.js';

/**
 * The one-time rating link's public endpoints (no login). `onRequest` is the public endpoints' shared per-IP limiter
 * (requests.public-limiter.ts), counted before validation.
 */
export function ratingLinkRoutes(
  app: AppWithZod,
  deps: Deps,
  onRequest: (request: { ip: string }) => Promise<void>,
): void {
  const tags = ['requests (public)'];
  app.get(
    '/api/public/rating-links/:token',
    {
      config: { access: { public: true } },
      onRequest,
      schema: { tags, params: ratingTokenParamsSchema, response: { 200: ratingLinkViewSchema } },
    },
    async (request) => getRatingLink(deps, request.params.token),
  );
  app.post(
    '/api/public/rating-links/:token',
    {
      config: { access: { public: true } },
      onRequest,
      schema: {
        tags,
        params: ratingTokenParamsSchema,
        body: ratingLinkRateBodySchema,
        response: { 200: ratingLinkRateResultSchema },
      },
    },
    async (request) => rateByRatingLink(deps, request.params.token, request.body, request.id),
  );
}
