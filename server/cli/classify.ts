import fs from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { tagWorkStyleBacklog, trainRequestClassifier } from '../modules/requests/index.js';
import {
  type ClassifierModel,
  evaluatePredictions,
  parseCsvRecords,
  predict,
  stratifiedSplit,
  type TrainingExample,
  toCsv,
  train,
} from '../platform/text/index.js';
import { CliError, withDeps } from './cli-support.js';
import { registerReplyEvalCommand } from './reply-eval.js';

/** The figures `lianxin classify eval` prints as its last line (one JSON object, for scripts and the README). */
export interface ClassifyEvalSummary {
  accuracy: number;
  macroF1: number;
  top3Accuracy: number;
  trainSeconds: number;
  msPerMessage: number;
  perClassF1: Record<string, number>;
}

/** Reads labelled messages from a CSV with the columns of teddy2020c-train.csv (title, body, category). */
export function readLabelledCsv(file: string): TrainingExample[] {
  if (!fs.existsSync(file)) throw new CliError(`No such file 文件不存在: ${file}`);
  const records = parseCsvRecords(fs.readFileSync(file, 'utf8'));
  if (records.length > 0 && !('body' in records[0]! && 'category' in records[0]!)) {
    throw new CliError(`${file}: the CSV needs the columns title, body, category / 需要 title、body、category 列`);
  }
  return records
    .filter((r) => (r.category ?? '') !== '' && (r.body ?? '') + (r.title ?? '') !== '')
    .map((r) => ({ title: r.title ?? '', text: r.body ?? '', label: r.category! }));
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

/** Trains on one set and measures on the other: the lines to print, the last one the JSON summary. */
export function classifyEval(
  trainSet: readonly TrainingExample[],
  testSet: readonly TrainingExample[],
  seed = 7,
): { lines: string[]; summary: ClassifyEvalSummary; model: ClassifierModel } {
  if (trainSet.length === 0 || testSet.length === 0)
    throw new CliError('Both files need labelled rows / 两个文件都需要有标注的行');
  const t0 = performance.now();
  const model = train(trainSet, { seed });
  const trainSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const items = testSet.map((e) => ({ label: e.label, predictions: predict(model, e, 3) }));
  const msPerMessage = (performance.now() - t1) / testSet.length;
  const r = evaluatePredictions(items, model.labels);
  const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
  const summary: ClassifyEvalSummary = {
    accuracy: round4(r.accuracy),
    macroF1: round4(r.macroF1),
    top3Accuracy: round4(r.top3Accuracy),
    trainSeconds: Math.round(trainSeconds * 100) / 100,
    msPerMessage: Math.round(msPerMessage * 1000) / 1000,
    perClassF1: Object.fromEntries(Object.entries(r.perClassF1).map(([k, v]) => [k, round4(v)])),
  };
  const lines = [
    `Trained on 训练 ${trainSet.length} messages (${model.labels.length} classes, ${model.features.length} features) in ${summary.trainSeconds} s; tested on 测试 ${testSet.length}.`,
    `Accuracy 准确率:        ${pct(r.accuracy)}`,
    `Macro-F1 宏平均F1:      ${pct(r.macroF1)}`,
    `Top-3 accuracy 前三命中: ${pct(r.top3Accuracy)}`,
    `Per message 每条耗时:    ${summary.msPerMessage} ms`,
    'Per-class F1 各类F1:',
    ...Object.entries(r.perClassF1).map(([label, f1]) => `  ${label.padEnd(10, '　')} ${pct(f1)}`),
    JSON.stringify(summary),
  ];
  return { lines, summary, model };
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a non-negative integer');
  return n;
};

/** `lianxin classify eval|split|train`: measure the request classifier on labelled CSV files, and retrain the deployment's model. */
export function registerClassifyCommands(program: Command): void {
  const classify = program.command('classify').description('Request classification / 诉求智能分类');
  registerReplyEvalCommand(classify);
  classify
    .command('eval')
    .description('Train on one CSV (title, body, category) and measure on another / 训练并评测')
    .requiredOption('--train <csv>', 'labelled messages to train on')
    .requiredOption('--test <csv>', 'labelled messages to measure on')
    .option('--seed <n>', 'training seed (default 7)', positiveInt)
    .action((opts: { train: string; test: string; seed?: number }) => {
      const { lines } = classifyEval(readLabelledCsv(opts.train), readLabelledCsv(opts.test), opts.seed);
      for (const line of lines) console.log(line);
    });
  classify
    .command('split')
    .description('Split a labelled CSV per category (stratified, seeded) into train and test files / 分层划分')
    .requiredOption('--in <csv>', 'the labelled CSV')
    .requiredOption('--train <out>', 'where to write the training part')
    .requiredOption('--test <out>', 'where to write the test part')
    .option('--seed <n>', 'shuffle seed (default 42)', positiveInt, 42)
    .option('--ratio <r>', 'share of each category that goes to training (default 0.8)', (v) => {
      const r = Number(v);
      if (!(r > 0 && r < 1)) throw new InvalidArgumentError('a number between 0 and 1');
      return r;
    })
    .action((opts: { in: string; train: string; test: string; seed: number; ratio?: number }) => {
      if (!fs.existsSync(opts.in)) throw new CliError(`No such file 文件不存在: ${opts.in}`);
      const records = parseCsvRecords(fs.readFileSync(opts.in, 'utf8'));
      if (records.length === 0) throw new CliError(`${opts.in}: no rows / 没有数据行`);
      const header = Object.keys(records[0]!);
      const { train: a, test: b } = stratifiedSplit(records, (r) => r.category ?? '', opts.ratio ?? 0.8, opts.seed);
      const write = (file: string, rows: Record<string, string>[]) =>
        fs.writeFileSync(file, toCsv([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]));
      write(opts.train, a);
      write(opts.test, b);
      console.log(`Split 已划分: ${a.length} → ${opts.train}, ${b.length} → ${opts.test} (seed ${opts.seed}).`);
    });
  classify
    .command('train')
    .description("Retrain the request classifier on this deployment's classified requests / 用本地已分类诉求重新训练")
    .action(async () => {
      await withDeps({ migrate: false }, async (deps) => {
        const result = await trainRequestClassifier(deps);
        if (!result.trained) throw new CliError(result.reason);
        console.log(
          `Trained 已训练: model ${result.modelId} on ${result.examples} requests in ${result.metrics.trainSeconds} s; held-out accuracy ${pct(result.metrics.accuracy)}, top-3 ${pct(result.metrics.top3Accuracy)}.`,
        );
      });
    });
  classify
    .command('tag-work-style')
    .description('Tag the stored requests whose text reads as a work-style complaint (作风类) / 补标作风类诉求')
    .action(async () => {
      await withDeps({ migrate: false }, async (deps) => {
        const r = await tagWorkStyleBacklog(deps, { userId: null, name: '命令行 lianxin classify tag-work-style' });
        console.log(`Read 已检查 ${r.read} requests; ${r.tagged} are work-style complaints 作风类 (now all tagged).`);
      });
    });
}
