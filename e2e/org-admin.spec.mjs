// The system administrator maintains the organisation: creates a unit, gives it a responsibility catalogue,
// then imports people into it from XLSX — first a file with one bad row (rejected, row-by-row errors shown),
// then a good one (imported and listed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { assert, test, text } from './support.mjs';

const suffix = Date.now().toString(36).slice(-5);
const UNIT_NAME = `端到端测试局${suffix}`;
const PEOPLE = [`测试甲${suffix}`, `测试乙${suffix}`];

async function peopleXlsx(rows) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员');
  ws.addRow(['姓名', '单位', '职级', '党员', '手机', '性别', '职务']);
  for (const row of rows) ws.addRow(row);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lx-import-')), 'people.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}

/** Pick an option in an antd Select / TreeSelect by typing into it and clicking the match. */
async function choose(page, inputSelector, label, optionSelector) {
  const input = page.locator(inputSelector);
  await input.click();
  await input.fill(label);
  const option = page.locator(optionSelector).filter({ hasText: label }).first();
  await option.waitFor();
  await option.click();
}

test('an administrator creates a unit and edits its catalogue', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'sysadmin');
  await page.goto(`${ctx.baseUrl}/org/units`);
  await ctx.settle(page);

  await page.getByTestId('new-unit').click();
  await page.locator('#unit-form_name').fill(UNIT_NAME);
  await page.locator('#unit-form_shortName').fill('测试局');
  await choose(page, '#unit-form_divisionCode', '示范县', '.ant-select-tree-node-content-wrapper');
  await page.locator('#unit-form_phone').fill('0731-1234567');
  await ctx.screenshot(page, 'unit-form');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('#unit-form_name').waitFor({ state: 'detached' });

  // Find it with the list's own filter, open the detail drawer.
  await page.locator('input#q').fill(UNIT_NAME);
  await page.getByRole('button', { name: '查询' }).click();
  const link = page.getByTestId('units-table').getByRole('button', { name: UNIT_NAME, exact: true });
  await link.waitFor();
  await link.click();
  await page.getByTestId('unit-detail').waitFor();

  // Tick the first top-level category (which ticks its children) and save.
  await page.getByTestId('edit-catalogue').click();
  const tree = page.getByTestId('catalogue-tree');
  await tree.locator('.ant-tree-checkbox').first().waitFor();
  await tree.locator('.ant-tree-checkbox').first().click();
  // Save only once the tick has registered (a click on a tree still settling can be lost).
  await tree.locator('.ant-tree-checkbox-checked').first().waitFor();
  await ctx.screenshot(page, 'catalogue-editor');
  await page.locator('.ant-modal').getByRole('button', { name: '保存' }).click();
  await tree.waitFor({ state: 'detached' });
  const tags = page.getByTestId('catalogue-tags').locator('.ant-tag');
  await tags.first().waitFor();
  assert.ok((await tags.count()) >= 1, 'the saved catalogue shows at least one category');
  await ctx.screenshot(page, 'unit-detail-with-catalogue');
});

test('an administrator imports people: a bad row is rejected, a good file is imported', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'sysadmin');
  await page.goto(`${ctx.baseUrl}/org/people`);
  await ctx.settle(page);

  const bad = await peopleXlsx([
    [PEOPLE[0], UNIT_NAME, '一般干部', '是', '13800138000', '男', '科员'],
    [PEOPLE[1], UNIT_NAME, '处长级别', '否', '', '女', '科员'],
  ]);
  await page.getByTestId('open-import').click();
  await page.locator('.ant-modal input[type=file]').setInputFiles(bad);
  await page.getByTestId('import-check').click();
  const issues = page.getByTestId('import-issues');
  await issues.waitFor();
  const issueText = await text(issues);
  assert.match(issueText, /\b3\b/, 'the problem is reported on row 3 (the header is row 1)');
  assert.match(issueText, /职级/, 'the problem names the rank column');
  await ctx.screenshot(page, 'import-rejected');

  const good = await peopleXlsx([
    [PEOPLE[0], UNIT_NAME, '一般干部', '是', '13800138000', '男', '科员'],
    [PEOPLE[1], UNIT_NAME, '科级', '否', '', '女', '副局长'],
  ]);
  await page.locator('.ant-modal input[type=file]').setInputFiles(good);
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-preview').waitFor();
  await ctx.screenshot(page, 'import-preview');
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-done').waitFor();
  assert.match(await text(page.getByTestId('import-done')), /2/);
  await page.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();

  await page.locator('input#q').fill(suffix);
  await page.getByRole('button', { name: '查询' }).click();
  for (const name of PEOPLE)
    await page.getByTestId('people-table').getByRole('button', { name, exact: true }).waitFor();
  const table = await text(page.getByTestId('people-table'));
  assert.ok(table.includes(UNIT_NAME), 'the imported people belong to the new unit');
  assert.ok(table.includes('138****8000'), 'the phone number is shown masked');
  await ctx.screenshot(page, 'people-imported');
});

test('a validation error from the server is shown on the field it concerns', async (ctx) => {
  const page = await ctx.newPage();
  await ctx.signIn(page, 'sysadmin');
  await page.goto(`${ctx.baseUrl}/org/people`);
  await ctx.settle(page);
  await page.getByRole('button', { name: '新建人员' }).click();
  await page.locator('#person-form_name').fill(`校验测试${suffix}`);
  await choose(page, '#person-form_unitId', '示范县财政局', '.ant-select-dropdown:visible .ant-select-item-option');
  await page.locator('#person-form_phone').fill('call me maybe');
  await page.locator('.ant-modal').getByRole('button', { name: '保存' }).click();
  const help = page.locator('#person-form_phone_help');
  await help.waitFor();
  assert.ok((await text(help)).trim().length > 0, 'the phone field explains what is wrong');
  await ctx.screenshot(page, 'field-error');
});
