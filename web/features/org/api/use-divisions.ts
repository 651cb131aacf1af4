import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../contracts/common';
import type { Division, DivisionCreate, DivisionPatch } from '../../../../contracts/org';
import type { ListParams } from '../../../components/server-table';
import { api } from '../../../lib/api';
import { orgKeys } from './keys';

export const fetchDivisions = (params: ListParams) => api.get<Page<Division>>('/api/org/divisions', params);

export { fetchDivisionTree, useDivisionRoots as useDivisionTree } from '../../../lib/org-lookups';

export function useDivision(code: string | undefined) {
  return useQuery({
    queryKey: orgKeys.divisions.detail(code ?? ''),
    queryFn: () => api.get<Division>(`/api/org/divisions/${code}`),
    enabled: !!code,
  });
}

export function useCreateDivision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DivisionCreate) => api.post<Division>('/api/org/divisions', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.divisions.all }),
  });
}

export function useUpdateDivision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: DivisionPatch }) =>
      api.patch<Division>(`/api/org/divisions/${code}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.divisions.all }),
  });
}

export function useDeleteDivision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.delete(`/api/org/divisions/${code}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.divisions.all }),
  });
}
