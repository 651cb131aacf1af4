import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { LoginBody, Me } from '../../contracts/auth';
import type { Permission } from '../../contracts/roles';
import { ApiError, api, setCsrfToken } from './api';

/** The signed-in user, cached under one key; everything that changes it writes it back here. */
export const sessionKeys = {
  me: ['auth', 'me'] as const,
};

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/auth/me', undefined, { skipAuthRedirect: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    // No session yet is a normal state (the guard sends the user to /login), not an error.
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: sessionKeys.me, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

/** The signed-in user. Only for components under the session guard, where the user is known. */
export function useMe(): Me {
  const { data } = useMeQuery();
  if (!data) throw new Error('useMe() used outside the session guard');
  return data;
}

export function hasPermission(me: Pick<Me, 'permissions'> | null | undefined, permission: Permission): boolean {
  return !!me && me.permissions.includes(permission);
}

/** `can('org:write')`: whether the signed-in user holds a permission. */
export function useCan(): (permission: Permission) => boolean {
  const { data } = useMeQuery();
  return useCallback((permission: Permission) => hasPermission(data, permission), [data]);
}

export function storeMe(queryClient: QueryClient, me: Me | null): void {
  setCsrfToken(me?.csrfToken ?? null);
  queryClient.setQueryData(sessionKeys.me, me);
}

let endReason: 'expired' | 'idle' | null = null;

/**
 * The session is over without the user signing out (expired on the server, or idle here): forget the user,
 * and remember why so the login page can say so. The session guard then sends the user to sign in.
 */
export function endSession(queryClient: QueryClient, reason: 'expired' | 'idle'): void {
  endReason = reason;
  storeMe(queryClient, null);
}

export function sessionEndReason(): 'expired' | 'idle' | null {
  return endReason;
}

export async function login(queryClient: QueryClient, body: LoginBody): Promise<Me> {
  const me = await api.post<Me>('/api/auth/login', body, { skipAuthRedirect: true });
  endReason = null;
  queryClient.clear();
  storeMe(queryClient, me);
  return me;
}

/** Reload the user after a change that affects it (password changed, TOTP enrolled). */
export async function refreshMe(queryClient: QueryClient): Promise<Me | null> {
  const me = await fetchMe();
  queryClient.setQueryData(sessionKeys.me, me);
  return me;
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    try {
      await api.post('/api/auth/logout', undefined, { skipAuthRedirect: true });
    } catch {
      // Already signed out on the server side: the local state is cleared either way.
    }
    endReason = null;
    queryClient.clear();
    storeMe(queryClient, null);
  }, [queryClient]);
}

/** Where the user must go before anything else, if anywhere. */
export function pendingStep(me: Me): '/account/password' | '/account/totp' | null {
  if (me.mustChangePassword || me.passwordExpired) return '/account/password';
  if (me.totpEnrolmentRequired) return '/account/totp';
  return null;
}

/** Where to go back to after signing in: only same-site paths, never the login page itself. */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}
