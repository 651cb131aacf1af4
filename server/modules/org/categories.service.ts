/*
 * Editing the request-category taxonomy (诉求分类): add a category under a parent (three levels at most), rename,
 * reorder siblings, deactivate and reactivate, delete an unused one. The taxonomy is shared by every county, so only
 * an administrator with org:write over the whole organisation edits it. Deactivated categories are not offered for
 * new requests (the request module classifies only into active ones) but keep their name for the requests that
 * already carry them; a category in use is never deleted.
 */
import type { CategoryAdmin, CategoryCreate, CategoryPatch, CategoryReorder } from '../../../contracts/org.js';
import { appendAudit } from '../../platform/audit/audit.repository.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import {
  type CategoryRow,
  categorySubtreeCodes,
  countCatalogueEntries,
  deleteCategoryRow,
  findCategory,
  insertCategory,
  listAllCategories,
  listChildCategories,
  setCategoriesActive,
  setCategorySortOrder,
  updateCategoryName,
} from './categories.repository.js';
import type { OrgActor } from './org.policy.js';
import { auditActor, authorize, fieldError, isUniqueViolation } from './org.service.js';

export const MAX_CATEGORY_LEVEL = 3;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Editing needs org:write and the whole organisation in scope: one county's administrator must not change the others' taxonomy. */
function authorizeTaxonomy(actor: OrgActor): void {
  authorize(actor, 'write');
  if (actor.scope.kind !== 'all') throw new AppError('AUTH_OUT_OF_SCOPE');
}

const isForeignKeyViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23503';

/** Every category, deactivated ones included, for the taxonomy editor and for names of old requests. */
export async function listCategoriesForAdmin(deps: Pick<Deps, 'db'>, actor: OrgActor): Promise<CategoryAdmin[]> {
  authorize(actor, 'read');
  return listAllCategories(deps.db);
}

/**
 * The code of a new child: the next two-digit suffix after the highest numeric suffix among the parent's children
 * ('A.01' with 'A.01.01'…'A.01.05' → 'A.01.06'), or for a top-level area the first unused letter.
 */
export function nextCategoryCode(parentCode: string | null, siblingCodes: readonly string[]): string | null {
  if (parentCode === null) return [...LETTERS].find((l) => !siblingCodes.includes(l)) ?? null;
  const suffixes = siblingCodes
    .map((c) => c.slice(parentCode.length + 1))
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
  const next = (suffixes.length > 0 ? Math.max(...suffixes) : 0) + 1;
  return `${parentCode}.${String(next).padStart(2, '0')}`;
}

