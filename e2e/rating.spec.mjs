// The citizen's one-time rating link and the staff's notification bell, end to end: a request with the citizen's
// phone is recorded, dispatched, accepted and replied to through the API; the SMS outbox job writes the text with
// the link to DATA_DIR/sms.log (the log adapter); the citizen opens it on a phone, rates, and the link is spent.
// The handler of the unit finds the dispatch in the bell and opens the request from it.
import { nextRatingToken } from './request-steps.mjs';
import { assert, test, text } from './support.mjs';

const suffix = Date.now().toString(36).slice(-5);
const REPLY = '经现场核查，已责令施工单位对松动的脚手架进行加固，并禁止夜间施工，整改已于今日完成。';
let number = '';
let requestId = 0;
let token = '';

test('a reply texts the citizen a rating link', async (ctx) => {
  const operator = await ctx.apiAs('operator');
  const dispatcher = await ctx.apiAs('dispatcher');
  const handler = await ctx.apiAs('handler');
  const place = (await dispatcher.get('/api/org/divisions?q=%E5%9F%8E%E5%85%B3%E8%A1%97%E9%81%93&pageSize=5')).items[0];
  const created = await operator.post('/api/requests', {
    channel: 'hotline',
    type: 'complaint',
    body: `城关街道某工地脚手架松动，夜间仍在施工，存在安全隐患（评价测试${suffix}）`,
    categoryCode: 'A.01.01',
    divisionCode: place.code,
    citizenPhone: `1390001${String(Date.now()).slice(-4)}`,
  });
  number = created.number;
  requestId = created.id;
  const proposal = await dispatcher.get(`/api/requests/${requestId}/dispatch-proposal`);
  await dispatcher.post(`/api/requests/${requestId}/actions/dispatch`, {
    leadUnitId: proposal.leadUnitId,
    assistUnitIds: [],
    reason: '按职责清单派单',
  });
  await handler.post(`/api/requests/${requestId}/actions/accept`);
  await handler.post(`/api/requests/${requestId}/actions/reply`, { text: REPLY });
  token = await nextRatingToken(number);
  assert.match(token, /^[A-Za-z0-9_-]{22}$/);
});

test('the citizen rates from the link on a mobile screen, once', async (ctx) => {
  assert.ok(token, 'the previous test found the link');
  const page = await ctx.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
  await page.goto(`${ctx.baseUrl}/rate/${token}`);
  await page.getByTestId('rate-reply').waitFor();
  assert.equal((await text(page.getByTestId('rate-reply'))).trim(), REPLY);
  assert.match(await text(page.locator('main')), new RegExp(number));
  await ctx.assertNoHorizontalScroll(page, 'rating page');
  await ctx.screenshot(page, 'rate-form');
  await page.locator('.ant-radio-button-wrapper').filter({ hasText: '已解决' }).click();
  await page.locator('.ant-radio-button-wrapper').filter({ hasText: '基本满意' }).click();
  await page.locator('textarea').fill('处理及时');
  await page.getByTestId('rate-submit').click();
  await page.getByTestId('rate-thanks').waitFor();
  await ctx.screenshot(page, 'rate-thanks');

  await page.reload();
  await page.getByTestId('rate-closed').waitFor();
  assert.match(await text(page.getByTestId('rate-closed')), /已评价/);
});

test('the handler finds the dispatch in the bell and opens the request', async (ctx) => {
  assert.ok(requestId, 'the first test recorded a request');
  const page = await ctx.newPage();
  await ctx.signIn(page, 'handler');
  const bell = page.getByTestId('notification-bell');
  await bell.waitFor();
  await bell.click();
  const item = page.getByTestId('notification-list').locator('.ant-list-item').filter({ hasText: number }).first();
  await item.waitFor();
  assert.match(await text(item), /新派单/);
  await ctx.screenshot(page, 'notification-drawer');
  await item.click();
  await page.waitForURL(`**/requests/${requestId}`);
});
