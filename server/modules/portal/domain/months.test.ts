import { describe, expect, it } from 'vitest';
import { isoWeekOfDay, isoWeeksOfMonth, shanghaiMonthOf } from './months.js';

describe('the portal’s months', () => {
  it('a month holds the ISO weeks whose Thursday falls in it', () => {
    // December 2026: Thursdays 3, 10, 17, 24, 31 → weeks 49 to 53 (2026 has 53 ISO weeks).
    expect(isoWeeksOfMonth('2026-12')).toEqual(['2026-W49', '2026-W50', '2026-W51', '2026-W52', '2026-W53']);
    // January 2027 starts on a Friday: its first days belong to 2026-W53, its first own week is 2027-W01.
    expect(isoWeeksOfMonth('2027-01')[0]).toBe('2027-W01');
    expect(isoWeeksOfMonth('2026-02')).toHaveLength(4);
  });
  it('ISO weeks follow the Thursday rule at year ends', () => {
    expect(isoWeekOfDay(new Date(Date.UTC(2027, 0, 1)))).toBe('2026-W53');
    expect(isoWeekOfDay(new Date(Date.UTC(2024, 11, 30)))).toBe('2025-W01');
  });
  it('the month is Shanghai’s: 20:00 UTC on the last day is already the next month', () => {
    expect(shanghaiMonthOf(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12');
    expect(shanghaiMonthOf(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11');
  });
});
