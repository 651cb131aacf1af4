#!/usr/bin/env node
// Browser tests (`npm run test:e2e`): start the real server on a free port with a fresh data folder, wait until
// it is ready, then run every e2e/*.spec.mjs in Debian's Chromium through playwright-core. Screenshots go to
// test-results/e2e/. A spec fails on a failed check, a console error or a 5xx answer. Usage:
//   node e2e/run.mjs [filter]      (filter: part of a spec file name or test name)
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), E2E_BASE_URL (use a running server instead).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { register } from 'tsx/esm/api';
import { knowLogins, watchLog, writePrivacyReport } from './privacy.mjs';
import { createContext, takeRegisteredTests } from './support.mjs';

// Specs may import the TypeScript contracts (roles and permissions) directly.
register();

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'test-results', 'e2e');
const filter = process.argv[2] ?? '';
const READY_TIMEOUT_MS = 300_000;

function log(line) {
  process.stdout.write(`${line}\n`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url, server) {
  const started = Date.now();
  while (Date.now() - started < READY_TIMEOUT_MS) {
    if (server && server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000}s`);
}

/**
 * Build the web app into a private folder for this run, so that another build of web/dist (npm start, another
 * run) cannot replace the files this server serves while the specs load its pages.
 */
function buildWeb(into) {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(
    process.execPath,
    [
      vite,
      'build',
      '--config',
      path.join(root, 'web', 'vite.config.ts'),
      '--outDir',
      into,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (built.status !== 0) throw new Error('the web app build failed');
}

async function startServer() {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-e2e-'));
  const webDist = path.join(dataDir, 'web');
  log(`e2e: building the web app into ${webDist}`);
  buildWeb(webDist);
  const logFile = fs.createWriteStream(path.join(outDir, 'server.log'));
  const server = spawn(process.execPath, ['bin/lianxin.js', 'serve'], {
    cwd: root,
    // Jobs every 5 s, so the SMS outbox writes the rating link to DATA_DIR/sms.log while a spec waits for it.
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WEB_DIST: webDist,
      // The privacy scan reads what the server writes: at info, one line per request (E2E_LOG_LEVEL overrides).
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
      JOBS_INTERVAL_SECONDS: '5',
      // A small demo year, so the server starts in seconds (the default is 50,000 requests).
      DEMO_REQUESTS: process.env.DEMO_REQUESTS ?? '600',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.pipe(logFile);
  server.stderr.pipe(logFile);
  // The privacy scan reads every line the server writes (e2e/privacy.mjs).
  watchLog(server.stdout);
  watchLog(server.stderr);
  const baseUrl = `http://127.0.0.1:${port}`;
  // Specs read files the server writes there (the SMS log adapter's sms.log).
  process.env.E2E_DATA_DIR = dataDir;
  log(`e2e: starting the server on ${baseUrl} (data in ${dataDir}); log: test-results/e2e/server.log`);
  try {
    await waitReady(`${baseUrl}/readyz`, server);
  } catch (e) {
    server.kill('SIGTERM');
    throw e;
  }
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await Promise.race([new Promise((r) => server.once('exit', r)), new Promise((r) => setTimeout(r, 10_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { baseUrl, loginsFile: path.join(dataDir, 'demo-logins.json'), stop };
}

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000}s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  const specFiles = fs
    .readdirSync(path.join(root, 'e2e'))
    .filter((f) => f.endsWith('.spec.mjs'))
    .sort();
  const suites = [];
  for (const file of specFiles) {
    await import(pathToFileURL(path.join(root, 'e2e', file)).href);
    const tests = takeRegisteredTests().filter((t) => !filter || file.includes(filter) || t.name.includes(filter));
    if (tests.length) suites.push({ file, tests });
  }
  if (suites.length === 0) throw new Error(`no tests match "${filter}"`);

  const external = process.env.E2E_BASE_URL;
  const server = external ? null : await startServer();
  const baseUrl = external ?? server.baseUrl;
  const loginsFile = process.env.E2E_LOGINS_FILE ?? server?.loginsFile;
  let passed = 0;
  let failed = 0;
  let browser;
  try {
    const logins = JSON.parse(fs.readFileSync(loginsFile, 'utf8'));
    knowLogins(logins);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
    for (const suite of suites) {
      log(`\n${suite.file}`);
      for (const t of suite.tests) {
        const ctx = createContext({
          browser,
          baseUrl,
          logins,
          outDir,
          testName: `${suite.file.replace('.spec.mjs', '')} ${t.name}`,
        });
        const started = Date.now();
        let error;
        try {
          await withTimeout(t.fn(ctx), t.timeoutMs, t.name);
        } catch (e) {
          error = e;
          await ctx.captureFailure();
        }
        await ctx.close();
        if (!error && ctx.problems.length) error = new Error(ctx.problems.join('\n'));
        const ms = Date.now() - started;
        if (error) {
          failed += 1;
          log(`  ✗ ${t.name} (${ms} ms)\n${String(error.stack ?? error).replace(/^/gm, '      ')}`);
        } else {
          passed += 1;
          log(`  ✓ ${t.name} (${ms} ms)`);
        }
      }
    }
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
  // The privacy scan: every JSON answer the specs received and every server log line (see e2e/privacy.mjs).
  const privacy = writePrivacyReport(root);
  log(
    `\nPrivacy: ${privacy.answers} JSON answers and ${privacy.logLines} server log lines scanned, ${privacy.findings.length} plaintext phone/ID findings (test-results/privacy/privacy-latest.json)`,
  );
  for (const f of privacy.findings.slice(0, 20))
    log(`  ✗ privacy: ${f.test} — ${f.user} ${f.method} ${f.path} ${f.status}: ${f.value}`);
  if (privacy.findings.length) failed += 1;
  log(`\nScreenshots: ${path.relative(root, outDir)}/`);
  log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(`e2e: ${e.stack ?? e}`);
    log('0 passed, 1 failed');
    process.exit(1);
  },
);
