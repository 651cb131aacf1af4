/**
 * Shared pieces of the reliability battery (reliability/faults.ts, reliability/security.ts): real server processes
 * (`node bin/lianxin.js serve`), sign-in, results under test-results/reliability/, a seeded random source.
 * Loopback only; every wait is bounded.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = path.join(ROOT, 'test-results', 'reliability');
export const CLI = path.join(ROOT, 'bin', 'lianxin.js');

/** mulberry32: a small deterministic generator, so that a run is repeated from its logged seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Target {
  kind: 'pglite' | 'pg';
  dataDir: string;
  databaseUrl?: string;
}

/** The environment of a server or CLI process for a target (jobs off, sign-in limit out of the way on loopback). */
export function envFor(target: Target, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: target.dataDir,
    LIANXIN_KEY_FILE: path.join(target.dataDir, 'lianxin.key'),
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    DEMO_SEED: 'false',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    HOST: '127.0.0.1',
    TZ: 'UTC',
    ...extra,
  };
  if (target.databaseUrl) env.DATABASE_URL = target.databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

/** Run a `lianxin` CLI command to completion (bounded). */
export function cli(
  target: Target,
  args: string[],
  timeoutMs = 180_000,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: envFor(target),
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export interface ServerProc {
  proc: ChildProcess;
  base: string;
  port: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/**
 * Spawn `lianxin serve --no-demo` and resolve once /readyz answers 200 (or reject with its output). `env` adds to the
 * target's environment; with `logFile` the server's stdout and stderr go to that file (appended), as under a service
 * manager writing a log file, instead of a pipe — `output()` then reads the file's tail.
 */
export async function startServer(
  target: Target,
  opts: { port?: number; readyTimeoutMs?: number; env?: Record<string, string>; logFile?: string } = {},
) {
  const port = opts.port ?? (await freePort());
  const logFd = opts.logFile ? fs.openSync(opts.logFile, 'a') : undefined;
  const proc = spawn(process.execPath, [CLI, 'serve', '--no-demo'], {
    cwd: ROOT,
    env: envFor(target, { PORT: String(port), ...opts.env }),
    stdio: ['ignore', logFd ?? 'pipe', logFd ?? 'pipe'],
  });
  if (logFd !== undefined) fs.closeSync(logFd);
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const logFile = opts.logFile;
  const output = logFile
    ? () => {
        const text = fs.readFileSync(logFile, 'utf8');
        return text.slice(-20_000);
      }
    : () => out;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const server: ServerProc = { proc, base: `http://127.0.0.1:${port}`, port, exited, output };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 90_000);
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (Date.now() < deadline) {
    if (gone) throw new Error(`server exited before it was ready:\n${output()}`);
    try {
      const res = await fetch(`${server.base}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  proc.kill('SIGKILL');
  throw new Error(`server not ready within the timeout:\n${output()}`);
}

/** SIGKILL and wait for the exit (bounded). */
export async function killHard(server: ServerProc): Promise<void> {
  server.proc.kill('SIGKILL');
  await Promise.race([server.exited, sleep(10_000)]);
}

/** SIGTERM; resolves with the exit (or SIGKILL after the bound). */
export async function stopServer(server: ServerProc, boundMs = 30_000) {
  if (server.proc.exitCode !== null || server.proc.signalCode !== null) return server.exited;
  server.proc.kill('SIGTERM');
  const r = await Promise.race([server.exited, sleep(boundMs).then(() => null)]);
  if (r === null) {
    server.proc.kill('SIGKILL');
    await server.exited;
    return { code: null, signal: 'SIGKILL' as NodeJS.Signals, timedOut: true };
  }
  return r;
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function login(base: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const me = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: me.csrfToken };
}

export function demoPassword(dataDir: string, username: string): string {
  const logins = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-logins.json'), 'utf8')) as {
    username: string;
    password: string;
  }[];
  const found = logins.find((l) => l.username === username);
  if (!found) throw new Error(`no demo login ${username}`);
  return found.password;
}

/** Write a run's JSON and its human summary under test-results/reliability/. */
export function writeResults(name: string, result: unknown, summary: string[]): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `${name}-${stamp}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}-latest.json`), `${JSON.stringify(result, null, 2)}\n`);
  const text = `${summary.join('\n')}\n`;
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}-latest.txt`), text);
  return file;
}

export function hasArg(name: string): boolean {
  return process.argv.includes(name);
}

export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
