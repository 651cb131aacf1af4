// Helpers shared by the browser specs: test registration, signing in (with TOTP), screenshots and
// the page checks every spec needs (no console errors, no horizontal scrolling).
import assert from 'node:assert/strict';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import { flushPrivacy, scanAnswer, watchPage } from './privacy.mjs';

/** @typedef {{ username: string, password: string, roles: string[], displayName?: string, totpSecret?: string }} DemoLogin */

const registry = [];

/** Register a test: `test('name', async (ctx) => { ... })`. Tests run one after another, in file order. */
export function test(name, fn, options = {}) {
  registry.push({ name, fn, timeoutMs: options.timeoutMs ?? 120_000 });
}

/** Take the tests registered since the last call (the runner calls this after importing each spec file). */
export function takeRegisteredTests() {
  return registry.splice(0, registry.length);
}

export { assert };

const lastTotpStep = new Map();

/**
 * A fresh one-time code for an account. The server refuses a code whose 30-second step was already used
 * (replay protection), so a second sign-in within the same step waits for the next one.
 */
export async function totpCode(login) {
  assert.ok(login.totpSecret, `${login.username} has no TOTP secret in demo-logins.json`);
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(login.totpSecret), digits: 6, period: 30 });
  let step = Math.floor(Date.now() / 30_000);
  const last = lastTotpStep.get(login.username);
  if (last !== undefined && step <= last) {
    await new Promise((resolve) => setTimeout(resolve, (last + 1) * 30_000 - Date.now() + 250));
    step = Math.floor(Date.now() / 30_000);
  }
  lastTotpStep.set(login.username, step);
  return totp.generate({ timestamp: step * 30_000 + 1000 });
}

/**
 * Everything a test gets: the browser, the server's address and demo logins, and helpers that track the pages
 * they open so the runner can check their console afterwards.
 */
export function createContext({ browser, baseUrl, logins, outDir, testName }) {
  const contexts = [];
  const pages = [];
  const problems = [];
  // Who is signed in on each page (for the privacy scan: plaintext is judged by the viewer's rights).
  const pageUser = new Map();
  const slug = testName
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48)
    .replace(/-$/, '');
  let shot = 0;

  const ctx = {
    baseUrl,
    logins,
    problems,

    /** The demo login for a username, e.g. ctx.login('sysadmin'). */
    account(username) {
      const login = logins.find((l) => l.username === username);
      assert.ok(login, `no demo login named ${username}`);
      return login;
    },

    /** Call the API as a user (signs in over HTTP, with the TOTP code when needed): for test setup. */
    async apiAs(username) {
      const login = ctx.account(username);
      let cookie = '';
      let csrf = '';
      const call = async (method, url, body) => {
        const headers = { accept: 'application/json', 'accept-language': 'zh-CN' };
        if (body !== undefined) headers['content-type'] = 'application/json';
        if (cookie) headers.cookie = cookie;
        if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
        const res = await fetch(`${baseUrl}${url}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const setCookie = res.headers.get('set-cookie');
        if (setCookie) cookie = setCookie.split(';')[0];
        const text = await res.text();
        if ((res.headers.get('content-type') ?? '').includes('json')) {
          await scanAnswer({ test: testName, user: login.username, method, url, status: res.status, text });
        }
        const json = text ? JSON.parse(text) : undefined;
        if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
        return json;
      };
      const body = { username: login.username, password: login.password };
      if (login.totpSecret) body.totp = await totpCode(login);
      const me = await call('POST', '/api/auth/login', body);
      csrf = me.csrfToken;
      return {
        get: (url) => call('GET', url),
        post: (url, b) => call('POST', url, b ?? {}),
        patch: (url, b) => call('PATCH', url, b),
      };
    },

    /** A new page in its own browser context (own cookies), watched for console errors and crashes. */
    async newPage({ viewport = { width: 1366, height: 860 }, lang, isMobile = false } = {}) {
      const context = await browser.newContext({
        viewport,
        isMobile,
        hasTouch: isMobile,
        deviceScaleFactor: isMobile ? 2 : 1,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        acceptDownloads: true,
      });
      if (lang) await context.addInitScript((l) => localStorage.setItem('lx.lang', l), lang);
      contexts.push(context);
      const page = await context.newPage();
      pages.push(page);
      page.setDefaultTimeout(15_000);
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const text = msg.text();
        // The browser logs every 4xx answer as "Failed to load resource". Those are answers the app handles
        // (no session yet, a rejected import, a wrong password), not errors; 5xx and script errors still fail.
        if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
        problems.push(`console error on ${page.url()}: ${text}`);
      });
      page.on('pageerror', (err) => problems.push(`uncaught error on ${page.url()}: ${err.message}`));
      watchPage(page, testName, () => pageUser.get(page) ?? null);
      page.on('response', (res) => {
        if (res.status() >= 500) problems.push(`HTTP ${res.status()} from ${res.request().method()} ${res.url()}`);
      });
      return page;
    },

    /** Save a screenshot: the whole page, or just the viewport while a modal or drawer covers it. */
    async screenshot(page, name) {
      shot += 1;
      const file = path.join(outDir, `${slug}-${String(shot).padStart(2, '0')}-${name}.png`);
      const overlay = await page.evaluate(() =>
        [...document.querySelectorAll('.ant-modal-wrap, .ant-drawer-content-wrapper')].some(
          (el) => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().width > 0,
        ),
      );
      await page.screenshot({ path: file, fullPage: !overlay });
      return file;
    },

    /** Sign in through the login page (and the TOTP step when the account has one); waits for the home page. */
    async signIn(page, username, { next } = {}) {
      const login = ctx.account(username);
      pageUser.set(page, username);
      await page.goto(`${baseUrl}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
      await page.locator('#login_username').fill(login.username);
      await page.locator('#login_password').fill(login.password);
      await page.locator('form[id="login"] button[type="submit"]').click();
      if (login.totpSecret) {
        const code = page.locator('#login-totp_totp');
        await code.waitFor();
        await code.fill(await totpCode(login));
        await page.locator('form[id="login-totp"] button[type="submit"]').click();
      }
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      await page.locator('main').first().waitFor();
    },

    /** Wait until the page has loaded its data: no requests in flight, no skeletons or spinners left. */
    async settle(page) {
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(
        () => !document.querySelector('.ant-skeleton, .ant-spin-spinning, .ant-table-placeholder .ant-spin'),
        undefined,
        { timeout: 15_000 },
      );
      // Let drawers, modals and menus finish opening or closing so screenshots show the settled page.
      await page
        .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, {
          timeout: 3_000,
        })
        .catch(() => {});
    },

    /** Fails when the page can scroll sideways (wider than the viewport). */
    async assertNoHorizontalScroll(page, where) {
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      assert.ok(scrollWidth <= clientWidth, `${where}: page is ${scrollWidth}px wide in a ${clientWidth}px viewport`);
    },

    /** After a failure: a screenshot of every page the test opened, to see what the user would have seen. */
    async captureFailure() {
      for (const [i, page] of pages.entries()) {
        if (page.isClosed()) continue;
        await page
          .screenshot({ path: path.join(outDir, `${slug}-FAILED-page${i + 1}.png`), fullPage: true })
          .catch(() => {});
      }
    },

    async close() {
      await flushPrivacy();
      for (const context of contexts) await context.close().catch(() => {});
    },
  };
  return ctx;
}

/** The text of an element (textContent, never null). */
export async function text(locator) {
  return (await locator.textContent()) ?? '';
}
