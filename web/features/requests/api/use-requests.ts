import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../contracts/common';
import type { TreeNode } from '../../../../contracts/org';
import type {
  AcceptBatchResult,
  CallerHistory,
  DuplicateCandidate,
  QueueCounts,
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

/** One page of the list; `sort` is a whitelisted column, '-' first for descending (the server's default: newest first). */
export const fetchRequests = (params: ListParams) => {
  const { sort, ...query } = params;
  return api.get<Page<RequestSummary>>('/api/requests', sort ? { ...query, sort } : query);
};

/** Each of the user's queues with its count (the tab badges); refreshed with every request change. */
export function useQueueCounts() {
  return useQuery({
    queryKey: requestKeys.queueCounts(),
    queryFn: () => api.get<QueueCounts>('/api/requests/queue-counts'),
    staleTime: 30_000,
  });
}

/** 批量签收: accepts each id on its own; the answer says which were accepted and why the others were not. */
export function useAcceptBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[]) => api.post<AcceptBatchResult>('/api/requests/actions/accept-batch', { ids }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: requestKeys.all }),
  });
}

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
  const enabled = (q.phone?.length ?? 0) >= 3 || !!q.text;
  return useQuery({
    queryKey: requestKeys.duplicates(q),
    queryFn: () => api.get<DuplicateCandidate[]>('/api/requests/duplicates', q),
    enabled,
    staleTime: 30_000,
    retry: false,
  });
}

/** Repeat callers (重复来电): the caller's other requests of the last 90 days (a phone typed, or a stored request's caller). */
export function useCallerHistory(q: { phone?: string; requestId?: number }) {
  return useQuery({
    queryKey: requestKeys.callerHistory(q),
    queryFn: () => api.get<CallerHistory>('/api/requests/caller-history', q),
    enabled: (q.phone?.length ?? 0) >= 3 || q.requestId !== undefined,
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

/**
 * code → name of every category, deactivated ones included (GET /api/org/categories/all), for lists and the
 * timeline: a request keeps the name of a category that was deactivated after it was classified.
 */
export function useCategoryNames(): Map<string, string> {
  const { data } = useQuery({
    queryKey: ['org', 'categories', 'all'] as const,
    queryFn: () => api.get<{ code: string; name: string }[]>('/api/org/categories/all'),
    staleTime: 5 * 60_000,
  });
  return new Map((data ?? []).map((c) => [c.code, c.name]));
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
