import {
  Alert,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Row,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router-dom';
import type { MetricDrillFigure, MetricFigures, ScorecardRow } from '../../../../contracts/metrics';
import { SATISFACTION_LABELS } from '../../../../contracts/requests';
import { PageHeader } from '../../../components/page-header';
import { LoadError, NotFound, PageLoading } from '../../../components/page-states';
import { pick, useLang, useT, type Vars } from '../../../lib/i18n';
import { useCan, useMe } from '../../../lib/session';
import { useScorecard } from '../api/use-metrics';
import { StateTag } from '../components/bits';
import {
  drillHref,
  formatRate,
  formatScore,
  isMonth,
  LOSS_REASONS,
  lastCompleteMonth,
  lossReasons,
  SCORE_LOSS_REASONS,
  type ScorePart,
  scoreBreakdown,
} from '../format';
import { COMPONENT_LABELS, FIGURE_LABELS, LOSS_LABELS, metricsMessages, UNIT_KIND_NAMES } from '../messages';

const round1 = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/**
 * The counts behind a score component, as the unit can check them. The response rate's denominator leaves out
 * dispatches still within their limit, which the figures do not list: its count reads "answered in time · dispatched".
 */
function componentCounts(part: ScorePart, f: MetricFigures, t: (key: 'respondedOf', v: Vars) => string): string {
  if (part.component === 'response') return t('respondedOf', { hit: f.respondedInTime, all: f.dispatched });
  if (part.component === 'resolution') return `${f.resolved} / ${f.rated}`;
  return `${f.satisfactionPoints} / ${f.rated}`;
}

/**
 * 单位成绩单: why a unit scored what it did — each component of the composite score with its weight, rate and points,
 * its rank per month, its other figures, and every request that cost it points with the reason. Leaders reach it from
 * the ranking; a unit's staff see their own (the server decides who may).
 */
export function ScorecardPage() {
  const t = useT(metricsMessages);
  const lang = useLang();
  const can = useCan();
  const params = useParams();
  const unitId = Number(params.unitId);
  const [search, setSearch] = useSearchParams();
  const fallback = lastCompleteMonth(new Date());
  const from = isMonth(search.get('from')) ? (search.get('from') as string) : fallback;
  const to = isMonth(search.get('to')) ? (search.get('to') as string) : fallback;
  const period = from <= to ? { from, to } : { from: to, to: from };
  const card = useScorecard(Number.isInteger(unitId) ? unitId : 0, period);
  const [onlyLosses, setOnlyLosses] = useState(true);
  const canDrill = can('metrics:read');

  const rows = useMemo(() => {
    const all = card.data?.allRows ?? [];
    return onlyLosses ? all.filter((r) => lossReasons(r).length > 0) : all;
  }, [card.data, onlyLosses]);

  if (!Number.isInteger(unitId) || unitId <= 0) return <NotFound />;
  if (card.isPending) return <PageLoading />;
  if (card.error) {
    return 'status' in card.error && card.error.status === 404 ? (
      <NotFound />
    ) : (
      <LoadError error={card.error} onRetry={() => card.refetch()} />
    );
  }
  const data = card.data;
  const f = data.figures;
  const parts = scoreBreakdown(f.rates, data.weights);
  const missedHref = (figure: MetricDrillFigure) =>
    drillHref({ figure, outcome: 'missed', from: period.from, to: period.to, unitId });

  const partColumns: ColumnsType<ScorePart> = [
    {
      key: 'component',
      title: t('component'),
      render: (_, p) => pick(lang, COMPONENT_LABELS[p.component]),
    },
    { key: 'weight', title: t('weight'), align: 'right', render: (_, p) => `${p.weight}%` },
    {
      key: 'effective',
      title: <span title={t('effectiveWeightHelp')}>{t('effectiveWeight')}</span>,
      align: 'right',
      render: (_, p) => `${round1(p.effectiveWeight)}%`,
    },
    {
      key: 'rate',
      title: t('rate'),
      align: 'right',
      render: (_, p) => (
        <span>
          {formatRate(p.rate)}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            ({componentCounts(p, f, t)})
          </Typography.Text>
        </span>
      ),
    },
    { key: 'points', title: t('points'), align: 'right', render: (_, p) => <strong>{round1(p.points)}</strong> },
    {
      key: 'lost',
      title: t('lost'),
      align: 'right',
      render: (_, p) => {
        const text = <Typography.Text type={p.lost > 0.05 ? 'danger' : undefined}>{round1(p.lost)}</Typography.Text>;
        return canDrill && p.lost > 0.05 ? <Link to={missedHref(p.component)}>{text}</Link> : text;
      },
    },
  ];

  const rowColumns: ColumnsType<ScorecardRow> = [
    {
      key: 'number',
      title: t('number'),
      render: (_, r) =>
        can('requests:read') ? (
          <Link to={`/requests/${r.requestId}`} data-testid="scorecard-request-link">
            {r.number}
          </Link>
        ) : (
          r.number
        ),
    },
    {
      key: 'reasons',
      title: t('reasons'),
      filters: LOSS_REASONS.map((reason) => ({ text: pick(lang, LOSS_LABELS[reason]), value: reason })),
      onFilter: (value, r) => lossReasons(r).includes(value as (typeof LOSS_REASONS)[number]),
      render: (_, r) => (
        <Space size={[0, 4]} wrap>
          {r.excluded ? <Tag>{pick(lang, FIGURE_LABELS.excluded)}</Tag> : null}
          {lossReasons(r).map((reason) => (
            <Tag key={reason} color={SCORE_LOSS_REASONS.includes(reason) ? 'red' : 'orange'}>
              {pick(lang, LOSS_LABELS[reason])}
            </Tag>
          ))}
        </Space>
      ),
    },
    { key: 'title', title: t('title'), render: (_, r) => r.title ?? '—' },
    { key: 'state', title: t('state'), render: (_, r) => <StateTag state={r.state} /> },
    {
      key: 'receivedAt',
      title: t('receivedAt'),
      render: (_, r) => dayjs(r.receivedAt).format('YYYY-MM-DD HH:mm'),
    },
    {
      key: 'rating',
      title: t('rating'),
      render: (_, r) =>
        r.satisfaction ? (
          <span>
            {pick(lang, SATISFACTION_LABELS[r.satisfaction])}
            {r.ratingUnrated ? <span title={t('ratingUnratedNote')}> *</span> : null}
          </span>
        ) : (
          '—'
        ),
    },
  ];

  const other: [MetricDrillFigure, string][] = [
    ['timelyAcceptance', formatRate(f.rates.timelyAcceptance)],
    ['onTime', formatRate(f.rates.onTime)],
    ['return', formatRate(f.rates.return)],
    ['reopen', formatRate(f.rates.reopen)],
    ['whistleReport', formatRate(f.rates.whistleReport)],
    ['overdue', String(f.overdue)],
    ['bounced', String(f.bounced)],
    ['excluded', String(f.excluded)],
  ];

  return (
    <div data-testid="scorecard-page">
      <PageHeader
        title={t('scorecardTitle', { unit: data.unitName })}
        description={`${pick(lang, UNIT_KIND_NAMES[data.unitKind])} · ${t('scorecardHelp')}`}
        extra={
          <DatePicker.RangePicker
            picker="month"
            allowClear={false}
            value={[dayjs(`${period.from}-01`), dayjs(`${period.to}-01`)]}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            onChange={(range) => {
              const [a, b] = range ?? [];
              if (a && b) setSearch({ from: a.format('YYYY-MM'), to: b.format('YYYY-MM') }, { replace: true });
            }}
            aria-label={t('period')}
          />
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('compositeScore')}
              value={formatScore(f.score)}
              valueStyle={{ fontWeight: 600, color: '#1677ff' }}
              data-testid="scorecard-score"
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('volume')} {f.dispatched}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={18}>
          <Card size="small" title={t('component')}>
            <Table<ScorePart>
              data-testid="score-breakdown"
              rowKey="component"
              columns={partColumns}
              dataSource={parts}
              pagination={false}
              size="small"
              scroll={{ x: 'max-content' }}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={4}>
                    {t('total')}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    <strong>{formatScore(f.score)}</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5} align="right">
                    {f.score === null ? '—' : round1(100 - f.score)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={8}>
          <Card size="small" title={t('monthlyRanks')} style={{ height: '100%' }}>
            <Flex vertical gap={4} data-testid="scorecard-ranks">
              {data.ranks.map((r) => (
                <Flex key={r.month} justify="space-between">
                  <span>{r.month}</span>
                  <span>
                    {r.rank === null ? t('unranked') : t('rankOf', { rank: r.rank, of: r.of })}
                    <Typography.Text type="secondary"> · {formatScore(r.score)}</Typography.Text>
                  </span>
                </Flex>
              ))}
            </Flex>
          </Card>
        </Col>
        <Col xs={24} md={16}>
          <Card size="small" title={t('otherFigures')} style={{ height: '100%' }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
              {other.map(([figure, value]) => (
                <Descriptions.Item key={figure} label={pick(lang, FIGURE_LABELS[figure])}>
                  {canDrill ? (
                    <Link to={drillHref({ figure, from: period.from, to: period.to, unitId })}>{value}</Link>
                  ) : (
                    value
                  )}
                </Descriptions.Item>
              ))}
              <Descriptions.Item label={t('handlingHours')}>
                {f.handlingHoursAvg === null ? '—' : t('hours', { h: f.handlingHoursAvg })}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('lostRequests')}
        extra={
          <Space>
            <Switch checked={onlyLosses} onChange={setOnlyLosses} size="small" aria-label={t('onlyLosses')} />
            <span>{t('onlyLosses')}</span>
          </Space>
        }
      >
        {data.rows.total > data.allRows.length ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 8 }}
            message={t('truncated', { shown: data.allRows.length, total: data.rows.total })}
          />
        ) : null}
        <Table<ScorecardRow>
          data-testid="scorecard-rows"
          rowKey="requestId"
          columns={rowColumns}
          dataSource={rows}
          size="small"
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, showTotal: (total) => t('totalItems', { total }), showSizeChanger: false }}
        />
      </Card>
    </div>
  );
}

/** 本单位成绩单: the signed-in user's own unit (handlers reach it from the menu). */
export function MyScorecardPage() {
  const me = useMe();
  const t = useT(metricsMessages);
  if (!me.unit) return <Alert type="info" showIcon message={t('noUnit')} />;
  return <Navigate to={`/metrics/units/${me.unit.id}`} replace />;
}
