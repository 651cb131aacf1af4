// A new administrator's first sign-in: the temporary password must be replaced, then a one-time code (TOTP)
// must be set up before anything else; from then on signing in asks for the code.
import { assert, test, text, totpCode } from './support.mjs';

const suffix = Date.now().toString(36).slice(-5);
const USERNAME = `audit.${suffix}`;
const PASSWORD = 'Lianxin#2026-audit-new';

test('a new administrator changes the temporary password and enrols a one-time code', async (ctx) => {
  const secadmin = await ctx.apiAs('secadmin');
  const created = await secadmin.post('/api/accounts', {
    username: USERNAME,
    displayName: `审计员${suffix}`,
    roles: ['audit_admin'],
    scope: { kind: 'all' },
  });
  assert.ok(created.temporaryPassword, 'the new account comes with a temporary password');

  const page = await ctx.newPage();
  await page.goto(`${ctx.baseUrl}/login`);
  await page.locator('#login_username').fill(USERNAME);
  await page.locator('#login_password').fill(created.temporaryPassword);
  await page.locator('form[id="login"] button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/account/password');
  await page.locator('#change-password_currentPassword').fill(created.temporaryPassword);
  await page.locator('#change-password_newPassword').fill(PASSWORD);
  await page.locator('#change-password_confirmPassword').fill(PASSWORD);
  await page.locator('form[id="change-password"] button[type="submit"]').click();

  // Administrators cannot go on without a second factor.
  await page.waitForURL((url) => url.pathname === '/account/totp');
  await page.getByTestId('totp-start').click();
  const secretText = page.getByTestId('totp-secret');
  await secretText.waitFor();
  await page.getByRole('img', { name: '动态验证码绑定二维码' }).waitFor();
  await ctx.settle(page);
  await ctx.screenshot(page, 'totp-enrolment');
  const secret = (await text(secretText)).trim();
  const login = { username: USERNAME, password: PASSWORD, roles: ['audit_admin'], totpSecret: secret };
  ctx.logins.push(login);
  // totpCode remembers the step, so the sign-in below waits for a fresh code (a code is accepted only once).
  await page.locator('#totp-confirm_code').fill(await totpCode(login));
  await page.locator('form[id="totp-confirm"] button[type="submit"]').click();
  await page.getByTestId('home').waitFor();
  await ctx.settle(page);
  await ctx.screenshot(page, 'home');

  // Next sign-in asks for the code.
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  // A wrong code is refused on the code field itself.
  await page.locator('#login_username').fill(USERNAME);
  await page.locator('#login_password').fill(PASSWORD);
  await page.locator('form[id="login"] button[type="submit"]').click();
  await page.locator('#login-totp_totp').fill('000000');
  await page.locator('form[id="login-totp"] button[type="submit"]').click();
  await page.locator('#login-totp_totp_help').getByText('动态验证码错误').waitFor();
  await ctx.screenshot(page, 'wrong-code');
  await ctx.signIn(page, USERNAME);
  await page.getByTestId('home').waitFor();
});
