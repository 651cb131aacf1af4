import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { KEY_BYTES } from './field-cipher.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export type KeyFileErrorCode = 'KEY_FILE_MISSING' | 'KEY_FILE_INVALID';

/** The encryption key file is missing or unusable; the message is in English and Chinese. */
export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';

  constructor(
    readonly code: KeyFileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface LoadedKey {
  key: Buffer;
  created: boolean;
}

/** Loads the 32-byte master key (one line of base64) from `keyFile`, or creates it with mode 0600 when `create` is set; an existing but malformed file is never overwritten, because replacing the key would make all encrypted personal data unreadable. */
export function loadOrCreateKey(keyFile: string, opts: { create: boolean }): LoadedKey {
  if (isExistingPath(keyFile)) {
    return { key: readKeyFile(keyFile), created: false };
  }
  if (!opts.create) {
    throw new KeyFileError(
      'KEY_FILE_MISSING',
      `Encryption key file ${keyFile} does not exist. The key is required to read personal data encrypted at rest: ` +
        'restore it from your backup (or create a new one only for a new, empty installation). ' +
        `加密密钥文件 ${keyFile} 不存在。读取已加密的个人信息必须使用该密钥：请从备份中恢复（仅全新、空白的安装可新建密钥）。`,
    );
  }
  const key = randomBytes(KEY_BYTES);
  if (!createKeyFileExclusively(keyFile, key)) {
    // Another process created the key between our check and our write: use theirs, never replace it.
    return { key: readKeyFile(keyFile), created: false };
  }
  return { key, created: true };
}

function isExistingPath(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function readKeyFile(keyFile: string): Buffer {
  let text: string;
  try {
    text = readFileSync(keyFile, 'utf8');
  } catch (error) {
    throw invalidKeyFile(keyFile, (error as Error).message);
  }
  const line = text.trim();
  if (!BASE64.test(line)) {
    throw invalidKeyFile(keyFile, 'the content is not a single line of base64 text');
  }
  const key = Buffer.from(line, 'base64');
  if (key.length !== KEY_BYTES) {
    throw invalidKeyFile(keyFile, `it decodes to ${key.length} bytes instead of ${KEY_BYTES}`);
  }
  return key;
}

function invalidKeyFile(keyFile: string, reason: string): KeyFileError {
  return new KeyFileError(
    'KEY_FILE_INVALID',
    `Encryption key file ${keyFile} is invalid (${reason}); expected ${KEY_BYTES} random bytes as one line of base64. ` +
      'It was left untouched: restore the correct key from your backup. ' +
      `加密密钥文件 ${keyFile} 格式无效：应为一行 base64 编码的 ${KEY_BYTES} 字节随机密钥。文件未被改动，请从备份中恢复正确的密钥。`,
  );
}

/** Writes the key to a temporary file and hard-links it into place, so readers never see a half-written key and a concurrent creator cannot be overwritten; returns false if the file already existed. */
function createKeyFileExclusively(keyFile: string, key: Buffer): boolean {
  const dir = dirname(keyFile);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(keyFile)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  writeKey(tmp, key);
  try {
    linkSync(tmp, keyFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    // No hard links on this filesystem: fall back to an exclusive create of the file itself.
    try {
      writeKey(keyFile, key);
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallbackError;
    }
  } finally {
    unlinkSync(tmp);
  }
  syncDirectory(dir);
  return true;
}

function writeKey(path: string, key: Buffer): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    // The umask can only remove bits, but set the mode explicitly so the file is never wider than owner-only.
    fchmodSync(fd, 0o600);
    writeSync(fd, `${key.toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(dir: string): void {
  // Losing the key loses every encrypted record, so make the new directory entry durable where the OS allows it.
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Directories cannot be fsynced on some platforms (e.g. Windows); the file itself was already synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
