/**
 * `npm run test:security [-- --quick] [--seed S] [--no-sqlmap]`: bad inputs tried (issue #9).
 *   1. in-process (vitest, reliability/security/*.test.ts): every write route fuzzed from its schema (FUZZ_RUNS
 *      bodies per route: quick 8, full 60; FUZZ_SEED logged) and hostile uploads;
 *   2. against a real server process (PGlite, demo county, a few requests): slowloris (headers dribbled) and huge
 *      headers cut off within the configured timeouts, an oversized body refused, the server answering meanwhile;
 *   3. sqlmap (Debian package) against the request list's q filter, the request detail by id, the intake body and
 *      the public tracking query, with a session cookie: 0 findings (quick: boolean/error/union techniques at level 1;
 *      full: time-based and stacked queries too, level 2, and the same on PostgreSQL).
 * Writes test-results/reliability/security-*.json and a summary; exits 1 when any check fails.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  argValue,
  cli,
  demoPassword,
  hasArg,
  login,
  RESULTS_DIR,
  ROOT,
  type ServerProc,
  sleep,
  startServer,
  stopServer,
  type Target,
  writeResults,
} from './lib.js';

const quick = hasArg('--quick');
const seed = Number(argValue('--seed') ?? process.env.FUZZ_SEED ?? 20261206);
const log = (line: string) => console.log(`[security] ${line}`);
const HEADERS_TIMEOUT_S = 5;

interface Check {
  name: string;
  ok: boolean;
  detail: Record<string, unknown>;
}
const checks: Check[] = [];
const record = (name: string, ok: boolean, detail: Record<string, unknown>) => {
  checks.push({ name, ok, detail });
  log(`${ok ? 'ok  ' : 'FAIL'} ${name} ${JSON.stringify(detail).slice(0, 400)}`);
};

function inProcess() {
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--config',
      'reliability/vitest.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${path.join(RESULTS_DIR, 'vitest-latest.json')}`,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, FUZZ_RUNS: String(quick ? 8 : 60), FUZZ_SEED: String(seed) },
      encoding: 'utf8',
      timeout: 3_600_000,
    },
  );
  const out = `${r.stdout}${r.stderr}`.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
  process.stdout.write(
    out
      .split('\n')
      .filter((l) => /fuzz\]|✓|×|Tests |FAIL|Error/.test(l))
      .map((l) => `  ${l}\n`)
      .join(''),
  );
  const files = (
    JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, 'vitest-latest.json'), 'utf8')) as {
      testResults: { name: string; status: string }[];
    }
  ).testResults;
  const passed = (file: string) => files.some((f) => f.name.endsWith(file) && f.status === 'passed');
  const fuzz = JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, 'fuzz-latest.json'), 'utf8')) as {
    routes: { statuses: Record<string, number>; failures: string[] }[];
  };
  const bodies = fuzz.routes.reduce((n, r) => n + Object.values(r.statuses).reduce((a, b) => a + b, 0), 0);
  const fivexx = fuzz.routes.reduce(
    (n, r) => n + Object.entries(r.statuses).reduce((m, [s, c]) => m + (Number(s) >= 500 ? c : 0), 0),
    0,
  );
  const statuses: Record<string, number> = {};
  for (const route of fuzz.routes)
    for (const [s, c] of Object.entries(route.statuses)) statuses[s] = (statuses[s] ?? 0) + c;
  record('write routes fuzzed from their schemas', passed('fuzz.test.ts') && fivexx === 0, {
    routes: fuzz.routes.length,
    bodies,
    fivexx,
    failures: fuzz.routes.flatMap((x) => x.failures).slice(0, 10),
    statuses,
    seed,
    seconds: Math.round((Date.now() - started) / 1000),
  });
  const uploads = JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, 'uploads-latest.json'), 'utf8')) as {
    case: string;
    status?: number;
  }[];
  record('hostile uploads', passed('uploads.test.ts'), {
    cases: uploads.filter((u) => u.status).length,
    refused: uploads.filter((u) => u.status && u.status >= 400).length,
    acceptedInert: uploads.filter((u) => u.status === 201).length,
    exifGpsKeptInStaffUpload: (uploads.find((u) => u.case.startsWith('exif gps kept')) as { kept?: boolean })?.kept,
  });
}

/** Open a socket and dribble a header line every second; resolves with how long the server kept it open. */
function slowClient(port: number, limitMs: number): Promise<{ closedAfterMs: number | null; answer: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearInterval(drip);
      socket.destroy();
      resolve({
        closedAfterMs: closed ? Math.round(performance.now() - started) : null,
        answer: answer.split('\r\n')[0] ?? '',
      });
    };
    socket.on('data', (b) => {
      answer += b.toString();
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.write('GET /api/auth/me HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    let n = 0;
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(`X-Slow-${n++}: ${'a'.repeat(5)}\r\n`);
    }, 1000);
    setTimeout(() => finish(false), limitMs);
  });
}

