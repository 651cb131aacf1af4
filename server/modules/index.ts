import type { ModuleManifest } from '../app.js';
import { liaisonModule } from './liaison/index.js';
import { orgModule } from './org/index.js';
import { portalModule } from './portal/index.js';
import { reportsModule } from './reports/index.js';
import { requestsModule } from './requests/index.js';

/** Every module's manifest, in the order their routes register. */
export const modules: readonly ModuleManifest[] = [
  orgModule,
  requestsModule,
  reportsModule,
  portalModule,
  liaisonModule,
];
