import { z } from 'zod';
import { pageOf } from '../../../contracts/common.js';
import {
  notificationIdParamsSchema,
  notificationListQuerySchema,
  notificationSchema,
  unreadCountSchema,
} from '../../../contracts/notifications.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../deps.js';
import { actorOf } from '../http/auth-hook.js';
import { AppError } from '../http/errors.js';
import {
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationRow,
} from './notifications.repository.js';

const tags = ['notifications'];
const signedIn = { access: { authenticated: true } } as const;

const toNotification = (r: NotificationRow) => ({
  id: r.id,
  kind: r.kind,
  title: { zh: r.titleZh, en: r.titleEn },
  body: { zh: r.bodyZh, en: r.bodyEn },
  link: r.link,
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt ? r.readAt.toISOString() : null,
});

/** The signed-in user's own notices: list (paging, unread filter), unread count, mark one or all read. */
export function notificationsRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/notifications',
    {
      config: signedIn,
      schema: { tags, querystring: notificationListQuerySchema, response: { 200: pageOf(notificationSchema) } },
    },
    async (request) => {
      const { page, pageSize, unread } = request.query;
      const { items, total } = await listNotifications(deps.db, actorOf(request).userId, {
        unreadOnly: unread ?? false,
        offset: (page - 1) * pageSize,
        limit: pageSize,
      });
      return { items: items.map(toNotification), total, page, pageSize };
    },
  );
  app.get(
    '/api/notifications/unread-count',
    { config: signedIn, schema: { tags, response: { 200: unreadCountSchema } } },
    async (request) => ({ unread: await countUnreadNotifications(deps.db, actorOf(request).userId) }),
  );
  app.post(
    '/api/notifications/:id/read',
    {
      config: signedIn,
      schema: { tags, params: notificationIdParamsSchema, response: { 200: z.object({ ok: z.literal(true) }) } },
    },
    async (request) => {
      const found = await markNotificationRead(deps.db, actorOf(request).userId, request.params.id, deps.now());
      if (!found) throw new AppError('NOT_FOUND');
      return { ok: true as const };
    },
  );
  app.post(
    '/api/notifications/read-all',
    { config: signedIn, schema: { tags, response: { 200: z.object({ marked: z.number().int() }) } } },
    async (request) => ({ marked: await markAllNotificationsRead(deps.db, actorOf(request).userId, deps.now()) }),
  );
}
