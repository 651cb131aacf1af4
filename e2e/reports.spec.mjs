// Published monthly rankings in the browser: the system administrator publishes last month's ranking of the demo
// data and sees it as version 1, frozen, with its red list; the public endpoint then serves that version without a
// login; a leader reads it in English and has no Publish button.
import { assert, test, text, totpCode } from './support.mjs';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Last month in Shanghai time ('YYYY-MM'): the page's default, and a month that has ended. */
function lastMonth() {
  const [y, m] = new Date(Date.now() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

const KIND_LABELS = { department: '部门', township: '乡镇' };

/** The class and county the first test published (the second corrects it). */
let publishedKind = 'department';

/** PUT as a user (the shared API helper has no PUT): signs in over HTTP with the TOTP code. */
async function putAs(ctx, username, url, body) {
  const login = ctx.account(username);
  const res = await fetch(`${ctx.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: login.username, password: login.password, totp: await totpCode(login) }),
  });
  assert.equal(res.status, 200, 'signed in');
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = await res.json();
  const put = await fetch(`${ctx.baseUrl}${url}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify(body),
  });
  assert.equal(put.status, 200, `PUT ${url}: ${await put.clone().text()}`);
  return put.json();
}

test('the system administrator publishes last month’s ranking and sees version 1; the public sees it too', async (ctx) => {
  const month = lastMonth();
  const leader = await ctx.apiAs('leader');
  const [county] = (await leader.get('/api/org/divisions?level=county&pageSize=200')).items;
  assert.ok(county, 'the demo county exists');
  // The class with the most ranked units last month (the demo year has a few hundred requests).
  let live;
  let unitKind;
  for (const kind of ['department', 'township']) {
    const r = await leader.get(`/api/metrics/ranking?month=${month}&unitKind=${kind}&countyCode=${county.code}`);
    const ranked = r.rows.filter((row) => row.rank !== null).length;
    if (!live || ranked > live.rows.filter((row) => row.rank !== null).length) {
      live = r;
      unitKind = kind;
    }
  }
  assert.ok(live.rows.length > 0, `the demo data has requests in ${month}`);
  publishedKind = unitKind;

  const page = await ctx.newPage();
  await ctx.signIn(page, 'sysadmin');
  await page.getByTestId('main-menu').getByRole('link', { name: '排名发布' }).click();
  await page.waitForURL('**/reports/rankings');
  await page.getByRole('heading', { name: '月度排名发布' }).waitFor();
  await ctx.settle(page);
  // The month that just ended is chosen by default.
  await page.locator(`.ant-select-selection-item[title="${month}"]`).waitFor();
  if (unitKind !== 'department') {
    await page.locator('#ranking-kind').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: KIND_LABELS[unitKind] })
      .first()
      .click();
    await ctx.settle(page);
  }
  await page.getByText('该月份尚未发布排名').waitFor();

  await page.getByTestId('publish-ranking').click();
  const modal = page.locator('.ant-modal');
  await modal.locator('#publish-ranking_note').fill(`${month} 接诉即办考核排名（端到端测试）`);
  await ctx.screenshot(page, 'publish-modal');
  await modal.getByRole('button', { name: '发布' }).click();
  await page.getByText('已发布第 1 版').waitFor();
  await ctx.settle(page);

  const versions = page.getByTestId('ranking-versions');
  assert.match(await text(versions), /第 1 版/);
  assert.match(await text(versions), /最新/);
  assert.match(await text(versions), /系统管理员（演示）/);
  const frozen = page.getByTestId('frozen-ranking');
  await frozen.waitFor();
  // The frozen table lists what the live ranking held at publication, best first.
  const firstRow = frozen.locator('tbody tr.ant-table-row').first();
  assert.match(await text(firstRow), new RegExp(live.rows[0].unitName));
  if (live.redList.length > 0)
    assert.match(await text(page.getByTestId('red-list')), new RegExp(live.redList[0].unitName));
  await ctx.screenshot(page, 'published-v1');
  // The button now offers a correction.
  assert.equal((await text(page.getByTestId('publish-ranking'))).trim(), '发布更正版');

  // The portal's endpoint: no login, the latest (only) version, no publisher.
  const res = await fetch(`${ctx.baseUrl}/api/public/rankings?month=${month}&unitKind=${unitKind}`);
  assert.equal(res.status, 200);
  const published = await res.json();
  assert.equal(published.version, 1);
  assert.equal(published.rows.length, live.rows.length);
  assert.equal(published.publishedBy, undefined);

  // A leader reads it in English, without a Publish button.
  const reader = await ctx.newPage({ lang: 'en' });
  await ctx.signIn(reader, 'leader');
  await reader.goto(`${ctx.baseUrl}/reports/rankings`);
  await reader.getByRole('heading', { name: 'Published monthly rankings' }).waitFor();
  if (unitKind !== 'department') {
    await reader.locator('#ranking-kind').click();
    await reader
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: 'Townships' })
      .first()
      .click();
  }
  await ctx.settle(reader);
  await reader.getByText('Version 1 (frozen)').waitFor();
  assert.equal(await reader.getByTestId('publish-ranking').count(), 0, 'a leader cannot publish');
  await ctx.screenshot(reader, 'published-v1-en');
});

test('a correction after new weights is version 2 with its reason, and the difference is shown', async (ctx) => {
  const month = lastMonth();
  const leader = await ctx.apiAs('leader');
  const [county] = (await leader.get('/api/org/divisions?level=county&pageSize=200')).items;
  const weights = (w) => ({ countyCode: county.code, items: [{ unitKind: publishedKind, weights: w }] });
  await putAs(ctx, 'sysadmin', '/api/metrics/weights', weights({ response: 60, resolution: 20, satisfaction: 20 }));
  try {
    const page = await ctx.newPage();
    await ctx.signIn(page, 'sysadmin');
    await page.goto(`${ctx.baseUrl}/reports/rankings`);
    await ctx.settle(page);
    if (publishedKind !== 'department') {
      await page.locator('#ranking-kind').click();
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option')
        .filter({ hasText: KIND_LABELS[publishedKind] })
        .first()
        .click();
      await ctx.settle(page);
    }
    await page.getByTestId('publish-ranking').filter({ hasText: '发布更正版' }).click();
    const modal = page.locator('.ant-modal');
    // The reason is required before anything is sent.
    await modal.getByRole('button', { name: '发布更正版' }).click();
    await modal.getByText('请填写更正原因').waitFor();
    await modal.locator('#publish-ranking_reason').fill('综合得分权重调整为响应率 60%，按新权重更正');
    await modal.getByRole('button', { name: '发布更正版' }).click();
    await page.getByText('已发布第 2 版').waitFor();
    await ctx.settle(page);

    const versions = await text(page.getByTestId('ranking-versions'));
    assert.match(versions, /第 2 版/);
    assert.match(versions, /按新权重更正/);
    const diff = page.getByTestId('ranking-diff');
    await diff.waitFor();
    assert.match(await text(page.locator('.ant-card').filter({ has: diff })), /与第 1 版相比/);
    assert.match(await text(diff), /权重或排名门槛已改变/);
    await ctx.screenshot(page, 'correction-diff');

    const res = await fetch(`${ctx.baseUrl}/api/public/rankings?month=${month}&unitKind=${publishedKind}`);
    const published = await res.json();
    assert.equal(published.version, 2, 'the public sees the latest version only');
    assert.equal(published.weights.response, 60);
  } finally {
    await putAs(ctx, 'sysadmin', '/api/metrics/weights', weights({ response: 30, resolution: 35, satisfaction: 35 }));
  }
});
