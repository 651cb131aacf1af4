import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createFieldCipher,
  deriveKey,
  FieldCipherError,
  isFieldCipherToken,
  normaliseLookupValue,
} from './field-cipher.js';

const key = Buffer.alloc(32, 7);
const cipher = createFieldCipher(key);

/** Flips one bit of the decoded bytes of one dot-separated part of a token. */
function flipBit(token: string, part: number, byteIndex = 0): string {
  const parts = token.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[byteIndex] = bytes[byteIndex]! ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('createFieldCipher: encrypt and decrypt', () => {
  it.each([
    ['Chinese text', '张三，湖南省长沙市芙蓉区五一大道123号'],
    ['a phone number', '13812345678'],
    ['an empty string', ''],
    ['characters outside the BMP', '𠮷野家 😀'],
    ['a long text', '连心'.repeat(5000)],
  ])('a field encrypted with a key decrypts to the same %s', (_label, plain) => {
    expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
  });

  it('the token is versioned text with base64url parts and does not contain the plain text', () => {
    const token = cipher.encrypt('13812345678');
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('13812345678');
    expect(isFieldCipherToken(token)).toBe(true);
  });

  it('encrypting the same value twice gives different tokens (fresh IV each time)', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => cipher.encrypt('张三')));
    expect(tokens.size).toBe(50);
  });

  it('a second cipher built from the same key reads the first one’s tokens', () => {
    const token = cipher.encrypt('欧阳娜娜');
    expect(createFieldCipher(Buffer.from(key)).decrypt(token)).toBe('欧阳娜娜');
  });

  it('a token encrypted for one context cannot be decrypted under another (no swapping fields between columns)', () => {
    const token = cipher.encrypt('13812345678', 'citizen.phone');
    expect(cipher.decrypt(token, 'citizen.phone')).toBe('13812345678');
    expect(() => cipher.decrypt(token, 'citizen.idNumber')).toThrow(FieldCipherError);
    expect(() => cipher.decrypt(token)).toThrow(FieldCipherError);
  });
});

describe('createFieldCipher: tampering is detected', () => {
  const token = cipher.encrypt('张三 13812345678');

  it.each([
    ['a bit of the ciphertext', 3],
    ['a bit of the authentication tag', 2],
    ['a bit of the IV', 1],
  ])('flipping %s makes decrypt fail authentication', (_label, part) => {
    const error = catchError(() => cipher.decrypt(flipBit(token, part)));
    expect(error).toBeInstanceOf(FieldCipherError);
    expect((error as FieldCipherError).code).toBe('AUTHENTICATION_FAILED');
    expect((error as Error).message).toMatch(/failed authentication/);
  });

  it('a token decrypted with the wrong key fails authentication', () => {
    const other = createFieldCipher(Buffer.alloc(32, 8));
    const error = catchError(() => other.decrypt(token));
    expect((error as FieldCipherError).code).toBe('AUTHENTICATION_FAILED');
  });

  it('a truncated ciphertext fails authentication', () => {
    const parts = token.split('.');
    parts[3] = parts[3]!.slice(0, -4);
    expect(() => cipher.decrypt(parts.join('.'))).toThrow(/failed authentication/);
  });
});

describe('createFieldCipher: malformed tokens are rejected with a clear error', () => {
  const token = cipher.encrypt('张三');
  const [, iv, tag, body] = token.split('.') as [string, string, string, string];

  it.each([
    ['an empty string', '', 'MALFORMED_TOKEN'],
    ['plain text', '13812345678', 'MALFORMED_TOKEN'],
    ['too few parts', `v1.${iv}.${tag}`, 'MALFORMED_TOKEN'],
    ['too many parts', `${token}.x`, 'MALFORMED_TOKEN'],
    ['an unknown version', `v9.${iv}.${tag}.${body}`, 'UNSUPPORTED_VERSION'],
    ['a non-base64url character', `v1.${iv}.${tag}.${body}*`, 'MALFORMED_TOKEN'],
    ['standard base64 padding', `v1.${iv}.${tag}.${body}==`, 'MALFORMED_TOKEN'],
    ['a short IV', `v1.${iv.slice(4)}.${tag}.${body}`, 'MALFORMED_TOKEN'],
    ['a short tag', `v1.${iv}.${tag.slice(4)}.${body}`, 'MALFORMED_TOKEN'],
  ])('%s is reported as %s', (_label, bad, code) => {
    const error = catchError(() => cipher.decrypt(bad));
    expect(error).toBeInstanceOf(FieldCipherError);
    expect((error as FieldCipherError).code).toBe(code);
    expect(isFieldCipherToken(bad)).toBe(false);
  });
});

