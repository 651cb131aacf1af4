// The reports module's public surface: its manifest (routes). Published rankings read the requests module's live
// ranking through its index and keep their own frozen copies.
import type { ModuleManifest } from '../../app.js';
import { reportsRoutes } from './reports.routes.js';

/** The reports module (DESIGN.md §10): published monthly rankings, frozen per version, public in their latest form. */
export const reportsModule: ModuleManifest = { name: 'reports', routes: reportsRoutes };
