/*
 * How well a reply addresses its request (答非所问 check): a score in [0, 1], the estimated probability that the reply
 * was written for this request rather than for another one. Pure and deterministic: character bigrams inside runs of
 * letters and digits (no word segmenter, so the same on every server), after the reply's stock phrases (您好,
 * 留言已收悉, 感谢您对我们工作的支持 …), dates, user names and links are removed and bigrams common to every request and
 * reply (反映, 问题, 处理 …) are left out. Four measures of the pair go into a logistic model:
 *   - the cosine of the request's and the reply's bigram sets (the request's title weighing twice: real replies quote
 *     the request's place and subject, "您反映的A3区潇楚南路洋湖段…问题，经查…");
 *   - how much of the request's title (or, without a title, its first sentence) the reply repeats;
 *   - how many of the reply's bigrams the request has, and how many it has not (log counts): a reply full of
 *     particulars the request never mentions is most likely about another request, while a reply that says little
 *     is neither confirmed nor contradicted (the empty and boilerplate rules of reply-check.ts judge those).
 * The weights (REPLY_RELEVANCE_MODEL) are fitted by `lianxin classify eval-replies --fit` on one half of the real
 * replies and measured on the other half (README, "Reply-quality check"); `fitReplyRelevanceModel` is that fit.
 */

/** Phrases removed from a reply before it is compared with its request: they appear in replies to anything. */
export const REPLY_STOCK_PHRASES: readonly string[] = Object.freeze([
  '感谢您对我们工作的理解和支持',
  '感谢您对我们工作的关心和支持',
  '感谢您对我们工作的信任和支持',
  '感谢您对我们工作的关心、监督与支持',
  '感谢您对我们工作的支持',
  '感谢您的理解和支持',
  '感谢您的理解与支持',
  '感谢您的留言',
  '感谢您的来信',
  '感谢您的来电',
  '感谢您的反映',
  '谢谢您的反映',
  '现将有关情况回复如下',
  '现将有关情况答复如下',
  '现将具体内容答复如下',
  '现将调查处理情况答复如下',
  '现回复如下',
  '现答复如下',
  '回复如下',
  '答复如下',
  '您的留言已收悉',
  '留言已收悉',
  '来信已收悉',
  '来信收悉',
  '已收悉',
  '收悉',
  '已收到',
  '尊敬的网友',
  '尊敬的网民',
  '尊敬的市民',
  '市民同志',
  '亲爱的网友',
  '网友',
  '网民',
  '您好',
  '你好',
  '您反映的',
  '您所反映的',
  '你反映的',
  '你所反映的',
  '关于您反映的',
  '问政西地省',
  '调查核处',
  '调查处理',
  '核实处理',
  '相关部门',
  '有关部门',
  '相关单位',
  '有关单位',
  '高度重视',
  '依法依规',
  '特此回复',
  '特此答复',
  '谢谢',
]);

/** Words common to requests and replies about anything: their bigrams say nothing about the subject. */
export const REPLY_GENERIC_WORDS: readonly string[] = Object.freeze([
  '反映',
  '问题',
  '情况',
  '我们',
  '已经',
  '处理',
  '办理',
  '相关',
  '有关',
  '部门',
  '单位',
  '工作',
  '诉求',
  '感谢',
  '规定',
  '进行',
  '目前',
  '现在',
  '联系',
  '希望',
  '能否',
  '是否',
  '一下',
  '什么',
  '怎么',
  '如何',
  '可以',
  '没有',
  '尽快',
  '回复',
  '答复',
  '热线',
  '市民',
  '群众',
  '请问',
  '谢谢',
  '留言',
  '调查',
  '核实',
  '支持',
  '关心',
  '理解',
  '平台',
  '栏目',
  '来信',
  '您的',
  '我们的',
  '要求',
  '及时',
  '根据',
  '按照',
  '对于',
  '关于',
  '以及',
  '同时',
  '由于',
  '因为',
  '所以',
  '但是',
  '如果',
  '一个',
  '这个',
  '这样',
]);

