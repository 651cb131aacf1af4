import { extractFeatures } from './features.js';

/** What is classified: a message's body and, when it has one, its title. */
export interface ClassifierInput {
  title?: string | null;
  text: string;
}

/** One labelled message. */
export interface TrainingExample extends ClassifierInput {
  label: string;
}

export interface TrainOptions {
  /** Seed of the shuffles (same examples + same seed → the same model, byte for byte). */
  seed?: number;
  /** Passes of stochastic gradient descent over the examples. */
  epochs?: number;
  /** L2 regularisation strength. */
  lambda?: number;
  /** Features seen in fewer documents are dropped (noise, and a smaller model). */
  minDocumentFrequency?: number;
  /** Share of the examples held back to fit the softmax temperature (confidence calibration); 0 skips it. */
  calibrationShare?: number;
  /** Weigh examples inversely to their category's frequency. */
  balanced?: boolean;
}

/**
 * A trained classifier, plain JSON: multinomial logistic regression over TF-IDF weighted features (jieba words and
 * character bigrams). `weights` is feature-major: weight of feature f for label l at `f * labels.length + l`.
 */
export interface ClassifierModel {
  format: 'lianxin-tfidf-softmax-v1';
  labels: string[];
  features: string[];
  idf: number[];
  weights: number[];
  bias: number[];
  /** Softmax temperature fitted on held-back examples so that confidences match observed accuracy. */
  temperature: number;
  examples: number;
}

export interface Prediction {
  label: string;
  confidence: number;
}

const DEFAULTS: Required<TrainOptions> = {
  seed: 7,
  epochs: 12,
  lambda: 2e-5,
  minDocumentFrequency: 2,
  calibrationShare: 0.1,
  balanced: true,
};

interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

/** Small deterministic PRNG (mulberry32): training never depends on Math.random. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffleInPlace<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

function countFeatures(features: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of features) counts.set(f, (counts.get(f) ?? 0) + 1);
  return counts;
}

/** Sublinear term frequency × idf, L2-normalised; features outside the vocabulary are ignored. */
function vectorise(counts: Map<string, number>, index: Map<string, number>, idf: ArrayLike<number>): SparseVector {
  const pairs: [number, number][] = [];
  let norm = 0;
  for (const [feature, count] of counts) {
    const i = index.get(feature);
    if (i === undefined) continue;
    const value = (1 + Math.log(count)) * idf[i]!;
    pairs.push([i, value]);
    norm += value * value;
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return {
    indices: Int32Array.from(pairs, (p) => p[0]),
    values: Float64Array.from(pairs, (p) => p[1] * scale),
  };
}

function scores(
  x: SparseVector,
  weights: ArrayLike<number>,
  bias: ArrayLike<number>,
  labelCount: number,
  out: Float64Array,
): void {
  for (let l = 0; l < labelCount; l++) out[l] = bias[l]!;
  for (let k = 0; k < x.indices.length; k++) {
    const base = x.indices[k]! * labelCount;
    const v = x.values[k]!;
    for (let l = 0; l < labelCount; l++) out[l]! += weights[base + l]! * v;
  }
}

function softmaxInPlace(z: Float64Array, temperature = 1): void {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let l = 0; l < z.length; l++) {
    z[l] = Math.exp((z[l]! - max) / temperature);
    sum += z[l]!;
  }
  for (let l = 0; l < z.length; l++) z[l]! /= sum;
}

interface LinearFit {
  weights: Float64Array;
  bias: Float64Array;
}

/**
 * Multinomial logistic regression by stochastic gradient descent with L2 regularisation. The weight decay is kept as
 * one scale factor (W = scale · V) so each step touches only the example's non-zero features.
 */
function fitSoftmax(
  xs: SparseVector[],
  ys: number[],
  featureCount: number,
  labelCount: number,
  options: Required<TrainOptions>,
): LinearFit {
  const v = new Float64Array(featureCount * labelCount);
  const bias = new Float64Array(labelCount);
  const z = new Float64Array(labelCount);
  const random = seededRandom(options.seed);
  const order = xs.map((_, i) => i);
  const { lambda } = options;
  // Balanced class weights: a rare category's examples weigh more, so macro-F1 is not sacrificed to the big ones.
  const perLabel = new Float64Array(labelCount);
  for (const y of ys) perLabel[y]!++;
  const classWeight = Array.from(perLabel, (c) => (options.balanced && c > 0 ? ys.length / (labelCount * c) : 1));
  const eta0 = 0.5;
  let scale = 1;
  let t = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const i of order) {
      const x = xs[i]!;
      const eta = eta0 / (1 + eta0 * lambda * t);
      t++;
      for (let l = 0; l < labelCount; l++) z[l] = bias[l]!;
      for (let k = 0; k < x.indices.length; k++) {
        const base = x.indices[k]! * labelCount;
        const xv = x.values[k]! * scale;
        for (let l = 0; l < labelCount; l++) z[l]! += v[base + l]! * xv;
      }
      softmaxInPlace(z);
      z[ys[i]!]! -= 1; // gradient of the log-loss with respect to the scores
      const cw = classWeight[ys[i]!]!;
      for (let l = 0; l < labelCount; l++) z[l]! *= cw;
      scale *= 1 - eta * lambda;
      const step = eta / scale;
      for (let k = 0; k < x.indices.length; k++) {
        const base = x.indices[k]! * labelCount;
        const xv = x.values[k]! * step;
        for (let l = 0; l < labelCount; l++) v[base + l]! -= z[l]! * xv;
      }
      for (let l = 0; l < labelCount; l++) bias[l]! -= eta * z[l]!;
      if (scale < 1e-9) {
        for (let j = 0; j < v.length; j++) v[j]! *= scale;
        scale = 1;
      }
    }
  }
  for (let j = 0; j < v.length; j++) v[j]! *= scale;
  return { weights: v, bias };
}

