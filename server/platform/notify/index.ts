// In-app notifications and text messages: the public surface for modules, main.ts and the CLI.
export { insertNotifications, type NewNotification } from './notifications.repository.js';
export { notificationsRoutes } from './notifications.routes.js';
export { createHttpSmsSender, createLogSmsSender, type SmsSender, smsSenderFor } from './sms.js';
export {
  drainSmsOutbox,
  queueSms,
  SMS_MAX_ATTEMPTS,
  SMS_OUTBOX_JOB,
  smsBackoffMs,
  smsOutboxJob,
} from './sms-outbox.js';
export { listSmsOutbox } from './sms-outbox.repository.js';
