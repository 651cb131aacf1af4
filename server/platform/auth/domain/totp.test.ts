import { describe, expect, it } from 'vitest';
import { checkTotpCode, totpStepAt } from './totp.js';

// A stand-in for the HMAC: the code of step n is n padded to six digits, so the table reads plainly.
const codeAt = (step: number) => String(step % 1_000_000).padStart(6, '0');
const now = new Date(30_000 * 1000 + 10_000); // step 1000, 10 s in
const step = totpStepAt(now);

describe('TOTP codes', () => {
  it('steps are 30 seconds long', () => {
    expect(step).toBe(1000);
    expect(totpStepAt(new Date(30_000 * 1000 + 29_999))).toBe(1000);
    expect(totpStepAt(new Date(30_000 * 1000 + 30_000))).toBe(1001);
  });

  it.each([
    ['the current code', codeAt(1000), null, { ok: true, step: 1000 }],
    ['the previous step (clock drift)', codeAt(999), null, { ok: true, step: 999 }],
    ['the next step', codeAt(1001), null, { ok: true, step: 1001 }],
    ['two steps old', codeAt(998), null, { ok: false, reason: 'invalid' }],
    ['two steps ahead', codeAt(1002), null, { ok: false, reason: 'invalid' }],
    ['a wrong code', '123456', null, { ok: false, reason: 'invalid' }],
    ['not six digits', '12345', null, { ok: false, reason: 'malformed' }],
    ['letters', 'abcdef', null, { ok: false, reason: 'malformed' }],
    ['the code already used', codeAt(1000), 1000, { ok: false, reason: 'replayed' }],
    [
      'an older code inside the window after a newer one was used',
      codeAt(999),
      1000,
      { ok: false, reason: 'replayed' },
    ],
    ['a newer code after an older one was used', codeAt(1001), 1000, { ok: true, step: 1001 }],
  ])('%s', (_rule, code, lastStep, expected) => {
    expect(checkTotpCode({ code, now, lastStep, codeAt })).toEqual(expected);
  });

  it('a window of 0 accepts only the current step', () => {
    expect(checkTotpCode({ code: codeAt(999), now, lastStep: null, codeAt, window: 0 })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});
