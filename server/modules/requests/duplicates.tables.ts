import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A request's MinHash text signature (64 int4), for scoring duplicates and clustering hot topics. */
export interface RequestTextSignatureTable {
  requestId: number;
  receivedAt: Timestamp;
  signature: number[];
}

/** One LSH band key of a request's text signature (16 rows per request with text). */
export interface RequestTextBandTable {
  bandKey: number;
  receivedAt: Timestamp;
  requestId: number;
}

export interface DuplicateTables {
  requestTextSignature: RequestTextSignatureTable;
  requestTextBand: RequestTextBandTable;
}
