// Global search (issue #7 point 2): the operator records a call with a long text; the dispatcher types a piece of it
// in traditional characters into the header's search box, sees the request among the hits with the match marked
// (in simplified form, as stored), opens it; and the people tab finds a demo person by pinyin and opens them.
import { pinyinOf } from '../server/platform/text/pinyin.ts';
import { assert, test, text } from './support.mjs';

const suffix = Date.now().toString(36).slice(-5);
const PHRASE = `云杉路${suffix}号井盖缺失`;
const BODY = `我住在城关街道，最近下班回家要经过一段没有路灯的小路，${PHRASE}，已经有行人差点掉进去，附近还有小学，孩子们上下学都从这里经过，希望有关部门尽快处理，补上井盖并设置警示标志。`;
let request = { id: 0, number: '' };

test('a request with a long text goes in through the intake API', async (ctx) => {
  const api = await ctx.apiAs('operator');
  const villages = await api.get('/api/org/divisions?level=village&pageSize=5');
  const divisionCode = villages?.items?.[0]?.code;
  assert.ok(divisionCode, 'a village of the demo county');
  const result = await api.post('/api/requests', { channel: 'hotline', type: 'help', body: BODY, divisionCode });
  request = { id: result.id, number: result.number };
  assert.ok(request.id > 0);
});

test('the header search box finds it from traditional input, marks the match, and opens it', async (ctx) => {
  assert.ok(request.id, 'the intake test recorded a request');
  const page = await ctx.newPage();
  await ctx.signIn(page, 'dispatcher');
  // antd puts the test id on the <input> itself.
  const box = page.locator('input[data-testid="header-search"], [data-testid="header-search"] input').first();
  await box.fill(`雲杉路${suffix}號井蓋`);
  await box.press('Enter');
  await page.waitForURL('**/search?*');
  const hit = page.getByTestId('search-hit').filter({ hasText: request.number });
  await hit.first().waitFor();
  assert.equal(await hit.count(), 1, 'the request is listed once');
  const marks = await hit.getByTestId('search-match').allTextContents();
  assert.ok(marks.includes(`云杉路${suffix}号井盖`), `the match is marked in simplified form (${marks.join(' | ')})`);
  // The mark is an element holding text, not HTML from the server.
  assert.equal(
    await hit
      .locator('mark')
      .first()
      .evaluate((m) => m.children.length),
    0,
  );
  await ctx.settle(page);
  await ctx.screenshot(page, 'search-results');

  await hit.getByTestId('search-hit-link').click();
  await page.waitForURL(`**/requests/${request.id}`);
  await page.getByTestId('request-detail').first().waitFor();
  assert.match(await text(page.getByTestId('request-detail').first()), new RegExp(PHRASE));
});

test('the people tab finds a demo person by full pinyin and opens them', async (ctx) => {
  const api = await ctx.apiAs('dispatcher');
  const people = await api.get('/api/org/people?pageSize=1&active=true');
  const person = people?.items?.[0];
  assert.ok(person, 'the demo county has people');
  const { full } = pinyinOf(person.name);
  assert.ok(full, `${person.name} has a pinyin`);

  const page = await ctx.newPage();
  await ctx.signIn(page, 'dispatcher');
  await page.goto(`${ctx.baseUrl}/search?kind=people&sort=relevance&q=${encodeURIComponent(full)}`);
  const hit = page.getByTestId('search-hit').filter({ hasText: person.name }).first();
  await hit.waitFor();
  assert.deepEqual(await hit.getByTestId('search-match').allTextContents(), [full]);
  await ctx.settle(page);
  await ctx.screenshot(page, 'search-people');
  await hit.getByTestId('search-hit-link').click();
  await page.waitForURL('**/org/people?*');
  await page.getByTestId('person-detail').waitFor();
  assert.match(await text(page.getByTestId('person-detail')), new RegExp(person.name));
});
