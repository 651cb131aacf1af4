// The whole life of one citizen request, each step by the person who does it in the browser:
// the operator records a call about a building site in 青石镇 → the dispatcher dispatches it to the proposed
// 住建局 → the 住建局 handler returns it (coded reason and explanation) → the dispatcher rules and re-dispatches it
// to 青石镇人民政府 → the township accepts and replies → the citizen opens the one-time link texted to them
// (DATA_DIR/sms.log, the log adapter) and is unsatisfied → the request is reopened to the township, which
// replies again → a new link → satisfied → the dispatcher closes it. The timeline shows every step.
import { act, choose, nextRatingToken, openFromQueue, pick } from './request-steps.mjs';
import { assert, test, text } from './support.mjs';

const suffix = Date.now().toString(36).slice(-5);
const BODY = `青石镇集镇街口一处民房改建工地未设围挡，建材堆在路边，行人经过有安全隐患（全程测试${suffix}）`;
const PHONE = `1370002${String(Date.now()).slice(-4)}`;
const FIRST_REPLY = '镇建设办已到现场核查，责令施工方当日设置围挡，并将路边建材清运至工地内部堆放。';
const SECOND_REPLY = '镇建设办复查发现围挡不完整，已督促施工方补齐全部围挡并安排专人每日巡查，经复查整改到位。';
let number = '';
let requestId = 0;
const usedTokens = new Set();

/** The citizen rates from the link on a phone. */
async function rateFromLink(ctx, token, resolvedLabel, satisfactionLabel, comment, shot) {
  const page = await ctx.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
  await page.goto(`${ctx.baseUrl}/rate/${token}`);
  await page.getByTestId('rate-reply').waitFor();
  const reply = (await text(page.getByTestId('rate-reply'))).trim();
  await page.locator('.ant-radio-button-wrapper').filter({ hasText: resolvedLabel }).click();
  await page
    .locator('.ant-radio-button-wrapper')
    .filter({ hasText: new RegExp(`^${satisfactionLabel}$`) })
    .click();
  await page.locator('textarea').fill(comment);
  await ctx.screenshot(page, shot);
  await page.getByTestId('rate-submit').click();
  await page.getByTestId('rate-thanks').waitFor();
  return reply;
}

/** The number of timeline entries of a type on the request page. */
async function timelineCount(page, type) {
  return page.getByTestId(`event-${type}`).count();
}

test('the operator records a call about a site in 青石镇', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'operator');
  await page.goto(`${ctx.baseUrl}/requests/new`);
  await ctx.settle(page);
  await choose(page, '#intake_type', '投诉');
  await page.locator('#intake_title').fill('民房改建工地未设围挡');
  await page.locator('#intake_body').fill(BODY);
  await choose(page, '#intake_categoryCode', '施工安全隐患', '.ant-select-tree-node-content-wrapper');
  await choose(page, '#intake_divisionCode', '青石镇', '.ant-select-tree-node-content-wrapper');
  await page.locator('#intake_citizenPhone').fill(PHONE);
  await page.locator('#intake_body').focus();
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('intake-result').waitFor();
  number = (await text(page.getByTestId('intake-number'))).trim();
  assert.match(number, /^\d{13}$/);
  const dispatcher = await ctx.apiAs('dispatcher');
  const found = await dispatcher.get(`/api/requests?q=${encodeURIComponent(number)}`);
  requestId = found.items.find((r) => r.number === number)?.id;
  assert.ok(requestId, 'the new request is listed');
});

test('the dispatcher dispatches it to the proposed 住建局', async (ctx) => {
  assert.ok(requestId, 'the first step recorded a request');
  const page = await ctx.newPage();
  await ctx.signIn(page, 'dispatcher');
  await openFromQueue(ctx, page, 'new', number);
  await act(page, 'dispatch', async (form) => {
    const proposal = page.getByTestId('dispatch-proposal');
    await proposal.waitFor();
    assert.match(await text(proposal), /住房和城乡建设局/, 'the catalogue gives construction safety to 住建局');
    await form.locator('#request-dispatch_reason').fill('施工安全属住建部门职责，按职责清单派单');
  });
  // The unit's name replaces its id once the names are loaded.
  await page.getByTestId('event-dispatched').filter({ hasText: '住房和城乡建设局' }).waitFor();
});

test('the 住建局 handler returns it with a coded reason and an explanation', async (ctx) => {
  assert.ok(requestId, 'the first step recorded a request');
  const page = await ctx.newPage();
  await ctx.signIn(page, 'handler');
  await openFromQueue(ctx, page, 'to-accept', number);
  // An explanation shorter than ten characters is refused in the form, naming the field.
  await page.getByTestId('action-return').click();
  const form = page.getByTestId('action-form-return');
  await form.waitFor();
  await pick(page, '#request-return_reason', '属地不符');
  await form.locator('#request-return_explanation').fill('不归我们');
  await page.locator('.ant-modal-footer .ant-btn-primary:visible').click();
  await form.locator('.ant-form-item-explain-error').first().waitFor();
  assert.match(await text(form), /10/);
  await form
    .locator('#request-return_explanation')
    .fill('该工地为村民自建房改建，不属于住建局监管的建设工程，应由属地镇政府建设办负责');
  await page.locator('.ant-modal-footer .ant-btn-primary:visible').click();
  await form.waitFor({ state: 'detached' });
  await page.getByTestId('event-returned').waitFor();
  assert.match(await text(page.getByTestId('event-returned')), /属地不符/);
});

