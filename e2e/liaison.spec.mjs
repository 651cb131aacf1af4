// Mass liaison end to end on a phone: the demo cadre records a visit to a paired household with a problem found (the
// form survives a reload), the problem becomes a request the dispatcher finds in the 'new' queue, and the household's
// contact card renders with a QR code addressed to the portal submit page for that place and cadre.
import { assert, test } from './support.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true };
const suffix = Date.now().toString(36).slice(-5);
const PROBLEM = `村口便民桥栏杆松动断裂，老人孩子经过很危险（走访${suffix}）`;
let number = '';
let household = null;
let cadrePersonId = 0;

test('a cadre logs a visit with a problem on a 390×844 phone; the draft survives a reload', async (ctx) => {
  const cadre = await ctx.apiAs('cadre');
  const my = await cadre.get('/api/liaison/my');
  assert.ok(my.households.length > 0, 'the demo cadre is paired with a household');
  household = my.households[0];
  cadrePersonId = my.personId;

  const page = await ctx.newPage(PHONE);
  await ctx.signIn(page, 'cadre');
  await page.goto(`${ctx.baseUrl}/liaison/visit`);
  const form = page.getByTestId('visit-form');
  await form.waitFor();
  await ctx.settle(page);
  await ctx.assertNoHorizontalScroll(page, 'visit form');
  const started = Date.now();
  await form.locator('.ant-select').first().click();
  await page.locator('.ant-select-item-option').filter({ hasText: household.headName }).first().click();
  await page.getByRole('radio', { name: '入户走访' }).check({ force: true });
  await page.locator('textarea[id$="learned"]').fill('老人身体还好，家里缺劳力');
  await page.locator('textarea[id$="needs"]').fill('希望帮忙修桥');
  await page.locator('textarea[id$="problem"]').fill(PROBLEM);
  await page.waitForTimeout(300);
  await ctx.screenshot(page, 'visit-form');

  // A reload (a dropped connection, the phone locked) keeps what was typed.
  await page.reload();
  await form.waitFor();
  await page.locator('textarea[id$="problem"]').waitFor();
  await page.waitForFunction((text) => document.querySelector('textarea[id$="problem"]')?.value === text, PROBLEM);
  await page.getByRole('button', { name: '提交走访' }).click();
  const result = page.locator('.ant-result-success');
  await result.waitFor();
  const subtitle = await result.locator('.ant-result-subtitle').innerText();
  const match = subtitle.match(/诉求\s*(\S+?)，/);
  assert.ok(match, `the result names the request: ${subtitle}`);
  number = match[1];
  assert.match(subtitle, /已受理/);
  assert.ok(Date.now() - started < 60_000, 'a visit takes less than a minute');
  await ctx.settle(page);
  await ctx.assertNoHorizontalScroll(page, 'visit result');
  await ctx.screenshot(page, 'visit-saved');

  // The visit lists the request's number and state.
  await page.getByRole('tab', { name: '我的走访' }).click();
  await page.locator('.ant-tabs-tabpane-active').getByText(number).waitFor();
  const stored = await page.evaluate(() => localStorage.getItem('lx.liaison.visit-draft'));
  assert.equal(stored, null, 'the sent visit is no longer a draft');
});

test("the visit's problem appears in the dispatcher's new queue", async (ctx) => {
  assert.ok(number, 'the previous test recorded a request');
  const page = await ctx.newPage();
  await ctx.signIn(page, 'dispatcher');
  await page.goto(`${ctx.baseUrl}/requests?tab=new`);
  await ctx.settle(page);
  const table = page.getByTestId('requests-table');
  await table.getByRole('button', { name: number, exact: true }).waitFor();
  await ctx.screenshot(page, 'dispatcher-new-queue');
});

test('the contact card renders with a QR code that opens the portal submit page for the place and cadre', async (ctx) => {
  assert.ok(household, 'the first test found the household');
  const page = await ctx.newPage(PHONE);
  await ctx.signIn(page, 'leader');
  await page.goto(`${ctx.baseUrl}/api/liaison/households/${household.id}/contact-card`);
  const card = page.locator(`section.card[data-cadre="${cadrePersonId}"]`);
  await card.waitFor();
  assert.equal(await card.locator('.qr svg').count(), 1, 'the card carries an SVG QR code');
  const url = await card.locator('.url a').innerText();
  assert.match(url, new RegExp(`/portal/submit\\?division=${household.divisionCode}&cadre=${cadrePersonId}$`));
  assert.equal(await card.locator('.url a').getAttribute('href'), url);
  assert.match(await card.locator('.phone').innerText(), /^\d{3}\*{4}\d{4}$|—/);
  await ctx.screenshot(page, 'contact-card');
});

test('desk screens: the inspector sees the planted formalism patterns, the leader the figures, the organiser the ledger', async (ctx) => {
  const inspector = await ctx.newPage();
  await ctx.signIn(inspector, 'inspector');
  await inspector.goto(`${ctx.baseUrl}/liaison/formalism`);
  const flagged = inspector.getByTestId('formalism-table');
  for (const flag of ['短时集中登记', '内容空洞', '时间不合常理', '回访否认']) {
    await flagged.getByText(flag).first().waitFor();
  }
  await ctx.settle(inspector);
  await ctx.screenshot(inspector, 'formalism');

  const leader = await ctx.newPage();
  await ctx.signIn(leader, 'leader');
  await leader.goto(`${ctx.baseUrl}/liaison/figures`);
  const figures = leader.getByTestId('figures-table');
  await figures.getByText('合计').waitFor();
  await figures.getByText('青石镇').first().waitFor();
  // Leaders read the diaries of their scope's cadres.
  await leader.getByTestId('scope-diaries').locator('.ant-list-item').first().waitFor();
  await ctx.settle(leader);
  await ctx.screenshot(leader, 'figures');

  const organiser = await ctx.newPage();
  await ctx.signIn(organiser, 'sysadmin');
  await organiser.goto(`${ctx.baseUrl}/liaison/households`);
  await organiser.getByText(/农户 3000 户/).waitFor();
  await organiser.getByTestId('households-table').locator('tbody tr.ant-table-row').first().waitFor();
  await ctx.settle(organiser);
  await ctx.screenshot(organiser, 'households');
  await organiser.getByRole('button', { name: '结对覆盖' }).click();
  const coverage = organiser.locator('.ant-modal');
  await coverage.getByText('未达定额的干部').waitFor();
  await coverage.locator('tbody tr.ant-table-row').first().waitFor();
  await ctx.settle(organiser);
  await ctx.screenshot(organiser, 'coverage');
});
