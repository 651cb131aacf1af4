import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyFileError, loadOrCreateKey } from './key-file.js';

const isPosix = process.platform !== 'win32';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lianxin-key-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('loadOrCreateKey', () => {
  it('creates a missing key file with 32 random bytes as one line of base64, readable only by its owner', () => {
    const keyFile = join(dir, 'nested', 'deeper', 'master.key');
    const { key, created } = loadOrCreateKey(keyFile, { create: true });

    expect(created).toBe(true);
    expect(key).toHaveLength(32);
    const text = readFileSync(keyFile, 'utf8');
    expect(text).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    expect(Buffer.from(text.trim(), 'base64').equals(key)).toBe(true);
    if (isPosix) {
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'nested')).mode & 0o077).toBe(0);
    }
  });

  it('leaves no temporary files behind', () => {
    loadOrCreateKey(join(dir, 'master.key'), { create: true });
    expect(readdirSync(dir)).toEqual(['master.key']);
  });

  it('loads an existing key unchanged and reports it was not created', () => {
    const keyFile = join(dir, 'master.key');
    const first = loadOrCreateKey(keyFile, { create: true });
    const before = readFileSync(keyFile, 'utf8');

    const second = loadOrCreateKey(keyFile, { create: true });
    const third = loadOrCreateKey(keyFile, { create: false });

    expect(second).toEqual({ key: first.key, created: false });
    expect(third.key.equals(first.key)).toBe(true);
    expect(readFileSync(keyFile, 'utf8')).toBe(before);
  });

  it('two new installations get different keys', () => {
    const a = loadOrCreateKey(join(dir, 'a.key'), { create: true }).key;
    const b = loadOrCreateKey(join(dir, 'b.key'), { create: true }).key;
    expect(a.equals(b)).toBe(false);
  });

  it('accepts a hand-written key file with surrounding whitespace or a CRLF line end', () => {
    const key = Buffer.alloc(32, 9);
    const keyFile = join(dir, 'master.key');
    writeFileSync(keyFile, `  ${key.toString('base64')}\r\n`);
    expect(loadOrCreateKey(keyFile, { create: false }).key.equals(key)).toBe(true);
  });

  it('refuses to start without a key when creation is not allowed, in English and Chinese', () => {
    const keyFile = join(dir, 'missing.key');
    const error = catchError(() => loadOrCreateKey(keyFile, { create: false }));

    expect(error).toBeInstanceOf(KeyFileError);
    expect((error as KeyFileError).code).toBe('KEY_FILE_MISSING');
    expect((error as Error).message).toContain(keyFile);
    expect((error as Error).message).toMatch(/required/);
    expect((error as Error).message).toMatch(/加密密钥文件/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ['an empty file', ''],
    ['16 bytes', `${Buffer.alloc(16, 1).toString('base64')}\n`],
    ['33 bytes', `${Buffer.alloc(33, 1).toString('base64')}\n`],
    ['hex instead of base64', `${Buffer.alloc(32, 1).toString('hex')}\n`],
    ['two lines', `${Buffer.alloc(32, 1).toString('base64')}\n${Buffer.alloc(32, 2).toString('base64')}\n`],
    ['non-base64 characters', `${Buffer.alloc(32, 1).toString('base64').replace('A', '!')}\n`],
  ])('a key file holding %s is rejected in English and Chinese and never overwritten', (_label, content) => {
    const keyFile = join(dir, 'master.key');
    writeFileSync(keyFile, content);

    const error = catchError(() => loadOrCreateKey(keyFile, { create: true }));

    expect(error).toBeInstanceOf(KeyFileError);
    expect((error as KeyFileError).code).toBe('KEY_FILE_INVALID');
    expect((error as Error).message).toMatch(/invalid/);
    expect((error as Error).message).toMatch(/格式无效/);
    expect(readFileSync(keyFile, 'utf8')).toBe(content);
  });

  it('a directory where the key file should be is reported as an invalid key file', () => {
    const keyFile = join(dir, 'master.key');
    mkdirSync(keyFile);
    expect(() => loadOrCreateKey(keyFile, { create: true })).toThrow(KeyFileError);
  });

  it.runIf(isPosix && process.getuid?.() !== 0)('an unreadable key file is reported as invalid', () => {
    const keyFile = join(dir, 'master.key');
    writeFileSync(keyFile, `${Buffer.alloc(32, 1).toString('base64')}\n`);
    chmodSync(keyFile, 0o000);
    expect(() => loadOrCreateKey(keyFile, { create: false })).toThrow(KeyFileError);
  });
});
