import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Commitment } from '../../../../contracts/liaison';
import { api } from '../../../lib/api';
import { portalKeys } from './keys';

const pub = { skipAuthRedirect: true };
const commitmentsKey = [...portalKeys.all, 'commitments'] as const;

/** The public commitments (承诺公示) the liaison module publishes: newest first. */
export function usePublicCommitments() {
  return useQuery({
    queryKey: commitmentsKey,
    queryFn: () => api.get<{ items: Commitment[] }>('/api/public/liaison/commitments', undefined, pub),
  });
}

/** A citizen rates a public commitment 1–5 stars; the answer is the commitment with its new average. */
export function useRateCommitment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { id: number; score: number | null }) =>
      api.post<Commitment>(`/api/public/liaison/commitments/${b.id}/rate`, { score: b.score ?? undefined }, pub),
    onSuccess: (updated) =>
      qc.setQueryData<{ items: Commitment[] }>(commitmentsKey, (old) =>
        old ? { items: old.items.map((c) => (c.id === updated.id ? updated : c)) } : old,
      ),
  });
}
