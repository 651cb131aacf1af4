import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { languageOf, messageFor } from './errors.js';

/** Serve the built web app; unknown non-API paths get index.html so client-side routes work. */
export async function serveWeb(app: FastifyInstance, webDist: string): Promise<void> {
  const indexHtml = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
  await app.register(fastifyStatic, {
    root: webDist,
    serve: false, // routes below, so each declares its access like every other route
    setHeaders: (res, file) => {
      if (file.includes(`${path.sep}assets${path.sep}`))
        res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  app.get('/', { config: { access: { public: true } }, schema: { hide: true } }, (_req, reply) =>
    reply.type('text/html').header('cache-control', 'no-cache').send(indexHtml),
  );
  app.get('/assets/*', { config: { access: { public: true } }, schema: { hide: true } }, (req, reply) =>
    reply.sendFile(`assets/${(req.params as { '*': string })['*']}`),
  );
  app.setNotFoundHandler((request, reply) => {
    const url = request.url;
    const pathname = url.split('?')[0] ?? '';
    const isApi = url.startsWith('/api/') || url.startsWith('/open311/');
    if (request.method === 'GET' && !isApi) {
      if (!path.extname(pathname)) return reply.type('text/html').header('cache-control', 'no-cache').send(indexHtml);
      const file = path.normalize(pathname).replace(/^([/\\])+/, '');
      if (!file.includes('..') && fs.existsSync(path.join(webDist, file))) return reply.sendFile(file);
    }
    const lang = languageOf(request.headers['accept-language']);
    return reply.status(404).send({
      error: { code: 'ROUTE_NOT_FOUND', message: messageFor('ROUTE_NOT_FOUND', lang) },
      requestId: request.id,
    });
  });
}
