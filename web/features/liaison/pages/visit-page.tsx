import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  List,
  Radio,
  Result,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { Visit, VisitForm } from '../../../../contracts/liaison';
import { PageHeader } from '../../../components/page-header';
import { isApiError } from '../../../lib/api';
import { useShowError } from '../../../lib/form-errors';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useMyDiaries, useMyLiaison, useMyVisits, useRecordVisit, useWriteDiary } from '../api/use-liaison';
import { liaisonMessages, STATE_LABELS, TAG_LABELS, VISIT_FORM_LABELS } from '../messages';

/** The visit form survives a reload (and a closed browser): it is kept in this phone's storage until it is sent. */
const DRAFT_KEY = 'lx.liaison.visit-draft';

interface Values {
  householdId?: number;
  visitedAt: string;
  form: VisitForm;
  learned?: string;
  needs?: string;
  opinions?: string;
  problem?: string;
  idempotencyKey: string;
}

const newKey = () =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
const fresh = (): Values => ({ visitedAt: dayjs().format('YYYY-MM-DDTHH:mm'), form: 'home', idempotencyKey: newKey() });

function loadDraft(): Values | null {
  try {
    const raw = localStorage.getItem(DRAFT_KEY);
    return raw ? (JSON.parse(raw) as Values) : null;
  } catch {
    return null;
  }
}
function saveDraft(v: Values) {
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(v));
  } catch {
    // Storage blocked: the draft lives in memory only.
  }
}
function dropDraft() {
  try {
    localStorage.removeItem(DRAFT_KEY);
  } catch {
    // Nothing stored.
  }
}

