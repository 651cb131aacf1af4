import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Account, CreateAccountBody, UpdateAccountBody } from '../../../../contracts/auth';
import type { Page } from '../../../../contracts/common';
import type { ListParams } from '../../../components/server-table';
import { api } from '../../../lib/api';
import { accountKeys } from './keys';

export const fetchAccounts = (params: ListParams) => api.get<Page<Account>>('/api/accounts', params);

export function useAccount(id: number | undefined) {
  return useQuery({
    queryKey: accountKeys.detail(id ?? 0),
    queryFn: () => api.get<Account>(`/api/accounts/${id}`),
    enabled: !!id,
  });
}

function useAccountMutation<V, R>(fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.all }) });
}

/** POST /api/accounts: the new account and its one-time temporary password. */
export const useCreateAccount = () =>
  useAccountMutation((body: CreateAccountBody) =>
    api.post<{ account: Account; temporaryPassword: string }>('/api/accounts', body),
  );

export const useUpdateAccount = () =>
  useAccountMutation(({ id, body }: { id: number; body: UpdateAccountBody }) =>
    api.patch<Account>(`/api/accounts/${id}`, body),
  );

/** A new temporary password, shown once; the user must change it at next sign-in. */
export const useResetPassword = () =>
  useAccountMutation((id: number) => api.post<{ temporaryPassword: string }>(`/api/accounts/${id}/reset-password`));

export const useUnlockAccount = () => useAccountMutation((id: number) => api.post(`/api/accounts/${id}/unlock`));

/** Sign the account out everywhere (all its sessions end now). */
export const useEndSessions = () =>
  useAccountMutation((id: number) => api.post<{ ended: number }>(`/api/accounts/${id}/end-sessions`));

/** Remove an account's second factor (lost phone); an administrator must enrol again at next sign-in. */
export const useResetTotp = () =>
  useAccountMutation((id: number) => api.post<Account>(`/api/accounts/${id}/reset-totp`));
