import { Card, Col, Empty, List, Row, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { FrozenRankingRow, PublishedRanking } from '../../../../contracts/reports';
import { useT } from '../../../lib/i18n';
import { reportMessages } from '../messages';
import { percent, score } from './format';

const CHANGED_BACKGROUND = '#fffbe6';

/** The frozen ranking of one version: every unit with rank, score and rates; changed units shaded when known. */
export function FrozenRankingTable({
  ranking,
  changedUnitIds,
}: {
  ranking: PublishedRanking;
  changedUnitIds?: ReadonlySet<number>;
}) {
  const t = useT(reportMessages);
  const red = new Set(ranking.redList.map((r) => r.unitId));
  const black = new Set(ranking.blackList.map((r) => r.unitId));
  const columns: ColumnsType<FrozenRankingRow> = [
    {
      title: t('rank'),
      dataIndex: 'rank',
      width: 72,
      render: (rank: number | null) =>
        rank === null ? <Typography.Text type="secondary">{t('notRanked')}</Typography.Text> : rank,
    },
    {
      title: t('unit'),
      dataIndex: 'unitName',
      render: (name: string, row) => (
        <>
          {name}
          {red.has(row.unitId) ? (
            <Tag color="red" style={{ marginInlineStart: 8 }}>
              {t('redList')}
            </Tag>
          ) : null}
          {black.has(row.unitId) ? (
            <Tag color="default" style={{ marginInlineStart: 8, background: '#262626', color: '#fff' }}>
              {t('blackList')}
            </Tag>
          ) : null}
        </>
      ),
    },
    { title: t('score'), dataIndex: 'score', width: 96, align: 'right', render: score },
    { title: t('dispatched'), width: 80, align: 'right', render: (_, r) => r.volumes.dispatched },
    { title: t('response'), width: 96, align: 'right', render: (_, r) => percent(r.rates.response) },
    { title: t('resolution'), width: 96, align: 'right', render: (_, r) => percent(r.rates.resolution) },
    { title: t('satisfaction'), width: 96, align: 'right', render: (_, r) => percent(r.rates.satisfaction) },
    { title: t('onTime'), width: 104, align: 'right', render: (_, r) => percent(r.rates.onTime) },
  ];
  return (
    <Table<FrozenRankingRow>
      data-testid="frozen-ranking"
      rowKey="unitId"
      size="small"
      columns={columns}
      dataSource={ranking.rows}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      scroll={{ x: 760 }}
      onRow={(row) => (changedUnitIds?.has(row.unitId) ? { style: { background: CHANGED_BACKGROUND } } : {})}
    />
  );
}

/** The red list (best first) and the black list (worst first) side by side. */
export function RedBlackLists({ ranking }: { ranking: PublishedRanking }) {
  const t = useT(reportMessages);
  const list = (rows: FrozenRankingRow[], testId: string) =>
    rows.length === 0 ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('emptyList')} />
    ) : (
      <List
        data-testid={testId}
        size="small"
        dataSource={rows}
        renderItem={(r) => (
          <List.Item extra={score(r.score)}>
            <Typography.Text>
              {r.rank}. {r.unitName}
            </Typography.Text>
          </List.Item>
        )}
      />
    );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={12}>
        <Card size="small" title={<Typography.Text style={{ color: '#cf1322' }}>{t('redList')}</Typography.Text>}>
          {list(ranking.redList, 'red-list')}
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('blackList')}>
          {list(ranking.blackList, 'black-list')}
        </Card>
      </Col>
    </Row>
  );
}
