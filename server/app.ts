import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { ErrorEnvelope } from '../contracts/errors.js';
import { homeRoutes } from './home.routes.js';
import { modules } from './modules/index.js';
import { startAuditSealer } from './platform/audit/index.js';
import type { Deps } from './platform/deps.js';
import type { Actor } from './platform/http/actor.js';
import { registerAuthHook } from './platform/http/auth-hook.js';
import { AppError, languageOf, messageFor, toFieldIssues } from './platform/http/errors.js';
import { findUnstorableText, unstorableTextError } from './platform/http/unstorable-text.js';
import { platformRoutes } from './platform/index.js';
import { searchRoutes } from './search.routes.js';

export type App = FastifyInstance;
export type AppWithZod = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A module registers its routes (and, later, its figures and seeds) through one manifest. */
export interface ModuleManifest {
  readonly name: string;
  readonly routes: (app: AppWithZod, deps: Deps) => void | Promise<void>;
  /** Cards for a user's home page: what this module offers them, with counts within their scope. */
  readonly homeCards?: (deps: Deps, actor: Actor) => Promise<HomeCard[]>;
}

export interface HomeCard {
  /** Stable key, also the web route's first segment (e.g. 'org/units'). */
  readonly key: string;
  readonly label: { readonly zh: string; readonly en: string };
  readonly count?: number;
}

export interface AppOptions {
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** Folder of the built web app to serve, when present. */
  webDist?: string | undefined;
  /** The modules to mount; every registered module by default. */
  modules?: readonly ModuleManifest[];
}

let requestCounter = 0;

/**
 * Request logs carry the method and the path only: query strings can hold personal data
 * (a phone number in a duplicate check), and no personal data may reach the logs. Errors likewise carry their type,
 * code, a bounded message and the stack only: a database driver's error holds the failed statement and its
 * parameters (PGlite's `query` and `params`: a citizen's text and encrypted fields), which stay out.
 */
export const logSerializers = {
  req: (req: { method: string; url: string; id: string }) => ({
    method: req.method,
    path: req.url.split('?')[0],
    reqId: req.id,
  }),
  err: (err: Error): { type: string; message: string; stack: string; [key: string]: unknown } => {
    if (!(err instanceof Error)) return { type: typeof err, message: String(err).slice(0, 300), stack: '' };
    const e = err as Error & { code?: unknown; statusCode?: unknown };
    return {
      type: e.name,
      message: e.message.slice(0, 300),
      ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
      ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
      stack: e.stack?.split('\n').slice(1, 12).join('\n') ?? '',
    };
  },
};

