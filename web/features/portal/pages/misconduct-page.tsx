import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Flex, Form, Input, List, Result, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { useState } from 'react';
import { MISCONDUCT_STATE_LABELS, PORTAL_BODY_MAX, PORTAL_MAX_FILES } from '../../../../contracts/portal';
import { useShowError } from '../../../lib/form-errors';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useMisconductAnswer, useMisconductView, useSubmitMisconduct } from '../api/use-portal';
import { portalMessages } from '../messages';

interface Values {
  subject?: string;
  body?: string;
  identity?: string;
  files?: UploadFile[];
  website?: string;
}

/**
 * Anonymous misconduct reports (匿名举报): the form (no login; identity optional), the receipt shown once, and the
 * follow-up with the receipt — the inspector's questions and the reporter's answers.
 */
export function PortalMisconductPage() {
  const t = useT(portalMessages);
  const lang = useLang();
  const [form] = Form.useForm<Values>();
  const submit = useSubmitMisconduct();
  const view = useMisconductView();
  const answer = useMisconductAnswer();
  const showError = useShowError();
  const [receipt, setReceipt] = useState('');
  const [reply, setReply] = useState('');
  const conversation = answer.data ?? view.data;

  const onFinish = (v: Values) => {
    const data = new FormData();
    for (const k of ['subject', 'body', 'identity', 'website'] as const) if (v[k]) data.append(k, v[k]!);
    for (const f of v.files ?? []) if (f.originFileObj) data.append('files', f.originFileObj, 'image');
    submit.mutate(data, { onError: (e) => showError(e, form) });
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('misconductTitle')}
      </Typography.Title>
      <Alert type="info" showIcon message={t('misconductIntro')} />
      {submit.data ? (
        <Card data-testid="misconduct-receipt">
          <Result status="success" title={t('misconductReceipt')} subTitle={t('misconductReceiptKeep')} />
          <Typography.Paragraph
            copyable
            code
            style={{ wordBreak: 'break-all', fontSize: 16 }}
            data-testid="misconduct-receipt-text"
          >
            {submit.data.receipt}
          </Typography.Paragraph>
        </Card>
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          size="large"
          onFinish={onFinish}
          initialValues={{ subject: '', body: '', identity: '', files: [], website: '' }}
        >
          <Form.Item name="subject" label={t('subject')} required>
            <Input maxLength={200} data-testid="misconduct-subject" />
          </Form.Item>
          <Form.Item name="body" label={t('facts')} required>
            <Input.TextArea rows={5} showCount maxLength={PORTAL_BODY_MAX} data-testid="misconduct-body" />
          </Form.Item>
          <Form.Item
            name="files"
            label={t('images')}
            extra={t('filesHint')}
            valuePropName="fileList"
            getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}
          >
            <Upload
              multiple
              listType="picture"
              maxCount={PORTAL_MAX_FILES}
              accept="image/jpeg,image/png,image/webp"
              beforeUpload={() => false}
            >
              <Button icon={<UploadOutlined />}>{t('addFile')}</Button>
            </Upload>
          </Form.Item>
          <Form.Item name="identity" label={t('identity')}>
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
          <div aria-hidden style={{ position: 'absolute', left: -10000, width: 1, height: 1, overflow: 'hidden' }}>
            <Form.Item name="website" label="Website">
              <Input tabIndex={-1} autoComplete="off" />
            </Form.Item>
          </div>
          <Button type="primary" htmlType="submit" block loading={submit.isPending} data-testid="misconduct-submit">
            {t('submit')}
          </Button>
        </Form>
      )}
      <Divider />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('followUp')}
      </Typography.Title>
      <Flex gap={8}>
        <Input
          placeholder={t('receipt')}
          value={receipt}
          onChange={(e) => setReceipt(e.target.value)}
          autoComplete="off"
          data-testid="misconduct-followup-receipt"
        />
        <Button
          onClick={() => view.mutate(receipt.trim())}
          loading={view.isPending}
          data-testid="misconduct-followup-open"
        >
          {t('open')}
        </Button>
      </Flex>
      {view.isError ? <Alert type="error" showIcon message={view.error.message} /> : null}
      {conversation ? (
        <Card
          size="small"
          title={conversation.subject}
          extra={<Tag>{pick(lang, MISCONDUCT_STATE_LABELS[conversation.state])}</Tag>}
        >
          <List
            size="small"
            locale={{ emptyText: t('noMessages') }}
            dataSource={conversation.messages}
            renderItem={(m) => (
              <List.Item>
                <Typography.Text strong>{m.author === 'inspector' ? t('inspector') : t('you')}：</Typography.Text>
                {m.body}
              </List.Item>
            )}
          />
          {conversation.state !== 'closed' ? (
            <Flex vertical gap={8} style={{ marginTop: 8 }}>
              <Input.TextArea
                rows={3}
                maxLength={PORTAL_BODY_MAX}
                value={reply}
                onChange={(e) => setReply(e.target.value)}
                placeholder={t('answer')}
              />
              {answer.isError ? <Alert type="error" showIcon message={answer.error.message} /> : null}
              <Button
                type="primary"
                disabled={!reply.trim()}
                loading={answer.isPending}
                onClick={() =>
                  answer.mutate({ receipt: receipt.trim(), body: reply.trim() }, { onSuccess: () => setReply('') })
                }
              >
                {t('send')}
              </Button>
            </Flex>
          ) : null}
        </Card>
      ) : null}
    </Flex>
  );
}
