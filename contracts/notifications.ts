import { z } from 'zod';
import { pageQuerySchema } from './common.js';

/** What a notice is about; the web picks its icon and colour by kind. */
export const NOTIFICATION_KINDS = [
  'request.dispatched', // 派单 (lead unit)
  'request.assist', // 协办 (assisting units)
  'request.pressed', // 督办
  'request.escalated', // 预警 / 催办 / 通报
  'request.reply_rejected', // 答复退回
  'request.reopened', // 重办
  'request.returned', // 退单 (dispatchers)
  'request.extension_requested', // 延期申请 (dispatchers)
  'request.appeal_filed', // 申诉 (dispatchers)
  'request.whistle_blown', // 吹哨 (summoned departments)
] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }),
  body: z.object({ zh: z.string(), en: z.string() }),
  /** The page to open, e.g. /requests/12. */
  link: z.string().nullable(),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListQuerySchema = pageQuerySchema.extend({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const unreadCountSchema = z.object({ unread: z.number().int() });
export const notificationIdParamsSchema = z.object({ id: z.string().regex(/^\d{1,18}$/) });
