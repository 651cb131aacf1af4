import { Button, Form, Input, Typography } from 'antd';
import { isApiError } from '../../../lib/api';
import { useShowError } from '../../../lib/form-errors';
import { useT } from '../../../lib/i18n';
import { useChangePassword } from '../api/use-auth-mutations';
import { authMessages } from '../messages';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * Current password, new password twice. Policy failures (AUTH_PASSWORD_WEAK) list the server's
 * reasons, already in the user's language, under the new-password field.
 */
export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const t = useT(authMessages);
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const showError = useShowError();

  const submit = async (values: Values) => {
    try {
      await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.resetFields();
      onDone?.();
    } catch (e) {
      if (isApiError(e, 'AUTH_PASSWORD_WEAK')) {
        // Each problem is already in the request's language: { code, message } (or a bare string).
        const problems = e.detail<unknown[]>('problems');
        const texts = (Array.isArray(problems) ? problems : [])
          .map((p) => (typeof p === 'string' ? p : (p as { message?: string })?.message))
          .filter((m): m is string => !!m);
        form.setFields([{ name: 'newPassword', errors: texts.length ? texts : [e.message] }]);
        return;
      }
      if (isApiError(e, 'AUTH_INVALID_CREDENTIALS')) {
        form.setFields([{ name: 'currentPassword', errors: [e.message] }]);
        return;
      }
      showError(e, form);
    }
  };

  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} name="change-password">
      {/* Lets password managers pair the new password with the account. */}
      <input type="text" name="username" autoComplete="username" hidden readOnly aria-hidden />
      <Form.Item
        label={t('currentPassword')}
        name="currentPassword"
        rules={[{ required: true, message: t('required', { field: t('currentPassword') }) }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        label={t('newPassword')}
        name="newPassword"
        extra={<Typography.Text type="secondary">{t('passwordHint')}</Typography.Text>}
        rules={[{ required: true, message: t('required', { field: t('newPassword') }) }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('confirmPassword')}
        name="confirmPassword"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('required', { field: t('confirmPassword') }) },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('passwordsDiffer'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending} block>
        {t('changePasswordTitle')}
      </Button>
    </Form>
  );
}
