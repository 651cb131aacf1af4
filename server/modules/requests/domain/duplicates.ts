/**
 * Ranking of possible duplicates at intake (issue #7 point 3). Pure: the caller gives each candidate's evidence
 * (the MinHash similarity of the texts, whether the place and the caller are the same, its age in days).
 *
 * Score (0–1) = 0.65 · text similarity + 0.15 · same place (only when the texts are similar) + 0.15 · same caller
 *             + 0.05 · recency (1 on the day, 0 at the end of the 90-day window).
 * A candidate is kept when its text similarity reaches DUPLICATE_TEXT_MIN, or when it is from the same caller
 * (a repeat call, 重复来电, shown even when the matter is different). A request from the same place with unrelated
 * text is not a candidate: a village reports many different matters.
 */

export const DUPLICATE_WINDOW_DAYS = 90;
/** Estimated Jaccard similarity of the texts' features from which a request is a text candidate. */
export const DUPLICATE_TEXT_MIN = 0.3;

export type DuplicateReasonCode = 'similarText' | 'samePlace' | 'sameCaller' | 'recent';

export interface DuplicateReason {
  code: DuplicateReasonCode;
  zh: string;
  en: string;
}

export interface DuplicateEvidence {
  /** Estimated similarity (0–1) of the two texts. */
  similarity: number;
  samePlace: boolean;
  sameCaller: boolean;
  /** Days between the candidate's reception and now (0 or more). */
  ageDays: number;
}

export interface RankedDuplicate<T> {
  item: T;
  score: number;
  reasons: DuplicateReason[];
}

/** Whether a request with this evidence is shown as a possible duplicate at all. */
export function isDuplicateCandidate(e: DuplicateEvidence): boolean {
  return e.similarity >= DUPLICATE_TEXT_MIN || e.sameCaller;
}

function recency(ageDays: number): number {
  return Math.max(0, Math.min(1, 1 - ageDays / DUPLICATE_WINDOW_DAYS));
}

/** The candidate's score (0–1, three decimals) by the combination documented above. */
export function duplicateScore(e: DuplicateEvidence): number {
  const similar = e.similarity >= DUPLICATE_TEXT_MIN;
  const score =
    0.65 * e.similarity + (similar && e.samePlace ? 0.15 : 0) + (e.sameCaller ? 0.15 : 0) + 0.05 * recency(e.ageDays);
  return Math.round(score * 1000) / 1000;
}

/** Why a candidate is shown, in both languages (the dispatcher reads them next to the score). */
export function duplicateReasons(e: DuplicateEvidence): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  if (e.similarity >= DUPLICATE_TEXT_MIN) {
    const pct = Math.round(e.similarity * 100);
    reasons.push({ code: 'similarText', zh: `内容相似 ${pct}%`, en: `similar text ${pct}%` });
    if (e.samePlace) reasons.push({ code: 'samePlace', zh: '同一地点', en: 'same place' });
  }
  if (e.sameCaller) reasons.push({ code: 'sameCaller', zh: '同一来电人', en: 'same caller' });
  if (e.ageDays < 7) reasons.push({ code: 'recent', zh: '7 天内', en: 'within 7 days' });
  return reasons;
}

/** Keeps the candidates, scores them and returns the best `limit`, best first (ties: the newer first, then the given order). */
export function rankDuplicates<T>(
  candidates: readonly { item: T; evidence: DuplicateEvidence }[],
  limit: number,
): RankedDuplicate<T>[] {
  return candidates
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => isDuplicateCandidate(c.evidence))
    .map(({ c, i }) => ({
      ranked: { item: c.item, score: duplicateScore(c.evidence), reasons: duplicateReasons(c.evidence) },
      age: c.evidence.ageDays,
      i,
    }))
    .sort((a, b) => b.ranked.score - a.ranked.score || a.age - b.age || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.ranked);
}
