import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Open311Format, open311CreateSchema, open311ListSchema } from '../../../contracts/open311.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, messageFor } from '../../platform/http/errors.js';
import { type PublicLimit, PublicRateLimiter } from '../requests/index.js';
import { splitFormat } from './domain/open311.js';
import { toXml, type XmlValue } from './domain/xml.js';
import {
  createOpen311Request,
  getOpen311Request,
  getOpen311ServiceDefinition,
  getOpen311Token,
  listOpen311Requests,
  listOpen311Services,
  Open311Problem,
} from './open311.service.js';

/** Reads: 300 per IP per minute; creating requests: 60 per IP per minute. */
export const OPEN311_READ_LIMIT: Readonly<PublicLimit> = Object.freeze({ limit: 300, windowMs: 60_000 });
export const OPEN311_WRITE_LIMIT: Readonly<PublicLimit> = Object.freeze({ limit: 60, windowMs: 60_000 });

/** Each answer's XML root and item element names, as in the spec's examples. */
const XML_NAMES = {
  services: ['services', 'service'],
  definition: ['service_definition', null],
  requests: ['service_requests', 'request'],
  errors: ['errors', 'error'],
} as const;

function send(reply: FastifyReply, format: Open311Format, kind: keyof typeof XML_NAMES, status: number, body: unknown) {
  if (format === 'xml') {
    const [root, item] = XML_NAMES[kind];
    return reply
      .status(status)
      .type('application/xml; charset=utf-8')
      .send(toXml(root, item, body as XmlValue));
  }
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** Runs a handler and answers its result, or an error in the spec's format ([{ code, description }]). */
async function answer(
  reply: FastifyReply,
  file: string,
  expected: string,
  kind: keyof typeof XML_NAMES,
  run: () => unknown | Promise<unknown>,
  status = 200,
) {
  const parsed = splitFormat(file);
  const format = parsed?.format ?? 'json';
  try {
    if (!parsed || (expected !== '*' && parsed.name !== expected))
      throw new Open311Problem(404, 'not found; use .json or .xml');
    return send(reply, format, kind, status, await run());
  } catch (err) {
    if (err instanceof Open311Problem) {
      return send(reply, format, 'errors', err.status, [{ code: err.status, description: err.message }]);
    }
    if (err instanceof AppError) {
      const issues = (err.details as { issues?: { messageEn?: string }[] } | undefined)?.issues;
      const description = issues?.map((i) => i.messageEn).join('; ') || messageFor(err.code, 'en');
      return send(reply, format, 'errors', err.status, [{ code: err.status, description }]);
    }
    throw err;
  }
}

function invalid(issues: readonly { path: PropertyKey[]; message: string }[]): Open311Problem {
  return new Open311Problem(
    400,
    issues.map((i) => `${i.path.map(String).join('.') || 'request'}: ${i.message}`).join('; '),
  );
}

/** Open311 GeoReport v2 at /open311/v2: services, service definitions, requests (create, list, one), tokens. */
export function open311Routes(app: AppWithZod, deps: Deps): void {
  const tags = ['open311'];
  const reads = new PublicRateLimiter(OPEN311_READ_LIMIT);
  const writes = new PublicRateLimiter(OPEN311_WRITE_LIMIT);
  const limit = (limiter: PublicRateLimiter) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!limiter.take(request.ip, deps.now().getTime())) {
      const format = splitFormat(String((request.params as { file?: string }).file ?? ''))?.format ?? 'json';
      return send(reply, format, 'errors', 429, [{ code: 429, description: 'too many requests, try again later' }]);
    }
  };
  // The spec's POST body is application/x-www-form-urlencoded (this parser serves the portal module's routes only).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  const config = { access: { public: true } } as const;
  type FileParams = { Params: { file: string }; Querystring: Record<string, string> };

  app.get<FileParams>(
    '/open311/v2/:file',
    { config, onRequest: limit(reads), schema: { tags } },
    async (request, reply) => {
      const name = splitFormat(request.params.file)?.name;
      if (name === 'services')
        return answer(reply, request.params.file, 'services', 'services', () => listOpen311Services(deps));
      return answer(reply, request.params.file, 'requests', 'requests', async () => {
        const q = open311ListSchema.safeParse(request.query);
        if (!q.success) throw invalid(q.error.issues);
        return listOpen311Requests(deps, q.data);
      });
    },
  );
  app.post<FileParams & { Body: Record<string, string> }>(
    '/open311/v2/:file',
    { config, onRequest: limit(writes), schema: { tags } },
    async (request, reply) =>
      answer(
        reply,
        request.params.file,
        'requests',
        'requests',
        async () => {
          const input = open311CreateSchema.safeParse({ ...request.query, ...(request.body ?? {}) });
          if (!input.success) throw invalid(input.error.issues);
          return createOpen311Request(deps, input.data, request.id);
        },
        201,
      ),
  );
  app.get<FileParams>(
    '/open311/v2/services/:file',
    { config, onRequest: limit(reads), schema: { tags } },
    async (request, reply) =>
      answer(reply, request.params.file, '*', 'definition', () =>
        getOpen311ServiceDefinition(deps, splitFormat(request.params.file)!.name),
      ),
  );
  app.get<FileParams>(
    '/open311/v2/requests/:file',
    { config, onRequest: limit(reads), schema: { tags } },
    async (request, reply) =>
      answer(reply, request.params.file, '*', 'requests', () =>
        getOpen311Request(deps, splitFormat(request.params.file)!.name),
      ),
  );
  app.get<FileParams>(
    '/open311/v2/tokens/:file',
    { config, onRequest: limit(reads), schema: { tags } },
    async (request, reply) =>
      answer(reply, request.params.file, '*', 'requests', () =>
        getOpen311Token(deps, splitFormat(request.params.file)!.name),
      ),
  );
}
