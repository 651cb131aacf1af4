import { useQuery } from '@tanstack/react-query';
import { Form, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { RequestDetail } from '../../../../contracts/requests';
import { REQUEST_STATE_LABELS } from '../../../../contracts/requests';
import { useLang, useT } from '../../../lib/i18n';
import { useDebounced } from '../../../lib/use-debounced';
import { requestKeys } from '../api/keys';
import { fetchRequests, useDuplicates } from '../api/use-requests';
import { labelOf } from '../labels';
import { requestMessages } from '../messages';

interface Candidate {
  id: number;
  number: string;
  title: string | null;
  state: string;
  receivedAt: string;
}

/**
 * 合并重复件: the original to merge this request into — the similar requests of the same place first, or any request in
 * scope found by its number or words. Merged requests are never offered (the server refuses chains anyway).
 */
export function MergeFields({ request }: { request: RequestDetail }) {
  const t = useT(requestMessages);
  const lang = useLang();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const similar = useDuplicates({ divisionCode: request.divisionCode, text: request.body.slice(0, 500) });
  const found = useQuery({
    queryKey: [...requestKeys.lists(), 'merge-search', q],
    queryFn: () => fetchRequests({ page: 1, pageSize: 10, q }),
    enabled: q.length >= 2,
  });
  const candidates: Candidate[] = [...(q.length >= 2 ? (found.data?.items ?? []) : []), ...(similar.data ?? [])];
  const seen = new Set<number>();
  const options = candidates
    .filter((c) => c.id !== request.id && c.state !== 'merged' && !seen.has(c.id) && seen.add(c.id))
    .map((c) => ({
      value: c.id,
      label: `${c.number} · ${labelOf(REQUEST_STATE_LABELS, c.state, lang)} · ${dayjs(c.receivedAt).format('MM-DD')} ${c.title ?? ''}`,
    }));
  return (
    <>
      <Typography.Paragraph type="secondary">{t('mergeOriginalHelp')}</Typography.Paragraph>
      <Form.Item
        name="originalId"
        label={t('mergeOriginal')}
        rules={[{ required: true, message: t('selectRequired', { field: t('mergeOriginal') }) }]}
      >
        <Select
          showSearch
          autoFocus
          filterOption={false}
          onSearch={setSearch}
          loading={similar.isFetching || found.isFetching}
          options={options}
          data-testid="merge-original"
        />
      </Form.Item>
    </>
  );
}
