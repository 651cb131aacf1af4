import { LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, type MenuProps, Typography, theme } from 'antd';
import { createElement, lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { ROLE_LABELS } from '../../../contracts/roles';
import { LanguageSwitch } from '../../components/language-switch';
import { PageLoading } from '../../components/page-states';
import { HeaderSearch } from '../../features/search/components/header-search';
import { BRAND_RED } from '../../lib/brand';
import { type Lang, pick, useLang, useT } from '../../lib/i18n';
import { NavContext } from '../../lib/nav';
import { useLogout, useMe } from '../../lib/session';
import { activeMenuKey, MENU, type MenuEntry, moduleEntries, visibleMenu } from '../menu';

type MenuItem = Required<MenuProps>['items'][number];

/** Loaded after the shell: the bell polls on its own and its drawer is not needed for the first paint. */
const NotificationBell = lazy(async () => ({
  default: (await import('../../features/notifications/components/notification-bell')).NotificationBell,
}));

function toItems(entries: MenuEntry[], lang: Lang): MenuItem[] {
  return entries.map((entry) => {
    const label = pick(lang, entry.label);
    const icon = entry.icon ? createElement(entry.icon, { key: entry.key }) : undefined;
    if (entry.children) return { key: entry.key, icon, label, children: toItems(entry.children, lang) };
    return { key: entry.key, icon, label: <Link to={entry.path ?? '/'}>{label}</Link> };
  });
}

const SIDER_COLLAPSED_KEY = 'lx.sider.collapsed';

/**
 * The shell of every signed-in page: a side menu built from the user's permissions (a drawer on
 * phones), the language switch and the user menu in the header, and the page in the middle.
 */
export function AppLayout() {
  const me = useMe();
  const lang = useLang();
  const t = useT();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const { token } = theme.useToken();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(SIDER_COLLAPSED_KEY) === '1');

  const entries = useMemo(() => visibleMenu(MENU, me.permissions), [me.permissions]);
  const items = useMemo(() => toItems(entries, lang), [entries, lang]);
  const modules = useMemo(() => moduleEntries(entries), [entries]);
  const active = activeMenuKey(entries, location.pathname);
  const [openKeys, setOpenKeys] = useState<string[]>(active.parents);

  // biome-ignore lint/correctness/useExhaustiveDependencies: close the phone drawer whenever the page changes
  useEffect(() => {
    setDrawerOpen(false);
  }, [location.pathname]);

  const toggleCollapsed = () => {
    setCollapsed((c) => {
      localStorage.setItem(SIDER_COLLAPSED_KEY, c ? '0' : '1');
      return !c;
    });
  };

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={active.key ? [active.key] : []}
      openKeys={collapsed && !isPhone ? undefined : openKeys}
      onOpenChange={setOpenKeys}
      style={{ borderInlineEnd: 'none' }}
      aria-label={t('menu')}
      data-testid="main-menu"
    />
  );

  const roleNames = me.roles.map((r) => pick(lang, ROLE_LABELS[r])).join('、');
  const brand = (
    <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 8, color: 'inherit', minWidth: 0 }}>
      <span
        aria-hidden
        style={{
          width: 28,
          height: 28,
          borderRadius: 6,
          background: BRAND_RED,
          color: '#fff',
          display: 'inline-flex',
          alignItems: 'center',
          justifyContent: 'center',
          fontWeight: 700,
          flex: 'none',
        }}
      >
        连
      </span>
      {!collapsed || isPhone ? (
        <Typography.Text strong ellipsis style={{ fontSize: 16 }}>
          {t('appName')}
        </Typography.Text>
      ) : null}
    </Link>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isPhone ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          width={260}
          title={brand}
          styles={{ body: { padding: 0 } }}
        >
          <nav aria-label={t('menu')}>{menu}</nav>
        </Drawer>
      ) : (
        <Layout.Sider
          theme="light"
          width={220}
          collapsible
          collapsed={collapsed}
          trigger={null}
          style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
        >
          <div style={{ height: 56, display: 'flex', alignItems: 'center', padding: '0 20px' }}>{brand}</div>
          <nav aria-label={t('menu')}>{menu}</nav>
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            padding: isPhone ? '0 8px' : '0 16px',
            height: 56,
            lineHeight: '56px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          {isPhone ? (
            <>
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('openMenu')}
                onClick={() => setDrawerOpen(true)}
                data-testid="menu-toggle"
              />
              {brand}
            </>
          ) : (
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              aria-label={collapsed ? t('expandMenu') : t('collapseMenu')}
              onClick={toggleCollapsed}
            />
          )}
          <div style={{ flex: 1 }} />
          <HeaderSearch compact={isPhone} />
          <Suspense fallback={null}>
            <NotificationBell />
          </Suspense>
          <LanguageSwitch compact={isPhone} />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'who', label: `${me.displayName}（${roleNames}）`, disabled: true },
                { type: 'divider' },
                { key: 'profile', icon: <UserOutlined />, label: t('profile') },
                { key: 'logout', icon: <LogoutOutlined />, label: t('logout') },
              ],
              onClick: async ({ key }) => {
                if (key === 'profile') navigate('/profile');
                if (key === 'logout') {
                  await logout();
                  navigate('/login', { replace: true });
                }
              },
            }}
          >
            <Button
              type="text"
              aria-label={`${me.displayName}: ${t('profile')} / ${t('logout')}`}
              data-testid="user-menu"
            >
              <Avatar size="small" style={{ background: token.colorPrimary }}>
                {me.displayName.slice(0, 1)}
              </Avatar>
              {isPhone ? null : <span style={{ marginInlineStart: 4 }}>{me.displayName}</span>}
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: isPhone ? 12 : 24, minWidth: 0 }}>
          <main id="main">
            <NavContext.Provider value={modules}>
              <Suspense fallback={<PageLoading />}>
                <Outlet />
              </Suspense>
            </NavContext.Provider>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
