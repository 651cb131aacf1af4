import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Descriptions, Divider, Form, Input, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { AuditEntry, AuditVerification } from '../../../../contracts/auth';
import { PageHeader } from '../../../components/page-header';
import { DetailLink, ServerTable } from '../../../components/server-table';
import type { Query } from '../../../lib/api';
import { useShowError } from '../../../lib/form-errors';
import { useT } from '../../../lib/i18n';
import { auditKeys, fetchAuditEntries, useVerifyAuditChain } from '../api/use-audit';
import { auditMessages } from '../messages';

const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');

function show(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

interface DiffRow {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

/** Field-by-field comparison of an entry's before and after states. */
function diffOf(before: unknown, after: unknown): DiffRow[] {
  const b = asRecord(before);
  const a = asRecord(after);
  if (!b && !a) return [];
  if (!b || !a) {
    const only = (b ?? a) as Record<string, unknown>;
    return Object.keys(only).map((field) => ({
      field,
      before: b ? b[field] : undefined,
      after: a ? a[field] : undefined,
      changed: true,
    }));
  }
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields.map((field) => ({
    field,
    before: b[field],
    after: a[field],
    changed: JSON.stringify(b[field]) !== JSON.stringify(a[field]),
  }));
}

function EntryDetail({ entry }: { entry: AuditEntry }) {
  const t = useT(auditMessages);
  const rows = diffOf(entry.before, entry.after);
  return (
    <div data-testid="audit-detail">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="ID">{entry.id}</Descriptions.Item>
        <Descriptions.Item label={t('at')}>{when(entry.at)}</Descriptions.Item>
        <Descriptions.Item label={t('actor')}>{entry.actorName}</Descriptions.Item>
        <Descriptions.Item label={t('action')}>
          <Typography.Text code>{entry.action}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('objectType')}>{entry.objectType}</Descriptions.Item>
        <Descriptions.Item label={t('objectId')}>{entry.objectId ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('requestId')}>{entry.requestId ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('hash')}>
          <Typography.Text code style={{ wordBreak: 'break-all', fontSize: 11 }}>
            {entry.hash ?? t('unsealed')}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Divider orientation="left">{t('changes')}</Divider>
      {rows.length === 0 ? (
        <Typography.Text type="secondary">{t('noChanges')}</Typography.Text>
      ) : (
        <Table<DiffRow>
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          rowClassName={(r) => (r.changed ? 'lx-diff-changed' : '')}
          columns={[
            { key: 'field', dataIndex: 'field', title: t('field') },
            {
              key: 'before',
              dataIndex: 'before',
              title: t('before'),
              render: (v: unknown, r) => (r.changed ? <del style={{ color: '#cf1322' }}>{show(v)}</del> : show(v)),
            },
            {
              key: 'after',
              dataIndex: 'after',
              title: t('after'),
              render: (v: unknown, r) => (r.changed ? <ins style={{ color: '#389e0d' }}>{show(v)}</ins> : show(v)),
            },
          ]}
        />
      )}
      {entry.detail !== null && entry.detail !== undefined ? (
        <>
          <Divider orientation="left">{t('detail')}</Divider>
          <pre style={{ background: '#fafafa', padding: 8, borderRadius: 4, whiteSpace: 'pre-wrap', fontSize: 12 }}>
            {JSON.stringify(entry.detail, null, 2)}
          </pre>
        </>
      ) : null}
    </div>
  );
}

/** The audit log (audit administrator): filters, a before/after diff per entry and the chain check. */
export function AuditPage() {
  const t = useT(auditMessages);
  const verify = useVerifyAuditChain();
  const showError = useShowError();
  const [result, setResult] = useState<AuditVerification | null>(null);

  const columns = ({ openDetail }: { openDetail: (e: AuditEntry) => void }): ColumnsType<AuditEntry> => [
    { key: 'id', dataIndex: 'id', title: 'ID', sorter: true, width: 80 },
    {
      key: 'at',
      dataIndex: 'at',
      title: t('at'),
      sorter: true,
      render: (at: string, e) => <DetailLink onClick={() => openDetail(e)}>{when(at)}</DetailLink>,
    },
    { key: 'actorName', dataIndex: 'actorName', title: t('actor') },
    {
      key: 'action',
      dataIndex: 'action',
      title: t('action'),
      render: (a: string) => <Typography.Text code>{a}</Typography.Text>,
    },
    { key: 'objectType', dataIndex: 'objectType', title: t('objectType'), responsive: ['md'] },
    { key: 'objectId', dataIndex: 'objectId', title: t('objectId'), responsive: ['md'] },
  ];

  const toQuery = (values: Record<string, unknown>): Query => {
    const range = values.period as [Dayjs | null, Dayjs | null] | undefined;
    const text = (k: string) => (typeof values[k] === 'string' && (values[k] as string).trim()) || undefined;
    return {
      actor: text('actor'),
      action: text('action'),
      objectType: text('objectType'),
      objectId: text('objectId'),
      from: range?.[0]?.startOf('day').toISOString(),
      to: range?.[1]?.endOf('day').toISOString(),
    };
  };

  return (
    <div>
      <PageHeader
        title={t('title')}
        description={t('help')}
        extra={
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            data-testid="verify-chain"
            onClick={() => verify.mutate(undefined, { onSuccess: setResult, onError: (e) => showError(e) })}
          >
            {t('verify')}
          </Button>
        }
      />
      {result ? (
        <Alert
          role="status"
          style={{ marginBottom: 12 }}
          showIcon
          closable
          onClose={() => setResult(null)}
          type={result.ok ? 'success' : 'error'}
          data-testid="verify-result"
          message={
            result.ok || !result.firstBroken
              ? t('verifyOk', { checked: result.checked })
              : t('verifyBroken', {
                  id: result.firstBroken.id,
                  reason: t(result.firstBroken.reason),
                  checked: result.checked,
                })
          }
        />
      ) : null}
      <ServerTable<AuditEntry>
        ariaLabel={t('title')}
        testId="audit-table"
        queryKey={auditKeys.lists()}
        fetchPage={fetchAuditEntries}
        rowKey="id"
        pageSize={50}
        columns={columns}
        toQuery={toQuery}
        exportPath="/api/audit/export.xlsx"
        exportFileName="audit-log.xlsx"
        filters={
          <>
            <Form.Item name="actor" label={t('actor')}>
              <Input allowClear style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="action" label={t('action')} tooltip={t('actionHelp')}>
              <Input allowClear placeholder="auth.*" style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="objectType" label={t('objectType')}>
              <Input allowClear style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="objectId" label={t('objectId')}>
              <Input allowClear style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="period" label={t('period')}>
              <DatePicker.RangePicker allowEmpty={[true, true]} />
            </Form.Item>
          </>
        }
        detail={{ title: (e) => `#${e.id} ${e.action}`, render: (e) => <EntryDetail entry={e} />, width: 640 }}
      />
    </div>
  );
}
