import { Alert, Button, Descriptions, Drawer, Flex, Image, Input, List, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  MISCONDUCT_STATE_LABELS,
  MISCONDUCT_STATES,
  type MisconductState,
  type MisconductSummary,
} from '../../../../contracts/portal';
import { PageHeader } from '../../../components/page-header';
import { useShowError } from '../../../lib/form-errors';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { useMisconductAction, useMisconductDetail, useMisconductList } from '../api/use-portal';
import { misconductMessages } from '../staff-messages';

/** The discipline inspectors' list of anonymous misconduct reports (misconduct:read), with the detail drawer. */
export function MisconductStaffPage() {
  const t = useT(misconductMessages);
  const lang = useLang();
  const [page, setPage] = useState(1);
  const [state, setState] = useState<MisconductState | undefined>();
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useMisconductList({ page, pageSize: 20, state });
  return (
    <>
      <PageHeader title={t('title')} />
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('state')}
          style={{ minWidth: 140 }}
          value={state}
          onChange={(s) => {
            setState(s);
            setPage(1);
          }}
          options={MISCONDUCT_STATES.map((s) => ({ value: s, label: pick(lang, MISCONDUCT_STATE_LABELS[s]) }))}
        />
      </Flex>
      <Table<MisconductSummary>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        data-testid="misconduct-table"
        columns={[
          { title: t('createdOn'), dataIndex: 'createdOn', width: 110 },
          { title: t('subject'), dataIndex: 'subject' },
          { title: t('place'), dataIndex: 'divisionName', render: (v: string | null) => v ?? '—' },
          {
            title: t('state'),
            dataIndex: 'state',
            render: (s: MisconductState) => <Tag>{pick(lang, MISCONDUCT_STATE_LABELS[s])}</Tag>,
          },
          { title: t('identity'), dataIndex: 'hasIdentity', render: (v: boolean) => (v ? t('yes') : t('no')) },
          { title: t('files'), dataIndex: 'fileCount' },
        ]}
      />
      {openId !== null ? <MisconductDrawer id={openId} onClose={() => setOpenId(null)} /> : null}
    </>
  );
}

function MisconductDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const t = useT(misconductMessages);
  const lang = useLang();
  const canReveal = useCan()('misconduct:reveal');
  const detail = useMisconductDetail(id);
  const { ask, setState, reveal } = useMisconductAction(id);
  const showError = useShowError();
  const [question, setQuestion] = useState('');
  const [reason, setReason] = useState('');
  const d = detail.data;
  return (
    <Drawer
      open
      width={Math.min(640, typeof window === 'undefined' ? 640 : window.innerWidth)}
      onClose={onClose}
      title={d?.subject}
    >
      {d ? (
        <Flex vertical gap={12} data-testid="misconduct-detail">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('createdOn')}>{d.createdOn}</Descriptions.Item>
            <Descriptions.Item label={t('place')}>{d.divisionName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('state')}>{pick(lang, MISCONDUCT_STATE_LABELS[d.state])}</Descriptions.Item>
          </Descriptions>
          <Typography.Text strong>{t('facts')}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{d.body}</Typography.Paragraph>
          {d.files.length > 0 ? (
            <Image.PreviewGroup>
              <Flex gap={8} wrap>
                {d.files.map((f) => (
                  <Image key={f.id} width={96} src={`/api/misconduct/${id}/files/${f.id}`} />
                ))}
              </Flex>
            </Image.PreviewGroup>
          ) : null}
          <Typography.Text strong>{t('conversation')}</Typography.Text>
          <List
            size="small"
            dataSource={d.messages}
            renderItem={(m) => (
              <List.Item>
                <Typography.Text strong>{m.author === 'inspector' ? t('inspector') : t('reporter')}：</Typography.Text>
                {m.body}
              </List.Item>
            )}
          />
          {d.state !== 'closed' ? (
            <Flex vertical gap={8}>
              <Input.TextArea
                rows={3}
                value={question}
                onChange={(e) => setQuestion(e.target.value)}
                placeholder={t('ask')}
              />
              <Flex gap={8}>
                <Button
                  type="primary"
                  disabled={!question.trim()}
                  loading={ask.isPending}
                  onClick={() =>
                    ask.mutate(question.trim(), { onSuccess: () => setQuestion(''), onError: (e) => showError(e) })
                  }
                >
                  {t('askSend')}
                </Button>
                <Button onClick={() => setState.mutate('closed', { onError: (e) => showError(e) })}>
                  {t('close')}
                </Button>
              </Flex>
            </Flex>
          ) : (
            <Button onClick={() => setState.mutate('in_review', { onError: (e) => showError(e) })}>
              {t('reopen')}
            </Button>
          )}
          {canReveal && d.hasIdentity ? (
            <Flex vertical gap={8}>
              <Typography.Text strong>{t('reveal')}</Typography.Text>
              <Input
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                placeholder={t('revealReason')}
                maxLength={500}
              />
              <Button
                danger
                disabled={reason.trim().length < 5}
                loading={reveal.isPending}
                onClick={() => reveal.mutate(reason.trim(), { onError: (e) => showError(e) })}
              >
                {t('revealDo')}
              </Button>
              {reveal.data ? <Alert type="warning" showIcon message={reveal.data.identity ?? t('noIdentity')} /> : null}
            </Flex>
          ) : null}
        </Flex>
      ) : null}
    </Drawer>
  );
}
