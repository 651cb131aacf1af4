import { normaliseText } from './normalise.js';

/** A piece of a stored text cut around its first match, with the matched spans as [start, end) offsets into `text`
 * (UTF-16 code units, as JavaScript strings index them); never HTML, so the client escapes as usual. */
export interface Snippet {
  text: string;
  ranges: [number, number][];
  /** The snippet starts or ends inside the text (the client shows an ellipsis there). */
  cutStart: boolean;
  cutEnd: boolean;
}

/** The most terms one query may have; longer queries are refused by the routes (400). */
export const MAX_SEARCH_TERMS = 5;

/**
 * The terms of a search query as stored search text holds them: normalised (traditional → simplified, full → half
 * width, punctuation variants), lower-cased, split on spaces, duplicates and terms inside another term dropped.
 */
export function searchTerms(q: string): string[] {
  const words = normaliseText(q).toLowerCase().split(' ').filter(Boolean);
  const unique = [...new Set(words)];
  return unique.filter((w) => !unique.some((o) => o !== w && o.includes(w))).slice(0, MAX_SEARCH_TERMS);
}

/** Escapes a term for use inside a SQL `like` pattern (with the default backslash escape). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Where each term occurs in `text`, case-insensitively, merged into sorted non-overlapping spans. */
export function matchRanges(text: string, terms: readonly string[]): [number, number][] {
  // Lower-case code unit by code unit, so offsets in the folded text are offsets in the original.
  let folded = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    folded += lower.length === ch.length ? lower : ch;
  }
  const spans: [number, number][] = [];
  for (const term of terms) {
    if (term === '') continue;
    let from = 0;
    for (;;) {
      const at = folded.indexOf(term, from);
      if (at < 0) break;
      spans.push([at, at + term.length]);
      from = at + term.length;
    }
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/**
 * The piece of `text` around its first match of any term (about `width` characters, the match a quarter of the way
 * in), with every match inside the piece; null when no term occurs. Short texts come back whole.
 */
export function snippetOf(text: string, terms: readonly string[], width = 80): Snippet | null {
  const all = matchRanges(text, terms);
  const first = all[0];
  if (!first) return null;
  if (text.length <= width) return { text, ranges: all, cutStart: false, cutEnd: false };
  let start = Math.max(0, first[0] - Math.floor(width / 4));
  let end = Math.min(text.length, start + width);
  if (end - start < width) start = Math.max(0, end - width);
  // Never cut a surrogate pair in two.
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start -= 1;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end += 1;
  const ranges: [number, number][] = [];
  for (const [s, e] of all) {
    if (e <= start || s >= end) continue;
    ranges.push([Math.max(s, start) - start, Math.min(e, end) - start]);
  }
  return { text: text.slice(start, end), ranges, cutStart: start > 0, cutEnd: end < text.length };
}

/**
 * One snippet per field that matches, in the order given (a field named twice, e.g. full pinyin then initials,
 * keeps its first match); empty texts are skipped.
 */
export function fieldSnippets<F extends string>(
  fields: readonly (readonly [F, string | null | undefined])[],
  terms: readonly string[],
  width = 200,
): (Snippet & { field: F })[] {
  const snippets: (Snippet & { field: F })[] = [];
  for (const [field, text] of fields) {
    if (!text || snippets.some((o) => o.field === field)) continue;
    const s = snippetOf(text, terms, width);
    if (s) snippets.push({ field, ...s });
  }
  return snippets;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
