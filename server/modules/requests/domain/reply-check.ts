/*
 * Checking a reply before it goes back to the citizen (答复审核): a reply that is empty, only boilerplate (套话),
 * rude, or does not address the request (答非所问) is sent back to the handler. Pure string logic on characters and
 * character bigrams, which needs no word segmenter and works the same on every server.
 */
import type { ReplyProblem } from '../../../../contracts/requests.js';

export interface ReplyCheckOptions {
  /** Letters and digits a reply must have at all; fewer is 'empty'. */
  minContentChars: number;
  /** Letters and digits that must remain once the boilerplate phrases are removed; fewer is 'boilerplate'. */
  minSubstantiveChars: number;
  /** Stock phrases that say nothing concrete (已收到, 正在处理, 请耐心等待 …). */
  boilerplatePhrases: readonly string[];
  /** Words no official reply may contain. */
  rudePhrases: readonly string[];
  /** Words common to every request and reply (反映, 问题, 处理 …); their bigrams do not show that a reply is on topic. */
  genericWords: readonly string[];
  /** Function characters (的, 了, 是 …) left out of the character overlap. */
  stopChars: string;
  /** Shared topical bigrams over the smaller text's bigrams below which … */
  minBigramOverlap: number;
  /** … and shared characters over the smaller text's characters below which, a reply is 'off_topic'. */
  minCharOverlap: number;
}

export const DEFAULT_BOILERPLATE_PHRASES: readonly string[] = Object.freeze([
  '您好',
  '你好',
  '尊敬的市民',
  '感谢您对我们工作的理解和支持',
  '感谢您对我们工作的支持',
  '感谢您的理解和支持',
  '感谢您的理解与支持',
  '感谢您的支持',
  '感谢您的来电',
  '感谢您的反映',
  '谢谢您的反映',
  '谢谢',
  '已收到',
  '收到',
  '已知悉',
  '您反映的问题',
  '您反映的情况',
  '您反映的',
  '您的诉求',
  '您的来电',
  '我们已经',
  '我们已',
  '我们会',
  '我们将',
  '我们',
  '我单位',
  '正在处理',
  '正在办理',
  '正在核实',
  '正在研究',
  '尽快处理',
  '尽快解决',
  '尽快办理',
  '请耐心等待',
  '耐心等待',
  '按规定办理',
  '按相关规定办理',
  '按照相关规定办理',
  '按政策规定办理',
  '依法依规处理',
  '依法依规办理',
  '高度重视',
  '已转相关部门',
  '已转交相关部门',
  '相关部门',
  '予以关注',
  '后续',
  '特此回复',
  '特此答复',
  '此致',
]);

export const DEFAULT_RUDE_PHRASES: readonly string[] = Object.freeze([
  '滚蛋',
  '滚出去',
  '神经病',
  '有病吧',
  '脑子有病',
  '刁民',
  '活该',
  '闭嘴',
  '找死',
  '爱找谁找谁',
  '关我什么事',
  '关我屁事',
  '烦不烦',
  '少管闲事',
  '没事找事',
  '无理取闹',
  '你算老几',
  '爱咋咋地',
  '白痴',
  '蠢货',
  '混蛋',
  '王八蛋',
]);

export const DEFAULT_GENERIC_WORDS: readonly string[] = Object.freeze([
  '您好',
  '反映',
  '问题',
  '情况',
  '我们',
  '已经',
  '处理',
  '办理',
  '相关',
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
]);

export const DEFAULT_REPLY_CHECK: Readonly<ReplyCheckOptions> = Object.freeze({
  minContentChars: 8,
  minSubstantiveChars: 6,
  boilerplatePhrases: DEFAULT_BOILERPLATE_PHRASES,
  rudePhrases: DEFAULT_RUDE_PHRASES,
  genericWords: DEFAULT_GENERIC_WORDS,
  stopChars: '的了是在我您你他她它们有和与及或就都也还又很被把对这那一个不人上下中为以于之其所而已将请予等着过吗呢吧啊',
  minBigramOverlap: 0.02,
  minCharOverlap: 0.12,
});