/** Document frequencies of bigrams over a corpus of requests: `df[bigram]` of `documents` requests contain it. */
export interface BigramFrequencies {
  documents: number;
  df: ReadonlyMap<string, number>;
}

/** The measures of a request–reply pair the score is computed from. */
export interface ReplyRelevanceFeatures {
  /** Cosine of the weighted bigram sets, in [0, 1]. */
  cosine: number;
  /** Share of the request title's bigrams (or its first sentence's) the reply repeats, in [0, 1]. */
  titleCoverage: number;
  /** The reply's distinct comparable bigrams that the request has, and that it has not. */
  sharedBigrams: number;
  unsharedBigrams: number;
}

/** A logistic model over the features: score = 1 / (1 + e^-(intercept + Σ weight × measure)). */
export interface ReplyRelevanceModel {
  intercept: number;
  cosine: number;
  titleCoverage: number;
  /** Weights of ln(1 + sharedBigrams) and ln(1 + unsharedBigrams). */
  logShared: number;
  logUnshared: number;
}

/**
 * The deployed weights: fitted by `lianxin classify eval-replies --fit` (seed 7) on the tune half of
 * teddy2020c-replies-train.csv — each message's true reply against replies to three random other messages and one of
 * the same place — and measured on the other half.
 */
export const REPLY_RELEVANCE_MODEL: Readonly<ReplyRelevanceModel> = Object.freeze({
  intercept: 0.7083,
  cosine: 41.1495,
  titleCoverage: 6.7404,
  logShared: 0.2755,
  logUnshared: -0.9565,
});

export interface ReplyRelevanceOptions {
  /** Folds text before comparing (the platform's traditional → simplified normaliser); default NFKC and lower case. */
  normalise?: (text: string) => string;
  /** Inverse-document-frequency weights for the cosine; absent, every bigram weighs the same. */
  frequencies?: BigramFrequencies;
  /** How much the request's title weighs against its body in the cosine (default 2). */
  titleWeight?: number;
  /** The model's weights (default REPLY_RELEVANCE_MODEL). */
  model?: ReplyRelevanceModel;
}

export interface ReplyRelevance {
  /** Estimated probability, in [0, 1], that the reply answers this request rather than another one. */
  score: number;
  /** The shared words, as the longest runs of the reply made of shared bigrams, most weighty first (at most 12). */
  matched: string[];
  /** The measures behind the score. */
  features: ReplyRelevanceFeatures;
}

const DATE = /\d{2,4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}/g;
const LINK = /(?:https?:\/\/|www\.)[\x21-\x7e]+/gi;
// Citizens' user names and anonymised ids quoted in replies ("UU0081572", "A00023583", "0000-00000000").
const USER_ID = /\b(?:uu|a)\d{4,}\b|\b\d{4}-\d{8}\b/gi;
const RUN = /[\p{L}\p{N}]+/gu;
// The first sentence of a request without a title stands for its title.
const FIRST_SENTENCE = /^[^。！？!?\n]{1,60}/u;

const defaultNormalise = (text: string) => text.normalize('NFKC');

function bigramsOf(run: string): string[] {
  const chars = [...run];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i += 1) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

const genericCache = new WeakMap<readonly string[], Set<string>>();
function genericBigrams(words: readonly string[]): Set<string> {
  let set = genericCache.get(words);
  if (!set) {
    set = new Set(words.flatMap((w) => bigramsOf(w)));
    genericCache.set(words, set);
  }
  return set;
}

/** The runs of letters and digits of a text once folded, lower-cased and stripped of dates, links and user ids. */
function runsOf(text: string, normalise: (t: string) => string, stock: readonly string[] = []): string[] {
  let t = normalise(text).toLowerCase().replace(DATE, ' ').replace(LINK, ' ').replace(USER_ID, ' ');
  for (const phrase of stock) if (phrase) t = t.split(phrase).join(' ');
  return t.match(RUN) ?? [];
}

const sortedStock = [...REPLY_STOCK_PHRASES].sort((a, b) => b.length - a.length);

