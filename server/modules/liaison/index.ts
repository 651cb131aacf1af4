// The liaison module's public surface: its manifest (routes, home cards) and the figures other modules read.
import type { ModuleManifest } from '../../app.js';
import { liaisonHomeCards } from './liaison.home.js';
import { liaisonRoutes } from './liaison.routes.js';

/** The liaison module (联系群众, DESIGN.md §4): households, pairings, visits, diaries, commitments, deeds, checks. */
export const liaisonModule: ModuleManifest = { name: 'liaison', routes: liaisonRoutes, homeCards: liaisonHomeCards };

// The figures per cadre, unit and township over a period (households paired, visit coverage, problems found and
// resolved, commitments on time, deeds and aid money) for the assessment and reports modules.
export { getLiaisonFigures } from './figures.service.js';
// The global search (GET /api/search, server/search.routes.ts): households in scope by substring, with highlights.
export { searchHouseholds } from './search.service.js';
