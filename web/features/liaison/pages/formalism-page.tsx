import { Alert, App, Button, DatePicker, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { CallbackBatch, FormalismItem } from '../../../../contracts/liaison';
import { PageHeader } from '../../../components/page-header';
import { useShowError } from '../../../lib/form-errors';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useDrawCallbacks, useFormalism } from '../api/use-liaison';
import { FLAG_LABELS, liaisonMessages, VISIT_FORM_LABELS } from '../messages';

/** Inspectors' list of flagged visits over a period, and random call-back lists drawn from a recorded seed. */
export function LiaisonFormalismPage() {
  const t = useT(liaisonMessages);
  const lang = useLang();
  const showError = useShowError();
  const { message } = App.useApp();
  const [range, setRange] = useState<[string, string]>([
    dayjs().subtract(30, 'day').format('YYYY-MM-DD'),
    dayjs().format('YYYY-MM-DD'),
  ]);
  const { data, isLoading } = useFormalism(range[0], range[1]);
  const draw = useDrawCallbacks();
  const [batch, setBatch] = useState<CallbackBatch | null>(null);
  return (
    <>
      <PageHeader title={t('formalismTitle')} description={t('formalismHelp')} />
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          aria-label={t('period')}
          value={[dayjs(range[0]), dayjs(range[1])]}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
        />
        <Button
          loading={draw.isPending}
          onClick={async () => {
            try {
              const b = await draw.mutateAsync({ from: range[0], to: range[1], size: 20 });
              setBatch(b);
              message.success(t('seed', { seed: b.seed }));
            } catch (e) {
              showError(e);
            }
          }}
        >
          {t('drawCallbacks')}
        </Button>
      </Space>
      <Table<FormalismItem>
        rowKey="visitId"
        size="small"
        loading={isLoading}
        dataSource={data?.items ?? []}
        scroll={{ x: 760 }}
        data-testid="formalism-table"
        columns={[
          { title: t('visitedAt'), dataIndex: 'visitedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          { title: t('cadre'), dataIndex: 'cadreName' },
          { title: t('unit'), dataIndex: 'unitName' },
          { title: t('address'), dataIndex: 'householdAddress' },
          {
            title: t('form'),
            dataIndex: 'form',
            render: (f: FormalismItem['form']) => pick(lang, VISIT_FORM_LABELS[f]),
          },
          {
            title: t('flags'),
            dataIndex: 'flags',
            render: (flags: FormalismItem['flags']) =>
              flags.map((f) => (
                <Tag color="red" key={f}>
                  {pick(lang, FLAG_LABELS[f])}
                </Tag>
              )),
          },
        ]}
      />
      {batch && (
        <>
          <Alert style={{ margin: '16px 0 8px' }} type="info" message={t('seed', { seed: batch.seed })} />
          <Table
            rowKey="id"
            size="small"
            dataSource={batch.items}
            pagination={false}
            columns={[
              { title: t('cadre'), dataIndex: 'cadreName' },
              { title: t('headName'), dataIndex: 'headName' },
              { title: t('address'), dataIndex: 'householdAddress' },
              { title: t('phone'), dataIndex: 'contactPhoneMask' },
              {
                title: t('visitedAt'),
                dataIndex: 'visitedAt',
                render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
              },
              { title: t('outcome'), dataIndex: 'outcome' },
            ]}
          />
        </>
      )}
    </>
  );
}
