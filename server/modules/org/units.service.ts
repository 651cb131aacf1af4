import type { Page } from '../../../contracts/common.js';
import {
  UNIT_SORTS,
  type Unit,
  type UnitCreate,
  type UnitDetail,
  type UnitKind,
  type UnitListQuery,
  type UnitPatch,
} from '../../../contracts/org.js';
import type { Scope } from '../../../contracts/roles.js';
import { appendAudit } from '../../platform/audit/audit.repository.js';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import { buildSearchText } from '../../platform/text/index.js';
import { existingCategoryCodes } from './categories.repository.js';
import { divisionExists, findDivision } from './divisions.repository.js';
import { unknownDivisionError } from './divisions.service.js';
import { checkUnitParent, unitPath } from './domain/unit-tree.js';
import type { OrgActor } from './org.policy.js';
import { auditActor, authorize, iso, isUniqueViolation, pageWindow, searchTerm, sortOrFail } from './org.service.js';
import {
  deleteUnit,
  findUnit,
  insertUnits,
  listUnits,
  lockUnit,
  rebaseUnitPaths,
  replaceUnitCategories,
  selectUnitIdsInScope,
  selectUnitsOwningCategory,
  type UnitRow,
  unitCategoryCodes,
  unitDependents,
  unitExists,
  unitNameTaken,
  updateUnit,
} from './units.repository.js';

