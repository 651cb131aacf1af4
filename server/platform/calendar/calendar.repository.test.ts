import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { openTestDatabase } from '../testing/test-context.js';
import {
  ensureCalendarSeeded,
  findCalendarDay,
  findCalendarYear,
  listCalendarDays,
  loadCalendarOverrides,
  upsertCalendarDay,
} from './calendar.repository.js';
import { officialCalendarDays, officialYearsCovered } from './calendar-seed.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
  // The shared test template is already seeded; these tests start from an empty calendar.
  await handle.db.deleteFrom('calendarDay').execute();
  await handle.db.deleteFrom('calendarYear').execute();
});
afterAll(async () => handle.close());

const countDays = async () =>
  Number(
    (
      await handle.db
        .selectFrom('calendarDay')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const LOCAL_HOLIDAY = {
  day: '2026-10-12',
  isWorking: false,
  kind: 'holiday' as const,
  name: '防汛',
  source: 'override' as const,
  updatedBy: null,
};

describe('ensureCalendarSeeded', () => {
  it('loads every covered year once, as confirmed official data, and keeps an override made before its year was loaded', async () => {
    await upsertCalendarDay(handle.db, LOCAL_HOLIDAY, new Date('2026-09-01T00:00:00Z'));

    const first = await ensureCalendarSeeded(handle.db);
    expect(first.seededYears).toEqual(officialYearsCovered());
    const expectedDays = officialYearsCovered().reduce((sum, year) => sum + officialCalendarDays(year).length, 0);
    expect(await countDays()).toBe(expectedDays);
    expect(await findCalendarYear(handle.db, 2026)).toEqual({ year: 2026, confirmed: true, source: 'chinese-days' });
    expect(await findCalendarDay(handle.db, '2026-10-01')).toMatchObject({
      isWorking: false,
      kind: 'holiday',
      name: '国庆节',
      source: 'chinese-days',
    });
    expect(await findCalendarDay(handle.db, LOCAL_HOLIDAY.day)).toEqual(LOCAL_HOLIDAY);
  });

  it('is idempotent: a second run loads nothing and changes nothing', async () => {
    const before = await listCalendarDays(handle.db, '2026-01-01', '2026-12-31');
    expect(await ensureCalendarSeeded(handle.db)).toEqual({ seededYears: [] });
    expect(await listCalendarDays(handle.db, '2026-01-01', '2026-12-31')).toEqual(before);
  });

  it('loads a year published later (a newer package) without overwriting the overrides already in it', async () => {
    // The state before 2026 was published: no year row, no official days, one override.
    await handle.db.deleteFrom('calendarYear').where('year', '=', 2026).execute();
    await handle.db
      .deleteFrom('calendarDay')
      .where('day', '>=', '2026-01-01')
      .where('day', '<=', '2026-12-31')
      .where('source', '=', 'chinese-days')
      .execute();
    const adjustedSaturday = {
      day: '2026-10-10',
      isWorking: false,
      kind: 'weekend' as const,
      name: null,
      source: 'override' as const,
      updatedBy: null,
    };
    await upsertCalendarDay(handle.db, adjustedSaturday, new Date('2026-09-01T00:00:00Z'));

    expect(await ensureCalendarSeeded(handle.db)).toEqual({ seededYears: [2026] });
    expect(await findCalendarDay(handle.db, '2026-10-10')).toEqual(adjustedSaturday);
    expect(await findCalendarDay(handle.db, LOCAL_HOLIDAY.day)).toEqual(LOCAL_HOLIDAY);
    expect(await findCalendarDay(handle.db, '2026-09-20')).toMatchObject({
      kind: 'adjusted_workday',
      source: 'chinese-days',
    });
    expect(await listCalendarDays(handle.db, '2026-01-01', '2026-12-31')).toHaveLength(365);
  });

  it('runs inside a caller’s transaction (the demo seed loads the calendar in its own)', async () => {
    const result = await handle.db.transaction().execute((trx) => ensureCalendarSeeded(trx));
    expect(result).toEqual({ seededYears: [] });
  });
});

describe('loadCalendarOverrides', () => {
  it('returns only the days whose status differs from Monday–Friday, within the range asked for', async () => {
    const october = await loadCalendarOverrides(handle.db, '2026-10-01', '2026-10-31');
    expect(Object.fromEntries(october)).toEqual({
      '2026-10-01': false,
      '2026-10-02': false,
      // 3 and 4 October are a Saturday and a Sunday: off anyway.
      '2026-10-05': false,
      '2026-10-06': false,
      '2026-10-07': false,
      // 10 October is overridden back to a plain Saturday; 12 October is a local holiday.
      '2026-10-12': false,
    });
  });

  it('without a range covers the whole table', async () => {
    const all = await loadCalendarOverrides(handle.db);
    expect(all.get('2025-01-01')).toBe(false);
    expect(all.get('2026-09-20')).toBe(true);
    expect(all.has('2026-10-08')).toBe(false);
  });
});
