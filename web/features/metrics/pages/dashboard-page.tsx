import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Row, Select, Space, Statistic, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { HotTopic, MetricDrillFigure, MetricFigures } from '../../../../contracts/metrics';
import type { UnitKind } from '../../../../contracts/org';
import { PageHeader } from '../../../components/page-header';
import { LoadError, PageLoading } from '../../../components/page-states';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { type MetricsFilters, useHotTopics, usePeriodTotals, useRanking, useTrend } from '../api/use-metrics';
import { HotClustersCard } from '../components/hot-clusters-card';
import { MetricFilters, unitKindOptions, useMetricsFilters } from '../components/metric-filters';
import { RankingTable } from '../components/ranking-table';
import { RateTrendChart } from '../components/rate-trend-chart';
import { drillHref, formatRate, formatScore, isoWeekOf } from '../format';
import { FIGURE_LABELS, metricsMessages } from '../messages';

const DAY_MS = 86_400_000;

/** A figure as a big number that opens the requests behind it. */
function FigureCard({
  testId,
  title,
  value,
  caption,
  to,
  accent,
}: {
  testId: string;
  title: string;
  value: string | number;
  caption?: ReactNode;
  to: string;
  accent?: string;
}) {
  const t = useT(metricsMessages);
  return (
    <Link to={to} data-testid={testId} aria-label={`${title} ${value} — ${t('clickToOpen')}`}>
      <Card hoverable size="small" style={{ height: '100%' }}>
        <Statistic title={title} value={value} valueStyle={{ color: accent, fontWeight: 600 }} />
        {caption ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {caption}
          </Typography.Text>
        ) : null}
      </Card>
    </Link>
  );
}

function TotalsRow({ figures, filters }: { figures: MetricFigures; filters: MetricsFilters }) {
  const t = useT(metricsMessages);
  const lang = useLang();
  const href = (figure: MetricDrillFigure) => drillHref({ figure, ...filters });
  const rate = (key: 'response' | 'resolution' | 'satisfaction', caption: string) => (
    <Col xs={24} sm={8} key={key}>
      <FigureCard
        testId={`rate-${key}`}
        title={pick(lang, FIGURE_LABELS[key])}
        value={formatRate(figures.rates[key])}
        caption={caption}
        to={href(key)}
        accent="#1677ff"
      />
    </Col>
  );
  const count = (figure: MetricDrillFigure, value: number, accent?: string) => (
    <Col xs={12} sm={6} key={figure}>
      <FigureCard
        testId={`count-${figure}`}
        title={pick(lang, FIGURE_LABELS[figure])}
        value={value}
        to={href(figure)}
        accent={accent}
      />
    </Col>
  );
  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="three-rates">
        {rate('response', t('respondedOf', { hit: figures.respondedInTime, all: figures.dispatched }))}
        {rate('resolution', t('ofDenominator', { hit: figures.resolved, all: figures.rated }))}
        {rate('satisfaction', `${t('compositeScore')} ${formatScore(figures.score)}`)}
      </Row>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {count('dispatched', figures.dispatched)}
        {count('overdue', figures.overdue, figures.overdue ? '#cf1322' : undefined)}
        {count('bounced', figures.bounced, figures.bounced ? '#cf1322' : undefined)}
        {count('excluded', figures.excluded)}
      </Row>
    </>
  );
}

