/**
 * The working calendar's arithmetic with prefix sums, for generating a year of requests quickly: the platform's
 * functions walk day by day (right for one request, slow for fifty thousand with their escalation passes). Same
 * rules, same results — office hours 09:00–12:00 and 13:30–17:30 Shanghai on working days, a day-based deadline at
 * the end of its day — over a window of days decided by the given calendar; outside the window it defers to `slow`.
 * demo-requests.test.ts compares the two on random instants.
 */
import type { WorkingTime } from '../modules/requests/index.js';
import { DEFAULT_OFFICE_HOURS, type WorkingCalendar } from '../platform/calendar/index.js';

const MS_MINUTE = 60_000;
const MS_HOUR = 3_600_000;
const MS_DAY = 86_400_000;
const SHANGHAI = 8 * MS_HOUR;

const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
const SPANS = DEFAULT_OFFICE_HOURS.map((s) => [minutes(s.start) * MS_MINUTE, minutes(s.end) * MS_MINUTE] as const);
const OFFICE_MS = SPANS.reduce((sum, [a, b]) => sum + b - a, 0);

/** A WorkingTime over `fromDay`…`toDay` ('YYYY-MM-DD', Shanghai) that answers in constant or logarithmic time. */
export function fastWorkingTime(
  calendar: WorkingCalendar,
  slow: WorkingTime,
  fromDay: string,
  toDay: string,
): WorkingTime {
  const first = Date.parse(`${fromDay}T00:00:00Z`) / MS_DAY;
  const last = Date.parse(`${toDay}T00:00:00Z`) / MS_DAY;
  const length = last - first + 1;
  // before[i]: working days among days first … first+i-1; workDays: the working day numbers in order.
  const before = new Int32Array(length + 1);
  const workDays: number[] = [];
  for (let i = 0; i < length; i++) {
    const working = calendar.isWorkingDay(new Date((first + i) * MS_DAY).toISOString().slice(0, 10));
    before[i + 1] = (before[i] ?? 0) + (working ? 1 : 0);
    if (working) workDays.push(first + i);
  }
  const dayOf = (ms: number) => Math.floor((ms + SHANGHAI) / MS_DAY);
  const startOf = (day: number) => day * MS_DAY - SHANGHAI;
  const inside = (day: number) => day >= first && day <= last;
  const isWorking = (day: number) => (before[day - first + 1] ?? 0) > (before[day - first] ?? 0);
  /** Office milliseconds from the window's start to `ms`. */
  const officeUpTo = (ms: number): number => {
    const day = dayOf(ms);
    let total = (before[day - first] ?? 0) * OFFICE_MS;
    if (isWorking(day)) {
      const into = ms - startOf(day);
      for (const [a, b] of SPANS) total += Math.max(0, Math.min(into, b) - a);
    }
    return total;
  };
  // Deadlines may run past the window by a few months of extensions and escalations: keep a margin.
  const covered = (...ms: number[]) =>
    ms.every((m) => inside(dayOf(m)) && dayOf(m) < last - 120 && dayOf(m) > first + 1);

  return {
    workingDaysBetween(from, to) {
      if (!covered(from.getTime(), to.getTime())) return slow.workingDaysBetween(from, to);
      const f = dayOf(from.getTime()) - first;
      const t = dayOf(to.getTime()) - first;
      return t >= f ? (before[t + 1] ?? 0) - (before[f + 1] ?? 0) : -((before[f + 1] ?? 0) - (before[t + 1] ?? 0));
    },
    addWorkingDays(from, n) {
      if (!covered(from.getTime()) || n < 0 || !Number.isSafeInteger(n)) return slow.addWorkingDays(from, n);
      const day = dayOf(from.getTime());
      // Working days up to and including the day of `from`; n = 0 means that day if working, else the next one.
      const upTo = before[day - first + 1] ?? 0;
      const index = n === 0 ? (isWorking(day) ? upTo - 1 : upTo) : upTo + n - 1;
      const target = workDays[index];
      if (target === undefined) return slow.addWorkingDays(from, n);
      return new Date(startOf(target) + MS_DAY - 1);
    },
    workingHoursBetween(from, to) {
      if (!covered(from.getTime(), to.getTime())) return slow.workingHoursBetween(from, to);
      // Counted from the earlier instant and negated, like the platform (so an empty reverse span is -0 there too).
      if (to.getTime() < from.getTime()) return -((officeUpTo(from.getTime()) - officeUpTo(to.getTime())) / MS_HOUR);
      return (officeUpTo(to.getTime()) - officeUpTo(from.getTime())) / MS_HOUR;
    },
    addWorkingHours(from, hours) {
      if (!covered(from.getTime()) || !Number.isFinite(hours) || hours < 0) return slow.addWorkingHours(from, hours);
      const remaining = Math.round(hours * MS_HOUR);
      if (remaining === 0) return new Date(from.getTime());
      const target = officeUpTo(from.getTime()) + remaining;
      // The working day in which the target falls; an exact fit ends at the close of a span.
      const index = Math.ceil(target / OFFICE_MS) - 1;
      const day = workDays[index];
      if (day === undefined || day > last - 120) return slow.addWorkingHours(from, hours);
      let offset = target - index * OFFICE_MS;
      for (const [a, b] of SPANS) {
        if (offset <= b - a) return new Date(startOf(day) + a + offset);
        offset -= b - a;
      }
      return slow.addWorkingHours(from, hours);
    },
  };
}
