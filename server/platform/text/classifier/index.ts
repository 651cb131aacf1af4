export {
  type ClassifierInput,
  type ClassifierModel,
  type Prediction,
  predict,
  seededRandom,
  type TrainingExample,
  type TrainOptions,
  train,
} from './classifier.js';
export { parseCsv, parseCsvRecords, toCsv } from './csv.js';
export { type EvaluationResult, evaluatePredictions, stratifiedSplit } from './evaluate.js';
