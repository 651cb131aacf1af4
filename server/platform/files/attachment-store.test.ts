import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../http/errors.js';
import { attachmentPath, sha256Hex, storeAttachmentBytes } from './attachment-store.js';

let dir: string | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Every file under a folder, relative to it (temporary names included). */
const filesUnder = (root: string) =>
  (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(root, f)).isFile());

/**
 * The disk refuses a write: files opened by the store get a handle whose `step` ('writeFile' after half the bytes, or
 * 'sync') fails with `code`, the way the kernel answers a full disk (ENOSPC) or a failing one (EIO).
 */
function failingDisk(step: 'writeFile' | 'sync', code: string) {
  const open = fsp.open.bind(fsp);
  vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
    const handle = await open(...args);
    const fail = () => Object.assign(new Error(`${code}: simulated failure, ${step}`), { code, syscall: 'write' });
    if (step === 'writeFile') {
      handle.writeFile = async (data) => {
        await handle.write((data as Uint8Array).subarray(0, (data as Uint8Array).length >> 1));
        throw fail();
      };
    } else handle.sync = async () => Promise.reject(fail());
    return handle;
  });
}
const dataDir = () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-store-'));
  return dir;
};

describe('content-addressed attachment storage', () => {
  it('stores bytes under attachments/ab/cd/<sha256> and leaves no temporary file', async () => {
    const root = dataDir();
    const bytes = Buffer.from('%PDF-1.7 答复函');
    const sha = await storeAttachmentBytes(root, bytes);
    expect(sha).toBe(sha256Hex(bytes));
    const file = attachmentPath(root, sha);
    expect(path.relative(root, file)).toBe(path.join('attachments', sha.slice(0, 2), sha.slice(2, 4), sha));
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual([sha]);
  });

  it('the same content stored concurrently ends as one complete file', async () => {
    const root = dataDir();
    const bytes = Buffer.alloc(256 * 1024, 7);
    const shas = await Promise.all(Array.from({ length: 5 }, () => storeAttachmentBytes(root, bytes)));
    expect(new Set(shas).size).toBe(1);
    const file = attachmentPath(root, shas[0]!);
    expect(fs.readdirSync(path.dirname(file))).toEqual([shas[0]]);
    expect(fs.statSync(file).size).toBe(bytes.length);
  });

  it('a truncated file under the hash name (a foreign copy cut short) is replaced, not trusted', async () => {
    const root = dataDir();
    const bytes = Buffer.from('GIF89a complete image');
    const file = attachmentPath(root, sha256Hex(bytes));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes.subarray(0, 5));
    await storeAttachmentBytes(root, bytes);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a full disk answers STORAGE_FULL (507) and leaves no file, not even the half-written temporary one', async () => {
    const root = dataDir();
    failingDisk('writeFile', 'ENOSPC');
    const err = await storeAttachmentBytes(root, Buffer.alloc(64 * 1024, 3)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect([(err as AppError).code, (err as AppError).status]).toEqual(['STORAGE_FULL', 507]);
    expect(((err as AppError).cause as { code: string }).code).toBe('ENOSPC');
    expect(filesUnder(root)).toEqual([]);
  });

  it('an I/O error on the flush answers STORAGE_UNAVAILABLE (503), no file left; the next write succeeds', async () => {
    const root = dataDir();
    const bytes = Buffer.from('%PDF-1.7 整改报告');
    failingDisk('sync', 'EIO');
    const err = await storeAttachmentBytes(root, bytes).catch((e: unknown) => e);
    expect([(err as AppError).code, (err as AppError).status]).toEqual(['STORAGE_UNAVAILABLE', 503]);
    expect(filesUnder(root)).toEqual([]);
    vi.restoreAllMocks();
    const sha = await storeAttachmentBytes(root, bytes);
    expect(fs.readFileSync(attachmentPath(root, sha)).equals(bytes)).toBe(true);
  });

  it('refuses a path that is not a SHA-256 (no way out of the folder)', () => {
    expect(() => attachmentPath('/data', '../../etc/passwd')).toThrow();
  });
});
