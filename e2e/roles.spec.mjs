// Each demo role signs in, sees exactly the menu its permissions allow, a home page with its real unit and
// scope, and can open every page in its menu without console errors.
import { ROLE_PERMISSIONS } from '../contracts/roles.ts';
import { assert, test, text } from './support.mjs';

/** The menu of web/app/menu.ts as the user sees it in Chinese: label, path and the permission it needs. */
const MENU = [
  { label: '首页', path: '/' },
  { label: '行政区划', path: '/org/divisions', permission: 'org:read', group: '组织机构' },
  { label: '单位', path: '/org/units', permission: 'org:read', group: '组织机构' },
  { label: '人员', path: '/org/people', permission: 'org:read', group: '组织机构' },
  { label: '账号与角色', path: '/accounts', permission: 'accounts:read' },
  { label: '工作日历', path: '/calendar', permission: 'calendar:read' },
  { label: '审计日志', path: '/audit', permission: 'audit:read' },
  { label: '个人设置', path: '/profile' },
];

const USERS = [
  'sysadmin',
  'secadmin',
  'auditor',
  'operator',
  'dispatcher',
  'handler',
  'township',
  'cadre',
  'inspector',
  'discipline',
  'leader',
];

for (const username of USERS) {
  test(`${username}: menu, home and pages`, async (ctx) => {
    const login = ctx.logins.find((l) => l.username === username);
    if (!login) throw new Error(`demo login ${username} is missing from demo-logins.json`);
    const granted = new Set(login.roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
    const page = await ctx.newPage();
    await ctx.signIn(page, username);

    await page.getByTestId('home').waitFor();
    await ctx.settle(page);
    const unit = (await text(page.getByTestId('home-unit'))).trim();
    const scope = (await text(page.getByTestId('home-scope'))).trim();
    assert.ok(unit.length > 0, 'the home page shows a unit');
    assert.ok(scope.length > 0, 'the home page shows the data scope');
    await ctx.screenshot(page, 'home');

    const menu = page.getByTestId('main-menu');
    // Open the organisation group so its entries are rendered.
    const orgGroup = menu.getByText('组织机构', { exact: true });
    if (await orgGroup.count()) {
      if (!(await menu.getByRole('link', { name: '单位', exact: true }).isVisible())) await orgGroup.click();
    }
    const menuText = await text(menu);
    for (const entry of MENU) {
      const allowed = !entry.permission || granted.has(entry.permission);
      const shown = await menu.getByRole('link', { name: entry.label, exact: true }).count();
      assert.equal(
        shown > 0,
        allowed,
        `${username}: menu entry ${entry.label} ${allowed ? 'missing' : 'should be hidden'} (menu: ${menuText.replace(/\s+/g, ' ')})`,
      );
      if (entry.group) assert.equal(menuText.includes(entry.group), allowed, `${username}: group ${entry.group}`);
    }

    for (const entry of MENU) {
      if (entry.path === '/' || (entry.permission && !granted.has(entry.permission))) continue;
      await menu.getByRole('link', { name: entry.label, exact: true }).click();
      await page.waitForURL((url) => url.pathname === entry.path);
      await page.locator('main h1').first().waitFor();
      await ctx.settle(page);
      await ctx.screenshot(page, entry.path.replaceAll('/', '-').slice(1));
    }

    // A page outside the role's permissions answers with "not allowed", not with data.
    const forbidden = MENU.find((e) => e.permission && !granted.has(e.permission));
    if (forbidden) {
      await page.goto(`${ctx.baseUrl}${forbidden.path}`);
      await page.getByText('无权访问').waitFor();
    }

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
  });
}
