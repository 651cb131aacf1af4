import { describe, expect, it } from 'vitest';
import { checkFiles, checkSubmission, isHoneypotFilled } from './submission.js';

const MB = 1024 * 1024;
const good = {
  type: 'help',
  divisionCode: '110101001001',
  body: '小区门口路灯坏了一个星期',
  consent: 'true',
  phone: '13812345678',
};

describe('a portal submission', () => {
  it('is accepted with a type, a place, a description and consent, and comes back normalised', () => {
    const r = checkSubmission({ ...good, name: '  王五 ', address: '' }, [{ size: 1000, mime: 'image/jpeg' }], 5 * MB);
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({ type: 'help', name: '王五', address: null, phone: '13812345678' }),
    });
  });
  it('names every missing or wrong field at once, in Chinese and English', () => {
    const r = checkSubmission({ type: 'report', body: '  ', phone: '12345' }, [], 5 * MB);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field).sort()).toEqual(['body', 'consent', 'divisionCode', 'phone', 'type']);
    expect(r.problems.every((p) => p.zh && p.en)).toBe(true);
  });
  it('refuses a description that is too long', () => {
    const r = checkSubmission({ ...good, body: '字'.repeat(2001) }, [], 5 * MB);
    expect(r.ok ? [] : r.problems.map((p) => p.field)).toEqual(['body']);
  });
  it('refuses a malformed contact-card cadre number', () => {
    const r = checkSubmission({ ...good, cadre: 'abc' }, [], 5 * MB);
    expect(r.ok ? [] : r.problems.map((p) => p.field)).toEqual(['cadre']);
  });
});

describe('files of a portal submission', () => {
  it('are at most five, each non-empty, within the limit and an image or PDF', () => {
    const six = Array.from({ length: 6 }, () => ({ size: 10, mime: 'image/png' }));
    expect(checkFiles(six, MB)[0]?.en).toBe('At most 5 files');
    expect(checkFiles([{ size: 0, mime: null }], MB)[0]?.en).toBe('File 1 is empty');
    expect(checkFiles([{ size: MB + 1, mime: 'image/png' }], MB)[0]?.en).toBe('File 1 is larger than 1 MB');
    expect(checkFiles([{ size: 10, mime: null }], MB)[0]?.zh).toContain('不是图片');
    expect(checkFiles([{ size: 10, mime: 'application/pdf' }], MB)).toEqual([]);
  });
});

describe('the honeypot', () => {
  it('is filled only by robots', () => {
    expect(isHoneypotFilled({ website: 'http://spam' })).toBe(true);
    expect(isHoneypotFilled({ website: ' ' })).toBe(false);
    expect(isHoneypotFilled({})).toBe(false);
  });
});
