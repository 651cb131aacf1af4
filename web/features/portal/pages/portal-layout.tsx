import { Flex, Typography, theme } from 'antd';
import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import { LanguageSwitch } from '../../../components/language-switch';
import { PageLoading } from '../../../components/page-states';
import { BRAND_RED } from '../../../lib/brand';
import { useT } from '../../../lib/i18n';
import { portalMessages } from '../messages';

const NAV = [
  ['/portal', 'navHome'],
  ['/portal/submit', 'navSubmit'],
  ['/portal/track', 'navTrack'],
  ['/portal/rankings', 'navRankings'],
  ['/portal/commitments', 'navCommitments'],
  ['/portal/misconduct', 'navMisconduct'],
] as const;

/** The citizens' pages: no session, a phone-first column under a red header with the portal's sections. */
export function PortalLayout() {
  const t = useT(portalMessages);
  const { token } = theme.useToken();
  return (
    <div style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <header style={{ background: BRAND_RED, color: '#fff', padding: '8px 12px' }} className="portal-noprint">
        <Flex justify="space-between" align="center">
          <Typography.Text strong style={{ color: '#fff', fontSize: 16 }}>
            连心 · {t('portalName')}
          </Typography.Text>
          <span style={{ background: '#fff', borderRadius: 6 }}>
            <LanguageSwitch compact />
          </span>
        </Flex>
        <nav aria-label={t('portalName')}>
          <Flex gap={12} wrap style={{ marginTop: 6 }}>
            {NAV.map(([to, key]) => (
              <NavLink
                key={to}
                to={to}
                end={to === '/portal'}
                style={({ isActive }) => ({
                  color: '#fff',
                  opacity: isActive ? 1 : 0.8,
                  fontWeight: isActive ? 700 : 400,
                  textDecoration: isActive ? 'underline' : 'none',
                })}
              >
                {t(key)}
              </NavLink>
            ))}
          </Flex>
        </nav>
      </header>
      <main style={{ maxWidth: 640, margin: '0 auto', padding: 12 }}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
      <style>{'@media print { .portal-noprint { display: none !important; } }'}</style>
    </div>
  );
}
