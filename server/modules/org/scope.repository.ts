import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Scope } from '../../../contracts/roles.js';

// Scope predicates: every query for units, people and divisions ANDs one of these in, so a record outside the
// caller's scope is never read, counted or changed. Paths are digits and slashes, so LIKE needs no escaping.

/**
 * SQL predicate: the unit aliased `alias` lies in the scope — everything; the scope unit's subtree (unit path
 * prefix); or the units whose jurisdiction division lies in the scope division's subtree.
 */
export function unitInScope(scope: Scope, alias: string): RawBuilder<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`true`;
    case 'unit':
      return sql<SqlBool>`${sql.ref(`${alias}.path`)} like (select su.path || '%' from unit su where su.id = ${scope.unitId})`;
    case 'division':
      return sql<SqlBool>`exists (select 1 from division sd where sd.code = ${sql.ref(`${alias}.divisionCode`)}
        and sd.path like (select sr.path || '%' from division sr where sr.code = ${scope.divisionCode}))`;
  }
}

/**
 * SQL predicate: the division aliased `alias` lies in the scope — everything; the subtree of the scope division;
 * or, for a unit scope, the subtree of the scope unit's jurisdiction division.
 */
export function divisionInScope(scope: Scope, alias: string): RawBuilder<SqlBool> {
  const path = sql.ref(`${alias}.path`);
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`true`;
    case 'unit':
      return sql<SqlBool>`${path} like (select sd.path || '%' from unit su join division sd on sd.code = su.division_code where su.id = ${scope.unitId})`;
    case 'division':
      return sql<SqlBool>`${path} like (select sr.path || '%' from division sr where sr.code = ${scope.divisionCode})`;
  }
}

/** SQL predicate: the unit aliased `alias` lies in the subtree of unit `unitId` (itself included). */
export function unitInSubtreeOf(unitId: number, alias: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${alias}.path`)} like (select st.path || '%' from unit st where st.id = ${unitId})`;
}

/** SQL predicate: the unit aliased `alias` has its jurisdiction in the subtree of division `code`. */
export function unitInDivisionSubtree(code: string, alias: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from division dd where dd.code = ${sql.ref(`${alias}.divisionCode`)}
    and dd.path like (select dr.path || '%' from division dr where dr.code = ${code}))`;
}

/**
 * SQL predicate for other modules' tables: the unit id in `column` (e.g. 'r.unitId') names a unit in the scope —
 * so a requests or liaison query filters by the caller's scope without reading org tables itself.
 */
export function unitIdInScope(scope: Scope, column: string): RawBuilder<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`true`;
  return sql<SqlBool>`${sql.ref(column)} in (select su2.id from unit su2 where ${unitInScope(scope, 'su2')})`;
}
