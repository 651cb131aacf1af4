import { App, Button, DatePicker, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import type { Commitment } from '../../../../contracts/liaison';
import { PageHeader } from '../../../components/page-header';
import { useShowError } from '../../../lib/form-errors';
import { useT } from '../../../lib/i18n';
import { useCommitments, useFulfilCommitment, useMakeCommitment } from '../api/use-liaison-desk';
import { liaisonMessages } from '../messages';

type StatusFilter = 'all' | 'open' | 'fulfilled';

/** Open and past its deadline (the deadline day itself still counts as in time). */
export function isOverdue(c: Commitment, today: string): boolean {
  return !c.fulfilledAt && c.deadline < today;
}

/**
 * Commitments (承诺). `mine`: the signed-in cadre's own, with "new" and "fulfil"; otherwise every commitment in
 * the reader's scope (organisers, leaders, inspectors), read-only.
 */
export function LiaisonCommitmentsPage({ mine = false }: { mine?: boolean }) {
  const t = useT(liaisonMessages);
  const { message } = App.useApp();
  const showError = useShowError();
  const { data, isLoading } = useCommitments(mine);
  const make = useMakeCommitment();
  const fulfil = useFulfilCommitment();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [creating, setCreating] = useState(false);
  const [fulfilling, setFulfilling] = useState<Commitment | null>(null);
  const [createForm] = Form.useForm();
  const [fulfilForm] = Form.useForm();
  const today = dayjs().format('YYYY-MM-DD');
  const items = useMemo(
    () =>
      (data?.items ?? []).filter(
        (c) => (status === 'all' || (status === 'open') === !c.fulfilledAt) && (!overdueOnly || isOverdue(c, today)),
      ),
    [data, status, overdueOnly, today],
  );

  return (
    <>
      <PageHeader
        title={t('commitmentsTitle')}
        description={t('commitmentsHelp')}
        extra={
          mine && (
            <Button type="primary" data-testid="new-commitment" onClick={() => setCreating(true)}>
              {t('newCommitment')}
            </Button>
          )
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<StatusFilter>
          aria-label={t('status')}
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'all', label: t('all') },
            { value: 'open', label: t('statusOpen') },
            { value: 'fulfilled', label: t('statusFulfilled') },
          ]}
        />
        <Space>
          <Switch checked={overdueOnly} onChange={setOverdueOnly} aria-label={t('onlyOverdue')} />
          {t('onlyOverdue')}
        </Space>
      </Space>
      <Table<Commitment>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={items}
        scroll={{ x: 900 }}
        data-testid="commitments-table"
        columns={[
          ...(mine ? [] : [{ title: t('cadre'), dataIndex: 'cadreName' }]),
          {
            title: t('kind'),
            dataIndex: 'kind',
            render: (k: Commitment['kind']) => t(k === 'post' ? 'kindPost' : 'kindDeed'),
          },
          { title: t('title'), dataIndex: 'title' },
          { title: t('deadline'), dataIndex: 'deadline' },
          { title: t('public'), dataIndex: 'public', render: (p: boolean) => t(p ? 'yes' : 'no') },
          {
            title: t('status'),
            key: 'status',
            render: (_: unknown, c: Commitment) =>
              c.fulfilledAt ? (
                <Tag color={c.onTime ? 'green' : 'orange'}>
                  {t('statusFulfilled')} · {t(c.onTime ? 'onTimeFulfilled' : 'lateFulfilled')}
                </Tag>
              ) : isOverdue(c, today) ? (
                <Tag color="red">{t('overdue')}</Tag>
              ) : (
                <Tag>{t('statusOpen')}</Tag>
              ),
          },
          { title: t('evidence'), dataIndex: 'evidence', render: (e: string | null) => e ?? '—' },
          {
            title: t('rating'),
            key: 'rating',
            render: (_: unknown, c: Commitment) =>
              c.rating === null || c.ratingCount === 0
                ? t('noRating')
                : t('ratingValue', { score: c.rating.toFixed(1), count: c.ratingCount }),
          },
          ...(mine
            ? [
                {
                  title: t('actions'),
                  key: 'actions',
                  render: (_: unknown, c: Commitment) =>
                    !c.fulfilledAt && (
                      <Button size="small" data-testid={`fulfil-${c.id}`} onClick={() => setFulfilling(c)}>
                        {t('fulfil')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={creating}
        title={t('newCommitment')}
        okButtonProps={{ loading: make.isPending, 'data-testid': 'commitment-save' }}
        onCancel={() => setCreating(false)}
        onOk={() => createForm.submit()}
        destroyOnHidden
      >
        <Form
          form={createForm}
          name="commitment"
          layout="vertical"
          preserve={false}
          initialValues={{ kind: 'post', public: true }}
          onFinish={async (v) => {
            try {
              await make.mutateAsync({ ...v, deadline: v.deadline.format('YYYY-MM-DD') });
              message.success(t('created'));
              setCreating(false);
            } catch (e) {
              showError(e, createForm);
            }
          }}
        >
          <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'post', label: t('kindPost') },
                { value: 'deed', label: t('kindDeed') },
              ]}
            />
          </Form.Item>
          <Form.Item name="title" label={t('title')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="content" label={t('content')} rules={[{ required: true, max: 2000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="deadline" label={t('deadline')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="public" label={t('public')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!fulfilling}
        title={`${t('fulfil')}：${fulfilling?.title ?? ''}`}
        okButtonProps={{ loading: fulfil.isPending, 'data-testid': 'fulfil-save' }}
        onCancel={() => setFulfilling(null)}
        onOk={() => fulfilForm.submit()}
        destroyOnHidden
      >
        <Form
          form={fulfilForm}
          name="fulfil"
          layout="vertical"
          preserve={false}
          onFinish={async (v: { evidence: string }) => {
            if (!fulfilling) return;
            try {
              await fulfil.mutateAsync({ id: fulfilling.id, evidence: v.evidence });
              message.success(t('fulfilled'));
              setFulfilling(null);
            } catch (e) {
              showError(e, fulfilForm);
            }
          }}
        >
          <Form.Item name="evidence" label={t('evidence')} rules={[{ required: true, max: 2000 }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** The signed-in cadre's own records (route for liaison:visit). */
export function LiaisonMyCommitmentsPage() {
  return <LiaisonCommitmentsPage mine />;
}
