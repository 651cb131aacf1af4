import type { ColumnType, Generated } from 'kysely';

type Json = ColumnType<unknown, string | undefined, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateOnly = ColumnType<string, string, string>;

/** A household of the ledger (民情台账); contact details sealed with the field cipher. */
export interface LiaisonHouseholdTable {
  id: Generated<number>;
  tenantCode: string;
  divisionCode: string;
  address: string;
  headName: string;
  contactNameEnc: string | null;
  contactPhoneEnc: string | null;
  contactPhoneMask: string | null;
  contactPhoneHash: string | null;
  /** HouseholdTag[] */
  tags: Json;
  /** HouseholdMember[] */
  members: Json;
  note: string | null;
  active: Generated<boolean>;
  createdAt: ColumnType<Date, Date | string | undefined, never>;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A cadre paired with a household; ended pairings are kept with their reason and replacement. */
export interface LiaisonPairingTable {
  id: Generated<number>;
  tenantCode: string;
  cadrePersonId: number;
  householdId: number;
  startedAt: Timestamp;
  endedAt: Timestamp | null;
  endReason: string | null;
  replacedById: number | null;
  createdByUserId: number | null;
}

/** One visit (走访); `requestId` is the request a problem found became. */
export interface LiaisonVisitTable {
  id: Generated<number>;
  tenantCode: string;
  cadrePersonId: number;
  householdId: number;
  visitedAt: Timestamp;
  recordedAt: Timestamp;
  form: string;
  learned: string;
  needs: string;
  opinions: string;
  problem: string | null;
  idempotencyKey: string;
  requestId: number | null;
  recordedByUserId: number | null;
}

export interface LiaisonDiaryTable {
  id: Generated<number>;
  tenantCode: string;
  cadrePersonId: number;
  authorUserId: number | null;
  day: DateOnly;
  newProblems: string;
  newIdeas: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface LiaisonCommitmentTable {
  id: Generated<number>;
  tenantCode: string;
  cadrePersonId: number;
  kind: string;
  title: string;
  content: string;
  deadline: DateOnly;
  public: boolean;
  createdAt: Timestamp;
  fulfilledAt: Timestamp | null;
  evidence: string | null;
  ratingCount: Generated<number>;
  ratingTotal: Generated<number>;
}

export interface LiaisonDeedTable {
  id: Generated<number>;
  tenantCode: string;
  cadrePersonId: number;
  householdId: number | null;
  title: string;
  description: string;
  doneOn: DateOnly;
  beneficiaries: number;
  /** Aid money in fen (分); bigint, cast to int8 → number in the repository. */
  aidFen: ColumnType<string | number, number, number>;
  createdAt: Timestamp;
}

export interface LiaisonPartyMemberReportTable {
  id: Generated<number>;
  tenantCode: string;
  personId: number;
  communityCode: string;
  post: string;
  registeredOn: DateOnly;
  /** PartyService[] */
  services: Json;
  appraisal: string | null;
}

export interface LiaisonCallbackBatchTable {
  id: Generated<number>;
  tenantCode: string;
  seed: string;
  periodFrom: DateOnly;
  periodTo: DateOnly;
  size: number;
  createdAt: Timestamp;
  createdByUserId: number | null;
}

export interface LiaisonCallbackTable {
  id: Generated<number>;
  batchId: number;
  visitId: number;
  outcome: Generated<string>;
  note: string | null;
  recordedAt: Timestamp | null;
  recordedByUserId: number | null;
}

export interface LiaisonSettingTable {
  tenantCode: string;
  quotaRule: Json;
  updatedAt: Timestamp;
}

export interface LiaisonTables {
  liaisonHousehold: LiaisonHouseholdTable;
  liaisonPairing: LiaisonPairingTable;
  liaisonVisit: LiaisonVisitTable;
  liaisonDiary: LiaisonDiaryTable;
  liaisonCommitment: LiaisonCommitmentTable;
  liaisonDeed: LiaisonDeedTable;
  liaisonPartyMemberReport: LiaisonPartyMemberReportTable;
  liaisonCallbackBatch: LiaisonCallbackBatchTable;
  liaisonCallback: LiaisonCallbackTable;
  liaisonSetting: LiaisonSettingTable;
}
