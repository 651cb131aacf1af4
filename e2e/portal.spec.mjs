// The citizens' portal on a phone (390×844), without login: submit with a photo → receipt → track → (the unit is
// dispatched, accepts and replies through the API) → the citizen rates from the tracking page. Plus bad inputs: an
// empty description and a renamed web page as "photo" get messages on their fields and store nothing, and a wrong
// receipt code finds nothing.
import { assert, test, text } from './support.mjs';

const suffix = Date.now().toString(36).slice(-5);
const BODY = `城关街道某工地夜间施工，脚手架松动，存在安全隐患，请尽快处理（门户测试${suffix}）`;
const REPLY = '经现场核查，已责令施工单位对松动的脚手架进行加固，并禁止夜间施工，整改已于今日完成。';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true };

/** A small JPEG-shaped photo with EXIF (GPS) that the server strips. */
function photo() {
  const seg = (marker, payload) => {
    const len = payload.length + 2;
    return [0xff, marker, len >> 8, len & 0xff, ...Buffer.from(payload, 'latin1')];
  };
  return Buffer.from([
    0xff,
    0xd8,
    ...seg(0xe0, 'JFIF\0\x01\x01'),
    ...seg(0xe1, 'Exif\0\0GPSLatitude=34.26'),
    ...seg(0xda, 'SCAN'),
    ...Buffer.from('DATA', 'latin1'),
    0xff,
    0xd9,
  ]);
}

let township = '';
let number = '';
let code = '';

async function countRequests(dispatcher) {
  return (await dispatcher.get('/api/requests?pageSize=1')).total;
}

test('a citizen submits with a photo on a phone and gets a number and a receipt code once', async (ctx) => {
  const dispatcher = await ctx.apiAs('dispatcher');
  township = (await dispatcher.get('/api/org/divisions?q=%E5%9F%8E%E5%85%B3%E8%A1%97%E9%81%93&pageSize=5')).items[0]
    .code;
  const page = await ctx.newPage(PHONE);
  await page.goto(`${ctx.baseUrl}/portal/submit?division=${township}`);
  await page.getByTestId('portal-submit-form').waitFor();
  // The place comes prefilled from the address.
  await page.locator('.ant-cascader .ant-select-selection-item').waitFor();
  assert.match(await text(page.locator('.ant-cascader')), /城关街道/);
  await page.locator('#categoryCode').fill('施工安全');
  await page.locator('.ant-select-item-option').filter({ hasText: '施工安全隐患' }).first().click();
  await page.getByTestId('portal-address').fill('城关街道建设路工地');
  await page.getByTestId('portal-body').fill(BODY);
  await page.locator('input[type=file]').setInputFiles({ name: 'site.jpg', mimeType: 'image/jpeg', buffer: photo() });
  await page.getByTestId('portal-phone').fill(`1390002${String(Date.now()).slice(-4)}`);
  await page.getByTestId('portal-consent').check();
  await ctx.assertNoHorizontalScroll(page, 'portal submit');
  await ctx.screenshot(page, 'portal-submit');
  await page.getByTestId('portal-submit').click();
  await page.getByTestId('portal-receipt').waitFor();
  number = (await text(page.getByTestId('portal-receipt-number'))).trim();
  code = (await text(page.getByTestId('portal-receipt-code'))).trim();
  assert.match(number, /^\d{13}$/);
  assert.match(code, /^[2-9A-HJ-NP-Z]{8}$/);
  await ctx.screenshot(page, 'portal-receipt');

  await page.getByTestId('portal-receipt-track').click();
  await page.getByTestId('track-step-received').waitFor();
  assert.match(await text(page.getByTestId('track-state')), /待派单|已受理|已分类/);
});

test('the unit replies, and the citizen sees the reply on the tracking page and rates it', async (ctx) => {
  assert.ok(number, 'the previous test submitted a request');
  const dispatcher = await ctx.apiAs('dispatcher');
  const handler = await ctx.apiAs('handler');
  const found = await dispatcher.get(`/api/requests?q=${number}`);
  const id = found.items[0].id;
  assert.equal(found.items[0].channel, 'web');
  const proposal = await dispatcher.get(`/api/requests/${id}/dispatch-proposal`);
  await dispatcher.post(`/api/requests/${id}/actions/dispatch`, {
    leadUnitId: proposal.leadUnitId,
    assistUnitIds: [],
    reason: '按职责清单派单',
  });
  await handler.post(`/api/requests/${id}/actions/accept`);
  await handler.post(`/api/requests/${id}/actions/reply`, { text: REPLY });

  const page = await ctx.newPage(PHONE);
  await page.goto(`${ctx.baseUrl}/portal/track`);
  await page.getByTestId('track-number').fill(number);
  await page.getByTestId('track-code').fill(code.toLowerCase());
  await page.getByTestId('track-submit').click();
  await page.getByTestId('track-step-replied').waitFor();
  assert.match(await text(page.getByTestId('track-step-replied')), new RegExp(REPLY.slice(0, 12)));
  assert.match(await text(page.getByTestId('track-step-dispatched')), /已派单至/);
  await ctx.assertNoHorizontalScroll(page, 'portal tracking');
  await ctx.screenshot(page, 'portal-track-replied');
  await page.getByTestId('track-resolved').locator('.ant-radio-button-wrapper').filter({ hasText: '已解决' }).click();
  await page
    .getByTestId('track-satisfaction')
    .locator('.ant-radio-button-wrapper')
    .filter({ hasText: '基本满意' })
    .click();
  await page.getByTestId('track-rate-submit').click();
  await page.getByTestId('track-rated').waitFor();
  await page.getByTestId('track-step-rated').waitFor();
  await ctx.screenshot(page, 'portal-track-rated');
});

