import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Alert, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { PublishedRankingDiff, RankingUnitDiff } from '../../../../contracts/reports';
import { useT } from '../../../lib/i18n';
import { reportMessages } from '../messages';
import { percent, signed } from './format';

const CHANGE_COLORS: Record<RankingUnitDiff['change'], string> = {
  added: 'green',
  removed: 'volcano',
  changed: 'gold',
  unchanged: 'default',
};

function RankMove({ u }: { u: RankingUnitDiff }) {
  const t = useT(reportMessages);
  const show = (r: number | null) => (r === null ? t('notRanked') : String(r));
  const arrow =
    u.rankDelta === null || u.rankDelta === 0 ? null : u.rankDelta > 0 ? (
      <ArrowUpOutlined style={{ color: '#389e0d' }} aria-label="up" />
    ) : (
      <ArrowDownOutlined style={{ color: '#cf1322' }} aria-label="down" />
    );
  return (
    <Space size={4}>
      <span>
        {show(u.rankBefore)} → {show(u.rankAfter)}
      </span>
      {arrow}
    </Space>
  );
}

/** What changed from the version before: a summary line and the units that differ, with the moves highlighted. */
export function DiffView({ diff }: { diff: PublishedRankingDiff }) {
  const t = useT(reportMessages);
  const units = diff.units.filter((u) => u.change !== 'unchanged');
  const changeLabel = (c: RankingUnitDiff['change']) =>
    t(
      c === 'added'
        ? 'changeAdded'
        : c === 'removed'
          ? 'changeRemoved'
          : c === 'changed'
            ? 'changeChanged'
            : 'changeUnchanged',
    );
  const columns: ColumnsType<RankingUnitDiff> = [
    {
      title: t('unit'),
      dataIndex: 'unitName',
      render: (name: string, u) => (
        <>
          {name}
          {u.unitNameBefore ? (
            <Typography.Text type="secondary"> ({t('renamed', { name: u.unitNameBefore })})</Typography.Text>
          ) : null}
        </>
      ),
    },
    {
      title: t('change'),
      dataIndex: 'change',
      width: 96,
      render: (c: RankingUnitDiff['change']) => <Tag color={CHANGE_COLORS[c]}>{changeLabel(c)}</Tag>,
    },
    { title: t('rankChange'), width: 150, render: (_, u) => <RankMove u={u} /> },
    {
      title: t('scoreChange'),
      width: 110,
      align: 'right',
      render: (_, u) => {
        const d = u.scoreDelta;
        const color = d === null || d === 0 ? undefined : d > 0 ? '#389e0d' : '#cf1322';
        return <span style={{ color, fontWeight: color ? 600 : undefined }}>{signed(d, 2)}</span>;
      },
    },
    {
      title: t('details'),
      render: (_, u) => (
        <Space size={[4, 4]} wrap>
          {u.rates.map((r) => (
            <Tag key={r.rate}>
              {t(r.rate)} {percent(r.before)} → {percent(r.after)}
            </Tag>
          ))}
          {u.volumes.map((v) => (
            <Tag key={v.volume} bordered={false}>
              {t('countsChange', { name: t(v.volume), before: v.before ?? '—', after: v.after ?? '—' })}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <div data-testid="ranking-diff">
      <Alert
        type={diff.changed ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 12 }}
        message={t('diffSummary', { changed: diff.changedUnits, added: diff.added, removed: diff.removed })}
        description={diff.weightsChanged || diff.minVolumeChanged ? t('weightsChanged') : undefined}
      />
      {units.length === 0 ? (
        <Typography.Text type="secondary">{t('noChanges')}</Typography.Text>
      ) : (
        <Table<RankingUnitDiff>
          rowKey="unitId"
          size="small"
          columns={columns}
          dataSource={units}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 720 }}
        />
      )}
    </div>
  );
}
