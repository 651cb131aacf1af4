import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** One in-app notice for one account (bigint id: a string on node-postgres, converted in the repository). */
export interface NotificationTable {
  id: Generated<string>;
  recipientUserId: number;
  kind: string;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  objectType: string | null;
  objectId: number | null;
  link: string | null;
  createdAt: Timestamp;
  readAt: NullableTimestamp;
}

/** A text message waiting for (or handed to) the SMS adapter; phone and text encrypted. */
export interface SmsOutboxTable {
  id: Generated<string>;
  phoneEnc: string;
  textEnc: string;
  purpose: string;
  status: Generated<string>;
  attempts: Generated<number>;
  nextAttemptAt: Timestamp;
  lastError: string | null;
  createdAt: Timestamp;
  sentAt: NullableTimestamp;
}

export interface NotifyTables {
  notification: NotificationTable;
  smsOutbox: SmsOutboxTable;
}
