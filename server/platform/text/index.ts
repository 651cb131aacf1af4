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