function weightedBigrams(runs: readonly string[], weight: (g: string) => number, generic: Set<string>) {
  const out = new Map<string, number>();
  for (const run of runs) {
    for (const g of bigramsOf(run)) if (!generic.has(g)) out.set(g, Math.max(out.get(g) ?? 0, weight(g)));
  }
  return out;
}

/** Counts, for each bigram, how many of the texts contain it (for `frequencies`; build it once from stored requests). */
export function bigramFrequencies(
  texts: Iterable<string>,
  normalise: (text: string) => string = defaultNormalise,
): BigramFrequencies {
  const df = new Map<string, number>();
  let documents = 0;
  for (const text of texts) {
    documents += 1;
    const seen = new Set(runsOf(text, normalise).flatMap((r) => bigramsOf(r)));
    for (const g of seen) df.set(g, (df.get(g) ?? 0) + 1);
  }
  return { documents, df };
}

/** Measures a request–reply pair (see the file comment); the score is `relevanceScore` of these. */
export function replyRelevanceFeatures(
  request: { title?: string | null; body: string },
  reply: string,
  options: Omit<ReplyRelevanceOptions, 'model'> = {},
): { features: ReplyRelevanceFeatures; matched: string[] } {
  const normalise = options.normalise ?? defaultNormalise;
  const titleWeight = options.titleWeight ?? 2;
  const generic = genericBigrams(REPLY_GENERIC_WORDS);
  const f = options.frequencies;
  const idf = f ? (g: string) => Math.log((f.documents + 1) / ((f.df.get(g) ?? 0) + 1)) + 1 : () => 1;

  const req = weightedBigrams(runsOf(request.body, normalise), idf, generic);
  const title = request.title?.trim()
    ? request.title
    : (normalise(request.body).trim().match(FIRST_SENTENCE)?.[0] ?? '');
  const titleBigrams = weightedBigrams(runsOf(title, normalise), idf, generic);
  if (request.title?.trim()) {
    for (const [g, w] of titleBigrams) req.set(g, Math.max(req.get(g) ?? 0, w * titleWeight));
  }
  const replyRuns = runsOf(reply, normalise, sortedStock);
  const rep = weightedBigrams(replyRuns, idf, generic);

  let dot = 0;
  let reqNorm = 0;
  let repNorm = 0;
  let shared = 0;
  for (const w of req.values()) reqNorm += w * w;
  for (const [g, w] of rep) {
    repNorm += w * w;
    const r = req.get(g);
    if (r !== undefined) {
      dot += r * w;
      shared += 1;
    }
  }
  let titleShared = 0;
  for (const g of titleBigrams.keys()) if (rep.has(g)) titleShared += 1;
  const features: ReplyRelevanceFeatures = {
    cosine: reqNorm === 0 || repNorm === 0 ? 0 : Math.min(1, dot / Math.sqrt(reqNorm * repNorm)),
    titleCoverage: titleBigrams.size === 0 ? 0 : titleShared / titleBigrams.size,
    sharedBigrams: shared,
    unsharedBigrams: rep.size - shared,
  };
  return { features, matched: matchedWords(replyRuns, req, generic) };
}

/** The model's score of a pair's features, in [0, 1]. */
export function relevanceScore(
  features: ReplyRelevanceFeatures,
  model: ReplyRelevanceModel = REPLY_RELEVANCE_MODEL,
): number {
  const z =
    model.intercept +
    model.cosine * features.cosine +
    model.titleCoverage * features.titleCoverage +
    model.logShared * Math.log1p(features.sharedBigrams) +
    model.logUnshared * Math.log1p(features.unsharedBigrams);
  return 1 / (1 + Math.exp(-z));
}

/** Scores how well `reply` addresses the request (`title` and `body`): see the file comment. */
export function replyRelevance(
  request: { title?: string | null; body: string },
  reply: string,
  options: ReplyRelevanceOptions = {},
): ReplyRelevance {
  const { features, matched } = replyRelevanceFeatures(request, reply, options);
  return { score: relevanceScore(features, options.model), matched, features };
}

