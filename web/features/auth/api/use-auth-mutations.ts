import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Me, TotpEnrolment } from '../../../../contracts/auth';
import { api } from '../../../lib/api';
import { storeMe } from '../../../lib/session';

/** POST /api/auth/password; the answer is the updated user, so the forced-change flag clears at once. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post<Me>('/api/auth/password', body),
    onSuccess: (me) => storeMe(queryClient, me),
  });
}

/** POST /api/auth/totp/enroll: a fresh secret and its QR code; nothing is active until confirmed. */
export function useStartTotpEnrolment() {
  return useMutation({ mutationFn: () => api.post<TotpEnrolment>('/api/auth/totp/enroll') });
}

/** POST /api/auth/totp/confirm: proves the app shows the right code, which turns the second factor on. */
export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post<Me>('/api/auth/totp/confirm', { code }),
    onSuccess: (me) => storeMe(queryClient, me),
  });
}
