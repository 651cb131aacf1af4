// The requests module's public surface: its manifest (routes and home cards).
import type { ModuleManifest } from '../../app.js';
import { requestsRoutes } from './requests.routes.js';
import { requestHomeCards } from './requests.service.js';

/** The requests module (接诉即办): intake, dispatch, accept/return, reply, rating and closing over an event log. */
export const requestsModule: ModuleManifest = {
  name: 'requests',
  routes: requestsRoutes,
  homeCards: (deps, actor) => requestHomeCards(deps, actor),
};
