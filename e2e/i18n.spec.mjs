// Simplified Chinese by default; the header switch turns the whole interface (menu, pages, antd components)
// into English, and the choice is remembered across reloads and sign-outs.
import { assert, test, text } from './support.mjs';

test('switching to English changes the interface and is remembered', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'leader');
  await page.getByTestId('home').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  const menu = page.getByTestId('main-menu');
  await menu.getByRole('link', { name: '首页', exact: true }).waitFor();

  await page.getByTestId('language-switch').click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await menu.getByRole('link', { name: 'Home', exact: true }).waitFor();
  assert.ok((await text(menu)).includes('Organisation'), 'the menu group is in English');
  await page.getByRole('heading', { name: /^Hello, / }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await ctx.settle(page);
  await ctx.screenshot(page, 'home-en');

  // antd's own texts follow (pagination), and the choice survives a reload.
  await page.goto(`${ctx.baseUrl}/org/people`);
  await ctx.settle(page);
  await page.getByRole('heading', { name: 'People' }).waitFor();
  await page
    .getByText(/\/ page/)
    .first()
    .waitFor();
  await ctx.screenshot(page, 'people-en');
  await page.reload();
  await page.getByRole('heading', { name: 'People' }).waitFor();

  // Server messages come back in English too (Accept-Language): the home card labels and scope.
  await page.goto(`${ctx.baseUrl}/`);
  await ctx.settle(page);
  const scope = await text(page.getByTestId('home-scope'));
  assert.doesNotMatch(scope, /[\u4e00-\u9fff]{2,}（/, 'the scope label is not the Chinese one');

  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await ctx.screenshot(page, 'login-en');

  // And back to Chinese from the login page.
  await page.getByTestId('language-switch').click();
  await page.getByRole('menuitem', { name: '简体中文' }).click();
  await page.getByRole('heading', { name: '登录' }).waitFor();
});
