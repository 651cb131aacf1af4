import { z } from 'zod';
import {
  callbackBatchInputSchema,
  callbackBatchSchema,
  callbackOutcomeInputSchema,
  commitmentFulfilSchema,
  commitmentInputSchema,
  commitmentListSchema,
  commitmentSchema,
  coverageQuerySchema,
  coverageSchema,
  deedInputSchema,
  deedListSchema,
  deedSchema,
  diaryInputSchema,
  diaryPageSchema,
  diaryQuerySchema,
  diarySchema,
  figuresQuerySchema,
  figuresSchema,
  formalismListSchema,
  formalismQuerySchema,
  householdImportResultSchema,
  householdInputSchema,
  householdPageSchema,
  householdPatchSchema,
  householdQuerySchema,
  householdSchema,
  liaisonSettingsBodySchema,
  liaisonSettingsSchema,
  myLiaisonSchema,
  pairingCreateSchema,
  pairingEndSchema,
  pairingHistorySchema,
  pairingReplaceSchema,
  pairingSchema,
  partyAppraisalSchema,
  partyMemberReportInputSchema,
  partyMemberReportListSchema,
  partyMemberReportSchema,
  partyServiceInputSchema,
  publicRatingSchema,
  visitInputSchema,
  visitPageSchema,
  visitQuerySchema,
  visitSchema,
} from '../../../contracts/liaison.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import type { RouteAccess } from '../../platform/http/actor.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import { AppError, languageOf } from '../../platform/http/errors.js';
import { sendXlsx } from '../../platform/http/xlsx.js';
import { PublicRateLimiter } from '../requests/index.js';
import {
  appraisePartyMember,
  fulfilCommitmentWithEvidence,
  listCommitmentsOf,
  listDeedsOf,
  listDiariesPage,
  listPartyReportsOf,
  listPublicCommitments,
  logPartyService,
  makeCommitment,
  ratePublicCommitment,
  recordDeed,
  registerPartyMember,
  writeDiary,
} from './activities.service.js';
import { renderContactCard } from './contact-card.js';
import { getLiaisonFigures } from './figures.service.js';
import { householdTemplateXlsx, importHouseholds } from './household-import.js';
import {
  createHousehold,
  createPairing,
  endPairingWithReason,
  getCoverage,
  getHousehold,
  getLiaisonSettings,
  getPairingHistory,
  listHouseholdsPage,
  replacePairing,
  saveLiaisonSettings,
  updateHouseholdDetails,
} from './households.service.js';
import { drawCallbacks, getCallbackBatch, listFormalism, recordCallback } from './inspection.service.js';
import { getMyLiaison, listMyVisits, listVisitsPage, recordVisit } from './visits.service.js';

