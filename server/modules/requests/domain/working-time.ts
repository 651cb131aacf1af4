/*
 * The working-time arithmetic the request rules need, as a port: the rules stay pure and never import the
 * calendar; the service binds this interface to the platform calendar (statutory working days in Asia/Shanghai,
 * with official holidays and adjusted working weekends 调休), and tests bind it to the real 2026 calendar.
 */

/** Working-day and office-hour arithmetic in Asia/Shanghai. */
export interface WorkingTime {
  /** The end of the n-th working day after the Shanghai day of `from` (the day itself does not count). */
  addWorkingDays(from: Date, n: number): Date;
  /** The instant at which `hours` office hours on working days have elapsed after `from`. */
  addWorkingHours(from: Date, hours: number): Date;
  /** Working days strictly after the day of `from` up to and including the day of `to`. */
  workingDaysBetween(from: Date, to: Date): number;
  /** Office hours on working days between two instants (fractional, negative when `to` is earlier). */
  workingHoursBetween(from: Date, to: Date): number;
}

/** Calendar functions that take the calendar as their first argument, as the platform calendar's domain exports them. */
export interface CalendarArithmetic<C> {
  addWorkingDays(calendar: C, from: Date, n: number): Date;
  addWorkingHours(calendar: C, from: Date, hours: number): Date;
  workingDaysBetween(calendar: C, from: Date, to: Date): number;
  workingHoursBetween(calendar: C, from: Date, to: Date): number;
}

/** Binds calendar functions to one calendar, so that the service (and tests) can hand the rules a `WorkingTime` without the rules importing the calendar. */
export function bindWorkingTime<C>(calendar: C, arithmetic: CalendarArithmetic<C>): WorkingTime {
  return {
    addWorkingDays: (from, n) => arithmetic.addWorkingDays(calendar, from, n),
    addWorkingHours: (from, hours) => arithmetic.addWorkingHours(calendar, from, hours),
    workingDaysBetween: (from, to) => arithmetic.workingDaysBetween(calendar, from, to),
    workingHoursBetween: (from, to) => arithmetic.workingHoursBetween(calendar, from, to),
  };
}
