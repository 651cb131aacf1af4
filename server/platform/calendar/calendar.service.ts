import {
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  type CalendarDay,
  type CalendarDayKind,
  type CalendarDayOverride,
  type CalendarYear,
  calendarDayOverrideSchema,
  isCalendarDate,
  type WorkingDaysQuery,
  type WorkingDaysResult,
} from '../../../contracts/calendar.js';
import { appendAudit } from '../audit/audit.repository.js';
import { auditActorOf } from '../audit/audit-actor.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../http/actor.js';
import { AppError, type Lang, toFieldIssues } from '../http/errors.js';
import {
  type CalendarDayRow,
  deleteCalendarDay,
  findCalendarDay,
  findCalendarYear,
  listCalendarDays,
  loadCalendarOverrides,
  lockCalendarForWrite,
  upsertCalendarDay,
} from './calendar.repository.js';
import { cachedWorkingCalendar, invalidateWorkingCalendars } from './calendar-cache.js';
import { isOfficialYearCovered, officialCalendarDays } from './calendar-seed.js';
import {
  addCalendarDays,
  addWorkingDays,
  addWorkingHours,
  createWorkingCalendar,
  dayOfWeek,
  type OfficeHoursSpan,
  startOfShanghaiDay,
  type WorkingCalendar,
  workingDaysBetween,
  workingHoursBetween,
} from './domain/working-days.js';

/** What the calendar's use cases need: the database (the root handle, or a transaction) and the clock. */
export type CalendarDeps = Pick<Deps, 'db' | 'now'>;

/** The signed-in user changing the calendar. */
export type CalendarActor = Pick<Actor, 'userId' | 'username' | 'displayName' | 'permissions'>;

/**
 * Gives the working calendar as stored: official holidays and adjusted working days, administrators' overrides, and
 * Monday–Friday for every day the table does not decide (years without an official schedule). The whole calendar is
 * cached per process; with `years` only those years are read (other days follow Monday–Friday) and nothing is
 * cached. Inside a transaction (`deps.db` is one) it reads through the transaction, uncached, because PGlite has a
 * single connection; to spare that read, load the calendar before opening the transaction.
 */
export async function loadWorkingCalendar(deps: CalendarDeps, years?: readonly number[]): Promise<WorkingCalendar> {
  if (years !== undefined) {
    years.forEach((year) => {
      assertYear(year);
    });
    if (years.length === 0) return createWorkingCalendar(new Map());
    const wanted = new Set(years);
    const overrides = await loadCalendarOverrides(deps.db, yearStart(Math.min(...years)), yearEnd(Math.max(...years)));
    for (const day of overrides.keys()) if (!wanted.has(Number(day.slice(0, 4)))) overrides.delete(day);
    return createWorkingCalendar(overrides);
  }
  const load = async () => createWorkingCalendar(await loadCalendarOverrides(deps.db));
  if (deps.db.isTransaction) return load();
  return cachedWorkingCalendar(deps.db, deps.now().getTime(), load);
}

/**
 * Lists every day of a year with its status and where it comes from; the year is confirmed only once the official
 * schedule has been loaded, otherwise its days are Monday–Friday (plus any overrides) and the admin UI flags it.
 */
export async function getCalendarYear(deps: Pick<Deps, 'db'>, year: number): Promise<CalendarYear> {
  assertYear(year);
  const [yearRow, rows] = await Promise.all([
    findCalendarYear(deps.db, year),
    listCalendarDays(deps.db, yearStart(year), yearEnd(year)),
  ]);
  const stored = new Map(rows.map((r) => [r.day, r]));
  const days: CalendarDay[] = [];
  for (let day = yearStart(year); day.startsWith(String(year)); day = addCalendarDays(day, 1)) {
    const row = stored.get(day);
    days.push(row ? toCalendarDay(row) : defaultDay(day));
  }
  return { year, confirmed: yearRow?.confirmed ?? false, source: yearRow?.source ?? 'default', days };
}

