import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { type ReactNode, useEffect, useRef } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import type { Permission } from '../../contracts/roles';
import { Forbidden, LoadError, PageLoading } from '../components/page-states';
import { onSessionExpired } from '../lib/api';
import { saveAllDrafts } from '../lib/drafts';
import { common, translate } from '../lib/i18n';
import { endSession, hasPermission, pendingStep, sessionEndReason, useMeQuery } from '../lib/session';
import { IdleTimer } from './idle-timer';

/** The login page's address with the way back (`next`) and why the user is there (`reason`). */
export function loginPath(location: { pathname: string; search: string }, reason?: 'expired' | 'idle'): string {
  const params = new URLSearchParams();
  const here = location.pathname + location.search;
  if (here !== '/' && !here.startsWith('/login')) params.set('next', here);
  if (reason) params.set('reason', reason);
  const s = params.toString();
  return s ? `/login?${s}` : '/login';
}

/**
 * The root of every route: when any API call finds the session gone, keep what the user typed,
 * tell them, and send them to sign in again with the way back remembered.
 */
export function RootRoute() {
  const location = useLocation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const here = useRef(location);
  here.current = location;
  const handling = useRef(false);

  useEffect(() => {
    onSessionExpired(() => {
      if (handling.current || here.current.pathname.startsWith('/login')) return;
      handling.current = true;
      saveAllDrafts();
      message.warning(translate(common.sessionExpired), 6);
      // Forgetting the user makes the session guard send them to the login page, with the way back.
      endSession(queryClient, 'expired');
      setTimeout(() => {
        handling.current = false;
      }, 1000);
    });
    return () => onSessionExpired(null);
  }, [queryClient, message]);

  return <Outlet />;
}

/**
 * Pages for signed-in users. Someone who must first change their password or enrol a second
 * factor is sent there (`allowPending` marks those pages themselves).
 */
export function RequireSession({ children, allowPending = false }: { children: ReactNode; allowPending?: boolean }) {
  const { data: me, isPending, error, refetch } = useMeQuery();
  const location = useLocation();
  if (isPending) return <PageLoading />;
  if (error) return <LoadError error={error} onRetry={() => refetch()} />;
  if (!me) return <Navigate to={loginPath(location, sessionEndReason() ?? undefined)} replace />;
  const step = pendingStep(me);
  if (step && !allowPending) return <Navigate to={step} replace />;
  return (
    <>
      {children}
      <IdleTimer me={me} />
    </>
  );
}

export function RequirePermission({ permission, children }: { permission?: Permission; children: ReactNode }) {
  const { data: me } = useMeQuery();
  if (permission && !hasPermission(me, permission)) return <Forbidden />;
  return <>{children}</>;
}
