// Calendar arithmetic for the portal's monthly pages, in Asia/Shanghai (UTC+8, no daylight saving). Pure.

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Shanghai month 'YYYY-MM' an instant falls in. */
export function shanghaiMonthOf(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
}

/** The ISO week label 'YYYY-Www' of a calendar day given as UTC midnight of that day. */
export function isoWeekOfDay(day: Date): string {
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO weeks that belong to a month: those whose Thursday falls in it (4 or 5 weeks). */
export function isoWeeksOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const weeks: string[] = [];
  for (let d = Date.UTC(y, m - 1, 1); new Date(d).getUTCMonth() === m - 1; d += DAY_MS) {
    if (new Date(d).getUTCDay() === 4) weeks.push(isoWeekOfDay(new Date(d)));
  }
  return weeks;
}
