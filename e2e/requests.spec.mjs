// Citizen requests end to end: the operator records a call (number and receipt code shown once), the dispatcher
// opens it, sees the dispatch proposal and dispatches it to the proposed unit (住建局); the handler of that unit finds
// it in the inbox, accepts and replies; the timeline shows every step.
import { act, choose, openFromQueue } from './request-steps.mjs';
import { assert, test, text } from './support.mjs';

const suffix = Date.now().toString(36).slice(-5);
const BODY = `城关街道某工地脚手架松动，存在施工安全隐患，夜间仍在施工（测试${suffix}）`;
const PHONE = `1390000${String(Date.now()).slice(-4)}`;
let number = '';

test('the operator records a call and gets the number and receipt code', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'operator');
  await page.getByRole('menuitem', { name: /诉求受理/ }).click();
  await page.waitForURL('**/requests/new');
  await ctx.settle(page);
  // The first field has the focus: the operator can start typing at once.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'intake_type');
  await choose(page, '#intake_type', '投诉');
  await page.locator('#intake_title').fill('工地安全隐患');
  await page.locator('#intake_body').fill(BODY);
  await choose(page, '#intake_categoryCode', '施工安全隐患', '.ant-select-tree-node-content-wrapper');
  await choose(page, '#intake_divisionCode', '城关街道', '.ant-select-tree-node-content-wrapper');
  await page.locator('#intake_citizenPhone').fill(PHONE);
  await page.getByTestId('duplicates').locator('.ant-empty, .ant-list').first().waitFor();
  // The draft survives a reload.
  await page.waitForTimeout(300);
  await page.reload();
  await page.locator('#intake_body').waitFor();
  await ctx.settle(page);
  assert.equal(await page.locator('#intake_body').inputValue(), BODY);
  await ctx.screenshot(page, 'intake-form');

  await page.locator('#intake_body').focus();
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('intake-result').waitFor();
  number = (await text(page.getByTestId('intake-number'))).trim();
  const code = (await text(page.getByTestId('intake-receipt-code'))).trim();
  assert.match(number, /^\d{13}$/);
  assert.ok(code.length >= 6, `receipt code shown (${code})`);
  await ctx.screenshot(page, 'intake-done');

  // Recording the next call starts from an empty form.
  await page.getByTestId('next-call').click();
  await page.locator('#intake_body').waitFor();
  assert.equal(await page.locator('#intake_body').inputValue(), '');
});

test('the dispatcher sees the proposal and dispatches to the 住建局', async (ctx) => {
  assert.ok(number, 'the intake test recorded a request');
  const page = await ctx.newPage();
  await ctx.signIn(page, 'dispatcher');
  await openFromQueue(ctx, page, 'classified', number);
  await ctx.screenshot(page, 'dispatcher-detail');
  await act(page, 'dispatch', async () => {
    const proposal = page.getByTestId('dispatch-proposal');
    await proposal.waitFor();
    assert.match(await text(proposal), /住房和城乡建设局/);
    await ctx.settle(page);
    await ctx.screenshot(page, 'dispatch-modal');
  });
  // The unit's name replaces its id once the names are loaded.
  await page
    .getByTestId('event-dispatched')
    .filter({ hasText: /派单至.*住房和城乡建设局/ })
    .waitFor();
});

test('the handler accepts and replies; the timeline shows every step', async (ctx) => {
  assert.ok(number, 'the intake test recorded a request');
  const page = await ctx.newPage();
  await ctx.signIn(page, 'handler');
  await openFromQueue(ctx, page, 'to-accept', number);
  await act(page, 'accept');
  await page.getByTestId('event-accepted').waitFor();
  await act(page, 'reply', async (form) => {
    await form
      .locator('textarea')
      .fill('经现场核查，已责令施工单位对脚手架进行加固整改，并禁止夜间施工，整改已于今日完成。');
    // The reply check judges the draft as it is typed: it passes, with the request's words it repeats.
    await form.locator('[data-testid="reply-check"][data-ok="true"]').waitFor();
    assert.match(await text(form.getByTestId('reply-check-matched')), /脚手架/);
    await ctx.screenshot(page, 'reply-check');
  });
  await page.getByTestId('event-reply_submitted').waitFor();

  // The full page shows the same timeline.
  await page.goto(`${ctx.baseUrl}/requests?tab=all`);
  await ctx.settle(page);
  await page
    .getByTestId('requests-table')
    .getByRole('link', { name: new RegExp(number) })
    .click();
  await page.getByTestId('request-timeline').waitFor();
  await ctx.settle(page);
  for (const type of ['received', 'classified', 'dispatched', 'accepted', 'reply_submitted']) {
    assert.equal(await page.getByTestId(`event-${type}`).count(), 1, `timeline shows ${type}`);
  }
  assert.match(await text(page.getByTestId('phone-mask')), /\*{4}/);
  // The handler calls the citizen back: the full number on request (audited), the mask until then.
  await page.getByTestId('reveal-phone').click();
  assert.match(await text(page.getByTestId('phone-revealed')), new RegExp(PHONE));
  await ctx.assertNoHorizontalScroll(page, 'request page');
  await ctx.screenshot(page, 'request-page-timeline');
});
