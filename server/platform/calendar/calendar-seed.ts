/*
 * The official holiday schedule (国务院办公厅 节假日安排) as published by the chinese-days package.
 *
 * The package's per-day API (getDayDetail, isWorkday) parses dates in the process's local time zone, so this module
 * reads the data file it ships instead: `dist/chinese-days.json` maps each holiday and each adjusted working day
 * (调休上班) to "English name,中文名,n". It is the same data the API is generated from; a test checks they agree.
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarDayKind } from '../../../contracts/calendar.js';
import { addCalendarDays, dayOfWeek } from './domain/working-days.js';

export type { CalendarDayKind };

export interface OfficialCalendarDay {
  /** 'YYYY-MM-DD'. */
  day: string;
  isWorking: boolean;
  kind: CalendarDayKind;
  /** Chinese festival name for holidays and adjusted working days (e.g. '国庆节'), otherwise null. */
  name: string | null;
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const data: ChineseDaysData = chineseDaysData;

let coveredYears: number[] | undefined;

/** Lists the years for which the package has the official holiday schedule (every published year has New Year's Day off, so a year with no holiday entry has not been published or is not in this package version). */
export function officialYearsCovered(): number[] {
  coveredYears ??= [...new Set(Object.keys(data.holidays).map((day) => Number(day.slice(0, 4))))].sort((a, b) => a - b);
  return [...coveredYears];
}

/** Tells whether the official holiday schedule of a year is known; an unconfirmed year falls back to Monday–Friday until the State Council publishes it (usually in November of the year before). */
export function isOfficialYearCovered(year: number): boolean {
  return officialYearsCovered().includes(year);
}

/** Lists every day of a year with its official status: holidays and adjusted working days (调休上班) from the State Council schedule, other days by weekday; for a year not covered every day is a plain workday or weekend. */
export function officialCalendarDays(year: number): OfficialCalendarDay[] {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`officialCalendarDays: invalid year ${year}`);
  }
  const days: OfficialCalendarDay[] = [];
  const last = `${year}-12-31`;
  for (let day = `${year}-01-01`; ; day = addCalendarDays(day, 1)) {
    days.push(classifyDay(day));
    if (day === last) return days;
  }
}

function classifyDay(day: string): OfficialCalendarDay {
  const holiday = data.holidays[day];
  if (holiday !== undefined) return { day, isWorking: false, kind: 'holiday', name: readChineseName(holiday) };
  const workday = data.workdays[day];
  if (workday !== undefined) return { day, isWorking: true, kind: 'adjusted_workday', name: readChineseName(workday) };
  const weekday = dayOfWeek(day);
  const isWeekend = weekday === 0 || weekday === 6;
  return { day, isWorking: !isWeekend, kind: isWeekend ? 'weekend' : 'workday', name: null };
}

/** Reads the Chinese name out of an entry such as "National Day,国庆节,3". */
function readChineseName(entry: string): string {
  const [english, chinese] = entry.split(',');
  return (chinese ?? english ?? entry).trim();
}
