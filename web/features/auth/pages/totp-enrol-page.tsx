import { Alert, App, Button, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useT } from '../../../lib/i18n';
import { pendingStep, safeNext, useLogout, useMe } from '../../../lib/session';
import { TotpEnrolment } from '../components/totp-enrolment';
import { authMessages } from '../messages';

/** The forced TOTP enrolment for administrators who have no second factor yet. */
export function TotpEnrolPage() {
  const t = useT(authMessages);
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const { message } = App.useApp();
  const next = safeNext((location.state as { next?: string } | null)?.next);

  const step = pendingStep(me);
  if (step === '/account/password') return <Navigate to={step} replace state={{ next }} />;
  if (!me.totpEnrolmentRequired) return <Navigate to={next} replace />;

  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 22, textAlign: 'center', marginTop: 0 }}>
        {t('totpEnrolTitle')}
      </Typography.Title>
      <Alert type="warning" showIcon message={t('totpEnrolRequired')} style={{ marginBottom: 16 }} />
      <TotpEnrolment
        onDone={() => {
          message.success(t('totpEnabled'));
          navigate(next, { replace: true });
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
