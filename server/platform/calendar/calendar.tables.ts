import type { ColumnType } from 'kysely';

export interface CalendarDayTable {
  /** 'YYYY-MM-DD' (dates are returned as strings by both drivers). */
  day: string;
  isWorking: boolean;
  kind: 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';
  name: string | null;
  source: 'chinese-days' | 'override';
  updatedBy: number | null;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CalendarYearTable {
  year: number;
  confirmed: boolean;
  source: string;
}

export interface CalendarTables {
  calendarDay: CalendarDayTable;
  calendarYear: CalendarYearTable;
}
