import { describe, expect, it } from 'vitest';
import { base32, formatReceipt, parseReceipt } from './receipt.js';

describe('misconduct receipts', () => {
  it('encode base32 as RFC 4648 does', () => {
    // RFC 4648 test vector: "foobar" → MZXW6YTBOI
    expect(base32(new TextEncoder().encode('foobar'), 10)).toBe('MZXW6YTBOI');
  });
  it('carry a 130-bit secret that changes with every random byte', () => {
    const a = formatReceipt(new Uint8Array(7).fill(1), new Uint8Array(17).fill(2));
    const b = formatReceipt(
      new Uint8Array(7).fill(1),
      Uint8Array.from({ length: 17 }, (_, i) => (i === 15 ? 3 : 2)),
    );
    expect(a.secret).toHaveLength(26);
    expect(a.secret).not.toBe(b.secret);
    expect(a.receipt).toBe(`${a.lookupId}-${a.secret}`);
  });
  it('are read back in any case, and anything else is not a receipt', () => {
    const r = formatReceipt(new Uint8Array(7).fill(9), new Uint8Array(17).fill(200));
    expect(parseReceipt(` ${r.receipt.toLowerCase()} `)).toEqual({ lookupId: r.lookupId, secret: r.secret });
    expect(parseReceipt(r.lookupId)).toBeNull();
    expect(parseReceipt(`${r.lookupId}-${r.secret}0`)).toBeNull();
  });
  it('refuse too few random bytes for the length asked', () => {
    expect(() => base32(new Uint8Array(2), 10)).toThrow();
  });
});