export type ReplyCheckResult = { ok: true } | { ok: false; reason: ReplyProblem; message: { zh: string; en: string } };

const MESSAGES: Record<ReplyProblem, { zh: string; en: string }> = {
  empty: {
    zh: '答复内容为空或过短，请写明办理情况和结果',
    en: 'The reply is empty or too short: say what was done and the outcome',
  },
  boilerplate: {
    zh: '答复只有套话，请写明具体办理情况、结果或依据',
    en: 'The reply is only stock phrases: say concretely what was done, the outcome or the legal basis',
  },
  off_topic: {
    zh: '答复与诉求内容不符（答非所问），请针对群众反映的问题答复',
    en: 'The reply does not address the request: answer what the citizen raised',
  },
  rude: { zh: '答复含有不文明用语，请修改后再提交', en: 'The reply contains rude language: rewrite it before sending' },
};

/** Gives a text's letters and digits only (NFKC-normalised, so full-width digits count as digits; Latin lower-cased). */
export function contentChars(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]/gu) ?? []
  ).join('');
}

/** Gives the set of character bigrams inside runs of letters and digits (punctuation and spaces break runs), the unit in which two Chinese texts are compared without a segmenter. */
export function characterBigrams(text: string): Set<string> {
  const out = new Set<string>();
  const runs =
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const run of runs) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i += 1) out.add(chars[i]! + chars[i + 1]!);
  }
  return out;
}

/** How much a reply shares with its request: topical bigrams and content characters, each over the smaller text's. */
export function topicOverlap(
  requestText: string,
  replyText: string,
  options: Pick<ReplyCheckOptions, 'genericWords' | 'stopChars'> = DEFAULT_REPLY_CHECK,
): { bigram: number; char: number } {
  const generic = new Set<string>();
  for (const word of options.genericWords) for (const b of characterBigrams(word)) generic.add(b);
  const topical = (text: string) => new Set([...characterBigrams(text)].filter((b) => !generic.has(b)));
  const stop = new Set(options.stopChars);
  const chars = (text: string) => new Set([...contentChars(text)].filter((c) => !stop.has(c)));
  return {
    bigram: overlap(topical(requestText), topical(replyText)),
    char: overlap(chars(requestText), chars(replyText)),
  };
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const smaller = Math.min(a.size, b.size);
  if (smaller === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared += 1;
  return shared / smaller;
}

/**
 * Checks a reply against its request before it goes out, in this order: rude language (never sent, however
 * complete); empty or too short; only boilerplate once stock phrases are removed; off-topic (答非所问) when it shares
 * almost no topical bigrams and almost no characters with the request. Thresholds and word lists are options.
 */
export function checkReply(
  requestText: string,
  replyText: string,
  options: Partial<ReplyCheckOptions> = {},
): ReplyCheckResult {
  const o: ReplyCheckOptions = { ...DEFAULT_REPLY_CHECK, ...options };
  const normalized = replyText.normalize('NFKC').replace(/\s+/g, '');
  const fail = (reason: ReplyProblem): ReplyCheckResult => ({ ok: false, reason, message: MESSAGES[reason] });

  if (o.rudePhrases.some((phrase) => phrase && normalized.includes(phrase))) return fail('rude');
  if ([...contentChars(normalized)].length < o.minContentChars) return fail('empty');

  let stripped = normalized;
  for (const phrase of [...o.boilerplatePhrases].sort((a, b) => b.length - a.length)) {
    if (phrase) stripped = stripped.split(phrase).join('');
  }
  if ([...contentChars(stripped)].length < o.minSubstantiveChars) return fail('boilerplate');

  const { bigram, char } = topicOverlap(requestText, stripped, o);
  if (bigram < o.minBigramOverlap && char < o.minCharOverlap) return fail('off_topic');
  return { ok: true };
}
