import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { isOfficialYearCovered, officialCalendarDays, officialYearsCovered } from './calendar-seed.js';

const UNCOVERED_YEAR = 2031;

describe('officialYearsCovered', () => {
  it('lists consecutive years from the package data, including 2025 and 2026', () => {
    const years = officialYearsCovered();
    expect(years).toEqual(expect.arrayContaining([2025, 2026]));
    expect(years[0]).toBe(2004);
    years.forEach((year, index) => {
      if (index > 0) expect(year).toBe(years[index - 1]! + 1);
    });
  });

  it('a year whose schedule has not been published is not covered', () => {
    expect(isOfficialYearCovered(UNCOVERED_YEAR)).toBe(false);
    expect(isOfficialYearCovered(2026)).toBe(true);
    expect(officialYearsCovered()).not.toContain(UNCOVERED_YEAR);
  });

  it('returns a copy that callers cannot corrupt', () => {
    officialYearsCovered().push(1999);
    expect(officialYearsCovered()).not.toContain(1999);
  });
});

describe('officialCalendarDays', () => {
  it.each([
    [2024, 366],
    [2026, 365],
    [UNCOVERED_YEAR, 365],
  ])('lists every day of %i once, in order (%i days)', (year, length) => {
    const days = officialCalendarDays(year);
    expect(days).toHaveLength(length);
    expect(days[0]!.day).toBe(`${year}-01-01`);
    expect(days.at(-1)!.day).toBe(`${year}-12-31`);
    expect(new Set(days.map((d) => d.day)).size).toBe(length);
  });

  it('2026 National Day: 1–7 October off, Sunday 20 September and Saturday 10 October are adjusted working days', () => {
    const byDay = new Map(officialCalendarDays(2026).map((d) => [d.day, d]));
    for (let date = 1; date <= 7; date += 1) {
      expect(byDay.get(`2026-10-0${date}`)).toMatchObject({ isWorking: false, kind: 'holiday', name: '国庆节' });
    }
    expect(byDay.get('2026-09-20')).toEqual({
      day: '2026-09-20',
      isWorking: true,
      kind: 'adjusted_workday',
      name: '国庆节',
    });
    expect(byDay.get('2026-10-10')).toMatchObject({ isWorking: true, kind: 'adjusted_workday' });
    expect(byDay.get('2026-10-08')).toEqual({ day: '2026-10-08', isWorking: true, kind: 'workday', name: null });
    expect(byDay.get('2026-10-11')).toEqual({ day: '2026-10-11', isWorking: false, kind: 'weekend', name: null });
  });

  it('2026 adjusted working days are exactly the six published ones', () => {
    const adjusted = officialCalendarDays(2026).filter((d) => d.kind === 'adjusted_workday');
    expect(adjusted.map((d) => d.day)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });

  it('2026 Spring Festival: 15–23 February off (9 days)', () => {
    const springFestival = officialCalendarDays(2026).filter((d) => d.kind === 'holiday' && d.name === '春节');
    expect(springFestival.map((d) => d.day)).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
  });

  it('a year without official data is plain Monday–Friday with no names', () => {
    const days = officialCalendarDays(UNCOVERED_YEAR);
    expect(days.every((d) => d.kind === 'workday' || d.kind === 'weekend')).toBe(true);
    expect(days.every((d) => d.name === null)).toBe(true);
    expect(days.find((d) => d.day === '2031-10-01')).toMatchObject({ isWorking: true, kind: 'workday' }); // a Wednesday
    expect(days.find((d) => d.day === '2031-10-04')).toMatchObject({ isWorking: false, kind: 'weekend' }); // a Saturday
  });

  it('every kind agrees with isWorking, and adjusted working days fall on weekends', () => {
    for (const year of officialYearsCovered()) {
      for (const d of officialCalendarDays(year)) {
        expect(d.isWorking).toBe(d.kind === 'workday' || d.kind === 'adjusted_workday');
        if (d.kind === 'adjusted_workday') expect([0, 6]).toContain(new Date(`${d.day}T00:00:00Z`).getUTCDay());
        if (d.kind === 'holiday' || d.kind === 'adjusted_workday') expect(d.name).toMatch(/\p{Script=Han}/u);
      }
    }
  });

  it('agrees with the package’s own isWorkday for every day of every covered year', () => {
    const disagreements: string[] = [];
    for (const year of officialYearsCovered()) {
      for (const d of officialCalendarDays(year)) {
        const [y, m, dd] = d.day.split('-').map(Number) as [number, number, number];
        // A local-midnight Date is read correctly by the package whatever the process time zone is.
        if (chineseDays.isWorkday(new Date(y, m - 1, dd)) !== d.isWorking) disagreements.push(d.day);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it.each([[2026.5], [Number.NaN], [99]])('an invalid year %s is refused', (year) => {
    expect(() => officialCalendarDays(year)).toThrow(RangeError);
  });
});