function RankingCard({ filters }: { filters: MetricsFilters }) {
  const t = useT(metricsMessages);
  const lang = useLang();
  const navigate = useNavigate();
  const [kind, setKind] = useState<UnitKind>('department');
  const unitKind = filters.unitKind ?? kind;
  const q = { month: filters.to, unitKind, divisionCode: filters.divisionCode, categoryCode: filters.categoryCode };
  const ranking = useRanking(q);
  const data = ranking.data;
  const open = (unitId: number) =>
    navigate(drillHref({ figure: 'dispatched', from: filters.to, to: filters.to, unitId }));
  const table = (rows: NonNullable<typeof data>['rows'], testId: string) =>
    data && rows.length ? (
      <RankingTable ranking={data} rows={rows} compact onOpen={(row) => open(row.unitId)} testId={testId} />
    ) : (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('listEmpty')} />
    );
  return (
    <Card
      size="small"
      title={t('rankingTitle', { month: filters.to })}
      data-testid="dashboard-ranking"
      extra={
        <Space wrap>
          {filters.unitKind ? null : (
            <Select<UnitKind>
              size="small"
              value={kind}
              onChange={setKind}
              options={unitKindOptions(lang)}
              style={{ minWidth: 130 }}
              aria-label={t('unitKind')}
            />
          )}
          <Link to={`/metrics/ranking?month=${filters.to}&unitKind=${unitKind}`}>{t('rankingAll')}</Link>
        </Space>
      }
    >
      {ranking.error ? <LoadError error={ranking.error} onRetry={() => ranking.refetch()} /> : null}
      {data ? (
        <Tabs
          size="small"
          items={[
            {
              key: 'top',
              label: t('compositeScore'),
              children: table(data.rows.filter((r) => r.rank !== null).slice(0, 10), 'dashboard-ranking-table'),
            },
            { key: 'red', label: t('redList'), children: table(data.redList, 'red-list') },
            { key: 'black', label: t('blackList'), children: table(data.blackList, 'black-list') },
          ]}
        />
      ) : null}
      {data ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('weightsNote', data.weights)}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

function HotTopicsCard({ filters }: { filters: MetricsFilters }) {
  const t = useT(metricsMessages);
  const navigate = useNavigate();
  // A hot topic opens the request list of its week, which needs requests:read (discipline reads figures only).
  const canOpen = useCan()('requests:read');
  // The last complete week first; the arrows move a week at a time, never past the current one.
  const [anchor, setAnchor] = useState(() => Date.now() - 7 * DAY_MS);
  const week = isoWeekOf(new Date(anchor));
  const isCurrent = week === isoWeekOf(new Date());
  const hot = useHotTopics({ week, divisionCode: filters.divisionCode, limit: 10 });
  const data = hot.data;
  const open = (topic: HotTopic) => {
    if (!data) return;
    const params = new URLSearchParams({
      hot: week,
      weekStart: data.weekStart,
      weekEnd: data.weekEnd,
      divisionCode: topic.divisionCode,
      categoryCode: topic.categoryCode,
      label: `${topic.divisionName} · ${topic.categoryName}`,
    });
    navigate(`/metrics/drill?${params.toString()}`);
  };
  const columns: ColumnsType<HotTopic> = [
    {
      key: 'topic',
      title: t('category'),
      render: (_, r) => (
        <span>
          {canOpen ? <Typography.Link>{r.categoryName}</Typography.Link> : r.categoryName}
          <Typography.Text type="secondary"> · {r.divisionName}</Typography.Text>
        </span>
      ),
    },
    { key: 'count', title: t('hotCount'), dataIndex: 'count', align: 'right' },
    {
      key: 'baseline',
      title: t('hotBaseline', { weeks: data?.baselineWeeks ?? 4 }),
      dataIndex: 'baselineAverage',
      align: 'right',
    },
    {
      key: 'growth',
      title: t('hotGrowth'),
      align: 'right',
      render: (_, r) => (
        <Typography.Text
          type={r.growth > 0 ? 'danger' : undefined}
        >{`${r.growth > 0 ? '+' : ''}${Math.round(r.growth * 100)}%`}</Typography.Text>
      ),
    },
  ];
  const table = (items: HotTopic[], testId: string) => (
    <Table<HotTopic>
      data-testid={testId}
      rowKey={(r) => `${r.divisionCode}|${r.categoryCode}`}
      columns={columns}
      dataSource={items}
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hotEmpty')} /> }}
      onRow={(r) => (canOpen ? { onClick: () => open(r), style: { cursor: 'pointer' } } : {})}
    />
  );
  const fmt = (iso: string) => dayjs(iso).format('MM-DD');
  return (
    <Card
      size="small"
      title={t('hotTitle')}
      data-testid="hot-topics"
      extra={
        <Space size={4}>
          <Button
            size="small"
            type="text"
            icon={<LeftOutlined />}
            aria-label={t('prevWeek')}
            onClick={() => setAnchor((a) => a - 7 * DAY_MS)}
          />
          <Typography.Text style={{ fontSize: 12 }}>
            {data
              ? t('hotWeek', {
                  week: week.slice(6),
                  start: fmt(data.weekStart),
                  end: fmt(new Date(new Date(data.weekEnd).getTime() - 1).toISOString()),
                })
              : week}
          </Typography.Text>
          <Button
            size="small"
            type="text"
            icon={<RightOutlined />}
            aria-label={t('nextWeek')}
            disabled={isCurrent}
            onClick={() => setAnchor((a) => a + 7 * DAY_MS)}
          />
        </Space>
      }
    >
      {hot.error ? <LoadError error={hot.error} onRetry={() => hot.refetch()} /> : null}
      {data ? (
        <Tabs
          size="small"
          items={[
            { key: 'frequent', label: t('hotFrequent'), children: table(data.mostFrequent, 'hot-frequent') },
            { key: 'growing', label: t('hotGrowing'), children: table(data.fastestGrowing, 'hot-growing') },
          ]}
        />
      ) : null}
    </Card>
  );
}

/**
 * 领导驾驶舱: the three rates of the period with their trend, the counts leaders watch (overdue, bounced), the
 * composite ranking of the period's last month with its red and black lists, and the week's hot topics. Every figure
 * opens the requests behind it.
 */
export function MetricsDashboardPage() {
  const t = useT(metricsMessages);
  const navigate = useNavigate();
  const [filters, setFilters] = useMetricsFilters();
  const totals = usePeriodTotals(filters);
  const trend = useTrend(filters);
  const onOpenPoint = useMemo(
    () => (series: MetricDrillFigure, month: string) =>
      navigate(drillHref({ ...filters, figure: series, from: month, to: month })),
    [filters, navigate],
  );

  return (
    <div data-testid="metrics-dashboard">
      <PageHeader title={t('dashboardTitle')} description={t('dashboardHelp')} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <MetricFilters filters={filters} onChange={setFilters} />
      </Card>
      {totals.error ? <LoadError error={totals.error} onRetry={() => totals.refetch()} /> : null}
      {totals.isPending ? <PageLoading /> : null}
      {totals.data ? (
        <>
          {totals.data.total.requests === 0 ? (
            <Alert type="info" showIcon message={t('noData')} style={{ marginBottom: 12 }} />
          ) : null}
          <TotalsRow figures={totals.data.total} filters={filters} />
        </>
      ) : null}
      <Card size="small" title={t('trendTitle')} style={{ marginBottom: 12 }}>
        {trend.data ? <RateTrendChart trend={trend.data} onOpen={onOpenPoint} /> : <PageLoading />}
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} xxl={14}>
          <RankingCard filters={filters} />
        </Col>
        <Col xs={24} xxl={10}>
          <HotTopicsCard filters={filters} />
          <HotClustersCard />
        </Col>
      </Row>
    </div>
  );
}
