import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../contracts/common';
import type { TreeNode } from '../../../../contracts/org';
import type {
  DuplicateCandidate,
  RequestActionPath,
  RequestDetail,
  RequestIntake,
  RequestIntakeResult,
  RequestSummary,
} from '../../../../contracts/requests';
import type { ListParams } from '../../../components/server-table';
import { api } from '../../../lib/api';
import { requestKeys } from './keys';

export interface DispatchProposal {
  leadUnitId: number | null;
  assistUnitIds: number[];
  reasons: { zh: string; en: string }[];
  fallback: boolean;
  units: { id: number; name: string }[];
}

export const fetchRequests = (params: ListParams) => {
  // The server keeps its own order (newest first) and has no `sort` parameter.
  const { sort: _sort, ...query } = params;
  return api.get<Page<RequestSummary>>('/api/requests', query);
};

export function useRequest(id: number | undefined) {
  return useQuery({
    queryKey: requestKeys.detail(id ?? 0),
    queryFn: () => api.get<RequestDetail>(`/api/requests/${id}`),
    enabled: !!id,
  });
}

export function useDispatchProposal(id: number, enabled: boolean) {
  return useQuery({
    queryKey: requestKeys.proposal(id),
    queryFn: () => api.get<DispatchProposal>(`/api/requests/${id}/dispatch-proposal`),
    enabled,
    retry: false,
  });
}

export function useDuplicates(q: { phone?: string; divisionCode?: string; text?: string }) {
  const enabled = (q.phone?.length ?? 0) >= 3 || (!!q.divisionCode && !!q.text);
  return useQuery({
    queryKey: requestKeys.duplicates(q),
    queryFn: () => api.get<DuplicateCandidate[]>('/api/requests/duplicates', q),
    enabled,
    staleTime: 30_000,
    retry: false,
  });
}

export function useIntake() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestIntake) => api.post<RequestIntakeResult>('/api/requests', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: requestKeys.all }),
  });
}

/** Run one action (POST /api/requests/:id/actions/<path>); refreshes the detail, the lists and the proposal. */
export function useRequestAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: RequestActionPath; body?: unknown }) =>
      api.post<{ id: number; state: string; version: number }>(`/api/requests/${id}/actions/${path}`, body ?? {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: requestKeys.all }),
  });
}

/** The request categories (诉求分类) as a tree. */
export function useCategoryTree() {
  return useQuery({
    queryKey: requestKeys.categories(),
    queryFn: async () => {
      const answer = await api.get<TreeNode[] | TreeNode>('/api/org/categories');
      return Array.isArray(answer) ? answer : [answer];
    },
    staleTime: 5 * 60_000,
  });
}

/** code → name of every category, for lists and the timeline. */
export function useCategoryNames(): Map<string, string> {
  const { data } = useCategoryTree();
  const names = new Map<string, string>();
  const walk = (nodes: TreeNode[]) => {
    for (const n of nodes) {
      names.set(n.code, n.name);
      walk(n.children);
    }
  };
  walk(data ?? []);
  return names;
}

export function useUnitName(id: number | null | undefined) {
  return useQuery({
    queryKey: requestKeys.unitName(id ?? 0),
    queryFn: () => api.get<{ id: number; name: string }>(`/api/org/units/${id}`),
    enabled: !!id,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useDivisionName(code: string | null | undefined) {
  return useQuery({
    queryKey: requestKeys.division(code ?? ''),
    queryFn: () => api.get<{ code: string; name: string }>(`/api/org/divisions/${code}`),
    enabled: !!code,
    staleTime: 5 * 60_000,
    retry: false,
  });
}
