// The figures of 接诉即办 in the browser: the leader's dashboard shows the three rates of the demo year (the same
// numbers the API computes) in Chinese and in English; a row of the monthly ranking opens that unit's requests of the
// month, and a request number opens the request; a handler finds the own unit's scorecard in the menu.
import { assert, test, text } from './support.mjs';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** 'YYYY-MM' moved by n months. */
function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The dashboard's default period, computed independently: the six complete Shanghai months before this one. */
function defaultPeriod() {
  const current = new Date(Date.now() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
  const to = addMonths(current, -1);
  return { from: addMonths(to, -5), to };
}

const percent = (rate) => `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

/** The big figure of a rate card (antd Statistic). */
const figureOf = (page, key) => page.getByTestId(`rate-${key}`).locator('.ant-statistic-content');

test('the leader dashboard shows the three rates of the demo data in Chinese and in English', async (ctx) => {
  const { from, to } = defaultPeriod();
  const api = await ctx.apiAs('leader');
  const expected = await api.get(`/api/metrics/divisions?from=${from}&to=${to}&level=county`);
  assert.ok(expected.total.requests > 0, `the demo data has requests between ${from} and ${to}`);

  const page = await ctx.newPage();
  await ctx.signIn(page, 'leader');
  const menu = page.getByTestId('main-menu');
  await menu.getByText('办理成效').click();
  await menu.getByRole('link', { name: '领导驾驶舱' }).click();
  await page.waitForURL('**/metrics');
  await page.getByRole('heading', { name: '领导驾驶舱' }).waitFor();
  await figureOf(page, 'response').waitFor();
  await ctx.settle(page);

  for (const key of ['response', 'resolution', 'satisfaction']) {
    const shown = (await text(figureOf(page, key))).trim();
    assert.equal(shown, percent(expected.total.rates[key]), `${key} rate shown as the API counts it`);
  }
  assert.match(await text(page.getByTestId('rate-response')), /响应率/);
  assert.match(await text(page.getByTestId('rate-satisfaction')), /满意率/);
  assert.equal(
    (await text(page.getByTestId('count-overdue').locator('.ant-statistic-content'))).trim(),
    String(expected.total.overdue),
  );
  // The trend is drawn and the ranking of the period's last month is listed.
  await page.getByTestId('rate-trend-chart').locator('canvas').first().waitFor();
  assert.match(await text(page.getByTestId('dashboard-ranking')), new RegExp(`${to} 综合排名`));
  await page.getByTestId('hot-topics').waitFor();
  await ctx.screenshot(page, 'dashboard-zh');

  await page.getByTestId('language-switch').click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Leader dashboard' }).waitFor();
  await ctx.settle(page);
  assert.match(await text(page.getByTestId('rate-response')), /Response rate/);
  assert.match(await text(page.getByTestId('rate-resolution')), /Resolution rate/);
  assert.match(await text(page.getByTestId('rate-satisfaction')), /Satisfaction rate/);
  assert.equal((await text(figureOf(page, 'resolution'))).trim(), percent(expected.total.rates.resolution));
  assert.match(await text(page.getByTestId('dashboard-ranking')), new RegExp(`Composite ranking, ${to}`));
  await ctx.assertNoHorizontalScroll(page, 'dashboard in English');
  await ctx.screenshot(page, 'dashboard-en');

  // A rate opens the requests behind it.
  await page.getByTestId('rate-response').click();
  await page.waitForURL((url) => url.pathname === '/metrics/drill' && url.searchParams.get('figure') === 'response');
  await page.getByTestId('drill-request-link').first().waitFor();

  // A leader on a phone: the figures stack, nothing is wider than the screen.
  const phone = await ctx.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
  await ctx.signIn(phone, 'leader', { next: '/metrics' });
  await figureOf(phone, 'satisfaction').waitFor();
  await ctx.settle(phone);
  assert.equal((await text(figureOf(phone, 'satisfaction'))).trim(), percent(expected.total.rates.satisfaction));
  await ctx.assertNoHorizontalScroll(phone, 'dashboard on a phone');
  await ctx.screenshot(phone, 'dashboard-phone');
});

test('a ranking row opens that unit’s requests of the month, and a number opens the request', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'leader');
  await page.goto(`${ctx.baseUrl}/metrics/ranking`);
  await page.getByRole('heading', { name: '月度排名' }).waitFor();
  const table = page.getByTestId('ranking-table');
  const firstRow = table.locator('tbody tr.ant-table-row').first();
  await firstRow.waitFor();
  await ctx.settle(page);
  await ctx.screenshot(page, 'ranking');

  // The export downloads the ranking shown, as a workbook named after the month.
  const month = await page
    .getByTestId('ranking-month')
    .evaluate((el) => (el instanceof HTMLInputElement ? el : el.querySelector('input'))?.value ?? '');
  assert.match(month, /^\d{4}-\d{2}$/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  assert.equal(download.suggestedFilename(), `综合排名-${month}.xlsx`);

  const unitName = (await text(firstRow.locator('td').nth(1))).trim();
  const volume = Number((await text(firstRow.locator('td').nth(-2))).trim());
  assert.ok(unitName.length > 0 && volume > 0, `the first row is a unit with requests (${unitName}: ${volume})`);
  // Click the row (its score cell), not the unit's name, which opens the scorecard.
  await firstRow.locator('td').nth(2).click();
  await page.waitForURL((url) => url.pathname === '/metrics/drill' && url.searchParams.has('unitId'));
  const drill = page.getByTestId('drill-table');
  const links = drill.getByTestId('drill-request-link');
  await links.first().waitFor();
  await ctx.settle(page);
  await page.getByRole('heading', { name: /派单量/ }).waitFor();
  assert.ok((await text(page.getByTestId('drill-page'))).includes(unitName), 'the drill page names the unit');
  // As many requests as the ranking counted for the unit.
  assert.ok((await text(drill.locator('.ant-pagination-total-text'))).includes(`共 ${volume} 条`));
  const numbers = (await links.allTextContents()).map((n) => n.trim());
  assert.ok(numbers.length > 0 && numbers.every((n) => /^\d{13}$/.test(n)), `request numbers listed: ${numbers}`);
  await ctx.screenshot(page, 'drill');

  await links.first().click();
  await page.waitForURL(/\/requests\/\d+$/);
  await page.getByTestId('request-detail').waitFor();
  assert.equal((await text(page.getByTestId('request-number'))).trim(), numbers[0]);
  await ctx.settle(page);
  await ctx.screenshot(page, 'request');
});

test('a handler opens the own unit’s scorecard from the menu and sees why it scored what it did', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'handler');
  const menu = page.getByTestId('main-menu');
  assert.ok(!(await text(menu)).includes('领导驾驶舱'), 'no dashboard for a handler');
  await menu.getByText('办理成效').click();
  await menu.getByRole('link', { name: '本单位成绩单' }).click();
  await page.waitForURL(/\/metrics\/units\/\d+/);
  await page.getByRole('heading', { name: /住房和城乡建设局 成绩单/ }).waitFor();
  await page.getByTestId('score-breakdown').waitFor();
  await ctx.settle(page);
  const breakdown = await text(page.getByTestId('score-breakdown'));
  for (const word of ['响应率', '解决率', '满意率', '合计'])
    assert.ok(breakdown.includes(word), `${word} in the breakdown`);
  await ctx.screenshot(page, 'scorecard');
  // Usable on a phone: nothing wider than the screen.
  const phone = await ctx.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
  await ctx.signIn(phone, 'handler', { next: '/metrics/my-unit' });
  await phone.getByTestId('score-breakdown').waitFor();
  await ctx.settle(phone);
  await ctx.assertNoHorizontalScroll(phone, 'scorecard on a phone');
  await ctx.screenshot(phone, 'scorecard-phone');
  // The dashboard itself stays closed to a handler.
  await page.goto(`${ctx.baseUrl}/metrics`);
  await page.getByText('无权访问').waitFor();
});
