import { createReadStream } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { pageOf, pageQuerySchema } from '../../../contracts/common.js';
import {
  misconductAnswerBodySchema,
  misconductDetailSchema,
  misconductLookupBodySchema,
  misconductQuestionBodySchema,
  misconductReceiptResultSchema,
  misconductReporterViewSchema,
  misconductRevealBodySchema,
  misconductRevealResultSchema,
  misconductStateBodySchema,
  misconductStateSchema,
  misconductSummarySchema,
  PORTAL_MAX_FILES,
  portalCategorySchema,
  portalHotTopicsQuerySchema,
  portalHotTopicsSchema,
  portalPlaceQuerySchema,
  portalPlaceSchema,
  portalSubmitFieldsSchema,
  portalSubmitResultSchema,
  portalTrackResponseSchema,
} from '../../../contracts/portal.js';
import { publicRateBodySchema, publicTrackQuerySchema, requestStateSchema } from '../../../contracts/requests.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { attachmentPath } from '../../platform/files/index.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import { AppError } from '../../platform/http/errors.js';
import { type PublicLimit, PublicRateLimiter } from '../requests/index.js';
import {
  answerMisconduct,
  askMisconductQuestion,
  getMisconduct,
  listMisconduct,
  misconductFile,
  revealMisconductIdentity,
  setMisconductState,
  submitMisconduct,
  viewMisconductAsReporter,
} from './misconduct.service.js';
import { open311Routes } from './open311.routes.js';
import {
  type IncomingFile,
  listPortalCategories,
  listPortalPlaces,
  placePath,
  portalHotTopics,
  ratePortalRequest,
  submitPortalRequest,
  trackPortalRequest,
} from './portal.service.js';
import { renderQrSheet } from './qr-sheet.js';

/** Submissions (requests and misconduct reports): 10 per IP per hour. */
export const PORTAL_SUBMIT_LIMIT: Readonly<PublicLimit> = Object.freeze({ limit: 10, windowMs: 3_600_000 });
/** Tracking, rating and reading a report with its receipt: 30 per IP per 10 minutes (guessing stays slow). */
export const PORTAL_LOOKUP_LIMIT: Readonly<PublicLimit> = Object.freeze({ limit: 30, windowMs: 600_000 });
/** Reference data (categories, places, hot topics): 300 per IP per minute. */
export const PORTAL_READ_LIMIT: Readonly<PublicLimit> = Object.freeze({ limit: 300, windowMs: 60_000 });

const FIELD_MAX_CHARS = 10_000;

/**
 * Reads a multipart form: text fields (last one wins) and the files of the field `files`, each cut at the
 * attachment limit (marked truncated rather than thrown, so the citizen gets a message naming the file).
 */
async function readForm(
  request: FastifyRequest,
  maxFileBytes: number,
): Promise<{ fields: Record<string, string>; files: IncomingFile[] }> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { field: 'files' });
  const fields: Record<string, string> = {};
  const files: IncomingFile[] = [];
  const parts = request.parts({
    limits: { fileSize: maxFileBytes, files: PORTAL_MAX_FILES * 2, fields: 30, fieldSize: FIELD_MAX_CHARS },
    throwFileSizeLimit: false,
  } as Parameters<FastifyRequest['parts']>[0]);
  for await (const part of parts) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.fieldname === 'files') files.push({ filename: part.filename, bytes, truncated: part.file.truncated });
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  return { fields, files };
}

