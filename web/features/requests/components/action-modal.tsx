import { Alert, App, Form, Input, InputNumber, Modal, Radio, Select, Skeleton, Space, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import type { RequestAction, RequestActionPath, RequestDetail } from '../../../../contracts/requests';
import { DivisionSelect } from '../../../components/division-select';
import { UnitSelect } from '../../../components/unit-select';
import { useShowError } from '../../../lib/form-errors';
import { pick, useLang, useT } from '../../../lib/i18n';
import { type DispatchProposal, useDispatchProposal, useRequestAction } from '../api/use-requests';
import { returnReasonOptions, satisfactionOptions, typeOptions, urgencyOptions } from '../labels';
import { requestMessages } from '../messages';
import { AttachmentUpload, attachmentMessages } from './attachments';
import { CategorySelect } from './bits';
import { MergeFields } from './merge-fields';
import { ReplyCheckBox } from './reply-check';

/** The actions this screen has a form for, and the API path of each. */
export const ACTION_PATHS: Partial<Record<RequestAction, RequestActionPath>> = {
  classify: 'classify',
  dispatch: 'dispatch',
  accept: 'accept',
  return: 'return',
  ruleOnReturn: 'rule-return',
  reply: 'reply',
  rate: 'rate',
  close: 'close',
  requestExtension: 'request-extension',
  decideExtension: 'decide-extension',
  press: 'press',
  addAssistNote: 'assist-note',
  fileAppeal: 'file-appeal',
  mergeInto: 'merge',
};

type Values = Record<string, unknown>;
const trimOrNull = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** The form values → the action's body (contracts/requests.ts requestActionBodies). */
function toBody(action: RequestAction, v: Values, proposal: DispatchProposal | undefined): unknown {
  const proposalRecord = proposal
    ? { leadUnitId: proposal.leadUnitId, assistUnitIds: proposal.assistUnitIds, fallback: proposal.fallback }
    : null;
  const dispatch = (d: Values) => ({
    leadUnitId: d.leadUnitId,
    assistUnitIds: (d.assistUnitIds as number[] | undefined) ?? [],
    reason: d.reason,
    proposal: proposalRecord,
  });
  switch (action) {
    case 'dispatch':
      return dispatch(v);
    case 'ruleOnReturn':
      return v.decision === 'keep'
        ? { decision: 'keep', note: trimOrNull(v.note) }
        : { decision: 'redispatch', dispatch: dispatch((v.dispatch as Values) ?? {}), note: trimOrNull(v.note) };
    case 'rate':
      return { resolved: v.resolved, satisfaction: v.satisfaction, comment: trimOrNull(v.comment) };
    case 'decideExtension':
      return { approved: v.approved, ...(v.days ? { days: v.days } : {}), note: trimOrNull(v.note) };
    case 'classify':
      return { ...v, address: trimOrNull(v.address) };
    case 'accept':
    case 'close':
      return {};
    default:
      return v;
  }
}

/** Lead unit, assisting units and the reason: the dispatch form (also inside a 're-dispatch' ruling). */
function DispatchFields({ prefix, proposal }: { prefix: string[]; proposal: DispatchProposal | undefined }) {
  const t = useT(requestMessages);
  const unitName = (id: number) => proposal?.units.find((u) => u.id === id)?.name ?? `#${id}`;
  return (
    <>
      <Form.Item
        name={[...prefix, 'leadUnitId']}
        label={t('leadUnit')}
        rules={[{ required: true, message: t('selectRequired', { field: t('leadUnit') }) }]}
      >
        <UnitSelect
          current={proposal?.leadUnitId ? { id: proposal.leadUnitId, name: unitName(proposal.leadUnitId) } : null}
          data-testid="dispatch-lead-unit"
        />
      </Form.Item>
      <Form.Item name={[...prefix, 'assistUnitIds']} label={t('assistUnits')}>
        <UnitSelect mode="multiple" />
      </Form.Item>
      <Form.Item
        name={[...prefix, 'reason']}
        label={t('dispatchReason')}
        rules={[{ required: true, whitespace: true, message: t('required', { field: t('dispatchReason') }) }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
      </Form.Item>
    </>
  );
}

function ProposalBox({
  proposal,
  loading,
  failed,
}: {
  proposal?: DispatchProposal;
  loading: boolean;
  failed: boolean;
}) {
  const t = useT(requestMessages);
  const lang = useLang();
  if (loading) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (failed || !proposal) return <Alert type="warning" showIcon message={t('proposalUnavailable')} />;
  const names = (ids: number[]) => ids.map((id) => proposal.units.find((u) => u.id === id)?.name ?? `#${id}`);
  return (
    <Alert
      type={proposal.fallback ? 'warning' : 'info'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="dispatch-proposal"
      message={
        <Space wrap>
          <Typography.Text strong>{t('proposal')}:</Typography.Text>
          <span>{proposal.leadUnitId ? names([proposal.leadUnitId])[0] : t('proposalUnavailable')}</span>
          {proposal.assistUnitIds.length ? (
            <Typography.Text type="secondary">
              {t('assisting', { units: names(proposal.assistUnitIds).join('、') })}
            </Typography.Text>
          ) : null}
          {proposal.fallback ? <Typography.Text type="warning">{t('proposalFallback')}</Typography.Text> : null}
        </Space>
      }
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {proposal.reasons.map((r) => (
            <li key={r.zh}>{pick(lang, r)}</li>
          ))}
        </ul>
      }
    />
  );
}

/** One action's small form in a modal; success refreshes the request's detail and every list. */
export function ActionModal({
  request,
  action,
  onClose,
}: {
  request: RequestDetail;
  action: RequestAction;
  onClose: () => void;
}) {
  const t = useT(requestMessages);
  const lang = useLang();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const run = useRequestAction(request.id);
  const needsProposal = action === 'dispatch' || action === 'ruleOnReturn';
  const proposalQuery = useDispatchProposal(request.id, needsProposal);
  const proposal = proposalQuery.data;
  const decision = Form.useWatch('decision', form);
  const approved = Form.useWatch('approved', form);
  const ta = useT(attachmentMessages);
  const [uploading, setUploading] = useState(false);
  const attachmentsField = (
    <Form.Item name="attachmentIds" label={ta('attachments')} extra={ta('hint')}>
      <AttachmentUpload onBusyChange={setUploading} testId={`attachments-${action}`} />
    </Form.Item>
  );

  // Pre-fill the dispatch form with the proposal once it arrives: the dispatcher confirms or changes it.
  useEffect(() => {
    if (!proposal) return;
    const fill = {
      leadUnitId: proposal.leadUnitId ?? undefined,
      assistUnitIds: proposal.assistUnitIds,
      reason:
        proposal.reasons
          .map((r) => pick(lang, r))
          .join('；')
          .slice(0, 500) || undefined,
    };
    if (action === 'dispatch') form.setFieldsValue(fill);
    if (action === 'ruleOnReturn') form.setFieldsValue({ dispatch: fill });
  }, [proposal, action, form, lang]);

  const path = ACTION_PATHS[action];
  if (!path) return null;

  const submit = async (values: Values) => {
    try {
      await run.mutateAsync({ path, body: toBody(action, values, proposal) });
      message.success(t('actionDone'));
      onClose();
    } catch (e) {
      showError(e, form);
    }
  };

  const initialValues: Values =
    action === 'classify'
      ? {
          categoryCode: request.categoryCode ?? undefined,
          type: request.type,
          urgency: request.urgency,
          divisionCode: request.divisionCode,
          address: request.address ?? undefined,
        }
      : action === 'ruleOnReturn'
        ? { decision: 'redispatch' }
        : action === 'rate'
          ? { resolved: true, satisfaction: 'satisfied' }
          : action === 'decideExtension'
            ? { approved: true }
            : {};

  const req = (field: string) => [{ required: true, message: t('required', { field }) }];
  const reqText = (field: string) => [{ required: true, whitespace: true, message: t('required', { field }) }];

  let fields: ReactNode = null;
  switch (action) {
    case 'classify':
      fields = (
        <>
          <Form.Item name="categoryCode" label={t('category')} rules={req(t('category'))}>
            <CategorySelect />
          </Form.Item>
          <Form.Item name="type" label={t('type')} rules={req(t('type'))}>
            <Select options={typeOptions(lang)} />
          </Form.Item>
          <Form.Item name="urgency" label={t('urgency')}>
            <Select options={urgencyOptions(lang)} />
          </Form.Item>
          <Form.Item name="divisionCode" label={t('division')} rules={req(t('division'))}>
            <DivisionSelect />
          </Form.Item>
          <Form.Item name="address" label={t('address')}>
            <Input maxLength={300} />
          </Form.Item>
        </>
      );
      break;
    case 'dispatch':
      fields = (
        <>
          <ProposalBox proposal={proposal} loading={proposalQuery.isPending} failed={proposalQuery.isError} />
          <DispatchFields prefix={[]} proposal={proposal} />
        </>
      );
      break;
    case 'accept':
      fields = <Typography.Paragraph>{t('confirmAccept')}</Typography.Paragraph>;
      break;
    case 'mergeInto':
      fields = <MergeFields request={request} />;
      break;
    case 'close':
      fields = <Typography.Paragraph>{t('confirmClose')}</Typography.Paragraph>;
      break;
    case 'return':
      fields = (
        <>
          <Form.Item name="reason" label={t('returnReason')} rules={req(t('returnReason'))}>
            <Select options={returnReasonOptions(lang)} autoFocus />
          </Form.Item>
          <Form.Item
            name="explanation"
            label={t('explanation')}
            rules={[...reqText(t('explanation')), { min: 10, message: t('explanationMin') }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={1000} showCount />
          </Form.Item>
        </>
      );
      break;
    case 'ruleOnReturn':
      fields = (
        <>
          <Form.Item name="decision" label={t('decision')} rules={req(t('decision'))}>
            <Radio.Group
              options={[
                { value: 'redispatch', label: t('decisionRedispatch') },
                { value: 'keep', label: t('decisionKeep') },
              ]}
            />
          </Form.Item>
          {decision === 'redispatch' ? (
            <>
              <ProposalBox proposal={proposal} loading={proposalQuery.isPending} failed={proposalQuery.isError} />
              <DispatchFields prefix={['dispatch']} proposal={proposal} />
            </>
          ) : null}
          <Form.Item name="note" label={t('note')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
          </Form.Item>
        </>
      );
      break;
    case 'reply':
      fields = (
        <>
          <Form.Item name="text" label={t('replyText')} rules={reqText(t('replyText'))}>
            <Input.TextArea autoSize={{ minRows: 5, maxRows: 12 }} maxLength={5000} showCount autoFocus />
          </Form.Item>
          <ReplyCheckBox requestId={request.id} />
          {attachmentsField}
        </>
      );
      break;
    case 'addAssistNote':
      fields = (
        <>
          <Form.Item name="text" label={t('assistNoteText')} rules={reqText(t('assistNoteText'))}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={2000} showCount autoFocus />
          </Form.Item>
          {attachmentsField}
        </>
      );
      break;
    case 'fileAppeal':
      fields = (
        <>
          <Form.Item
            name="reason"
            label={t('appealReason')}
            rules={[...reqText(t('appealReason')), { min: 10, message: t('appealReasonMin') }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={1000} showCount autoFocus />
          </Form.Item>
          <Form.Item name="evidence" label={t('appealEvidence')} rules={reqText(t('appealEvidence'))}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} showCount />
          </Form.Item>
          {attachmentsField}
        </>
      );
      break;
    case 'rate':
      fields = (
        <>
          <Form.Item name="resolved" label={t('resolved')} rules={req(t('resolved'))}>
            <Radio.Group
              options={[
                { value: true, label: t('yes') },
                { value: false, label: t('no') },
              ]}
            />
          </Form.Item>
          <Form.Item name="satisfaction" label={t('satisfaction')} rules={req(t('satisfaction'))}>
            <Radio.Group options={satisfactionOptions(lang)} />
          </Form.Item>
          <Form.Item name="comment" label={t('comment')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
          </Form.Item>
        </>
      );
      break;
    case 'requestExtension':
      fields = (
        <>
          <Form.Item name="days" label={t('days')} rules={req(t('days'))}>
            <InputNumber min={1} max={60} precision={0} autoFocus />
          </Form.Item>
          <Form.Item name="reason" label={t('reason')} rules={reqText(t('reason'))}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
          </Form.Item>
        </>
      );
      break;
    case 'decideExtension':
      fields = (
        <>
          <Form.Item name="approved" label={t('approved')} rules={req(t('approved'))}>
            <Radio.Group
              options={[
                { value: true, label: t('approve') },
                { value: false, label: t('reject') },
              ]}
            />
          </Form.Item>
          {approved ? (
            <Form.Item name="days" label={t('days')}>
              <InputNumber min={1} max={60} precision={0} />
            </Form.Item>
          ) : null}
          <Form.Item name="note" label={t('note')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
          </Form.Item>
        </>
      );
      break;
    case 'press':
      fields = (
        <Form.Item name="note" label={t('pressNote')} rules={reqText(t('pressNote'))}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} autoFocus />
        </Form.Item>
      );
      break;
    default:
      fields = null;
  }

  return (
    <Modal
      open
      title={`${t(`act_${action}` as 'act_dispatch')} · ${request.number}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(`act_${action}` as 'act_dispatch')}
      cancelText={t('cancel')}
      confirmLoading={run.isPending}
      okButtonProps={{ disabled: uploading }}
      width={action === 'dispatch' || action === 'ruleOnReturn' ? 640 : 520}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name={`request-${path}`}
        initialValues={initialValues}
        onFinish={submit}
        data-testid={`action-form-${path}`}
      >
        {fields}
      </Form>
    </Modal>
  );
}
