import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;

/** The current state of a request: a projection rebuilt from `request_event` on every write. */
export interface RequestTable {
  id: Generated<number>;
  tenantCode: string;
  number: string;
  receiptCodeHash: string;
  idempotencyKey: string | null;
  channel: string;
  type: string;
  urgency: Generated<string>;
  title: string | null;
  body: string;
  bodyOriginal: string;
  categoryCode: string | null;
  divisionCode: string;
  address: string | null;
  citizenNameEnc: string | null;
  citizenPhoneEnc: string | null;
  citizenPhoneMask: string | null;
  citizenPhoneHash: string | null;
  state: string;
  leadUnitId: number | null;
  assistUnitIds: Generated<number[]>;
  /** Departments summoned by the whistle (吹哨报到); they see the request. */
  whistleUnitIds: Generated<number[]>;
  /** Units whose approved appeal excludes the request from their rates (核减). */
  ratesExcludedUnitIds: Generated<number[]>;
  appealPending: Generated<boolean>;
  /** The original this duplicate was merged into (重复件合并). */
  mergedIntoId: number | null;
  /** A unit's extension request awaits the dispatcher (the extensions queue). */
  extensionPending: Generated<boolean>;
  /** The disputed queue (争议件): returned by a second unit, or a reply sent back and not answered again. */
  disputed: Generated<boolean>;
  receivedAt: Timestamp;
  acceptedAt: NullableTimestamp;
  responseDeadline: NullableTimestamp;
  resolutionDeadline: NullableTimestamp;
  repliedAt: NullableTimestamp;
  closedAt: NullableTimestamp;
  bounced: Generated<boolean>;
  firstOwnerUserId: number | null;
  searchText: Generated<string>;
  /** The latest reply not sent back, normalised (global search; migration 2026-12-07T0200). */
  replyText: Generated<string>;
  version: Generated<number>;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One event of a request's append-only log (updates and deletes are refused by a trigger). */
export interface RequestEventTable {
  id: Generated<string>;
  tenantCode: string;
  requestId: number;
  seq: number;
  type: string;
  at: Timestamp;
  actorUserId: number | null;
  actorUnitId: number | null;
  actorName: string;
  payload: ColumnType<unknown, string, never>;
}

/** A configured time-limit rule of one county; amounts are `numeric` (strings on node-postgres). */
export interface RequestTimeLimitRuleTable {
  id: Generated<number>;
  tenantCode: string;
  label: string;
  categoryCode: string | null;
  type: string | null;
  urgency: string | null;
  responseAmount: ColumnType<string | number | null, number | null, number | null>;
  responseUnit: string | null;
  resolutionAmount: ColumnType<string | number | null, number | null, number | null>;
  resolutionUnit: string | null;
  returnWindowAmount: ColumnType<string | number | null, number | null, number | null>;
  returnWindowUnit: string | null;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Who last changed the rule (migration 0700). */
  updatedBy: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The last request number issued per Shanghai day. */
export interface RequestNumberSeqTable {
  day: string;
  last: number;
}

export interface RequestsTables {
  request: RequestTable;
  requestEvent: RequestEventTable;
  requestTimeLimitRule: RequestTimeLimitRuleTable;
  requestNumberSeq: RequestNumberSeqTable;
}
