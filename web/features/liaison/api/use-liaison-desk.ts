import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallbackBatch, Commitment, Deed, PartyMemberReport } from '../../../../contracts/liaison';
import { api } from '../../../lib/api';

// Hooks of the liaison desk screens: commitments (承诺), deeds (为民办实事), in-service party members
// (在职党员到社区报到) and call-backs (回访抽查). `mine` reads the signed-in cadre's own records (/my/…);
// otherwise the records in the reader's scope.

const deskKeys = {
  all: ['liaison'] as const,
  commitments: (mine: boolean) => [...deskKeys.all, 'desk', 'commitments', mine] as const,
  deeds: (mine: boolean) => [...deskKeys.all, 'desk', 'deeds', mine] as const,
  party: (mine: boolean) => [...deskKeys.all, 'desk', 'party', mine] as const,
  callbacks: (id: number) => [...deskKeys.all, 'desk', 'callbacks', id] as const,
};

const base = (mine: boolean) => (mine ? '/api/liaison/my' : '/api/liaison');

export function useCommitments(mine: boolean) {
  return useQuery({
    queryKey: deskKeys.commitments(mine),
    queryFn: () => api.get<{ items: Commitment[] }>(`${base(mine)}/commitments`),
  });
}

export type CommitmentInput = {
  kind: 'post' | 'deed';
  title: string;
  content: string;
  deadline: string;
  public: boolean;
};

export function useMakeCommitment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CommitmentInput) => api.post<Commitment>('/api/liaison/my/commitments', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: deskKeys.all }),
  });
}

export function useFulfilCommitment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, evidence }: { id: number; evidence: string }) =>
      api.post<Commitment>(`/api/liaison/my/commitments/${id}/fulfil`, { evidence }),
    onSuccess: () => qc.invalidateQueries({ queryKey: deskKeys.all }),
  });
}

export function useDeeds(mine: boolean) {
  return useQuery({
    queryKey: deskKeys.deeds(mine),
    queryFn: () => api.get<{ items: Deed[] }>(`${base(mine)}/deeds`),
  });
}

export type DeedInput = { title: string; description: string; doneOn: string; beneficiaries: number; aidFen: number };

export function useRecordDeed() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DeedInput) => api.post<Deed>('/api/liaison/my/deeds', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: deskKeys.all }),
  });
}

export function usePartyReports(mine: boolean) {
  return useQuery({
    queryKey: deskKeys.party(mine),
    queryFn: () => api.get<{ items: PartyMemberReport[] }>(`${base(mine)}/party-reports`),
  });
}

export function usePartyActions() {
  const qc = useQueryClient();
  const onSuccess = () => qc.invalidateQueries({ queryKey: deskKeys.all });
  return {
    register: useMutation({
      mutationFn: (body: { communityCode: string; post: string; registeredOn: string }) =>
        api.post<PartyMemberReport>('/api/liaison/my/party-reports', body),
      onSuccess,
    }),
    logService: useMutation({
      mutationFn: ({ id, ...body }: { id: number; on: string; hours: number; note: string }) =>
        api.post<PartyMemberReport>(`/api/liaison/my/party-reports/${id}/services`, body),
      onSuccess,
    }),
    appraise: useMutation({
      mutationFn: ({ id, appraisal }: { id: number; appraisal: NonNullable<PartyMemberReport['appraisal']> }) =>
        api.post<PartyMemberReport>(`/api/liaison/party-reports/${id}/appraisal`, { appraisal }),
      onSuccess,
    }),
  };
}

export function useCallbackBatch(id: number | undefined) {
  return useQuery({
    queryKey: deskKeys.callbacks(id ?? 0),
    queryFn: () => api.get<CallbackBatch>(`/api/liaison/callbacks/${id}`),
    enabled: !!id,
  });
}

export function useCallbackActions() {
  const qc = useQueryClient();
  return {
    draw: useMutation({
      mutationFn: (body: { from: string; to: string; size: number; seed?: string }) =>
        api.post<CallbackBatch>('/api/liaison/callbacks', body),
      onSuccess: (b) => qc.setQueryData(deskKeys.callbacks(b.id), b),
    }),
    record: useMutation({
      mutationFn: ({
        itemId,
        ...body
      }: {
        itemId: number;
        outcome: 'confirmed' | 'denied' | 'unreachable';
        note?: string;
      }) => api.post<CallbackBatch>(`/api/liaison/callbacks/items/${itemId}/outcome`, body),
      onSuccess: (b) => {
        qc.setQueryData(deskKeys.callbacks(b.id), b);
        qc.invalidateQueries({ queryKey: [...deskKeys.all, 'formalism'] });
      },
    }),
  };
}
