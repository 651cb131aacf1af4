import { sql } from 'kysely';
import type { CalendarDayKind } from '../../../contracts/calendar.js';
import type { Db } from '../db/database.js';
import { invalidateWorkingCalendars } from './calendar-cache.js';
import { officialCalendarDays, officialYearsCovered } from './calendar-seed.js';

/** A stored calendar day: an official one ('chinese-days') or an administrator's override. */
export interface CalendarDayRow {
  day: string;
  isWorking: boolean;
  kind: CalendarDayKind;
  name: string | null;
  source: 'chinese-days' | 'override';
  updatedBy: number | null;
}

export interface CalendarYearRow {
  year: number;
  confirmed: boolean;
  source: string;
}

const DAY_COLUMNS = ['day', 'isWorking', 'kind', 'name', 'source', 'updatedBy'] as const;

/**
 * Loads every official year the `chinese-days` package covers and the table does not have yet: all its days, then a
 * confirmed calendar_year row. Idempotent, and an existing day is never replaced, so an administrator's override made
 * before its year was published survives. Runs in one transaction (or the caller's), serialised against other writers.
 */
export async function ensureCalendarSeeded(db: Db): Promise<{ seededYears: number[] }> {
  const result = db.isTransaction
    ? await seedMissingYears(db)
    : await db.transaction().execute((trx) => seedMissingYears(trx));
  if (result.seededYears.length > 0) invalidateWorkingCalendars();
  return result;
}

async function seedMissingYears(trx: Db): Promise<{ seededYears: number[] }> {
  await lockCalendarForWrite(trx);
  const present = new Set((await trx.selectFrom('calendarYear').select('year').execute()).map((r) => r.year));
  const seededYears: number[] = [];
  for (const year of officialYearsCovered()) {
    if (present.has(year)) continue;
    await trx
      .insertInto('calendarDay')
      .values(
        officialCalendarDays(year).map((d) => ({
          day: d.day,
          isWorking: d.isWorking,
          kind: d.kind,
          name: d.name,
          source: 'chinese-days' as const,
        })),
      )
      .onConflict((oc) => oc.column('day').doNothing())
      .execute();
    await trx.insertInto('calendarYear').values({ year, confirmed: true, source: 'chinese-days' }).execute();
    seededYears.push(year);
  }
  return { seededYears };
}

/** Serialises writers of the calendar (seeding, overrides, resets) until the transaction ends, so each reads what the one before wrote. */
export async function lockCalendarForWrite(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(724101)`.execute(trx);
}

/**
 * Loads the stored days, optionally between two days inclusive, whose working status differs from the Monday–Friday
 * rule: exactly what a working calendar needs (createWorkingCalendar treats every absent day by that rule).
 */
export async function loadCalendarOverrides(db: Db, fromDay?: string, toDay?: string): Promise<Map<string, boolean>> {
  let query = db
    .selectFrom('calendarDay')
    .select(['day', 'isWorking'])
    .where(sql<boolean>`is_working <> (extract(isodow from day) < 6)`);
  if (fromDay !== undefined) query = query.where('day', '>=', fromDay);
  if (toDay !== undefined) query = query.where('day', '<=', toDay);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.day, r.isWorking]));
}

/** Lists the stored days between two days inclusive, in order. */
export async function listCalendarDays(db: Db, fromDay: string, toDay: string): Promise<CalendarDayRow[]> {
  return db
    .selectFrom('calendarDay')
    .select(DAY_COLUMNS)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .orderBy('day')
    .execute();
}

/** Finds the stored row of one day, if any. */
export async function findCalendarDay(db: Db, day: string): Promise<CalendarDayRow | undefined> {
  return db.selectFrom('calendarDay').select(DAY_COLUMNS).where('day', '=', day).executeTakeFirst();
}

/** Finds a year's row: present once its official schedule has been loaded. */
export async function findCalendarYear(db: Db, year: number): Promise<CalendarYearRow | undefined> {
  return db
    .selectFrom('calendarYear')
    .select(['year', 'confirmed', 'source'])
    .where('year', '=', year)
    .executeTakeFirst();
}

/** Writes one day, replacing whatever was stored for it. */
export async function upsertCalendarDay(trx: Db, row: CalendarDayRow, at: Date): Promise<void> {
  const values = { ...row, updatedAt: at };
  await trx
    .insertInto('calendarDay')
    .values(values)
    .onConflict((oc) =>
      oc.column('day').doUpdateSet({
        isWorking: values.isWorking,
        kind: values.kind,
        name: values.name,
        source: values.source,
        updatedBy: values.updatedBy,
        updatedAt: values.updatedAt,
      }),
    )
    .execute();
}

/** Removes a day's row, so the day follows the Monday–Friday rule again. */
export async function deleteCalendarDay(trx: Db, day: string): Promise<void> {
  await trx.deleteFrom('calendarDay').where('day', '=', day).execute();
}
