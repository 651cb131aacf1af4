import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TotpEnrolment } from '../../../../contracts/auth';
import { api } from '../../../lib/api';
import { refreshMe } from '../../../lib/session';


/** POST /api/auth/password; the session's user is reloaded so the forced-change flag clears. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post('/api/auth/password', body),
    onSuccess: () => refreshMe(queryClient),
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
    mutationFn: (code: string) => api.post('/api/auth/totp/confirm', { code }),
    onSuccess: () => refreshMe(queryClient),
  });
}