/** The API shape of a unit row. */
export function toUnit(r: UnitRow): Unit {
  return {
    id: r.id,
    name: r.name,
    shortName: r.shortName,
    kind: r.kind,
    parentId: r.parentId,
    parentName: r.parentName,
    divisionCode: r.divisionCode,
    divisionName: r.divisionName,
    path: r.path,
    unitClass: r.unitClass,
    phone: r.phone,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

/** Text a unit is found by: its name and short name, normalised. */
export function unitSearchText(name: string, shortName?: string | null): string {
  return buildSearchText([name, shortName]);
}

async function detailOf(db: Db, scope: Scope, id: number): Promise<UnitDetail | undefined> {
  const row = await findUnit(db, scope, id);
  if (!row) return undefined;
  return { ...toUnit(row), categoryCodes: await unitCategoryCodes(db, id) };
}

/** One page of the units in the actor's scope, filtered by text, kind, division subtree, parent and category. */
export async function listUnitsPage(
  deps: Pick<Deps, 'db'>,
  actor: OrgActor,
  query: UnitListQuery,
): Promise<Page<Unit>> {
  authorize(actor, 'read');
  const sort = sortOrFail(query.sort, UNIT_SORTS, { field: 'name', direction: 'asc' });
  const { q, sort: _s, page, pageSize, ...filters } = query;
  const { items, total } = await listUnits(
    deps.db,
    actor.scope,
    { ...filters, search: searchTerm(q) },
    sort,
    pageWindow(query),
  );
  return { items: items.map(toUnit), total, page, pageSize };
}

/** A unit in the actor's scope with its catalogue; out of scope reads as not found. */
export async function getUnit(deps: Pick<Deps, 'db'>, actor: OrgActor, id: number): Promise<UnitDetail> {
  authorize(actor, 'read');
  const unit = await detailOf(deps.db, actor.scope, id);
  if (!unit) throw new AppError('ORG_UNIT_NOT_FOUND');
  return unit;
}

/** Load a parent the actor may place units under: 400 when it does not exist, 403 when it lies outside their scope. */
async function parentInScope(trx: Db, actor: OrgActor, parentId: number): Promise<UnitRow> {
  const parent = await findUnit(trx, actor.scope, parentId);
  if (parent) return parent;
  if (await unitExists(trx, parentId)) throw new AppError('AUTH_OUT_OF_SCOPE');
  throw new AppError('ORG_UNIT_PARENT_INVALID', { parentId, reason: 'not_found' });
}

/** Check a jurisdiction division the actor may use: 400 naming the field when unknown, 403 outside their scope. */
async function divisionInScopeOrFail(trx: Db, actor: OrgActor, code: string): Promise<void> {
  if (await findDivision(trx, actor.scope, code)) return;
  if (await divisionExists(trx, code)) throw new AppError('AUTH_OUT_OF_SCOPE');
  throw unknownDivisionError(code);
}

/**
 * Add a unit under a parent and a jurisdiction division in the actor's scope (403 when either lies elsewhere); a
 * unit-scoped actor cannot add a top-level unit, and no two units of one name share a parent.
 */
export async function createUnit(
  deps: Deps,
  actor: OrgActor,
  input: UnitCreate,
  requestId?: string,
): Promise<UnitDetail> {
  authorize(actor, 'write');
  const now = deps.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const parentId = input.parentId ?? null;
      if (parentId !== null) {
        await parentInScope(trx, actor, parentId);
        await lockUnit(trx, parentId);
      } else {
        authorize(actor, 'createRoot', { rootOf: 'unit' });
      }
      await divisionInScopeOrFail(trx, actor, input.divisionCode);
      if (await unitNameTaken(trx, input.name, parentId))
        throw new AppError('ORG_UNIT_NAME_TAKEN', { name: input.name });
      const [id] = await insertUnits(
        trx,
        [
          {
            name: input.name,
            shortName: input.shortName ?? null,
            kind: input.kind,
            parentId,
            divisionCode: input.divisionCode,
            unitClass: input.unitClass ?? null,
            phone: input.phone ?? null,
            searchText: unitSearchText(input.name, input.shortName),
          },
        ],
        now,
      );
      const created = (await detailOf(trx, { kind: 'all' }, id!))!;
      await appendAudit(trx, {
        actor: auditActor(actor),
        action: 'unit.create',
        objectType: 'unit',
        objectId: id,
        after: created,
        requestId: requestId ?? null,
        at: now,
      });
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('ORG_UNIT_NAME_TAKEN', { name: input.name });
    throw err;
  }
}

/**
 * Change a unit in the actor's scope; a new parent must lie in scope and not inside the unit's own subtree (a cycle),
 * and moving the unit moves the paths of its whole subtree so subtree scopes stay right.
 */
export async function updateUnitById(
  deps: Deps,
  actor: OrgActor,
  id: number,
  patch: UnitPatch,
  requestId?: string,
): Promise<UnitDetail> {
  authorize(actor, 'write');
  const now = deps.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const before = await detailOf(trx, actor.scope, id);
      if (!before) throw new AppError('ORG_UNIT_NOT_FOUND');
      const locked = (await lockUnit(trx, id))!;
      const parentChanges = patch.parentId !== undefined && patch.parentId !== before.parentId;
      const newParentId = parentChanges ? (patch.parentId ?? null) : before.parentId;
      if (parentChanges) {
        const newParent = newParentId === null ? null : await parentInScope(trx, actor, newParentId);
        if (newParent === null) authorize(actor, 'createRoot', { rootOf: 'unit' });
        const violation = checkUnitParent(
          { id, path: locked.path },
          newParent && { id: newParent.id, path: newParent.path },
        );
        if (violation) throw new AppError('ORG_UNIT_PARENT_INVALID', violation);
        await rebaseUnitPaths(trx, locked.path, unitPath(newParent?.path ?? null, id));
      }
      if (patch.divisionCode !== undefined && patch.divisionCode !== before.divisionCode) {
        await divisionInScopeOrFail(trx, actor, patch.divisionCode);
      }
      const name = patch.name ?? before.name;
      if ((parentChanges || name !== before.name) && (await unitNameTaken(trx, name, newParentId, id))) {
        throw new AppError('ORG_UNIT_NAME_TAKEN', { name });
      }
      const shortName = patch.shortName === undefined ? before.shortName : patch.shortName;
      await updateUnit(
        trx,
        id,
        {
          name,
          shortName,
          ...(patch.kind !== undefined && { kind: patch.kind }),
          ...(parentChanges && { parentId: newParentId }),
          ...(patch.divisionCode !== undefined && { divisionCode: patch.divisionCode }),
          ...(patch.unitClass !== undefined && { unitClass: patch.unitClass }),
          ...(patch.phone !== undefined && { phone: patch.phone }),
          searchText: unitSearchText(name, shortName),
        },
        now,
      );
      const after = (await detailOf(trx, { kind: 'all' }, id))!;
      await appendAudit(trx, {
        actor: auditActor(actor),
        action: 'unit.update',
        objectType: 'unit',
        objectId: id,
        before,
        after,
        requestId: requestId ?? null,
        at: now,
      });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('ORG_UNIT_NAME_TAKEN');
    throw err;
  }
}

