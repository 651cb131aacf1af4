import { Alert, App, Form, Input, Modal } from 'antd';
import type { UnitKind } from '../../../../contracts/org';
import type { PublishedRanking } from '../../../../contracts/reports';
import { useShowError } from '../../../lib/form-errors';
import { useLang, useT } from '../../../lib/i18n';
import { usePublishRanking } from '../api/use-rankings';
import { reportMessages } from '../messages';
import { kindLabel } from './format';

interface PublishForm {
  note?: string;
  reason?: string;
}

/** Publishes the month's ranking as the next version; a correction (version 2 and later) asks for its reason. */
export function PublishModal({
  open,
  onClose,
  county,
  month,
  unitKind,
  nextVersion,
  onPublished,
}: {
  open: boolean;
  onClose: () => void;
  county: string;
  month: string;
  unitKind: UnitKind;
  nextVersion: number;
  onPublished: (published: PublishedRanking) => void;
}) {
  const t = useT(reportMessages);
  const lang = useLang();
  const { message } = App.useApp();
  const showError = useShowError();
  const publish = usePublishRanking();
  const [form] = Form.useForm<PublishForm>();
  const correction = nextVersion > 1;

  const submit = async () => {
    let v: PublishForm;
    try {
      v = await form.validateFields();
    } catch {
      // The form shows what is missing (the reason of a correction).
      return;
    }
    try {
      const published = await publish.mutateAsync({
        countyCode: county,
        month,
        unitKind,
        note: v.note,
        reason: correction ? v.reason : undefined,
      });
      message.success(t('published', { version: published.version }));
      form.resetFields();
      onPublished(published);
    } catch (error) {
      showError(error, form);
    }
  };

  return (
    <Modal
      open={open}
      title={t('publishTitle', { month, kind: kindLabel(lang, unitKind) })}
      okText={t(correction ? 'publishCorrection' : 'publish')}
      onOk={submit}
      confirmLoading={publish.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('publishIntro', { version: nextVersion })} />
      <Form form={form} layout="vertical" name="publish-ranking" preserve={false}>
        <Form.Item name="note" label={t('note')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('notePlaceholder')} />
        </Form.Item>
        {correction ? (
          <Form.Item
            name="reason"
            label={t('reason')}
            extra={t('reasonHelp')}
            rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}
          >
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
