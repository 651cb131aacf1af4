import { useMutation } from '@tanstack/react-query';
import type { AuditEntry, AuditVerification } from '../../../../contracts/auth';
import type { Page } from '../../../../contracts/common';
import type { ListParams } from '../../../components/server-table';
import { api } from '../../../lib/api';

export const auditKeys = {
  all: ['audit'] as const,
  lists: () => [...auditKeys.all, 'list'] as const,
};

export const fetchAuditEntries = (params: ListParams) => api.get<Page<AuditEntry>>('/api/audit', params);

/** Recompute the hash chain of the whole log: any edited, removed or reordered entry breaks it. */
export function useVerifyAuditChain() {
  return useMutation({ mutationFn: () => api.post<AuditVerification>('/api/audit/verify') });
}
