import type { AppWithZod } from '../app.js';
import { auditRoutes } from './audit/audit.routes.js';
import { accountsRoutes } from './auth/accounts.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { calendarRoutes } from './calendar/calendar.routes.js';
import type { Deps } from './deps.js';
import { filesRoutes } from './files/files.routes.js';
import { healthRoutes } from './http/health.routes.js';
import { notificationsRoutes } from './notify/notifications.routes.js';

/** Platform routes: health, auth, accounts, audit, calendar, notifications, attachments. */
export async function platformRoutes(app: AppWithZod, deps: Deps): Promise<void> {
  healthRoutes(app, deps);
  calendarRoutes(app, deps);
  authRoutes(app, deps);
  accountsRoutes(app, deps);
  auditRoutes(app, deps);
  filesRoutes(app, deps);
  notificationsRoutes(app, deps);
}
