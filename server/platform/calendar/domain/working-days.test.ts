import { describe, expect, it } from 'vitest';
import { officialCalendarDays } from '../calendar-seed.js';
import {
  addCalendarDays,
  addWorkingDays,
  addWorkingHours,
  createWorkingCalendar,
  DEFAULT_OFFICE_HOURS,
  dayOfWeek,
  endOfShanghaiDay,
  nextWorkingDayOnOrAfter,
  officeHoursPerDay,
  startOfShanghaiDay,
  toShanghaiDate,
  workingDaysBetween,
  workingHoursBetween,
} from './working-days.js';

/** The official calendar for 2025–2027 (a year without published data falls back to Monday–Friday). */
const official = createWorkingCalendar(
  new Map([2025, 2026, 2027].flatMap((year) => officialCalendarDays(year).map((d) => [d.day, d.isWorking] as const))),
);
const mondayToFriday = createWorkingCalendar(new Map());

/** A Shanghai wall-clock time, e.g. sh('2026-09-30 10:00'). */
function sh(wallClock: string): Date {
  return new Date(`${wallClock.replace(' ', 'T')}:00+08:00`);
}

/** The day-based deadline instant: the end of a Shanghai day. */
function endOf(day: string): Date {
  return new Date(`${day}T23:59:59.999+08:00`);
}

