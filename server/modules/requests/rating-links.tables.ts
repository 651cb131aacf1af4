import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A one-time rating link (回访链接): only the token's SHA-256 is kept. */
export interface RequestRatingLinkTable {
  tokenHash: string;
  tenantCode: string;
  requestId: number;
  /** The reply round (1 = first reply) the link rates; a later reply gets its own link. */
  replyRound: number;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  usedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface RatingLinkTables {
  requestRatingLink: RequestRatingLinkTable;
}
