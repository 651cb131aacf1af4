import { z } from 'zod';

// HTTP shapes of the working-day calendar (工作日历); the server routes and the admin UI share them.

/** The years the calendar API accepts. */
export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2100;

/** What a day is: a plain workday or weekend, an official or local holiday, or a weekend made a working day (调休上班). */
export const CALENDAR_DAY_KINDS = ['workday', 'weekend', 'holiday', 'adjusted_workday'] as const;
export const calendarDayKindSchema = z.enum(CALENDAR_DAY_KINDS);
export type CalendarDayKind = z.infer<typeof calendarDayKindSchema>;

/**
 * Where a day's status comes from: the State Council schedule as published by the `chinese-days` package, an
 * administrator's override, or the Monday–Friday default of a year without official data.
 */
export const CALENDAR_DAY_SOURCES = ['chinese-days', 'override', 'default'] as const;
export const calendarDaySourceSchema = z.enum(CALENDAR_DAY_SOURCES);
export type CalendarDaySource = z.infer<typeof calendarDaySourceSchema>;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Tells whether a text is a real calendar day 'YYYY-MM-DD' within the years the calendar API accepts. */
export function isCalendarDate(text: string): boolean {
  const match = DAY_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR) return false;
  // Date.UTC rolls 2026-02-30 over into March; a real day formats back to itself.
  return new Date(Date.UTC(year, month - 1, date)).toISOString().slice(0, 10) === text;
}

/** A calendar day 'YYYY-MM-DD' (Asia/Shanghai), a real date between 2000 and 2100. */
export const calendarDateSchema = z
  .string()
  .refine(isCalendarDate, `must be a real date YYYY-MM-DD between ${CALENDAR_MIN_YEAR} and ${CALENDAR_MAX_YEAR}`);

/** GET /api/calendar/:year. */
export const calendarYearParamsSchema = z.object({
  year: z.coerce.number().int().min(CALENDAR_MIN_YEAR).max(CALENDAR_MAX_YEAR),
});

/** PUT and DELETE /api/calendar/days/:day; the server checks the date itself and answers CALENDAR_DATE_INVALID. */
export const calendarDayParamsSchema = z.object({ day: z.string() });

/** One day of the calendar as the API returns it. */
export const calendarDaySchema = z.object({
  day: z.string(),
  isWorking: z.boolean(),
  kind: calendarDayKindSchema,
  /** The festival (e.g. '国庆节') or the reason an administrator gave; null for ordinary days. */
  name: z.string().nullable(),
  source: calendarDaySourceSchema,
});
export type CalendarDay = z.infer<typeof calendarDaySchema>;

/** A whole year; `confirmed` is false while the official schedule is unknown and the year is plain Monday–Friday. */
export const calendarYearSchema = z.object({
  year: z.number().int(),
  confirmed: z.boolean(),
  /** 'chinese-days' when seeded from the official schedule, 'default' for a year without it. */
  source: z.string(),
  days: z.array(calendarDaySchema),
});
export type CalendarYear = z.infer<typeof calendarYearSchema>;

/** PUT /api/calendar/days/:day: make a day working or not; the kind follows from the weekday. */
export const calendarDayOverrideSchema = z.object({
  isWorking: z.boolean(),
  name: z.string().trim().min(1).max(50).nullable().optional(),
});
export type CalendarDayOverride = z.infer<typeof calendarDayOverrideSchema>;

/** An instant with its offset ('2026-09-30T10:00:00+08:00'), or a day alone meaning 00:00 that day in Shanghai; years 2000–2100. */
export const calendarInstantSchema = z.union([
  z.iso
    .datetime({ offset: true })
    .refine(
      (text) => Number(text.slice(0, 4)) >= CALENDAR_MIN_YEAR && Number(text.slice(0, 4)) <= CALENDAR_MAX_YEAR,
      `must fall between ${CALENDAR_MIN_YEAR} and ${CALENDAR_MAX_YEAR}`,
    ),
  calendarDateSchema,
]);

/**
 * GET /api/calendar/working-days: `from` with `days` (deadline n working days later), `hours` (deadline after n office
 * hours), or `to` (working days and hours between); exactly one of the three.
 */
export const workingDaysQuerySchema = z
  .object({
    from: calendarInstantSchema,
    days: z.coerce.number().int().min(0).max(3650).optional(),
    hours: z.coerce.number().min(0).max(10_000).optional(),
    to: calendarInstantSchema.optional(),
  })
  .superRefine((q, ctx) => {
    const given = (['days', 'hours', 'to'] as const).filter((k) => q[k] !== undefined);
    if (given.length === 1) return;
    for (const key of given.length === 0 ? (['days', 'to'] as const) : given.slice(1)) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'give exactly one of days, hours or to' });
    }
  });
export type WorkingDaysQuery = z.infer<typeof workingDaysQuerySchema>;

/** The deadline (an ISO instant) for `days` or `hours`; the working days and office hours for `to`. */
export const workingDaysResultSchema = z.union([
  z.object({ deadline: z.string() }),
  z.object({ workingDays: z.number().int(), workingHours: z.number() }),
]);
export type WorkingDaysResult = z.infer<typeof workingDaysResultSchema>;
