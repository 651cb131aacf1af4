import { Card, Empty, Flex, List, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { UNIT_KIND_LABELS, type UnitKind } from '../../../../contracts/org';
import type { FrozenRankingRow } from '../../../../contracts/reports';
import { PageLoading } from '../../../components/page-states';
import { useT } from '../../../lib/i18n';
import { useHotTopics, usePublicRanking, useRankingMonths } from '../api/use-portal';
import { portalMessages } from '../messages';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/**
 * The published monthly rankings (办理排行): the three rates and the composite score per unit, the red and black
 * lists (红黑榜), for the month and kind of unit chosen; and the month's hot topics (counts only).
 */
export function PortalRankingsPage() {
  const t = useT(portalMessages);
  const months = useRankingMonths();
  const [choice, setChoice] = useState<{ key: string; unitKind: string } | null>(null);
  const items = months.data?.items ?? [];
  const selected = useMemo(() => {
    const entry = items.find((i) => `${i.countyCode}|${i.month}` === choice?.key) ?? items[0];
    if (!entry) return null;
    const unitKind =
      choice && entry.unitKinds.includes(choice.unitKind as UnitKind) ? choice.unitKind : entry.unitKinds[0]!;
    return { entry, unitKind };
  }, [items, choice]);
  const ranking = usePublicRanking(
    selected
      ? { countyCode: selected.entry.countyCode, month: selected.entry.month, unitKind: selected.unitKind }
      : null,
  );
  const hot = useHotTopics(selected?.entry.month);

  if (months.isPending) return <PageLoading />;
  const columns = [
    { title: t('rank'), dataIndex: 'rank', width: 56, render: (r: number | null) => r ?? '—' },
    { title: t('unit'), dataIndex: 'unitName' },
    { title: t('score'), dataIndex: 'score', render: (s: number | null) => (s === null ? '—' : s.toFixed(1)) },
    { title: t('response'), key: 'response', render: (_: unknown, r: FrozenRankingRow) => pct(r.rates.response) },
    { title: t('resolution'), key: 'resolution', render: (_: unknown, r: FrozenRankingRow) => pct(r.rates.resolution) },
    {
      title: t('satisfactionRate'),
      key: 'satisfaction',
      render: (_: unknown, r: FrozenRankingRow) => pct(r.rates.satisfaction),
    },
  ];
  const list = (title: string, color: string, rows: FrozenRankingRow[], testId: string) => (
    <Card size="small" title={<Tag color={color}>{title}</Tag>} data-testid={testId}>
      <List
        size="small"
        dataSource={rows}
        renderItem={(r) => (
          <List.Item>
            {r.rank}. {r.unitName} <Typography.Text type="secondary">{r.score?.toFixed(1)}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('rankingsTitle')}
      </Typography.Title>
      {!selected ? (
        <Empty description={t('noRankings')} />
      ) : (
        <>
          <Flex gap={8} wrap>
            <Select
              aria-label={t('month')}
              style={{ minWidth: 200 }}
              value={`${selected.entry.countyCode}|${selected.entry.month}`}
              options={items.map((i) => ({ value: `${i.countyCode}|${i.month}`, label: `${i.countyName} ${i.month}` }))}
              onChange={(key) => setChoice({ key, unitKind: selected.unitKind })}
              data-testid="rankings-month"
            />
            <Select
              aria-label={t('unitKind')}
              style={{ minWidth: 120 }}
              value={selected.unitKind}
              options={selected.entry.unitKinds.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }))}
              onChange={(unitKind) =>
                setChoice({ key: `${selected.entry.countyCode}|${selected.entry.month}`, unitKind })
              }
            />
          </Flex>
          {ranking.data ? (
            <>
              {list(t('redList'), 'red', ranking.data.redList, 'rankings-red')}
              {list(t('blackList'), 'default', ranking.data.blackList, 'rankings-black')}
              <Table
                size="small"
                rowKey="unitId"
                pagination={false}
                scroll={{ x: true }}
                columns={columns}
                dataSource={ranking.data.rows}
                data-testid="rankings-table"
              />
            </>
          ) : null}
        </>
      )}
      <Card size="small" title={t('hotTopics')} data-testid="portal-hot-topics">
        {hot.data && hot.data.topics.length > 0 ? (
          <List
            size="small"
            dataSource={hot.data.topics}
            renderItem={(h) => (
              <List.Item>
                {h.divisionName} · {h.categoryName}
                <Typography.Text strong>
                  {h.count} {t('requests')}
                </Typography.Text>
              </List.Item>
            )}
          />
        ) : (
          <Typography.Text type="secondary">{t('hotNone')}</Typography.Text>
        )}
      </Card>
    </Flex>
  );
}