describe('Shanghai calendar days', () => {
  it.each([
    ['2026-09-30T15:59:59.999Z', '2026-09-30'],
    ['2026-09-30T16:00:00.000Z', '2026-10-01'],
    ['2025-12-31T16:00:00.000Z', '2026-01-01'],
    ['2024-02-28T16:30:00.000Z', '2024-02-29'],
    ['1970-01-01T00:00:00.000Z', '1970-01-01'],
    ['1969-12-31T15:00:00.000Z', '1969-12-31'],
  ])('the instant %s falls on %s in Shanghai (UTC+8, no DST)', (iso, day) => {
    expect(toShanghaiDate(new Date(iso))).toBe(day);
  });

  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-10-01', 0, '2026-10-01'],
    ['2026-01-01', 365, '2027-01-01'],
  ])('%s plus %i calendar days is %s', (day, n, expected) => {
    expect(addCalendarDays(day, n)).toBe(expected);
  });

  it.each([
    ['2026-01-01', 4],
    ['2026-10-01', 4],
    ['2026-10-10', 6],
    ['2026-09-20', 0],
    ['1970-01-01', 4],
    ['1969-12-28', 0],
    ['2031-10-01', 3],
  ])('%s is weekday %i (0 = Sunday)', (day, weekday) => {
    expect(dayOfWeek(day)).toBe(weekday);
  });

  it('a Shanghai day starts at 16:00 UTC the day before and ends a millisecond before the next one', () => {
    expect(startOfShanghaiDay('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(endOfShanghaiDay('2026-10-01').toISOString()).toBe('2026-10-01T15:59:59.999Z');
  });

  it.each([['2026-02-30'], ['2026-13-01'], ['2026-1-1'], ['20260101'], [''], ['2026-10-01T00:00']])(
    'an invalid day %j is refused',
    (day) => {
      expect(() => dayOfWeek(day)).toThrow(RangeError);
      expect(() => addCalendarDays(day, 1)).toThrow(RangeError);
    },
  );

  it('an invalid Date is refused', () => {
    expect(() => toShanghaiDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('createWorkingCalendar', () => {
  it('days absent from the overrides are working days exactly Monday to Friday', () => {
    const week = ['2031-10-05', '2031-10-06', '2031-10-07', '2031-10-08', '2031-10-09', '2031-10-10', '2031-10-11'];
    expect(week.map((day) => mondayToFriday.isWorkingDay(day))).toEqual([false, true, true, true, true, true, false]);
  });

  it('an override decides the day, either way', () => {
    const cal = createWorkingCalendar(
      new Map([
        ['2031-10-01', false],
        ['2031-10-04', true],
      ]),
    );
    expect(cal.isWorkingDay('2031-10-01')).toBe(false);
    expect(cal.isWorkingDay('2031-10-04')).toBe(true);
    expect(cal.isWorkingDay('2031-10-02')).toBe(true);
  });

  it('a year without official data (2031) falls back to Monday–Friday, even on National Day', () => {
    const cal = createWorkingCalendar(new Map(officialCalendarDays(2031).map((d) => [d.day, d.isWorking])));
    expect(cal.isWorkingDay('2031-10-01')).toBe(true); // a Wednesday: unconfirmed, so counted as working
    expect(cal.isWorkingDay('2031-10-04')).toBe(false);
    expect(addWorkingDays(cal, sh('2031-09-30 10:00'), 3)).toEqual(endOf('2031-10-03'));
  });
});

describe('addWorkingDays: the day of receipt does not count; the deadline is the end of the n-th working day after it', () => {
  it.each([
    // 2026 National Day: 1–7 Oct off; Sun 20 Sep and Sat 10 Oct are working days; Mid-Autumn 25–27 Sep off.
    ['received the day before National Day', '2026-09-30 10:00', 1, '2026-10-08'],
    ['the adjusted Saturday counts', '2026-09-30 10:00', 3, '2026-10-10'],
    ['the Sunday after the adjusted Saturday does not', '2026-09-30 10:00', 4, '2026-10-12'],
    ['received during the holiday', '2026-10-03 15:00', 1, '2026-10-08'],
    ['received during the holiday, n = 0', '2026-10-03 15:00', 0, '2026-10-08'],
    ['received on the adjusted Saturday, n = 0', '2026-10-10 09:00', 0, '2026-10-10'],
    ['the adjusted Sunday before National Day counts', '2026-09-19 10:00', 1, '2026-09-20'],
    ['Mid-Autumn is skipped', '2026-09-24 10:00', 1, '2026-09-28'],
    ['a ten-day limit across both holidays', '2026-09-18 10:00', 10, '2026-10-09'],
    // 2026 Spring Festival: 15–23 Feb off; Sat 14 Feb and Sat 28 Feb are working days.
    ['the Saturday before Spring Festival is a working day', '2026-02-13 10:00', 1, '2026-02-14'],
    ['Spring Festival is skipped', '2026-02-13 10:00', 2, '2026-02-24'],
    ['received on the eve, five days', '2026-02-14 18:00', 5, '2026-02-28'],
    // Year boundary 2025 → 2026: 1–3 Jan off, Sun 4 Jan working.
    ['the last working day of the year', '2025-12-30 10:00', 1, '2025-12-31'],
    ['across New Year to the adjusted Sunday', '2025-12-30 10:00', 2, '2026-01-04'],
    ['across New Year', '2025-12-30 10:00', 3, '2026-01-05'],
    // Plain weeks.
    ['n = 0 on a working day is the end of that day', '2026-03-04 08:00', 0, '2026-03-04'],
    ['n = 0 on a weekend is the end of the next working day', '2026-03-07 08:00', 0, '2026-03-09'],
    ['Friday plus one is Monday', '2026-03-06 17:00', 1, '2026-03-09'],
    ['a fifteen-working-day limit', '2026-03-02 09:00', 15, '2026-03-23'],
  ])('%s: %s + %i working days → end of %s', (_label, received, n, deadlineDay) => {
    expect(addWorkingDays(official, sh(received), n)).toEqual(endOf(deadlineDay));
  });

  it('the Shanghai day of receipt decides, not the UTC day', () => {
    // Friday 9 Oct 23:59 in Shanghai is still Friday; one minute later it is the adjusted Saturday.
    expect(addWorkingDays(official, new Date('2026-10-09T15:59:00Z'), 1)).toEqual(endOf('2026-10-10'));
    expect(addWorkingDays(official, new Date('2026-10-09T16:00:00Z'), 1)).toEqual(endOf('2026-10-12'));
  });

  it('crossing into a year without official data uses local overrides for its holidays', () => {
    const cal = createWorkingCalendar(new Map([['2027-01-01', false]]));
    expect(addWorkingDays(cal, sh('2026-12-30 10:00'), 2)).toEqual(endOf('2027-01-04'));
    expect(addWorkingDays(mondayToFriday, sh('2026-12-30 10:00'), 2)).toEqual(endOf('2027-01-01'));
  });

  it.each([[-1], [1.5], [Number.NaN]])('n = %s is refused', (n) => {
    expect(() => addWorkingDays(official, sh('2026-03-02 09:00'), n)).toThrow(RangeError);
  });

  it('a calendar without any working day is reported instead of looping forever', () => {
    const never = { isWorkingDay: () => false };
    expect(() => addWorkingDays(never, sh('2026-03-02 09:00'), 1)).toThrow(/no working day/);
    expect(() => addWorkingHours(never, sh('2026-03-02 09:00'), 1)).toThrow(/no working day/);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2026-09-30 10:00', '2026-10-12 09:00', 4],
    ['2026-10-12 09:00', '2026-09-30 10:00', -4],
    ['2026-02-13 10:00', '2026-02-28 10:00', 6],
    ['2025-12-30 10:00', '2026-01-05 10:00', 3],
    ['2026-10-01 08:00', '2026-10-07 20:00', 0],
    ['2026-03-04 08:00', '2026-03-04 20:00', 0],
    ['2026-03-06 08:00', '2026-03-09 08:00', 1],
  ])('from %s to %s there are %i working days (the first day not counted, the last counted)', (from, to, expected) => {
    expect(workingDaysBetween(official, sh(from), sh(to))).toBe(expected);
  });
});

describe('working days: exhaustive properties over 2026', () => {
  const days2026 = officialCalendarDays(2026).map((d) => d.day);
  const times = ['00:00', '09:30', '23:59'];

  it('for every day of 2026 and n in 1..20, workingDaysBetween(from, addWorkingDays(from, n)) = n, and the deadline is the end of a working day', () => {
    for (const day of days2026) {
      for (const time of times) {
        const from = sh(`${day} ${time}`);
        let previous = from;
        for (let n = 1; n <= 20; n += 1) {
          const deadline = addWorkingDays(official, from, n);
          expect(workingDaysBetween(official, from, deadline)).toBe(n);
          expect(official.isWorkingDay(toShanghaiDate(deadline))).toBe(true);
          expect(deadline).toEqual(endOfShanghaiDay(toShanghaiDate(deadline)));
          expect(deadline.getTime()).toBeGreaterThan(previous.getTime());
          previous = deadline;
        }
      }
    }
  });

  it('for every day of 2026, n = 0 gives the end of the first working day on or after the day of receipt', () => {
    for (const day of days2026) {
      const deadline = addWorkingDays(official, sh(`${day} 12:00`), 0);
      expect(deadline).toEqual(endOfShanghaiDay(nextWorkingDayOnOrAfter(official, day)));
      expect(workingDaysBetween(official, sh(`${day} 12:00`), deadline)).toBe(official.isWorkingDay(day) ? 0 : 1);
    }
  });

  it('workingDaysBetween is antisymmetric and additive', () => {
    for (let i = 0; i < days2026.length; i += 7) {
      const a = sh(`${days2026[i]} 10:00`);
      const b = sh(`${addCalendarDays(days2026[i]!, 11)} 10:00`);
      const c = sh(`${addCalendarDays(days2026[i]!, 40)} 10:00`);
      expect(workingDaysBetween(official, b, a)).toBe(-workingDaysBetween(official, a, b));
      expect(workingDaysBetween(official, a, c)).toBe(
        workingDaysBetween(official, a, b) + workingDaysBetween(official, b, c),
      );
    }
  });

  it('2026 has 248 working days: 261 weekdays, minus 19 weekday holidays, plus 6 adjusted weekend days', () => {
    const days = officialCalendarDays(2026);
    const total = workingDaysBetween(official, sh('2025-12-31 12:00'), sh('2026-12-31 12:00'));
    expect(total).toBe(days.filter((d) => d.isWorking).length);
    expect(total).toBe(248);
  });
});

describe('addWorkingHours: only office hours on working days count', () => {
  it.each([
    ['within the morning', '2026-03-04 09:00', 2, '2026-03-04 11:00'],
    ['across the lunch break', '2026-03-06 11:00', 2, '2026-03-06 14:30'],
    ['starting during the lunch break', '2026-03-04 12:30', 1, '2026-03-04 14:30'],
    ['starting before opening', '2026-03-04 07:00', 1, '2026-03-04 10:00'],
    ['starting after closing', '2026-03-04 18:00', 1, '2026-03-05 10:00'],
    ['across a weekend', '2026-03-06 16:30', 2, '2026-03-09 10:00'],
    ['starting on a Saturday', '2026-03-07 10:00', 1.5, '2026-03-09 10:30'],
    ['a whole day ends at closing time, not the next morning', '2026-03-04 09:00', 7, '2026-03-04 17:30'],
    ['an exact morning ends at noon', '2026-03-04 09:00', 3, '2026-03-04 12:00'],
    ['two whole days', '2026-03-04 09:00', 14, '2026-03-05 17:30'],
    ['across National Day 2026', '2026-09-30 17:00', 1, '2026-10-08 09:30'],
    ['on the adjusted Saturday', '2026-10-09 17:00', 1, '2026-10-10 09:30'],
    ['a quarter hour', '2026-03-04 11:50', 0.25, '2026-03-04 13:35'],
  ])('%s: %s + %s h → %s', (_label, from, hours, expected) => {
    expect(addWorkingHours(official, sh(from), hours)).toEqual(sh(expected));
  });

  it('zero hours is the starting instant, even outside office hours', () => {
    expect(addWorkingHours(official, sh('2026-03-07 22:00'), 0)).toEqual(sh('2026-03-07 22:00'));
  });

  it('custom office hours 08:30–12:00 and 14:30–17:30 are honoured', () => {
    const hours = [
      { start: '08:30', end: '12:00' },
      { start: '14:30', end: '17:30' },
    ];
    expect(officeHoursPerDay(hours)).toBe(6.5);
    expect(addWorkingHours(official, sh('2026-03-04 11:00'), 2, hours)).toEqual(sh('2026-03-04 15:30'));
    expect(workingHoursBetween(official, sh('2026-03-04 00:00'), sh('2026-03-05 00:00'), hours)).toBe(6.5);
  });

  it('the default office day is seven hours', () => {
    expect(officeHoursPerDay()).toBe(7);
    expect(DEFAULT_OFFICE_HOURS).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ]);
  });

  it.each([
    ['empty', []],
    ['end before start', [{ start: '12:00', end: '09:00' }]],
    [
      'overlapping',
      [
        { start: '09:00', end: '12:00' },
        { start: '11:00', end: '17:00' },
      ],
    ],
    [
      'out of order',
      [
        { start: '13:00', end: '17:00' },
        { start: '09:00', end: '12:00' },
      ],
    ],
    ['bad clock', [{ start: '9:00', end: '12:00' }]],
    ['minute 60', [{ start: '09:60', end: '12:00' }]],
    ['after midnight', [{ start: '09:00', end: '24:30' }]],
  ])('%s office hours are refused', (_label, hours) => {
    expect(() => addWorkingHours(official, sh('2026-03-04 09:00'), 1, hours)).toThrow(RangeError);
    expect(() => workingHoursBetween(official, sh('2026-03-04 09:00'), sh('2026-03-05 09:00'), hours)).toThrow(
      RangeError,
    );
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('%s hours is refused', (hours) => {
    expect(() => addWorkingHours(official, sh('2026-03-04 09:00'), hours)).toThrow(RangeError);
  });
});

describe('workingHoursBetween', () => {
  it.each([
    ['Friday 11:00 to Monday 10:00', '2026-03-06 11:00', '2026-03-09 10:00', 6],
    ['the lunch break does not count', '2026-03-04 12:00', '2026-03-04 13:30', 0],
    ['a twenty-minute span', '2026-03-04 09:00', '2026-03-04 09:20', 1 / 3],
    ['a whole weekend', '2026-03-07 00:00', '2026-03-09 00:00', 0],
    ['the whole National Day week', '2026-10-01 00:00', '2026-10-08 00:00', 0],
    ['across National Day to the adjusted Saturday', '2026-09-30 17:00', '2026-10-10 10:00', 0.5 + 7 + 7 + 1],
    ['backwards', '2026-03-09 10:00', '2026-03-06 11:00', -6],
    ['same instant', '2026-03-04 10:00', '2026-03-04 10:00', 0],
  ])('%s: %s → %s is %f working hours', (_label, from, to, expected) => {
    expect(workingHoursBetween(official, sh(from), sh(to))).toBeCloseTo(expected, 10);
  });
});

describe('working hours: properties around National Day 2026', () => {
  // Every 97 minutes from 25 Sep to 15 Oct 2026 hits every part of the day, holidays and adjusted weekends.
  const starts = Array.from({ length: 310 }, (_, i) => new Date(sh('2026-09-25 00:00').getTime() + i * 97 * 60_000));
  const durations = [0.25, 1, 3, 3.5, 7, 10.75, 35];

  it('workingHoursBetween(from, addWorkingHours(from, h)) = h and the end lies in office hours on a working day', () => {
    for (const from of starts) {
      for (const hours of durations) {
        const end = addWorkingHours(official, from, hours);
        expect(Math.round(workingHoursBetween(official, from, end) * 3_600_000)).toBe(Math.round(hours * 3_600_000));
        expect(official.isWorkingDay(toShanghaiDate(end))).toBe(true);
        const minuteOfDay = (end.getTime() - startOfShanghaiDay(toShanghaiDate(end)).getTime()) / 60_000;
        const inOfficeHours = (minuteOfDay > 540 && minuteOfDay <= 720) || (minuteOfDay > 810 && minuteOfDay <= 1050);
        expect(inOfficeHours).toBe(true);
      }
    }
  });

  it('adding a then b hours is the same as adding a + b hours', () => {
    for (const from of starts.filter((_, i) => i % 5 === 0)) {
      for (const a of [1, 3, 7]) {
        for (const b of [0.5, 4, 7]) {
          expect(addWorkingHours(official, addWorkingHours(official, from, a), b)).toEqual(
            addWorkingHours(official, from, a + b),
          );
        }
      }
    }
  });
});
