import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Segmented, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { METRIC_DRILL_FIGURES, type MetricDrillFigure, type MetricDrillItem } from '../../../../contracts/metrics';
import type { RequestSummary } from '../../../../contracts/requests';
import { PageHeader } from '../../../components/page-header';
import { ServerTable } from '../../../components/server-table';
import type { Query } from '../../../lib/api';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { metricsKeys } from '../api/keys';
import { fetchDrill, fetchHotRequests, useCategoryNames, useUnitName } from '../api/use-metrics';
import { StateTag } from '../components/bits';
import { defaultPeriod, figureOutcome, HIT_IS_BAD, isMonth } from '../format';
import { FIGURE_LABELS, metricsMessages, UNIT_KIND_NAMES } from '../messages';

const OUTCOMES = ['all', 'hit', 'missed'] as const;
type Outcome = (typeof OUTCOMES)[number];
/** Figures that are plain counts: they have no numerator to split by. */
const COUNTS: ReadonlySet<MetricDrillFigure> = new Set(['dispatched', 'overdue', 'excluded', 'bounced']);

const isFigure = (v: string | null): v is MetricDrillFigure =>
  !!v && (METRIC_DRILL_FIGURES as readonly string[]).includes(v);

/** The columns both kinds of list share: the number opens the request, then title, state, category, received. */
function useRequestColumns<T extends RequestSummary>(): ColumnsType<T> {
  const t = useT(metricsMessages);
  const categories = useCategoryNames();
  // Discipline inspectors read figures but not requests: the number is shown, not linked.
  const canOpen = useCan()('requests:read');
  return [
    {
      key: 'number',
      title: t('number'),
      render: (_, r) =>
        canOpen ? (
          <Link to={`/requests/${r.id}`} data-testid="drill-request-link">
            {r.number}
          </Link>
        ) : (
          r.number
        ),
    },
    { key: 'title', title: t('title'), render: (_, r) => r.title ?? '—' },
    { key: 'state', title: t('state'), render: (_, r) => <StateTag state={r.state} /> },
    {
      key: 'category',
      title: t('category'),
      render: (_, r) => (r.categoryCode ? (categories.get(r.categoryCode) ?? r.categoryCode) : '—'),
    },
    {
      key: 'receivedAt',
      title: t('receivedAt'),
      render: (_, r) => dayjs(r.receivedAt).format('YYYY-MM-DD HH:mm'),
    },
  ];
}

/** The requests of a hot topic: received in its week, in its township and category (GET /api/requests). */
function HotTopicRequests({ search }: { search: URLSearchParams }) {
  const t = useT(metricsMessages);
  const columns = useRequestColumns<RequestSummary>();
  const base: Query = {
    from: search.get('weekStart') ?? undefined,
    to: search.get('weekEnd') ?? undefined,
    divisionCode: search.get('divisionCode') ?? undefined,
    categoryCode: search.get('categoryCode') ?? undefined,
  };
  return (
    <>
      <PageHeader
        title={t('drillHotTitle')}
        description={`${search.get('label') ?? ''} · ${search.get('hot') ?? ''}`}
        extra={<BackButton />}
      />
      <ServerTable<RequestSummary>
        queryKey={metricsKeys.hotRequests()}
        fetchPage={fetchHotRequests}
        baseQuery={base}
        columns={columns}
        rowKey="id"
        ariaLabel={t('drillHotTitle')}
        testId="drill-table"
      />
    </>
  );
}

function BackButton() {
  const t = useT(metricsMessages);
  const navigate = useNavigate();
  return (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
      {t('back')}
    </Button>
  );
}

/**
 * The requests behind one figure (GET /api/metrics/drill): the figure's filters come in the address; the figure and
 * which part of it (denominator, numerator, the rest) can be switched here. Each number opens the request.
 */
