import { ProTable } from '@ant-design/pro-components';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import type { TreeNode } from '../../../../contracts/org';
import {
  REQUEST_TYPE_LABELS,
  REQUEST_TYPES,
  type RequestType,
  type TimeLimitRuleView,
  URGENCIES,
  URGENCY_LABELS,
  type Urgency,
} from '../../../../contracts/requests';
import { LoadError } from '../../../components/page-states';
import { useShowError } from '../../../lib/form-errors';
import { pick, useLang, useT } from '../../../lib/i18n';
import {
  useCategoryOptions,
  useDeleteTimeLimitRule,
  useSaveTimeLimitRule,
  useTimeLimitRules,
} from '../api/use-request-settings';
import { settingsMessages } from '../messages';
import { DurationInput, type DurationValue, formatDuration, toDuration } from './duration-input';

interface RuleForm {
  label: string;
  categoryCode?: string | null;
  type?: RequestType | null;
  urgency?: Urgency | null;
  response?: DurationValue;
  resolution?: DurationValue;
  returnWindow?: DurationValue;
}

interface CategoryOption {
  value: string;
  title: string;
  children: CategoryOption[];
}

const toTreeData = (nodes: TreeNode[]): CategoryOption[] =>
  nodes.map((n) => ({ value: n.code, title: `${n.name}（${n.code}）`, children: toTreeData(n.children) }));

const names = (nodes: TreeNode[], out = new Map<string, string>()) => {
  for (const n of nodes) {
    out.set(n.code, n.name);
    names(n.children, out);
  }
  return out;
};

/** The county's time-limit rules: the table, and a modal to add or change one. */
export function RulesTab({ county }: { county: string }) {
  const t = useT(settingsMessages);
  const lang = useLang();
  const { message } = App.useApp();
  const showError = useShowError();
  const rules = useTimeLimitRules(county);
  const categories = useCategoryOptions();
  const save = useSaveTimeLimitRule(county);
  const remove = useDeleteTimeLimitRule(county);
  const [editing, setEditing] = useState<{ id: number | null; rule?: TimeLimitRuleView } | null>(null);
  const [form] = Form.useForm<RuleForm>();
  const categoryNames = names(categories.data ?? []);

  if (rules.error) return <LoadError error={rules.error} onRetry={() => rules.refetch()} />;

  const open = (rule?: TimeLimitRuleView) => {
    setEditing({ id: rule?.id ?? null, rule });
    form.setFieldsValue({
      label: rule?.label ?? '',
      categoryCode: rule?.categoryCode ?? null,
      type: rule?.type ?? null,
      urgency: rule?.urgency ?? null,
      response: rule?.response ?? {},
      resolution: rule?.resolution ?? {},
      returnWindow: rule?.returnWindow ?? {},
    });
  };

  const submit = async () => {
    const v = await form.validateFields();
    const response = toDuration(v.response);
    const resolution = toDuration(v.resolution);
    const returnWindow = toDuration(v.returnWindow);
    try {
      await save.mutateAsync({
        id: editing?.id ?? null,
        rule: {
          label: v.label,
          categoryCode: v.categoryCode ?? null,
          type: v.type ?? null,
          urgency: v.urgency ?? null,
          ...(response ? { response } : {}),
          ...(resolution ? { resolution } : {}),
          ...(returnWindow ? { returnWindow } : {}),
        },
      });
      message.success(t('saved'));
      setEditing(null);
    } catch (error) {
      showError(error, form);
    }
  };

  const any = (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>;

  return (
    <>
      {rules.data && !rules.data.configured ? (
        <Alert type="info" showIcon message={t('usingDefaults')} style={{ marginBottom: 12 }} />
      ) : null}
      <ProTable<TimeLimitRuleView>
        rowKey={(r) => `${r.id ?? 'd'}:${r.categoryCode ?? '*'}|${r.type ?? '*'}|${r.urgency ?? '*'}`}
        dataSource={rules.data?.rules ?? []}
        loading={rules.isPending}
        search={false}
        options={false}
        pagination={false}
        scroll={{ x: 900 }}
        headerTitle={t('tabRules')}
        toolBarRender={() => [
          <Button key="add" type="primary" onClick={() => open()}>
            {t('addRule')}
          </Button>,
        ]}
        columns={[
          {
            title: t('label'),
            dataIndex: 'label',
            render: (_, r) => (
              <Space>
                {r.label}
                {r.isDefault ? <Tag>{t('defaultTag')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('category'),
            dataIndex: 'categoryCode',
            render: (_, r) =>
              r.categoryCode ? (categoryNames.get(r.categoryCode) ?? r.categoryCode) : any(t('anyCategory')),
          },
          {
            title: t('type'),
            dataIndex: 'type',
            render: (_, r) => (r.type ? pick(lang, REQUEST_TYPE_LABELS[r.type]) : any(t('anyType'))),
          },
          {
            title: t('urgency'),
            dataIndex: 'urgency',
            render: (_, r) => (r.urgency ? pick(lang, URGENCY_LABELS[r.urgency]) : any(t('anyUrgency'))),
          },
          { title: t('response'), render: (_, r) => formatDuration(lang, r.response) },
          { title: t('resolution'), render: (_, r) => formatDuration(lang, r.resolution) },
          { title: t('returnWindow'), render: (_, r) => formatDuration(lang, r.returnWindow) },
          { title: t('updatedBy'), dataIndex: 'updatedBy', render: (_, r) => r.updatedBy ?? '—' },
          {
            title: t('actions'),
            valueType: 'option',
            fixed: 'right',
            render: (_, r) => [
              <Button key="edit" type="link" size="small" onClick={() => open(r)}>
                {t('edit')}
              </Button>,
              r.id !== null ? (
                <Popconfirm
                  key="delete"
                  title={t('confirmDelete', { name: r.label })}
                  onConfirm={() =>
                    remove.mutateAsync(r.id as number).then(() => message.success(t('deleted')), showError)
                  }
                >
                  <Button type="link" size="small" danger>
                    {t('delete')}
                  </Button>
                </Popconfirm>
              ) : null,
            ],
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing?.id ? t('editRule') : t('addRule')}
        onCancel={() => setEditing(null)}
        onOk={submit}
        confirmLoading={save.isPending}
        destroyOnHidden
        width={560}
      >
        <Typography.Paragraph type="secondary">{t('ruleHelp')}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="label"
            label={t('label')}
            rules={[{ required: true, message: t('required', { field: t('label') }) }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="categoryCode" label={t('category')}>
            <TreeSelect
              allowClear
              showSearch
              treeNodeFilterProp="title"
              placeholder={t('anyCategory')}
              treeData={toTreeData(categories.data ?? [])}
            />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="type" label={t('type')} style={{ width: '50%' }}>
              <Select
                allowClear
                placeholder={t('anyType')}
                options={REQUEST_TYPES.map((x) => ({ value: x, label: pick(lang, REQUEST_TYPE_LABELS[x]) }))}
              />
            </Form.Item>
            <Form.Item name="urgency" label={t('urgency')} style={{ width: '50%' }}>
              <Select
                allowClear
                placeholder={t('anyUrgency')}
                options={URGENCIES.map((x) => ({ value: x, label: pick(lang, URGENCY_LABELS[x]) }))}
              />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="response" label={t('response')}>
            <DurationInput placeholder={t('notSet')} />
          </Form.Item>
          <Form.Item name="resolution" label={t('resolution')}>
            <DurationInput placeholder={t('notSet')} />
          </Form.Item>
          <Form.Item name="returnWindow" label={t('returnWindow')}>
            <DurationInput placeholder={t('notSet')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
