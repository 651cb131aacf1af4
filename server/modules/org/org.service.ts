import type { TreeNode } from '../../../contracts/org.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, type Lang, toFieldIssues } from '../../platform/http/errors.js';
import { normaliseText } from '../../platform/text/index.js';
import { listActiveCategories } from './categories.repository.js';
import { escapeLike, parseSort, type SortOrder } from './domain/list-query.js';
import { can, type OrgAction, type OrgActor, type OrgThing } from './org.policy.js';

// Helpers every org use case shares, and the category tree.

/** Throw 403 unless the policy allows the action (out-of-scope targets are refused here too). */
export function authorize(actor: OrgActor, action: OrgAction, thing?: OrgThing): void {
  if (!can(actor, action, thing)) {
    throw new AppError(thing?.inScope === false || action === 'createRoot' ? 'AUTH_OUT_OF_SCOPE' : 'AUTH_FORBIDDEN');
  }
}

/** The audit log's actor for an org actor. */
export function auditActor(actor: OrgActor): { userId: number | null; name: string } {
  return { userId: actor.userId, name: actor.displayName };
}

/** A 400 VALIDATION_FAILED naming one field, with the reason in both languages. */
export function fieldError(field: string, zh: string, en: string, lang: Lang = 'zh'): AppError {
  const [issue] = toFieldIssues([{ path: [field], message: lang === 'zh' ? zh : en }], lang);
  const zhIssue = toFieldIssues([{ path: [field], message: zh }], 'zh')[0]!;
  const enIssue = toFieldIssues([{ path: [field], message: en }], 'en')[0]!;
  return new AppError('VALIDATION_FAILED', {
    issues: [{ ...issue!, messageZh: zhIssue.messageZh, messageEn: enIssue.messageEn }],
  });
}

/** The sort order a list asked for, or a 400 naming `sort` when the field cannot be sorted on. */
export function sortOrFail<F extends string>(
  sort: string | undefined,
  allowed: readonly F[],
  fallback: SortOrder<F>,
): SortOrder<F> {
  const order = parseSort(sort, allowed, fallback);
  if (!order) {
    throw fieldError('sort', `只能按以下字段排序：${allowed.join('、')}`, `sortable fields: ${allowed.join(', ')}`);
  }
  return order;
}

/** The LIKE-safe search term for a `q` parameter: normalised (traditional → simplified, full-width folded), lower-cased. */
export function searchTerm(q: string | undefined): string | undefined {
  if (!q) return undefined;
  const text = normaliseText(q).toLowerCase();
  return text ? escapeLike(text) : undefined;
}

/** The offset and limit of a page. */
export function pageWindow(q: { page: number; pageSize: number }): { offset: number; limit: number } {
  return { offset: (q.page - 1) * q.pageSize, limit: q.pageSize };
}

/** ISO text of a timestamp as the API returns it. */
export function iso(d: Date | string): string {
  return (d instanceof Date ? d : new Date(d)).toISOString();
}

/** Whether a database error is a unique-constraint violation (two writers raced to the same key). */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}

/** The request categories as a tree (一级/二级/三级), active ones only, for catalogue forms. */
export async function getCategoryTree(deps: Pick<Deps, 'db'>, actor: OrgActor): Promise<TreeNode[]> {
  authorize(actor, 'read');
  const rows = await listActiveCategories(deps.db);
  const nodes = new Map<string, TreeNode>(
    rows.map((r) => [r.code, { code: r.code, name: r.name, level: r.level, children: [] }]),
  );
  const roots: TreeNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.code)!;
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
