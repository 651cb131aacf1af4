import type { Page } from '../../../contracts/common.js';
import {
  DIVISION_SORTS,
  type Division,
  type DivisionCreate,
  type DivisionLevel,
  type DivisionListQuery,
  type DivisionPatch,
  type TreeNode,
} from '../../../contracts/org.js';
import { appendAudit } from '../../platform/audit/audit.repository.js';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import { buildSearchText } from '../../platform/text/index.js';
import {
  type DivisionRow,
  deleteDivision,
  divisionDependents,
  divisionExists,
  findDivision,
  findTreeRoots,
  insertDivisions,
  listDivisions,
  listSubtree,
  lockDivision,
  updateDivisionName,
} from './divisions.repository.js';
import { checkDivisionPlacement, divisionPath, pathDepth } from './domain/division-rules.js';
import type { OrgActor } from './org.policy.js';
import {
  auditActor,
  authorize,
  fieldError,
  iso,
  isUniqueViolation,
  pageWindow,
  searchTerm,
  sortOrFail,
} from './org.service.js';

/** The API shape of a division row. */
export function toDivision(r: DivisionRow): Division {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parentCode,
    parentName: r.parentName,
    path: r.path,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

/** Text a division is found by: its name, normalised. */
export function divisionSearchText(name: string): string {
  return buildSearchText([name]);
}

/** One page of the divisions in the actor's scope, filtered by parent, level and a name substring. */
export async function listDivisionsPage(
  deps: Pick<Deps, 'db'>,
  actor: OrgActor,
  query: DivisionListQuery,
): Promise<Page<Division>> {
  authorize(actor, 'read');
  const sort = sortOrFail(query.sort, DIVISION_SORTS, { field: 'code', direction: 'asc' });
  const { items, total } = await listDivisions(
    deps.db,
    actor.scope,
    { parentCode: query.parentCode, level: query.level, search: searchTerm(query.q) },
    sort,
    pageWindow(query),
  );
  return { items: items.map(toDivision), total, page: query.page, pageSize: query.pageSize };
}

/** A division in the actor's scope; out of scope reads as not found, so its existence is not disclosed. */
export async function getDivision(deps: Pick<Deps, 'db'>, actor: OrgActor, code: string): Promise<Division> {
  authorize(actor, 'read');
  const row = await findDivision(deps.db, actor.scope, code);
  if (!row) throw new AppError('ORG_DIVISION_NOT_FOUND');
  return toDivision(row);
}

/** The division tree under a root (or under the tops the scope sees), `depth` levels deep, nested. */
export async function getDivisionTree(
  deps: Pick<Deps, 'db'>,
  actor: OrgActor,
  opts: { root?: string | undefined; depth: number },
): Promise<TreeNode[]> {
  authorize(actor, 'read');
  let roots: { code: string; path: string }[];
  if (opts.root) {
    const row = await findDivision(deps.db, actor.scope, opts.root);
    if (!row) throw new AppError('ORG_DIVISION_NOT_FOUND');
    roots = [row];
  } else {
    roots = await findTreeRoots(deps.db, actor.scope);
  }
  const out: TreeNode[] = [];
  for (const root of roots) {
    const rows = await listSubtree(deps.db, actor.scope, root.path, pathDepth(root.path) + opts.depth);
    const nodes = new Map<string, TreeNode>();
    for (const r of rows) {
      const node: TreeNode = { code: r.code, name: r.name, level: r.level, children: [] };
      nodes.set(r.code, node);
      if (r.code !== root.code && r.parentCode) nodes.get(r.parentCode)?.children.push(node);
    }
    const top = nodes.get(root.code);
    if (top) out.push(top);
  }
  return out;
}

/**
 * Add a division: the code must fit its level and its parent (statistical code rules), the parent must lie in the
 * actor's scope (403 when it exists elsewhere), and only an actor with the whole organisation in scope adds a root.
 */
export async function createDivision(
  deps: Deps,
  actor: OrgActor,
  input: DivisionCreate,
  requestId?: string,
): Promise<Division> {
  authorize(actor, 'write');
  const now = deps.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      let parent: DivisionRow | undefined;
      if (input.parentCode) {
        parent = await findDivision(trx, actor.scope, input.parentCode);
        if (!parent) {
          if (await divisionExists(trx, input.parentCode)) throw new AppError('AUTH_OUT_OF_SCOPE');
          throw new AppError('ORG_DIVISION_PARENT_INVALID', { parentCode: input.parentCode, reason: 'not_found' });
        }
        await lockDivision(trx, parent.code);
      } else {
        authorize(actor, 'createRoot', { rootOf: 'division' });
      }
      const violations = checkDivisionPlacement({
        code: input.code,
        level: input.level,
        parent: parent ? { code: parent.code, level: parent.level } : null,
      });
      if (violations.some((v) => v.type === 'ParentLevelMismatch' || v.type === 'SelfParent')) {
        throw new AppError('ORG_DIVISION_PARENT_INVALID', { violations });
      }
      if (violations.length) throw new AppError('ORG_DIVISION_CODE_INVALID', { violations });
      if (await divisionExists(trx, input.code)) throw new AppError('ORG_DIVISION_EXISTS', { code: input.code });
      await insertDivisions(
        trx,
        [
          {
            code: input.code,
            name: input.name,
            level: input.level,
            parentCode: parent?.code ?? null,
            path: divisionPath(parent?.path ?? null, input.code),
            searchText: divisionSearchText(input.name),
          },
        ],
        now,
      );
      const created = toDivision((await findDivision(trx, { kind: 'all' }, input.code))!);
      await appendAudit(trx, {
        actor: auditActor(actor),
        action: 'division.create',
        objectType: 'division',
        objectId: input.code,
        after: created,
        requestId: requestId ?? null,
        at: now,
      });
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('ORG_DIVISION_EXISTS', { code: input.code });
    throw err;
  }
}