const tags = ['liaison'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const READ: { access: RouteAccess } = { access: { permission: 'liaison:read' } };
const MANAGE: { access: RouteAccess } = { access: { permission: 'liaison:manage' } };
const VISIT: { access: RouteAccess } = { access: { permission: 'liaison:visit' } };
const INSPECT: { access: RouteAccess } = { access: { permission: 'liaison:inspect' } };
const pageOnly = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
const countyQuery = z.object({
  countyCode: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
});
const dryRunQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') });

/** The liaison HTTP API: ledger and pairings (manage/read), the cadre's own records (visit), inspections, figures. */
export function liaisonRoutes(app: AppWithZod, deps: Deps): void {
  householdRoutes(app, deps);
  cadreRoutes(app, deps);
  oversightRoutes(app, deps);
  publicRoutes(app, deps);
}

function householdRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/liaison/settings',
    { config: READ, schema: { tags, querystring: countyQuery, response: { 200: liaisonSettingsSchema } } },
    async (request) => getLiaisonSettings(deps, actorOf(request), request.query.countyCode),
  );
  app.put(
    '/api/liaison/settings',
    { config: MANAGE, schema: { tags, body: liaisonSettingsBodySchema, response: { 200: liaisonSettingsSchema } } },
    async (request) => saveLiaisonSettings(deps, actorOf(request), request.body, request.id),
  );
  app.get(
    '/api/liaison/households',
    { config: READ, schema: { tags, querystring: householdQuerySchema, response: { 200: householdPageSchema } } },
    async (request) => listHouseholdsPage(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/liaison/households',
    { config: MANAGE, schema: { tags, body: householdInputSchema, response: { 201: householdSchema } } },
    async (request, reply) =>
      reply.status(201).send(await createHousehold(deps, actorOf(request), request.body, request.id)),
  );
  app.post(
    '/api/liaison/households/import',
    {
      config: MANAGE,
      schema: { tags, querystring: dryRunQuery, response: { 200: householdImportResultSchema } },
    },
    async (request) => {
      const file = await request.file();
      if (file?.fieldname !== 'file') throw new AppError('IMPORT_BAD_FILE', { field: 'file' });
      return importHouseholds(deps, actorOf(request), await file.toBuffer(), {
        dryRun: request.query.dryRun === 'true',
        lang: languageOf(request.headers['accept-language']),
        requestId: request.id,
      });
    },
  );
  app.get('/api/liaison/households/import/template.xlsx', { config: MANAGE, schema: { tags } }, async (_r, reply) =>
    sendXlsx(reply, '农户导入模板.xlsx', await householdTemplateXlsx()),
  );
  app.get(
    '/api/liaison/households/:id',
    { config: READ, schema: { tags, params: idParams, response: { 200: householdSchema } } },
    async (request) => getHousehold(deps, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/liaison/households/:id',
    {
      config: MANAGE,
      schema: { tags, params: idParams, body: householdPatchSchema, response: { 200: householdSchema } },
    },
    async (request) => updateHouseholdDetails(deps, actorOf(request), request.params.id, request.body, request.id),
  );
  app.get(
    '/api/liaison/households/:id/contact-card',
    { config: READ, schema: { tags, params: idParams } },
    async (request, reply) => {
      const household = await getHousehold(deps, actorOf(request), request.params.id);
      const html = await renderContactCard(household, deps.config.publicBaseUrl);
      return reply.header('content-type', 'text/html; charset=utf-8').send(html);
    },
  );
  app.get(
    '/api/liaison/households/:id/pairings',
    { config: READ, schema: { tags, params: idParams, response: { 200: pairingHistorySchema } } },
    async (request) => getPairingHistory(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/liaison/pairings',
    { config: MANAGE, schema: { tags, body: pairingCreateSchema, response: { 201: pairingSchema } } },
    async (request, reply) =>
      reply.status(201).send(await createPairing(deps, actorOf(request), request.body, request.id)),
  );
  app.post(
    '/api/liaison/pairings/:id/end',
    {
      config: MANAGE,
      schema: { tags, params: idParams, body: pairingEndSchema, response: { 200: pairingHistorySchema } },
    },
    async (request) => ({
      items: await endPairingWithReason(deps, actorOf(request), request.params.id, request.body.reason, request.id),
    }),
  );
  app.post(
    '/api/liaison/pairings/:id/replace',
    {
      config: MANAGE,
      schema: { tags, params: idParams, body: pairingReplaceSchema, response: { 200: pairingHistorySchema } },
    },
    async (request) => ({
      items: await replacePairing(deps, actorOf(request), request.params.id, request.body, request.id),
    }),
  );
  app.get(
    '/api/liaison/coverage',
    { config: READ, schema: { tags, querystring: coverageQuerySchema, response: { 200: coverageSchema } } },
    async (request) => getCoverage(deps, actorOf(request), request.query),
  );
}

/** The signed-in cadre's own records: my households, visits, diaries, commitments, deeds, party-member report. */
function cadreRoutes(app: AppWithZod, deps: Deps): void {
  app.get('/api/liaison/my', { config: VISIT, schema: { tags, response: { 200: myLiaisonSchema } } }, async (request) =>
    getMyLiaison(deps, actorOf(request)),
  );
  app.post(
    '/api/liaison/visits',
    { config: VISIT, schema: { tags, body: visitInputSchema, response: { 200: visitSchema, 201: visitSchema } } },
    async (request, reply) => {
      const { created, visit } = await recordVisit(deps, actorOf(request), request.body, request.id);
      return reply.status(created ? 201 : 200).send(visit);
    },
  );
  app.get(
    '/api/liaison/my/visits',
    { config: VISIT, schema: { tags, querystring: pageOnly, response: { 200: visitPageSchema } } },
    async (request) => listMyVisits(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/liaison/my/diaries',
    { config: VISIT, schema: { tags, querystring: pageOnly, response: { 200: diaryPageSchema } } },
    async (request) => listDiariesPage(deps, actorOf(request), request.query, true),
  );
  app.post(
    '/api/liaison/my/diaries',
    { config: VISIT, schema: { tags, body: diaryInputSchema, response: { 200: diarySchema } } },
    async (request) => writeDiary(deps, actorOf(request), request.body, request.id),
  );
  app.get(
    '/api/liaison/my/commitments',
    { config: VISIT, schema: { tags, response: { 200: commitmentListSchema } } },
    async (request) => listCommitmentsOf(deps, actorOf(request), true),
  );
  app.post(
    '/api/liaison/my/commitments',
    { config: VISIT, schema: { tags, body: commitmentInputSchema, response: { 201: commitmentSchema } } },
    async (request, reply) =>
      reply.status(201).send(await makeCommitment(deps, actorOf(request), request.body, request.id)),
  );
  app.post(
    '/api/liaison/my/commitments/:id/fulfil',
    {
      config: VISIT,
      schema: { tags, params: idParams, body: commitmentFulfilSchema, response: { 200: commitmentSchema } },
    },
    async (request) =>
      fulfilCommitmentWithEvidence(deps, actorOf(request), request.params.id, request.body.evidence, request.id),
  );
  app.get(
    '/api/liaison/my/deeds',
    { config: VISIT, schema: { tags, response: { 200: deedListSchema } } },
    async (request) => listDeedsOf(deps, actorOf(request), true),
  );
  app.post(
    '/api/liaison/my/deeds',
    { config: VISIT, schema: { tags, body: deedInputSchema, response: { 201: deedSchema } } },
    async (request, reply) =>
      reply.status(201).send(await recordDeed(deps, actorOf(request), request.body, request.id)),
  );
  app.get(
    '/api/liaison/my/party-reports',
    { config: VISIT, schema: { tags, response: { 200: partyMemberReportListSchema } } },
    async (request) => listPartyReportsOf(deps, actorOf(request), true),
  );
  app.post(
    '/api/liaison/my/party-reports',
    { config: VISIT, schema: { tags, body: partyMemberReportInputSchema, response: { 200: partyMemberReportSchema } } },
    async (request) => registerPartyMember(deps, actorOf(request), request.body, request.id),
  );
  app.post(
    '/api/liaison/my/party-reports/:id/services',
    {
      config: VISIT,
      schema: { tags, params: idParams, body: partyServiceInputSchema, response: { 200: partyMemberReportSchema } },
    },
    async (request) => logPartyService(deps, actorOf(request), request.params.id, request.body, request.id),
  );
}

/** Reading the scope's records (leaders, organisers), the formalism list and call-backs (inspectors), figures. */
function oversightRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/liaison/visits',
    { config: READ, schema: { tags, querystring: visitQuerySchema, response: { 200: visitPageSchema } } },
    async (request) => listVisitsPage(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/liaison/diaries',
    { config: READ, schema: { tags, querystring: diaryQuerySchema, response: { 200: diaryPageSchema } } },
    async (request) => listDiariesPage(deps, actorOf(request), request.query, false),
  );
  app.get(
    '/api/liaison/commitments',
    { config: READ, schema: { tags, response: { 200: commitmentListSchema } } },
    async (request) => listCommitmentsOf(deps, actorOf(request), false),
  );
  app.get(
    '/api/liaison/deeds',
    { config: READ, schema: { tags, response: { 200: deedListSchema } } },
    async (request) => listDeedsOf(deps, actorOf(request), false),
  );
  app.get(
    '/api/liaison/party-reports',
    { config: READ, schema: { tags, response: { 200: partyMemberReportListSchema } } },
    async (request) => listPartyReportsOf(deps, actorOf(request), false),
  );
  app.post(
    '/api/liaison/party-reports/:id/appraisal',
    {
      config: MANAGE,
      schema: { tags, params: idParams, body: partyAppraisalSchema, response: { 200: partyMemberReportSchema } },
    },
    async (request) =>
      appraisePartyMember(deps, actorOf(request), request.params.id, request.body.appraisal, request.id),
  );
  app.get(
    '/api/liaison/figures',
    { config: READ, schema: { tags, querystring: figuresQuerySchema, response: { 200: figuresSchema } } },
    async (request) => getLiaisonFigures(deps, actorOf(request).scope, request.query),
  );
  app.get(
    '/api/liaison/formalism',
    { config: INSPECT, schema: { tags, querystring: formalismQuerySchema, response: { 200: formalismListSchema } } },
    async (request) => listFormalism(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/liaison/callbacks',
    { config: INSPECT, schema: { tags, body: callbackBatchInputSchema, response: { 201: callbackBatchSchema } } },
    async (request, reply) =>
      reply.status(201).send(await drawCallbacks(deps, actorOf(request), request.body, request.id)),
  );
  app.get(
    '/api/liaison/callbacks/:id',
    { config: INSPECT, schema: { tags, params: idParams, response: { 200: callbackBatchSchema } } },
    async (request) => getCallbackBatch(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/liaison/callbacks/items/:id/outcome',
    {
      config: INSPECT,
      schema: { tags, params: idParams, body: callbackOutcomeInputSchema, response: { 200: callbackBatchSchema } },
    },
    async (request) => recordCallback(deps, actorOf(request), request.params.id, request.body, request.id),
  );
}

/** The portal's side: public commitments (承诺公示) and the public's rating of them, limited per IP. */
function publicRoutes(app: AppWithZod, deps: Deps): void {
  const limiter = new PublicRateLimiter({ limit: 60, windowMs: 60_000 });
  const onRequest = async (request: { ip: string }) => {
    if (!limiter.take(request.ip, deps.now().getTime())) throw new AppError('RATE_LIMITED');
  };
  const publicTags = ['liaison (public)'];
  app.get(
    '/api/public/liaison/commitments',
    {
      config: { access: { public: true } },
      onRequest,
      schema: { tags: publicTags, response: { 200: commitmentListSchema } },
    },
    async () => listPublicCommitments(deps),
  );
  app.post(
    '/api/public/liaison/commitments/:id/rate',
    {
      config: { access: { public: true } },
      onRequest,
      schema: { tags: publicTags, params: idParams, body: publicRatingSchema, response: { 200: commitmentSchema } },
    },
    async (request) => ratePublicCommitment(deps, request.params.id, request.body.score),
  );
}
