import { UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  Radio,
  Result,
  Select,
  Typography,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  PORTAL_BODY_MAX,
  PORTAL_MAX_FILES,
  PORTAL_REQUEST_TYPES,
  type PortalSubmitResult,
} from '../../../../contracts/portal';
import { REQUEST_TYPE_LABELS } from '../../../../contracts/requests';
import { useShowError } from '../../../lib/form-errors';
import { pick, useLang, useT } from '../../../lib/i18n';
import { portalKeys } from '../api/keys';
import { fetchPlacePath, usePortalCategories, useSubmitPortalRequest } from '../api/use-portal';
import { PlacePicker } from '../components/place-picker';
import { portalMessages } from '../messages';

interface Values {
  type?: string;
  categoryCode?: string;
  divisionCode?: string[];
  address?: string;
  body?: string;
  files?: UploadFile[];
  name?: string;
  phone?: string;
  consent?: boolean;
  website?: string;
}

const newKey = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).toString();

/**
 * The citizen's submit page (我要反映), made for a phone: kind, category (searchable, with everyday hints), place
 * (prefilled from `?division=`), address, description, up to 5 photos or PDFs, optional name and phone, consent. The
 * receipt (number and code, shown once) replaces the form and can be printed.
 */
export function PortalSubmitPage() {
  const t = useT(portalMessages);
  const lang = useLang();
  const [params] = useSearchParams();
  const division = params.get('division') ?? '';
  const cadre = params.get('cadre') ?? '';
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [key, setKey] = useState(newKey);
  const [receipt, setReceipt] = useState<PortalSubmitResult | null>(null);
  const categories = usePortalCategories();
  const submit = useSubmitPortalRequest();
  const showError = useShowError();
  const prefill = useQuery({
    queryKey: portalKeys.placePath(division),
    queryFn: () => fetchPlacePath(division),
    enabled: /^\d{12}$/.test(division),
    retry: false,
  });
  const prefillPath = useMemo(() => prefill.data?.map((p) => p.code), [prefill.data]);

  const categoryOptions = useMemo(
    () =>
      (categories.data ?? []).map((c) => ({
        value: c.code,
        label: `${c.name}（${c.path.slice(0, -1).join(' / ')}）`,
        search: `${c.path.join(' ')} ${pick(lang, c.hint)}`.toLowerCase(),
        hint: pick(lang, c.hint),
      })),
    [categories.data, lang],
  );

  if (receipt) {
    return (
      <div data-testid="portal-receipt">
        <Result
          status="success"
          title={t('receiptTitle')}
          subTitle={receipt.receiptCode ? t('receiptKeep') : t('resubmitted')}
        />
        <Descriptions column={1} bordered size="middle">
          <Descriptions.Item label={t('number')}>
            <Typography.Text strong copyable data-testid="portal-receipt-number">
              {receipt.number}
            </Typography.Text>
          </Descriptions.Item>
          {receipt.receiptCode ? (
            <Descriptions.Item label={t('receiptCode')}>
              <Typography.Text
                strong
                copyable
                style={{ fontSize: 20, letterSpacing: 2 }}
                data-testid="portal-receipt-code"
              >
                {receipt.receiptCode}
              </Typography.Text>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Flex vertical gap={8} style={{ marginTop: 16 }} className="portal-noprint">
          <Button size="large" onClick={() => window.print()}>
            {t('print')}
          </Button>
          <Button
            type="primary"
            size="large"
            data-testid="portal-receipt-track"
            onClick={() =>
              navigate('/portal/track', { state: { number: receipt.number, code: receipt.receiptCode ?? '' } })
            }
          >
            {t('trackNow')}
          </Button>
          <Button
            size="large"
            type="link"
            onClick={() => {
              form.resetFields();
              setReceipt(null);
            }}
          >
            {t('again')}
          </Button>
        </Flex>
      </div>
    );
  }

  const onFinish = (v: Values) => {
    const data = new FormData();
    const put = (k: string, value: string | undefined) => {
      if (value !== undefined && value !== '') data.append(k, value);
    };
    put('type', v.type);
    put('categoryCode', v.categoryCode);
    put('divisionCode', v.divisionCode?.at(-1));
    put('address', v.address);
    put('body', v.body);
    put('name', v.name);
    put('phone', v.phone);
    put('consent', v.consent ? 'true' : '');
    put('website', v.website);
    put('cadre', cadre);
    put('idempotencyKey', key);
    for (const f of v.files ?? []) if (f.originFileObj) data.append('files', f.originFileObj, f.name);
    submit.mutate(data, {
      onSuccess: (r) => {
        setReceipt(r);
        setKey(newKey());
      },
      onError: (e) => showError(e, form),
    });
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size="large"
      onFinish={onFinish}
      initialValues={{
        type: 'help',
        files: [],
        consent: false,
        website: '',
        categoryCode: undefined,
        body: '',
        address: '',
        name: '',
        phone: '',
        divisionCode: [],
      }}
      data-testid="portal-submit-form"
    >
      <Typography.Title level={4}>{t('navSubmit')}</Typography.Title>
      {cadre ? <Alert type="info" showIcon message={t('cadreNote')} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="type" label={t('type')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={PORTAL_REQUEST_TYPES.map((ty) => ({ value: ty, label: pick(lang, REQUEST_TYPE_LABELS[ty]) }))}
        />
      </Form.Item>
      <Form.Item name="categoryCode" label={t('category')} extra={t('categoryOptional')}>
        <Select
          showSearch
          allowClear
          placeholder={t('categoryPlaceholder')}
          loading={categories.isPending}
          options={categoryOptions}
          filterOption={(input, option) => (option?.search ?? '').includes(input.trim().toLowerCase())}
          optionRender={(o) => (
            <Flex vertical>
              <span>{o.data.label}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {o.data.hint}
              </Typography.Text>
            </Flex>
          )}
          data-testid="portal-category"
        />
      </Form.Item>
      <Form.Item name="divisionCode" label={t('place')} required>
        <PlacePicker prefill={prefillPath} placeholder={t('placePlaceholder')} />
      </Form.Item>
      <Form.Item name="address" label={t('address')}>
        <Input maxLength={300} placeholder={t('addressPlaceholder')} data-testid="portal-address" />
      </Form.Item>
      <Form.Item name="body" label={t('body')} required>
        <Input.TextArea
          rows={5}
          showCount
          maxLength={PORTAL_BODY_MAX}
          placeholder={t('bodyPlaceholder')}
          data-testid="portal-body"
        />
      </Form.Item>
      <Form.Item
        name="files"
        label={t('files')}
        extra={t('filesHint')}
        valuePropName="fileList"
        getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}
      >
        <Upload
          multiple
          listType="picture"
          maxCount={PORTAL_MAX_FILES}
          accept="image/jpeg,image/png,image/webp,image/gif,application/pdf"
          beforeUpload={() => false}
          data-testid="portal-files"
        >
          <Button icon={<UploadOutlined />}>{t('addFile')}</Button>
        </Upload>
      </Form.Item>
      <Form.Item name="name" label={t('name')}>
        <Input maxLength={50} autoComplete="name" data-testid="portal-name" />
      </Form.Item>
      <Form.Item name="phone" label={t('phone')}>
        <Input inputMode="tel" maxLength={20} autoComplete="tel" data-testid="portal-phone" />
      </Form.Item>
      {/* The honeypot: hidden from people (and from screen readers); robots fill it in. */}
      <div aria-hidden style={{ position: 'absolute', left: -10000, width: 1, height: 1, overflow: 'hidden' }}>
        <Form.Item name="website" label="Website">
          <Input tabIndex={-1} autoComplete="off" />
        </Form.Item>
      </div>
      <Form.Item name="consent" valuePropName="checked">
        <Checkbox data-testid="portal-consent">{t('consent')}</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={submit.isPending} data-testid="portal-submit">
        {t('submit')}
      </Button>
    </Form>
  );
}
