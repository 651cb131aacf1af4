import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ImportIssue } from '../../../../contracts/common';
import { HOUSEHOLD_TAGS, type Household } from '../../../../contracts/liaison';
import { PageHeader } from '../../../components/page-header';
import { PersonSelect } from '../../../components/person-select';
import { DetailLink, ServerTable } from '../../../components/server-table';
import { api, isApiError } from '../../../lib/api';
import { useShowError } from '../../../lib/form-errors';
import { pick, useLang, useT } from '../../../lib/i18n';
import { liaisonKeys } from '../api/keys';
import { useCoverage, useImportHouseholds, usePairingActions, usePairingHistory } from '../api/use-liaison';
import { liaisonMessages, TAG_LABELS } from '../messages';

type Action =
  | { kind: 'pair'; household: Household }
  | { kind: 'replace' | 'end'; pairingId: number; household: Household };

function PairingHistory({ household, onAction }: { household: Household; onAction: (a: Action) => void }) {
  const t = useT(liaisonMessages);
  const { data } = usePairingHistory(household.id);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button type="primary" onClick={() => onAction({ kind: 'pair', household })}>
          {t('pair')}
        </Button>
        <Button href={`/api/liaison/households/${household.id}/contact-card`} target="_blank">
          {t('card')}
        </Button>
      </Space>
      <Typography.Title level={5}>{t('history')}</Typography.Title>
      <Timeline
        items={(data?.items ?? []).map((p) => ({
          color: p.endedAt ? 'gray' : 'green',
          children: (
            <Space direction="vertical" size={0}>
              <span>
                {p.cadreName} · {dayjs(p.startedAt).format('YYYY-MM-DD')}
              </span>
              {p.endedAt ? (
                <Typography.Text type="secondary">
                  {t('ended', { at: dayjs(p.endedAt).format('YYYY-MM-DD'), reason: p.endReason ?? '' })}
                </Typography.Text>
              ) : (
                <Space>
                  <Button size="small" onClick={() => onAction({ kind: 'replace', pairingId: p.id, household })}>
                    {t('replace')}
                  </Button>
                  <Button size="small" danger onClick={() => onAction({ kind: 'end', pairingId: p.id, household })}>
                    {t('end')}
                  </Button>
                </Space>
              )}
            </Space>
          ),
        }))}
      />
    </Space>
  );
}

