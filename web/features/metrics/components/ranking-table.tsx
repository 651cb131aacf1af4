import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import type { RankingResponse, RankingRow } from '../../../../contracts/metrics';
import { pick, useLang, useT } from '../../../lib/i18n';
import { formatRate, formatScore } from '../format';
import { FIGURE_LABELS, metricsMessages } from '../messages';
import { RankCell } from './bits';

/**
 * The rows of a monthly ranking: rank with the red and black list marks, unit, score, the rates and the volume.
 * Clicking a row (or its "Requests" link) opens that unit's requests of the month; the unit's name opens its
 * scorecard. `compact` keeps the three rates only (the dashboard's card).
 */
export function RankingTable({
  ranking,
  rows,
  onOpen,
  compact,
  testId,
}: {
  ranking: RankingResponse;
  rows: RankingRow[];
  onOpen: (row: RankingRow) => void;
  compact?: boolean;
  testId?: string;
}) {
  const t = useT(metricsMessages);
  const lang = useLang();
  const red = new Set(ranking.redList.map((r) => r.unitId));
  const black = new Set(ranking.blackList.map((r) => r.unitId));
  const rate = (key: keyof RankingRow['figures']['rates']) => ({
    key,
    title: pick(lang, FIGURE_LABELS[key]),
    align: 'right' as const,
    render: (_: unknown, row: RankingRow) => formatRate(row.figures.rates[key]),
  });
  const columns: ColumnsType<RankingRow> = [
    {
      key: 'rank',
      title: t('rank'),
      width: 120,
      render: (_, row) => (
        <RankCell row={row} red={red.has(row.unitId)} black={black.has(row.unitId)} minVolume={ranking.minVolume} />
      ),
    },
    {
      key: 'unit',
      title: t('unit'),
      render: (_, row) => (
        <Link
          to={`/metrics/units/${row.unitId}?from=${ranking.month}&to=${ranking.month}`}
          onClick={(e) => e.stopPropagation()}
          title={t('scorecard')}
        >
          {row.unitName}
        </Link>
      ),
    },
    {
      key: 'score',
      title: t('score'),
      align: 'right',
      render: (_, row) => <strong>{formatScore(row.score)}</strong>,
    },
    rate('response'),
    rate('resolution'),
    rate('satisfaction'),
    ...(compact ? [] : [rate('onTime'), rate('return'), rate('reopen')]),
    { key: 'volume', title: t('volume'), align: 'right', render: (_, row) => row.figures.dispatched },
    {
      key: 'open',
      title: '',
      render: (_, row) => (
        <Typography.Link
          onClick={(e) => {
            e.stopPropagation();
            onOpen(row);
          }}
          data-testid="ranking-open-requests"
        >
          {t('openRequests')}
        </Typography.Link>
      ),
    },
  ];
  return (
    <Table<RankingRow>
      data-testid={testId}
      aria-label={t('rankingPageTitle')}
      rowKey="unitId"
      columns={columns}
      dataSource={rows}
      pagination={false}
      size="small"
      scroll={{ x: 'max-content' }}
      onRow={(row) => ({
        onClick: () => onOpen(row),
        style: { cursor: 'pointer' },
        'data-testid': `ranking-row-${row.unitId}`,
      })}
    />
  );
}
