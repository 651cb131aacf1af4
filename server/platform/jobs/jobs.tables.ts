import type { ColumnType } from 'kysely';

export interface JobLeaseTable {
  name: string;
  holder: string;
  expiresAt: ColumnType<Date, Date | string, Date | string>;
}

export interface JobTables {
  jobLease: JobLeaseTable;
}
