import { ExportOutlined } from '@ant-design/icons';
import { Checkbox, Form, Input, Select, Space, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { REQUEST_TYPE_LABELS, type RequestSummary, URGENCY_LABELS } from '../../../../contracts/requests';
import { DivisionSelect } from '../../../components/division-select';
import { PageHeader } from '../../../components/page-header';
import { DetailLink, ServerTable } from '../../../components/server-table';
import type { Query } from '../../../lib/api';
import { useLang, useT } from '../../../lib/i18n';
import { useCan, useMe } from '../../../lib/session';
import { requestKeys } from '../api/keys';
import { fetchRequests, useCategoryNames } from '../api/use-requests';
import { CategorySelect, Flags, StateTag, UnitName } from '../components/bits';
import { RequestDetailView } from '../components/request-detail';
import { labelOf, stateOptions } from '../labels';
import { requestMessages } from '../messages';

interface Preset {
  key: string;
  label: string;
  query: Query;
}

/** The preset tabs: the dispatcher's queues, a unit's inbox, everyone's "all". */
function usePresets(): Preset[] {
  const t = useT(requestMessages);
  const can = useCan();
  const me = useMe();
  return useMemo(() => {
    const out: Preset[] = [];
    if (can('requests:dispatch')) {
      out.push(
        { key: 'received', label: t('tabReceived'), query: { state: 'received' } },
        { key: 'classified', label: t('tabClassified'), query: { state: 'classified' } },
        { key: 'returned', label: t('tabReturned'), query: { state: 'returned' } },
        { key: 'overdue', label: t('tabOverdue'), query: { overdue: true } },
        { key: 'bounced', label: t('tabBounced'), query: { bounced: true } },
      );
    } else if (can('requests:handle')) {
      const unit = me.unit ? { leadUnitId: me.unit.id } : {};
      out.push(
        { key: 'to-accept', label: t('tabToAccept'), query: { state: 'dispatched', ...unit } },
        { key: 'in-progress', label: t('tabInProgress'), query: { state: 'in_progress', ...unit } },
        { key: 'overdue', label: t('tabOverdue'), query: { overdue: true } },
      );
    } else if (can('requests:intake')) {
      out.push({ key: 'callback', label: t('tabCallback'), query: { state: 'replied' } });
    }
    out.push({ key: 'all', label: t('tabAll'), query: {} });
    return out;
  }, [t, can, me.unit]);
}

function toQuery(values: Record<string, unknown>): Query {
  const out: Query = {};
  if (typeof values.q === 'string' && values.q.trim()) out.q = values.q.trim();
  for (const key of ['state', 'categoryCode', 'divisionCode'] as const) {
    if (typeof values[key] === 'string' && values[key]) out[key] = values[key] as string;
  }
  if (values.bounced) out.bounced = true;
  if (values.overdue) out.overdue = true;
  return out;
}

/** /requests — 诉求工单: queues by role, filters, server paging, the detail in a drawer. */
export function RequestsPage() {
  const t = useT(requestMessages);
  const lang = useLang();
  const categories = useCategoryNames();
  const presets = usePresets();
  // The tab is in the address (?tab=…) so the home page's cards and a reload land on the same queue.
  const [search, setSearch] = useSearchParams();
  const wanted = search.get('tab');
  const tab = presets.some((p) => p.key === wanted) ? (wanted as string) : (presets[0]?.key ?? 'all');
  const setTab = (key: string) => setSearch({ tab: key }, { replace: true });
  const preset = presets.find((p) => p.key === tab) ?? presets[presets.length - 1];

  const columns = ({ openDetail }: { openDetail: (r: RequestSummary) => void }): ColumnsType<RequestSummary> => [
    {
      key: 'number',
      title: t('number'),
      dataIndex: 'number',
      render: (number: string, r) => (
        <Space size={4}>
          <DetailLink onClick={() => openDetail(r)}>{number}</DetailLink>
          <Link to={`/requests/${r.id}`} aria-label={`${t('openFull')} ${number}`} title={t('openFull')}>
            <ExportOutlined />
          </Link>
        </Space>
      ),
    },
    {
      key: 'state',
      title: t('state'),
      dataIndex: 'state',
      render: (state: string, r) => (
        <Space size={0} wrap>
          <StateTag state={state} />
          <Flags bounced={r.bounced} overdue={r.overdue} />
        </Space>
      ),
    },
    {
      key: 'title',
      title: t('title'),
      dataIndex: 'title',
      render: (title: string | null, r) => (
        <Typography.Text ellipsis style={{ maxWidth: 260 }}>
          {title || r.address || '—'}
        </Typography.Text>
      ),
    },
    {
      key: 'type',
      title: t('type'),
      dataIndex: 'type',
      responsive: ['md'],
      render: (type: string, r) =>
        `${labelOf(REQUEST_TYPE_LABELS, type, lang)} · ${labelOf(URGENCY_LABELS, r.urgency, lang)}`,
    },
    {
      key: 'category',
      title: t('category'),
      dataIndex: 'categoryCode',
      responsive: ['lg'],
      render: (code: string | null) => (code ? (categories.get(code) ?? code) : '—'),
    },
    {
      key: 'leadUnit',
      title: t('leadUnit'),
      dataIndex: 'leadUnitId',
      responsive: ['md'],
      render: (id: number | null) => <UnitName id={id} />,
    },
    {
      key: 'receivedAt',
      title: t('receivedAt'),
      dataIndex: 'receivedAt',
      render: (at: string) => dayjs(at).format('MM-DD HH:mm'),
    },
    {
      key: 'resolutionDeadline',
      title: t('resolutionDeadline'),
      dataIndex: 'resolutionDeadline',
      responsive: ['lg'],
      render: (at: string | null, r) =>
        at ? (
          <Typography.Text type={r.overdue ? 'danger' : undefined}>{dayjs(at).format('MM-DD HH:mm')}</Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <div>
      <PageHeader title={t('listTitle')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={presets.map((p) => ({ key: p.key, label: p.label }))}
        data-testid="request-tabs"
      />
      <ServerTable<RequestSummary>
        key={tab}
        ariaLabel={t('listTitle')}
        testId="requests-table"
        queryKey={requestKeys.lists()}
        fetchPage={fetchRequests}
        baseQuery={preset?.query}
        rowKey="id"
        columns={columns}
        toQuery={toQuery}
        filters={
          <>
            <Form.Item name="q" label={t('keyword')}>
              <Input allowClear placeholder={t('searchRequests')} style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="state" label={t('state')}>
              <Select allowClear options={stateOptions(lang)} style={{ width: 130 }} />
            </Form.Item>
            <Form.Item name="categoryCode" label={t('category')}>
              <CategorySelect style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="divisionCode" label={t('division')}>
              <DivisionSelect style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="bounced" valuePropName="checked">
              <Checkbox>{t('onlyBounced')}</Checkbox>
            </Form.Item>
            <Form.Item name="overdue" valuePropName="checked">
              <Checkbox>{t('onlyOverdue')}</Checkbox>
            </Form.Item>
          </>
        }
        detail={{
          title: (r) => t('detailTitle', { number: r.number }),
          render: (r) => <RequestDetailView id={r.id} compact />,
          width: 720,
        }}
      />
    </div>
  );
}