function rawRequest(port: number, text: string, limitMs = 10_000): Promise<{ status: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ status: answer.split('\r\n')[0] ?? '', closed });
    };
    socket.on('data', (b) => {
      answer += b.toString();
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.write(text);
    setTimeout(() => finish(false), limitMs);
  });
}

async function httpLimits(server: ServerProc) {
  // Slowloris: 20 sockets dribbling headers; each must be cut off within the header timeout (plus Node's check interval).
  const bound = (HEADERS_TIMEOUT_S + 35) * 1000;
  const slow = Array.from({ length: 20 }, () => slowClient(server.port, bound));
  await sleep(1500);
  const meanwhileStarted = performance.now();
  const meanwhile = await fetch(`${server.base}/healthz`, { signal: AbortSignal.timeout(5000) }).then(
    (r) => r.status,
    () => 0,
  );
  const meanwhileMs = Math.round(performance.now() - meanwhileStarted);
  const results = await Promise.all(slow);
  const closed = results.filter((r) => r.closedAfterMs !== null);
  const worst = Math.max(0, ...closed.map((r) => r.closedAfterMs ?? 0));
  record('slowloris: dribbled headers cut off', closed.length === results.length && meanwhile === 200, {
    sockets: results.length,
    closed: closed.length,
    headersTimeoutSeconds: HEADERS_TIMEOUT_S,
    worstCloseMs: worst,
    answers: [...new Set(results.map((r) => r.answer))],
    healthzMeanwhile: meanwhile,
    healthzMeanwhileMs: meanwhileMs,
  });

  const huge = await rawRequest(
    server.port,
    `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
  );
  const many = await rawRequest(
    server.port,
    `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n${Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\n\r\n`,
  );
  record(
    'huge headers refused (431) and the connection closed',
    /431/.test(huge.status) && huge.closed && many.closed,
    {
      hugeHeader: huge,
      manyHeaders: many,
    },
  );
  const bigBody = await fetch(`${server.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'x', password: 'y'.repeat(3 * 1024 * 1024) }),
  });
  const bigJson = (await bigBody.json().catch(() => ({}))) as { error?: { code?: string } };
  record('oversized body refused with 413', bigBody.status === 413 && bigJson.error?.code === 'PAYLOAD_TOO_LARGE', {
    status: bigBody.status,
    code: bigJson.error?.code,
  });
  const after = await fetch(`${server.base}/readyz`).then((r) => r.status);
  record('server healthy after the HTTP abuse', after === 200, { readyz: after });
}

