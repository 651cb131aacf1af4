import { Descriptions, Form, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import type { Page } from '../../../../contracts/common';
import { WORK_STYLE_KIND_LABELS, WORK_STYLE_KINDS, type WorkStyleItem } from '../../../../contracts/requests';
import { PageHeader } from '../../../components/page-header';
import { DetailLink, type ListParams, ServerTable } from '../../../components/server-table';
import { api } from '../../../lib/api';
import { useLang, useT } from '../../../lib/i18n';
import { requestKeys } from '../api/keys';
import { StateTag } from '../components/bits';
import { requestMessages } from '../messages';

const KIND_COLORS: Record<string, string> = {
  inaction: 'orange',
  slow: 'gold',
  wrongful: 'red',
  rude: 'volcano',
  favours: 'magenta',
  four_winds: 'purple',
};

const fetchWorkStyle = (params: ListParams) => api.get<Page<WorkStyleItem>>('/api/requests/work-style', params);

/** /requests/work-style — 作风类诉求: the discipline-inspection view of requests tagged at intake, with the signals. */
export function WorkStylePage() {
  const t = useT(requestMessages);
  const lang = useLang();
  const kindLabel = (k: WorkStyleItem['kinds'][number]) => WORK_STYLE_KIND_LABELS[k][lang === 'en' ? 'en' : 'zh'];
  const kinds = (r: WorkStyleItem) => (
    <Space wrap size={4}>
      {r.kinds.map((k) => (
        <Tag key={k} color={KIND_COLORS[k]}>
          {kindLabel(k)}
        </Tag>
      ))}
    </Space>
  );
  const signals = (r: WorkStyleItem) => (
    <Space wrap size={4}>
      {r.signals.map((s) => (
        <Tag key={`${s.kind}-${s.signal}`} title={s.actor ? `${kindLabel(s.kind)} · ${s.actor}` : kindLabel(s.kind)}>
          {s.match}
        </Tag>
      ))}
    </Space>
  );
  const columns = ({ openDetail }: { openDetail: (r: WorkStyleItem) => void }): ColumnsType<WorkStyleItem> => [
    {
      key: 'number',
      title: t('number'),
      dataIndex: 'number',
      render: (number: string, r) => <DetailLink onClick={() => openDetail(r)}>{number}</DetailLink>,
    },
    {
      key: 'receivedAt',
      title: t('receivedAt'),
      dataIndex: 'receivedAt',
      render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
    },
    { key: 'title', title: t('title'), render: (_: unknown, r) => r.title ?? r.body.slice(0, 40), ellipsis: true },
    { key: 'kinds', title: t('workStyleKind'), render: (_: unknown, r) => kinds(r) },
    { key: 'signals', title: t('workStyleSignals'), render: (_: unknown, r) => signals(r), responsive: ['md'] },
    { key: 'state', title: t('state'), dataIndex: 'state', render: (s: string) => <StateTag state={s} /> },
  ];
  return (
    <div>
      <PageHeader title={t('workStyleTitle')} description={t('workStyleHelp')} />
      <ServerTable<WorkStyleItem>
        ariaLabel={t('workStyleTitle')}
        testId="work-style-table"
        queryKey={[...requestKeys.all, 'work-style']}
        fetchPage={fetchWorkStyle}
        rowKey="requestId"
        columns={columns}
        filters={
          <Form.Item name="kind" label={t('workStyleKind')}>
            <Select
              allowClear
              style={{ width: 150 }}
              options={WORK_STYLE_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
            />
          </Form.Item>
        }
        detail={{
          title: (r) => t('detailTitle', { number: r.number }),
          width: 640,
          render: (r) => (
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('receivedAt')}>
                {dayjs(r.receivedAt).format('YYYY-MM-DD HH:mm')}
              </Descriptions.Item>
              <Descriptions.Item label={t('state')}>
                <StateTag state={r.state} />
              </Descriptions.Item>
              <Descriptions.Item label={t('title')}>{r.title ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('body')}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{r.body}</Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('workStyleKind')}>{kinds(r)}</Descriptions.Item>
              <Descriptions.Item label={t('workStyleSignals')}>
                <Space direction="vertical" size={2}>
                  {r.signals.map((s) => (
                    <span key={`${s.kind}-${s.signal}`}>
                      <Tag color={KIND_COLORS[s.kind]}>{kindLabel(s.kind)}</Tag>「{s.match}」
                      {s.actor ? <Typography.Text type="secondary"> · {s.actor}</Typography.Text> : null}
                    </span>
                  ))}
                </Space>
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
      />
    </div>
  );
}
