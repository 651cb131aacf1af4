/*
 * Checking a reply before it goes back to the citizen (答复审核): a reply that is empty, only boilerplate (套话),
 * rude, or does not address the request (答非所问) is sent back to the handler. Pure string logic on characters and
 * character bigrams, which needs no word segmenter and works the same on every server. Whether the reply addresses
 * the request is the relevance score of reply-relevance.ts (measured on real replies: README, "Reply-quality check").
 */
import type { ReplyProblem } from '../../../../contracts/requests.js';
import {
  REPLY_STOCK_PHRASES,
  type ReplyRelevance,
  type ReplyRelevanceOptions,
  replyRelevance,
} from './reply-relevance.js';

export interface ReplyCheckOptions {
  /** Letters and digits a reply must have at all; fewer is 'empty'. */
  minContentChars: number;
  /** Letters and digits that must remain once the boilerplate phrases are removed; fewer is 'boilerplate'. */
  minSubstantiveChars: number;
  /** Stock phrases that say nothing concrete (已收到, 正在处理, 请耐心等待 …). */
  boilerplatePhrases: readonly string[];
  /** Words no official reply may contain. */
  rudePhrases: readonly string[];
  /** Relevance score (reply-relevance.ts: estimated probability, in [0, 1], that the reply answers this request) below which a reply is 'off_topic'; 0 switches the check off. */
  minRelevance: number;
  /** Folds text before comparing (the service passes the platform's traditional → simplified normaliser). */
  normalise?: ReplyRelevanceOptions['normalise'];
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

export const DEFAULT_REPLY_CHECK: Readonly<ReplyCheckOptions> = Object.freeze({
  minContentChars: 8,
  minSubstantiveChars: 10,
  boilerplatePhrases: DEFAULT_BOILERPLATE_PHRASES,
  rudePhrases: DEFAULT_RUDE_PHRASES,
  // Chosen by `lianxin classify eval-replies` on the tune half of the real replies: the highest score that refuses at
  // most 2 % of its true replies that pass the empty and boilerplate rules (README, "Reply-quality check").
  minRelevance: 0.13,
});

/** The verdict; `relevance` is there once the reply got as far as the off-topic check (so the handler can see why). */
export type ReplyCheckResult =
  | { ok: true; relevance?: ReplyRelevance }
  | { ok: false; reason: ReplyProblem; message: { zh: string; en: string }; relevance?: ReplyRelevance };

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

const MEDICAL_TERMS = /患有?[轻中重]?度?(?:的)?神经病/g;
const DATE = /\d{2,4}年\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}/g;
const LINK = /(?:https?:\/\/|www\.)[\x21-\x7e]+|链接[:：]?/gi;
const USER_ID = /[“"]?\b(?:uu|a)\d{4,}\b[”"]?|\b\d{4}-\d{8}\b/gi;
// "已转市住建局调查处理", "已转交相关单位", "已移交B4区法院强制执行": forwarding the request says nothing about it.
const FORWARDED =
  /(?:已|将|我办|我们)*(?:转交|转办|转至|转到|转给|移交|交办|转|交)(?:至|到|给)?[^，。,.！!；;：:]{0,16}?(?:调查核处|调查处理|调查处置|调查办复|核实处理|核实办理|核实、办理|调查、核处|核实、办复|调查|核处|核实|处理|办理|处置|办复|关注|答复|反馈)/g;

// "已转交市教育局。", "已转至L5县，": forwarded with no verb, up to the next punctuation mark.
const FORWARDED_TO =
  /(?:已|将|我办|我们)+(?:将[^，。,.！!；;：:]{0,12}?)?(?:转交|转至|转到|转给|移交|转办|转)(?:至|到|给)?[^，。,.！!；;：:]{0,16}/g;

/** What is left of a reply once stock phrases, forwarding notes, dates, user names and links are taken out. */
export function substantiveText(reply: string, boilerplatePhrases: readonly string[] = DEFAULT_BOILERPLATE_PHRASES) {
  let t = reply.normalize('NFKC').replace(/\s+/g, '').replace(DATE, ' ').replace(LINK, ' ').replace(USER_ID, ' ');
  t = t.replace(FORWARDED, ' ').replace(FORWARDED_TO, ' ');
  const phrases = [...new Set([...boilerplatePhrases, ...REPLY_STOCK_PHRASES, ...EXTRA_STOCK])].sort(
    (a, b) => b.length - a.length,
  );
  for (const phrase of phrases) if (phrase) t = t.split(phrase).join(' ');
  return t;
}

// Stock words of forwarding and acknowledging replies that the two phrase lists do not have.
const EXTRA_STOCK = [
  '留言',
  '来信',
  '帖文',
  '问题',
  '情况',
  '事情',
  '关于',
  '感谢',
  '问政',
  '如有相关情况将及时反馈',
  '如有情况将及时回复',
  '将及时反馈',
  '及时回复',
  '敬请留意近期回复',
  '正在交办中',
  '正在调查处理中',
  '正在协调处理当中',
  '已进行过回复',
  '已作出回复',
  '已经答复',
  '已获悉',
  '您的意见',
  '您的问题',
  '请进一步完善个人信息以便处理',
  '稍后会对您提出的问题做出回复',
  '我办',
  '我委',
  '我局',
  '您通过平台',
  '帖文中反映的',
  '中反映的',
  '祝您事事顺心',
  '敬请关注后续回复',
  '敬请关注',
  '有关情况将及时反馈',
  '相关进度将及时反馈',
  '详见',
  '处理情况会及时回复给您',
  '宝贵意见',
  '祝您生活愉快',
  '的关注与支持',
  '的关心与支持',
  '的关心和支持',
  '的监督和支持',
  '感谢您对',
  '您的',
  '你的',
  '您在',
  '已将',
  '并',
  '的',
];

/**
 * Checks a reply against its request before it goes out, in this order: rude language (never sent, however
 * complete); empty or too short; only boilerplate once stock phrases are removed; off-topic (答非所问) when its
 * relevance score is below `minRelevance` or it repeats no word of the request. Thresholds and word lists are options.
 */
export function checkReply(
  request: string | { title?: string | null; body: string },
  replyText: string,
  options: Partial<ReplyCheckOptions> = {},
): ReplyCheckResult {
  const o: ReplyCheckOptions = { ...DEFAULT_REPLY_CHECK, ...options };
  const normalized = replyText.normalize('NFKC').replace(/\s+/g, '');
  const fail = (reason: ReplyProblem): ReplyCheckResult => ({ ok: false, reason, message: MESSAGES[reason] });

  // "患有轻度神经病" names an illness (a fact in a reply about a poor household), not an insult.
  const forRudeness = normalized.replace(MEDICAL_TERMS, '');
  if (o.rudePhrases.some((phrase) => phrase && forRudeness.includes(phrase))) return fail('rude');
  if ([...contentChars(normalized)].length < o.minContentChars) return fail('empty');

  if ([...contentChars(substantiveText(normalized, o.boilerplatePhrases))].length < o.minSubstantiveChars) {
    return fail('boilerplate');
  }

  const relevance = replyRelevance(typeof request === 'string' ? { body: request } : request, replyText, {
    normalise: o.normalise,
  });
  // A reply with substance that repeats nothing of the request is off-topic whatever its score: the handler is told
  // to say what the reply answers (the score alone lets a short reply that names nothing through).
  if (relevance.score < o.minRelevance || (o.minRelevance > 0 && relevance.features.sharedBigrams === 0)) {
    return { ...fail('off_topic'), relevance };
  }
  return { ok: true, relevance };
}