function ActionModal({ action, onClose }: { action: Action | null; onClose: () => void }) {
  const t = useT(liaisonMessages);
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm();
  const actions = usePairingActions();
  if (!action) return null;
  const title = action.kind === 'pair' ? t('pair') : action.kind === 'replace' ? t('replace') : t('end');
  return (
    <Modal
      open
      title={`${title} · ${action.household.headName}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          try {
            if (action.kind === 'pair')
              await actions.pair.mutateAsync({ cadrePersonId: v.cadrePersonId, householdId: action.household.id });
            else if (action.kind === 'replace')
              await actions.replace.mutateAsync({
                id: action.pairingId,
                cadrePersonId: v.cadrePersonId,
                reason: v.reason,
              });
            else await actions.end.mutateAsync({ id: action.pairingId, reason: v.reason });
            message.success(t('paired_ok'));
            onClose();
          } catch (e) {
            showError(e, form);
          }
        }}
      >
        {action.kind !== 'end' && (
          <Form.Item name="cadrePersonId" label={t('pairWith')} rules={[{ required: true }]}>
            <PersonSelect />
          </Form.Item>
        )}
        {action.kind !== 'pair' && (
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true }]}>
            <Input.TextArea maxLength={300} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ImportButton() {
  const t = useT(liaisonMessages);
  const { message } = App.useApp();
  const showError = useShowError();
  const importer = useImportHouseholds();
  const [issues, setIssues] = useState<ImportIssue[] | null>(null);
  return (
    <>
      <Upload
        accept=".xlsx"
        showUploadList={false}
        beforeUpload={async (file) => {
          try {
            const r = await importer.mutateAsync(file);
            setIssues(null);
            message.success(t('imported', { count: r.created }));
          } catch (e) {
            if (isApiError(e, 'IMPORT_REJECTED')) setIssues(e.detail<ImportIssue[]>('issues') ?? []);
            else showError(e);
          }
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={importer.isPending}>
          {t('import')}
        </Button>
      </Upload>
      <Button
        onClick={() => api.download('/api/liaison/households/import/template.xlsx', undefined, 'households.xlsx')}
      >
        {t('template')}
      </Button>
      {issues && (
        <Modal open footer={null} onCancel={() => setIssues(null)} title={t('importRejected')} width={640}>
          <Table
            size="small"
            rowKey={(r) => `${r.row}-${r.column}-${r.problem}`}
            dataSource={issues}
            pagination={false}
            columns={[
              { title: t('row'), dataIndex: 'row', width: 70 },
              { title: t('column'), dataIndex: 'column', width: 100 },
              { title: t('issue'), dataIndex: 'problem' },
            ]}
          />
        </Modal>
      )}
    </>
  );
}

/** The organisers' desk: the household ledger with import, pairing (quota-checked), history and contact cards. */
export function LiaisonHouseholdsPage() {
  // A link from the global search: ?q=head's name&id=householdId lists the name and opens the household.
  const [linked] = useSearchParams();
  const t = useT(liaisonMessages);
  const lang = useLang();
  const coverage = useCoverage();
  const [action, setAction] = useState<Action | null>(null);
  const [showCoverage, setShowCoverage] = useState(false);
  const c = coverage.data;
  return (
    <>
      <PageHeader title={t('households')} description={t('householdsHelp')} />
      {c && (
        <Alert
          style={{ marginBottom: 12 }}
          type={c.unpairedHouseholds > 0 || c.cadresUnderQuota > 0 ? 'warning' : 'success'}
          message={t('coverageLine', {
            households: c.households,
            paired: c.pairedHouseholds,
            unpaired: c.unpairedHouseholds,
            cadres: c.cadres,
            under: c.cadresUnderQuota,
          })}
          action={
            <Button size="small" onClick={() => setShowCoverage(true)}>
              {t('coverage')}
            </Button>
          }
        />
      )}
      {c && showCoverage && (
        <Modal open footer={null} width={720} title={t('coverage')} onCancel={() => setShowCoverage(false)}>
          <Typography.Title level={5}>{t('underQuota')}</Typography.Title>
          <Table
            size="small"
            rowKey="personId"
            dataSource={c.underQuota}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: t('cadre'), dataIndex: 'name' },
              { title: t('unit'), dataIndex: 'unitName' },
              { title: t('pairedOfQuota'), key: 'q', render: (_: unknown, r) => `${r.paired}/${r.quota}` },
            ]}
          />
          <Typography.Title level={5}>{t('unpaired')}</Typography.Title>
          <Table
            size="small"
            rowKey="id"
            dataSource={c.unpaired}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: t('headName'), dataIndex: 'headName' },
              { title: t('division'), dataIndex: 'divisionName' },
              { title: t('address'), dataIndex: 'address' },
            ]}
          />
        </Modal>
      )}
      <ServerTable<Household>
        ariaLabel={t('households')}
        testId="households-table"
        queryKey={liaisonKeys.households()}
        fetchPage={(params) => api.get('/api/liaison/households', params)}
        rowKey="id"
        initialFilters={linked.get('q') ? { q: linked.get('q') } : undefined}
        openRowKey={linked.get('id') ?? undefined}
        toolbar={<ImportButton />}
        filters={
          <>
            <Form.Item name="q">
              <Input.Search allowClear placeholder={t('search')} style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="tag">
              <Select
                allowClear
                placeholder={t('tags')}
                style={{ width: 140 }}
                options={HOUSEHOLD_TAGS.map((tag) => ({ value: tag, label: pick(lang, TAG_LABELS[tag]) }))}
              />
            </Form.Item>
            <Form.Item name="paired">
              <Select
                allowClear
                placeholder={t('cadres')}
                style={{ width: 120 }}
                options={[
                  { value: 'yes', label: t('paired') },
                  { value: 'no', label: t('unpaired') },
                ]}
              />
            </Form.Item>
          </>
        }
        columns={({ openDetail }) => [
          {
            title: t('headName'),
            dataIndex: 'headName',
            render: (v: string, row) => <DetailLink onClick={() => openDetail(row)}>{v}</DetailLink>,
          },
          { title: t('division'), dataIndex: 'divisionName' },
          { title: t('address'), dataIndex: 'address' },
          {
            title: t('tags'),
            dataIndex: 'tags',
            render: (tags: Household['tags']) => tags.map((tag) => <Tag key={tag}>{pick(lang, TAG_LABELS[tag])}</Tag>),
          },
          { title: t('phone'), dataIndex: 'contactPhoneMask' },
          {
            title: t('cadres'),
            dataIndex: 'cadres',
            render: (cadres: Household['cadres']) =>
              cadres.length ? (
                cadres.map((c) => <Tag key={c.pairingId}>{c.name}</Tag>)
              ) : (
                <Tag color="red">{t('unpaired')}</Tag>
              ),
          },
          {
            title: t('lastVisit'),
            dataIndex: 'lastVisitAt',
            render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD') : '—'),
          },
        ]}
        detail={{
          title: (row) => `${row.headName} · ${row.address}`,
          render: (row) => <PairingHistory household={row} onAction={setAction} />,
        }}
      />
      <ActionModal action={action} onClose={() => setAction(null)} />
    </>
  );
}
