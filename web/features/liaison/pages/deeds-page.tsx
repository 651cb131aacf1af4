import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Deed } from '../../../../contracts/liaison';
import { PageHeader } from '../../../components/page-header';
import { useShowError } from '../../../lib/form-errors';
import { useT } from '../../../lib/i18n';
import { useDeeds, useRecordDeed } from '../api/use-liaison-desk';
import { liaisonMessages } from '../messages';

/** The API keeps money in fen (分); the screen shows and takes yuan (元). */
const yuan = (fen: number) =>
  (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const toFen = (yuanAmount: number) => Math.round(yuanAmount * 100);

/** Deeds for the people (为民办实事): the cadre's own (`mine`, with "record") or every deed in the reader's scope. */
export function LiaisonDeedsPage({ mine = false }: { mine?: boolean }) {
  const t = useT(liaisonMessages);
  const { message } = App.useApp();
  const showError = useShowError();
  const { data, isLoading } = useDeeds(mine);
  const record = useRecordDeed();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const items = data?.items ?? [];
  const beneficiaries = items.reduce((s, d) => s + d.beneficiaries, 0);
  const aidFen = items.reduce((s, d) => s + d.aidFen, 0);

  return (
    <>
      <PageHeader
        title={t('deedsTitle')}
        description={t('deedsHelp')}
        extra={
          mine && (
            <Button type="primary" data-testid="new-deed" onClick={() => setCreating(true)}>
              {t('newDeed')}
            </Button>
          )
        }
      />
      <Typography.Paragraph data-testid="deed-totals">
        {t('deedTotals', { count: items.length, beneficiaries, aid: yuan(aidFen) })}
      </Typography.Paragraph>
      <Table<Deed>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={items}
        scroll={{ x: 760 }}
        data-testid="deeds-table"
        columns={[
          { title: t('doneOn'), dataIndex: 'doneOn' },
          ...(mine ? [] : [{ title: t('cadre'), dataIndex: 'cadreName' }]),
          { title: t('title'), dataIndex: 'title' },
          { title: t('description'), dataIndex: 'description' },
          { title: t('beneficiaries'), dataIndex: 'beneficiaries', align: 'right' as const },
          { title: t('aid'), dataIndex: 'aidFen', align: 'right' as const, render: yuan },
        ]}
      />
      <Modal
        open={creating}
        title={t('newDeed')}
        okButtonProps={{ loading: record.isPending, 'data-testid': 'deed-save' }}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          name="deed"
          layout="vertical"
          preserve={false}
          initialValues={{ doneOn: dayjs(), beneficiaries: 1, aidYuan: 0 }}
          onFinish={async (v) => {
            try {
              await record.mutateAsync({
                title: v.title,
                description: v.description ?? '',
                doneOn: v.doneOn.format('YYYY-MM-DD'),
                beneficiaries: v.beneficiaries,
                aidFen: toFen(v.aidYuan ?? 0),
              });
              message.success(t('created'));
              setCreating(false);
            } catch (e) {
              showError(e, form);
            }
          }}
        >
          <Form.Item name="title" label={t('title')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label={t('description')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="doneOn" label={t('doneOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="beneficiaries" label={t('beneficiaries')} rules={[{ required: true }]}>
            <InputNumber min={0} max={1_000_000} precision={0} />
          </Form.Item>
          <Form.Item name="aidYuan" label={t('aid')}>
            <InputNumber min={0} max={100_000_000} precision={2} step={100} style={{ width: 200 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** The signed-in cadre's own records (route for liaison:visit). */
export function LiaisonMyDeedsPage() {
  return <LiaisonDeedsPage mine />;
}
