import type { ColumnType, Generated } from 'kysely';

type Json = ColumnType<unknown, string, never>;

/** One published (frozen) version of a county's monthly ranking of one class of unit; never updated. */
export interface PublishedRankingTable {
  id: Generated<number>;
  tenantCode: string;
  countyName: string;
  /** 'YYYY-MM', the counting month. */
  month: string;
  unitKind: string;
  version: number;
  publishedAt: ColumnType<Date, Date | string, never>;
  publishedByUserId: number | null;
  publishedBy: string;
  note: string | null;
  reason: string | null;
  /** MetricWeights in force when published. */
  weights: Json;
  minVolume: number;
  /** FrozenRankingRow[]: every unit of the class with requests in the month, ranked first. */
  rows: Json;
  /** Unit ids of the red list (best first) and the black list (worst first). */
  redList: Json;
  blackList: Json;
}

export interface ReportsTables {
  publishedRanking: PublishedRankingTable;
}