/** The composition root: platform plugins, the error envelope, auth, then each module's manifest. */
export async function createApp(deps: Deps, opts: AppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ? { ...(opts.logger === true ? {} : opts.logger), serializers: logSerializers } : false,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    genReqId: () => `${Date.now().toString(36)}-${(++requestCounter).toString(36)}`,
    // A client has this long to send a whole request (an upload over a slow line included), and less for its
    // headers: slow-header clients (slowloris) get 408 and are cut off, checked every second (Node's default: 30 s).
    requestTimeout: deps.config.http.requestTimeoutSeconds * 1000,
    http: { headersTimeout: deps.config.http.headersTimeoutSeconds * 1000, connectionsCheckingInterval: 1000 },
  });
  // While the server closes (SIGTERM), answers to in-flight requests say `Connection: close`, so a keep-alive client
  // does not send its next request on a socket that is about to be closed (that request would be reset unanswered).
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // The audit chain is sealed after commit, in-process, shortly after each write (platform/audit/audit-sealer.ts);
  // a last pass runs when the app closes, before the database does.
  const sealer = startAuditSealer(deps.db, { onError: (err) => app.log.error({ err }, 'audit sealer: pass failed') });
  app.addHook('onClose', () => sealer.stop());
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 5 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Lianxin 连心 API', version: '0.1.0', description: '接诉即办与作风建设平台' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'lx_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Every route must say who may call it: a permission, authenticated-only, or public.
  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (url.startsWith('/docs')) {
      route.config = { ...(route.config as object), access: { public: true } };
      return;
    }
    const access = (route.config as { access?: unknown } | undefined)?.access;
    if (!access) throw new Error(`Route ${route.method} ${url} declares neither a permission nor public: true`);
  });

  registerAuthHook(app, deps);
  // Text no column can hold (NUL, a lone surrogate) is refused before any handler runs, naming the field.
  app.addHook('preValidation', async (request) => {
    const found = findUnstorableText(request.body) ?? findUnstorableText(request.query);
    if (found) throw unstorableTextError(found);
  });

  app.setErrorHandler((err, request, reply) => {
    const lang = languageOf(request.headers['accept-language']);
    const send = (status: number, error: ErrorEnvelope['error']) =>
      reply.status(status).send({ error, requestId: request.id } satisfies ErrorEnvelope);
    if (err instanceof AppError) {
      // A server-side failure with its own code (a full disk: STORAGE_FULL) is still the operator's to see.
      if (err.status >= 500) request.log.error({ err: err.cause ?? err }, err.code);
      // Field problems found by a service name their fields in the message too, like schema errors do.
      const issues = (err.details as { issues?: { messageZh?: string; messageEn?: string }[] } | undefined)?.issues;
      const fieldMessages = issues?.map((i) => (lang === 'zh' ? i.messageZh : i.messageEn)).filter(Boolean) ?? [];
      const message = fieldMessages.length
        ? fieldMessages.join(lang === 'zh' ? '；' : '; ')
        : messageFor(err.code, lang);
      return send(err.status, { code: err.code, message, details: err.details });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = toFieldIssues(
        err.validation.map((v) => ({
          path: v.instancePath.split('/').filter(Boolean),
          message: v.message ?? '',
          code: v.keyword,
          params: v.params as Record<string, unknown>,
        })),
        lang,
      );
      const context = err.validationContext;
      const withContext = issues.map((i) => ({ ...i, path: i.path.length ? i.path : [context ?? 'body'] }));
      return send(400, {
        code: 'VALIDATION_FAILED',
        message: withContext.map((i) => i.message).join('；'),
        details: { issues: withContext },
      });
    }
    const e = err as { statusCode?: number; code?: string };
    if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) {
      return send(413, { code: 'PAYLOAD_TOO_LARGE', message: messageFor('PAYLOAD_TOO_LARGE', lang) });
    }
    if (e.statusCode === 415) {
      return send(415, { code: 'UNSUPPORTED_MEDIA_TYPE', message: messageFor('UNSUPPORTED_MEDIA_TYPE', lang) });
    }
    if (e.statusCode === 429) return send(429, { code: 'RATE_LIMITED', message: messageFor('RATE_LIMITED', lang) });
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return send(400, { code: 'VALIDATION_FAILED', message: messageFor('VALIDATION_FAILED', lang) });
    }
    if (isUnstorableText(err)) {
      // Text PostgreSQL cannot hold (a NUL character, an invalid byte sequence): the client's input, refused whole.
      return send(400, { code: 'VALIDATION_FAILED', message: messageFor('VALIDATION_FAILED', lang) });
    }
    if (isDatabaseUnavailable(err)) {
      request.log.error({ err }, 'database unavailable');
      return send(503, { code: 'DATABASE_UNAVAILABLE', message: messageFor('DATABASE_UNAVAILABLE', lang) });
    }
    request.log.error({ err }, 'unhandled error');
    return send(500, { code: 'INTERNAL', message: messageFor('INTERNAL', lang) });
  });

  const zapp = app.withTypeProvider<ZodTypeProvider>();
  await platformRoutes(zapp, deps);
  const mounted = opts.modules ?? modules;
  homeRoutes(zapp, deps, mounted);
  searchRoutes(zapp, deps);
  for (const m of mounted) {
    await app.register(async (scoped) => m.routes(scoped.withTypeProvider<ZodTypeProvider>(), deps));
  }
  if (opts.webDist) {
    const { serveWeb } = await import('./platform/http/web-static.js');
    await serveWeb(app, opts.webDist);
  } else {
    app.setNotFoundHandler((request, reply) => {
      const lang = languageOf(request.headers['accept-language']);
      reply.status(404).send({
        error: { code: 'ROUTE_NOT_FOUND', message: messageFor('ROUTE_NOT_FOUND', lang) },
        requestId: request.id,
      } satisfies ErrorEnvelope);
    });
  }
  return app;
}

/** 22021 invalid byte sequence (e.g. U+0000 in text), 22P05 untranslatable character. */
function isUnstorableText(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  return code === '22021' || code === '22P05';
}

function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  const message = err instanceof Error ? err.message : '';
  return (
    // 53100 disk full, 58030 I/O error (a server's or the embedded database's files).
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'ETIMEDOUT',
      '57P01',
      '57P02',
      '57P03',
      '08006',
      '08001',
      '08003',
      '53100',
      '58030',
    ].includes(code) ||
    // node-postgres: a client that lost its connection refuses the next statement (a transaction's rollback too).
    /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable/i.test(message)
  );
}
