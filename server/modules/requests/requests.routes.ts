import { z } from 'zod';
import { pageOf } from '../../../contracts/common.js';
import {
  dispatchProposalResponseSchema,
  duplicateCandidateSchema,
  duplicateQuerySchema,
  publicRateBodySchema,
  publicTrackQuerySchema,
  publicTrackResponseSchema,
  type RequestActionPath,
  requestActionBodies,
  requestDetailSchema,
  requestExportQuerySchema,
  requestIntakeResultSchema,
  requestIntakeSchema,
  requestListQuerySchema,
  requestStateSchema,
  requestSummarySchema,
} from '../../../contracts/requests.js';
import type { Permission } from '../../../contracts/roles.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import { AppError } from '../../platform/http/errors.js';
import { sendXlsx } from '../../platform/http/xlsx.js';
import { requestAttachmentsRoutes } from './attachments.routes.js';
import { classificationRoutes } from './classification.routes.js';
import { contactRevealRoutes } from './contact-reveal.routes.js';
import { duplicatesRoutes } from './duplicates.routes.js';
import { metricsRoutes } from './metrics.routes.js';
import { ratingLinkRoutes } from './rating-links.routes.js';
import { replyCheckRoutes } from './reply-check.routes.js';
import { PublicRateLimiter } from './requests.public-limiter.js';
import { requestQueuesRoutes } from './requests.queues.routes.js';
import {
  type CommandOf,
  exportRequestsXlsx,
  findDuplicates,
  getDispatchProposal,
  getRequestDetail,
  intakeRequest,
  listRequestsPage,
  rateByLink,
  runRequestCommand,
  trackRequest,
} from './requests.service.js';
import { requestSettingsRoutes } from './settings.routes.js';

const tags = ['requests'];
const access = (permission: Permission) => ({ access: { permission } }) as const;
const idParams = z.object({ id: z.coerce.number().int().positive() });
const actionResultSchema = z.object({ id: z.number().int(), state: requestStateSchema, version: z.number().int() });

type Bodies = { [K in RequestActionPath]: z.output<(typeof requestActionBodies)[K]> };

/** Each API action: its permission and how its body becomes a domain command (or one read off the request). */
const ACTIONS: { [K in RequestActionPath]: { permission: Permission; command: (b: Bodies[K]) => CommandOf } } = {
  classify: {
    permission: 'requests:intake',
    command: (b) => ({ action: 'classify', ...b, address: b.address ?? null }),
  },
  dispatch: {
    permission: 'requests:dispatch',
    command: (b) => ({ action: 'dispatch', ...b, proposal: b.proposal ?? null }),
  },
  accept: { permission: 'requests:handle', command: () => ({ action: 'accept' }) },
  return: { permission: 'requests:handle', command: (b) => ({ action: 'return', ...b }) },
  'rule-return': {
    permission: 'requests:dispatch',
    command: (b) =>
      b.decision === 'keep'
        ? { action: 'ruleOnReturn', decision: 'keep', note: b.note ?? null }
        : {
            action: 'ruleOnReturn',
            decision: 'redispatch',
            dispatch: { ...b.dispatch, proposal: b.dispatch.proposal ?? null },
            note: b.note ?? null,
          },
  },
  reply: { permission: 'requests:handle', command: (b) => ({ action: 'reply', ...b }) },
  rate: {
    permission: 'requests:intake',
    command: (b) => ({ action: 'rate', ...b, comment: b.comment ?? null, via: 'call' }),
  },
  close: { permission: 'requests:dispatch', command: () => ({ action: 'close' }) },
  'request-extension': { permission: 'requests:handle', command: (b) => ({ action: 'requestExtension', ...b }) },
  'decide-extension': {
    permission: 'requests:dispatch',
    command: (b) => ({
      action: 'decideExtension',
      approved: b.approved,
      note: b.note ?? null,
      ...(b.days === undefined ? {} : { days: b.days }),
    }),
  },
  press: { permission: 'requests:press', command: (b) => ({ action: 'press', ...b }) },
  'answer-directly': { permission: 'requests:intake', command: (b) => ({ action: 'answerDirectly', reply: b.reply }) },
  'reject-reply': {
    permission: 'requests:dispatch',
    command: (b) => ({ action: 'rejectReply', reason: b.reason, note: b.note ?? null }),
  },
  'assist-note': {
    permission: 'requests:handle',
    command: (b) => ({ action: 'addAssistNote', text: b.text, attachmentIds: b.attachmentIds }),
  },
  'file-appeal': {
    permission: 'requests:handle',
    command: (b) => ({ action: 'fileAppeal', reason: b.reason, evidence: b.attachmentIds, evidenceText: b.evidence }),
  },
  'decide-appeal': {
    permission: 'requests:dispatch',
    command: (b) => (s) => ({
      action: 'decideAppeal',
      // Without a unit: the unit whose appeal is pending (the domain refuses NoPendingAppeal when there is none).
      unitId: b.unitId ?? s.appeals.find((a) => a.decision === null)?.unitId ?? s.leadUnitId ?? 0,
      approved: b.approved,
      note: b.note ?? null,
    }),
  },
  'blow-whistle': { permission: 'requests:handle', command: (b) => ({ action: 'blowWhistle', ...b }) },
  'report-to-whistle': { permission: 'requests:handle', command: () => ({ action: 'reportToWhistle' }) },
  'rate-whistle': {
    permission: 'requests:handle',
    command: (b) => ({ action: 'rateWhistle', unitId: b.unitId, score: b.score, comment: b.comment ?? null }),
  },
  merge: { permission: 'requests:dispatch', command: (b) => ({ action: 'mergeInto', originalId: b.originalId }) },
};

