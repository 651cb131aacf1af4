/*
 * `lianxin classify eval-replies`: measures the reply-quality check (答复审核, issue #7 point 8) on real replies. The
 * messages are split in two seeded halves: on the tune half the off-topic threshold is chosen (and, with `--fit`, the
 * relevance model's weights are fitted); on the test half, never tuned on, the relevance score of each message's true
 * reply is compared with the score of a reply written to another message — a random one, and (harder) one from the
 * same place — and the AUC says how often the true reply scores higher. The emptiness and boilerplate rules are
 * measured on the true replies and on those replies cut down to their stock phrases.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import {
  type BigramFrequencies,
  bigramFrequencies,
  checkReply,
  DEFAULT_REPLY_CHECK,
  fitReplyRelevanceModel,
  REPLY_RELEVANCE_MODEL,
  type ReplyRelevanceFeatures,
  type ReplyRelevanceModel,
  replyRelevance,
  replyRelevanceFeatures,
} from '../modules/requests/index.js';
import { normaliseText, parseCsvRecords } from '../platform/text/index.js';
import { CliError } from './cli-support.js';

export interface ReplyRow {
  title: string;
  body: string;
  reply: string;
}

/** The figures `lianxin classify eval-replies` prints as its last line. */
export interface ReplyEvalSummary {
  messages: number;
  tuneMessages: number;
  testMessages: number;
  /** AUC of true reply vs a random other message's reply, on the test half: all messages, and those whose true reply passes the empty/boilerplate rules. */
  auc: number;
  aucSubstantive: number;
  /** The same against a reply to another message from the same place (city/district code of the title and body). */
  aucSamePlace: number;
  aucSamePlaceSubstantive: number;
  /** The off-topic threshold chosen on the tune half, and on the test half: true replies (that pass the other rules) refused as off-topic, and other messages' replies let through. */
  threshold: number;
  falseRejection: number;
  falseAcceptance: number;
  /** The threshold the reply action uses (DEFAULT_REPLY_CHECK.minRelevance) and, on the test half, the deployed check's rates (all its rules): true replies that pass the empty/boilerplate rules refused as off-topic, and other messages' replies accepted. */
  deployedThreshold: number;
  deployedFalseRejection: number;
  deployedFalseAcceptance: number;
  /** Share of true replies the empty/boilerplate rules refuse, and share of replies cut to their stock phrases they catch. */
  trueRepliesRefusedAsEmptyOrBoilerplate: number;
  boilerplateOnlyCaught: number;
  idf: boolean;
  msPerPair: number;
  /** The same AUC (all messages, random other reply) on the tune half, where the threshold (and with --fit the weights) were chosen. */
  aucTune: number;
  /** Whether the weights were fitted on the tune half by this run (--fit) rather than the deployed REPLY_RELEVANCE_MODEL; the weights used. */
  fitted: boolean;
  model: ReplyRelevanceModel;
}

/** Reads messages with replies from a CSV with the columns of teddy2020c-replies-train.csv (title, body, reply). */
export function readReplyCsv(file: string): ReplyRow[] {
  if (!fs.existsSync(file)) throw new CliError(`No such file 文件不存在: ${file}`);
  const records = parseCsvRecords(fs.readFileSync(file, 'utf8'));
  if (records.length > 0 && !('body' in records[0]! && 'reply' in records[0]!)) {
    throw new CliError(`${file}: the CSV needs the columns title, body, reply / 需要 title、body、reply 列`);
  }
  return records
    .filter((r) => (r.reply ?? '').trim() !== '' && ((r.body ?? '') + (r.title ?? '')).trim() !== '')
    .map((r) => ({ title: r.title ?? '', body: r.body ?? '', reply: r.reply ?? '' }));
}

/** A small seeded generator (mulberry32), so the split and the other-message draws are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Area under the ROC curve of positives against negatives (Mann–Whitney, ties count one half). */
export function auc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  const all = [...positives.map((v) => [v, 1] as const), ...negatives.map((v) => [v, 0] as const)].sort(
    (a, b) => a[0] - b[0],
  );
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]![0] === all[i]![0]) j += 1;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k += 1) if (all[k]![1] === 1) rankSum += avgRank;
    i = j;
  }
  const p = positives.length;
  return (rankSum - (p * (p + 1)) / 2) / (p * negatives.length);
}