/** The portal's public endpoints (no login, per-IP limits) and the discipline inspectors' endpoints. */
export function portalRoutes(app: AppWithZod, deps: Deps): void {
  const tags = ['portal (public)'];
  const limited = (limit: PublicLimit) => {
    const limiter = new PublicRateLimiter(limit);
    // Counted before validation, so malformed attempts count too. The IP lives only in this process's memory.
    return async (request: { ip: string }) => {
      if (!limiter.take(request.ip, deps.now().getTime())) throw new AppError('RATE_LIMITED');
    };
  };
  const submitLimit = limited(PORTAL_SUBMIT_LIMIT);
  const lookupLimit = limited(PORTAL_LOOKUP_LIMIT);
  const readLimit = limited(PORTAL_READ_LIMIT);
  const isPublic = { access: { public: true } } as const;

  app.get(
    '/api/public/portal/categories',
    { config: isPublic, onRequest: readLimit, schema: { tags, response: { 200: z.array(portalCategorySchema) } } },
    async () => listPortalCategories(deps),
  );
  app.get(
    '/api/public/portal/places',
    {
      config: isPublic,
      onRequest: readLimit,
      schema: { tags, querystring: portalPlaceQuerySchema, response: { 200: z.array(portalPlaceSchema) } },
    },
    async (request) => listPortalPlaces(deps, request.query.parent),
  );
  app.get(
    '/api/public/portal/places/:code',
    {
      config: isPublic,
      onRequest: readLimit,
      schema: {
        tags,
        params: z.object({ code: z.string().regex(/^\d{12}$/) }),
        response: { 200: z.array(portalPlaceSchema) },
      },
    },
    async (request) => placePath(deps, request.params.code),
  );
  app.get(
    '/api/public/portal/qr-sheet',
    {
      config: isPublic,
      onRequest: readLimit,
      schema: { tags, querystring: z.object({ township: z.string().regex(/^\d{12}$/) }) },
    },
    async (request, reply) => {
      const lineage = await placePath(deps, request.query.township);
      const township = lineage.at(-1)!;
      const places = await listPortalPlaces(deps, township.code);
      const html = await renderQrSheet(township, places, deps.config.publicBaseUrl);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    },
  );
  app.get(
    '/api/public/portal/hot-topics',
    {
      config: isPublic,
      onRequest: readLimit,
      schema: { tags, querystring: portalHotTopicsQuerySchema, response: { 200: portalHotTopicsSchema } },
    },
    async (request) => portalHotTopics(deps, request.query.month),
  );
  app.post(
    '/api/public/portal/requests',
    {
      config: isPublic,
      onRequest: submitLimit,
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        response: { 200: portalSubmitResultSchema, 201: portalSubmitResultSchema },
      },
    },
    async (request, reply) => {
      const { fields, files } = await readForm(request, deps.config.attachmentMaxBytes);
      const parsed = portalSubmitFieldsSchema.parse(fields);
      const { created, result } = await submitPortalRequest(deps, parsed, files, request.id);
      return reply.status(created ? 201 : 200).send(result);
    },
  );
  app.get(
    '/api/public/portal/track',
    {
      config: isPublic,
      onRequest: lookupLimit,
      schema: { tags, querystring: publicTrackQuerySchema, response: { 200: portalTrackResponseSchema } },
    },
    async (request) => trackPortalRequest(deps, request.query.number, request.query.code),
  );
  app.post(
    '/api/public/portal/rate',
    {
      config: isPublic,
      onRequest: lookupLimit,
      schema: {
        tags,
        body: publicRateBodySchema,
        response: { 200: z.object({ number: z.string(), state: requestStateSchema }) },
      },
    },
    async (request) => ratePortalRequest(deps, request.body, request.id),
  );

  // Anonymous misconduct reports: `logLevel: 'silent'` keeps even the method-and-path log line (and its time) out.
  const anonymous = { ...isPublic } as const;
  app.post(
    '/api/public/portal/misconduct',
    {
      config: anonymous,
      logLevel: 'silent',
      onRequest: submitLimit,
      schema: { tags, consumes: ['multipart/form-data'], response: { 201: misconductReceiptResultSchema } },
    },
    async (request, reply) => {
      const { fields, files } = await readForm(request, deps.config.attachmentMaxBytes);
      return reply.status(201).send(await submitMisconduct(deps, fields, files));
    },
  );
  app.post(
    '/api/public/portal/misconduct/view',
    {
      config: anonymous,
      logLevel: 'silent',
      onRequest: lookupLimit,
      schema: { tags, body: misconductLookupBodySchema, response: { 200: misconductReporterViewSchema } },
    },
    async (request) => viewMisconductAsReporter(deps, request.body.receipt),
  );
  app.post(
    '/api/public/portal/misconduct/answer',
    {
      config: anonymous,
      logLevel: 'silent',
      onRequest: lookupLimit,
      schema: { tags, body: misconductAnswerBodySchema, response: { 200: misconductReporterViewSchema } },
    },
    async (request) => answerMisconduct(deps, request.body.receipt, request.body.body),
  );

  disciplineRoutes(app, deps);
  open311Routes(app, deps);
}

/** The discipline inspectors' side: misconduct:read for the reports, misconduct:reveal for identities. */
function disciplineRoutes(app: AppWithZod, deps: Deps): void {
  const tags = ['misconduct'];
  const read = { access: { permission: 'misconduct:read' } } as const;
  const idParams = z.object({ id: z.coerce.number().int().positive() });
  app.get(
    '/api/misconduct',
    {
      config: read,
      schema: {
        tags,
        querystring: pageQuerySchema.extend({ state: misconductStateSchema.optional() }),
        response: { 200: pageOf(misconductSummarySchema) },
      },
    },
    async (request) => listMisconduct(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/misconduct/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: misconductDetailSchema } } },
    async (request) => getMisconduct(deps, actorOf(request), request.params.id, request.id),
  );
  app.get(
    '/api/misconduct/:id/files/:fileId',
    { config: read, schema: { tags, params: idParams.extend({ fileId: z.string().uuid() }) } },
    async (request, reply) => {
      const file = await misconductFile(deps, actorOf(request), request.params.id, request.params.fileId);
      return reply
        .header('content-type', file.mime)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(createReadStream(attachmentPath(deps.config.dataDir, file.sha256)));
    },
  );
  app.post(
    '/api/misconduct/:id/questions',
    {
      config: read,
      schema: { tags, params: idParams, body: misconductQuestionBodySchema, response: { 200: misconductDetailSchema } },
    },
    async (request) => askMisconductQuestion(deps, actorOf(request), request.params.id, request.body.body, request.id),
  );
  app.post(
    '/api/misconduct/:id/state',
    {
      config: read,
      schema: { tags, params: idParams, body: misconductStateBodySchema, response: { 200: misconductDetailSchema } },
    },
    async (request) => setMisconductState(deps, actorOf(request), request.params.id, request.body.state, request.id),
  );
  app.post(
    '/api/misconduct/:id/reveal',
    {
      config: { access: { permission: 'misconduct:reveal' } },
      schema: {
        tags,
        params: idParams,
        body: misconductRevealBodySchema,
        response: { 200: misconductRevealResultSchema },
      },
    },
    async (request) =>
      revealMisconductIdentity(deps, actorOf(request), request.params.id, request.body.reason, request.id),
  );
}