/** Adds a category under an active parent (or at the top level); refused below the third level. */
export async function createCategory(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: OrgActor,
  input: CategoryCreate,
  requestId?: string,
): Promise<CategoryAdmin> {
  authorizeTaxonomy(actor);
  const now = deps.now();
  const parentCode = input.parentCode ?? null;
  try {
    return await deps.db.transaction().execute(async (trx) => {
      let level = 1;
      if (parentCode !== null) {
        const parent = await findCategory(trx, parentCode);
        if (!parent) throw fieldError('parentCode', `上级分类 ${parentCode} 不存在`, `no category ${parentCode}`);
        if (!parent.active) throw fieldError('parentCode', '上级分类已停用', 'the parent category is deactivated');
        if (parent.level >= MAX_CATEGORY_LEVEL) {
          throw fieldError('parentCode', '诉求分类最多三级', 'categories have three levels at most');
        }
        level = parent.level + 1;
      }
      const siblings = await listChildCategories(trx, parentCode);
      let code = input.code;
      if (code !== undefined) {
        const expected =
          parentCode === null ? /^[A-Z0-9]+$/ : new RegExp(`^${parentCode.replace(/\./g, '\\.')}\\.[A-Z0-9]+$`);
        if (!expected.test(code)) {
          const zh = parentCode === null ? '一级分类代码不能含点' : `代码须以 ${parentCode}. 开头`;
          const en = parentCode === null ? 'a top-level code has no dot' : `the code must start with ${parentCode}.`;
          throw fieldError('code', zh, en);
        }
        if (await findCategory(trx, code)) throw new AppError('ORG_CATEGORY_EXISTS', { code });
      } else {
        const generated = nextCategoryCode(
          parentCode,
          siblings.map((s) => s.code),
        );
        if (!generated) throw fieldError('code', '字母已用完，请填写代码', 'no letter left: give a code');
        code = generated;
      }
      const row: Omit<CategoryRow, 'active'> = {
        code,
        name: input.name,
        parentCode,
        level,
        sortOrder: Math.max(0, ...siblings.map((s) => s.sortOrder)) + 1,
      };
      await insertCategory(trx, row);
      const created = { ...row, active: true };
      await appendAudit(trx, {
        actor: auditActor(actor),
        action: 'category.create',
        objectType: 'category',
        objectId: code,
        after: created,
        requestId: requestId ?? null,
        at: now,
      });
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('ORG_CATEGORY_EXISTS', { code: input.code });
    throw err;
  }
}

/**
 * Renames, deactivates or reactivates a category. Deactivating takes its descendants with it (a deactivated area
 * offers no leaves); reactivating needs an active parent and brings the descendants back.
 */
export async function updateCategory(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: OrgActor,
  code: string,
  patch: CategoryPatch,
  requestId?: string,
): Promise<CategoryAdmin> {
  authorizeTaxonomy(actor);
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await findCategory(trx, code);
    if (!before) throw new AppError('ORG_CATEGORY_NOT_FOUND', { code });
    if (patch.name !== undefined && patch.name !== before.name) await updateCategoryName(trx, code, patch.name);
    let changed: string[] = [];
    if (patch.active !== undefined && patch.active !== before.active) {
      if (patch.active && before.parentCode) {
        const parent = await findCategory(trx, before.parentCode);
        if (!parent?.active) throw fieldError('active', '请先启用上级分类', 'reactivate the parent category first');
      }
      changed = await categorySubtreeCodes(trx, code);
      await setCategoriesActive(trx, changed, patch.active);
    }
    const after = (await findCategory(trx, code))!;
    await appendAudit(trx, {
      actor: auditActor(actor),
      action:
        patch.active === false
          ? 'category.deactivate'
          : patch.active === true
            ? 'category.activate'
            : 'category.update',
      objectType: 'category',
      objectId: code,
      before,
      after,
      ...(changed.length > 1 ? { detail: { descendants: changed.filter((c) => c !== code) } } : {}),
      requestId: requestId ?? null,
      at: now,
    });
    return after;
  });
}

/** Puts the children of one parent in the given order; the list must name exactly those children. */
export async function reorderCategories(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: OrgActor,
  input: CategoryReorder,
  requestId?: string,
): Promise<CategoryAdmin[]> {
  authorizeTaxonomy(actor);
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const children = await listChildCategories(trx, input.parentCode);
    const current = children.map((c) => c.code);
    const same =
      input.codes.length === current.length &&
      new Set(input.codes).size === input.codes.length &&
      input.codes.every((c) => current.includes(c));
    if (!same) {
      throw fieldError(
        'codes',
        '须列出该上级分类的全部下级分类，各一次',
        'list every child of the parent exactly once',
      );
    }
    for (const [index, code] of input.codes.entries()) await setCategorySortOrder(trx, code, index + 1);
    await appendAudit(trx, {
      actor: auditActor(actor),
      action: 'category.reorder',
      objectType: 'category',
      objectId: input.parentCode ?? '(top)',
      before: { codes: current },
      after: { codes: input.codes },
      requestId: requestId ?? null,
      at: now,
    });
    return listChildCategories(trx, input.parentCode);
  });
}

/**
 * Deletes a category nobody uses: no children, in no unit catalogue, on no request (the foreign key from the
 * request table decides the last). Anything else answers 409 ORG_CATEGORY_IN_USE: deactivate it instead.
 */
export async function deleteCategory(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: OrgActor,
  code: string,
  requestId?: string,
): Promise<void> {
  authorizeTaxonomy(actor);
  const now = deps.now();
  try {
    await deps.db.transaction().execute(async (trx) => {
      const before = await findCategory(trx, code);
      if (!before) throw new AppError('ORG_CATEGORY_NOT_FOUND', { code });
      const children = await listChildCategories(trx, code);
      const catalogued = await countCatalogueEntries(trx, [code]);
      if (children.length > 0 || catalogued > 0) {
        throw new AppError('ORG_CATEGORY_IN_USE', { code, children: children.length, catalogues: catalogued });
      }
      await deleteCategoryRow(trx, code);
      await appendAudit(trx, {
        actor: auditActor(actor),
        action: 'category.delete',
        objectType: 'category',
        objectId: code,
        before,
        requestId: requestId ?? null,
        at: now,
      });
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new AppError('ORG_CATEGORY_IN_USE', { code });
    throw err;
  }
}