function VisitTab() {
  const t = useT(liaisonMessages);
  const lang = useLang();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const my = useMyLiaison();
  const [retry, setRetry] = useState(0);
  const record = useRecordVisit(setRetry);
  const [done, setDone] = useState<Visit | null>(null);

  useEffect(() => {
    const draft = loadDraft();
    if (draft) {
      form.setFieldsValue(draft);
      message.info(t('draftKept'));
    } else form.setFieldsValue(fresh());
  }, [form, message, t]);

  if (my.error && isApiError(my.error, 'LIAISON_NOT_A_CADRE')) return <Alert type="warning" message={t('notCadre')} />;
  const households = my.data?.households ?? [];

  const submit = async (v: Values) => {
    setRetry(0);
    const all = { ...form.getFieldsValue(true), ...v } as Values;
    try {
      const visit = await record.mutateAsync({
        householdId: all.householdId!,
        visitedAt: dayjs(all.visitedAt).toISOString(),
        form: all.form,
        learned: all.learned ?? '',
        needs: all.needs ?? '',
        opinions: all.opinions ?? '',
        problem: all.problem?.trim() ? all.problem.trim() : null,
        idempotencyKey: all.idempotencyKey,
      });
      dropDraft();
      setDone(visit);
    } catch (e) {
      showError(e, form);
    }
  };

  if (done) {
    return (
      <Result
        status="success"
        title={t('saved')}
        subTitle={
          done.request
            ? t('requestMade', { number: done.request.number, state: pick(lang, STATE_LABELS[done.request.state]) })
            : `${done.headName} · ${done.householdAddress}`
        }
        extra={
          <Button
            type="primary"
            onClick={() => {
              setDone(null);
              form.setFieldsValue({ ...fresh(), learned: '', needs: '', opinions: '', problem: '' });
            }}
          >
            {t('newVisit')}
          </Button>
        }
      />
    );
  }

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      onValuesChange={() => saveDraft(form.getFieldsValue(true) as Values)}
      data-testid="visit-form"
    >
      <Form.Item name="idempotencyKey" hidden>
        <Input />
      </Form.Item>
      <Form.Item name="householdId" label={t('household')} rules={[{ required: true, message: t('chooseHousehold') }]}>
        <Select
          placeholder={t('chooseHousehold')}
          loading={my.isLoading}
          notFoundContent={t('noHouseholds')}
          options={households.map((h) => ({ value: h.id, label: `${h.headName} · ${h.address}` }))}
        />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="visitedAt" label={t('visitedAt')} rules={[{ required: true }]} style={{ flex: 1 }}>
          <Input type="datetime-local" aria-label={t('visitedAt')} />
        </Form.Item>
      </Space.Compact>
      <Form.Item name="form" label={t('form')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={(['home', 'phone', 'forum'] as const).map((f) => ({
            value: f,
            label: pick(lang, VISIT_FORM_LABELS[f]),
          }))}
        />
      </Form.Item>
      <Form.Item name="learned" label={t('learned')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
      </Form.Item>
      <Form.Item name="needs" label={t('needs')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
      </Form.Item>
      <Form.Item name="opinions" label={t('opinions')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
      </Form.Item>
      <Form.Item name="problem" label={t('problem')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} placeholder={t('problemPlaceholder')} />
      </Form.Item>
      {retry > 0 && record.isPending && <Alert type="info" showIcon message={t('retrying', { n: retry })} />}
      <Button type="primary" htmlType="submit" size="large" block loading={record.isPending}>
        {t('submit')}
      </Button>
    </Form>
  );
}

function MyVisitsTab() {
  const t = useT(liaisonMessages);
  const lang = useLang();
  const { data, isLoading } = useMyVisits();
  return (
    <List
      loading={isLoading}
      dataSource={data?.items ?? []}
      locale={{ emptyText: <Empty /> }}
      renderItem={(v) => (
        <List.Item>
          <List.Item.Meta
            title={`${dayjs(v.visitedAt).format('MM-DD HH:mm')} · ${v.headName} · ${pick(lang, VISIT_FORM_LABELS[v.form])}`}
            description={
              <>
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
                  {[v.learned, v.needs, v.opinions].filter(Boolean).join('；')}
                </Typography.Paragraph>
                {v.request && (
                  <Tag color="blue">
                    {t('request')} {v.request.number} · {pick(lang, STATE_LABELS[v.request.state])}
                  </Tag>
                )}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}

function DiaryTab() {
  const t = useT(liaisonMessages);
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm();
  const write = useWriteDiary();
  const { data } = useMyDiaries();
  return (
    <>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ day: dayjs().format('YYYY-MM-DD') }}
        onFinish={async (v) => {
          try {
            await write.mutateAsync({ day: v.day, newProblems: v.newProblems ?? '', newIdeas: v.newIdeas ?? '' });
            message.success(t('diarySaved'));
            form.resetFields(['newProblems', 'newIdeas']);
          } catch (e) {
            showError(e, form);
          }
        }}
      >
        <Form.Item name="day" label={t('diaryDay')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="newProblems" label={t('newProblems')}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={3000} />
        </Form.Item>
        <Form.Item name="newIdeas" label={t('newIdeas')}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={3000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={write.isPending}>
          {t('saveDiary')}
        </Button>
      </Form>
      <List
        style={{ marginTop: 16 }}
        dataSource={data?.items ?? []}
        renderItem={(d) => (
          <List.Item>
            <List.Item.Meta title={d.day} description={[d.newProblems, d.newIdeas].filter(Boolean).join(' / ')} />
          </List.Item>
        )}
      />
    </>
  );
}

/** The cadre's phone screen: record a visit in under a minute, see my visits, keep the diary. */
export function LiaisonVisitPage() {
  const t = useT(liaisonMessages);
  const lang = useLang();
  const my = useMyLiaison();
  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }}>
      <PageHeader title={t('visitTitle')} description={t('visitHelp')} />
      {my.data && (
        <Card
          size="small"
          title={t('myHouseholds', { paired: my.data.households.length, quota: my.data.quota })}
          style={{ marginBottom: 12 }}
        >
          {my.data.households.length === 0 ? (
            <Typography.Text type="secondary">{t('noHouseholds')}</Typography.Text>
          ) : (
            my.data.households.map((h) => (
              <div key={h.id} style={{ marginBottom: 4 }}>
                <Typography.Text strong>{h.headName}</Typography.Text> · {h.address}{' '}
                {h.tags.map((tag) => (
                  <Tag key={tag}>{pick(lang, TAG_LABELS[tag])}</Tag>
                ))}
              </div>
            ))
          )}
        </Card>
      )}
      <Tabs
        items={[
          { key: 'visit', label: t('visitTitle'), children: <VisitTab /> },
          { key: 'mine', label: t('myVisits'), children: <MyVisitsTab /> },
          { key: 'diary', label: t('diary'), children: <DiaryTab /> },
        ]}
      />
    </div>
  );
}
