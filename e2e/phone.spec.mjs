// Cadres use Lianxin on a phone in the village: the login, home and profile pages fit a 390-pixel screen
// without sideways scrolling, and the menu opens as a drawer.
import { test } from './support.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true };

test('a cadre uses login, home, menu and profile on a 390×844 phone', async (ctx) => {
  const page = await ctx.newPage(PHONE);
  await page.goto(`${ctx.baseUrl}/login`);
  await page.locator('#login_username').waitFor();
  await ctx.assertNoHorizontalScroll(page, 'login');
  await ctx.screenshot(page, 'login');

  await ctx.signIn(page, 'cadre');
  await page.getByTestId('home').waitFor();
  await ctx.settle(page);
  await ctx.assertNoHorizontalScroll(page, 'home');
  await ctx.screenshot(page, 'home');

  await page.getByTestId('menu-toggle').click();
  const menu = page.getByTestId('main-menu');
  await menu.getByRole('link', { name: '个人设置', exact: true }).waitFor();
  await ctx.settle(page);
  await ctx.assertNoHorizontalScroll(page, 'menu drawer');
  await ctx.screenshot(page, 'menu');
  await menu.getByRole('link', { name: '个人设置', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/profile');
  await page.getByRole('heading', { name: '个人设置' }).waitFor();
  await ctx.settle(page);
  await ctx.assertNoHorizontalScroll(page, 'profile');
  await ctx.screenshot(page, 'profile');

  // A wide list keeps its scrolling inside the table, not the page.
  await page.goto(`${ctx.baseUrl}/org/people`);
  await ctx.settle(page);
  await ctx.assertNoHorizontalScroll(page, 'people list');
  await ctx.screenshot(page, 'people');
});
