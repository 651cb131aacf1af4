import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../contracts/common';
import type { TreeNode, Unit, UnitCreate, UnitDetail, UnitPatch } from '../../../../contracts/org';
import type { ListParams } from '../../../components/server-table';
import { api } from '../../../lib/api';
import { orgKeys } from './keys';

export const fetchUnits = (params: ListParams) => api.get<Page<Unit>>('/api/org/units', params);

export function useUnit(id: number | undefined) {
  return useQuery({
    queryKey: orgKeys.units.detail(id ?? 0),
    queryFn: () => api.get<UnitDetail>(`/api/org/units/${id}`),
    enabled: !!id,
  });
}

export function useCreateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UnitCreate) => api.post<Unit>('/api/org/units', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.units.all }),
  });
}

export function useUpdateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UnitPatch }) => api.patch<Unit>(`/api/org/units/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.units.all }),
  });
}

export function useDeleteUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/api/org/units/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.units.all }),
  });
}

/** The request categories (诉求分类) as a tree, for the responsibility catalogue editor. */
export function useCategoryTree() {
  return useQuery({
    queryKey: orgKeys.categories.tree(),
    queryFn: async () => {
      const answer = await api.get<TreeNode[] | TreeNode | { items: TreeNode[] }>('/api/org/categories');
      if (Array.isArray(answer)) return answer;
      return 'items' in answer ? answer.items : [answer];
    },
    staleTime: 5 * 60_000,
  });
}

/** PUT the whole responsibility catalogue (职责清单) of a unit. */
export function useSetUnitCategories() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, categoryCodes }: { id: number; categoryCodes: string[] }) =>
      api.put(`/api/org/units/${id}/categories`, { categoryCodes }),
    onSuccess: (_data, { id }) => queryClient.invalidateQueries({ queryKey: orgKeys.units.detail(id) }),
  });
}
