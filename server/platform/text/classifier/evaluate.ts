import { type Prediction, seededRandom } from './classifier.js';

export interface EvaluationResult {
  accuracy: number;
  macroF1: number;
  top3Accuracy: number;
  perClassF1: Record<string, number>;
  /** Per true label, how often each label was predicted first. */
  confusion: Record<string, Record<string, number>>;
  count: number;
}

/** Scores ranked predictions against the true labels: accuracy of the first, macro-averaged F1 over the true labels and the model's labels, and whether the truth is among the first three. */
export function evaluatePredictions(
  items: readonly { label: string; predictions: readonly Prediction[] }[],
  labels: readonly string[],
): EvaluationResult {
  const allLabels = [...new Set([...labels, ...items.map((i) => i.label)])].sort();
  const confusion: Record<string, Record<string, number>> = {};
  for (const l of allLabels) confusion[l] = {};
  let correct = 0;
  let top3 = 0;
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const item of items) {
    const first = item.predictions[0]?.label ?? '';
    const row = confusion[item.label]!;
    row[first] = (row[first] ?? 0) + 1;
    if (first === item.label) {
      correct++;
      inc(tp, first);
    } else {
      inc(fn, item.label);
      if (first) inc(fp, first);
    }
    if (item.predictions.slice(0, 3).some((p) => p.label === item.label)) top3++;
  }
  const perClassF1: Record<string, number> = {};
  for (const l of allLabels) {
    const t = tp.get(l) ?? 0;
    const denominator = 2 * t + (fp.get(l) ?? 0) + (fn.get(l) ?? 0);
    perClassF1[l] = denominator === 0 ? 0 : (2 * t) / denominator;
  }
  const f1s = Object.values(perClassF1);
  const n = items.length;
  return {
    accuracy: n ? correct / n : 0,
    macroF1: f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0,
    top3Accuracy: n ? top3 / n : 0,
    perClassF1,
    confusion,
    count: n,
  };
}

/** Splits items per label (stratified) with a seeded shuffle: `ratio` of each label goes to the first part. */
export function stratifiedSplit<T>(
  items: readonly T[],
  labelOf: (item: T) => string,
  ratio: number,
  seed: number,
): { train: T[]; test: T[] } {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  items.forEach((item, i) => {
    const l = labelOf(item);
    byLabel.set(l, [...(byLabel.get(l) ?? []), i]);
  });
  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const members = byLabel.get(label)!;
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    const cut = Math.round(members.length * ratio);
    trainIdx.push(...members.slice(0, cut));
    testIdx.push(...members.slice(cut));
  }
  trainIdx.sort((a, b) => a - b);
  testIdx.sort((a, b) => a - b);
  return { train: trainIdx.map((i) => items[i]!), test: testIdx.map((i) => items[i]!) };
}
