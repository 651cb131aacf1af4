// The administrators' pages end to end: accounts (create, forced password change, lockout and unlock),
// the working-day calendar (override a day and restore it) and the audit log (detail and chain check).
import { assert, test, text } from './support.mjs';

const suffix = Date.now().toString(36).slice(-5);
const USERNAME = `e2e.${suffix}`;
const NEW_PASSWORD = 'Lianxin#2026-village';

/** Pick an option in an antd Select by typing into it and clicking the match. */
async function choose(page, inputSelector, label) {
  const input = page.locator(inputSelector);
  await input.click();
  await input.fill(label);
  const option = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: label })
    .first();
  await option.waitFor();
  await option.click();
}

async function submitLogin(page, username, password) {
  await page.locator('#login_username').fill(username);
  await page.locator('#login_password').fill(password);
  await page.locator('form[id="login"] button[type="submit"]').click();
}

test('a security admin creates an account; the new user must change the password; lockout and unlock', async (ctx) => {
  const admin = await ctx.newPage();
  await ctx.signIn(admin, 'secadmin');
  await admin.goto(`${ctx.baseUrl}/accounts`);
  await ctx.settle(admin);

  await admin.getByRole('button', { name: '新建账号' }).click();
  await admin.locator('#account-form_username').fill(USERNAME);
  await admin.locator('#account-form_displayName').fill(`测试干部${suffix}`);
  // The three administrator roles exclude each other, before the server is even asked.
  await choose(admin, '#account-form_roles', '系统管理员');
  await choose(admin, '#account-form_roles', '审计管理员');
  await admin.getByText('系统、安全、审计管理员角色只能选其一').waitFor();
  await admin.locator('#account-form_roles').press('Backspace');
  await admin.locator('#account-form_roles').press('Backspace');
  await choose(admin, '#account-form_roles', '干部');
  await choose(admin, '#account-form_scopeUnitId', '荷河村');
  await ctx.screenshot(admin, 'account-form');
  await admin.locator('.ant-modal').getByRole('button', { name: '保存' }).click();
  const temporary = admin.getByTestId('temporary-password').locator('code');
  await temporary.waitFor();
  const temporaryPassword = (await text(temporary)).trim();
  assert.ok(temporaryPassword.length >= 8, 'a temporary password is shown once');
  await ctx.settle(admin);
  await ctx.screenshot(admin, 'temporary-password');
  await admin.locator('.ant-modal-confirm').getByRole('button', { name: '我已记下' }).click();

  // The new user signs in with the temporary password and must set their own first.
  const user = await ctx.newPage();
  await user.goto(`${ctx.baseUrl}/login`);
  await submitLogin(user, USERNAME, temporaryPassword);
  await user.waitForURL((url) => url.pathname === '/account/password');
  await user.locator('#change-password_currentPassword').fill(temporaryPassword);
  await user.locator('#change-password_newPassword').fill('short');
  await user.locator('#change-password_confirmPassword').fill('short');
  await user.locator('form[id="change-password"] button[type="submit"]').click();
  // The server's policy reasons appear under the field, in the user's language.
  await user.locator('#change-password_newPassword_help').waitFor();
  await ctx.screenshot(user, 'weak-password');
  await user.locator('#change-password_newPassword').fill(NEW_PASSWORD);
  await user.locator('#change-password_confirmPassword').fill(NEW_PASSWORD);
  await user.locator('form[id="change-password"] button[type="submit"]').click();
  await user.getByTestId('home').waitFor();
  await ctx.settle(user);
  await ctx.screenshot(user, 'new-user-home');

  // Wrong passwords lock the account; the login page says for how long.
  const intruder = await ctx.newPage();
  await intruder.goto(`${ctx.baseUrl}/login`);
  let locked = false;
  for (let attempt = 0; attempt < 8 && !locked; attempt++) {
    await submitLogin(intruder, USERNAME, `wrong-${attempt}`);
    const error = intruder.getByTestId('login-error');
    await error.waitFor();
    await intruder.waitForLoadState('networkidle');
    locked = (await text(error)).includes('账号已锁定');
  }
  assert.ok(locked, 'the account is locked after repeated failures');
  assert.match(await text(intruder.getByTestId('login-error')), /请在 .*秒后再试/);
  await ctx.screenshot(intruder, 'locked');

  // The security administrator unlocks it.
  await admin.locator('input#q').fill(USERNAME);
  await admin.getByRole('button', { name: '查询' }).click();
  await admin.getByTestId('accounts-table').locator('.ant-tag', { hasText: '已锁定' }).waitFor();
  await admin.getByRole('button', { name: `更多 ${USERNAME}` }).click();
  await admin.getByRole('menuitem', { name: '解锁' }).click();
  await admin.getByText('已解锁').waitFor();
  await submitLogin(intruder, USERNAME, NEW_PASSWORD);
  await intruder.getByTestId('home').waitFor();
});

test('an administrator overrides a calendar day and restores it', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'sysadmin');
  await page.goto(`${ctx.baseUrl}/calendar`);
  await ctx.settle(page);
  const year = new Date().getFullYear();
  const day = `${year}-12-30`;
  const cell = page.getByTestId(`day-${day}`);
  await cell.click();
  await page.locator('.ant-modal').getByText('休息').click();
  await page.locator('#calendar-day_name').fill('端到端测试调休');
  await page.locator('.ant-modal').getByRole('button', { name: '保存' }).click();
  await page.locator('.ant-modal').waitFor({ state: 'detached' });
  await ctx.settle(page);
  assert.match((await cell.getAttribute('aria-label')) ?? '', /端到端测试调休.*已人工调整/);
  await ctx.screenshot(page, 'calendar-override');

  await cell.click();
  await page.getByRole('button', { name: '恢复默认' }).click();
  await page.locator('.ant-modal').waitFor({ state: 'detached' });
  await ctx.settle(page);
  assert.doesNotMatch((await cell.getAttribute('aria-label')) ?? '', /已人工调整/);
});

test('the audit administrator reads an entry and verifies the chain', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'auditor');
  await page.goto(`${ctx.baseUrl}/audit`);
  await ctx.settle(page);
  await page.getByTestId('audit-table').locator('tbody tr a[role=button]').first().click();
  await page.getByTestId('audit-detail').waitFor();
  await ctx.settle(page);
  await ctx.screenshot(page, 'audit-detail');
  await page.locator('.ant-drawer-close').click();

  await page.getByTestId('verify-chain').click();
  const result = page.getByTestId('verify-result');
  await result.waitFor();
  assert.match(await text(result), /校验通过/);
  await ctx.screenshot(page, 'audit-verified');
});
