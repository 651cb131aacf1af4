// The org module's test entry: factories for other modules' tests (kept out of index.ts, so no production code uses them).
export {
  buildCategory,
  buildDivision,
  buildPerson,
  buildUnit,
  type DivisionOverrides,
  type PersonOverrides,
  type UnitOverrides,
} from './org.factories.js';
