/*
 * Work-style complaints (作风类): a request that complains about how cadres and public servants behave, not (only)
 * about the matter itself. Such requests are copied to discipline inspection (纪检监察). The detector is a lexicon of
 * phrases per kind plus a few patterns, read over normalised text sentence by sentence, with two guards:
 * - who is blamed (blamedActor): a phrase counts when its clause names a public actor (工作人员, 干部, 政府, 城管, …),
 *   or, when its clause names nobody, when its sentence names a public actor and no private one — for the
 *   unmistakable phrases ("strong": 不作为, 吃拿卡要, 形式主义, …) no private one suffices. "物业不作为，请相关部门处理"
 *   is a complaint about a company (the department is asked to act), not about work style.
 * - negation: a phrase right after 没有/未/不/从不/并未/毫无/无 ("工作人员从不推诿") does not count.
 * Every phrase that fired is returned with its kind and the text it matched, so an inspector sees why.
 */
import { normaliseText } from './normalise.js';

/** The kinds of work-style problems of the 作风建设 vocabulary. */
export const WORK_STYLE_KINDS = ['inaction', 'slow', 'wrongful', 'rude', 'favours', 'four_winds'] as const;
export type WorkStyleKind = (typeof WORK_STYLE_KINDS)[number];

export interface WorkStyleSignal {
  kind: WorkStyleKind;
  /** The lexicon entry or pattern that fired. */
  signal: string;
  /** The text it matched. */
  match: string;
  /** The public actor named in the sentence, when the signal needed one. */
  actor?: string;
}

export interface WorkStyleResult {
  isWorkStyle: boolean;
  kinds: WorkStyleKind[];
  signals: WorkStyleSignal[];
}

interface Rule {
  kind: WorkStyleKind;
  signal: string;
  pattern: RegExp;
  /** Strong phrases need no named public actor, only the absence of a private one. */
  strong?: boolean;
}

const rule = (kind: WorkStyleKind, pattern: string, strong = false, signal = pattern): Rule => ({
  kind,
  signal,
  pattern: new RegExp(pattern, 'gu'),
  strong,
});

const RULES: readonly Rule[] = [
  // 不作为
  rule('inaction', '不作为', true),
  rule('inaction', '懒政', true),
  rule('inaction', '庸政', true),
  rule('inaction', '踢皮球', true),
  rule('inaction', '互相推诿|相互推诿|推诿扯皮|推来推去|推三阻四', true, '推诿'),
  rule('inaction', '不管不问|不闻不问|置之不理|置若罔闻|视而不见|听之任之|充耳不闻|坐视不管'),
  rule('inaction', '推诿|推脱|敷衍了事|敷衍塞责|应付了事|搪塞', false, '推诿敷衍'),
  // 慢作为
  rule('slow', '慢作为', true),
  rule('slow', '久拖不决|久拖未决|一拖再拖|拖而不办|拖着不办|能拖就拖', true, '拖延'),
  rule(
    'slow',
    '拖延|迟迟(?:不|未|没有?)(?:办|处理|解决|答复|回复|落实|审批|发放)|办事效率(?:太|很|极)?低',
    false,
    '拖延',
  ),
  rule('slow', '拖了(?:[一二三四五六七八九十两半几\\d]+)(?:个)?(?:月|年|多月|多年)', false, '拖了数月'),
  // 乱作为
  rule('wrongful', '乱作为', true),
  rule('wrongful', '滥用职权|以权谋私|以权压人|徇私枉法|权钱交易|官官相护', true, '滥用职权'),
  rule('wrongful', '暴力执法|野蛮执法|粗暴执法|选择性执法|钓鱼执法|违法执法|违规执法', true, '违规执法'),
  rule('wrongful', '乱收费|乱罚款|乱摊派|乱检查|吃空饷|优亲厚友|违规审批|违规发放|暗箱操作|弄虚作假', false, '三乱'),
  // 态度粗暴 / 门难进、脸难看、事难办
  rule('rude', '门难进|脸难看|事难办', true, '门难进脸难看事难办'),
  rule('rude', '态度(?:极其|非常|十分|很|特别|太)?(?:恶劣|粗暴|蛮横|极差|很差|差劲|冷漠|傲慢)', false, '态度恶劣'),
  rule('rude', '辱骂|骂人|恶语相向|出言不逊|爱理不理|冷嘲热讽|大吼大叫|呵斥|刁难|耍官威|官老爷', false, '辱骂刁难'),
  // 吃拿卡要
  rule('favours', '吃拿卡要', true),
  rule('favours', '索贿|受贿|行贿|索要好处|好处费|收红包|送红包|收受红包|收受礼品|回扣', true, '索要好处'),
  rule('favours', '(?:不给|没给|不送)(?:钱|红包|礼|好处)(?:就)?(?:不办|不给办|不批|不签)', true, '不送礼不办事'),
  rule('favours', '索要|请(?:他们)?吃饭|送礼|卡着不办|故意卡', false, '索要'),
  // 四风: 形式主义、官僚主义、享乐主义、奢靡之风
  rule('four_winds', '形式主义|官僚主义|享乐主义|奢靡之风|奢靡', true, '四风'),
  rule('four_winds', '公款吃喝|公款旅游|公车私用|大吃大喝|违规吃喝|超标接待|公款送礼', true, '公款吃喝公车私用'),
  rule(
    'four_winds',
    '上班(?:时间|期间)?(?:打牌|打麻将|玩手机|玩游戏|炒股|睡觉|喝酒|聊天|逛街)',
    false,
    '上班时间做私事',
  ),
  rule('four_winds', '迟到早退|擅离职守|脱岗|空岗|人浮于事|文山会海|走过场', false, '纪律松弛'),
];

