import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;

/** What one request counts for one responsible unit (or, `unitId` null, for its place and category only). */
export interface RequestUnitFactTable {
  requestId: number;
  unitId: number | null;
  tenantCode: string;
  /** 'YYYY-MM', the Shanghai month of receipt. */
  countingMonth: string;
  receivedAt: Timestamp;
  divisionCode: string;
  categoryCode: string | null;
  isPrimary: boolean;
  dispatched: boolean;
  responseOutcome: string;
  responseDueAt: NullableTimestamp;
  handled: boolean;
  acceptedInTime: boolean;
  returned: boolean;
  replied: boolean;
  resolutionOutcome: string;
  resolutionDueAt: NullableTimestamp;
  rated: boolean;
  resolved: boolean;
  satisfaction: string | null;
  satisfactionPoints: number;
  ratingUnrated: boolean;
  reopened: number;
  handlingHours: number | null;
  excluded: boolean;
  bounced: boolean;
  whistleSummoned: boolean;
  whistleOutcome: string;
  whistleDueAt: NullableTimestamp;
}

/** The composite score's weights per county and class of unit. */
export interface RequestMetricWeightTable {
  tenantCode: string;
  unitKind: string;
  response: number;
  resolution: number;
  satisfaction: number;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
  updatedBy: string | null;
}

export interface MetricsTables {
  requestUnitFact: RequestUnitFactTable;
  requestMetricWeight: RequestMetricWeightTable;
}
