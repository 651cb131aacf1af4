import { describe, expect, it } from 'vitest';
import {
  formatRequestNumber,
  isReceiptCode,
  normalizeReceiptCode,
  parseRequestNumber,
  RECEIPT_ALPHABET,
  receiptCodeFromBytes,
  requestNumberDay,
} from './numbering.js';

describe('request numbers: the Shanghai day and a five-digit sequence', () => {
  it.each([
    ['2026-11-22T02:00:00Z', 17, '2026112200017'],
    ['2026-11-21T16:00:00Z', 1, '2026112200001'],
    ['2026-11-21T15:59:59.999Z', 99_999, '2026112199999'],
    ['2025-12-31T16:30:00Z', 42, '2026010100042'],
  ])('received at %s (UTC) as number %i of the Shanghai day → %s', (iso, sequence, number) => {
    expect(formatRequestNumber(new Date(iso), sequence)).toBe(number);
  });

  it('a call at 00:30 Beijing time belongs to the new day', () => {
    expect(requestNumberDay(new Date('2026-10-01T00:30:00+08:00'))).toBe('20261001');
  });

  it.each([0, -1, 100_000, 1.5])('a sequence of %s is refused', (sequence) => {
    expect(() => formatRequestNumber(new Date('2026-11-22T02:00:00Z'), sequence)).toThrow(RangeError);
  });

  it.each([
    ['2026112200017', { day: '2026-11-22', sequence: 17 }],
    [' 2026112299999 ', { day: '2026-11-22', sequence: 99_999 }],
    ['2026023000001', null],
    ['2026112200000', null],
    ['202611220017', null],
    ['2026-11-22-17', null],
  ])('%j reads back as %j', (text, parsed) => {
    expect(parseRequestNumber(text)).toEqual(parsed);
  });
});

describe('receipt codes: eight symbols without 0/O/1/I', () => {
  it('the alphabet has 32 unambiguous symbols', () => {
    expect(RECEIPT_ALPHABET).toHaveLength(32);
    expect(new Set(RECEIPT_ALPHABET).size).toBe(32);
    for (const confusable of ['0', 'O', '1', 'I']) expect(RECEIPT_ALPHABET).not.toContain(confusable);
  });

  it.each([
    [[0, 1, 2, 3, 4, 5, 6, 7], '23456789'],
    [[8, 9, 10, 11, 12, 13, 14, 15], 'ABCDEFGH'],
    [[16, 17, 18, 19, 20, 21, 22, 23], 'JKLMNPQR'],
    [[24, 25, 26, 27, 28, 29, 30, 31], 'STUVWXYZ'],
    [[32, 255, 64, 96, 128, 160, 192, 224, 7], '2Z222222'],
  ])('bytes %j make %s', (bytes, code) => {
    expect(receiptCodeFromBytes(Uint8Array.from(bytes))).toBe(code);
  });

  it('fewer than eight random bytes are refused', () => {
    expect(() => receiptCodeFromBytes(new Uint8Array(7))).toThrow(RangeError);
  });

  it.each([
    ['K7M9-P2QX', 'K7M9P2QX', true],
    ['k7m9 p2qx', 'K7M9P2QX', true],
    ['Ｋ７Ｍ９Ｐ２ＱＸ', 'K7M9P2QX', true],
    ['K7M9P2Q0', 'K7M9P2Q0', false],
    ['K7M9P2QI', 'K7M9P2QI', false],
    ['K7M9P2Q', 'K7M9P2Q', false],
  ])('%s as typed is %s, valid: %s', (typed, normalized, valid) => {
    expect(normalizeReceiptCode(typed)).toBe(normalized);
    expect(isReceiptCode(typed)).toBe(valid);
  });
});
