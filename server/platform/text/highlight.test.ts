import { describe, expect, it } from 'vitest';
import { likePattern, matchRanges, searchTerms, snippetOf } from './highlight.js';

describe('search terms', () => {
  it('normalises the query like stored text: traditional, full width, case, spaces', () => {
    expect(searchTerms('  東關街道　ＡＢＣ１２３  ')).toEqual(['东关街道', 'abc123']);
  });
  it('drops repeated terms and terms inside another term', () => {
    expect(searchTerms('路灯 路灯坏了 路灯')).toEqual(['路灯坏了']);
  });
  it('gives no term for invisible input', () => {
    expect(searchTerms('\u200b \u00ad')).toEqual([]);
  });
  it('escapes like wildcards', () => {
    expect(likePattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});

describe('match ranges and snippets', () => {
  it('finds every occurrence case-insensitively and merges overlapping spans', () => {
    expect(matchRanges('Zhang zhangwei ZW', ['zhang', 'zw'])).toEqual([
      [0, 5],
      [6, 11],
      [15, 17],
    ]);
    expect(matchRanges('abcdef', ['abc', 'bcd'])).toEqual([[0, 4]]);
  });

  it('returns a short text whole, and null when nothing matches', () => {
    expect(snippetOf('小区路灯坏了', ['路灯'])).toEqual({
      text: '小区路灯坏了',
      ranges: [[2, 4]],
      cutStart: false,
      cutEnd: false,
    });
    expect(snippetOf('小区路灯坏了', ['水管'])).toBeNull();
  });

  it('cuts a long text around the first match, with the offsets inside the piece', () => {
    const text = `${'甲'.repeat(300)}泵站噪声${'乙'.repeat(300)}泵站`;
    const s = snippetOf(text, ['泵站'], 80)!;
    expect(s.text).toHaveLength(80);
    expect(s.cutStart && s.cutEnd).toBe(true);
    expect(s.ranges.map(([a, b]) => s.text.slice(a, b))).toEqual(['泵站']);
    expect(text.indexOf(s.text)).toBe(300 - 20);
  });

  it('never cuts a character outside the basic plane in two', () => {
    const rare = '𠀀'; // two UTF-16 code units
    const text = `${rare.repeat(100)}目标${rare.repeat(100)}`;
    const s = snippetOf(text, ['目标'], 46)!; // starts and ends on a low surrogate before adjustment
    expect(s.text.startsWith('\udc00')).toBe(false);
    expect(s.text.endsWith('\ud840')).toBe(false);
    expect(s.ranges.map(([a, b]) => s.text.slice(a, b))).toEqual(['目标']);
  });
});
