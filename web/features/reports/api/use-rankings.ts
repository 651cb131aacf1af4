import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../contracts/common';
import type { Division } from '../../../../contracts/org';
import type {
  PublishedRanking,
  PublishedRankingDiff,
  PublishedRankingSummary,
  PublishRankingBody,
} from '../../../../contracts/reports';
import { api } from '../../../lib/api';
import { reportKeys } from './keys';

/** The counties in the user's scope (divisions of level county). */
export function useCounties() {
  return useQuery({
    queryKey: reportKeys.counties(),
    queryFn: () => api.get<Page<Division>>('/api/org/divisions', { level: 'county', pageSize: 200 }),
    staleTime: 5 * 60_000,
  });
}

/** The published versions of one county, month and class, newest first. */
export function usePublishedVersions(county: string | undefined, month: string, unitKind: string) {
  return useQuery({
    queryKey: reportKeys.versions(county ?? '', month, unitKind),
    queryFn: () =>
      api.get<{ items: PublishedRankingSummary[] }>('/api/reports/rankings', { countyCode: county, month, unitKind }),
    enabled: !!county,
  });
}

export function usePublishedRanking(id: number | undefined) {
  return useQuery({
    queryKey: reportKeys.ranking(id ?? 0),
    queryFn: () => api.get<PublishedRanking>(`/api/reports/rankings/${id}`),
    enabled: !!id,
    // A published version never changes.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useRankingDiff(id: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.diff(id ?? 0),
    queryFn: () => api.get<PublishedRankingDiff>(`/api/reports/rankings/${id}/diff`),
    enabled: !!id && enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Publishes version 1 or a correction; the list of versions is read again. */
export function usePublishRanking() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PublishRankingBody) => api.post<PublishedRanking>('/api/reports/rankings', body),
    onSuccess: (published) => {
      queryClient.invalidateQueries({
        queryKey: reportKeys.versions(published.countyCode, published.month, published.unitKind),
      });
    },
  });
}
