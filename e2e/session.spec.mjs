// Sign-in errors and the session running out: a clear message, back to the login page, what was typed kept,
// and after signing in again the user is back where they were with their input restored.
import { assert, test, text, totpCode } from './support.mjs';

test('a wrong password is refused with a clear message', async (ctx) => {
  const page = await ctx.newPage();
  await page.goto(`${ctx.baseUrl}/login`);
  await page.locator('#login_username').fill('leader');
  await page.locator('#login_password').fill('not-the-password');
  await page.locator('form[id="login"] button[type="submit"]').click();
  const error = page.getByTestId('login-error');
  await error.waitFor();
  assert.match(await text(error), /用户名或密码错误/);
  await ctx.screenshot(page, 'wrong-password');
});

test('an expired session keeps the unsent form and comes back after login', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'sysadmin');
  await page.goto(`${ctx.baseUrl}/org/units`);
  await ctx.settle(page);
  await page.getByTestId('new-unit').click();
  await page.locator('#unit-form_name').fill('过期前填写的单位');
  await page.locator('#unit-form_divisionCode').click();
  await page.locator('#unit-form_divisionCode').fill('示范县');
  await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: '示范县' }).first().click();

  // The session ends on the server side (here: the cookie is gone), then the user presses save.
  await page.context().clearCookies();
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('next'), '/org/units');
  assert.equal(url.searchParams.get('reason'), 'expired');
  await page.locator('.ant-alert').getByText('登录已过期，请重新登录').waitFor();
  await ctx.settle(page);
  await ctx.screenshot(page, 'expired');

  const login = ctx.account('sysadmin');
  await page.locator('#login_username').fill(login.username);
  await page.locator('#login_password').fill(login.password);
  await page.locator('form[id="login"] button[type="submit"]').click();
  await page.locator('#login-totp_totp').fill(await totpCode(login));
  await page.locator('form[id="login-totp"] button[type="submit"]').click();
  await page.waitForURL((u) => u.pathname === '/org/units');

  await page.getByTestId('new-unit').click();
  assert.equal(await page.locator('#unit-form_name').inputValue(), '过期前填写的单位', 'the draft is restored');
  await page.getByText('已恢复登录过期前未提交的内容').waitFor();
  assert.match(await text(page.locator('.ant-modal')), /示范县/, 'the chosen division is restored too');
  await ctx.screenshot(page, 'draft-restored');
});