function sqlmap(server: ServerProc, cookie: string, csrf: string, kind: string, requestNumber: string) {
  if (spawnSync('which', ['sqlmap']).status !== 0) {
    record(`sqlmap (${kind})`, quick, { skipped: 'sqlmap not installed (apt-get install sqlmap)' });
    return;
  }
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-sqlmap-'));
  const common = [
    '--batch',
    '--disable-coloring',
    `--output-dir=${outDir}`,
    `--cookie=${cookie}`,
    `--headers=x-csrf-token: ${csrf}\nAccept: application/json`,
    '--dbms=PostgreSQL',
    `--level=${quick ? 1 : 2}`,
    '--risk=1',
    `--technique=${quick ? 'BEU' : 'BEUST'}`,
    '--time-sec=2',
    '--threads=1',
    '--skip-waf',
    '--ignore-code=400,401,403,404,409,422,429',
  ];
  const targets: [string, string[]][] = [
    ['list q filter', [`--url=${server.base}/api/requests?q=路灯&pageSize=5`, '-p', 'q']],
    ['detail by id', [`--url=${server.base}/api/requests/1*`]],
    [
      'intake body',
      [
        `--url=${server.base}/api/requests`,
        `--data={"channel":"hotline","type":"complaint","body":"路灯坏了请维修*","divisionCode":"990101001001*","address":"幸福路1号*"}`,
      ],
    ],
    ['public tracking', [`--url=${server.base}/api/public/requests/track?number=${requestNumber}&code=ABCD1234`]],
  ];
  const findings: string[] = [];
  const perTarget: Record<string, string> = {};
  for (const [name, args] of targets) {
    const started = Date.now();
    const r = spawnSync('sqlmap', [...common, ...args], { encoding: 'utf8', timeout: quick ? 240_000 : 900_000 });
    const out = `${r.stdout}${r.stderr}`;
    const vulnerable = out
      .split('\n')
      .filter(
        (l) =>
          /is vulnerable|appears to be .*injectable|might be injectable|Parameter: .* \(/i.test(l) &&
          !/do not appear/i.test(l),
      );
    findings.push(...vulnerable.map((l) => `${name}: ${l.trim()}`));
    const verdict = /do not appear to be injectable/i.test(out)
      ? 'not injectable'
      : r.error
        ? `stopped: ${r.error.message}`
        : (
            out
              .split('\n')
              .filter((l) => /\[(CRITICAL|WARNING)\]/.test(l))
              .slice(-1)[0] ?? 'done'
          ).trim();
    perTarget[name] = `${verdict} (${Math.round((Date.now() - started) / 1000)} s)`;
    log(`sqlmap ${kind} ${name}: ${perTarget[name]}`);
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  record(`sqlmap (${kind}): 0 findings`, findings.length === 0, { findings, targets: perTarget });
}

async function realServer(kind: 'pglite' | 'pg') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lianxin-security-${kind}-`));
  let target: Target = { kind, dataDir };
  if (kind === 'pg') {
    const url = process.env.SECURITY_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lianxin_security';
    const admin = new pg.Client({ connectionString: new URL('/postgres', url).toString() });
    await admin.connect();
    const name = new URL(url).pathname.slice(1);
    if (!/^[a-z_][a-z0-9_]*$/.test(name) || name === 'test') throw new Error(`refusing database name ${name}`);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    target = { kind, dataDir, databaseUrl: url };
  }
  const seeded = cli(target, ['seed-demo', '--requests', '30']);
  if (seeded.status !== 0) throw new Error(`seed-demo: ${seeded.stderr}`);
  const server = await startServer(target, {});
  try {
    const session = await login(server.base, 'operator', demoPassword(dataDir, 'operator'));
    if (kind === 'pglite') await httpLimits(server);
    const list = await fetch(`${server.base}/api/requests?pageSize=1`, { headers: { cookie: session.cookie } });
    const number = ((await list.json()) as { items: { number: string }[] }).items[0]?.number ?? '2026000001';
    sqlmap(server, session.cookie, session.csrf, kind, number);
    // sqlmap's payloads did not break the audit chain or the server.
    const ready = await fetch(`${server.base}/readyz`).then((r) => r.status);
    record(`server healthy after sqlmap (${kind})`, ready === 200, { readyz: ready });
  } finally {
    await stopServer(server);
    const verify = cli(target, ['audit', 'verify']);
    record(`audit chain verifies after the battery (${kind})`, verify.status === 0, {
      output: verify.stdout.trim().slice(-200),
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const started = Date.now();
  log(`tier ${quick ? 'quick' : 'full'}, seed ${seed} (repeat with --seed ${seed})`);
  if (!hasArg('--no-fuzz')) inProcess();
  process.env.HTTP_HEADERS_TIMEOUT_SECONDS = String(HEADERS_TIMEOUT_S);
  await realServer('pglite');
  if (!quick) await realServer('pg');
  const failed = checks.filter((c) => !c.ok);
  const result = { tier: quick ? 'quick' : 'full', seed, seconds: Math.round((Date.now() - started) / 1000), checks };
  const summary = [
    `Security (${result.tier}, seed ${seed}, ${result.seconds} s): ${checks.length - failed.length}/${checks.length} checks passed`,
    ...checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${JSON.stringify(c.detail).slice(0, 300)}`),
  ];
  const file = writeResults(`security-${result.tier}`, result, summary);
  console.log(summary.join('\n'));
  console.log(`results: ${path.relative(ROOT, file)}`);
  process.exit(failed.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
