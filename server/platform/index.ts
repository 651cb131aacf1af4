import type { AppWithZod } from '../app.js';
import { auditRoutes } from './audit/audit.routes.js';
import { accountsRoutes } from './auth/accounts.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { calendarRoutes } from './calendar/calendar.routes.js';
import type { Deps } from './deps.js';
import { healthRoutes } from './http/health.routes.js';

/** Platform routes: health, auth, accounts, audit, calendar. */
export async function platformRoutes(app: AppWithZod, deps: Deps): Promise<void> {
  healthRoutes(app, deps);
  calendarRoutes(app, deps);
  authRoutes(app, deps);
  accountsRoutes(app, deps);
  auditRoutes(app, deps);
}
