// The org module's public surface: its manifest, and the functions other modules (and the CLI) call.
import type { ModuleManifest } from '../../app.js';
import { orgHomeCards } from './org.home.js';
import { orgRoutes } from './org.routes.js';

/** The org module: divisions, categories, units with their catalogues, people, import and export. */
export const orgModule: ModuleManifest = { name: 'org', routes: orgRoutes, homeCards: orgHomeCards };

export {
  type CadreRow,
  findCadreInScope,
  findCadres,
  findDivisionInScope,
  findPersonIdOfUser,
  listCadresInScope,
} from './cadres.repository.js';
export { findCategoryLineage, findCategoryNames, listActiveCategories } from './categories.repository.js';
export { findDivisionNames } from './divisions.repository.js';
export { divisionAncestors, divisionSearchText, getDivisionTree } from './divisions.service.js';
export { type ExportFilters, exportOrgXlsx, importTemplateXlsx } from './org.export.js';
export { type ImportOptions, importOrgFile } from './org.import.js';
export { can, type OrgActor, systemActor } from './org.policy.js';
export { storedPerson } from './people.service.js';
export { divisionInScope, unitIdInScope, unitInScope } from './scope.repository.js';
// The global search (GET /api/search, server/search.routes.ts): people in scope by name, pinyin or initials.
export { searchPeople } from './search.service.js';
export {
  CATEGORY_TREE,
  type CategoryNode,
  ensureStandardTaxonomy,
  type TaxonomyRow,
} from './standard-taxonomy.js';
export { findPlaceGovernments, findUnitNames } from './units.repository.js';
export { findUnitById, listUnitsOwningCategory, unitSearchText, unitsInScope } from './units.service.js';
