/*
 * Working-day and working-hour arithmetic for deadlines (时限) in the Asia/Shanghai zone.
 *
 * Pure: no I/O and no clock; instants come in as `Date` arguments. Shanghai time is computed with a fixed
 * UTC+8 offset, which is exact because mainland China has not observed daylight saving time since 1991.
 * Calendar days are 'YYYY-MM-DD' strings in Shanghai time.
 */

/** Tells which calendar days are working days. */
export interface WorkingCalendar {
  isWorkingDay(day: string): boolean;
}

/** One span of office hours on a working day, 'HH:MM' in Shanghai time; `end` may be '24:00'. */
export interface OfficeHoursSpan {
  start: string;
  end: string;
}

/** The default office hours: 09:00–12:00 and 13:30–17:30, seven working hours a day. */
export const DEFAULT_OFFICE_HOURS: readonly OfficeHoursSpan[] = Object.freeze([
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
]);

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * MS_PER_HOUR;
// A calendar with no working day for more than a year is a configuration error, not a reason to loop forever.
const MAX_CONSECUTIVE_NON_WORKING_DAYS = 400;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Creates a working calendar from explicit day decisions (official holidays, adjusted working weekends, local overrides); a day absent from the map is a working day exactly when it falls Monday to Friday, which is also the rule for years without an official holiday schedule. */
export function createWorkingCalendar(overrides: ReadonlyMap<string, boolean>): WorkingCalendar {
  return {
    isWorkingDay(day: string): boolean {
      const decided = overrides.get(day);
      if (decided !== undefined) return decided;
      const weekday = dayOfWeek(day);
      return weekday >= 1 && weekday <= 5;
    },
  };
}