test('bad inputs get messages on their fields and store nothing; a wrong receipt code finds nothing', async (ctx) => {
  const dispatcher = await ctx.apiAs('dispatcher');
  const before = await countRequests(dispatcher);
  const page = await ctx.newPage(PHONE);
  await page.goto(`${ctx.baseUrl}/portal/submit?division=${township}`);
  await page.locator('.ant-cascader .ant-select-selection-item').waitFor();
  await page.getByTestId('portal-body').fill('  ');
  await page.locator('input[type=file]').setInputFiles({
    name: 'photo.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.from('<html><script>alert(1)</script></html>'),
  });
  await page.getByTestId('portal-submit').click();
  const bodyError = page
    .locator('.ant-form-item')
    .filter({ has: page.getByTestId('portal-body') })
    .locator('.ant-form-item-explain-error');
  await bodyError.waitFor();
  assert.match(await text(bodyError), /请描述您反映的问题/);
  const consentError = page
    .locator('.ant-form-item')
    .filter({ has: page.getByTestId('portal-consent') })
    .locator('.ant-form-item-explain-error');
  assert.match(await text(consentError), /同意/);
  const filesError = page
    .locator('.ant-form-item')
    .filter({ hasText: '照片或 PDF' })
    .locator('.ant-form-item-explain-error');
  assert.match(await text(filesError), /不是图片/);
  await ctx.screenshot(page, 'portal-submit-errors');
  assert.equal(await countRequests(dispatcher), before, 'nothing was stored');

  await page.goto(`${ctx.baseUrl}/portal/track`);
  await page.getByTestId('track-number').fill(number || '2026010100001');
  await page.getByTestId('track-code').fill('ABCDEFGH');
  await page.getByTestId('track-submit').click();
  await page.getByTestId('track-error').waitFor();
  assert.match(await text(page.getByTestId('track-error')), /编号或查询码不正确/);
});

test('an anonymous misconduct report: receipt once, the inspector asks, the reporter answers with the receipt', async (ctx) => {
  const page = await ctx.newPage(PHONE);
  await page.goto(`${ctx.baseUrl}/portal/misconduct`);
  await page.getByTestId('misconduct-subject').fill('某街道办窗口工作人员');
  await page.getByTestId('misconduct-body').fill(`办理证明时暗示要好处费（举报测试${suffix}）`);
  await page.getByTestId('misconduct-submit').click();
  await page.getByTestId('misconduct-receipt').waitFor();
  const receipt = (await text(page.getByTestId('misconduct-receipt-text'))).trim();
  assert.match(receipt, /^[A-Z2-7]{10}-[A-Z2-7]{26}$/);
  await ctx.assertNoHorizontalScroll(page, 'misconduct receipt');
  await ctx.screenshot(page, 'portal-misconduct-receipt');

  const discipline = await ctx.apiAs('discipline');
  const list = await discipline.get('/api/misconduct?pageSize=50');
  const report = list.items.find((r) => r.subject === '某街道办窗口工作人员');
  assert.ok(report, 'the discipline inspector sees the report');
  await discipline.post(`/api/misconduct/${report.id}/questions`, { body: '请问是哪一天发生的？' });

  await page.getByTestId('misconduct-followup-receipt').fill(receipt);
  await page.getByTestId('misconduct-followup-open').click();
  await page.locator('.ant-list-item').filter({ hasText: '请问是哪一天发生的？' }).waitFor();
  await page.locator('textarea').last().fill('上周三上午');
  await page.getByRole('button', { name: '发送' }).click();
  await page.locator('.ant-list-item').filter({ hasText: '上周三上午' }).waitFor();
  const detail = await discipline.get(`/api/misconduct/${report.id}`);
  assert.equal(detail.messages.at(-1).body, '上周三上午');
});

test('the discipline inspector reads the report and reveals the identity only after giving a reason', async (ctx) => {
  const form = new FormData();
  form.append('subject', `某所所长（身份测试${suffix}）`);
  form.append('body', '利用职务之便为亲属谋取利益。');
  form.append('identity', '举报人：赵六，13700001234');
  const res = await fetch(`${ctx.baseUrl}/api/public/portal/misconduct`, { method: 'POST', body: form });
  assert.equal(res.status, 201);

  const page = await ctx.newPage();
  await ctx.signIn(page, 'discipline', { next: '/misconduct' });
  const row = page
    .getByTestId('misconduct-table')
    .locator('tr')
    .filter({ hasText: `身份测试${suffix}` });
  await row.waitFor();
  await row.click();
  await page.getByTestId('misconduct-detail').waitFor();
  assert.match(await text(page.getByTestId('misconduct-detail')), /利用职务之便/);
  assert.doesNotMatch(await text(page.getByTestId('misconduct-detail')), /赵六/);
  const reveal = page.getByRole('button', { name: '确认查看' });
  assert.ok(await reveal.isDisabled(), 'no reveal without a reason');
  await page.getByPlaceholder('查看理由（将记入审计日志）').fill('需要当面核实举报事实');
  await reveal.click();
  await page.getByText('举报人：赵六，13700001234').waitFor();
  await ctx.screenshot(page, 'misconduct-reveal');
});