test('the dispatcher rules on the return and re-dispatches to 青石镇人民政府', async (ctx) => {
  assert.ok(requestId, 'the first step recorded a request');
  const page = await ctx.newPage();
  await ctx.signIn(page, 'dispatcher');
  await openFromQueue(ctx, page, 'returned', number);
  await act(page, 'rule-return', async (form) => {
    await form
      .locator('.ant-radio-wrapper')
      .filter({ hasText: /^改派$/ })
      .click();
    // The proposal leaves out the unit that returned it and falls back to the place's government (兜底).
    const proposal = page.getByTestId('dispatch-proposal');
    await proposal.waitFor();
    assert.match(await text(proposal), /住房和城乡建设局已退回本件/);
    // The dispatcher gives it to the township government of the place (other specs may have added units that own
    // this category, so the proposal is not relied on for the choice).
    const lead = form
      .locator('.ant-form-item')
      .filter({ has: page.locator('#request-rule-return_dispatch_leadUnitId') });
    await lead.locator('.ant-select-selector').click();
    await page.keyboard.type('青石镇人民政府');
    const option = page.locator('.ant-select-item-option:visible').filter({ hasText: '青石镇人民政府' }).first();
    await option.waitFor();
    await option.click();
    await lead.locator('.ant-select-selection-item').filter({ hasText: '青石镇人民政府' }).waitFor();
    await form.locator('#request-rule-return_dispatch_reason').fill('村民自建房属地管理，改派镇政府');
    await ctx.screenshot(page, 'rule-return');
  });
  await page.getByTestId('event-return_ruled').waitFor();
  await page.getByTestId('event-dispatched').nth(1).filter({ hasText: '青石镇人民政府' }).waitFor();
});

test('the township accepts and replies; the citizen gets a link and is unsatisfied; it is reopened', async (ctx) => {
  assert.ok(requestId, 'the first step recorded a request');
  const page = await ctx.newPage();
  await ctx.signIn(page, 'township');
  await openFromQueue(ctx, page, 'to-accept', number);
  await act(page, 'accept');
  await page.getByTestId('event-accepted').waitFor();
  await act(page, 'reply', async (form) => {
    await form.locator('textarea').first().fill(FIRST_REPLY);
  });
  await page.getByTestId('event-reply_submitted').waitFor();

  const token = await nextRatingToken(number, usedTokens);
  const shown = await rateFromLink(
    ctx,
    token,
    '未解决',
    '不满意',
    '围挡只装了一半，晚上还是很危险',
    'rate-unsatisfied',
  );
  assert.equal(shown, FIRST_REPLY, 'the citizen reads the unit’s reply');

  // The unsatisfied rating reopens the request to the same unit (重办), in its in-progress queue.
  await openFromQueue(ctx, page, 'in-progress', number);
  await page.getByTestId('event-reopened').waitFor();
  assert.match(await text(page.getByTestId('event-rated')), /不满意/);
});

test('the township replies again; the citizen is satisfied; the dispatcher closes it', async (ctx) => {
  assert.ok(requestId, 'the first step recorded a request');
  const township = await ctx.newPage();
  await ctx.signIn(township, 'township');
  await openFromQueue(ctx, township, 'in-progress', number);
  await act(township, 'reply', async (form) => {
    await form.locator('textarea').first().fill(SECOND_REPLY);
  });
  await township.getByTestId('event-reply_submitted').nth(1).waitFor();

  const token = await nextRatingToken(number, usedTokens);
  const shown = await rateFromLink(ctx, token, '已解决', '满意', '这次围挡装好了，谢谢', 'rate-satisfied');
  assert.equal(shown, SECOND_REPLY, 'the new link shows the new reply');

  const page = await ctx.newPage();
  await ctx.signIn(page, 'dispatcher');
  await page.goto(`${ctx.baseUrl}/requests/${requestId}`);
  await page.getByTestId('request-timeline').waitFor();
  await ctx.settle(page);
  await act(page, 'close');
  await page.getByTestId('event-closed').waitFor();
  await ctx.settle(page);

  const expected = {
    received: 1,
    dispatched: 2,
    returned: 1,
    return_ruled: 1,
    accepted: 1,
    reply_submitted: 2,
    rated: 2,
    reopened: 1,
    closed: 1,
  };
  for (const [type, count] of Object.entries(expected)) {
    assert.equal(await timelineCount(page, type), count, `timeline shows ${type} ×${count}`);
  }
  // The API agrees: closed, led by the township (the unit the township account belongs to).
  const dispatcher = await ctx.apiAs('dispatcher');
  const detail = await dispatcher.get(`/api/requests/${requestId}`);
  assert.equal(detail.state, 'closed');
  const townships = await dispatcher.get(`/api/org/units?q=${encodeURIComponent('青石镇人民政府')}`);
  assert.equal(detail.leadUnitId, townships.items.find((u) => u.name === '青石镇人民政府')?.id);
  await ctx.assertNoHorizontalScroll(page, 'request page');
  await ctx.screenshot(page, 'story-closed');
});
