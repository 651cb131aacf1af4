import { Button, Flex, Form, Input, Typography } from 'antd';
import { useShowError } from '../../../lib/form-errors';
import { useT } from '../../../lib/i18n';
import { useConfirmTotp, useStartTotpEnrolment } from '../api/use-auth-mutations';
import { authMessages } from '../messages';

/** Generate a secret, show it as a QR code and as text, then confirm with the first code. */
export function TotpEnrolment({ onDone }: { onDone?: () => void }) {
  const t = useT(authMessages);
  const start = useStartTotpEnrolment();
  const confirm = useConfirmTotp();
  const showError = useShowError();
  const [form] = Form.useForm<{ code: string }>();
  const enrolment = start.data;

  if (!enrolment) {
    return (
      <Flex vertical gap={12}>
        <Typography.Paragraph style={{ margin: 0 }}>{t('totpEnrolIntro')}</Typography.Paragraph>
        <Button
          type="primary"
          loading={start.isPending}
          onClick={() => start.mutate(undefined, { onError: (e) => showError(e) })}
          data-testid="totp-start"
        >
          {t('totpStart')}
        </Button>
      </Flex>
    );
  }

  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph style={{ margin: 0 }}>{t('totpEnrolIntro')}</Typography.Paragraph>
      <Flex justify="center">
        <img src={enrolment.qrDataUrl} alt={t('totpQrAlt')} width={200} height={200} />
      </Flex>
      <div>
        <Typography.Text type="secondary">{t('totpSecret')}: </Typography.Text>
        <Typography.Text code copyable data-testid="totp-secret">
          {enrolment.secret}
        </Typography.Text>
      </div>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        name="totp-confirm"
        onFinish={async ({ code }) => {
          try {
            await confirm.mutateAsync(code.trim());
            onDone?.();
          } catch (e) {
            showError(e, form);
            form.setFields([{ name: 'code', errors: [e instanceof Error ? e.message : String(e)] }]);
          }
        }}
      >
        <Form.Item
          label={t('totpCode')}
          name="code"
          rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('totpCodeInvalid') }]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ letterSpacing: 4 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={confirm.isPending}>
          {t('totpConfirm')}
        </Button>
      </Form>
    </Flex>
  );
}
