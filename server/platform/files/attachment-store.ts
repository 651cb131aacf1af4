import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../http/errors.js';

/** The folder under the data folder that holds every attachment's bytes. */
export function attachmentsDir(dataDir: string): string {
  return path.join(dataDir, 'attachments');
}

/** Where the bytes with this SHA-256 live: `attachments/ab/cd/<sha256>` (two levels keep folders small). */
export function attachmentPath(dataDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256 hex digest');
  return path.join(attachmentsDir(dataDir), sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Stores bytes content-addressed and returns their SHA-256. The same content uploaded twice is stored once. A file
 * is written under a temporary name in the target folder, flushed to disk (fsync) and then renamed into place, so a
 * reader never sees a partial file — after a crash there is either the whole file or none (a stray temporary file at
 * worst, never under a hash name). A write the disk refuses removes the temporary file and throws an AppError:
 * `STORAGE_FULL` (507) for a full disk or quota, `STORAGE_UNAVAILABLE` (503) for any other failure of the file system
 * (an I/O error, a read-only or missing folder); the original error is its `cause`.
 */
export async function storeAttachmentBytes(dataDir: string, bytes: Uint8Array): Promise<string> {
  const sha256 = sha256Hex(bytes);
  const target = attachmentPath(dataDir, sha256);
  const existing = await fsp.stat(target).catch(() => null);
  if (existing?.isFile() && existing.size === bytes.length) return sha256;
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  let created = false;
  try {
    await fsp.mkdir(dir, { recursive: true });
    const handle = await fsp.open(tmp, 'wx', 0o640);
    created = true;
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, target);
  } catch (err) {
    if (created) await fsp.rm(tmp, { force: true }).catch(() => {});
    throw storageError(err);
  }
  await syncDir(dir);
  return sha256;
}

/** The AppError of a failed write of the attachment store: 507 when the disk is full, else 503. */
export function storageError(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return err;
  const mapped = new AppError(code === 'ENOSPC' || code === 'EDQUOT' ? 'STORAGE_FULL' : 'STORAGE_UNAVAILABLE');
  mapped.cause = err;
  return mapped;
}

/** Flushes a folder's entries (the rename) to disk; not every platform lets a folder be opened, so it is best effort. */
async function syncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Windows refuses fsync on folders; the rename is still atomic.
  } finally {
    await handle.close();
  }
}

/** A read stream of stored bytes; throws ENOENT when the file is missing (a data folder restored without it). */
export async function openAttachmentBytes(dataDir: string, sha256: string): Promise<fs.ReadStream> {
  const file = attachmentPath(dataDir, sha256);
  await fsp.access(file, fs.constants.R_OK);
  return fs.createReadStream(file);
}
