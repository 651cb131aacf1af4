import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../contracts/common';
import type {
  CallbackBatch,
  Coverage,
  Diary,
  FormalismItem,
  HouseholdImportResult,
  LiaisonFigures,
  MyLiaison,
  Pairing,
  Visit,
  VisitInput,
} from '../../../../contracts/liaison';
import { api, isApiError } from '../../../lib/api';
import { liaisonKeys } from './keys';

export function useMyLiaison() {
  return useQuery({ queryKey: liaisonKeys.my(), queryFn: () => api.get<MyLiaison>('/api/liaison/my'), retry: false });
}

export function useMyVisits() {
  return useQuery({
    queryKey: liaisonKeys.myVisits(),
    queryFn: () => api.get<Page<Visit>>('/api/liaison/my/visits', { pageSize: 20 }),
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Network failures and 5xx are retried with the same idempotency key; 4xx answers are final. */
const isRetryable = (e: unknown) => !isApiError(e) || e.status >= 500;

/** Submits a visit, retrying up to 4 times on a poor connection; the same key never records it twice. */
export function useRecordVisit(onRetry?: (attempt: number) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: VisitInput) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await api.post<Visit>('/api/liaison/visits', body);
        } catch (e) {
          if (attempt >= 4 || !isRetryable(e)) throw e;
          onRetry?.(attempt);
          await sleep(1000 * attempt);
        }
      }
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: liaisonKeys.all }),
  });
}

export function useMyDiaries() {
  return useQuery({
    queryKey: liaisonKeys.myDiaries(),
    queryFn: () => api.get<Page<Diary>>('/api/liaison/my/diaries', { pageSize: 10 }),
  });
}

export function useWriteDiary() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { day: string; newProblems: string; newIdeas: string }) =>
      api.post<Diary>('/api/liaison/my/diaries', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: liaisonKeys.myDiaries() }),
  });
}

export function useCoverage() {
  return useQuery({ queryKey: liaisonKeys.coverage(), queryFn: () => api.get<Coverage>('/api/liaison/coverage') });
}

export function usePairingHistory(householdId: number | undefined) {
  return useQuery({
    queryKey: liaisonKeys.pairings(householdId ?? 0),
    queryFn: () => api.get<{ items: Pairing[] }>(`/api/liaison/households/${householdId}/pairings`),
    enabled: !!householdId,
  });
}

export function usePairingActions() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: liaisonKeys.all });
  return {
    pair: useMutation({
      mutationFn: (b: { cadrePersonId: number; householdId: number }) => api.post<Pairing>('/api/liaison/pairings', b),
      onSuccess: done,
    }),
    end: useMutation({
      mutationFn: (b: { id: number; reason: string }) =>
        api.post(`/api/liaison/pairings/${b.id}/end`, { reason: b.reason }),
      onSuccess: done,
    }),
    replace: useMutation({
      mutationFn: (b: { id: number; cadrePersonId: number; reason: string }) =>
        api.post(`/api/liaison/pairings/${b.id}/replace`, { cadrePersonId: b.cadrePersonId, reason: b.reason }),
      onSuccess: done,
    }),
  };
}

export function useImportHouseholds() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      api.upload<HouseholdImportResult>('/api/liaison/households/import', file, { dryRun: 'false' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: liaisonKeys.all }),
  });
}

export function useFormalism(from: string, to: string) {
  return useQuery({
    queryKey: liaisonKeys.formalism(from, to),
    queryFn: () => api.get<{ items: FormalismItem[]; total: number }>('/api/liaison/formalism', { from, to }),
  });
}

export function useDrawCallbacks() {
  return useMutation({
    mutationFn: (b: { from: string; to: string; size: number }) => api.post<CallbackBatch>('/api/liaison/callbacks', b),
  });
}

export function useFigures(groupBy: string, from: string, to: string) {
  return useQuery({
    queryKey: liaisonKeys.figures(groupBy, from, to),
    queryFn: () => api.get<LiaisonFigures>('/api/liaison/figures', { groupBy, from, to, limit: 500 }),
  });
}

/** The diaries of the cadres in the reader's scope, newest first (leaders). */
export function useScopeDiaries(page: number) {
  return useQuery({
    queryKey: [...liaisonKeys.all, 'diaries', page],
    queryFn: () => api.get<Page<Diary>>('/api/liaison/diaries', { page, pageSize: 10 }),
  });
}
