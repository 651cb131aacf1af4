import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A trained request classifier: the model as gzip-compressed JSON, the number of requests it learnt from, its figures. */
export interface ClassifierModelTable {
  id: Generated<number>;
  trainedAt: Timestamp;
  examples: number;
  metrics: JSONColumnType<Record<string, unknown>, string, string>;
  model: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
}

/** A request tagged at intake as a work-style complaint (作风类), with the kinds and the signals that fired. */
export interface RequestWorkStyleTable {
  requestId: number;
  tenantCode: string;
  kinds: string[];
  signals: JSONColumnType<{ kind: string; signal: string; match: string }[], string, string>;
  detectedAt: Timestamp;
}

export interface ClassificationTables {
  classifierModel: ClassifierModelTable;
  requestWorkStyle: RequestWorkStyleTable;
}
