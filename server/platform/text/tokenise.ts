import { Jieba } from '@node-rs/jieba';
// The package has no "exports" map, so Node's ESM resolver needs the explicit '.js' file name.
import { dict } from '@node-rs/jieba/dict.js';
import { normaliseText } from './normalise.js';

let jieba: Jieba | undefined;

/** Loads (once) the segmenter with jieba's default dictionary; loading takes a few hundred milliseconds. */
function getJieba(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

export interface TokeniseOptions {
  /** 'search' also emits the shorter words inside long ones (工作作风 → 工作, 作风, 工作作风), for indexing. */
  mode?: 'exact' | 'search';
}

const NOISE_TOKEN = /^[\s\p{P}\p{S}\p{Cc}]+$/u;

/** Splits text into words for matching and keyword statistics: the text is normalised first (so traditional input gives simplified words), Latin letters are lower-cased, and whitespace and punctuation tokens are dropped. */
export function tokenise(s: string, options: TokeniseOptions = {}): string[] {
  const text = normaliseText(s).toLowerCase();
  if (text === '') return [];
  const words = options.mode === 'search' ? getJieba().cutForSearch(text, true) : getJieba().cut(text, true);
  return words.filter((word) => !NOISE_TOKEN.test(word));
}