describe('createFieldCipher: key requirements', () => {
  it.each([
    ['16 bytes', Buffer.alloc(16)],
    ['33 bytes', Buffer.alloc(33)],
    ['an empty buffer', Buffer.alloc(0)],
  ])('a key of %s is refused', (_label, bad) => {
    expect(() => createFieldCipher(bad)).toThrow(/exactly 32 bytes/);
  });
});

describe('lookupHash', () => {
  it('the same value always hashes the same, across cipher instances', () => {
    const hash = cipher.lookupHash('13812345678');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.lookupHash('13812345678')).toBe(hash);
    expect(createFieldCipher(Buffer.from(key)).lookupHash('13812345678')).toBe(hash);
  });

  it('different values hash differently', () => {
    const values = ['13812345678', '13812345679', '11010519491231002X', '110105194912310021', '张三', '张四'];
    const hashes = new Set(values.map((value) => cipher.lookupHash(value)));
    expect(hashes.size).toBe(values.length);
  });

  it.each([
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['11010519491231002x', '11010519491231002X'],
    [' 110105 19491231 002X ', '11010519491231002X'],
  ])('spacing, dashes, full-width digits and a lower-case x do not change the hash: %j', (variant, canonical) => {
    expect(cipher.lookupHash(variant)).toBe(cipher.lookupHash(canonical));
  });

  it('a different key gives a different hash, and the hash is not a plain SHA-256 of the value', () => {
    const other = createFieldCipher(Buffer.alloc(32, 8));
    expect(other.lookupHash('13812345678')).not.toBe(cipher.lookupHash('13812345678'));
    expect(cipher.lookupHash('13812345678')).not.toBe(createHash('sha256').update('13812345678').digest('hex'));
  });

  it('an empty value cannot be hashed for lookup', () => {
    expect(() => cipher.lookupHash(' - ')).toThrow(FieldCipherError);
  });

  it('normaliseLookupValue strips spaces and dashes and upper-cases', () => {
    expect(normaliseLookupValue(' 0731－8456 1234 ')).toBe('073184561234');
    expect(normaliseLookupValue('e1234567x')).toBe('E1234567X');
  });
});

describe('deriveKey', () => {
  const master = randomBytes(32);

  it('derives a stable 32-byte key per purpose', () => {
    const derived = deriveKey(master, 'whistleblower-identity');
    expect(derived).toHaveLength(32);
    expect(deriveKey(master, 'whistleblower-identity').equals(derived)).toBe(true);
  });

  it('different purposes and different masters give unrelated keys', () => {
    const a = deriveKey(master, 'whistleblower-identity');
    expect(deriveKey(master, 'audit').equals(a)).toBe(false);
    expect(deriveKey(randomBytes(32), 'whistleblower-identity').equals(a)).toBe(false);
    expect(a.equals(master)).toBe(false);
  });

  it('a token encrypted under a derived key cannot be read with the master key', () => {
    const identity = createFieldCipher(deriveKey(master, 'whistleblower-identity'));
    const token = identity.encrypt('举报人：李四');
    expect(identity.decrypt(token)).toBe('举报人：李四');
    expect(() => createFieldCipher(master).decrypt(token)).toThrow(FieldCipherError);
  });

  it('an empty purpose or a short master key is refused', () => {
    expect(() => deriveKey(master, ' ')).toThrow(/purpose/);
    expect(() => deriveKey(Buffer.alloc(8), 'x')).toThrow(/32 bytes/);
  });
});