/**
 * Makes one day working or not working for the whole county (e.g. a local holiday, or a weekend worked during a flood
 * emergency). The kind follows from the weekday: a weekend made working is an adjusted workday (调休上班), a weekday
 * made non-working a holiday. Audited with the day before and after; deadlines see it as soon as it commits.
 */
export async function overrideCalendarDay(
  deps: CalendarDeps,
  actor: CalendarActor,
  day: string,
  input: CalendarDayOverride,
  requestId?: string,
): Promise<CalendarDay> {
  authorizeWrite(actor);
  assertCalendarDate(day);
  const parsed = calendarDayOverrideSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', { issues: toFieldIssues(parsed.error.issues, 'zh') });
  }
  const { isWorking, name } = parsed.data;
  const now = deps.now();
  const row: CalendarDayRow = {
    day,
    isWorking,
    kind: overrideKind(day, isWorking),
    name: name ?? null,
    source: 'override',
    updatedBy: actor.userId,
  };
  await deps.db.transaction().execute(async (trx) => {
    await lockCalendarForWrite(trx);
    const current = await findCalendarDay(trx, day);
    await upsertCalendarDay(trx, row, now);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'calendar.override',
      objectType: 'calendar_day',
      objectId: day,
      before: current ? toCalendarDay(current) : defaultDay(day),
      after: toCalendarDay(row),
      requestId: requestId ?? null,
      at: now,
    });
  });
  invalidateWorkingCalendars();
  return toCalendarDay(row);
}

/**
 * Removes an administrator's override: the day goes back to the official schedule when its year has been loaded,
 * otherwise to Monday–Friday. A day without an override is left as it is and nothing is audited.
 */
export async function resetCalendarDay(
  deps: CalendarDeps,
  actor: CalendarActor,
  day: string,
  requestId?: string,
): Promise<CalendarDay> {
  authorizeWrite(actor);
  assertCalendarDate(day);
  const now = deps.now();
  const year = Number(day.slice(0, 4));
  const { result, changed } = await deps.db.transaction().execute(async (trx) => {
    await lockCalendarForWrite(trx);
    const current = await findCalendarDay(trx, day);
    if (current?.source !== 'override') {
      return { result: current ? toCalendarDay(current) : defaultDay(day), changed: false };
    }
    const yearRow = await findCalendarYear(trx, year);
    const official =
      yearRow && isOfficialYearCovered(year) ? officialCalendarDays(year).find((d) => d.day === day) : undefined;
    let after: CalendarDay;
    if (official) {
      const row: CalendarDayRow = { ...official, source: 'chinese-days', updatedBy: actor.userId };
      await upsertCalendarDay(trx, row, now);
      after = toCalendarDay(row);
    } else {
      await deleteCalendarDay(trx, day);
      after = defaultDay(day);
    }
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'calendar.reset',
      objectType: 'calendar_day',
      objectId: day,
      before: toCalendarDay(current),
      after,
      requestId: requestId ?? null,
      at: now,
    });
    return { result: after, changed: true };
  });
  if (changed) invalidateWorkingCalendars();
  return result;
}

/** Computes the deadline `n` working days after `from` on the stored calendar (the day of receipt does not count; see addWorkingDays). */
export async function addWorkingDaysAt(deps: CalendarDeps, from: Date, n: number): Promise<Date> {
  return addWorkingDays(await loadWorkingCalendar(deps), from, n);
}

/** Counts the working days after the day of `from` up to the day of `to` on the stored calendar (see workingDaysBetween). */
export async function workingDaysBetweenAt(deps: CalendarDeps, from: Date, to: Date): Promise<number> {
  return workingDaysBetween(await loadWorkingCalendar(deps), from, to);
}

/** Computes the instant `hours` office hours after `from` on the stored calendar (see addWorkingHours). */
export async function addWorkingHoursAt(
  deps: CalendarDeps,
  from: Date,
  hours: number,
  officeHours?: readonly OfficeHoursSpan[],
): Promise<Date> {
  return addWorkingHours(await loadWorkingCalendar(deps), from, hours, officeHours);
}

