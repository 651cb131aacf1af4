import type { AppWithZod } from '../app.js';
import type { Deps } from './deps.js';
import { healthRoutes } from './http/health.routes.js';

/** Platform routes: health, auth, accounts, audit, calendar. */
export async function platformRoutes(app: AppWithZod, deps: Deps): Promise<void> {
  healthRoutes(app, deps);
}
