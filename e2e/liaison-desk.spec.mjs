// Liaison desk screens (issue #8 points 6–8): the demo cadre makes a commitment, marks it fulfilled with evidence and
// records a deed with aid money in yuan; the organiser (system administrator, liaison:manage) finds both in the
// scope's lists; the inspector draws a call-back list and records a household's denial, which stays on reload.
// The cadre also reports to a community as an in-service party member and logs service; the organiser appraises it.
// Creating commitments and deeds is a cadre's own act in the API (/api/liaison/my/…, liaison:visit), so the cadre
// creates them and the organiser reads them.
import { assert, test, text } from './support.mjs';

const suffix = Date.now().toString(36).slice(-5);
const COMMITMENT = `为村里修好便民桥（测试${suffix}）`;
const DEED = `帮助独居老人修缮房屋（测试${suffix}）`;
const EVIDENCE = `便民桥已于本周修复并验收，附村委会证明（测试${suffix}）`;

function isoDay(offsetDays) {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** Type a date into an antd DatePicker inside a form and confirm it. */
async function pickDate(page, selector, day) {
  const input = page.locator(selector);
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

test('the cadre makes a commitment and marks it fulfilled with evidence', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'cadre');
  await page.goto(`${ctx.baseUrl}/liaison/my/commitments`);
  await ctx.settle(page);
  await page.getByTestId('new-commitment').click();
  await page.locator('#commitment_title').fill(COMMITMENT);
  await page.locator('#commitment_content').fill('一个月内协调资金和施工队，修复村口便民桥栏杆。');
  await pickDate(page, '#commitment_deadline', isoDay(30));
  await page.getByTestId('commitment-save').click();
  const row = page.getByTestId('commitments-table').locator('tr').filter({ hasText: COMMITMENT });
  await row.waitFor();
  assert.match(await text(row), /未兑现/);

  await row.getByRole('button', { name: '兑现' }).click();
  await page.locator('#fulfil_evidence').fill(EVIDENCE);
  await page.getByTestId('fulfil-save').click();
  await row.getByText('按期兑现').waitFor();
  assert.match(await text(row), /已兑现/);
  assert.ok((await text(row)).includes(EVIDENCE), 'the evidence shows in the list');
  assert.equal(
    await row.getByRole('button', { name: '兑现' }).count(),
    0,
    'a fulfilled commitment cannot be fulfilled again',
  );
  // The filter for open commitments hides it.
  await page
    .locator('.ant-select')
    .filter({ has: page.getByRole('combobox', { name: '状态' }) })
    .click();
  await page.locator('.ant-select-item-option').filter({ hasText: '未兑现' }).click();
  await row.waitFor({ state: 'detached' });
  await ctx.screenshot(page, 'commitments-mine');
});

test('the cadre records a deed with aid money in yuan and sees it and the totals', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'cadre');
  await page.goto(`${ctx.baseUrl}/liaison/my/deeds`);
  await ctx.settle(page);
  const totals = page.getByTestId('deed-totals');
  await totals.waitFor();
  const before = await text(totals);
  const countBefore = Number(before.match(/共\s*(\d+)\s*件/)?.[1] ?? Number.NaN);
  assert.ok(Number.isFinite(countBefore), `the totals line names a count: ${before}`);

  await page.getByTestId('new-deed').click();
  await page.locator('#deed_title').fill(DEED);
  await page.locator('#deed_description').fill('更换屋顶瓦片，加固院墙');
  await page.locator('#deed_beneficiaries').fill('3');
  await page.locator('#deed_aidYuan').fill('1250.5');
  await page.getByTestId('deed-save').click();
  const row = page.getByTestId('deeds-table').locator('tr').filter({ hasText: DEED });
  await row.waitFor();
  assert.ok((await text(row)).includes('1,250.50'), `the aid shows in yuan: ${await text(row)}`);
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="deed-totals"]')?.textContent?.includes(`共 ${n} 件`),
    countBefore + 1,
  );
  // The API stores fen.
  const cadre = await ctx.apiAs('cadre');
  const mine = await cadre.get('/api/liaison/my/deeds');
  assert.equal(mine.items.find((d) => d.title === DEED)?.aidFen, 125050);
  await ctx.screenshot(page, 'deeds-mine');
});