// The anonymised place codes of the data ("A3区", "B市", "L10县"): the first one names the message's place.
const PLACE = /[A-Z]\d{0,2}(?:市|区|县)/;
const placeOf = (r: ReplyRow) => (r.title.match(PLACE) ?? r.body.match(PLACE))?.[0] ?? '';

/** The reply reduced to its stock phrases, the way a handler writes who says nothing ("网友：您好！您反映的问题已收悉，我们将尽快处理。感谢您的理解和支持！"). */
const BOILERPLATE_ONLY = [
  '网友：您好！您的留言已收悉，感谢您的理解和支持！',
  '您好，您反映的问题已收到，我们正在处理，请耐心等待。',
  '您好！您反映的问题已转相关部门，我们会尽快处理。谢谢！',
  '您好，我们已高度重视，按相关规定办理，感谢您的理解和支持。',
];

/** Runs the whole evaluation; the lines to print, the last one the JSON summary. */
export function evaluateReplies(
  rows: readonly ReplyRow[],
  options: { seed?: number; idf?: boolean; fit?: boolean; maxFalseRejection?: number } = {},
): { lines: string[]; summary: ReplyEvalSummary } {
  if (rows.length < 20) throw new CliError('Need at least 20 messages with replies / 至少需要 20 条有答复的留言');
  const seed = options.seed ?? 7;
  const maxFalseRejection = options.maxFalseRejection ?? 0.02;
  const random = rng(seed);
  const order = rows.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const half = Math.floor(order.length / 2);
  const tune = order.slice(0, half);
  const test = order.slice(half);

  // IDF from the tune half's requests only (a deployment would use its own stored requests).
  const frequencies: BigramFrequencies | undefined = options.idf
    ? bigramFrequencies(
        tune.map((i) => `${rows[i]!.title} ${rows[i]!.body}`),
        normaliseText,
      )
    : undefined;
  const placeOfIndex = (indices: readonly number[]) => {
    const byPlace = new Map<string, number[]>();
    for (const i of indices) {
      const p = placeOf(rows[i]!);
      if (p) byPlace.set(p, [...(byPlace.get(p) ?? []), i]);
    }
    return byPlace;
  };
  // With --fit: the weights are fitted on the tune half alone — each true reply (label 1) against replies to three
  // random other tune messages and one of the same place (label 0), drawn with their own seeded generator.
  const model: ReplyRelevanceModel = options.fit
    ? (() => {
        const draw = rng(seed + 1);
        const byPlace = placeOfIndex(tune);
        const other = (i: number, pool: readonly number[]) => {
          let j = i;
          while (j === i) j = pool[Math.floor(draw() * pool.length)]!;
          return j;
        };
        const examples: { features: ReplyRelevanceFeatures; label: 0 | 1 }[] = [];
        const measureOf = (i: number, reply: string) =>
          replyRelevanceFeatures({ title: rows[i]!.title, body: rows[i]!.body }, reply, {
            normalise: normaliseText,
            frequencies,
          }).features;
        for (const i of tune) {
          examples.push({ features: measureOf(i, rows[i]!.reply), label: 1 });
          for (let k = 0; k < 3; k += 1)
            examples.push({ features: measureOf(i, rows[other(i, tune)]!.reply), label: 0 });
          const pool = byPlace.get(placeOf(rows[i]!)) ?? [];
          if (pool.length > 1) examples.push({ features: measureOf(i, rows[other(i, pool)]!.reply), label: 0 });
        }
        return fitReplyRelevanceModel(examples);
      })()
    : REPLY_RELEVANCE_MODEL;
  const score = (request: ReplyRow, reply: string) =>
    replyRelevance({ title: request.title, body: request.body }, reply, {
      normalise: normaliseText,
      frequencies,
      model,
    }).score;
  const passesOtherRules = (request: ReplyRow, reply: string) => {
    const r = checkReply(`${request.title} ${request.body}`, reply, { minRelevance: 0 });
    return r.ok;
  };

  const measure = (indices: readonly number[]) => {
    const byPlace = placeOfIndex(indices);
    const pick = (i: number, pool: readonly number[]) => {
      if (pool.length < 2) return -1;
      let j = i;
      while (j === i) j = pool[Math.floor(random() * pool.length)]!;
      return j;
    };
    const out = {
      pos: [] as number[],
      neg: [] as number[],
      negIndex: [] as number[],
      substantive: [] as boolean[],
      posPlace: [] as number[],
      negPlace: [] as number[],
      substantivePlace: [] as boolean[],
    };
    for (const i of indices) {
      const r = rows[i]!;
      const s = passesOtherRules(r, r.reply);
      const p = score(r, r.reply);
      const j = pick(i, indices);
      out.pos.push(p);
      out.neg.push(score(r, rows[j]!.reply));
      out.negIndex.push(j);
      out.substantive.push(s);
      const k = pick(i, byPlace.get(placeOf(r)) ?? []);
      if (k >= 0) {
        out.posPlace.push(p);
        out.negPlace.push(score(r, rows[k]!.reply));
        out.substantivePlace.push(s);
      }
    }
    return out;
  };
  const only = (xs: readonly number[], keep: readonly boolean[]) => xs.filter((_, i) => keep[i]);

  // Threshold: the highest score that refuses at most maxFalseRejection of the tune half's substantive true replies.
  const tuned = measure(tune);
  const tunePos = only(tuned.pos, tuned.substantive).sort((a, b) => a - b);
  const cut = Math.floor(tunePos.length * maxFalseRejection);
  const threshold = Math.floor((tunePos[cut] ?? 0) * 1000) / 1000;

  const t0 = performance.now();
  const m = measure(test);
  const msPerPair = (performance.now() - t0) / (m.pos.length + m.neg.length + m.negPlace.length);
  const posSub = only(m.pos, m.substantive);
  const negSub = only(m.neg, m.substantive);
  const falseRejection = posSub.filter((v) => v < threshold).length / posSub.length;
  const falseAcceptance = negSub.filter((v) => v >= threshold).length / negSub.length;
  // The deployed check as the reply action runs it (every rule, the deployed weights and threshold): true replies
  // that pass the empty/boilerplate rules but are refused as off-topic, and other messages' replies it accepts.
  const deployed = DEFAULT_REPLY_CHECK.minRelevance;
  const verdict = (i: number, reply: string) =>
    checkReply({ title: rows[i]!.title, body: rows[i]!.body }, reply, { normalise: normaliseText });
  let offTopicTrue = 0;
  let acceptedOther = 0;
  test.forEach((i, k) => {
    if (!m.substantive[k]) return;
    const own = verdict(i, rows[i]!.reply);
    if (!own.ok && own.reason === 'off_topic') offTopicTrue += 1;
    if (verdict(i, rows[m.negIndex[k]!]!.reply).ok) acceptedOther += 1;
  });
  const deployedFalseRejection = offTopicTrue / posSub.length;
  const deployedFalseAcceptance = acceptedOther / negSub.length;

  const refused = test.filter((i) => !passesOtherRules(rows[i]!, rows[i]!.reply)).length / test.length;
  let caught = 0;
  for (const i of test) {
    const stock = BOILERPLATE_ONLY[i % BOILERPLATE_ONLY.length]!;
    const r = checkReply(`${rows[i]!.title} ${rows[i]!.body}`, stock);
    if (!r.ok && (r.reason === 'boilerplate' || r.reason === 'empty')) caught += 1;
  }

  const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
  const summary: ReplyEvalSummary = {
    messages: rows.length,
    tuneMessages: tune.length,
    testMessages: test.length,
    auc: round4(auc(m.pos, m.neg)),
    aucSubstantive: round4(auc(posSub, negSub)),
    aucSamePlace: round4(auc(m.posPlace, m.negPlace)),
    aucSamePlaceSubstantive: round4(auc(only(m.posPlace, m.substantivePlace), only(m.negPlace, m.substantivePlace))),
    threshold,
    falseRejection: round4(falseRejection),
    falseAcceptance: round4(falseAcceptance),
    deployedThreshold: deployed,
    deployedFalseRejection: round4(deployedFalseRejection),
    deployedFalseAcceptance: round4(deployedFalseAcceptance),
    trueRepliesRefusedAsEmptyOrBoilerplate: round4(refused),
    boilerplateOnlyCaught: round4(caught / test.length),
    idf: Boolean(options.idf),
    msPerPair: Math.round(msPerPair * 1000) / 1000,
    aucTune: round4(auc(tuned.pos, tuned.neg)),
    fitted: Boolean(options.fit),
    model,
  };
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  const lines = [
    `Messages with replies 有答复的留言: ${rows.length}; tune 调参 ${tune.length}, test 测试 ${test.length} (seed ${seed}${options.idf ? ', IDF from the tune half' : ''}).`,
    `Relevance model 相关度模型 (${options.fit ? 'fitted on the tune half 在调参集上拟合' : 'deployed 部署权重'}): ${JSON.stringify(model)}`,
    `AUC on the tune half 调参集 (weights and threshold chosen there): ${summary.aucTune}; on the held-out test half 测试集 below.`,
    `AUC true reply vs another message's reply 真实答复 vs 随机他人答复:       ${summary.auc} (replies that pass the empty/boilerplate rules: ${summary.aucSubstantive}, ${posSub.length} messages)`,
    `AUC vs a reply to another message of the same place 同地区他人答复: ${summary.aucSamePlace} (passing the other rules: ${summary.aucSamePlaceSubstantive}, ${m.substantivePlace.filter(Boolean).length} of ${m.posPlace.length} messages)`,
    'Threshold trade-off on the test half 阈值取舍 (tune-half target → threshold: true replies refused / other replies let through):',
    ...[0.01, 0.02, 0.05, 0.1].map((target) => {
      const t = Math.floor((tunePos[Math.floor(tunePos.length * target)] ?? 0) * 1000) / 1000;
      const frr = posSub.filter((v) => v < t).length / posSub.length;
      const far = negSub.filter((v) => v >= t).length / negSub.length;
      return `  ${pct(target)} → ${t}: ${pct(frr)} / ${pct(far)}`;
    }),
    `Off-topic threshold 答非所问阈值 (≤ ${pct(maxFalseRejection)} of tune-half true replies refused): ${threshold}; on the test half it refuses ${pct(falseRejection)} of true replies and lets through ${pct(falseAcceptance)} of other messages' replies.`,
    `Deployed check 部署规则 (threshold 阈值 ${deployed}, all rules): refuses ${pct(deployedFalseRejection)} of true replies as off-topic, accepts ${pct(deployedFalseAcceptance)} of other messages' replies.`,
    `True replies refused as empty or boilerplate 真实答复被判为空/套话: ${pct(refused)}; replies cut to stock phrases caught 纯套话检出: ${pct(summary.boilerplateOnlyCaught)}.`,
    `Per pair 每对耗时: ${summary.msPerPair} ms`,
    JSON.stringify(summary),
  ];
  return { lines, summary };
}

/** Adds `eval-replies` to the `classify` command group. */
export function registerReplyEvalCommand(classify: Command): void {
  classify
    .command('eval-replies')
    .description(
      'Measure the reply-quality check on messages with real replies (AUC true vs other reply) / 答复质量评测',
    )
    .requiredOption('--data <csv>', 'messages with replies (title, body, reply)')
    .option('--seed <n>', 'split and draw seed (default 7)', (v) => Number.parseInt(v, 10))
    .option('--idf', 'weigh words by IDF from the tune half (default: flat weights, as deployed)')
    .option('--fit', 'fit the relevance model on the tune half and use it (default: the deployed weights)')
    .action((opts: { data: string; seed?: number; idf?: boolean; fit?: boolean }) => {
      const { lines } = evaluateReplies(readReplyCsv(opts.data), { seed: opts.seed, idf: opts.idf, fit: opts.fit });
      for (const line of lines) console.log(line);
    });
}
