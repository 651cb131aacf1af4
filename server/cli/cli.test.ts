import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { ROOT_DIR } from '../main.js';
import { verifyAuditChain } from '../platform/audit/index.js';
import { createFieldCipher } from '../platform/crypto/field-cipher.js';
import type { DatabaseHandle } from '../platform/db/database.js';
import type { Deps } from '../platform/deps.js';
import { createTestClock, openTestDatabase, TEST_KEY } from '../platform/testing/test-context.js';
import { createAdminAccount } from './admin.command.js';
import { CliError } from './cli-support.js';

// Each spawn of `node bin/lianxin.js` costs a few seconds (tsx, PGlite start-up), so these tests are few
// and share one data folder, in order: serve (first run seeds the demo) → lock → stop → verify → import → backup/restore.

const BIN = path.join(ROOT_DIR, 'bin', 'lianxin.js');
const SLOW = { timeout: 180_000 };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function baseEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // A small demo year of requests, so that `serve` on an empty folder starts in seconds.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DEMO_REQUESTS: '200',
    ...extra,
  };
  for (const key of ['DATABASE_URL', 'LIANXIN_KEY_FILE', 'PORT', 'NODE_OPTIONS']) if (!(key in extra)) delete env[key];
  return env;
}

function start(args: string[], env: NodeJS.ProcessEnv): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  return Object.assign(child, { output: () => out });
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(port: number, child: ChildProcess & { output: () => string }): Promise<void> {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${child.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`serve was not ready in time:\n${child.output()}`);
}

describe('lianxin CLI', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-cli-'));
  const dataDir = path.join(root, 'data');
  const env = baseEnv(dataDir);
  let server: (ChildProcess & { output: () => string }) | undefined;
  let auditEntries: string | undefined;
  const entries = (r: Run) => /(\d+) entries verified/.exec(r.stdout)?.[1];

  afterAll(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists every command in --help', async () => {
    const r = await run(['--help'], env);
    expect(r.code).toBe(0);
    for (const command of [
      'serve',
      'migrate',
      'seed-demo',
      'create-admin',
      'import',
      'export',
      'audit',
      'backup',
      'restore',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it(
    'refuses a second process while the server holds the embedded folder, then works once it stops',
    SLOW,
    async () => {
      const port = await freePort();
      server = start(['serve'], { ...env, PORT: String(port) });
      await waitReady(port, server);
      expect(server.output()).toContain('sysadmin');
      expect(fs.statSync(path.join(dataDir, 'demo-logins.json')).mode & 0o777).toBe(0o600);

      const locked = await run(['migrate', 'up'], env);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain(`is in use by process ${server.pid}`);

      const exited = new Promise<number | null>((resolve) => server?.once('exit', (code) => resolve(code)));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);

      const verify = await run(['audit', 'verify'], env);
      expect(verify.stderr).toBe('');
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/Audit chain intact.*\d+ entries verified/);
      auditEntries = entries(verify);
    },
  );

  it('rejects an import with bad rows, listing each row, and exits 1', SLOW, async () => {
    const csv = path.join(root, 'bad-divisions.csv');
    fs.writeFileSync(
      csv,
      '代码,名称,层级,上级代码\n99010100X000,坏代码,township,990101000000\n990101998000,,township,990101000000\n990101997000,新镇,township,123456789012\n',
    );
    const r = await run(['import', 'divisions', csv], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\s+2\s+代码\s+\S+/m);
    expect(r.stderr).toMatch(/^\s+3\s+名称\s+\S+/m);
    expect(r.stderr).toMatch(/^\s+4\s+上级代码\s+\S+/m);
    expect(r.stderr).toContain('nothing was imported');
  });

  it('backs up and restores the embedded database', SLOW, async () => {
    const file = path.join(root, 'backup.tar.gz');
    // A stored attachment (content-addressed under DATA_DIR/attachments) goes with the backup.
    const stored = path.join('ab', 'cd', `abcd${'0'.repeat(60)}`);
    fs.mkdirSync(path.join(dataDir, 'attachments', 'ab', 'cd'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'attachments', stored), '%PDF-1.4 reply evidence');
    const backup = await run(['backup', file], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('Attachments 附件: 1 files');
    expect(fs.statSync(file).size).toBeGreaterThan(100_000);
    expect(backup.stdout).toContain('lianxin.key');

    const refused = await run(['restore', file], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already holds a database');

    const otherDir = path.join(root, 'restored');
    const otherEnv = baseEnv(otherDir, { LIANXIN_KEY_FILE: path.join(dataDir, 'lianxin.key') });
    const restore = await run(['restore', file], otherEnv);
    expect(restore.code, restore.stderr).toBe(0);
    expect(fs.readFileSync(path.join(otherDir, 'attachments', stored), 'utf8')).toBe('%PDF-1.4 reply evidence');
    // The restored copy has the same intact audit chain as the original (the rejected import wrote nothing).
    const verifyRestored = await run(['audit', 'verify'], otherEnv);
    expect(verifyRestored.code, verifyRestored.stderr).toBe(0);
    expect(auditEntries).toBeDefined();
    expect(entries(verifyRestored)).toBe(auditEntries);
  });
});

describe('create-admin', () => {
  let handle: DatabaseHandle;
  let deps: Deps;
  beforeAll(async () => {
    handle = await openTestDatabase();
    deps = {
      config: loadConfig({ DATA_DIR: os.tmpdir() }),
      db: handle.db,
      dbKind: handle.kind,
      cipher: createFieldCipher(TEST_KEY),
      now: createTestClock().now,
    };
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('creates an administrator who must change the password and has TOTP, audited', async () => {
    const created = await createAdminAccount(deps, { username: 'Root.Admin', role: 'security_admin' });
    expect(created.password.length).toBeGreaterThanOrEqual(12);
    expect(created.totpSecret).toMatch(/^[A-Z2-7]+$/);
    const account = await deps.db
      .selectFrom('userAccount')
      .select(['username', 'mustChangePassword', 'totpEnabled', 'scopeKind'])
      .where('id', '=', created.userId)
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ username: 'root.admin', mustChangePassword: true, totpEnabled: true, scopeKind: 'all' });
    const audit = await deps.db.selectFrom('auditEntry').select(['action', 'actorName']).execute();
    expect(audit).toEqual([{ action: 'account.created', actorName: 'cli' }]);
    expect((await verifyAuditChain(deps.db)).ok).toBe(true);
  });

  it('refuses a taken username, a bad one, and a role that is not an administrator role', async () => {
    await expect(createAdminAccount(deps, { username: 'root.admin', role: 'audit_admin' })).rejects.toThrow(CliError);
    await expect(createAdminAccount(deps, { username: 'x', role: 'audit_admin' })).rejects.toThrow(/Invalid username/);
    await expect(createAdminAccount(deps, { username: 'someone', role: 'leader' })).rejects.toThrow(/--role/);
  });
});
