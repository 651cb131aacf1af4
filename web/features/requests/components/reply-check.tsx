import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Progress, Space, Tag, Typography } from 'antd';
import type { ReplyCheckPreview } from '../../../../contracts/reply-check';
import { api } from '../../../lib/api';
import { defineMessages, pick, useLang, useT } from '../../../lib/i18n';
import { useDebounced } from '../../../lib/use-debounced';

const messages = defineMessages({
  replyCheckTitle: { zh: '答复审核预检', en: 'Reply check' },
  replyCheckPass: { zh: '可以提交', en: 'Can be sent' },
  replyCheckScore: {
    zh: '切题度 {score}（低于 {threshold} 视为答非所问）',
    en: 'Relevance {score} (below {threshold} is off-topic)',
  },
  replyCheckMatched: { zh: '与诉求相同的词', en: 'Words shared with the request' },
  replyCheckNoMatch: {
    zh: '答复没有提到诉求中的地点、对象或事项，请写明针对的是什么问题',
    en: 'The reply names nothing of the request (place, subject): say what it answers',
  },
  replyCheckWaiting: { zh: '输入答复后自动检查', en: 'Checked as you type' },
});

/** Shows, as the handler types, how the reply check will judge the draft: the verdict, the relevance score and the request's words the reply repeats. */
export function ReplyCheckBox({ requestId }: { requestId: number }) {
  const t = useT(messages);
  const lang = useLang();
  const form = Form.useFormInstance();
  const text = (Form.useWatch('text', form) as string | undefined) ?? '';
  const draft = useDebounced(text.trim(), 600);
  const query = useQuery({
    queryKey: ['requests', 'reply-check', requestId, draft],
    queryFn: () => api.post<ReplyCheckPreview>(`/api/requests/${requestId}/reply-check`, { text: draft }),
    enabled: draft.length > 0,
    retry: false,
    staleTime: 60_000,
  });
  const r = query.data;
  if (!draft || !r) {
    return (
      <Typography.Paragraph type="secondary" data-testid="reply-check" style={{ marginTop: -8 }}>
        {t('replyCheckWaiting')}
      </Typography.Paragraph>
    );
  }
  // The score is the estimated probability that the reply answers this request; it says nothing about a reply that is
  // empty or only stock phrases, so those show their verdict alone.
  const percent = Math.round(Math.min(1, Math.max(0, r.score)) * 100);
  const saysNothing = r.reason === 'empty' || r.reason === 'boilerplate';
  return (
    <Alert
      type={r.ok ? 'success' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="reply-check"
      data-ok={r.ok ? 'true' : 'false'}
      data-reason={r.reason ?? ''}
      message={
        <Space wrap>
          <Typography.Text strong>{t('replyCheckTitle')}:</Typography.Text>
          <span>{r.ok ? t('replyCheckPass') : r.message ? pick(lang, r.message) : ''}</span>
        </Space>
      }
      description={
        saysNothing ? null : (
          <>
            <Space align="center" wrap>
              <Progress
                percent={percent}
                size="small"
                showInfo={false}
                status={r.reason === 'off_topic' ? 'exception' : 'normal'}
                style={{ width: 120 }}
              />
              <Typography.Text type="secondary" data-testid="reply-check-score">
                {t('replyCheckScore', { score: r.score.toFixed(3), threshold: r.threshold })}
              </Typography.Text>
            </Space>
            <div data-testid="reply-check-matched">
              {r.matched.length ? (
                <Space size={[4, 4]} wrap>
                  <Typography.Text type="secondary">{t('replyCheckMatched')}:</Typography.Text>
                  {r.matched.map((word) => (
                    <Tag key={word} color="blue">
                      {word}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('replyCheckNoMatch')}</Typography.Text>
              )}
            </div>
          </>
        )
      }
    />
  );
}
