import { describe, expect, it } from 'vitest';
import { normaliseText } from './normalise.js';

describe('normaliseText', () => {
  it.each([
    ['縣改進工作作風', '县改进工作作风'],
    ['臺灣省裏面', '台湾省里面'],
    ['為甚麼一隻鐘錶', '为甚么一只钟表'],
    ['衞生', '卫生'], // Hong Kong variant character
    ['瞭解', '了解'],
  ])('traditional (including Hong Kong and Taiwan variants) becomes simplified: %j → %j', (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it.each([
    ['县改进工作作风'],
    ['关于加强干部作风建设的意见'],
    ['著名的乾隆皇帝'],
    ['皇后在后天发表讲话'],
    ['公里数、面条、系统、台风、范仲淹'],
  ])('simplified text passes through unchanged: %j', (input) => {
    expect(normaliseText(input)).toBe(input);
  });

  it('traditional vocabulary is not rewritten into mainland words (character-level conversion only)', () => {
    expect(normaliseText('軟體')).toBe('软体');
  });

  it.each([
    ['ＡＢＣ１２３', 'ABC123'],
    ['ａｂｃ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'abc@example.com'],
    ['你好，世界！（测试）', '你好,世界!(测试)'],
    ['１０％～２０％', '10%~20%'],
    ['ｶﾀｶﾅ', 'カタカナ'],
  ])('full-width ASCII forms become half-width: %j → %j', (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it.each([
    ['反映，问题；请回复：谢谢！', '反映,问题;请回复:谢谢!'],
    ['﹐﹔﹕﹗', ',;:!'], // small form variants
    ['︐︒', ',。'], // vertical forms: the comma folds to ASCII, the full stop stays 。
    ['10〜20号', '10~20号'],
    ['10～20号', '10~20号'],
  ])('punctuation variants fold to one form: %j → %j', (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it('a text with ，and “” is found by a query typed with , and "" once both are normalised', () => {
    expect(normaliseText('建议县改进工作作风，“马上就办”')).toContain(normaliseText('作风,"马上就办"'));
  });

  it.each([['。、《》【】'], ['12345热线']])('Chinese punctuation without an ASCII form is kept: %j', (input) => {
    expect(normaliseText(input)).toBe(input);
  });

  it.each([
    ['“你好”', '"你好"'],
    ['「測試」『引用』', '"测试"\'引用\''],
    ['‘单引号’', "'单引号'"],
    ['2024–2025 — 规划', '2024-2025 - 规划'],
    ['作风——建设', '作风--建设'],
    ['负数−5', '负数-5'],
    ['阿依古丽・买买提', '阿依古丽·买买提'],
    ['阿依古丽‧买买提', '阿依古丽·买买提'],
    ['阿依古丽•买买提', '阿依古丽·买买提'],
  ])('dash, quote and middle-dot variants are unified: %j → %j', (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it.each([
    ['  a\t\tb\u3000\u3000c \n d  ', 'a b c d'],
    ['\u00A0前\u2003后\u00A0', '前 后'],
    ['第一行\r\n\r\n第二行', '第一行 第二行'],
    ['零\u200B宽\uFEFF字符', '零宽字符'],
    ['   ', ''],
    ['', ''],
  ])(
    'whitespace runs collapse to one space, zero-width characters vanish and the ends are trimmed: %j',
    (input, expected) => {
      expect(normaliseText(input)).toBe(expected);
    },
  );

  it.each([
    ['⼯作', '工作'], // Kangxi radical ⼯ (U+2F2F), as found in text copied from PDFs
    ['\uF9DC', '隆'], // CJK compatibility ideograph
    ['e\u0301', 'é'], // canonical composition
  ])('look-alike characters are folded to the ordinary character: %j → %j', (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it.each([['m²'], ['①号楼'], ['㈠'], ['½']])(
    'NFKC is not applied where it would change meaning: %j is kept',
    (input) => {
      expect(normaliseText(input)).toBe(input);
    },
  );

  it('letter case is kept (search text lower-cases separately)', () => {
    expect(normaliseText('Lianxin ＡＢＣ')).toBe('Lianxin ABC');
  });

  it.each([['縣改進工作作風，「測試」　ＡＢＣ'], ['  混合 Mixed　text——“引号” '], ['臺北市信義區']])(
    'normalising twice gives the same result as normalising once: %j',
    (input) => {
      const once = normaliseText(input);
      expect(normaliseText(once)).toBe(once);
    },
  );
});
