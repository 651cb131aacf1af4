// The working-day calendar's public surface: other modules compute deadlines through these, never through its tables.

export { ensureCalendarSeeded } from './calendar.repository.js';
export {
  addWorkingDaysAt,
  addWorkingHoursAt,
  type CalendarActor,
  type CalendarDeps,
  checkWorkingDays,
  getCalendarYear,
  loadWorkingCalendar,
  overrideCalendarDay,
  resetCalendarDay,
  workingDaysBetweenAt,
  workingHoursBetweenAt,
} from './calendar.service.js';
export { CALENDAR_CACHE_TTL_MS, invalidateWorkingCalendars } from './calendar-cache.js';
export { isOfficialYearCovered, officialCalendarDays, officialYearsCovered } from './calendar-seed.js';
export {
  addCalendarDays,
  addWorkingDays,
  addWorkingHours,
  createWorkingCalendar,
  DEFAULT_OFFICE_HOURS,
  endOfShanghaiDay,
  nextWorkingDayOnOrAfter,
  type OfficeHoursSpan,
  officeHoursPerDay,
  startOfShanghaiDay,
  toShanghaiDate,
  type WorkingCalendar,
  workingDaysBetween,
  workingHoursBetween,
} from './domain/working-days.js';
