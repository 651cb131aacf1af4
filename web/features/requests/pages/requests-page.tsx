import { CheckOutlined, ExportOutlined } from '@ant-design/icons';
import { App, Badge, Button, Checkbox, Form, Input, Select, Space, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  DISPATCHER_QUEUES,
  REQUEST_TYPE_LABELS,
  type RequestQueue,
  type RequestSummary,
  UNIT_QUEUES,
  URGENCY_LABELS,
} from '../../../../contracts/requests';
import { DivisionSelect } from '../../../components/division-select';
import { PageHeader } from '../../../components/page-header';
import { DetailLink, ServerTable } from '../../../components/server-table';
import { localizedErrorMessage, type Query } from '../../../lib/api';
import { useShowError } from '../../../lib/form-errors';
import { useLang, useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { requestKeys } from '../api/keys';
import { fetchRequests, useAcceptBatch, useCategoryNames, useQueueCounts } from '../api/use-requests';
import { CategorySelect, Flags, StateTag, UnitName } from '../components/bits';
import { RequestDetailView } from '../components/request-detail';
import { labelOf, stateOptions } from '../labels';
import { requestMessages } from '../messages';

interface Preset {
  key: string;
  label: string;
  query: Query;
  /** The server queue behind the tab, whose count the tab shows. */
  queue?: RequestQueue;
}

/** Older tab names (home cards, bookmarks) and the queue tab they now open. */
const TAB_ALIASES: Record<string, string> = { received: 'new', classified: 'new' };
const tabOf = (queue: RequestQueue) => queue.replace(/_/g, '-');

/**
 * The preset tabs: the dispatcher's queues (new, returned, disputed, appeals, extensions, overdue, bounced), the
 * unit's inbox (to accept, in progress, due soon, overdue), the operator's call-backs, everyone's "all".
 */
function usePresets(): Preset[] {
  const t = useT(requestMessages);
  const can = useCan();
  return useMemo(() => {
    const out: Preset[] = [];
    const queues: RequestQueue[] = [
      ...(can('requests:dispatch') ? DISPATCHER_QUEUES : []),
      ...(can('requests:handle') ? UNIT_QUEUES : []),
    ];
    for (const queue of queues) {
      out.push({ key: tabOf(queue), label: t(`q_${queue}`), query: { queue }, queue });
    }
    if (can('requests:intake') && !can('requests:dispatch')) {
      out.push({ key: 'callback', label: t('tabCallback'), query: { state: 'replied' } });
    }
    out.push({ key: 'all', label: t('tabAll'), query: {} });
    return out;
  }, [t, can]);
}

/** 批量签收: accepts the selected rows and says how many were accepted and why the others were not. */
function AcceptSelected({ rows, clear }: { rows: RequestSummary[]; clear: () => void }) {
  const t = useT(requestMessages);
  const { modal, notification } = App.useApp();
  const showError = useShowError();
  const accept = useAcceptBatch();
  const run = async () => {
    try {
      const { results } = await accept.mutateAsync(rows.map((r) => r.id));
      const failed = results.filter((r) => !r.ok);
      const numbers = new Map(rows.map((r) => [r.id, r.number]));
      notification[failed.length ? 'warning' : 'success']({
        message: t('acceptBatchDone', { ok: results.length - failed.length, failed: failed.length }),
        description: failed.length ? (
          <div data-testid="accept-batch-failures">
            <div>{t('acceptBatchFailed')}:</div>
            {failed.map((f) => (
              <div key={f.id}>
                {numbers.get(f.id) ?? f.id}: {'code' in f ? localizedErrorMessage(f.code, f.code) : ''}
              </div>
            ))}
          </div>
        ) : undefined,
      });
      clear();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Button
      type="primary"
      icon={<CheckOutlined />}
      loading={accept.isPending}
      data-testid="accept-selected"
      onClick={() =>
        modal.confirm({ title: t('confirmAcceptBatch', { count: rows.length }), onOk: run, okText: t('act_accept') })
      }
    >
      {t('acceptSelected', { count: rows.length })}
    </Button>
  );
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
  const asked = search.get('tab') ?? '';
  const wanted = TAB_ALIASES[asked] ?? asked;
  const tab = presets.some((p) => p.key === wanted) ? wanted : (presets[0]?.key ?? 'all');
  const counts = new Map((useQueueCounts().data ?? []).map((c) => [c.queue, c.count]));
  const setTab = (key: string) => setSearch({ tab: key }, { replace: true });
  const preset = presets.find((p) => p.key === tab) ?? presets[presets.length - 1];

  const columns = ({ openDetail }: { openDetail: (r: RequestSummary) => void }): ColumnsType<RequestSummary> => [
    {
      key: 'number',
      title: t('number'),
      dataIndex: 'number',
      sorter: true,
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
      sorter: true,
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
      sorter: true,
      render: (at: string) => dayjs(at).format('MM-DD HH:mm'),
    },
    {
      key: 'resolutionDeadline',
      title: t('resolutionDeadline'),
      dataIndex: 'resolutionDeadline',
      responsive: ['lg'],
      sorter: true,
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
        items={presets.map((p) => ({
          key: p.key,
          label: (
            <span data-testid={`tab-${p.key}`}>
              {p.label}
              {p.queue && counts.has(p.queue) ? (
                <Badge
                  count={counts.get(p.queue)}
                  showZero={false}
                  overflowCount={999}
                  color={p.queue.includes('overdue') || p.queue === 'disputed' ? 'red' : 'blue'}
                  style={{ marginInlineStart: 6 }}
                />
              ) : null}
            </span>
          ),
        }))}
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
        exportPath="/api/requests/export.xlsx"
        exportFileName="诉求清单.xlsx"
        {...(preset?.queue === 'to_accept'
          ? {
              batchActions: (rows: RequestSummary[], clear: () => void) => <AcceptSelected rows={rows} clear={clear} />,
            }
          : {})}
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
