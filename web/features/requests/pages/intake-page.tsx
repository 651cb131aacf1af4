import { CheckCircleOutlined, PhoneOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Form, Input, List, Result, Row, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { RequestIntake, RequestIntakeResult } from '../../../../contracts/requests';
import { DivisionSelect } from '../../../components/division-select';
import { PageHeader } from '../../../components/page-header';
import { useFormDraft } from '../../../lib/drafts';
import { useShowError } from '../../../lib/form-errors';
import { useLang, useT } from '../../../lib/i18n';
import { useDebounced } from '../../../lib/use-debounced';
import { useCallerHistory, useDuplicates, useIntake } from '../api/use-requests';
import { CategorySelect, StateTag } from '../components/bits';
import { CategorySuggestions } from '../components/category-suggestions';
import { channelOptions, typeOptions, urgencyOptions } from '../labels';
import { requestMessages } from '../messages';

/** Stored by lib/drafts.ts under this key: the same store the session-expiry flow uses, restored on mount. */
const DRAFT_KEY = 'request-intake';
const DRAFT_STORAGE_KEY = `lx.draft.${DRAFT_KEY}`;
const PHONE = /^[+\d][\d\s\-()]{4,24}$/;

type Values = {
  channel: RequestIntake['channel'];
  type?: RequestIntake['type'];
  urgency: RequestIntake['urgency'];
  title?: string;
  body?: string;
  categoryCode?: string;
  divisionCode?: string;
  address?: string;
  citizenName?: string;
  citizenPhone?: string;
  idempotencyKey: string;
  /** "Same matter as …": the possible duplicate the operator linked (merged into it on submit). */
  duplicateOf?: number;
  duplicateOfNumber?: string;
};

const newKey = () =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
const freshValues = (): Values => ({ channel: 'hotline', urgency: 'normal', idempotencyKey: newKey() });

function saveDraft(values: Values) {
  try {
    if (values.body || values.title || values.citizenPhone || values.address || values.citizenName)
      sessionStorage.setItem(DRAFT_STORAGE_KEY, JSON.stringify(values));
  } catch {
    // Storage blocked: the draft only survives in memory.
  }
}
function dropDraft() {
  try {
    sessionStorage.removeItem(DRAFT_STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}

interface Linked {
  id: number;
  number: string;
}

/**
 * Possible duplicates of what is being typed: the same phone, or similar text at the same place. "Same matter" links
 * the new request to one of them: it is recorded (the caller still gets a number and receipt code) and merged into it.
 */
function Duplicates({
  phone,
  divisionCode,
  text,
  linked,
  onLink,
}: {
  phone?: string;
  divisionCode?: string;
  text?: string;
  linked: Linked | null;
  onLink: (original: Linked | null) => void;
}) {
  const t = useT(requestMessages);
  const q = useDebounced(
    {
      phone: phone && PHONE.test(phone.trim()) ? phone.trim() : undefined,
      divisionCode: divisionCode || undefined,
      text: text && text.trim().length >= 4 ? text.trim().slice(0, 500) : undefined,
    },
    500,
  );
  const query = useDuplicates(q);
  const history = useCallerHistory({ phone: q.phone });
  const lang = useLang();
  const enabled = !!q.phone || !!q.text;
  return (
    <Card size="small" title={t('duplicates')} data-testid="duplicates" loading={enabled && query.isFetching}>
      {linked ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="duplicate-linked"
          message={t('sameMatterChosen', { number: linked.number })}
          action={
            <Button size="small" onClick={() => onLink(null)}>
              {t('sameMatterCancel')}
            </Button>
          }
        />
      ) : null}
      {q.phone && history.data && history.data.count > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="repeat-caller"
          message={t('repeatCaller', {
            n: history.data.count,
            days: history.data.windowDays,
            last: history.data.lastReceivedAt ? dayjs(history.data.lastReceivedAt).format('MM-DD HH:mm') : '—',
          })}
        />
      ) : null}
      {!enabled ? (
        <Typography.Text type="secondary">{t('duplicatesHint')}</Typography.Text>
      ) : query.data?.length ? (
        <List
          size="small"
          dataSource={query.data}
          renderItem={(d) => (
            <List.Item
              actions={
                // Merged requests are never originals (a chain is refused): they cannot be linked.
                d.state === 'merged'
                  ? []
                  : [
                      <Button
                        key="link"
                        size="small"
                        type={linked?.id === d.id ? 'primary' : 'default'}
                        aria-pressed={linked?.id === d.id}
                        data-testid={`same-matter-${d.number}`}
                        onClick={() => onLink(linked?.id === d.id ? null : { id: d.id, number: d.number })}
                      >
                        {t('sameMatter')}
                      </Button>,
                    ]
              }
            >
              <Space direction="vertical" size={0}>
                <Space wrap size={4}>
                  <Link to={`/requests/${d.id}`} target="_blank" rel="noopener">
                    {d.number}
                  </Link>
                  <StateTag state={d.state} />
                  {d.reasons.map((r) => (
                    <Tag
                      key={r.code}
                      color={
                        r.code === 'sameCaller'
                          ? 'orange'
                          : r.code === 'similarText'
                            ? 'red'
                            : r.code === 'samePlace'
                              ? 'blue'
                              : undefined
                      }
                    >
                      {lang === 'en' ? r.en : r.zh}
                    </Tag>
                  ))}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('duplicateScore', { pct: `${Math.round(d.score * 100)}%` })}
                  </Typography.Text>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dayjs(d.receivedAt).format('YYYY-MM-DD HH:mm')} {d.title ?? ''}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duplicatesNone')} />
      )}
    </Card>
  );
}

/** /requests/new — 诉求受理: the operator records a call, keyboard first. */
export function IntakePage() {
  const t = useT(requestMessages);
  const lang = useLang();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const intake = useIntake();
  const [result, setResult] = useState<(RequestIntakeResult & { mergedInto?: string }) | null>(null);
  const typeRef = useRef<{ focus: () => void } | null>(null);
  useFormDraft(form, DRAFT_KEY, { enabled: !result });
  const phone = Form.useWatch('citizenPhone', form);
  const divisionCode = Form.useWatch('divisionCode', form);
  const body = Form.useWatch('body', form);
  const title = Form.useWatch('title', form);
  const categoryCode = Form.useWatch('categoryCode', form);
  const duplicateOf = Form.useWatch('duplicateOf', form);
  const duplicateOfNumber = Form.useWatch('duplicateOfNumber', form);
  const linked = duplicateOf && duplicateOfNumber ? { id: duplicateOf, number: duplicateOfNumber } : null;
  const link = (original: Linked | null) => {
    form.setFieldsValue({ duplicateOf: original?.id, duplicateOfNumber: original?.number });
    saveDraft(form.getFieldsValue(true) as Values);
  };

  // A restored draft is taken out of storage by useFormDraft: put it back so a second reload keeps it too.
  useEffect(() => {
    saveDraft(form.getFieldsValue(true) as Values);
  }, [form]);

  const submit = async (values: Values) => {
    if (intake.isPending) return;
    const trim = (v?: string) => (v?.trim() ? v.trim() : null);
    const phoneValue = trim(values.citizenPhone);
    try {
      const answer = await intake.mutateAsync({
        channel: values.channel,
        type: values.type as RequestIntake['type'],
        urgency: values.urgency,
        title: trim(values.title),
        body: values.body ?? '',
        ...(values.categoryCode ? { categoryCode: values.categoryCode } : {}),
        divisionCode: values.divisionCode ?? '',
        address: trim(values.address),
        citizenName: trim(values.citizenName),
        citizenPhone: phoneValue,
        idempotencyKey: values.idempotencyKey,
        ...(values.duplicateOf ? { duplicateOf: values.duplicateOf } : {}),
      });
      dropDraft();
      setResult(values.duplicateOfNumber ? { ...answer, mergedInto: values.duplicateOfNumber } : answer);
    } catch (e) {
      showError(e, form);
    }
  };

  const nextCall = () => {
    dropDraft();
    setResult(null);
    form.resetFields();
    form.setFieldsValue(freshValues());
    setTimeout(() => typeRef.current?.focus(), 0);
  };

  if (result) {
    return (
      <div>
        <PageHeader title={t('intakeTitle')} />
        <div data-testid="intake-result">
          <Result
            status="success"
            icon={<CheckCircleOutlined />}
            title={t('intakeDone')}
            subTitle={
              <Space direction="vertical" size={8} style={{ fontSize: 16 }}>
                <span>
                  {t('number')}:{' '}
                  <Typography.Text copyable strong data-testid="intake-number">
                    {result.number}
                  </Typography.Text>
                </span>
                {result.mergedInto ? (
                  <Alert
                    type="info"
                    showIcon
                    data-testid="intake-merged"
                    message={t('intakeMerged', { number: result.mergedInto })}
                  />
                ) : null}
                {result.receiptCode ? (
                  <>
                    <span>
                      {t('receiptCode')}:{' '}
                      <Typography.Text copyable strong code data-testid="intake-receipt-code" style={{ fontSize: 18 }}>
                        {result.receiptCode}
                      </Typography.Text>
                    </span>
                    <Alert type="warning" showIcon message={t('receiptCodeOnce')} />
                  </>
                ) : (
                  <Alert type="info" showIcon message={t('intakeRepeated')} />
                )}
              </Space>
            }
            extra={[
              <Button
                key="next"
                type="primary"
                icon={<PhoneOutlined />}
                onClick={nextCall}
                autoFocus
                data-testid="next-call"
              >
                {t('nextCall')}
              </Button>,
              <Link key="open" to={`/requests/${result.id}`}>
                <Button>{t('openRequest')}</Button>
              </Link>,
            ]}
          />
        </div>
      </div>
    );
  }

  const required = (field: string) => [{ required: true, message: t('selectRequired', { field }) }];
  return (
    <div>
      <PageHeader title={t('intakeTitle')} description={t('intakeHelp')} />
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card size="small">
            <Form<Values>
              form={form}
              name="intake"
              layout="vertical"
              initialValues={freshValues()}
              onFinish={submit}
              onValuesChange={(_changed, all) => saveDraft({ ...form.getFieldsValue(true), ...all } as Values)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  form.submit();
                }
              }}
            >
              <Form.Item name="idempotencyKey" hidden>
                <Input />
              </Form.Item>
              <Form.Item name="duplicateOf" hidden>
                <Input />
              </Form.Item>
              <Form.Item name="duplicateOfNumber" hidden>
                <Input />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={8}>
                  <Form.Item name="type" label={t('type')} rules={required(t('type'))}>
                    <Select
                      ref={typeRef as never}
                      autoFocus
                      showSearch
                      optionFilterProp="label"
                      options={typeOptions(lang)}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={8}>
                  <Form.Item name="channel" label={t('channel')} rules={required(t('channel'))}>
                    <Select showSearch optionFilterProp="label" options={channelOptions(lang)} />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={8}>
                  <Form.Item name="urgency" label={t('urgency')}>
                    <Select options={urgencyOptions(lang)} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="title" label={t('title')} rules={[{ max: 200 }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item
                name="body"
                label={t('body')}
                extra={t('submitHint')}
                rules={[{ required: true, whitespace: true, message: t('required', { field: t('body') }) }]}
              >
                <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={5000} showCount />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="categoryCode" label={t('category')}>
                    <CategorySelect />
                  </Form.Item>
                  <CategorySuggestions
                    title={title}
                    text={body}
                    divisionCode={divisionCode}
                    value={categoryCode}
                    onPick={(code) => {
                      form.setFieldsValue({ categoryCode: code });
                      saveDraft(form.getFieldsValue(true) as Values);
                    }}
                  />
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="divisionCode" label={t('division')} rules={required(t('division'))}>
                    <DivisionSelect />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="address" label={t('address')} rules={[{ max: 300 }]}>
                <Input maxLength={300} />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="citizenName" label={t('citizenName')} rules={[{ max: 50 }]}>
                    <Input maxLength={50} autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name="citizenPhone"
                    label={t('citizenPhone')}
                    rules={[{ pattern: PHONE, message: t('phoneFormat') }]}
                  >
                    <Input inputMode="tel" autoComplete="off" />
                  </Form.Item>
                </Col>
              </Row>
              <Button type="primary" htmlType="submit" loading={intake.isPending} data-testid="submit-intake">
                {t('submitIntake')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Duplicates phone={phone} divisionCode={divisionCode} text={body} linked={linked} onLink={link} />
        </Col>
      </Row>
    </div>
  );
}