function registerAction<K extends RequestActionPath>(app: AppWithZod, deps: Deps, path: K): void {
  const spec = ACTIONS[path];
  app.post(
    `/api/requests/:id/actions/${path}`,
    {
      config: access(spec.permission),
      schema: {
        tags,
        params: idParams,
        body: requestActionBodies[path] as z.ZodType,
        response: { 200: actionResultSchema },
      },
    },
    async (request) =>
      runRequestCommand(
        deps,
        actorOf(request),
        request.params.id,
        (spec.command as (b: unknown) => CommandOf)(request.body),
        request.id,
      ),
  );
}

/** The requests module's HTTP API: intake, lists, detail with timeline, dispatch proposals, duplicates, actions. */
export function requestsRoutes(app: AppWithZod, deps: Deps): void {
  app.post(
    '/api/requests',
    {
      config: access('requests:intake'),
      schema: {
        tags,
        body: requestIntakeSchema,
        headers: z.object({ 'idempotency-key': z.string().trim().min(1).max(200).optional() }).loose(),
        response: { 200: requestIntakeResultSchema, 201: requestIntakeResultSchema },
      },
    },
    async (request, reply) => {
      const key = request.body.idempotencyKey ?? request.headers['idempotency-key'];
      const { created, result } = await intakeRequest(
        deps,
        actorOf(request),
        { ...request.body, ...(key ? { idempotencyKey: key } : {}) },
        request.id,
      );
      return reply.status(created ? 201 : 200).send(result);
    },
  );
  app.get(
    '/api/requests',
    {
      config: access('requests:read'),
      schema: { tags, querystring: requestListQuerySchema, response: { 200: pageOf(requestSummarySchema) } },
    },
    async (request) => listRequestsPage(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/requests/export.xlsx',
    { config: access('requests:read'), schema: { tags, querystring: requestExportQuerySchema } },
    async (request, reply) =>
      sendXlsx(reply, '诉求清单.xlsx', await exportRequestsXlsx(deps, actorOf(request), request.query)),
  );
  app.get(
    '/api/requests/duplicates',
    {
      config: access('requests:read'),
      schema: { tags, querystring: duplicateQuerySchema, response: { 200: z.array(duplicateCandidateSchema) } },
    },
    async (request) => findDuplicates(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/requests/:id',
    { config: access('requests:read'), schema: { tags, params: idParams, response: { 200: requestDetailSchema } } },
    async (request) => getRequestDetail(deps, actorOf(request), request.params.id),
  );
  app.get(
    '/api/requests/:id/dispatch-proposal',
    {
      config: access('requests:dispatch'),
      schema: { tags, params: idParams, response: { 200: dispatchProposalResponseSchema } },
    },
    async (request) => getDispatchProposal(deps, actorOf(request), request.params.id),
  );
  for (const path of Object.keys(ACTIONS) as RequestActionPath[]) registerAction(app, deps, path);
  requestAttachmentsRoutes(app, deps);
  replyCheckRoutes(app, deps);
  contactRevealRoutes(app, deps);
  classificationRoutes(app, deps);
  duplicatesRoutes(app, deps);
  requestSettingsRoutes(app, deps);
  requestQueuesRoutes(app, deps);
  metricsRoutes(app, deps);
  publicRoutes(app, deps);
}

/**
 * The citizen's side, without login: tracking by number and receipt code, and the one-time rating link. Each app
 * instance keeps its own in-memory limiter per client IP (see requests.public-limiter.ts).
 */
function publicRoutes(app: AppWithZod, deps: Deps, limiter = new PublicRateLimiter()): void {
  const publicTags = ['requests (public)'];
  // Counted before validation, so malformed guesses count too.
  const onRequest = async (request: { ip: string }) => {
    if (!limiter.take(request.ip, deps.now().getTime())) throw new AppError('RATE_LIMITED');
  };
  app.get(
    '/api/public/requests/track',
    {
      config: { access: { public: true } },
      onRequest,
      schema: { tags: publicTags, querystring: publicTrackQuerySchema, response: { 200: publicTrackResponseSchema } },
    },
    async (request) => trackRequest(deps, request.query.number, request.query.code),
  );
  app.post(
    '/api/public/requests/rate',
    {
      config: { access: { public: true } },
      onRequest,
      schema: {
        tags: publicTags,
        body: publicRateBodySchema,
        response: { 200: z.object({ number: z.string(), state: requestStateSchema }) },
      },
    },
    async (request) => rateByLink(deps, request.body, request.id),
  );
  ratingLinkRoutes(app, deps, onRequest);
}
