import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import type { Me } from '../../../../contracts/auth';
import { ApiError } from '../../../lib/api';
import { useShowError } from '../../../lib/form-errors';
import { useT } from '../../../lib/i18n';
import { login, pendingStep, safeNext, useMeQuery } from '../../../lib/session';
import { authMessages } from '../messages';

interface Credentials {
  username: string;
  password: string;
}

/** Counts down the lockout reported by the server (details.retryAfterSeconds). */
function useCountdown(initialSeconds: number | null) {
  const [left, setLeft] = useState(initialSeconds);
  useEffect(() => {
    setLeft(initialSeconds);
    if (initialSeconds === null) return;
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, initialSeconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [initialSeconds]);
  return left;
}

/**
 * Sign-in: username and password, then a one-time code when the server asks for one
 * (AUTH_TOTP_REQUIRED); a locked account shows how long is left. After sign-in the user goes
 * to the forced steps (new password, TOTP enrolment) if any, else back where they were.
 */
export function LoginPage() {
  const t = useT(authMessages);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const { data: currentMe } = useMeQuery();
  const [form] = Form.useForm<Credentials>();
  const [totpForm] = Form.useForm<{ totp: string }>();
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [lockSeconds, setLockSeconds] = useState<number | null>(null);
  const [totpError, setTotpError] = useState<string | null>(null);
  const lockLeft = useCountdown(lockSeconds);
  const totpInput = useRef<HTMLInputElement>(null);
  const next = safeNext(params.get('next'));
  const reason = params.get('reason');

  useEffect(() => {
    if (step === 'totp') totpInput.current?.focus();
  }, [step]);

  if (currentMe && !submitting) return <Navigate to={pendingStep(currentMe) ?? next} replace />;

  const goOn = (me: Me) => {
    navigate(pendingStep(me) ?? next, { replace: true, state: { next } });
  };

  const attempt = async (body: Credentials & { totp?: string }) => {
    setSubmitting(true);
    setProblem(null);
    setLockSeconds(null);
    try {
      const me = await login(queryClient, body);
      goOn(me);
    } catch (e) {
      setSubmitting(false);
      if (!(e instanceof ApiError)) return showError(e);
      switch (e.code) {
        case 'AUTH_TOTP_REQUIRED':
          setCredentials({ username: body.username, password: body.password });
          setStep('totp');
          return;
        case 'AUTH_TOTP_INVALID':
          totpForm.resetFields();
          setTotpError(e.message);
          totpInput.current?.focus();
          return;
        case 'AUTH_ACCOUNT_LOCKED': {
          const seconds = Number(e.detail('retryAfterSeconds'));
          setLockSeconds(Number.isFinite(seconds) && seconds > 0 ? seconds : null);
          setProblem(e.message);
          setStep('password');
          return;
        }
        case 'VALIDATION_FAILED':
          showError(e, step === 'totp' ? totpForm : form);
          return;
        default:
          setProblem(e.message);
          if (step === 'totp') setStep('password');
      }
    }
  };

  const formatLeft = (seconds: number) => {
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return m > 0 ? t('minutesSeconds', { m, s }) : t('seconds', { s });
  };

  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 22, textAlign: 'center', marginTop: 0 }}>
        {step === 'password' ? t('loginTitle') : t('totpTitle')}
      </Typography.Title>
      {reason === 'expired' ? (
        <Alert type="warning" showIcon message={t('expiredNotice')} style={{ marginBottom: 16 }} />
      ) : null}
      {reason === 'idle' ? <Alert type="info" showIcon message={t('idleNotice')} style={{ marginBottom: 16 }} /> : null}
      {problem ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="login-error"
          message={lockSeconds !== null ? t('lockedTitle') : problem}
          description={
            lockSeconds !== null && lockLeft !== null
              ? lockLeft > 0
                ? t('lockedLeft', { time: formatLeft(lockLeft) })
                : t('lockedOver')
              : undefined
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}

      {step === 'password' ? (
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => attempt(values)}
          name="login"
          initialValues={credentials ?? undefined}
        >
          <Form.Item
            label={t('username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('required', { field: t('username') }) }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus autoCapitalize="none" size="large" />
          </Form.Item>
          <Form.Item
            label={t('password')}
            name="password"
            rules={[{ required: true, message: t('required', { field: t('password') }) }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            {t('login')}
          </Button>
        </Form>
      ) : (
        <Form
          form={totpForm}
          layout="vertical"
          requiredMark={false}
          name="login-totp"
          onFinish={({ totp }) => credentials && attempt({ ...credentials, totp: totp.trim() })}
          onValuesChange={() => setTotpError(null)}
        >
          <Typography.Paragraph type="secondary">{t('totpHelp')}</Typography.Paragraph>
          <Form.Item
            label={t('totpCode')}
            name="totp"
            rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('totpCodeInvalid') }]}
            // The server's "wrong code" answer is shown here until the user types again.
            {...(totpError ? { validateStatus: 'error' as const, help: totpError } : {})}
          >
            <Input
              ref={(el) => {
                totpInput.current = el?.input ?? null;
              }}
              prefix={<SafetyOutlined />}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              size="large"
              style={{ letterSpacing: 4 }}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            {t('verify')}
          </Button>
          <Button
            type="link"
            block
            onClick={() => {
              setStep('password');
              setProblem(null);
            }}
          >
            {t('back')}
          </Button>
        </Form>
      )}
    </div>
  );
}
