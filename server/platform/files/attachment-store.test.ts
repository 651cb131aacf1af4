import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachmentPath, sha256Hex, storeAttachmentBytes } from './attachment-store.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
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

  it('refuses a path that is not a SHA-256 (no way out of the folder)', () => {
    expect(() => attachmentPath('/data', '../../etc/passwd')).toThrow();
  });
});