/**
 * Fits the model's weights to labelled pairs (`label` 1: the reply written for the request, 0: a reply to another
 * one) by logistic regression: full-batch gradient descent on standardised measures with a small L2 penalty, the
 * two labels weighing the same in total. Deterministic (no random start).
 */
export function fitReplyRelevanceModel(
  examples: readonly { features: ReplyRelevanceFeatures; label: 0 | 1 }[],
  options: { iterations?: number; learningRate?: number; l2?: number } = {},
): ReplyRelevanceModel {
  const iterations = options.iterations ?? 2000;
  const rate = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-3;
  const row = (f: ReplyRelevanceFeatures) => [
    f.cosine,
    f.titleCoverage,
    Math.log1p(f.sharedBigrams),
    Math.log1p(f.unsharedBigrams),
  ];
  const raw = examples.map((e) => row(e.features));
  const n = raw.length;
  const d = 4;
  const positives = examples.filter((e) => e.label === 1).length;
  if (positives === 0 || positives === n) throw new Error('fitReplyRelevanceModel needs both labels');
  const mean = Array.from({ length: d }, (_, k) => raw.reduce((a, x) => a + x[k]!, 0) / n);
  const sd = Array.from(
    { length: d },
    (_, k) => Math.sqrt(raw.reduce((a, x) => a + (x[k]! - mean[k]!) ** 2, 0) / n) || 1,
  );
  const x = raw.map((r) => r.map((v, k) => (v - mean[k]!) / sd[k]!));
  const classWeight = [n / (2 * (n - positives)), n / (2 * positives)];
  const w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < iterations; it += 1) {
    const grad = new Array<number>(d + 1).fill(0);
    for (let i = 0; i < n; i += 1) {
      const xi = x[i]!;
      let z = w[d]!;
      for (let k = 0; k < d; k += 1) z += w[k]! * xi[k]!;
      const label = examples[i]!.label;
      const err = (1 / (1 + Math.exp(-z)) - label) * classWeight[label]!;
      for (let k = 0; k < d; k += 1) grad[k]! += err * xi[k]!;
      grad[d]! += err;
    }
    for (let k = 0; k <= d; k += 1) w[k]! -= rate * (grad[k]! / n + (k < d ? l2 * w[k]! : 0));
  }
  // Back to the raw measures' scale, rounded so the deployed constants can be copied as printed.
  const weights = w.slice(0, d).map((v, k) => v / sd[k]!);
  const intercept = w[d]! - weights.reduce((a, v, k) => a + v * mean[k]!, 0);
  const r4 = (v: number) => Math.round(v * 10_000) / 10_000;
  return {
    intercept: r4(intercept),
    cosine: r4(weights[0]!),
    titleCoverage: r4(weights[1]!),
    logShared: r4(weights[2]!),
    logUnshared: r4(weights[3]!),
  };
}

/** The reply's longest stretches whose every bigram is in the request, heaviest first. */
function matchedWords(replyRuns: readonly string[], req: ReadonlyMap<string, number>, generic: Set<string>): string[] {
  const found = new Map<string, number>();
  for (const run of replyRuns) {
    const chars = [...run];
    let start = -1;
    let weight = 0;
    const flush = (end: number) => {
      if (start >= 0 && weight > 0) {
        const word = chars.slice(start, end + 1).join('');
        found.set(word, Math.max(found.get(word) ?? 0, weight));
      }
      start = -1;
      weight = 0;
    };
    for (let i = 0; i + 1 < chars.length; i += 1) {
      const g = chars[i]! + chars[i + 1]!;
      if (req.has(g) && !generic.has(g)) {
        if (start < 0) start = i;
        weight += req.get(g)!;
      } else {
        flush(i);
      }
    }
    flush(chars.length - 1);
  }
  // A word inside a longer matched word is not listed again.
  const words = [...found.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const out: string[] = [];
  for (const [word] of words) {
    if (!out.some((w) => w.includes(word))) out.push(word);
    if (out.length === 12) break;
  }
  return out;
}
