/** One piece of a snippet: plain text, marked or not. */
export interface Piece {
  text: string;
  match: boolean;
}

/**
 * Splits a snippet's text on its [start, end) match ranges. Ranges out of order, overlapping, empty or past the end
 * are skipped, so a bad answer can only lose a mark, never text.
 */
export function splitByRanges(text: string, ranges: readonly (readonly [number, number])[]): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end <= start || end > text.length) continue;
    if (start > at) pieces.push({ text: text.slice(at, start), match: false });
    pieces.push({ text: text.slice(start, end), match: true });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), match: false });
  return pieces;
}