/** The temperature (grid search) that minimises the log-loss on held-back examples: the usual temperature scaling. */
function fitTemperature(xs: SparseVector[], ys: number[], fit: LinearFit, labelCount: number): number {
  if (xs.length === 0) return 1;
  const logits = xs.map((x) => {
    const z = new Float64Array(labelCount);
    scores(x, fit.weights, fit.bias, labelCount, z);
    return z;
  });
  let best = 1;
  let bestLoss = Number.POSITIVE_INFINITY;
  const z = new Float64Array(labelCount);
  for (let temperature = 0.2; temperature <= 3.0001; temperature += 0.05) {
    let loss = 0;
    for (let i = 0; i < logits.length; i++) {
      z.set(logits[i]!);
      softmaxInPlace(z, temperature);
      loss -= Math.log(Math.max(z[ys[i]!]!, 1e-12));
    }
    if (loss < bestLoss) {
      bestLoss = loss;
      best = Math.round(temperature * 100) / 100;
    }
  }
  return best;
}

/** Rounds weights so the stored model stays small; 5 significant decimals change no prediction in practice. */
const round = (x: number) => Math.round(x * 1e5) / 1e5;

/**
 * Trains a classifier from labelled messages. Deterministic: the vocabulary is sorted and every shuffle uses the seed.
 * A stratified share is held back first to fit the confidence temperature; the final weights are then fitted on all
 * examples.
 */
export function train(examples: readonly TrainingExample[], options: TrainOptions = {}): ClassifierModel {
  const opts = { ...DEFAULTS, ...options };
  if (examples.length === 0) throw new Error('train: no examples');
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const counted = examples.map((e) => countFeatures(extractFeatures(e.text, e.title ?? '')));

  const documentFrequency = new Map<string, number>();
  for (const counts of counted) {
    for (const f of counts.keys()) documentFrequency.set(f, (documentFrequency.get(f) ?? 0) + 1);
  }
  const features = [...documentFrequency]
    .filter(([, df]) => df >= opts.minDocumentFrequency)
    .map(([f]) => f)
    .sort();
  const featureIndex = new Map(features.map((f, i) => [f, i]));
  const n = examples.length;
  const idf = Float64Array.from(features, (f) => Math.log((1 + n) / (1 + documentFrequency.get(f)!)) + 1);
  const xs = counted.map((c) => vectorise(c, featureIndex, idf));
  const ys = examples.map((e) => labelIndex.get(e.label)!);

  let temperature = 1;
  if (opts.calibrationShare > 0 && n >= 50) {
    const random = seededRandom(opts.seed + 1);
    const held = new Set<number>();
    for (let l = 0; l < labels.length; l++) {
      const members = ys.flatMap((y, i) => (y === l ? [i] : []));
      shuffleInPlace(members, random);
      for (const i of members.slice(0, Math.floor(members.length * opts.calibrationShare))) held.add(i);
    }
    const trainIdx = ys.flatMap((_, i) => (held.has(i) ? [] : [i]));
    const heldIdx = [...held].sort((a, b) => a - b);
    const partial = fitSoftmax(
      trainIdx.map((i) => xs[i]!),
      trainIdx.map((i) => ys[i]!),
      features.length,
      labels.length,
      opts,
    );
    temperature = fitTemperature(
      heldIdx.map((i) => xs[i]!),
      heldIdx.map((i) => ys[i]!),
      partial,
      labels.length,
    );
  }
  const fit = fitSoftmax(xs, ys, features.length, labels.length, opts);

  return {
    format: 'lianxin-tfidf-softmax-v1',
    labels,
    features,
    idf: Array.from(idf, round),
    weights: Array.from(fit.weights, round),
    bias: Array.from(fit.bias, round),
    temperature,
    examples: n,
  };
}

const indexCache = new WeakMap<ClassifierModel, Map<string, number>>();

function featureIndexOf(model: ClassifierModel): Map<string, number> {
  let index = indexCache.get(model);
  if (!index) {
    index = new Map(model.features.map((f, i) => [f, i]));
    indexCache.set(model, index);
  }
  return index;
}

/** The most likely labels for a message, best first, with confidences (temperature-scaled softmax, summing to 1 over all labels). */
export function predict(model: ClassifierModel, input: ClassifierInput | string, k = 3): Prediction[] {
  const { text, title } = typeof input === 'string' ? { text: input, title: '' } : input;
  const labelCount = model.labels.length;
  const x = vectorise(countFeatures(extractFeatures(text, title ?? '')), featureIndexOf(model), model.idf);
  const z = new Float64Array(labelCount);
  scores(x, model.weights, model.bias, labelCount, z);
  softmaxInPlace(z, model.temperature);
  return model.labels
    .map((label, i) => ({ label, confidence: z[i]! }))
    .sort((a, b) => b.confidence - a.confidence || a.label.localeCompare(b.label))
    .slice(0, k);
}
