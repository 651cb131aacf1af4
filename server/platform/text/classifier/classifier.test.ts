import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { predict, type TrainingExample, train } from './classifier.js';
import { parseCsv, parseCsvRecords, toCsv } from './csv.js';
import { evaluatePredictions, stratifiedSplit } from './evaluate.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const DATA_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'data');
const TEDDY = path.join(DATA_DIR, 'teddy2020c-train.csv');

// A tiny hand-written corpus: three categories with their own vocabulary.
const SMALL: TrainingExample[] = [
  ...[
    '小区门口的路灯坏了好几天晚上一片漆黑',
    '道路施工挖开后一直没有回填',
    '楼下下水道堵塞污水漫到路面',
    '小区电梯经常故障物业不维修',
    '老旧小区改造工程进度缓慢',
    '路面塌陷形成大坑车辆无法通行',
  ].map((text) => ({ text, label: '城乡建设' })),
  ...[
    '学校食堂饭菜质量差孩子吃不饱',
    '幼儿园收费太高且乱收费',
    '中学补课收费要求家长交钱',
    '学校校车超载存在安全隐患',
    '老师体罚学生家长要求处理',
    '小学入学划片不合理孩子上学远',
  ].map((text) => ({ text, label: '教育文体' })),
  ...[
    '工厂排放黑烟气味刺鼻',
    '河道被倒入垃圾河水发臭',
    '夜间工地施工噪音扰民无法入睡',
    '养猪场污水直排污染农田',
    '化工厂废气污染周边空气',
    '砂石场粉尘污染严重',
  ].map((text) => ({ text, label: '环境保护' })),
];

describe('request classifier', () => {
  it('training is deterministic: the same examples and seed give the same model, byte for byte', () => {
    const a = train(SMALL, { seed: 3 });
    const b = train(SMALL, { seed: 3 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = train(SMALL, { seed: 4 });
    expect(JSON.stringify(c.weights)).not.toBe(JSON.stringify(a.weights));
  });

  it.each([
    ['我家小区的路灯坏了', '城乡建设'],
    ['孩子学校乱收费', '教育文体'],
    ['化工厂排放废气污染空气', '环境保护'],
    ['學校食堂飯菜質量差', '教育文体'], // traditional characters are read as simplified
  ])('a new message about a known matter gets its category first: %s → %s', (text, expected) => {
    const model = train(SMALL, { minDocumentFrequency: 1 });
    expect(predict(model, text)[0]!.label).toBe(expected);
  });

  it('gives the top k labels, best first, with confidences between 0 and 1 summing to 1 over all labels', () => {
    const model = train(SMALL, { minDocumentFrequency: 1 });
    const top3 = predict(model, { title: '噪音扰民', text: '工地夜间施工' }, 3);
    expect(top3.map((p) => p.label)[0]).toBe('环境保护');
    expect(top3).toHaveLength(3);
    for (let i = 1; i < top3.length; i++) expect(top3[i - 1]!.confidence).toBeGreaterThanOrEqual(top3[i]!.confidence);
    expect(top3.reduce((s, p) => s + p.confidence, 0)).toBeCloseTo(1, 6);
    expect(predict(model, '工地夜间施工', 1)).toHaveLength(1);
  });

  it('a model stored as JSON and read back predicts the same', () => {
    const model = train(SMALL, { minDocumentFrequency: 1 });
    const restored = JSON.parse(JSON.stringify(model));
    expect(predict(restored, '河水发臭')).toEqual(predict(model, '河水发臭'));
  });

  it('text without any known feature falls back to the prior instead of failing', () => {
    const model = train(SMALL, { minDocumentFrequency: 1 });
    const p = predict(model, 'xyz');
    expect(p).toHaveLength(3);
    expect(p.every((x) => Number.isFinite(x.confidence))).toBe(true);
  });

  it('refuses to train without examples', () => {
    expect(() => train([])).toThrow(/no examples/);
  });
});

describe('evaluation', () => {
  it('accuracy, per-class and macro F1 and top-3 accuracy as defined', () => {
    const p = (...labels: string[]) => labels.map((label) => ({ label, confidence: 0 }));
    const r = evaluatePredictions(
      [
        { label: 'A', predictions: p('A', 'B', 'C') },
        { label: 'A', predictions: p('B', 'A', 'C') },
        { label: 'B', predictions: p('B', 'A', 'C') },
        { label: 'C', predictions: p('A', 'B', 'D', 'C') },
      ],
      ['A', 'B', 'C'],
    );
    expect(r.accuracy).toBe(0.5);
    expect(r.top3Accuracy).toBe(0.75);
    // A: tp 1, fp 1, fn 1 → 0.5; B: tp 1, fp 1 → 2/3; C: tp 0 → 0
    expect(r.perClassF1).toEqual({ A: 0.5, B: 2 / 3, C: 0 });
    expect(r.macroF1).toBeCloseTo((0.5 + 2 / 3) / 3, 10);
    expect(r.confusion.C).toEqual({ A: 1 });
  });

  it('the stratified split keeps each category’s share and is reproducible with its seed', () => {
    const items = [...Array.from({ length: 50 }, (_, i) => `a${i}`), ...Array.from({ length: 10 }, (_, i) => `b${i}`)];
    const label = (s: string) => s[0]!;
    const s1 = stratifiedSplit(items, label, 0.8, 1);
    expect(s1.train.filter((x) => x.startsWith('a'))).toHaveLength(40);
    expect(s1.train.filter((x) => x.startsWith('b'))).toHaveLength(8);
    expect(new Set([...s1.train, ...s1.test]).size).toBe(60);
    expect(stratifiedSplit(items, label, 0.8, 1)).toEqual(s1);
    expect(stratifiedSplit(items, label, 0.8, 2).test).not.toEqual(s1.test);
  });
});

describe('csv', () => {
  it('reads quoted fields with commas, quotes and line breaks, and writes them back', () => {
    const text = '\uFEFFtitle,body,category\r\n"路灯,坏了","他说""快修""\n谢谢",城乡建设\r\n';
    expect(parseCsvRecords(text)).toEqual([{ title: '路灯,坏了', body: '他说"快修"\n谢谢', category: '城乡建设' }]);
    expect(parseCsv(toCsv(parseCsv(text.slice(1))))).toEqual(parseCsv(text.slice(1)));
  });
});

describe.skipIf(!fs.existsSync(TEDDY))('on real citizen messages (../shared/data/teddy2020c-train.csv)', () => {
  it('learns the 7 categories from 2,000 messages well enough to rank the right one first on most unseen ones', () => {
    const examples = parseCsvRecords(fs.readFileSync(TEDDY, 'utf8')).map((r) => ({
      title: r.title,
      text: r.body ?? '',
      label: r.category ?? '',
    }));
    const { train: rest, test } = stratifiedSplit(examples, (e) => e.label, 0.8, 42);
    const small = stratifiedSplit(rest, (e) => e.label, 2000 / rest.length, 1).train;
    const model = train(small, { epochs: 8 });
    const sample = stratifiedSplit(test, (e) => e.label, 0.5, 1).test;
    const r = evaluatePredictions(
      sample.map((e) => ({ label: e.label, predictions: predict(model, e) })),
      model.labels,
    );
    expect(model.labels).toHaveLength(7);
    expect(r.macroF1).toBeGreaterThan(0.8);
    expect(r.top3Accuracy).toBeGreaterThan(0.97);
  }, 120_000);
});

if (!fs.existsSync(TEDDY)) console.warn(`classifier: ${TEDDY} is absent, the real-data test is skipped`);
