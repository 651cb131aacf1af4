import { ConverterFactory, Locale } from 'opencc-js/t2cn';

type Converter = (text: string) => string;

let toSimplified: Converter | undefined;

/** Builds (once) the traditional → simplified converter: Hong Kong and Taiwan variant characters are first mapped to OpenCC standard forms, then standard traditional to mainland simplified. */
function getToSimplified(): Converter {
  // Character-level conversion only (no Taiwan phrase table such as 軟體 → 软件): search must not rewrite vocabulary.
  toSimplified ??= ConverterFactory(Locale.from.hk ?? [], Locale.from.tw ?? [], Locale.to.cn ?? []);
  return toSimplified;
}

// NFKC is applied only to these blocks, where it maps look-alikes to the ordinary character: full-width and
// half-width forms (，→ , ！→ ! ０→ 0), small and vertical punctuation forms (﹐→ , ︐→ ，), Kangxi radicals and CJK
// compatibility ideographs (common in text pasted from PDFs).
// Elsewhere NFKC would change meaning or display (m² → m2, ① → 1, ㈠ → (一)), so it is not applied there.
// The ideographic full stop 。 and the enumeration comma 、 have no ASCII form and are kept: 。 is not the same
// mark as '.', which in Chinese text is a decimal point or an abbreviation mark (3.5米, A.B.), and folding it
// would rewrite the stored text of every request.
const NFKC_SAFE = /[\uFF00-\uFFEF\u2F00-\u2FDF\uF900-\uFAFF\u3000\uFE10-\uFE19\uFE30-\uFE6F]|[\u{2F800}-\u{2FA1F}]/gu;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63]/g;
const DOUBLE_QUOTES = /[\u201C-\u201F\u00AB\u00BB\u300C\u300D\u301D-\u301F\uFE41\uFE42]/g;
const SINGLE_QUOTES = /[\u2018-\u201B\u2032\u300E\u300F\uFE43\uFE44]/g;
const MIDDLE_DOTS = /[\u2022\u2027\u2219\u22C5\u30FB\uFF65]/g;
const TILDES = /[\u301C\u223C\u2053]/g;
const WHITESPACE_RUN = /[\s\p{Cc}]+/gu;

/** Normalises Chinese text for search and matching (DESIGN §11: traditional or simplified input must match): traditional → simplified, full-width ASCII → half-width (so ，！：；（） become , ! : ; ( )), dashes/quotes/middle dots/tildes unified, zero-width characters removed, whitespace collapsed and trimmed; letter case is kept. */
export function normaliseText(s: string): string {
  const folded = s
    .normalize('NFC')
    .replace(ZERO_WIDTH, '')
    .replace(NFKC_SAFE, (char) => char.normalize('NFKC'))
    .replace(DASHES, '-')
    .replace(DOUBLE_QUOTES, '"')
    .replace(SINGLE_QUOTES, "'")
    .replace(MIDDLE_DOTS, '·')
    .replace(TILDES, '~');
  return getToSimplified()(folded).replace(WHITESPACE_RUN, ' ').trim();
}
