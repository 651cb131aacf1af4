import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import type { Me } from '../../../../contracts/auth';
import { useT } from '../../../lib/i18n';
import { pendingStep, safeNext, sessionKeys, useLogout, useMe } from '../../../lib/session';
import { ChangePasswordForm } from '../components/change-password-form';
import { authMessages } from '../messages';

/** The forced password change after a reset or when the password has expired. */
export function ChangePasswordPage() {
  const t = useT(authMessages);
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const next = safeNext((location.state as { next?: string } | null)?.next);

  if (!me.mustChangePassword && !me.passwordExpired) return <Navigate to={pendingStep(me) ?? next} replace />;

  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 22, textAlign: 'center', marginTop: 0 }}>
        {t('changePasswordTitle')}
      </Typography.Title>
      <Alert
        type="warning"
        showIcon
        message={me.passwordExpired ? t('passwordExpired') : t('mustChangePassword')}
        style={{ marginBottom: 16 }}
      />
      <ChangePasswordForm
        onDone={() => {
          message.success(t('passwordChanged'));
          const fresh = queryClient.getQueryData<Me | null>(sessionKeys.me);
          navigate((fresh && pendingStep(fresh)) ?? next, { replace: true, state: { next } });
        }}
      />
      <Button
        type="link"
        block
        style={{ marginTop: 8 }}
        onClick={async () => {
          await logout();
          navigate('/login', { replace: true });
        }}
      >
        {t('signOutInstead')}
      </Button>
    </div>
  );
}
