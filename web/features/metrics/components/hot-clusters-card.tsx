import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { HotClustersResponse } from '../../../../contracts/requests';
import { LoadError } from '../../../components/page-states';
import { api } from '../../../lib/api';
import { defineMessages, useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { metricsKeys } from '../api/keys';

const messages = defineMessages({
  clustersTitle: { zh: '热点问题', en: 'Hot problems' },
  clustersHelp: {
    zh: '同一地点、内容相近的诉求（同一具体问题被反复反映）；增幅与上一周期相比。',
    en: 'Similar requests at the same place (one concrete problem reported again and again); growth against the previous period.',
  },
  clustersWeek: { zh: '近 7 天', en: 'Last 7 days' },
  clustersMonth: { zh: '近 30 天', en: 'Last 30 days' },
  clustersSize: { zh: '{n} 件', en: '{n} requests' },
  clustersNew: { zh: '新出现', en: 'New' },
  clustersGrowth: { zh: '较上期 {pct}', en: '{pct} vs previous' },
  clustersPrevious: { zh: '上期 {n} 件', en: 'previous {n}' },
  clustersEmpty: { zh: '该期间没有 3 件以上的同一问题', en: 'No problem reported 3 or more times in this period' },
});

/** GET /api/requests/hot-clusters: clusters of the last 7 or 30 days in the reader's scope. */
function useHotClusters(period: 'week' | 'month', enabled: boolean) {
  return useQuery({
    queryKey: [...metricsKeys.all, 'hot-clusters', period] as const,
    queryFn: () => api.get<HotClustersResponse>('/api/requests/hot-clusters', { period }),
    enabled,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

/**
 * 热点问题 on the leader dashboard: concrete problems reported several times at one place (issue #7 point 4), with
 * their size, growth and the requests behind them. Needs requests:read (the clusters list requests).
 */
export function HotClustersCard() {
  const t = useT(messages);
  const canRead = useCan()('requests:read');
  const [period, setPeriod] = useState<'week' | 'month'>('week');
  const query = useHotClusters(period, canRead);
  if (!canRead) return null;
  const data = query.data;
  return (
    <Card
      size="small"
      title={t('clustersTitle')}
      data-testid="hot-clusters"
      style={{ marginTop: 12 }}
      loading={query.isPending}
      extra={
        <Segmented
          size="small"
          value={period}
          onChange={(v) => setPeriod(v as 'week' | 'month')}
          options={[
            { value: 'week', label: t('clustersWeek') },
            { value: 'month', label: t('clustersMonth') },
          ]}
        />
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('clustersHelp')}
      </Typography.Paragraph>
      {query.error ? <LoadError error={query.error} onRetry={() => query.refetch()} /> : null}
      {data && data.clusters.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('clustersEmpty')} />
      ) : null}
      {data && data.clusters.length > 0 ? (
        <List
          size="small"
          dataSource={data.clusters.slice(0, 10)}
          renderItem={(c, i) => (
            <List.Item data-testid={`hot-cluster-${i}`}>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Typography.Text strong>{c.title}</Typography.Text>
                  <Typography.Text type="secondary">· {c.divisionName}</Typography.Text>
                  <Tag color="red">{t('clustersSize', { n: c.size })}</Tag>
                  {c.growth === null ? (
                    <Tag color="volcano">{t('clustersNew')}</Tag>
                  ) : (
                    <Tag color={c.growth > 0 ? 'orange' : 'default'}>
                      {t('clustersGrowth', { pct: `${c.growth > 0 ? '+' : ''}${Math.round(c.growth * 100)}%` })}
                    </Tag>
                  )}
                  {c.previous > 0 ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('clustersPrevious', { n: c.previous })}
                    </Typography.Text>
                  ) : null}
                </Space>
                <Space wrap size={[8, 0]}>
                  {c.requests.slice(0, 8).map((r) => (
                    <Link key={r.id} to={`/requests/${r.id}`} style={{ fontSize: 12 }} title={r.title ?? undefined}>
                      {r.number} {dayjs(r.receivedAt).format('MM-DD')}
                    </Link>
                  ))}
                  {c.requests.length > 8 ? <Typography.Text type="secondary">…</Typography.Text> : null}
                </Space>
              </Space>
            </List.Item>
          )}
        />
      ) : null}
    </Card>
  );
}
