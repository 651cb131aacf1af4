import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, InputNumber, Select, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import {
  ESCALATION_LEVEL_LABELS,
  ESCALATION_LEVELS,
  type RequestSettingsInput,
  SATISFACTION_LABELS,
  SATISFACTIONS,
} from '../../../../contracts/requests';
import { LoadError } from '../../../components/page-states';
import { useShowError } from '../../../lib/form-errors';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useRequestSettings, useSaveRequestSettings } from '../api/use-request-settings';
import { settingsMessages } from '../messages';

const POLICY_FIELDS = [
  ['maxReturnsPerUnit', 0, 10],
  ['minExplanationLength', 1, 500],
  ['maxExtensionDays', 1, 60],
  ['maxExtensionsPerRound', 0, 10],
  ['maxReopens', 0, 10],
] as const;

/** The policy bounds, the escalation ladder and the rating window of a county. */
export function PolicyTab({ county }: { county: string }) {
  const t = useT(settingsMessages);
  const lang = useLang();
  const { message } = App.useApp();
  const showError = useShowError();
  const settings = useRequestSettings(county);
  const save = useSaveRequestSettings(county);
  const [form] = Form.useForm<RequestSettingsInput>();

  useEffect(() => {
    if (settings.data) {
      const { policy, ladder, ratingWindowDays, unratedCountsAs } = settings.data;
      form.setFieldsValue({ policy, ladder, ratingWindowDays, unratedCountsAs });
    }
  }, [settings.data, form]);

  if (settings.error) return <LoadError error={settings.error} onRetry={() => settings.refetch()} />;
  if (!settings.data) return <Skeleton active />;
  const s = settings.data;

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({ ...v, expectedVersion: s.version });
      message.success(t('saved'));
    } catch (error) {
      showError(error, form);
    }
  };

  const levelOptions = ESCALATION_LEVELS.map((l) => ({ value: l, label: pick(lang, ESCALATION_LEVEL_LABELS[l]) }));

  return (
    <Form form={form} layout="vertical" onFinish={submit}>
      <Typography.Paragraph type="secondary">
        {s.configured && s.updatedAt
          ? t('version', {
              version: s.version,
              who: s.updatedBy ?? '—',
              at: dayjs(s.updatedAt).format('YYYY-MM-DD HH:mm'),
            })
          : t('defaultsInUse')}
      </Typography.Paragraph>
      <Card title={t('policy')} size="small" style={{ marginBottom: 16 }}>
        <Space wrap size="large">
          {POLICY_FIELDS.map(([name, min, max]) => (
            <Form.Item key={name} name={['policy', name]} label={t(name)} rules={[{ required: true }]}>
              <InputNumber min={min} max={max} precision={0} />
            </Form.Item>
          ))}
        </Space>
      </Card>
      <Card title={t('ladder')} size="small" style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('ladderHelp')}</Typography.Paragraph>
        <Form.List name="ladder">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start">
                  <Form.Item name={[field.name, 'level']} label={t('level')} rules={[{ required: true }]}>
                    <Select style={{ width: 120 }} options={levelOptions} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'trigger', 'kind']} label={t('trigger')} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 200 }}
                      options={(['limit_used', 'after_deadline', 'after_level'] as const).map((k) => ({
                        value: k,
                        label: t(k),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const kind = form.getFieldValue(['ladder', field.name, 'trigger', 'kind']);
                      if (kind === 'limit_used') {
                        return (
                          <Form.Item
                            name={[field.name, 'trigger', 'fraction']}
                            label={t('fraction')}
                            rules={[{ required: true }]}
                          >
                            <InputNumber min={0.05} max={1} step={0.05} />
                          </Form.Item>
                        );
                      }
                      return (
                        <Space>
                          {kind === 'after_level' ? (
                            <Form.Item
                              name={[field.name, 'trigger', 'level']}
                              label={t('afterLevel')}
                              rules={[{ required: true }]}
                            >
                              <Select style={{ width: 120 }} options={levelOptions} />
                            </Form.Item>
                          ) : null}
                          <Form.Item
                            name={[field.name, 'trigger', 'workingDays']}
                            label={t('workingDays')}
                            rules={[{ required: true }]}
                          >
                            <InputNumber min={0} max={60} precision={0} />
                          </Form.Item>
                        </Space>
                      );
                    }}
                  </Form.Item>
                  <Button
                    type="text"
                    aria-label={t('delete')}
                    icon={<MinusCircleOutlined />}
                    style={{ marginTop: 30 }}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              {fields.length < ESCALATION_LEVELS.length ? (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ level: 'criticism', trigger: { kind: 'after_deadline', workingDays: 1 } })}
                >
                  {t('addStep')}
                </Button>
              ) : null}
            </>
          )}
        </Form.List>
      </Card>
      <Card title={t('rating')} size="small" style={{ marginBottom: 16 }}>
        <Space wrap size="large">
          <Form.Item name="ratingWindowDays" label={t('ratingWindowDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={90} precision={0} />
          </Form.Item>
          <Form.Item name="unratedCountsAs" label={t('unratedCountsAs')} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              options={SATISFACTIONS.map((x) => ({ value: x, label: pick(lang, SATISFACTION_LABELS[x]) }))}
            />
          </Form.Item>
        </Space>
      </Card>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('save')}
      </Button>
    </Form>
  );
}
