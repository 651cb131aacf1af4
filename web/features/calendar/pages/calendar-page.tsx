import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { LoadError } from '../../../components/page-states';
import { useShowError } from '../../../lib/form-errors';
import { useLang, useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { type CalendarDay, type DayKind, useCalendarYear, useOverrideDay, useResetDay } from '../api/use-calendar';
import { calendarMessages } from '../messages';

const MONTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

const KIND_STYLE: Record<DayKind, { background: string; color: string }> = {
  workday: { background: '#ffffff', color: 'rgba(0,0,0,0.88)' },
  weekend: { background: '#f5f5f5', color: 'rgba(0,0,0,0.45)' },
  holiday: { background: '#fff1f0', color: '#cf1322' },
  adjusted_workday: { background: '#fff7e6', color: '#d46b08' },
};

function MonthGrid({
  year,
  month,
  days,
  onPick,
}: {
  year: number;
  month: number;
  days: Map<string, CalendarDay>;
  onPick?: (day: CalendarDay) => void;
}) {
  const t = useT(calendarMessages);
  const lang = useLang();
  const first = dayjs(new Date(year, month, 1));
  // Weeks start on Monday, as Chinese wall calendars do.
  const lead = (first.day() + 6) % 7;
  const cells: (CalendarDay | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= first.daysInMonth(); d++) cells.push(days.get(first.date(d).format('YYYY-MM-DD')) ?? null);
  const working = cells.filter((c) => c?.isWorking).length;
  const weekdayNames = t('weekdays').split(',');
  const kindName = (k: DayKind) => t(k);

  return (
    <Card
      size="small"
      title={first.locale(lang === 'en' ? 'en' : 'zh-cn').format(lang === 'en' ? 'MMMM' : 'M月')}
      extra={<Typography.Text type="secondary">{t('workingDays', { count: working })}</Typography.Text>}
      styles={{ body: { padding: 8 } }}
    >
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
        {weekdayNames.map((w) => (
          <div key={w} aria-hidden style={{ textAlign: 'center', fontSize: 12, color: '#8c8c8c' }}>
            {w}
          </div>
        ))}
        {cells.map((cell, i) => {
          if (!cell) return <div key={`empty-${i.toString()}`} />;
          const style = KIND_STYLE[cell.kind];
          const date = dayjs(cell.day);
          const label = `${cell.day} ${kindName(cell.kind)}${cell.name ? ` ${cell.name}` : ''}${
            cell.source === 'override' ? ` (${t('override')})` : ''
          }`;
          const mark = cell.kind === 'holiday' ? t('restMark') : cell.kind === 'adjusted_workday' ? t('workMark') : '';
          return (
            <button
              key={cell.day}
              type="button"
              className="lx-calendar-day"
              aria-label={label}
              title={label}
              aria-disabled={!onPick}
              onClick={() => onPick?.(cell)}
              data-testid={`day-${cell.day}`}
              style={{
                ...style,
                border: cell.source === 'override' ? '1px dashed #1677ff' : '1px solid #f0f0f0',
                borderRadius: 4,
                padding: '2px 0',
                minHeight: 34,
                cursor: onPick ? 'pointer' : 'default',
                position: 'relative',
                fontSize: 13,
                lineHeight: 1.1,
              }}
            >
              <div>{date.date()}</div>
              <div style={{ fontSize: 10, minHeight: 11 }}>{mark}</div>
            </button>
          );
        })}
      </div>
    </Card>
  );
}

function DayEditor({ day, onClose }: { day: CalendarDay; onClose: () => void }) {
  const t = useT(calendarMessages);
  const [form] = Form.useForm<{ isWorking: boolean; name: string }>();
  const override = useOverrideDay();
  const reset = useResetDay();
  const showError = useShowError();
  const { message } = App.useApp();
  return (
    <Modal
      open
      title={t('editDay', { day: day.day })}
      onCancel={onClose}
      footer={(_, { OkBtn, CancelBtn }) => (
        <Flex justify="space-between" wrap gap={8}>
          {day.source === 'override' ? (
            <Button
              loading={reset.isPending}
              onClick={() =>
                reset.mutate(day.day, {
                  onSuccess: () => {
                    message.success(t('saved'));
                    onClose();
                  },
                  onError: (e) => showError(e),
                })
              }
            >
              {t('resetDay')}
            </Button>
          ) : (
            <span />
          )}
          <Space>
            <CancelBtn />
            <OkBtn />
          </Space>
        </Flex>
      )}
      onOk={() => form.submit()}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={override.isPending}
    >
      <Typography.Paragraph type="secondary">
        {t(day.kind)}
        {day.name ? ` · ${day.name}` : ''}
        {day.source === 'override' ? ` · ${t('override')}` : ''}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        name="calendar-day"
        initialValues={{ isWorking: day.isWorking, name: day.name ?? '' }}
        onFinish={async (v) => {
          try {
            await override.mutateAsync({ day: day.day, isWorking: v.isWorking, name: v.name.trim() || null });
            message.success(t('saved'));
            onClose();
          } catch (e) {
            showError(e, form);
          }
        }}
      >
        <Form.Item name="isWorking" label={t('isWorking')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: true, label: t('working') },
              { value: false, label: t('resting') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t('dayName')} extra={t('dayNameHelp')} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The statutory working-day calendar, a year at a glance; administrators can override single days. */
export function CalendarPage() {
  const t = useT(calendarMessages);
  const can = useCan();
  const canWrite = can('calendar:write');
  const [year, setYear] = useState(() => dayjs().year());
  const [editing, setEditing] = useState<CalendarDay | null>(null);
  const { data, isPending, error, refetch } = useCalendarYear(year);
  const days = useMemo(() => new Map((data?.days ?? []).map((d) => [d.day, d])), [data]);

  return (
    <div>
      <PageHeader
        title={t('title')}
        description={t('help')}
        extra={
          <Space>
            <Button icon={<LeftOutlined />} aria-label={t('prevYear')} onClick={() => setYear((y) => y - 1)} />
            <Typography.Text strong style={{ fontSize: 16 }} aria-live="polite">
              {t('year', { year })}
            </Typography.Text>
            <Button icon={<RightOutlined />} aria-label={t('nextYear')} onClick={() => setYear((y) => y + 1)} />
          </Space>
        }
      />
      {data ? (
        data.confirmed ? (
          <Alert type="success" showIcon message={t('confirmed', { year })} style={{ marginBottom: 12 }} />
        ) : (
          <Alert
            type="warning"
            showIcon
            message={t('unconfirmed', { year })}
            style={{ marginBottom: 12 }}
            data-testid="calendar-unconfirmed"
          />
        )
      ) : null}
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        {(['workday', 'weekend', 'holiday', 'adjusted_workday'] as const).map((k) => (
          <Tag key={k} style={{ background: KIND_STYLE[k].background, color: KIND_STYLE[k].color }}>
            {t(k)}
          </Tag>
        ))}
        <Tag style={{ borderStyle: 'dashed', borderColor: '#1677ff' }}>{t('override')}</Tag>
      </Flex>
      {error ? <LoadError error={error} onRetry={() => refetch()} /> : null}
      {isPending ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : data ? (
        <Row gutter={[12, 12]}>
          {MONTHS.map((month) => (
            <Col key={`month-${month}`} xs={24} sm={12} lg={8} xxl={6}>
              <MonthGrid year={year} month={month} days={days} onPick={canWrite ? setEditing : undefined} />
            </Col>
          ))}
        </Row>
      ) : null}
      {editing ? <DayEditor day={editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}
