import { Button, Card, Descriptions, Empty, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { UNIT_KINDS, type UnitKind } from '../../../../contracts/org';
import type { PublishedRankingSummary } from '../../../../contracts/reports';
import { PageHeader } from '../../../components/page-header';
import { LoadError } from '../../../components/page-states';
import { useLang, useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { useCounties, usePublishedRanking, usePublishedVersions, useRankingDiff } from '../api/use-rankings';
import { DiffView } from '../components/diff-view';
import { beijing, kindLabel } from '../components/format';
import { PublishModal } from '../components/publish-modal';
import { FrozenRankingTable, RedBlackLists } from '../components/ranking-table';
import { reportMessages } from '../messages';

/** The 24 months before the current one, newest first ('YYYY-MM'): only finished months are published. */
function recentMonths(today: Date): string[] {
  const out: string[] = [];
  let y = today.getFullYear();
  let m = today.getMonth(); // 0-based: this is already the previous month, 1-based
  for (let i = 0; i < 24; i++) {
    if (m === 0) {
      m = 12;
      y -= 1;
    }
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
  }
  return out;
}

/** 排名发布: pick a county, month and class; see the published versions, each frozen, and what a correction changed. */
export function PublishedRankingsPage() {
  const t = useT(reportMessages);
  const lang = useLang();
  const can = useCan();
  const months = useMemo(() => recentMonths(new Date()), []);
  const counties = useCounties();
  const [county, setCounty] = useState<string>();
  const [month, setMonth] = useState<string>(months[0] as string);
  const [unitKind, setUnitKind] = useState<UnitKind>('department');
  const [selectedId, setSelectedId] = useState<number>();
  const [publishing, setPublishing] = useState(false);

  useEffect(() => {
    const first = counties.data?.items[0];
    if (!county && first) setCounty(first.code);
  }, [counties.data, county]);

  const versions = usePublishedVersions(county, month, unitKind);
  const items = versions.data?.items ?? [];
  // The latest version unless the user picked another one of this month.
  const selected = items.find((v) => v.id === selectedId) ?? items[0];
  const ranking = usePublishedRanking(selected?.id);
  const diff = useRankingDiff(selected?.id, (selected?.version ?? 0) > 1);
  const changedUnitIds = useMemo(
    () => new Set((diff.data?.units ?? []).filter((u) => u.change !== 'unchanged').map((u) => u.unitId)),
    [diff.data],
  );
  const nextVersion = (items[0]?.version ?? 0) + 1;

  const versionColumns: ColumnsType<PublishedRankingSummary> = [
    {
      title: t('version'),
      dataIndex: 'version',
      width: 120,
      render: (v: number, r) => (
        <Space size={4}>
          {t('versionN', { version: v })}
          {r.latest ? <Tag color="blue">{t('latest')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('publishedAt'), dataIndex: 'publishedAt', width: 170, render: (at: string) => beijing(at, lang) },
    { title: t('publishedBy'), dataIndex: 'publishedBy', width: 160 },
    { title: t('note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
    { title: t('reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
  ];

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('help')}
        extra={
          can('reports:publish') && county ? (
            <Button type="primary" onClick={() => setPublishing(true)} data-testid="publish-ranking">
              {t(nextVersion > 1 ? 'publishCorrection' : 'publish')}
            </Button>
          ) : null
        }
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label={t('county')}
          id="ranking-county"
          style={{ minWidth: 180 }}
          value={county}
          placeholder={t('chooseCounty')}
          loading={counties.isPending}
          showSearch
          optionFilterProp="label"
          options={(counties.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))}
          onChange={(v) => {
            setCounty(v);
            setSelectedId(undefined);
          }}
        />
        <Select
          aria-label={t('month')}
          id="ranking-month"
          style={{ width: 130 }}
          value={month}
          options={months.map((m) => ({ value: m, label: m }))}
          onChange={(v) => {
            setMonth(v);
            setSelectedId(undefined);
          }}
        />
        <Select
          aria-label={t('unitKind')}
          id="ranking-kind"
          style={{ minWidth: 160 }}
          value={unitKind}
          options={UNIT_KINDS.map((k) => ({ value: k, label: kindLabel(lang, k) }))}
          onChange={(v) => {
            setUnitKind(v);
            setSelectedId(undefined);
          }}
        />
      </Space>
      {counties.error ? <LoadError error={counties.error} onRetry={() => counties.refetch()} /> : null}
      {versions.error ? <LoadError error={versions.error} onRetry={() => versions.refetch()} /> : null}

      <Card size="small" title={t('versions')} style={{ marginBottom: 16 }}>
        {versions.isPending && county ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noVersions')} />
        ) : (
          <Table<PublishedRankingSummary>
            data-testid="ranking-versions"
            rowKey="id"
            size="small"
            columns={versionColumns}
            dataSource={items}
            pagination={false}
            scroll={{ x: 700 }}
            rowSelection={{
              type: 'radio',
              selectedRowKeys: selected ? [selected.id] : [],
              onChange: (keys) => setSelectedId(Number(keys[0])),
            }}
            onRow={(r) => ({ onClick: () => setSelectedId(r.id), style: { cursor: 'pointer' } })}
          />
        )}
      </Card>

      {selected ? (
        ranking.error ? (
          <LoadError error={ranking.error} onRetry={() => ranking.refetch()} />
        ) : !ranking.data ? (
          <Skeleton active />
        ) : (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {selected.version > 1 && diff.data ? (
              <Card size="small" title={t('diffTitle', { version: diff.data.from?.version ?? selected.version - 1 })}>
                <DiffView diff={diff.data} />
              </Card>
            ) : null}
            <Card size="small" title={t('frozenTitle', { version: ranking.data.version })}>
              <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
                <Descriptions.Item label={t('publishedAt')}>
                  {beijing(ranking.data.publishedAt, lang)}
                </Descriptions.Item>
                {ranking.data.note ? (
                  <Descriptions.Item label={t('note')}>{ranking.data.note}</Descriptions.Item>
                ) : null}
                {ranking.data.reason ? (
                  <Descriptions.Item label={t('reason')}>{ranking.data.reason}</Descriptions.Item>
                ) : null}
              </Descriptions>
              <Typography.Paragraph type="secondary">
                {t('weights', {
                  response: ranking.data.weights.response,
                  resolution: ranking.data.weights.resolution,
                  satisfaction: ranking.data.weights.satisfaction,
                  min: ranking.data.minVolume,
                })}
                {changedUnitIds.size > 0 && selected.version > 1 ? ` ${t('changedRowHint')}` : ''}
              </Typography.Paragraph>
              <RedBlackLists ranking={ranking.data} />
              <div style={{ marginTop: 16 }}>
                <FrozenRankingTable
                  ranking={ranking.data}
                  changedUnitIds={selected.version > 1 ? changedUnitIds : undefined}
                />
              </div>
            </Card>
          </Space>
        )
      ) : null}

      {county ? (
        <PublishModal
          open={publishing}
          onClose={() => setPublishing(false)}
          county={county}
          month={month}
          unitKind={unitKind}
          nextVersion={nextVersion}
          onPublished={(p) => {
            setPublishing(false);
            setSelectedId(p.id);
          }}
        />
      ) : null}
    </>
  );
}
