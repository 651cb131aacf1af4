import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Length in bytes of the master key and of every derived key (AES-256 / HMAC-SHA256). */
export const KEY_BYTES = 32;

const TOKEN_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
// Fixed application salt: the master key is already uniformly random, the salt only separates Lianxin's key tree.
const HKDF_SALT = Buffer.from('lianxin/field-cipher', 'utf8');
const ENCRYPTION_PURPOSE = 'field-encryption/v1';
const LOOKUP_PURPOSE = 'field-lookup-hash/v1';

export type FieldCipherErrorCode =
  | 'MALFORMED_TOKEN'
  | 'UNSUPPORTED_VERSION'
  | 'AUTHENTICATION_FAILED'
  | 'INVALID_INPUT';

/** An encrypted field could not be produced or read; `code` says why. */
export class FieldCipherError extends Error {
  override readonly name = 'FieldCipherError';

  constructor(
    readonly code: FieldCipherErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface FieldCipher {
  /** Encrypts a personal-data field; `context` (e.g. 'citizen.phone') is bound to the token and must match on decrypt. */
  encrypt(plain: string, context?: string): string;
  /** Decrypts a token made by `encrypt` with the same key and context; throws FieldCipherError if it was altered. */
  decrypt(token: string, context?: string): string;
  /** Keyed hash of a normalised value, so equal phones or ID numbers can be found without decrypting anything. */
  lookupHash(value: string): string;
}

/** Derives an independent 32-byte key for one purpose from the master key (HKDF-SHA256), so a leak of one purpose's key (e.g. 'whistleblower-identity') does not expose the others. */
export function deriveKey(master: Buffer, purpose: string): Buffer {
  assertKey(master, 'master key');
  if (purpose.trim() === '') {
    throw new FieldCipherError('INVALID_INPUT', 'deriveKey: purpose must be a non-empty string');
  }
  return Buffer.from(hkdfSync('sha256', master, HKDF_SALT, Buffer.from(`lianxin:${purpose}`, 'utf8'), KEY_BYTES));
}

/** Normalises an identifier before hashing it for lookup: full-width characters folded, spaces and dashes removed, letters upper-cased (the ID check character 'x' equals 'X'). */
export function normaliseLookupValue(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\s\-‐‑‒–—―−]/gu, '')
    .toUpperCase();
}

/** Creates the AES-256-GCM cipher for personal data at rest (DESIGN §11): every token carries a fresh random IV and an authentication tag, so any tampering or a wrong key is detected on decrypt. */
export function createFieldCipher(key: Buffer): FieldCipher {
  assertKey(key, 'field cipher key');
  // Encryption and lookup hashing use separate derived keys so that the lookup hashes reveal nothing about the AES key.
  const encryptionKey = deriveKey(key, ENCRYPTION_PURPOSE);
  const lookupKey = deriveKey(key, LOOKUP_PURPOSE);

  return {
    encrypt(plain: string, context?: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(buildAad(context));
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        TOKEN_VERSION,
        iv.toString('base64url'),
        tag.toString('base64url'),
        ciphertext.toString('base64url'),
      ].join('.');
    },

    decrypt(token: string, context?: string): string {
      const { iv, tag, ciphertext } = parseToken(token);
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(buildAad(context));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new FieldCipherError(
          'AUTHENTICATION_FAILED',
          'Encrypted field failed authentication: the token was altered, or it was encrypted with a different key or context',
        );
      }
    },

    lookupHash(value: string): string {
      const normalised = normaliseLookupValue(value);
      if (normalised === '') {
        throw new FieldCipherError('INVALID_INPUT', 'lookupHash: the value is empty after normalisation');
      }
      return createHmac('sha256', lookupKey).update(normalised, 'utf8').digest('hex');
    },
  };
}

/** Tells whether a string looks like a token produced by a field cipher (any supported version), without checking its integrity. */
export function isFieldCipherToken(value: string): boolean {
  try {
    parseToken(value);
    return true;
  } catch {
    return false;
  }
}

function assertKey(key: Buffer, label: string): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new FieldCipherError('INVALID_INPUT', `The ${label} must be exactly ${KEY_BYTES} bytes`);
  }
}

function buildAad(context: string | undefined): Buffer {
  return Buffer.from(`${TOKEN_VERSION}|${context ?? ''}`, 'utf8');
}

function parseToken(token: string): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  if (typeof token !== 'string') {
    throw new FieldCipherError('MALFORMED_TOKEN', 'Encrypted field token must be a string');
  }
  const parts = token.split('.');
  if (parts.length !== 4) {
    throw new FieldCipherError(
      'MALFORMED_TOKEN',
      'Encrypted field token is malformed: expected "v1.<iv>.<tag>.<ciphertext>"',
    );
  }
  const [version, ivText, tagText, ciphertextText] = parts as [string, string, string, string];
  if (version !== TOKEN_VERSION) {
    throw new FieldCipherError('UNSUPPORTED_VERSION', `Encrypted field token has unsupported version "${version}"`);
  }
  const iv = decodeBase64url(ivText, 'iv');
  const tag = decodeBase64url(tagText, 'tag');
  const ciphertext = decodeBase64url(ciphertextText, 'ciphertext');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new FieldCipherError('MALFORMED_TOKEN', 'Encrypted field token is malformed: wrong iv or tag length');
  }
  return { iv, tag, ciphertext };
}

function decodeBase64url(text: string, part: string): Buffer {
  const decoded = Buffer.from(text, 'base64url');
  // Buffer.from silently skips bad characters, so check the text round-trips exactly.
  if (!BASE64URL.test(text) || decoded.toString('base64url') !== text) {
    throw new FieldCipherError('MALFORMED_TOKEN', `Encrypted field token is malformed: the ${part} is not base64url`);
  }
  return decoded;
}