export function DrillPage() {
  const t = useT(metricsMessages);
  const lang = useLang();
  const [search, setSearch] = useSearchParams();
  const base = useRequestColumns<MetricDrillItem>();
  const unitId = Number(search.get('unitId')) || undefined;
  const unit = useUnitName(unitId);
  if (search.get('hot')) return <HotTopicRequests search={search} />;

  const figure: MetricDrillFigure = isFigure(search.get('figure'))
    ? (search.get('figure') as MetricDrillFigure)
    : 'dispatched';
  const outcomeParam = search.get('outcome');
  const outcome: Outcome =
    !COUNTS.has(figure) && (OUTCOMES as readonly string[]).includes(outcomeParam ?? '')
      ? (outcomeParam as Outcome)
      : 'all';
  const fallback = defaultPeriod(new Date());
  const from = isMonth(search.get('from')) ? (search.get('from') as string) : fallback.from;
  const to = isMonth(search.get('to')) ? (search.get('to') as string) : fallback.to;
  const unitKind = search.get('unitKind') ?? undefined;
  const query: Query = {
    figure,
    outcome,
    from,
    to,
    unitId,
    divisionCode: search.get('divisionCode') ?? undefined,
    categoryCode: search.get('categoryCode') ?? undefined,
    unitKind,
  };
  const set = (next: Record<string, string>) =>
    setSearch(
      (prev) => {
        const out = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(next)) {
          if (v === 'all') out.delete(k);
          else out.set(k, v);
        }
        return out;
      },
      { replace: true },
    );

  const columns: ColumnsType<MetricDrillItem> = [
    ...base,
    {
      key: 'outcome',
      title: t('thisFigure'),
      render: (_, r) => {
        const o = figureOutcome(figure, r.fact);
        if (o === null) return r.fact.excluded ? <Tag>{pick(lang, FIGURE_LABELS.excluded)}</Tag> : null;
        const good = HIT_IS_BAD.has(figure) ? o === 'missed' : o === 'hit';
        return <Tag color={good ? 'green' : 'red'}>{t(o)}</Tag>;
      },
    },
    {
      key: 'flags',
      title: '',
      render: (_, r) => (
        <>
          {r.fact.overdue ? <Tag color="error">{pick(lang, FIGURE_LABELS.overdue)}</Tag> : null}
          {r.fact.bounced ? <Tag color="red">{pick(lang, FIGURE_LABELS.bounced)}</Tag> : null}
        </>
      ),
    },
  ];

  const scope = [
    from === to ? from : `${from} ~ ${to}`,
    unitId ? (unit.data?.name ?? `#${unitId}`) : null,
    unitKind && unitKind in UNIT_KIND_NAMES
      ? pick(lang, UNIT_KIND_NAMES[unitKind as keyof typeof UNIT_KIND_NAMES])
      : null,
  ].filter(Boolean);

  return (
    <div data-testid="drill-page">
      <PageHeader
        title={`${t('drillTitle')} · ${pick(lang, FIGURE_LABELS[figure])}`}
        description={scope.join(' · ')}
        extra={<BackButton />}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={12} align="center">
          <Space>
            <span>{t('figure')}</span>
            <Select<MetricDrillFigure>
              value={figure}
              onChange={(f) => set({ figure: f, outcome: 'all' })}
              options={METRIC_DRILL_FIGURES.map((f) => ({ value: f, label: pick(lang, FIGURE_LABELS[f]) }))}
              style={{ minWidth: 160 }}
              aria-label={t('figure')}
              data-testid="drill-figure"
            />
          </Space>
          {COUNTS.has(figure) ? null : (
            <Segmented<Outcome>
              value={outcome}
              onChange={(o) => set({ outcome: o })}
              options={[
                { value: 'all', label: t('outcomeAll') },
                { value: 'hit', label: t('outcomeHit') },
                { value: 'missed', label: t('outcomeMissed') },
              ]}
              data-testid="drill-outcome"
            />
          )}
          {unitId ? <Link to={`/metrics/units/${unitId}?from=${from}&to=${to}`}>{t('scorecard')}</Link> : null}
        </Flex>
      </Card>
      <ServerTable<MetricDrillItem>
        queryKey={metricsKeys.drill()}
        fetchPage={fetchDrill}
        baseQuery={query}
        columns={columns}
        rowKey="id"
        ariaLabel={t('drillTitle')}
        testId="drill-table"
      />
    </div>
  );
}
