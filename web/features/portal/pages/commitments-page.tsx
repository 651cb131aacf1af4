import { Alert, Button, Card, Empty, Flex, List, Rate, Segmented, Select, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { Commitment } from '../../../../contracts/liaison';
import { PageLoading } from '../../../components/page-states';
import { isApiError, issueMessage } from '../../../lib/api';
import { useT } from '../../../lib/i18n';
import { usePublicCommitments, useRateCommitment } from '../api/use-commitments';
import { portalMessages } from '../messages';

type Status = 'open' | 'onTime' | 'late';
const statusOf = (c: Commitment): Status => (c.fulfilledAt === null ? 'open' : c.onTime === false ? 'late' : 'onTime');
const STATUS_TAG = {
  open: ['processing', 'cmStatusOpen'],
  onTime: ['success', 'cmStatusOnTime'],
  late: ['warning', 'cmStatusLate'],
} as const;

/** The rating form of one fulfilled commitment: 1–5 stars, a field error when none is chosen, the result after. */
function RateCommitment({ c }: { c: Commitment }) {
  const t = useT(portalMessages);
  const rate = useRateCommitment();
  const [open, setOpen] = useState(false);
  const [score, setScore] = useState<number | null>(null);
  const [missing, setMissing] = useState(false);
  if (rate.isSuccess)
    return (
      <Alert
        type="success"
        showIcon
        data-testid="commitment-rated"
        message={t('cmRated', { avg: (rate.data.rating ?? 0).toFixed(1), n: rate.data.ratingCount })}
      />
    );
  if (!open)
    return (
      <Button onClick={() => setOpen(true)} data-testid="commitment-rate-open">
        {t('cmRate')}
      </Button>
    );
  const serverError = rate.isError
    ? isApiError(rate.error) && rate.error.fieldIssues[0]
      ? issueMessage(rate.error.fieldIssues[0])
      : rate.error.message
    : null;
  return (
    <Flex vertical gap={8} data-testid="commitment-rate-form">
      <Typography.Text>{t('cmRateAsk')}</Typography.Text>
      <Rate
        value={score ?? 0}
        onChange={(v) => {
          setScore(v || null);
          setMissing(false);
        }}
        style={{ fontSize: 28 }}
        aria-label={t('cmRateAsk')}
        data-testid="commitment-rate-stars"
      />
      {missing ? (
        <Typography.Text type="danger" role="alert" data-testid="commitment-rate-error">
          {t('cmRateMissing')}
        </Typography.Text>
      ) : null}
      {serverError ? <Alert type="error" showIcon message={serverError} data-testid="commitment-rate-error" /> : null}
      <Button
        type="primary"
        block
        loading={rate.isPending}
        data-testid="commitment-rate-submit"
        onClick={() => {
          if (score === null) return setMissing(true);
          rate.mutate({ id: c.id, score });
        }}
      >
        {t('cmRateSubmit')}
      </Button>
    </Flex>
  );
}

/**
 * The public commitments (承诺公示): who committed to what, by when, whether it was kept on time, the evidence when
 * fulfilled, and the public's rating — which anyone may add to a fulfilled commitment.
 */
export function PortalCommitmentsPage() {
  const t = useT(portalMessages);
  const list = usePublicCommitments();
  const [status, setStatus] = useState<'all' | Status>('all');
  const [kind, setKind] = useState<'all' | Commitment['kind']>('all');
  const items = useMemo(
    () =>
      (list.data?.items ?? []).filter(
        (c) => (status === 'all' || statusOf(c) === status) && (kind === 'all' || c.kind === kind),
      ),
    [list.data, status, kind],
  );
  if (list.isPending) return <PageLoading />;
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('cmTitle')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('cmIntro')}</Typography.Text>
      {list.isError ? <Alert type="error" showIcon message={list.error.message} /> : null}
      <Segmented
        block
        value={status}
        onChange={(v) => setStatus(v as 'all' | Status)}
        options={[
          { value: 'all', label: t('cmAll') },
          { value: 'open', label: t('cmStatusOpen') },
          { value: 'onTime', label: t('cmStatusOnTime') },
          { value: 'late', label: t('cmStatusLate') },
        ]}
        data-testid="commitments-status"
      />
      <Select
        aria-label={t('cmKind')}
        value={kind}
        onChange={setKind}
        options={[
          { value: 'all', label: t('cmAllKinds') },
          { value: 'post', label: t('cmKindPost') },
          { value: 'deed', label: t('cmKindDeed') },
        ]}
      />
      <List
        dataSource={items}
        locale={{ emptyText: <Empty description={t('cmNone')} /> }}
        pagination={items.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        data-testid="commitments-list"
        renderItem={(c) => {
          const s = statusOf(c);
          const [color, label] = STATUS_TAG[s];
          return (
            <Card size="small" style={{ marginBottom: 12 }} data-testid={`commitment-${c.id}`}>
              <Flex vertical gap={6}>
                <Flex justify="space-between" gap={8} align="start">
                  <Typography.Text strong style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                    {c.title}
                  </Typography.Text>
                  <Tag color={color} style={{ marginInlineEnd: 0 }} data-testid="commitment-status">
                    {t(label)}
                  </Tag>
                </Flex>
                <Typography.Text type="secondary">
                  {c.cadreName} · {t(c.kind === 'post' ? 'cmKindPost' : 'cmKindDeed')}
                </Typography.Text>
                <Typography.Paragraph style={{ margin: 0, overflowWrap: 'anywhere' }}>{c.content}</Typography.Paragraph>
                <Typography.Text>
                  {t('cmDeadline')}: {c.deadline}
                  {c.fulfilledAt ? ` · ${t('cmFulfilledOn')}: ${c.fulfilledAt.slice(0, 10)}` : ''}
                </Typography.Text>
                {c.evidence ? (
                  <Typography.Paragraph style={{ margin: 0, overflowWrap: 'anywhere' }}>
                    {t('cmEvidence')}: {c.evidence}
                  </Typography.Paragraph>
                ) : null}
                <Typography.Text data-testid="commitment-rating">
                  {c.ratingCount > 0 && c.rating !== null
                    ? t('cmRating', { avg: c.rating.toFixed(1), n: c.ratingCount })
                    : t('cmNoRating')}
                </Typography.Text>
                {c.fulfilledAt ? <RateCommitment key={c.id} c={c} /> : null}
              </Flex>
            </Card>
          );
        }}
      />
    </Flex>
  );
}
