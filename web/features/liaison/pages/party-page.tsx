import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { PartyMemberReport } from '../../../../contracts/liaison';
import { PageHeader } from '../../../components/page-header';
import { useShowError } from '../../../lib/form-errors';
import { useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { usePartyActions, usePartyReports } from '../api/use-liaison-desk';
import { liaisonMessages } from '../messages';

type Appraisal = NonNullable<PartyMemberReport['appraisal']>;
const APPRAISAL_KEY = {
  excellent: 'appraisalExcellent',
  good: 'appraisalGood',
  fair: 'appraisalFair',
  poor: 'appraisalPoor',
} as const;

/**
 * In-service party members reporting to their community (在职党员到社区报到). `mine`: the member registers and logs
 * service; otherwise the registrations in the reader's scope, appraised by organisers (liaison:manage).
 */
export function LiaisonPartyPage({ mine = false }: { mine?: boolean }) {
  const t = useT(liaisonMessages);
  const { message } = App.useApp();
  const showError = useShowError();
  const can = useCan();
  const canAppraise = !mine && can('liaison:manage');
  const { data, isLoading } = usePartyReports(mine);
  const { register, logService, appraise } = usePartyActions();
  const [registering, setRegistering] = useState(false);
  const [logging, setLogging] = useState<PartyMemberReport | null>(null);
  const [regForm] = Form.useForm();
  const [logForm] = Form.useForm();

  return (
    <>
      <PageHeader
        title={t('partyTitle')}
        description={t('partyHelp')}
        extra={
          mine && (
            <Button type="primary" onClick={() => setRegistering(true)}>
              {t('register')}
            </Button>
          )
        }
      />
      <Table<PartyMemberReport>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data?.items ?? []}
        scroll={{ x: 900 }}
        data-testid="party-table"
        expandable={{
          rowExpandable: (r) => r.services.length > 0,
          expandedRowRender: (r) => (
            <Table
              rowKey={(s) => `${s.on}-${s.note}`}
              size="small"
              pagination={false}
              dataSource={r.services}
              columns={[
                { title: t('serviceOn'), dataIndex: 'on' },
                { title: t('hours'), dataIndex: 'hours' },
                { title: t('note'), dataIndex: 'note' },
              ]}
            />
          ),
        }}
        columns={[
          ...(mine ? [] : [{ title: t('person'), dataIndex: 'personName' }]),
          { title: t('community'), dataIndex: 'communityName' },
          { title: t('post'), dataIndex: 'post' },
          { title: t('registeredOn'), dataIndex: 'registeredOn' },
          {
            title: t('serviceEntries'),
            key: 'entries',
            render: (_: unknown, r: PartyMemberReport) => r.services.length,
          },
          { title: t('serviceHours'), dataIndex: 'serviceHours' },
          {
            title: t('appraisal'),
            dataIndex: 'appraisal',
            render: (a: Appraisal | null, r: PartyMemberReport) =>
              canAppraise ? (
                <Select<Appraisal>
                  size="small"
                  style={{ width: 110 }}
                  aria-label={t('appraise')}
                  value={a ?? undefined}
                  placeholder={t('appraise')}
                  onChange={async (v) => {
                    try {
                      await appraise.mutateAsync({ id: r.id, appraisal: v });
                      message.success(t('created'));
                    } catch (e) {
                      showError(e);
                    }
                  }}
                  options={(Object.keys(APPRAISAL_KEY) as Appraisal[]).map((k) => ({
                    value: k,
                    label: t(APPRAISAL_KEY[k]),
                  }))}
                />
              ) : a ? (
                <Tag>{t(APPRAISAL_KEY[a])}</Tag>
              ) : (
                '—'
              ),
          },
          ...(mine
            ? [
                {
                  title: t('actions'),
                  key: 'actions',
                  render: (_: unknown, r: PartyMemberReport) => (
                    <Button size="small" onClick={() => setLogging(r)}>
                      {t('logService')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={registering}
        title={t('register')}
        okButtonProps={{ loading: register.isPending }}
        onCancel={() => setRegistering(false)}
        onOk={() => regForm.submit()}
        destroyOnHidden
      >
        <Form
          form={regForm}
          name="partyRegister"
          layout="vertical"
          preserve={false}
          initialValues={{ registeredOn: dayjs() }}
          onFinish={async (v) => {
            try {
              await register.mutateAsync({
                communityCode: v.communityCode,
                post: v.post,
                registeredOn: v.registeredOn.format('YYYY-MM-DD'),
              });
              message.success(t('created'));
              setRegistering(false);
            } catch (e) {
              showError(e, regForm);
            }
          }}
        >
          <Form.Item name="communityCode" label={t('communityCode')} rules={[{ required: true, pattern: /^\d{12}$/ }]}>
            <Input maxLength={12} />
          </Form.Item>
          <Form.Item name="post" label={t('post')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="registeredOn" label={t('registeredOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!logging}
        title={t('logService')}
        okButtonProps={{ loading: logService.isPending }}
        onCancel={() => setLogging(null)}
        onOk={() => logForm.submit()}
        destroyOnHidden
      >
        <Form
          form={logForm}
          name="partyService"
          layout="vertical"
          preserve={false}
          initialValues={{ on: dayjs(), hours: 2 }}
          onFinish={async (v) => {
            if (!logging) return;
            try {
              await logService.mutateAsync({
                id: logging.id,
                on: v.on.format('YYYY-MM-DD'),
                hours: v.hours,
                note: v.note,
              });
              message.success(t('created'));
              setLogging(null);
            } catch (e) {
              showError(e, logForm);
            }
          }}
        >
          <Form.Item name="on" label={t('serviceOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="hours" label={t('hours')} rules={[{ required: true }]}>
            <InputNumber min={0.5} max={24} step={0.5} />
          </Form.Item>
          <Form.Item name="note" label={t('note')} rules={[{ required: true, max: 300 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** The signed-in cadre's own records (route for liaison:visit). */
export function LiaisonMyPartyPage() {
  return <LiaisonPartyPage mine />;
}
