import { EyeOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useShowError } from '../../../lib/form-errors';
import { useT } from '../../../lib/i18n';
import { useRevealPerson } from '../api/use-people';
import { orgMessages } from '../messages';

/**
 * A masked personal field (phone, ID number). Users with `people:reveal` may show the full value;
 * each reveal is a separate audited request, and the value is kept only in this component.
 */
export function RevealField({
  personId,
  field,
  mask,
  canReveal,
  label,
}: {
  personId: number;
  field: 'phone' | 'idNumber';
  mask: string | null;
  canReveal: boolean;
  label: string;
}) {
  const t = useT(orgMessages);
  const reveal = useRevealPerson();
  const showError = useShowError();
  const [value, setValue] = useState<string | null>(null);
  if (!mask) return null;
  if (value) {
    return (
      <Tooltip title={t('revealed')}>
        <Typography.Text copyable data-testid={`revealed-${field}`}>
          {value}
        </Typography.Text>
      </Tooltip>
    );
  }
  return (
    <Space size={4}>
      <span>{mask}</span>
      {canReveal ? (
        <Tooltip title={t('revealHint')}>
          <Button
            size="small"
            type="link"
            icon={<EyeOutlined />}
            loading={reveal.isPending}
            aria-label={`${t('reveal')} ${label}`}
            data-testid={`reveal-${field}`}
            onClick={() =>
              reveal.mutate(
                { id: personId, field },
                { onSuccess: (r) => setValue(r.value), onError: (e) => showError(e) },
              )
            }
          >
            {t('reveal')}
          </Button>
        </Tooltip>
      ) : null}
    </Space>
  );
}
