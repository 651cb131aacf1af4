import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CategoryAdmin, CategoryCreate, CategoryPatch, CategoryReorder } from '../../../../contracts/org';
import { api } from '../../../lib/api';

/** Every category, deactivated ones too (the taxonomy editor). Under ['org','categories'] so catalogue forms refresh too. */
export const categoryAdminKey = ['org', 'categories', 'all'] as const;

export function useAllCategories() {
  return useQuery({ queryKey: categoryAdminKey, queryFn: () => api.get<CategoryAdmin[]>('/api/org/categories/all') });
}

function useCategoryMutation<V>(run: (v: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', 'categories'] }),
  });
}

export const useCreateCategory = () =>
  useCategoryMutation((body: CategoryCreate) => api.post<CategoryAdmin>('/api/org/categories', body));

export const useUpdateCategory = () =>
  useCategoryMutation(({ code, patch }: { code: string; patch: CategoryPatch }) =>
    api.patch<CategoryAdmin>(`/api/org/categories/${code}`, patch),
  );

export const useReorderCategories = () =>
  useCategoryMutation((body: CategoryReorder) => api.post<CategoryAdmin[]>('/api/org/categories/reorder', body));

export const useDeleteCategory = () => useCategoryMutation((code: string) => api.delete(`/api/org/categories/${code}`));