/** Rename a division in the actor's scope (codes never change: they are the statistical identity). */
export async function renameDivision(
  deps: Deps,
  actor: OrgActor,
  code: string,
  patch: DivisionPatch,
  requestId?: string,
): Promise<Division> {
  authorize(actor, 'write');
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await findDivision(trx, actor.scope, code);
    if (!before) throw new AppError('ORG_DIVISION_NOT_FOUND');
    await lockDivision(trx, code);
    await updateDivisionName(trx, code, patch.name, divisionSearchText(patch.name), now);
    const after = toDivision((await findDivision(trx, { kind: 'all' }, code))!);
    await appendAudit(trx, {
      actor: auditActor(actor),
      action: 'division.update',
      objectType: 'division',
      objectId: code,
      before: toDivision(before),
      after,
      requestId: requestId ?? null,
      at: now,
    });
    return after;
  });
}

/** Delete a division in the actor's scope, refused while child divisions, units or scoped accounts depend on it. */
export async function deleteDivisionByCode(
  deps: Deps,
  actor: OrgActor,
  code: string,
  requestId?: string,
): Promise<void> {
  authorize(actor, 'write');
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await findDivision(trx, actor.scope, code);
    if (!before) throw new AppError('ORG_DIVISION_NOT_FOUND');
    await lockDivision(trx, code);
    const deps_ = await divisionDependents(trx, code);
    if (deps_.children || deps_.units || deps_.accounts) throw new AppError('ORG_DIVISION_HAS_CHILDREN', deps_);
    await deleteDivision(trx, code);
    await appendAudit(trx, {
      actor: auditActor(actor),
      action: 'division.delete',
      objectType: 'division',
      objectId: code,
      before: toDivision(before),
      requestId: requestId ?? null,
      at: now,
    });
  });
}

/** The ancestors of a division from the top down, the division itself last (no scope: for other modules' labels). */
export async function divisionAncestors(
  db: Db,
  code: string,
): Promise<{ code: string; name: string; level: DivisionLevel }[]> {
  const row = await findDivision(db, { kind: 'all' }, code);
  if (!row) return [];
  const codes = row.path.split('/').filter(Boolean);
  const out: { code: string; name: string; level: DivisionLevel }[] = [];
  for (const c of codes) {
    const d = c === code ? row : await findDivision(db, { kind: 'all' }, c);
    if (d) out.push({ code: d.code, name: d.name, level: d.level });
  }
  return out;
}

/** A 400 naming `divisionCode` when a unit refers to a division that does not exist. */
export function unknownDivisionError(code: string): Error {
  return fieldError('divisionCode', `行政区划 ${code} 不存在`, `division ${code} does not exist`);
}
