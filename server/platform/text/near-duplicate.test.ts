import { describe, expect, it } from 'vitest';
import {
  bandKeys,
  isEmptySignature,
  jaccard,
  LSH_BANDS,
  MINHASH_SIZE,
  signatureSimilarity,
  textFeatures,
  textSignature,
} from './near-duplicate.js';

const ORIGINAL = {
  title: '投诉A2区丽发新城附近建搅拌站噪音扰民',
  body: '丽发新城小区旁边新建了一个混凝土搅拌站，每天从早上六点到晚上十二点机器轰鸣，大货车进进出出，噪音和粉尘严重影响居民休息，请相关部门尽快处理。',
};

describe('near-duplicate signatures', () => {
  it('are deterministic: the same text always gives the same signature and band keys', () => {
    const a = textSignature(ORIGINAL.title, ORIGINAL.body);
    const b = textSignature(ORIGINAL.title, ORIGINAL.body);
    expect(a).toEqual(b);
    expect(a).toHaveLength(MINHASH_SIZE);
    expect(bandKeys(a)).toEqual(bandKeys(b));
    expect(bandKeys(a)).toHaveLength(LSH_BANDS);
    expect(a.every((v) => Number.isInteger(v) && v >= 0 && v <= 0x7fffffff)).toBe(true);
    expect(bandKeys(a).every((k) => Number.isInteger(k) && k >= -(2 ** 31) && k < 2 ** 31)).toBe(true);
  });

  it.each([
    ['the same text', ORIGINAL.title, ORIGINAL.body, 1, 1],
    [
      'traditional characters and full-width punctuation',
      '投訴A2區麗發新城附近建攪拌站噪音擾民',
      ORIGINAL.body.replace(/，/g, ',').replace('丽发新城', '麗發新城'),
      0.9,
      1,
    ],
    ['a reworded title', '丽发新城旁搅拌站太吵，请管一管', ORIGINAL.body, 0.6, 1],
    ['a sentence added', ORIGINAL.title, `${ORIGINAL.body}这个问题已经反映过多次，希望这次能得到答复。`, 0.6, 1],
    [
      'another matter at the same place',
      '丽发新城小区路灯不亮',
      '丽发新城小区东门的路灯坏了一个多月，晚上出行很不安全，请维修。',
      0,
      0.25,
    ],
    [
      'an unrelated message',
      '咨询社保卡补办流程',
      '我的社保卡丢失了，想问一下在哪里可以补办，需要带哪些材料？',
      0,
      0.1,
    ],
  ])('%s: similarity in range', (_name, title, body, min, max) => {
    const s = signatureSimilarity(textSignature(ORIGINAL.title, ORIGINAL.body), textSignature(title, body));
    expect(s).toBeGreaterThanOrEqual(min);
    expect(s).toBeLessThanOrEqual(max);
  });

  it('near-identical texts share band keys, unrelated texts do not', () => {
    const keys = new Set(bandKeys(textSignature(ORIGINAL.title, ORIGINAL.body)));
    const repost = bandKeys(textSignature('投訴丽发新城搅拌站噪音', ORIGINAL.body));
    const other = bandKeys(textSignature('咨询社保卡补办流程', '我的社保卡丢失了，想问一下在哪里可以补办？'));
    expect(repost.some((k) => keys.has(k))).toBe(true);
    expect(other.some((k) => keys.has(k))).toBe(false);
  });

  it('estimates the Jaccard similarity of the feature sets', () => {
    const a = textFeatures(ORIGINAL.title, ORIGINAL.body);
    const b = textFeatures('丽发新城旁搅拌站太吵', `${ORIGINAL.body}请尽快答复。`);
    const exact = jaccard(a, b);
    const estimate = signatureSimilarity(
      textSignature(ORIGINAL.title, ORIGINAL.body),
      textSignature('丽发新城旁搅拌站太吵', `${ORIGINAL.body}请尽快答复。`),
    );
    expect(Math.abs(estimate - exact)).toBeLessThan(0.2);
  });

  it('features are character 3-grams and jieba words, the same for traditional input', () => {
    const f = textFeatures('路灯坏了');
    expect([...f]).toEqual(expect.arrayContaining(['路灯坏', '灯坏了', 'w:路灯']));
    expect(textFeatures('路燈壞了')).toEqual(f);
    expect([...textFeatures('灯')]).toEqual(['灯']);
  });

  it.each([[''], ['  '], ['，。！']])('no text (%j) gives an empty signature with no band keys', (text) => {
    const sig = textSignature(null, text);
    expect(isEmptySignature(sig)).toBe(true);
    expect(bandKeys(sig)).toEqual([]);
    expect(signatureSimilarity(sig, sig)).toBe(0);
  });

  it('refuses a signature of the wrong length', () => {
    expect(() => bandKeys([1, 2, 3])).toThrow(/64/);
  });
});
