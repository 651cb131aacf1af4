import type { SearchSnippet } from '../../../../contracts/search';
import { splitByRanges } from './split-ranges';

/**
 * A snippet with its matches marked: the text is split on the server's [start, end) ranges and each match put in a
 * <mark> — plain React text nodes, never HTML from the server.
 */
export function HighlightedText({
  snippet,
}: {
  snippet: Pick<SearchSnippet, 'text' | 'ranges' | 'cutStart' | 'cutEnd'>;
}) {
  const parts = splitByRanges(snippet.text, snippet.ranges);
  return (
    <span>
      {snippet.cutStart ? '…' : null}
      {parts.map((p, i) =>
        p.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, in order
          <mark key={i} data-testid="search-match" style={{ padding: 0, background: '#ffe58f' }}>
            {p.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <span key={i}>{p.text}</span>
        ),
      )}
      {snippet.cutEnd ? '…' : null}
    </span>
  );
}
