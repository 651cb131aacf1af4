import type { Scope } from '../contracts/roles.js';
import type { Db } from './platform/db/database.js';

/** The user's unit and a readable label of their data scope (unit or division name, or the whole county). */
export async function findActorPlace(
  db: Db,
  unitId: number | null,
  scope: Scope,
): Promise<{ unit: { id: number; name: string } | null; scopeLabel: { zh: string; en: string } }> {
  const unit = unitId
    ? ((await db.selectFrom('unit').select(['id', 'name']).where('id', '=', unitId).executeTakeFirst()) ?? null)
    : null;
  if (scope.kind === 'all') return { unit, scopeLabel: { zh: '全部', en: 'Everything' } };
  if (scope.kind === 'unit') {
    const u = await db.selectFrom('unit').select('name').where('id', '=', scope.unitId).executeTakeFirst();
    const name = u?.name ?? '?';
    return { unit, scopeLabel: { zh: `${name}及下属单位`, en: `${name} and its sub-units` } };
  }
  const d = await db.selectFrom('division').select('name').where('code', '=', scope.divisionCode).executeTakeFirst();
  const name = d?.name ?? scope.divisionCode;
  return { unit, scopeLabel: { zh: `${name}（含下级区划）`, en: `${name} and its subdivisions` } };
}
