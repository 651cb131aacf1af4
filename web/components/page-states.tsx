import { Button, Result, Spin } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../lib/i18n';

export function PageLoading() {
  const t = useT();
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 48 }} role="status" aria-live="polite">
      <Spin tip={t('loading')}>
        <div style={{ width: 80, height: 40 }} />
      </Spin>
    </div>
  );
}

export function Forbidden() {
  const t = useT();
  return (
    <Result
      status="403"
      title={t('forbiddenTitle')}
      subTitle={t('forbiddenText')}
      extra={
        <Link to="/">
          <Button type="primary">{t('backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t('notFoundTitle')}
      extra={
        <Link to="/">
          <Button type="primary">{t('backHome')}</Button>
        </Link>
      }
    />
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  return (
    <Result
      status="warning"
      title={t('loadFailed')}
      subTitle={error instanceof Error ? error.message : undefined}
      extra={onRetry ? <Button onClick={onRetry}>{t('retry')}</Button> : undefined}
    />
  );
}