test('the organiser finds the commitment and the deed in the scope lists', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'sysadmin');
  await page.goto(`${ctx.baseUrl}/liaison/commitments`);
  await ctx.settle(page);
  const commitment = page.getByTestId('commitments-table').locator('tr').filter({ hasText: COMMITMENT });
  await commitment.waitFor();
  assert.match(await text(commitment), /已兑现/);
  await page.goto(`${ctx.baseUrl}/liaison/deeds`);
  await ctx.settle(page);
  await page.getByTestId('deeds-table').locator('tr').filter({ hasText: DEED }).waitFor();
});

test('the inspector draws a call-back list and records a denial', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'inspector');
  await page.goto(`${ctx.baseUrl}/liaison/callbacks`);
  await ctx.settle(page);
  // Type the period without pressing Enter (Enter would send the form); leaving a field commits the typed date.
  const [start, end] = [page.locator('.ant-picker-range input').nth(0), page.locator('.ant-picker-range input').nth(1)];
  await start.click();
  await start.fill(isoDay(-365));
  await end.click();
  await end.fill(isoDay(0));
  await page.locator('#callbacks_size').click();
  await page.locator('#callbacks_size').fill('5');
  await page.getByTestId('draw-callbacks').click();
  const batch = page.getByTestId('callback-batch');
  await batch.waitFor();
  await page.waitForURL(/batch=\d+/);
  const line = await text(batch);
  assert.ok(line.includes(`${isoDay(-365)} 至 ${isoDay(0)}`), `the list covers the period typed: ${line}`);
  assert.match(line, /5 条；种子 \S+/);
  const rows = page.getByTestId('callbacks-table').locator('tr[data-row-key]');
  await rows.first().waitFor();
  assert.ok((await rows.count()) > 0, 'the list has visits to call back');
  const itemId = await rows.first().getAttribute('data-row-key');
  assert.match(await text(page.getByTestId(`outcome-${itemId}`)), /待回访/);

  await rows.first().locator('.ant-select').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '否认走访' }).click();
  await page.getByTestId(`record-${itemId}`).click();
  await page.getByTestId(`outcome-${itemId}`).getByText('否认走访').waitFor();
  // The outcome is stored: a reload of the same list (its id is in the address) shows it.
  await page.reload();
  await page.getByTestId(`outcome-${itemId}`).getByText('否认走访').waitFor();
  await ctx.screenshot(page, 'callbacks');
});

const POST = `社区志愿服务岗（测试${suffix}）`;

test('the cadre reports to a community and logs service; the organiser appraises it', async (ctx) => {
  const cadre = await ctx.apiAs('cadre');
  const my = await cadre.get('/api/liaison/my');
  const communityCode = my.households[0]?.divisionCode;
  assert.match(communityCode ?? '', /^\d{12}$/, 'the demo cadre has a paired household in a village');

  const page = await ctx.newPage();
  await ctx.signIn(page, 'cadre');
  await page.goto(`${ctx.baseUrl}/liaison/my/party`);
  await ctx.settle(page);
  await page.getByRole('button', { name: '社区报到' }).click();
  await page.locator('#partyRegister_communityCode').fill(communityCode);
  await page.locator('#partyRegister_post').fill(POST);
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  const row = page.getByTestId('party-table').locator('tr').filter({ hasText: POST });
  await row.waitFor();
  await row.getByRole('button', { name: '登记服务' }).click();
  await page.locator('#partyService_hours').fill('2.5');
  await page.locator('#partyService_note').fill('协助社区开展垃圾分类宣传');
  await page.locator('.ant-modal-footer .ant-btn-primary').last().click();
  await page.locator('#partyService_note').waitFor({ state: 'detached' });
  await page.waitForFunction(
    (post) =>
      [...document.querySelectorAll('[data-testid="party-table"] tr')].some(
        (tr) => tr.textContent?.includes(post) && tr.textContent.includes('2.5'),
      ),
    POST,
  );

  const organiser = await ctx.newPage();
  await ctx.signIn(organiser, 'sysadmin');
  await organiser.goto(`${ctx.baseUrl}/liaison/party`);
  await ctx.settle(organiser);
  const scoped = organiser.getByTestId('party-table').locator('tr').filter({ hasText: POST });
  await scoped.waitFor();
  await scoped.locator('.ant-select').click();
  await organiser.locator('.ant-select-item-option').filter({ hasText: '优秀' }).click();
  await organiser.locator('.ant-message').getByText('已保存').waitFor();
  const reports = await cadre.get('/api/liaison/my/party-reports');
  const mine = reports.items.find((r) => r.post === POST);
  assert.equal(mine?.appraisal, 'excellent');
  assert.equal(mine?.serviceHours, 2.5);
  await ctx.screenshot(organiser, 'party-appraised');
});