/** Measures the office hours between two instants on the stored calendar (see workingHoursBetween). */
export async function workingHoursBetweenAt(
  deps: CalendarDeps,
  from: Date,
  to: Date,
  officeHours?: readonly OfficeHoursSpan[],
): Promise<number> {
  return workingHoursBetween(await loadWorkingCalendar(deps), from, to, officeHours);
}

/** Answers a user's deadline question: the deadline `days` working days or `hours` office hours after `from`, or the working days and hours from `from` to `to`. */
export async function checkWorkingDays(deps: CalendarDeps, query: WorkingDaysQuery): Promise<WorkingDaysResult> {
  const calendar = await loadWorkingCalendar(deps);
  const from = instantOf(query.from);
  if (query.days !== undefined) return { deadline: addWorkingDays(calendar, from, query.days).toISOString() };
  if (query.hours !== undefined) return { deadline: addWorkingHours(calendar, from, query.hours).toISOString() };
  if (query.to !== undefined) {
    const to = instantOf(query.to);
    return {
      workingDays: workingDaysBetween(calendar, from, to),
      workingHours: workingHoursBetween(calendar, from, to),
    };
  }
  throw new AppError('VALIDATION_FAILED', {
    issues: toFieldIssues([{ path: ['days'], message: 'give exactly one of days, hours or to' }], 'zh'),
  });
}

/** A 400 CALENDAR_DATE_INVALID naming the field, with the reason in both languages. */
export function calendarDateError(field: string, lang: Lang = 'zh'): AppError {
  const zh = `须为 ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR} 年间的真实日期，格式为 YYYY-MM-DD`;
  const en = `must be a real date YYYY-MM-DD between ${CALENDAR_MIN_YEAR} and ${CALENDAR_MAX_YEAR}`;
  const zhIssue = toFieldIssues([{ path: [field], message: zh }], 'zh')[0]!;
  const enIssue = toFieldIssues([{ path: [field], message: en }], 'en')[0]!;
  const issue = lang === 'zh' ? zhIssue : enIssue;
  return new AppError('CALENDAR_DATE_INVALID', {
    issues: [{ ...issue, messageZh: zhIssue.messageZh, messageEn: enIssue.messageEn }],
  });
}

function assertCalendarDate(day: string): void {
  if (!isCalendarDate(day)) throw calendarDateError('day');
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR) {
    const message = `must be a year between ${CALENDAR_MIN_YEAR} and ${CALENDAR_MAX_YEAR}`;
    throw new AppError('VALIDATION_FAILED', { issues: toFieldIssues([{ path: ['year'], message }], 'zh') });
  }
}

function authorizeWrite(actor: CalendarActor): void {
  if (!actor.permissions.has('calendar:write')) throw new AppError('AUTH_FORBIDDEN');
}

// The kind of an overridden day: a weekend made working is an adjusted workday (调休上班) and a weekday made
// non-working is a holiday, as in the official schedule; otherwise the day is ordinary.
function overrideKind(day: string, isWorking: boolean): CalendarDayKind {
  const weekend = isWeekend(day);
  if (isWorking) return weekend ? 'adjusted_workday' : 'workday';
  return weekend ? 'weekend' : 'holiday';
}

function defaultDay(day: string): CalendarDay {
  const weekend = isWeekend(day);
  return { day, isWorking: !weekend, kind: weekend ? 'weekend' : 'workday', name: null, source: 'default' };
}

function toCalendarDay(row: CalendarDayRow): CalendarDay {
  return { day: row.day, isWorking: row.isWorking, kind: row.kind, name: row.name, source: row.source };
}

function isWeekend(day: string): boolean {
  const weekday = dayOfWeek(day);
  return weekday === 0 || weekday === 6;
}

/** An ISO instant, or a day alone meaning 00:00 that day in Shanghai. */
function instantOf(text: string): Date {
  return isCalendarDate(text) ? startOfShanghaiDay(text) : new Date(text);
}

const yearStart = (year: number) => `${String(year).padStart(4, '0')}-01-01`;
const yearEnd = (year: number) => `${String(year).padStart(4, '0')}-12-31`;
