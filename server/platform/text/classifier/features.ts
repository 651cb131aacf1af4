import { normaliseText } from '../normalise.js';
import { tokenise } from '../tokenise.js';

const CJK_RUN = /[\u3400-\u9fff]+/gu;
const DIGITS = /^\d+(\.\d+)?$/;

/**
 * Turns a message into the raw features the classifier counts: jieba words (digit strings folded into one token,
 * so house numbers and dates do not split the vocabulary) and the character bigrams of every run of Chinese
 * characters. Bigrams catch words the segmenter cuts differently (小区/小区物业) and local place names it does not
 * know; words carry the meaning of longer terms. The two kinds are prefixed so they never collide.
 */
export function extractFeatures(text: string, title = ''): string[] {
  const features: string[] = [];
  // The title names the matter in a few words: its words count a second time, as their own features.
  for (const word of tokenise(title)) if (!DIGITS.test(word)) features.push(`t:${word}`);
  const whole = title ? `${title}。${text}` : text;
  for (const word of tokenise(whole)) features.push(DIGITS.test(word) ? 'w:#' : `w:${word}`);
  const normalised = normaliseText(whole);
  for (const run of normalised.match(CJK_RUN) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) features.push(`b:${run.slice(i, i + 2)}`);
  }
  return features;
}
