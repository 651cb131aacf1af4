import { useQuery } from '@tanstack/react-query';
import type { Page } from '../../contracts/common';
import type { Person, TreeNode, Unit } from '../../contracts/org';
import { api } from './api';

/**
 * Look-ups of the organisation used by pickers on many pages (a person's unit, an account's scope).
 * Their keys sit under the org module's prefixes ('org','units' …) so the org pages' mutations
 * refresh them too.
 */
export const lookupKeys = {
  unitOptions: (q: string) => ['org', 'units', 'options', q] as const,
  peopleOptions: (q: string) => ['org', 'people', 'options', q] as const,
  divisionTree: (root?: string) => ['org', 'divisions', 'tree', root ?? null] as const,
};

/** The tree answer may be one root node or several (a user scoped to two townships): always a list. */
export async function fetchDivisionTree(root?: string, depth = 1): Promise<TreeNode[]> {
  const answer = await api.get<TreeNode | TreeNode[]>('/api/org/divisions/tree', { root, depth });
  return Array.isArray(answer) ? answer : [answer];
}

/** The top of the division tree visible to the user, one level deep; deeper levels load on demand. */
export function useDivisionRoots() {
  return useQuery({ queryKey: lookupKeys.divisionTree(), queryFn: () => fetchDivisionTree(undefined, 1) });
}

/**
 * Divisions for pickers: three levels below the top of the user's scope (a county's townships and villages),
 * so typing a name finds most places at once; deeper levels still load when a branch opens.
 */
export function usePickerDivisions() {
  return useQuery({
    queryKey: [...lookupKeys.divisionTree(), 'picker'] as const,
    queryFn: () => fetchDivisionTree(undefined, 3),
    staleTime: 5 * 60_000,
  });
}

export function useUnitOptions(q: string) {
  return useQuery({
    queryKey: lookupKeys.unitOptions(q),
    queryFn: () => api.get<Page<Unit>>('/api/org/units', { page: 1, pageSize: 30, q: q || undefined, sort: 'name' }),
    staleTime: 60_000,
  });
}

export function usePeopleOptions(q: string, enabled = true) {
  return useQuery({
    queryKey: lookupKeys.peopleOptions(q),
    queryFn: () => api.get<Page<Person>>('/api/org/people', { page: 1, pageSize: 30, q: q || undefined, sort: 'name' }),
    staleTime: 60_000,
    enabled,
  });
}
