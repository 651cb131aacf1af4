import { Alert, Button, Descriptions, Flex, Input, Radio, Result, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import type { RatingLinkStatus } from '../../../../contracts/rating-links';
import { SATISFACTION_LABELS, SATISFACTIONS, type Satisfaction } from '../../../../contracts/requests';
import { PageLoading } from '../../../components/page-states';
import { isApiError } from '../../../lib/api';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useRateByLink, useRatingLink } from '../api/use-rating-link';
import { ratingMessages } from '../messages';

const beijing = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).replace(/:\d{2}$/, '');

const CLOSED: Record<Exclude<RatingLinkStatus, 'open'>, 'used' | 'expired' | 'superseded'> = {
  used: 'used',
  expired: 'expired',
  superseded: 'superseded',
};

/**
 * The citizen's rating page (回访), reached from the text message's one-time link without signing in: the reply,
 * then two questions (solved? satisfied?) and an optional comment; a thank-you once sent. Made for a phone.
 */
export function RatePage() {
  const { token = '' } = useParams();
  const t = useT(ratingMessages);
  const lang = useLang();
  const link = useRatingLink(token);
  const rate = useRateByLink(token);
  const [resolved, setResolved] = useState<boolean | null>(null);
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);

  if (link.isPending) return <PageLoading />;
  if (link.isError) {
    return (
      <div data-testid="rate-invalid">
        <Result status="warning" title={t('invalid')} />
      </div>
    );
  }
  if (rate.isSuccess) {
    return (
      <div data-testid="rate-thanks">
        <Result
          status="success"
          title={t('thanks')}
          subTitle={rate.data.reopened ? t('thanksReopened') : t('thanksDone')}
        />
      </div>
    );
  }
  const view = link.data;
  const submit = () => {
    if (resolved === null || satisfaction === null) {
      setMissing(true);
      return;
    }
    rate.mutate({ resolved, satisfaction, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0, textAlign: 'center' }}>
        {t('title')}
      </Typography.Title>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('number')}>{view.number}</Descriptions.Item>
        <Descriptions.Item label={t('receivedAt')}>{beijing(view.receivedAt)}</Descriptions.Item>
        {view.categoryName ? <Descriptions.Item label={t('category')}>{view.categoryName}</Descriptions.Item> : null}
        {view.reply?.unitName ? (
          <Descriptions.Item label={t('repliedBy')}>{view.reply.unitName}</Descriptions.Item>
        ) : null}
      </Descriptions>
      {view.reply ? (
        <div>
          <Typography.Text strong>{t('reply')}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 4 }} data-testid="rate-reply">
            {view.reply.text}
          </Typography.Paragraph>
        </div>
      ) : null}
      {view.status !== 'open' ? (
        <div data-testid="rate-closed">
          <Alert type="info" showIcon message={t(CLOSED[view.status])} />
        </div>
      ) : (
        <Flex vertical gap={16}>
          <div>
            <Typography.Text strong>{t('resolved')}</Typography.Text>
            <Radio.Group
              block
              optionType="button"
              buttonStyle="solid"
              size="large"
              style={{ marginTop: 8 }}
              value={resolved}
              onChange={(e) => setResolved(e.target.value as boolean)}
              options={[
                { value: true, label: t('yes') },
                { value: false, label: t('no') },
              ]}
            />
          </div>
          <div>
            <Typography.Text strong>{t('satisfaction')}</Typography.Text>
            <Radio.Group
              block
              optionType="button"
              buttonStyle="solid"
              size="large"
              style={{ marginTop: 8 }}
              value={satisfaction}
              onChange={(e) => setSatisfaction(e.target.value as Satisfaction)}
              options={SATISFACTIONS.map((s) => ({ value: s, label: pick(lang, SATISFACTION_LABELS[s]) }))}
            />
          </div>
          <div>
            <Typography.Text strong>{t('comment')}</Typography.Text>
            <Input.TextArea
              rows={3}
              maxLength={1000}
              style={{ marginTop: 8 }}
              placeholder={t('commentPlaceholder')}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          {missing && (resolved === null || satisfaction === null) ? (
            <Alert type="warning" showIcon message={t('chooseBoth')} />
          ) : null}
          {rate.isError ? (
            <Alert
              type="error"
              showIcon
              message={isApiError(rate.error, 'REQUEST_RATING_LINK_INVALID') ? t('invalid') : rate.error.message}
            />
          ) : null}
          <Button type="primary" size="large" block loading={rate.isPending} onClick={submit} data-testid="rate-submit">
            {t('submit')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