// Public actors: bodies and people whose conduct discipline inspection oversees (bare 街道, 社区 and 单位 name places
// and employers too often to count).
const BUREAU =
  '(?:住建|城管|环保|生态环境|教育|人社|人力资源和社会保障|卫健|卫生|交通运输|交通|公安|国土|自然资源|市场监管|市场监督管理|房管|房产|民政|财政|水利|水务|农业农村|农业|林业|文旅|文化|体育|规划|税务|医保|社保|商务|应急管理|统计|司法)(?:局|委|所)';
const PUBLIC_ACTOR = new RegExp(
  `(?:工作人员|办事人员|公务员|干部|领导|书记|主任|局长|科长|所长|镇长|乡长|村长|县长|市长|站长|队长|政府|有关部门|相关部门|职能部门|主管部门|机关|办事大厅|街道办|社区(?:工作人员|干部|书记|主任|居委会|负责人)|居委会|村委会?|镇上|乡里|[乡镇县区市]委|城管|执法人员|执法队|民警|警察|派出所|交警|信访|法院|检察院|${BUREAU})`,
  'u',
);
// Private actors: a complaint about them is a consumer or neighbour matter, not work style.
const PRIVATE_ACTOR =
  /(?:物业|司机|保安|保洁|开发商|商家|老板|店主|房东|中介|快递|外卖|业委会|邻居|业主|商户|公司|工厂|厂家|超市|饭店|酒店)/u;
const NEGATION = /(?:没有|没|未|不|从不|从未|并未|并没有|毫无|无)$/u;
const SENTENCE = /[^。！？!?；;\n]+/gu;
const CLAUSE_BREAK = /[，,、：:]/u;

/**
 * Who a phrase blames: the public actor named in its clause (the words between commas); a clause naming only a
 * private actor blames that one ("物业不作为，请相关部门处理": the department is asked to act, not blamed); a clause
 * naming nobody takes its sentence's actor — a public one for an ordinary phrase, any but a private one for a strong
 * phrase. Returns the public actor ('' when none is named but a strong phrase stands alone), or false.
 */
function blamedActor(
  sentence: string,
  at: number,
  strong: boolean,
  sentencePublic: string | undefined,
  sentencePrivate: boolean,
): string | false {
  let start = at;
  while (start > 0 && !CLAUSE_BREAK.test(sentence[start - 1]!)) start--;
  let end = at;
  while (end < sentence.length && !CLAUSE_BREAK.test(sentence[end]!)) end++;
  const clause = sentence.slice(start, end);
  const clausePublic = clause.match(PUBLIC_ACTOR)?.[0];
  if (clausePublic) return clausePublic;
  if (PRIVATE_ACTOR.test(clause)) return false;
  if (sentencePrivate) return false;
  if (sentencePublic) return sentencePublic;
  return strong ? '' : false;
}

/**
 * Reads a request's text for work-style complaints (see the file header): the kinds found, and each signal that fired
 * with the text it matched. Pure; the same text always gives the same answer.
 */
export function detectWorkStyle(text: string): WorkStyleResult {
  const signals: WorkStyleSignal[] = [];
  const seen = new Set<string>();
  for (const sentence of normaliseText(text).match(SENTENCE) ?? []) {
    const sentencePublic = sentence.match(PUBLIC_ACTOR)?.[0];
    const sentencePrivate = PRIVATE_ACTOR.test(sentence);
    // A phrase inside one that already fired (推诿 in 推诿扯皮) adds nothing: the longer, earlier rule explains it.
    const spans: [number, number][] = [];
    for (const r of RULES) {
      for (const m of sentence.matchAll(r.pattern)) {
        const end = m.index + m[0].length;
        if (spans.some(([a, b]) => m.index < b && end > a)) continue;
        const before = sentence.slice(Math.max(0, m.index - 3), m.index);
        if (NEGATION.test(before)) continue;
        const actor = blamedActor(sentence, m.index, r.strong === true, sentencePublic, sentencePrivate);
        if (actor === false) continue;
        const key = `${r.kind}|${r.signal}`;
        if (seen.has(key)) continue;
        seen.add(key);
        spans.push([m.index, end]);
        signals.push({ kind: r.kind, signal: r.signal, match: m[0], ...(actor ? { actor } : {}) });
      }
    }
  }
  const kinds = WORK_STYLE_KINDS.filter((k) => signals.some((s) => s.kind === k));
  return { isWorkStyle: kinds.length > 0, kinds, signals };
}