/** Delete a unit in the actor's scope, refused while sub-units, people or accounts depend on it. */
export async function deleteUnitById(deps: Deps, actor: OrgActor, id: number, requestId?: string): Promise<void> {
  authorize(actor, 'write');
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await detailOf(trx, actor.scope, id);
    if (!before) throw new AppError('ORG_UNIT_NOT_FOUND');
    await lockUnit(trx, id);
    const dependents = await unitDependents(trx, id);
    if (dependents.children || dependents.people || dependents.accounts) {
      throw new AppError('ORG_UNIT_HAS_CHILDREN', dependents);
    }
    await deleteUnit(trx, id);
    await appendAudit(trx, {
      actor: auditActor(actor),
      action: 'unit.delete',
      objectType: 'unit',
      objectId: id,
      before,
      requestId: requestId ?? null,
      at: now,
    });
  });
}

/**
 * Replace a unit's responsibility catalogue (职责清单: the request categories it owns and is dispatched); every code
 * must name an active category, and an unknown one is refused by name so nothing is half-saved.
 */
export async function setUnitCategories(
  deps: Deps,
  actor: OrgActor,
  id: number,
  categoryCodes: readonly string[],
  requestId?: string,
): Promise<UnitDetail> {
  authorize(actor, 'write');
  const now = deps.now();
  const codes = [...new Set(categoryCodes)].sort();
  return deps.db.transaction().execute(async (trx) => {
    const before = await detailOf(trx, actor.scope, id);
    if (!before) throw new AppError('ORG_UNIT_NOT_FOUND');
    await lockUnit(trx, id);
    const known = await existingCategoryCodes(trx, codes);
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length) {
      throw new AppError('ORG_CATEGORY_NOT_FOUND', {
        codes: unknown,
        issues: unknown.map((c) => ({
          path: ['categoryCodes', categoryCodes.indexOf(c)],
          field: 'categoryCodes',
          message: `诉求分类 ${c} 不存在`,
          messageZh: `诉求分类 ${c} 不存在`,
          messageEn: `unknown category ${c}`,
        })),
      });
    }
    await replaceUnitCategories(trx, id, codes);
    const after = (await detailOf(trx, { kind: 'all' }, id))!;
    await appendAudit(trx, {
      actor: auditActor(actor),
      action: 'unit.categories',
      objectType: 'unit',
      objectId: id,
      before: { categoryCodes: before.categoryCodes },
      after: { categoryCodes: after.categoryCodes },
      requestId: requestId ?? null,
      at: now,
    });
    return after;
  });
}

/** A unit by id with its catalogue, within a scope (default: the whole organisation) — for other modules. */
export async function findUnitById(
  db: Db,
  id: number,
  scope: Scope = { kind: 'all' },
): Promise<UnitDetail | undefined> {
  return detailOf(db, scope, id);
}

/**
 * The units whose responsibility catalogue holds a category, optionally only those with jurisdiction in a division's
 * subtree — the candidates the requests module dispatches a request of that category to.
 */
export async function listUnitsOwningCategory(
  db: Db,
  categoryCode: string,
  divisionCode?: string,
): Promise<{ id: number; name: string; kind: UnitKind; divisionCode: string; parentId: number | null }[]> {
  return selectUnitsOwningCategory(db, categoryCode, divisionCode);
}

/** The ids of every unit in a scope (for other modules that keep unit ids and must filter by a user's scope). */
export async function unitsInScope(db: Db, scope: Scope): Promise<number[]> {
  return selectUnitIdsInScope(db, scope);
}
