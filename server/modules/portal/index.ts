// The portal module's public surface: its manifest (routes) and the Open311 API-key use case the CLI calls. It takes
// requests in and shows them to citizens through the requests module's index; anonymous misconduct reports and
// Open311 keys are its own tables.
import type { ModuleManifest } from '../../app.js';
import { portalRoutes } from './portal.routes.js';

/** The public portal (DESIGN.md §2): submit, track and rate without login, hot topics, anonymous misconduct reports. */
export const portalModule: ModuleManifest = { name: 'portal', routes: portalRoutes };

export { createOpen311Key } from './open311.service.js';
