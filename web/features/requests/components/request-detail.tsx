import { Alert, Button, Card, Descriptions, Empty, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router-dom';
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
import { useCallerHistory, useCategoryNames, useRequest } from '../api/use-requests';
import { labelOf } from '../labels';
import { requestMessages } from '../messages';
import { ACTION_PATHS, ActionModal } from './action-modal';
import { AttachmentList } from './attachments';
import { DivisionName, Flags, StateTag, UnitName } from './bits';
import { CallerPhone } from './contact-reveal';

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

type Remaining = { hours: number; working: boolean } | null;

/** A limit's state: running with the (working) hours left, overdue by how much, or met (on time or late). */
function DeadlineState({
  remaining,
  doneAt,
  late,
  testId,
}: {
  remaining: Remaining;
  doneAt?: string | null;
  late?: boolean;
  testId?: string;
}) {
  const t = useT(requestMessages);
  let text: ReactNode = null;
  if (remaining) {
    const hours = Math.abs(remaining.hours);
    const key =
      remaining.hours >= 0
        ? remaining.working
          ? 'remainingWorking'
          : 'remainingClock'
        : remaining.working
          ? 'overdueWorking'
          : 'overdueClock';
    text = (
      <Typography.Text type={remaining.hours < 0 ? 'danger' : remaining.hours < 8 ? 'warning' : 'secondary'}>
        {t(key, { hours })}
      </Typography.Text>
    );
  } else if (doneAt) {
    text = (
      <Typography.Text type={late ? 'warning' : 'success'}>
        {t(late ? 'deadlineMissed' : 'deadlineMet')} · {fmt(doneAt)}
      </Typography.Text>
    );
  }
  return text ? <span data-testid={testId}>{text}</span> : null;
}

type TimelineEvent = RequestDetail['events'][number];

/** One event in the user's language; units are named, coded values labelled. */
function EventText({
  event,
  categories,
  mergedInto,
}: {
  event: TimelineEvent;
  categories: Map<string, string>;
  mergedInto: RequestDetail['mergedInto'];
}) {
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
    case 'appeal_filed':
      main = withUnit('ev_appeal_filed', p.unitId);
      extra = (
        <>
          <div>{String(p.reason ?? '')}</div>
          {p.evidenceText ? <div>{String(p.evidenceText)}</div> : null}
        </>
      );
      break;
    case 'appeal_decided':
      main = t(p.approved ? 'ev_appeal_approved' : 'ev_appeal_rejected');
      extra = (
        <>
          {unit(p.unitId)}
          {p.note ? `：${String(p.note)}` : ''}
        </>
      );
      break;
    case 'whistle_blown': {
      main = withUnit('ev_whistle_blown', p.unitId, { hours: Number(p.reportLimitHours) });
      const departments = (p.departmentUnitIds as number[] | undefined) ?? [];
      extra = departments.map((id, i) => (
        <span key={id}>
          {i ? '、' : ''}
          {unit(id)}
        </span>
      ));
      break;
    }
    case 'whistle_reported':
      main = withUnit('ev_whistle_reported', p.unitId);
      break;
    case 'whistle_rated':
      main = withUnit('ev_whistle_rated', p.unitId, { score: Number(p.score) });
      extra = p.comment ? String(p.comment) : null;
      break;
    case 'merged_into':
      main =
        mergedInto && mergedInto.id === p.originalId ? (
          <>
            {t('ev_merged_into_number', { number: '' })}
            <Link to={`/requests/${mergedInto.id}`}>{mergedInto.number}</Link>
          </>
        ) : (
          t('ev_merged_into')
        );
      break;
    case 'reopened':
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
/** 重复来电: the caller's other requests in the 90 days before this one, when there are any. */
function RepeatCallerTag({ requestId }: { requestId: number }) {
  const t = useT(requestMessages);
  const history = useCallerHistory({ requestId });
  const n = history.data?.count ?? 0;
  if (n === 0) return null;
  return (
    <Tag
      color="orange"
      style={{ marginLeft: 8 }}
      data-testid="repeat-caller-tag"
      title={t('repeatCallerTagHelp', { days: history.data?.windowDays ?? 90 })}
    >
      {t('repeatCallerTag', { n })}
    </Tag>
  );
}

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
  const w = r.whistle;

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

      {r.mergedInto ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="merged-into"
          message={
            <>
              {t('mergedInto')} <Link to={`/requests/${r.mergedInto.id}`}>{r.mergedInto.number}</Link>{' '}
              <StateTag state={r.mergedInto.state} />
            </>
          }
        />
      ) : null}
      {r.duplicates.length ? (
        <Alert
          type="warning"
          style={{ marginBottom: 16 }}
          data-testid="merged-duplicates"
          message={
            <>
              {t('duplicatesMerged')}:{' '}
              {r.duplicates.map((dup, i) => (
                <span key={dup.id}>
                  {i ? '、' : ''}
                  <Link to={`/requests/${dup.id}`}>{dup.number}</Link>
                </span>
              ))}
            </>
          }
        />
      ) : null}
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
          {r.citizenPhoneMask ? <CallerPhone requestId={r.id} mask={r.citizenPhoneMask} /> : null}
          {r.citizenPhoneMask ? <RepeatCallerTag requestId={r.id} /> : null}
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
          {d.response ? (
            <Space wrap size={4}>
              <Due at={d.response.dueAt} overdue={d.response.overdue} />
              <DeadlineState
                remaining={r.clock.response}
                doneAt={d.response.doneAt}
                late={d.response.late}
                testId="response-state"
              />
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('returnWindow')}>
          {d.returnWindow ? (
            <Typography.Text type={d.returnWindow.open ? undefined : 'secondary'}>
              {fmt(d.returnWindow.endsAt)} ({t(d.returnWindow.open ? 'windowOpen' : 'windowClosed')}){' '}
              <DeadlineState remaining={r.clock.returnWindow} />
            </Typography.Text>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('resolutionDeadline')}>
          {d.resolution ? (
            <Space wrap size={4}>
              <Due at={d.resolution.dueAt} overdue={d.resolution.overdue} />
              <DeadlineState
                remaining={r.clock.resolution}
                doneAt={d.resolution.doneAt}
                late={d.resolution.late}
                testId="resolution-state"
              />
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
        {r.clock.pendingExtension ? (
          <Descriptions.Item label={t('pendingExtension')}>
            <span data-testid="pending-extension">
              <UnitName id={r.clock.pendingExtension.unitId} />{' '}
              {t('pendingExtensionText', {
                days: r.clock.pendingExtension.days,
                at: fmt(r.clock.pendingExtension.requestedAt),
                reason: r.clock.pendingExtension.reason,
              })}
            </span>
          </Descriptions.Item>
        ) : null}
        {w ? (
          <Descriptions.Item label={t('whistleReport')}>
            <div data-testid="whistle-deadline">
              <Due
                at={w.reportDueAt}
                overdue={w.departments.some((x) => !x.reportedAt) && dayjs().isAfter(w.reportDueAt)}
              />
              {w.departments.map((x) => (
                <div key={x.unitId}>
                  <UnitName id={x.unitId} />:{' '}
                  {x.reportedAt ? (
                    <Typography.Text type={x.late ? 'warning' : 'success'}>
                      {t('whistleReported', { at: fmt(x.reportedAt) })}
                      {x.late ? ` · ${t('whistleLate')}` : ''}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="secondary">{t('whistleWaiting')}</Typography.Text>
                  )}
                </div>
              ))}
            </div>
          </Descriptions.Item>
        ) : null}
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
                  {e.actor.unitId ? (
                    <>
                      {' · '}
                      <UnitName id={e.actor.unitId} />
                    </>
                  ) : null}
                </Typography.Text>
                <EventText event={e} categories={categories} mergedInto={r.mergedInto} />
                <AttachmentList requestId={r.id} attachments={e.attachments} />
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
