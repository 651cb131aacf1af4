import { Card, Flex, Typography, theme } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { Outlet } from 'react-router-dom';
import { LanguageSwitch } from '../../components/language-switch';
import { PageLoading } from '../../components/page-states';
import { BRAND_RED } from '../../lib/brand';
import { useT } from '../../lib/i18n';

/** A centred card for the pages before the shell: login, forced password change, TOTP enrolment. */
export function AuthLayout({ children }: { children?: ReactNode }) {
  const t = useT();
  const { token } = theme.useToken();
  return (
    <div style={{ minHeight: '100vh', background: token.colorBgLayout, display: 'flex', flexDirection: 'column' }}>
      <Flex justify="flex-end" style={{ padding: 8 }}>
        <LanguageSwitch />
      </Flex>
      <main
        style={{ flex: 1, display: 'flex', justifyContent: 'center', alignItems: 'flex-start', padding: '4vh 12px' }}
      >
        <Card style={{ width: '100%', maxWidth: 420 }}>
          <Flex vertical align="center" gap={4} style={{ marginBottom: 16 }}>
            <span
              aria-hidden
              style={{
                width: 44,
                height: 44,
                borderRadius: 10,
                background: BRAND_RED,
                color: '#fff',
                display: 'inline-flex',
                alignItems: 'center',
                justifyContent: 'center',
                fontSize: 22,
                fontWeight: 700,
              }}
            >
              连
            </span>
            <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
              {t('appFullName')}
            </Typography.Text>
          </Flex>
          <Suspense fallback={<PageLoading />}>{children ?? <Outlet />}</Suspense>
        </Card>
      </main>
    </div>
  );
}
