import type { ColumnType } from 'kysely';

/** A county's request settings (办理规则); NULL columns mean the built-in default. */
export interface RequestSettingTable {
  tenantCode: string;
  policy: ColumnType<unknown, string | null, string | null>;
  ladder: ColumnType<unknown, string | null, string | null>;
  ratingWindowDays: number | null;
  unratedCountsAs: string | null;
  version: ColumnType<number, number | undefined, number>;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
  updatedBy: string | null;
}

export interface RequestSettingTables {
  requestSetting: RequestSettingTable;
}
