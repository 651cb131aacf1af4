import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../contracts/common';
import type { Division, TreeNode } from '../../../../contracts/org';
import type {
  RequestSettingsInput,
  RequestSettingsView,
  TimeLimitPreview,
  TimeLimitPreviewQuery,
  TimeLimitRuleInput,
  TimeLimitRuleList,
  TimeLimitRuleView,
} from '../../../../contracts/requests';
import { api } from '../../../lib/api';
import { settingsKeys } from './keys';

/** The counties the administrator can configure (divisions of level county in their scope). */
export function useCounties() {
  return useQuery({
    queryKey: settingsKeys.counties(),
    queryFn: () => api.get<Page<Division>>('/api/org/divisions', { level: 'county', pageSize: 200 }),
    staleTime: 5 * 60_000,
  });
}

/** The active categories as a tree, for the rule form and the preview. */
export function useCategoryOptions() {
  return useQuery({
    queryKey: settingsKeys.categories(),
    queryFn: async () => {
      const answer = await api.get<TreeNode[] | TreeNode>('/api/org/categories');
      return Array.isArray(answer) ? answer : [answer];
    },
    staleTime: 5 * 60_000,
  });
}

export function useTimeLimitRules(county: string | undefined) {
  return useQuery({
    queryKey: settingsKeys.rules(county ?? ''),
    queryFn: () => api.get<TimeLimitRuleList>('/api/requests/settings/time-limits', { countyCode: county }),
    enabled: !!county,
  });
}

/** Create (id null) or replace (id) one rule; refreshes the county's rules. */
export function useSaveTimeLimitRule(county: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, rule }: { id: number | null; rule: TimeLimitRuleInput }) =>
      id === null
        ? api.post<TimeLimitRuleView>('/api/requests/settings/time-limits', rule, { query: { countyCode: county } })
        : api.put<TimeLimitRuleView>(`/api/requests/settings/time-limits/${id}`, rule, {
            query: { countyCode: county },
          }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.rules(county) }),
  });
}

export function useDeleteTimeLimitRule(county: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      api.delete(`/api/requests/settings/time-limits/${id}`, { query: { countyCode: county } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.rules(county) }),
  });
}

export function usePreview() {
  return useMutation({
    mutationFn: (query: TimeLimitPreviewQuery) =>
      api.get<TimeLimitPreview>('/api/requests/settings/time-limits/preview', query),
  });
}

export function useRequestSettings(county: string | undefined) {
  return useQuery({
    queryKey: settingsKeys.settings(county ?? ''),
    queryFn: () => api.get<RequestSettingsView>('/api/requests/settings', { countyCode: county }),
    enabled: !!county,
  });
}

export function useSaveRequestSettings(county: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestSettingsInput & { expectedVersion: number }) =>
      api.put<RequestSettingsView>('/api/requests/settings', body, { query: { countyCode: county } }),
    onSuccess: (saved) => queryClient.setQueryData(settingsKeys.settings(county), saved),
  });
}
