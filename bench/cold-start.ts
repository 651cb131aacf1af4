/**
 * Cold start of the embedded server (issue #9 point 4): `lianxin serve` (bin/lianxin.js, as an operator starts it)
 * spawned on a data folder, timed from the spawn to the first 200 from /readyz (the database answers and every
 * migration is applied), polled every 20 ms, bounded. Pinned to `core` with taskset when given. Jobs are off
 * (JOBS_ENABLED=false) and no demo is seeded, so the figure is the server's own start, not a first job run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningServe {
  base: string;
  pid: number;
  /** Spawn to the first 200 from /readyz, in ms. */
  coldStartMs: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in MB (Linux /proc), or null when it cannot be read. */
export function rssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

export async function startServe(opts: {
  dataDir: string;
  keyFile: string;
  webDist?: string;
  core: number | null;
  timeoutMs: number;
}): Promise<RunningServe> {
  const port = await freePort();
  const node = [process.execPath, path.join(ROOT, 'bin', 'lianxin.js'), 'serve'];
  const [cmd, ...args] = opts.core === null ? node : ['taskset', '-c', String(opts.core), ...node];
  const output: string[] = [];
  const started = performance.now();
  // The embedded database: a DATABASE_URL of the caller's environment must not reach the child.
  const { DATABASE_URL: _pg, ...inherited } = process.env;
  const child: ChildProcess = spawn(cmd as string, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...inherited,
      TZ: 'UTC',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: opts.dataDir,
      LIANXIN_KEY_FILE: opts.keyFile,
      ...(opts.webDist ? { WEB_DIST: opts.webDist } : {}),
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
      DEMO_SEED: 'false',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    },
  });
  const keep = (b: Buffer) => {
    output.push(b.toString());
    if (output.length > 50) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  const deadline = started + opts.timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`bench: lianxin serve exited with ${child.exitCode}: ${output.join('').slice(-1000)}`);
    }
    const ok = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2000) })
      .then(async (r) => {
        await r.arrayBuffer();
        return r.status === 200;
      })
      .catch(() => false);
    if (ok) return { base, pid: child.pid ?? 0, coldStartMs: performance.now() - started, stop };
    await new Promise((r) => setTimeout(r, 20));
  }
  await stop();
  throw new Error(`bench: lianxin serve not ready within ${opts.timeoutMs} ms: ${output.join('').slice(-1000)}`);
}
