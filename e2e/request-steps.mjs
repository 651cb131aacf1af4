// Steps the request specs share: picking from antd selects, opening a request from a queue tab, running an action
// through its modal form, and reading the citizen's rating link from the SMS log adapter's DATA_DIR/sms.log.
import fs from 'node:fs';
import path from 'node:path';
import { assert } from './support.mjs';

/** Pick an option in an antd Select / TreeSelect by typing into it and clicking the visible match. */
export async function choose(page, inputSelector, label, optionSelector = '.ant-select-item-option') {
  const input = page.locator(inputSelector);
  await input.click();
  await input.fill(label);
  const option = page.locator(`${optionSelector}:visible`).filter({ hasText: label }).first();
  await option.waitFor();
  await option.click();
}

/** Pick an option in a plain (not searchable) antd Select. */
export async function pick(page, inputSelector, label) {
  await page.locator(inputSelector).click();
  const option = page.locator('.ant-select-item-option:visible').filter({ hasText: label }).first();
  await option.waitFor();
  await option.click();
}

/** Open the request with this number from a queue tab of the list (?tab=…), in the detail drawer. */
export async function openFromQueue(ctx, page, tab, number) {
  await page.goto(`${ctx.baseUrl}/requests?tab=${tab}`);
  await ctx.settle(page);
  const link = page.getByTestId('requests-table').getByRole('button', { name: number, exact: true });
  await link.waitFor();
  await link.click();
  await page.getByTestId('request-detail').waitFor();
  await ctx.settle(page);
}

/** Run an action through its button and modal form (`fill` fills the form); waits for the modal to close. */
export async function act(page, actionPath, fill) {
  await page.getByTestId(`action-${actionPath}`).click();
  const form = page.getByTestId(`action-form-${actionPath}`);
  await form.waitFor();
  if (fill) await fill(form);
  await page.locator('.ant-modal-footer .ant-btn-primary:visible').click();
  await form.waitFor({ state: 'detached' });
}

/**
 * Waits for the outbox job to text a rating link for the request `number` whose token is not in `used`; adds it
 * there and returns it. Every text in the log must show the phone masked.
 */
export async function nextRatingToken(number, used = new Set()) {
  const dataDir = process.env.E2E_DATA_DIR;
  assert.ok(dataDir, 'the runner started the server (E2E_DATA_DIR); an external E2E_BASE_URL has no sms.log here');
  const file = path.join(dataDir, 'sms.log');
  const started = Date.now();
  while (Date.now() - started < 45_000) {
    if (fs.existsSync(file)) {
      for (const line of fs.readFileSync(file, 'utf8').trim().split('\n')) {
        const message = JSON.parse(line);
        if (!message.text.includes(number)) continue;
        assert.match(message.phone, /^\d{3}\*{4}\d{4}$/, 'the log masks the phone');
        const token = message.text.match(/\/rate\/([A-Za-z0-9_-]+)$/)?.[1];
        if (token && !used.has(token)) {
          used.add(token);
          return token;
        }
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no new rating link for ${number} in ${file}`);
}
