import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  MisconductDetail,
  MisconductReporterView,
  MisconductState,
  MisconductSummary,
  PortalCategory,
  PortalHotTopics,
  PortalPlace,
  PortalSubmitResult,
  PortalTrackResponse,
} from '../../../../contracts/portal';
import type { PublicRanking, PublicRankingMonths } from '../../../../contracts/reports';
import type { PublicRateBody } from '../../../../contracts/requests';
import { api } from '../../../lib/api';
import { portalKeys } from './keys';

const pub = { skipAuthRedirect: true };

export function usePortalCategories() {
  return useQuery({
    queryKey: portalKeys.categories(),
    queryFn: () => api.get<PortalCategory[]>('/api/public/portal/categories', undefined, pub),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function fetchPlaces(parent: string | undefined) {
  return api.get<PortalPlace[]>('/api/public/portal/places', parent ? { parent } : undefined, pub);
}

export function fetchPlacePath(code: string) {
  return api.get<PortalPlace[]>(`/api/public/portal/places/${encodeURIComponent(code)}`, undefined, pub);
}

export function useSubmitPortalRequest() {
  return useMutation({
    mutationFn: (form: FormData) => api.post<PortalSubmitResult>('/api/public/portal/requests', form, pub),
  });
}

export function useTrack(number: string, code: string) {
  return useQuery({
    queryKey: portalKeys.track(number, code),
    queryFn: () => api.get<PortalTrackResponse>('/api/public/portal/track', { number, code }, pub),
    enabled: number.length > 0 && code.length > 0,
    retry: false,
  });
}

export function useRateFromTrack() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PublicRateBody) =>
      api.post<{ number: string; state: string }>('/api/public/portal/rate', body, pub),
    onSuccess: (_r, body) => qc.invalidateQueries({ queryKey: portalKeys.track(body.number, body.code) }),
  });
}

export function useHotTopics(month?: string) {
  return useQuery({
    queryKey: portalKeys.hotTopics(month),
    queryFn: () => api.get<PortalHotTopics>('/api/public/portal/hot-topics', month ? { month } : undefined, pub),
  });
}

export function useRankingMonths() {
  return useQuery({
    queryKey: portalKeys.rankingMonths(),
    queryFn: () => api.get<PublicRankingMonths>('/api/public/rankings/months', undefined, pub),
  });
}

export function usePublicRanking(q: { month: string; unitKind: string; countyCode: string } | null) {
  return useQuery({
    queryKey: portalKeys.ranking(q ?? {}),
    queryFn: () => api.get<PublicRanking>('/api/public/rankings', q ?? undefined, pub),
    enabled: q !== null,
    retry: false,
  });
}

export function useSubmitMisconduct() {
  return useMutation({
    mutationFn: (form: FormData) => api.post<{ receipt: string }>('/api/public/portal/misconduct', form, pub),
  });
}

export function useMisconductView() {
  return useMutation({
    mutationFn: (receipt: string) =>
      api.post<MisconductReporterView>('/api/public/portal/misconduct/view', { receipt }, pub),
  });
}

export function useMisconductAnswer() {
  return useMutation({
    mutationFn: (b: { receipt: string; body: string }) =>
      api.post<MisconductReporterView>('/api/public/portal/misconduct/answer', b, pub),
  });
}

// The discipline inspectors' screens (signed in).

export function useMisconductList(q: { page: number; pageSize: number; state?: MisconductState | undefined }) {
  return useQuery({
    queryKey: portalKeys.misconductList(q),
    queryFn: () =>
      api.get<{ items: MisconductSummary[]; total: number }>('/api/misconduct', {
        page: q.page,
        pageSize: q.pageSize,
        state: q.state,
      }),
  });
}

export function useMisconductDetail(id: number | null) {
  return useQuery({
    queryKey: portalKeys.misconductDetail(id ?? 0),
    queryFn: () => api.get<MisconductDetail>(`/api/misconduct/${id}`),
    enabled: id !== null,
  });
}

export function useMisconductAction(id: number) {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: portalKeys.misconduct() });
  return {
    ask: useMutation({
      mutationFn: (body: string) => api.post<MisconductDetail>(`/api/misconduct/${id}/questions`, { body }),
      onSuccess: done,
    }),
    setState: useMutation({
      mutationFn: (state: MisconductState) => api.post<MisconductDetail>(`/api/misconduct/${id}/state`, { state }),
      onSuccess: done,
    }),
    reveal: useMutation({
      mutationFn: (reason: string) => api.post<{ identity: string | null }>(`/api/misconduct/${id}/reveal`, { reason }),
    }),
  };
}
