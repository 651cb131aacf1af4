import { z } from 'zod';
import { pageOf } from '../../../contracts/common.js';
import {
  dispatchProposalResponseSchema,
  duplicateCandidateSchema,
  duplicateQuerySchema,
  type RequestActionPath,
  requestActionBodies,
  requestDetailSchema,
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
import type { RequestCommand } from './domain/request-commands.js';
import {
  findDuplicates,
  getDispatchProposal,
  getRequestDetail,
  intakeRequest,
  listRequestsPage,
  runRequestCommand,
} from './requests.service.js';

const tags = ['requests'];
const access = (permission: Permission) => ({ access: { permission } }) as const;
const idParams = z.object({ id: z.coerce.number().int().positive() });
const actionResultSchema = z.object({ id: z.number().int(), state: requestStateSchema, version: z.number().int() });

type Bodies = { [K in RequestActionPath]: z.output<(typeof requestActionBodies)[K]> };

/** Each API action: its permission and how its body becomes a domain command. */
const ACTIONS: { [K in RequestActionPath]: { permission: Permission; command: (b: Bodies[K]) => RequestCommand } } = {
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
        (spec.command as (b: unknown) => RequestCommand)(request.body),
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
}