/** Gives the Shanghai calendar day ('YYYY-MM-DD') an instant falls on, because deadlines count days as people in China see them. */
export function toShanghaiDate(instant: Date): string {
  const ms = instantMs(instant);
  return formatDayNumber(Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

/** Adds `n` calendar days (negative to go back) to a 'YYYY-MM-DD' day, counting weekends and holidays alike. */
export function addCalendarDays(day: string, n: number): string {
  assertInteger(n, 'addCalendarDays: n');
  return formatDayNumber(parseDayNumber(day) + n);
}

/** Gives the weekday of a 'YYYY-MM-DD' day: 0 for Sunday through 6 for Saturday (as Date#getDay). */
export function dayOfWeek(day: string): number {
  // Day 0 of the epoch, 1970-01-01, was a Thursday.
  return (((parseDayNumber(day) + 4) % 7) + 7) % 7;
}

/** Gives the instant a Shanghai calendar day begins (00:00 Shanghai = 16:00 UTC the day before). */
export function startOfShanghaiDay(day: string): Date {
  return new Date(parseDayNumber(day) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/** Gives the last millisecond of a Shanghai calendar day (23:59:59.999 Shanghai), the moment a day-based deadline expires. */
export function endOfShanghaiDay(day: string): Date {
  return new Date(startOfShanghaiDay(day).getTime() + MS_PER_DAY - 1);
}

/** Finds the first working day on or after `day`. */
export function nextWorkingDayOnOrAfter(cal: WorkingCalendar, day: string): string {
  let current = day;
  for (let skipped = 0; !cal.isWorkingDay(current); skipped += 1) {
    if (skipped >= MAX_CONSECUTIVE_NON_WORKING_DAYS) {
      throw new RangeError(`The working calendar has no working day within ${skipped} days after ${day}`);
    }
    current = addCalendarDays(current, 1);
  }
  return current;
}

/**
 * Computes the deadline `n` working days after `from`. Rule: the day of receipt does not count; the deadline is the
 * end (23:59:59.999 Shanghai) of the n-th working day after the Shanghai day of `from`. With n = 0 the deadline is
 * the end of that same day if it is a working day, otherwise the end of the next working day.
 */
export function addWorkingDays(cal: WorkingCalendar, from: Date, n: number): Date {
  assertInteger(n, 'addWorkingDays: n');
  if (n < 0) throw new RangeError('addWorkingDays: n must not be negative');
  const receivedOn = toShanghaiDate(from);
  if (n === 0) return endOfShanghaiDay(nextWorkingDayOnOrAfter(cal, receivedOn));
  let day = receivedOn;
  for (let counted = 0; counted < n; counted += 1) {
    day = nextWorkingDayOnOrAfter(cal, addCalendarDays(day, 1));
  }
  return endOfShanghaiDay(day);
}

/** Counts the working days strictly after the Shanghai day of `from` up to and including the day of `to` (negative when `to` is on an earlier day), so that workingDaysBetween(x, addWorkingDays(x, n)) = n for n ≥ 1. */
export function workingDaysBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  const fromDay = parseDayNumber(toShanghaiDate(from));
  const toDay = parseDayNumber(toShanghaiDate(to));
  const [low, high, sign] = fromDay <= toDay ? [fromDay, toDay, 1] : [toDay, fromDay, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day += 1) {
    if (cal.isWorkingDay(formatDayNumber(day))) count += 1;
  }
  return sign * count;
}

/** Computes the instant at which `hours` working hours have elapsed after `from`, counting only office hours on working days (time limits given in hours, e.g. a 2-hour first response); an exact fit ends at the close of the office-hours span, not at the next opening. */
export function addWorkingHours(
  cal: WorkingCalendar,
  from: Date,
  hours: number,
  officeHours: readonly OfficeHoursSpan[] = DEFAULT_OFFICE_HOURS,
): Date {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError('addWorkingHours: hours must be a finite number ≥ 0');
  const spans = parseOfficeHours(officeHours);
  const fromMs = instantMs(from);
  let remaining = Math.round(hours * MS_PER_HOUR);
  if (remaining === 0) return new Date(fromMs);

  let day = toShanghaiDate(from);
  let cursor = fromMs;
  let nonWorkingRun = 0;
  while (true) {
    if (cal.isWorkingDay(day)) {
      nonWorkingRun = 0;
      const dayStart = startOfShanghaiDay(day).getTime();
      for (const span of spans) {
        const spanEnd = dayStart + span.endMinute * MS_PER_MINUTE;
        if (cursor >= spanEnd) continue;
        const spanStart = Math.max(cursor, dayStart + span.startMinute * MS_PER_MINUTE);
        const available = spanEnd - spanStart;
        if (remaining <= available) return new Date(spanStart + remaining);
        remaining -= available;
        cursor = spanEnd;
      }
    } else if (++nonWorkingRun > MAX_CONSECUTIVE_NON_WORKING_DAYS) {
      throw new RangeError(
        `The working calendar has no working day within ${MAX_CONSECUTIVE_NON_WORKING_DAYS} days before ${day}`,
      );
    }
    day = addCalendarDays(day, 1);
  }
}

/** Measures the office hours on working days between two instants, in (fractional) hours; negative when `to` is before `from`. */
export function workingHoursBetween(
  cal: WorkingCalendar,
  from: Date,
  to: Date,
  officeHours: readonly OfficeHoursSpan[] = DEFAULT_OFFICE_HOURS,
): number {
  const spans = parseOfficeHours(officeHours);
  const fromMs = instantMs(from);
  const toMs = instantMs(to);
  if (toMs < fromMs) return -workingHoursBetween(cal, to, from, officeHours);
  let total = 0;
  const lastDay = parseDayNumber(toShanghaiDate(to));
  for (let dayNumber = parseDayNumber(toShanghaiDate(from)); dayNumber <= lastDay; dayNumber += 1) {
    const day = formatDayNumber(dayNumber);
    if (!cal.isWorkingDay(day)) continue;
    const dayStart = startOfShanghaiDay(day).getTime();
    for (const span of spans) {
      const start = Math.max(fromMs, dayStart + span.startMinute * MS_PER_MINUTE);
      const end = Math.min(toMs, dayStart + span.endMinute * MS_PER_MINUTE);
      if (end > start) total += end - start;
    }
  }
  return total / MS_PER_HOUR;
}

/** Gives the number of office hours in one working day, e.g. 7 for the default hours. */
export function officeHoursPerDay(officeHours: readonly OfficeHoursSpan[] = DEFAULT_OFFICE_HOURS): number {
  return parseOfficeHours(officeHours).reduce((sum, span) => sum + span.endMinute - span.startMinute, 0) / 60;
}

interface ParsedSpan {
  startMinute: number;
  endMinute: number;
}

function parseOfficeHours(officeHours: readonly OfficeHoursSpan[]): ParsedSpan[] {
  if (officeHours.length === 0) throw new RangeError('Office hours must contain at least one span');
  const spans = officeHours.map((span) => ({
    startMinute: parseClock(span.start),
    endMinute: parseClock(span.end),
  }));
  spans.forEach((span, index) => {
    const label = `${officeHours[index]!.start}–${officeHours[index]!.end}`;
    if (span.endMinute <= span.startMinute) throw new RangeError(`Office hours span ${label} ends before it starts`);
    const previous = spans[index - 1];
    if (previous && span.startMinute < previous.endMinute) {
      throw new RangeError(`Office hours span ${label} overlaps or precedes the span before it`);
    }
  });
  return spans;
}

function parseClock(clock: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(clock);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60) {
    throw new RangeError(`Invalid office-hours time "${clock}": expected HH:MM between 00:00 and 24:00`);
  }
  return minutes;
}

function parseDayNumber(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (match) {
    const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, date);
    // Date.UTC rolls 2026-02-30 over into March; a real day formats back to itself.
    if (formatDayNumber(ms / MS_PER_DAY) === day) return ms / MS_PER_DAY;
  }
  throw new RangeError(`Invalid calendar day "${day}": expected a real date as YYYY-MM-DD`);
}

function formatDayNumber(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

function instantMs(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return ms;
}

function assertInteger(n: number, label: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${label} must be an integer`);
}
