import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** What the portal adds to a request it took in (the consent time, the cadre of a liaison contact card). */
export interface PortalSubmissionTable {
  requestId: number;
  consentedAt: Timestamp;
  cadrePersonId: number | null;
}

/**
 * An anonymous misconduct report (举报). No IP address, user agent or session is ever stored; the creation is kept as
 * a date only. The receipt is `lookupId` + a secret, of which only a slow hash is kept.
 */
export interface MisconductReportTable {
  id: Generated<number>;
  lookupId: string;
  secretHash: string;
  tenantCode: string | null;
  divisionCode: string | null;
  /** Whom or which unit the report is about, as the reporter wrote it. */
  subject: string;
  body: string;
  /** The reporter's identity (optional), sealed with the discipline key (not the main key). */
  reporterIdentityEnc: string | null;
  state: Generated<string>;
  createdOn: ColumnType<string, string, string>;
}

export interface MisconductMessageTable {
  id: Generated<number>;
  reportId: number;
  author: 'inspector' | 'reporter';
  authorUserId: number | null;
  body: string;
  createdAt: Timestamp;
}

export interface MisconductFileTable {
  id: string;
  reportId: number;
  sha256: string;
  mime: string;
  size: number;
}

export interface Open311ApiKeyTable {
  id: Generated<number>;
  name: string;
  keyHash: string;
  createdAt: Timestamp;
  revokedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface Open311RequestTable {
  token: string;
  requestId: number;
  apiKeyId: number;
  createdAt: Timestamp;
}

export interface PortalTables {
  portalSubmission: PortalSubmissionTable;
  misconductReport: MisconductReportTable;
  misconductMessage: MisconductMessageTable;
  misconductFile: MisconductFileTable;
  open311ApiKey: Open311ApiKeyTable;
  open311Request: Open311RequestTable;
}
