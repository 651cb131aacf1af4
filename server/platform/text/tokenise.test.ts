import { describe, expect, it } from 'vitest';
import { tokenise } from './tokenise.js';

describe('tokenise', () => {
  it('splits Chinese text into words', () => {
    expect(tokenise('关于县改进工作作风的意见')).toEqual(['关于', '县', '改进', '工作作风', '的', '意见']);
  });

  it('traditional input gives the same words as simplified input', () => {
    expect(tokenise('關於縣改進工作作風的意見')).toEqual(tokenise('关于县改进工作作风的意见'));
  });

  it('punctuation and whitespace tokens are dropped', () => {
    const tokens = tokenise('请尽快处理！谢谢，  再见。 “好的” —— (ok)');
    expect(tokens).toEqual(['请', '尽快', '处理', '谢谢', '再见', '好', '的', 'ok']);
  });

  it('Latin letters are lower-cased and full-width forms folded, numbers kept', () => {
    expect(tokenise('ＡＢＣ Test 12345热线')).toEqual(['abc', 'test', '12345', '热线']);
  });

  it.each([[''], ['   '], ['，。！？、'], ['——“”']])('text with no words gives no tokens: %j', (input) => {
    expect(tokenise(input)).toEqual([]);
  });

  it('search mode also emits the shorter words inside long ones', () => {
    const tokens = tokenise('改进工作作风', { mode: 'search' });
    expect(tokens).toEqual(expect.arrayContaining(['改进', '工作', '作风', '工作作风']));
    expect(tokenise('改进工作作风', { mode: 'exact' })).toEqual(['改进', '工作作风']);
  });

  it('every token is a substring of the normalised text', () => {
    const text = '市民反映小区门口道路积水严重，影响出行，请相关部门尽快处理。';
    for (const token of tokenise(text)) {
      expect(text).toContain(token);
    }
  });
});
