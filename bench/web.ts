/**
 * The web figures of issue #9 (point 5):
 *   - the production build (`vite build`, the same as `npm run build:web`, into a private folder so no one else's
 *     web/dist is replaced): the JavaScript index.html loads before anything is lazily imported (its module script
 *     and every modulepreload), gzipped (zlib level 9), next to all JavaScript of the build;
 *   - time to interactive of the operator's intake page (/requests/new) in headless Chromium (playwright-core,
 *     /usr/bin/chromium with e2e/run.mjs's flags, pinned with taskset to another core than the server when it can):
 *     each run a fresh browser context (cold HTTP cache, no storage) signed in through the API, then from navigation
 *     start until a character typed into the title field is in it (the form is rendered and React handles input),
 *     read as `performance.now()` in the page.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { type Percentiles, percentiles } from './reads.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const gzipSize = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

export interface WebBuild {
  dir: string;
  buildMs: number;
  initialFiles: string[];
  initialJsBytes: number;
  initialJsGzipBytes: number;
  totalJsFiles: number;
  totalJsGzipBytes: number;
  initialCssGzipBytes: number;
}

/** Builds the web app into `dir` and weighs what index.html loads up front against the whole build. */
export function buildAndWeigh(dir: string): WebBuild {
  const t0 = performance.now();
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(
    process.execPath,
    [
      vite,
      'build',
      '--config',
      path.join(ROOT, 'web', 'vite.config.ts'),
      '--outDir',
      dir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    // The build's own chunk report (web/build/chunk-size-report) is long: shown only when the build fails.
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`bench web: the web build failed\n${built.stdout}\n${built.stderr}`);
  const buildMs = performance.now() - t0;
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const refs = (re: RegExp) => [...html.matchAll(re)].map((m) => m[1] as string);
  const initialJs = [
    ...refs(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...refs(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ];
  const initialCss = refs(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g);
  const local = (ref: string) => path.join(dir, ref.replace(/^\//, ''));
  const allJs = fs
    .readdirSync(path.join(dir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(dir, 'assets', f));
  const sum = (files: string[], size: (f: string) => number) => files.reduce((s, f) => s + size(f), 0);
  return {
    dir,
    buildMs,
    initialFiles: initialJs,
    initialJsBytes: sum(initialJs.map(local), (f) => fs.statSync(f).size),
    initialJsGzipBytes: sum(initialJs.map(local), gzipSize),
    totalJsFiles: allJs.length,
    totalJsGzipBytes: sum(allJs, gzipSize),
    initialCssGzipBytes: sum(initialCss.map(local), gzipSize),
  };
}

export function webSizeFigures(b: WebBuild): Record<string, number> {
  return {
    web_initial_js_gzip_kb: kb(b.initialJsGzipBytes),
    web_initial_js_kb: kb(b.initialJsBytes),
    web_initial_js_files: b.initialFiles.length,
    web_initial_css_gzip_kb: kb(b.initialCssGzipBytes),
    web_total_js_gzip_kb: kb(b.totalJsGzipBytes),
    web_total_js_files: b.totalJsFiles,
  };
}

/** A launcher that runs Chromium on `core` (taskset), or Chromium itself when pinning is not possible. */
function chromiumPath(core: number | null): string {
  const chromiumBin = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (core === null) return chromiumBin;
  const wrapper = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-bench-chromium-')), 'chromium');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec taskset -c ${core} ${chromiumBin} "$@"\n`, { mode: 0o755 });
  return wrapper;
}

export function chromiumAvailable(): boolean {
  try {
    execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * `runs` cold loads of /requests/new as `username`, each at most 60 s; returns the times to interactive in ms.
 */
export async function intakeTti(opts: {
  base: string;
  username: string;
  password: string;
  runs: number;
  core: number | null;
}): Promise<Percentiles & { runs: number[]; phases: object[] }> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(opts.core),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const times: number[] = [];
  const phases: object[] = [];
  try {
    for (let i = 0; i < opts.runs; i++) {
      const context = await browser.newContext({ locale: 'zh-CN' });
      try {
        const res = await context.request.post(`${opts.base}/api/auth/login`, {
          data: { username: opts.username, password: opts.password },
        });
        if (!res.ok()) throw new Error(`bench web: login ${opts.username}: ${res.status()}`);
        const page = await context.newPage();
        page.setDefaultTimeout(60_000);
        await page.goto(`${opts.base}/requests/new`, { waitUntil: 'commit' });
        const title = page.locator('#intake_title');
        await title.pressSequentially('连', { timeout: 60_000 });
        await page.waitForFunction(
          () => (document.querySelector('#intake_title') as HTMLInputElement | null)?.value === '连',
          undefined,
          { timeout: 60_000, polling: 'raf' },
        );
        const interactive = await page.evaluate(() => performance.now());
        times.push(interactive);
        // Where the time went: the document, DOMContentLoaded (the entry chunks run), the last script and the last
        // API answer to arrive.
        const phase = await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
          const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
          const scripts = resources.filter((r) => r.name.endsWith('.js')).map((r) => r.responseEnd);
          const api = resources.filter((r) => r.name.includes('/api/')).map((r) => r.responseEnd);
          return {
            lastApi: Math.round(Math.max(0, ...api)),
            apiCalls: api.length,
            html: Math.round(nav?.responseEnd ?? 0),
            domContentLoaded: Math.round(nav?.domContentLoadedEventEnd ?? 0),
            lastScript: Math.round(Math.max(0, ...scripts)),
          };
        });
        phases.push({ ...phase, interactive: Math.round(interactive) });
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return { ...percentiles([...times]), runs: times.map((t) => Math.round(t)), phases };
}
