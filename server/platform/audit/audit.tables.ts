import type { ColumnType, Generated } from 'kysely';

export interface AuditEntryTable {
  id: Generated<number>;
  at: ColumnType<Date, Date | string, never>;
  actorUserId: number | null;
  actorName: string;
  action: string;
  objectType: string;
  objectId: string | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  detail: ColumnType<unknown, string | null, never>;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditTables {
  auditEntry: AuditEntryTable;
}
