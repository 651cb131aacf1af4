import { Alert, Button, Descriptions, Flex, Form, Input, Radio, Result, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useLocation } from 'react-router-dom';
import {
  REQUEST_STATE_LABELS,
  SATISFACTION_LABELS,
  SATISFACTIONS,
  type Satisfaction,
} from '../../../../contracts/requests';
import { isApiError } from '../../../lib/api';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useRateFromTrack, useTrack } from '../api/use-portal';
import { portalMessages } from '../messages';

const beijing = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).replace(/:\d{2}$/, '');

/**
 * Tracking by number and receipt code (查询进度): the public timeline (received, sent to which unit, accepted, the
 * reply's text, rated), the deadlines the unit is held to, and the rating form when a reply awaits it.
 */
export function PortalTrackPage() {
  const t = useT(portalMessages);
  const lang = useLang();
  const location = useLocation();
  const given = (location.state ?? {}) as { number?: string; code?: string };
  const [query, setQuery] = useState({ number: given.number ?? '', code: given.code ?? '' });
  const track = useTrack(query.number, query.code);
  const rate = useRateFromTrack();
  const [resolved, setResolved] = useState<boolean | null>(null);
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);

  const view = track.data;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('trackTitle')}
      </Typography.Title>
      <Form
        layout="vertical"
        size="large"
        initialValues={query}
        onFinish={(v: { number: string; code: string }) => setQuery({ number: v.number.trim(), code: v.code.trim() })}
      >
        <Form.Item name="number" label={t('number')} rules={[{ required: true, pattern: /^\s*\d{13}\s*$/ }]}>
          <Input inputMode="numeric" maxLength={13} data-testid="track-number" />
        </Form.Item>
        <Form.Item name="code" label={t('receiptCode')} rules={[{ required: true, min: 8 }]}>
          <Input maxLength={8} style={{ textTransform: 'uppercase' }} data-testid="track-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={track.isFetching} data-testid="track-submit">
          {t('trackSearch')}
        </Button>
      </Form>
      {track.isError ? (
        <Alert
          type="error"
          showIcon
          data-testid="track-error"
          message={isApiError(track.error, 'REQUEST_NOT_FOUND') ? t('trackNotFound') : track.error.message}
        />
      ) : null}
      {view ? (
        <Flex vertical gap={12} data-testid="track-result">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('number')}>{view.number}</Descriptions.Item>
            <Descriptions.Item label={t('state')}>
              <Tag color="processing" data-testid="track-state">
                {pick(lang, REQUEST_STATE_LABELS[view.state])}
              </Tag>
            </Descriptions.Item>
            {view.leadUnitName ? (
              <Descriptions.Item label={t('leadUnit')}>{view.leadUnitName}</Descriptions.Item>
            ) : null}
            {view.responseDeadline ? (
              <Descriptions.Item label={t('responseDeadline')}>{beijing(view.responseDeadline)}</Descriptions.Item>
            ) : null}
            {view.resolutionDeadline ? (
              <Descriptions.Item label={t('resolutionDeadline')}>{beijing(view.resolutionDeadline)}</Descriptions.Item>
            ) : null}
          </Descriptions>
          <Typography.Text strong>{t('timeline')}</Typography.Text>
          <Timeline
            data-testid="track-timeline"
            items={view.timeline.map((s) => ({
              children: (
                <div data-testid={`track-step-${s.type}`}>
                  <Typography.Text strong>
                    {t(`step_${s.type}`)}
                    {s.unitName ? ` ${s.unitName}` : ''}
                  </Typography.Text>
                  <div>
                    <Typography.Text type="secondary">{beijing(s.at)}</Typography.Text>
                  </div>
                  {s.type === 'replied' && s.text ? (
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>
                      {s.text}
                    </Typography.Paragraph>
                  ) : null}
                  {s.satisfaction ? <Tag>{pick(lang, SATISFACTION_LABELS[s.satisfaction])}</Tag> : null}
                </div>
              ),
            }))}
          />
          {rate.isSuccess ? (
            <div data-testid="track-rated">
              <Result status="success" title={t('rated')} />
            </div>
          ) : view.canRate ? (
            <Flex vertical gap={12} data-testid="track-rate">
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('rateTitle')}
              </Typography.Title>
              <Typography.Text>{t('resolved')}</Typography.Text>
              <Radio.Group
                block
                optionType="button"
                buttonStyle="solid"
                size="large"
                value={resolved}
                onChange={(e) => setResolved(e.target.value as boolean)}
                options={[
                  { value: true, label: t('yes') },
                  { value: false, label: t('no') },
                ]}
                data-testid="track-resolved"
              />
              <Typography.Text>{t('satisfaction')}</Typography.Text>
              <Radio.Group
                block
                optionType="button"
                buttonStyle="solid"
                size="large"
                value={satisfaction}
                onChange={(e) => setSatisfaction(e.target.value as Satisfaction)}
                options={SATISFACTIONS.map((s) => ({ value: s, label: pick(lang, SATISFACTION_LABELS[s]) }))}
                data-testid="track-satisfaction"
              />
              <Input.TextArea
                rows={3}
                maxLength={1000}
                placeholder={t('comment')}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
              {missing && (resolved === null || satisfaction === null) ? (
                <Alert type="warning" showIcon message={t('rateBoth')} />
              ) : null}
              {rate.isError ? <Alert type="error" showIcon message={rate.error.message} /> : null}
              <Button
                type="primary"
                size="large"
                block
                loading={rate.isPending}
                data-testid="track-rate-submit"
                onClick={() => {
                  if (resolved === null || satisfaction === null) return setMissing(true);
                  rate.mutate({
                    number: view.number,
                    code: query.code,
                    resolved,
                    satisfaction,
                    ...(comment.trim() ? { comment: comment.trim() } : {}),
                  });
                }}
              >
                {t('rateSubmit')}
              </Button>
            </Flex>
          ) : null}
        </Flex>
      ) : null}
    </Flex>
  );
}
