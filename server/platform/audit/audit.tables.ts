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
  /** The chain columns: NULL until the sealer links the committed entry (see audit-sealer.ts). */
  chainSeq: number | null;
  prevHash: string | null;
  hash: string | null;
}

export interface AuditTables {
  auditEntry: AuditEntryTable;
}
