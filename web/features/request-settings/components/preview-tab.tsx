import { Button, Card, DatePicker, Descriptions, Form, Select, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TreeNode } from '../../../../contracts/org';
import {
  REQUEST_TYPE_LABELS,
  REQUEST_TYPES,
  type RequestType,
  URGENCIES,
  URGENCY_LABELS,
  type Urgency,
} from '../../../../contracts/requests';
import { useShowError } from '../../../lib/form-errors';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useCategoryOptions, usePreview } from '../api/use-request-settings';
import { settingsMessages } from '../messages';
import { formatDuration } from './duration-input';

interface PreviewForm {
  categoryCode?: string;
  type: RequestType;
  urgency: Urgency;
  receivedAt: Dayjs;
}

interface CategoryOption {
  value: string;
  title: string;
  children: CategoryOption[];
}

const toTreeData = (nodes: TreeNode[]): CategoryOption[] =>
  nodes.map((n) => ({ value: n.code, title: n.name, children: toTreeData(n.children) }));

/** Beijing time, as the deadlines are shown everywhere else. */
const beijing = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm (ddd)');

/** The calculator: which limits a request would get and the deadlines they give with the working calendar. */
export function PreviewTab({ county }: { county: string }) {
  const t = useT(settingsMessages);
  const lang = useLang();
  const showError = useShowError();
  const categories = useCategoryOptions();
  const preview = usePreview();
  const [form] = Form.useForm<PreviewForm>();

  const compute = async () => {
    const v = await form.validateFields();
    preview.mutate(
      {
        countyCode: county,
        ...(v.categoryCode ? { categoryCode: v.categoryCode } : {}),
        type: v.type,
        urgency: v.urgency,
        receivedAt: v.receivedAt.toISOString(),
      },
      { onError: (error) => showError(error, form) },
    );
  };

  const p = preview.data;
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('previewHelp')}</Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        initialValues={{ type: 'help', urgency: 'normal', receivedAt: dayjs() }}
        style={{ rowGap: 12 }}
      >
        <Form.Item name="categoryCode" label={t('category')} style={{ minWidth: 260 }}>
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('anyCategory')}
            treeData={toTreeData(categories.data ?? [])}
          />
        </Form.Item>
        <Form.Item name="type" label={t('type')}>
          <Select
            style={{ width: 140 }}
            options={REQUEST_TYPES.map((x) => ({ value: x, label: pick(lang, REQUEST_TYPE_LABELS[x]) }))}
          />
        </Form.Item>
        <Form.Item name="urgency" label={t('urgency')}>
          <Select
            style={{ width: 110 }}
            options={URGENCIES.map((x) => ({ value: x, label: pick(lang, URGENCY_LABELS[x]) }))}
          />
        </Form.Item>
        <Form.Item name="receivedAt" label={t('receivedAt')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Button type="primary" onClick={compute} loading={preview.isPending}>
          {t('compute')}
        </Button>
      </Form>
      {p ? (
        <Descriptions bordered column={1} size="small" style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('response')}>
            {formatDuration(lang, p.limits.response)} · {t('source')}：{p.limits.sources.response}
          </Descriptions.Item>
          <Descriptions.Item label={t('resolution')}>
            {formatDuration(lang, p.limits.resolution)} · {t('source')}：{p.limits.sources.resolution}
          </Descriptions.Item>
          <Descriptions.Item label={t('returnWindow')}>
            {formatDuration(lang, p.limits.returnWindow)} · {t('source')}：{p.limits.sources.returnWindow}
          </Descriptions.Item>
          <Descriptions.Item label={t('responseDueAt')}>{beijing(p.responseDueAt)}</Descriptions.Item>
          <Descriptions.Item label={t('returnWindowEndsAt')}>{beijing(p.returnWindowEndsAt)}</Descriptions.Item>
          <Descriptions.Item label={t('resolutionAtOnce')}>
            {beijing(p.resolutionDueAtIfAcceptedAtOnce)}
          </Descriptions.Item>
          <Descriptions.Item label={t('resolutionLast')}>{beijing(p.resolutionDueAtIfAcceptedLast)}</Descriptions.Item>
        </Descriptions>
      ) : null}
    </Card>
  );
}
