import { describe, expect, it } from 'vitest';
import { duplicateReasons, duplicateScore, isDuplicateCandidate, rankDuplicates } from './duplicates.js';

const e = (o: Partial<Parameters<typeof duplicateScore>[0]> = {}) => ({
  similarity: 0,
  samePlace: false,
  sameCaller: false,
  ageDays: 10,
  ...o,
});

describe('duplicate ranking', () => {
  it.each([
    ['similar text', e({ similarity: 0.8 }), true],
    ['text just at the threshold', e({ similarity: 0.3 }), true],
    ['weakly similar text', e({ similarity: 0.2 }), false],
    ['same place, unrelated text', e({ similarity: 0.05, samePlace: true }), false],
    ['same caller, unrelated text', e({ sameCaller: true }), true],
  ])('%s: candidate %s', (_n, evidence, expected) => {
    expect(isDuplicateCandidate(evidence)).toBe(expected);
  });

  it.each([
    [e({ similarity: 1, samePlace: true, sameCaller: true, ageDays: 0 }), 1],
    [e({ similarity: 0.8, samePlace: true, ageDays: 45 }), 0.695],
    [e({ similarity: 0.8, ageDays: 90 }), 0.52],
    [e({ similarity: 0.1, samePlace: true, ageDays: 90 }), 0.065],
    [e({ sameCaller: true, ageDays: 0 }), 0.2],
  ])('scores %j as %s', (evidence, score) => {
    expect(duplicateScore(evidence)).toBe(score);
  });

  it('ranks a re-post above a same-caller call about something else, and drops unrelated ones', () => {
    const ranked = rankDuplicates(
      [
        { item: 'caller', evidence: e({ sameCaller: true, ageDays: 1 }) },
        { item: 'unrelated', evidence: e({ similarity: 0.05, samePlace: true }) },
        { item: 'repost', evidence: e({ similarity: 0.7, samePlace: true, ageDays: 20 }) },
        { item: 'elsewhere', evidence: e({ similarity: 0.7, ageDays: 20 }) },
      ],
      10,
    );
    expect(ranked.map((r) => r.item)).toEqual(['repost', 'elsewhere', 'caller']);
    expect(ranked[0]?.reasons.map((r) => r.code)).toEqual(['similarText', 'samePlace']);
    expect(ranked[2]?.reasons.map((r) => r.code)).toEqual(['sameCaller', 'recent']);
  });

  it('reasons are bilingual and give the similarity in percent', () => {
    expect(duplicateReasons(e({ similarity: 0.456 }))).toEqual([
      { code: 'similarText', zh: '内容相似 46%', en: 'similar text 46%' },
    ]);
  });

  it('keeps at most the limit, newer first on equal scores', () => {
    const ranked = rankDuplicates(
      [
        { item: 'older', evidence: e({ similarity: 0.5, ageDays: 90 }) },
        { item: 'newer', evidence: e({ similarity: 0.5, ageDays: 90 }) },
        { item: 'best', evidence: e({ similarity: 0.9 }) },
      ].map((c, i) => (i === 1 ? { ...c, evidence: { ...c.evidence, ageDays: 89.99 } } : c)),
      2,
    );
    expect(ranked.map((r) => r.item)).toEqual(['best', 'newer']);
  });
});
