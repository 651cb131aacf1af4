import { pinyin } from 'pinyin-pro';
import { normaliseText } from './normalise.js';

export interface NamePinyin {
  /** Full pinyin without tones or spaces, lower-case: 张三 → 'zhangsan'. */
  full: string;
  /** First letter of each syllable (or Latin word): 张三 → 'zs'. */
  initials: string;
}

const LATIN_WORD = /[a-z0-9]+/g;

/** Gives the toneless pinyin of a person's name and its initials, reading the first character as a surname (曾 → zeng, 单 → shan, 尉迟 → yuchi) and writing ü as v (吕 → lv) as pinyin keyboards do; Latin words are kept, other characters without pinyin are dropped. */
export function pinyinOf(name: string): NamePinyin {
  const text = normaliseText(name);
  if (text === '') return { full: '', initials: '' };
  const syllables = pinyin(text, { toneType: 'none', surname: 'head', type: 'all', v: true, nonZh: 'consecutive' });
  let full = '';
  let initials = '';
  for (const syllable of syllables) {
    if (syllable.isZh) {
      const reading = syllable.pinyin.toLowerCase();
      if (reading === '') continue;
      full += reading;
      initials += reading[0];
    } else {
      for (const word of syllable.origin.toLowerCase().match(LATIN_WORD) ?? []) {
        full += word;
        initials += word[0];
      }
    }
  }
  return { full, initials };
}

/** Builds the text a trigram index searches (DESIGN §11: substrings of Chinese text, names by pinyin): the normalised, lower-cased texts and names, plus each name's full pinyin and initials; never pass encrypted personal fields here, as this text is stored in clear. */
export function buildSearchText(
  texts: readonly (string | null | undefined)[],
  names: readonly (string | null | undefined)[] = [],
): string {
  const parts: string[] = [];
  const add = (part: string): void => {
    if (part !== '' && !parts.includes(part)) parts.push(part);
  };
  for (const text of texts) {
    if (text) add(normaliseText(text).toLowerCase());
  }
  for (const name of names) {
    if (!name) continue;
    add(normaliseText(name).toLowerCase());
    const { full, initials } = pinyinOf(name);
    add(full);
    add(initials);
  }
  return parts.join(' ');
}
