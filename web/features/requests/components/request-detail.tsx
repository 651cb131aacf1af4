import { Alert, Button, Card, Descriptions, Empty, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import {
  ESCALATION_LEVEL_LABELS,
  REPLY_PROBLEM_LABELS,
  REQUEST_CHANNEL_LABELS,
  REQUEST_TYPE_LABELS,
  RETURN_REASON_LABELS,
  type RequestAction,
  type RequestDetail,
  SATISFACTION_LABELS,
  URGENCY_LABELS,
} from '../../../../contracts/requests';
import { isApiError } from '../../../lib/api';
import { useLang, useT } from '../../../lib/i18n';
import { useCategoryNames, useRequest } from '../api/use-requests';
import { labelOf } from '../labels';
import { requestMessages } from '../messages';
import { ACTION_PATHS, ActionModal } from './action-modal';
import { DivisionName, Flags, StateTag, UnitName } from './bits';

const fmt = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** A deadline: red when passed, orange in its last day. */
function Due({ at, overdue, testId }: { at: string; overdue: boolean; testId?: string }) {
  const t = useT(requestMessages);
  const soon = !overdue && dayjs(at).diff(dayjs(), 'hour') < 24;
  return (
    <Typography.Text type={overdue ? 'danger' : soon ? 'warning' : undefined} data-testid={testId}>
      {fmt(at)} {overdue ? <Tag color="error">{t('overdue')}</Tag> : null}
    </Typography.Text>
  );
}

type TimelineEvent = RequestDetail['events'][number];

/** One event in the user's language; units are named, coded values labelled. */
function EventText({ event, categories }: { event: TimelineEvent; categories: Map<string, string> }) {
  const t = useT(requestMessages);
  const lang = useLang();
  const p = event.payload as Record<string, unknown>;
  const unit = (id: unknown) => <UnitName id={typeof id === 'number' ? id : null} />;
  // Messages with a {unit} placeholder: split around it so the unit name can be a live component.
  const withUnit = (key: Parameters<typeof t>[0], unitId: unknown, vars: Record<string, string | number> = {}) => {
    const [before, after] = t(key, { ...vars, unit: '\u0000' }).split('\u0000');
    return (
      <>
        {before}
        {unit(unitId)}
        {after}
      </>
    );
  };
  let main: ReactNode;
  let extra: ReactNode = null;
  switch (event.type) {
    case 'received':
      main = t('ev_received', {
        channel: labelOf(REQUEST_CHANNEL_LABELS, p.channel, lang),
        type: labelOf(REQUEST_TYPE_LABELS, p.type, lang),
      });
      break;
    case 'classified':
      main = t('ev_classified', {
        category: categories.get(String(p.categoryCode)) ?? String(p.categoryCode),
        type: labelOf(REQUEST_TYPE_LABELS, p.type, lang),
        urgency: labelOf(URGENCY_LABELS, p.urgency, lang),
      });
      break;
    case 'dispatched': {
      main = withUnit('ev_dispatched', p.leadUnitId);
      const assist = (p.assistUnitIds as number[] | undefined) ?? [];
      extra = (
        <>
          {assist.length ? (
            <div>
              {t('assistUnits')}:{' '}
              {assist.map((id, i) => (
                <span key={id}>
                  {i ? '、' : ''}
                  {unit(id)}
                </span>
              ))}
            </div>
          ) : null}
          <div>
            {t('dispatchReason')}: {String(p.reason ?? '')}
          </div>
        </>
      );
      break;
    }
    case 'accepted':
      main = withUnit('ev_accepted', p.unitId);
      break;
    case 'returned':
      main = withUnit('ev_returned', p.unitId, { reason: labelOf(RETURN_REASON_LABELS, p.reason, lang) });
      extra = String(p.explanation ?? '');
      break;
    case 'return_ruled':
      main = t(p.decision === 'keep' ? 'ev_return_ruled_keep' : 'ev_return_ruled_redispatch');
      extra = p.note ? String(p.note) : null;
      break;
    case 'extension_requested':
      main = withUnit('ev_extension_requested', p.unitId, { days: Number(p.days) });
      extra = String(p.reason ?? '');
      break;
    case 'extension_decided':
      main = p.approved ? t('ev_extension_approved', { days: Number(p.days) }) : t('ev_extension_rejected');
      extra = p.note ? String(p.note) : null;
      break;
    case 'pressed':
      main = t('ev_pressed');
      extra = String(p.note ?? '');
      break;
    case 'escalated':
      main = t('ev_escalated', { level: labelOf(ESCALATION_LEVEL_LABELS, p.level, lang) });
      break;
    case 'reply_submitted':
      main = withUnit('ev_reply_submitted', p.unitId);
      extra = (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{String(p.text)}</Typography.Paragraph>
      );
      break;
    case 'reply_rejected':
      main = t('ev_reply_rejected', { reason: labelOf(REPLY_PROBLEM_LABELS, p.reason, lang) });
      extra = p.note ? String(p.note) : null;
      break;
    case 'assist_note':
      main = withUnit('ev_assist_note', p.unitId);
      extra = String(p.text ?? '');
      break;
    case 'rated':
      main = t('ev_rated', {
        satisfaction: labelOf(SATISFACTION_LABELS, p.satisfaction, lang),
        resolved: t(p.resolved ? 'resolvedYes' : 'resolvedNo'),
      });
      extra = p.comment ? String(p.comment) : null;
      break;
    case 'answered_directly':
      main = t('ev_answered_directly');
      extra = String(p.reply ?? '');
      break;
    case 'reopened':
    case 'merged_into':
    case 'closed':
      main = t(`ev_${event.type}`);
      break;
    default:
      main = t('ev_other', { type: event.type });
  }
  return (
    <div>
      <Typography.Text strong>{main}</Typography.Text>
      {extra ? (
        <div style={{ color: 'rgba(0,0,0,0.65)', marginTop: 2 }} className="lx-event-extra">
          {extra}
        </div>
      ) : null}
    </div>
  );
}

const EVENT_COLORS: Record<string, string> = {
  returned: 'red',
  reply_rejected: 'red',
  escalated: 'red',
  pressed: 'orange',
  reply_submitted: 'green',
  rated: 'green',
  closed: 'gray',
};

/** The request, its deadlines, its timeline and the buttons for what this user may do now. */
export function RequestDetailView({ id, compact = false }: { id: number; compact?: boolean }) {
  const t = useT(requestMessages);
  const lang = useLang();
  const categories = useCategoryNames();
  const { data: r, isPending, error } = useRequest(id);
  const [acting, setActing] = useState<RequestAction | null>(null);

  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        message={isApiError(error, 'REQUEST_NOT_FOUND') ? t('notFound') : t('loadFailed')}
        description={error.message}
      />
    );
  }
  if (isPending || !r) return <Skeleton active />;

  const actions = r.availableActions.filter((a) => ACTION_PATHS[a]);
  const d = r.deadlines;

  return (
    <div data-testid="request-detail">
      <Card size="small" title={t('actionsTitle')} style={{ marginBottom: 16 }}>
        {actions.length ? (
          <Space wrap>
            {actions.map((a, i) => (
              <Button
                key={a}
                type={i === 0 ? 'primary' : 'default'}
                danger={a === 'return'}
                onClick={() => setActing(a)}
                data-testid={`action-${ACTION_PATHS[a]}`}
              >
                {t(`act_${a}` as 'act_dispatch')}
              </Button>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('noActions')}</Typography.Text>
        )}
      </Card>

      <Descriptions column={compact ? 1 : { xs: 1, md: 2 }} size="small" bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('number')}>
          <Typography.Text copyable data-testid="request-number">
            {r.number}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('state')}>
          <StateTag state={r.state} /> <Flags bounced={r.bounced} overdue={r.overdue} />
        </Descriptions.Item>
        <Descriptions.Item label={t('channel')}>{labelOf(REQUEST_CHANNEL_LABELS, r.channel, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('type')}>
          {labelOf(REQUEST_TYPE_LABELS, r.type, lang)} · {labelOf(URGENCY_LABELS, r.urgency, lang)}
        </Descriptions.Item>
        <Descriptions.Item label={t('category')}>
          {r.categoryCode ? (categories.get(r.categoryCode) ?? r.categoryCode) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('division')}>
          <DivisionName code={r.divisionCode} />
        </Descriptions.Item>
        <Descriptions.Item label={t('address')}>{r.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('citizen')}>
          {r.citizenNameMask ?? '—'}{' '}
          {r.citizenPhoneMask ? <span data-testid="phone-mask">{r.citizenPhoneMask}</span> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('leadUnit')}>
          <UnitName id={r.leadUnitId} />
        </Descriptions.Item>
        <Descriptions.Item label={t('assistUnits')}>
          {r.assistUnitIds.length
            ? r.assistUnitIds.map((uid, i) => (
                <span key={uid}>
                  {i ? '、' : ''}
                  <UnitName id={uid} />
                </span>
              ))
            : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('receivedAt')}>{fmt(r.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('title')}>{r.title ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('body')} span={compact ? 1 : 2}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{r.bodyOriginal}</Typography.Paragraph>
        </Descriptions.Item>
      </Descriptions>

      <Descriptions
        title={t('deadlines')}
        column={1}
        size="small"
        bordered
        style={{ marginBottom: 16 }}
        data-testid="deadlines"
      >
        <Descriptions.Item label={t('responseDeadline')}>
          {d.response ? <Due at={d.response.dueAt} overdue={d.response.overdue} /> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('returnWindow')}>
          {d.returnWindow ? (
            <Typography.Text type={d.returnWindow.open ? undefined : 'secondary'}>
              {fmt(d.returnWindow.endsAt)} ({t(d.returnWindow.open ? 'windowOpen' : 'windowClosed')})
            </Typography.Text>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('resolutionDeadline')}>
          {d.resolution ? (
            <Space wrap size={4}>
              <Due at={d.resolution.dueAt} overdue={d.resolution.overdue} />
              <Typography.Text type="secondary">
                {t('usedFraction', { pct: Math.round(d.resolution.usedFraction * 100) })}
              </Typography.Text>
              {d.resolution.extensionDays ? (
                <Typography.Text type="secondary">
                  {t('extensionDays', { days: d.resolution.extensionDays })}
                </Typography.Text>
              ) : null}
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
      </Descriptions>

      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('timeline')}
      </Typography.Title>
      {r.events.length ? (
        <Timeline
          data-testid="request-timeline"
          items={r.events.map((e) => ({
            key: e.seq,
            color: EVENT_COLORS[e.type] ?? 'blue',
            children: (
              <div data-testid={`event-${e.type}`}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmt(e.at)} · {e.actor.name}
                </Typography.Text>
                <EventText event={e} categories={categories} />
              </div>
            ),
          }))}
        />
      ) : (
        <Empty />
      )}

      {acting ? <ActionModal request={r} action={acting} onClose={() => setActing(null)} /> : null}
    </div>
  );
}
