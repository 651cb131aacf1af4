export { normaliseText } from './normalise.js';
export { buildSearchText, type NamePinyin, pinyinOf } from './pinyin.js';
export { type TokeniseOptions, tokenise } from './tokenise.js';
