import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { CallbackBatch, CallbackOutcome } from '../../../../contracts/liaison';
import { PageHeader } from '../../../components/page-header';
import { useShowError } from '../../../lib/form-errors';
import { useT } from '../../../lib/i18n';
import { useCallbackActions, useCallbackBatch } from '../api/use-liaison-desk';
import { liaisonMessages } from '../messages';

type Item = CallbackBatch['items'][number];
type Recordable = Exclude<CallbackOutcome, 'pending'>;

const OUTCOME_KEY = {
  pending: 'outcomePending',
  confirmed: 'outcomeConfirmed',
  denied: 'outcomeDenied',
  unreachable: 'outcomeUnreachable',
} as const;
const OUTCOME_COLOR: Record<CallbackOutcome, string> = {
  pending: 'default',
  confirmed: 'green',
  denied: 'red',
  unreachable: 'orange',
};

/**
 * Inspectors' call-backs (回访抽查): draw a list for a period (the server records the seed; giving a recorded seed
 * draws the same list again), then record each household's answer. The list's id stays in the address, so a
 * reload or a shared link reopens it.
 */
export function LiaisonCallbacksPage() {
  const t = useT(liaisonMessages);
  const { message } = App.useApp();
  const showError = useShowError();
  const [params, setParams] = useSearchParams();
  const batchId = Number(params.get('batch')) || undefined;
  const { data: batch, isLoading } = useCallbackBatch(batchId);
  const { draw, record } = useCallbackActions();
  const [choice, setChoice] = useState<Record<number, Recordable>>({});
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [form] = Form.useForm();

  return (
    <>
      <PageHeader title={t('callbacksTitle')} description={t('callbacksHelp')} />
      <Form
        form={form}
        name="callbacks"
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        initialValues={{ range: [dayjs().subtract(30, 'day'), dayjs()], size: 20 }}
        onFinish={async (v) => {
          try {
            const b = await draw.mutateAsync({
              from: v.range[0].format('YYYY-MM-DD'),
              to: v.range[1].format('YYYY-MM-DD'),
              size: v.size,
              seed: v.seed?.trim() || undefined,
            });
            setParams({ batch: String(b.id) });
            message.success(t('seed', { seed: b.seed }));
          } catch (e) {
            showError(e, form);
          }
        }}
      >
        <Form.Item name="range" label={t('period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="size" label={t('size')} rules={[{ required: true }]}>
          <InputNumber min={1} max={500} precision={0} />
        </Form.Item>
        <Form.Item name="seed" label={t('seedOptional')} rules={[{ min: 4, max: 64 }]}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={draw.isPending} data-testid="draw-callbacks">
            {t('draw')}
          </Button>
        </Form.Item>
      </Form>
      {batch && (
        <Alert
          style={{ marginBottom: 8 }}
          type="info"
          data-testid="callback-batch"
          message={t('batchLine', {
            id: batch.id,
            from: batch.from,
            to: batch.to,
            size: batch.items.length,
            seed: batch.seed,
          })}
        />
      )}
      <Table<Item>
        rowKey="id"
        size="small"
        loading={!!batchId && isLoading}
        dataSource={batch?.items ?? []}
        pagination={false}
        scroll={{ x: 980 }}
        data-testid="callbacks-table"
        columns={[
          { title: t('visitedAt'), dataIndex: 'visitedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          { title: t('cadre'), dataIndex: 'cadreName' },
          { title: t('headName'), dataIndex: 'headName' },
          { title: t('address'), dataIndex: 'householdAddress' },
          { title: t('phone'), dataIndex: 'contactPhoneMask', render: (p: string | null) => p ?? '—' },
          {
            title: t('outcome'),
            dataIndex: 'outcome',
            render: (o: CallbackOutcome, r: Item) => (
              <Space direction="vertical" size={0}>
                <Tag color={OUTCOME_COLOR[o]} data-testid={`outcome-${r.id}`}>
                  {t(OUTCOME_KEY[o])}
                </Tag>
                {r.note && <span>{r.note}</span>}
              </Space>
            ),
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_: unknown, r: Item) => (
              <Space wrap>
                <Select<Recordable>
                  size="small"
                  style={{ width: 120 }}
                  aria-label={t('outcome')}
                  data-testid={`choose-${r.id}`}
                  value={choice[r.id]}
                  onChange={(v) => setChoice((c) => ({ ...c, [r.id]: v }))}
                  options={(['confirmed', 'denied', 'unreachable'] as const).map((o) => ({
                    value: o,
                    label: t(OUTCOME_KEY[o]),
                  }))}
                />
                <Input
                  size="small"
                  style={{ width: 160 }}
                  placeholder={t('note')}
                  maxLength={500}
                  value={notes[r.id] ?? ''}
                  onChange={(e) => setNotes((n) => ({ ...n, [r.id]: e.target.value }))}
                />
                <Button
                  size="small"
                  data-testid={`record-${r.id}`}
                  disabled={!choice[r.id]}
                  loading={record.isPending && record.variables?.itemId === r.id}
                  onClick={async () => {
                    const outcome = choice[r.id];
                    if (!outcome) return;
                    try {
                      await record.mutateAsync({ itemId: r.id, outcome, note: notes[r.id]?.trim() || undefined });
                      message.success(t('outcomeSaved'));
                    } catch (e) {
                      showError(e);
                    }
                  }}
                >
                  {t('recordOutcome')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
