import { EyeOutlined, PhoneOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../../lib/api';
import { useShowError } from '../../../lib/form-errors';
import { useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { requestMessages } from '../messages';

/**
 * The caller's masked phone on a request; operators, dispatchers and the handlers of the unit holding it
 * (requests:reveal) may show the full number to call the citizen back. Each reveal is its own audited call, and the
 * number is kept only in this component (gone when the page is left).
 */
export function CallerPhone({ requestId, mask }: { requestId: number; mask: string }) {
  const t = useT(requestMessages);
  const can = useCan();
  const showError = useShowError();
  const [value, setValue] = useState<string | null>(null);
  const reveal = useMutation({
    mutationFn: () =>
      api.post<{ value: string }>(`/api/requests/${requestId}/reveal-contact`, { field: 'phone', reason: '联系群众' }),
    onSuccess: (r) => setValue(r.value),
    onError: (e) => showError(e),
  });
  if (value) {
    return (
      <Tooltip title={t('revealedContact')}>
        <Typography.Text copyable data-testid="phone-revealed">
          <a href={`tel:${value}`}>
            <PhoneOutlined /> {value}
          </a>
        </Typography.Text>
      </Tooltip>
    );
  }
  return (
    <Space size={4}>
      <span data-testid="phone-mask">{mask}</span>
      {can('requests:reveal') ? (
        <Tooltip title={t('revealContactHint')}>
          <Button
            size="small"
            type="link"
            icon={<EyeOutlined />}
            loading={reveal.isPending}
            data-testid="reveal-phone"
            onClick={() => reveal.mutate()}
          >
            {t('revealContact')}
          </Button>
        </Tooltip>
      ) : null}
    </Space>
  );
}
