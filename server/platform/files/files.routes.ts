import type { FastifyReply } from 'fastify';
import { attachmentParamsSchema, attachmentSchema } from '../../../contracts/files.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../deps.js';
import { actorOf } from '../http/auth-hook.js';
import { AppError } from '../http/errors.js';
import {
  type AttachmentDownload,
  attachmentMissing,
  attachmentTooLarge,
  ownUnlinkedAttachment,
  uploadAttachment,
} from './files.service.js';

const tags = ['attachments'];

/**
 * Sends a stored attachment: its sniffed type, `nosniff` so a browser never second-guesses it, and the original name
 * in `Content-Disposition` (RFC 5987 `filename*` for Chinese names, an ASCII fallback for old clients). Images and
 * PDFs open inline; they are private, so nothing caches them on the way.
 */
export async function sendAttachment(reply: FastifyReply, download: AttachmentDownload) {
  const { attachment } = download;
  const stream = await download.open();
  const ascii = attachment.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', attachment.mime)
    .header('content-length', attachment.size)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header(
      'content-disposition',
      `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    )
    .send(stream);
}

/**
 * Uploads (one file per call, multipart field `file`) and the uploader's own download before a request uses the
 * file. Downloads of attachments on a request go through the requests module, which checks the request's scope.
 */
export function filesRoutes(app: AppWithZod, deps: Deps): void {
  // Any signed-in user reaches the handler; the service lets in staff who take requests in or handle them
  // (requests:intake or requests:handle): one route cannot declare two permissions.
  app.post(
    '/api/attachments',
    {
      config: { access: { authenticated: true } },
      schema: { tags, consumes: ['multipart/form-data'], response: { 201: attachmentSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { field: 'file' });
      const max = deps.config.attachmentMaxBytes;
      const file = await request.file({ limits: { fileSize: max, files: 1 } });
      if (file?.fieldname !== 'file') throw attachmentMissing();
      let bytes: Buffer;
      try {
        bytes = await file.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw attachmentTooLarge(max);
        throw err;
      }
      const created = await uploadAttachment(deps, actor, { bytes, filename: file.filename }, request.id);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/attachments/:id',
    { config: { access: { authenticated: true } }, schema: { tags, params: attachmentParamsSchema } },
    async (request, reply) =>
      sendAttachment(reply, await ownUnlinkedAttachment(deps, actorOf(request), request.params.id)),
  );
}
