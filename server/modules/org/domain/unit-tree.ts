/** A unit's place in the unit tree: its id and its materialised path '/root/…/id/'. */
export interface UnitNode {
  id: number;
  path: string;
}

export type UnitParentViolation = { type: 'SelfParent' } | { type: 'Cycle'; parentId: number };

/** The materialised path of a unit under a parent (or at the root), which subtree queries match by prefix. */
export function unitPath(parentPath: string | null, id: number): string {
  return `${parentPath ?? '/'}${id}/`;
}

/**
 * Check a new parent for a unit: a unit cannot be its own parent, nor move under one of its own descendants,
 * because the tree would then form a cycle and subtree scopes would never end.
 */
export function checkUnitParent(unit: UnitNode, newParent: UnitNode | null): UnitParentViolation | null {
  if (!newParent) return null;
  if (newParent.id === unit.id) return { type: 'SelfParent' };
  if (newParent.path.startsWith(unit.path)) return { type: 'Cycle', parentId: newParent.id };
  return null;
}

/** The path a descendant takes when its subtree moves from one prefix to another. */
export function rebasePath(path: string, oldPrefix: string, newPrefix: string): string {
  if (!path.startsWith(oldPrefix)) throw new RangeError(`path ${path} is not under ${oldPrefix}`);
  return newPrefix + path.slice(oldPrefix.length);
}
