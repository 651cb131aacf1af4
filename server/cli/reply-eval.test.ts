import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPLY_RELEVANCE_MODEL } from '../modules/requests/index.js';
import { toCsv } from '../platform/text/index.js';
import { auc, evaluateReplies, type ReplyRow, readReplyCsv } from './reply-eval.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REPLIES = path.join(REPO_ROOT, '..', 'shared', 'data', 'teddy2020c-replies-train.csv');

// Made-up messages: each about one place and one problem, each reply naming them.
const PLACES = [
  '幸福小区',
  '东风路',
  '红星村',
  '实验小学',
  '人民医院',
  '长乐街',
  '城关镇',
  '青石桥',
  '河西菜市场',
  '南湖公园',
];
const PROBLEMS = ['路灯不亮', '污水外溢', '噪音扰民', '占道经营', '垃圾堆积', '井盖破损', '停车收费', '拖欠工资'];
function synthetic(n: number): ReplyRow[] {
  return Array.from({ length: n }, (_, i) => {
    const place = PLACES[i % PLACES.length]!;
    const problem = PROBLEMS[(i * 3) % PROBLEMS.length]!;
    return {
      title: `${place}${problem}`,
      body: `${place}附近${problem}已经很久了，希望有关部门尽快处理（第${i}号）。`,
      reply:
        i % 10 === 0
          ? '网友：您好！您反映的问题已转相关部门调查核处。'
          : `网友：您好！经查，${place}${problem}属实，已于本周整改到位，第${i}号诉求办结。`,
    };
  });
}

describe('auc', () => {
  it('is 1 when every positive scores higher, 0.5 for ties, 0 when every negative does', () => {
    expect(auc([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(auc([0.5, 0.5], [0.5, 0.5])).toBe(0.5);
    expect(auc([0.1], [0.9])).toBe(0);
    expect(auc([0.9, 0.1], [0.5])).toBe(0.5);
  });
});

describe('lianxin classify eval-replies', () => {
  it('prints its figures with one JSON object as the last line, and is the same on every run', () => {
    const rows = synthetic(120);
    const { lines, summary } = evaluateReplies(rows);
    const last = JSON.parse(lines.at(-1)!);
    expect(Object.keys(last)).toEqual([
      'messages',
      'tuneMessages',
      'testMessages',
      'auc',
      'aucSubstantive',
      'aucSamePlace',
      'aucSamePlaceSubstantive',
      'threshold',
      'falseRejection',
      'falseAcceptance',
      'deployedThreshold',
      'deployedFalseRejection',
      'deployedFalseAcceptance',
      'trueRepliesRefusedAsEmptyOrBoilerplate',
      'boilerplateOnlyCaught',
      'idf',
      'msPerPair',
      'aucTune',
      'fitted',
      'model',
    ]);
    expect(last).toMatchObject({ messages: 120, tuneMessages: 60, testMessages: 60 });
    // Replies that name their place and problem are told from other messages' replies.
    expect(summary.aucSubstantive).toBeGreaterThan(0.9);
    // The forwarding-only replies (one in ten) are caught as boilerplate.
    expect(summary.trueRepliesRefusedAsEmptyOrBoilerplate).toBeGreaterThan(0.05);
    expect(summary.boilerplateOnlyCaught).toBe(1);
    const again = evaluateReplies(rows).summary;
    expect({ ...again, msPerPair: 0 }).toEqual({ ...summary, msPerPair: 0 });
  });

  it('with --fit, fits the weights on the tune half (the same on every run) and says so', () => {
    const rows = synthetic(120);
    const fitted = evaluateReplies(rows, { fit: true }).summary;
    expect(fitted.fitted).toBe(true);
    expect(fitted.model.cosine).toBeGreaterThan(0);
    expect(evaluateReplies(rows, { fit: true }).summary.model).toEqual(fitted.model);
    expect(fitted.aucSubstantive).toBeGreaterThan(0.9);
    expect(evaluateReplies(rows).summary).toMatchObject({ fitted: false, model: REPLY_RELEVANCE_MODEL });
  });

  it('reads the columns title, body, reply from a CSV and refuses a CSV without them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-replies-'));
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(
      good,
      toCsv([
        ['id', 'title', 'body', 'reply'],
        ['1', '路灯', '路灯坏了', '路灯已修复'],
        ['2', '', '', '无'],
      ]),
    );
    expect(readReplyCsv(good)).toEqual([{ title: '路灯', body: '路灯坏了', reply: '路灯已修复' }]);
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      toCsv([
        ['title', 'text'],
        ['a', 'b'],
      ]),
    );
    expect(() => readReplyCsv(bad)).toThrow(/title, body, reply/);
    expect(() => readReplyCsv(path.join(dir, 'missing.csv'))).toThrow(/No such file/);
  });
});

describe.skipIf(!fs.existsSync(REPLIES))('on real replies (../shared/data/teddy2020c-replies-train.csv)', () => {
  it('tells a message’s true reply from another message’s with AUC ≥ 0.95 on the held-out half, over all messages', () => {
    const { summary } = evaluateReplies(readReplyCsv(REPLIES));
    expect(summary.messages).toBeGreaterThan(2000);
    expect(summary.auc).toBeGreaterThanOrEqual(0.95);
    expect(summary.aucSubstantive).toBeGreaterThanOrEqual(0.95);
    // A real handler's good reply is rarely refused as off-topic.
    expect(summary.deployedFalseRejection).toBeLessThan(0.05);
  }, 120_000);
});
