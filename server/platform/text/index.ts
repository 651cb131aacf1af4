export {
  type ClassifierInput,
  type ClassifierModel,
  type EvaluationResult,
  evaluatePredictions,
  type Prediction,
  parseCsvRecords,
  predict,
  stratifiedSplit,
  type TrainingExample,
  type TrainOptions,
  toCsv,
  train,
} from './classifier/index.js';
export {
  CLUSTER_DEFAULTS,
  type ClusterItem,
  type ClusterOptions,
  clusterItems,
  type PeriodCluster,
  periodClusters,
} from './hot-clusters.js';
export {
  bandKeys,
  isEmptySignature,
  jaccard,
  LSH_BANDS,
  LSH_ROWS,
  MINHASH_SIZE,
  minHashOf,
  signatureSimilarity,
  type TextSignature,
  textFeatures,
  textSignature,
} from './near-duplicate.js';
export { normaliseText } from './normalise.js';
export { buildSearchText, type NamePinyin, pinyinOf } from './pinyin.js';
export { type TokeniseOptions, tokenise } from './tokenise.js';
export {
  detectWorkStyle,
  WORK_STYLE_KINDS,
  type WorkStyleKind,
  type WorkStyleResult,
  type WorkStyleSignal,
} from './work-style.js';
