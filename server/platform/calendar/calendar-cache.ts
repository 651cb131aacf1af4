import type { WorkingCalendar } from './domain/working-days.js';

/*
 * The per-process cache of the working calendar read from calendar_day, one per root database handle.
 *
 * Deadlines are computed on most writes of the request workflow, and the calendar changes a few times a year, so it
 * is read once and kept. Writes through this module (overrides, resets, seeding) invalidate every cached calendar
 * after they commit; a load that was in flight across an invalidation is not kept, so it cannot put stale data back.
 * Another server process on the same PostgreSQL database cannot tell this one, so an entry also expires after a
 * minute: an override made there is seen here within that time.
 */

/** How long a cached calendar is trusted before it is read again (milliseconds). */
export const CALENDAR_CACHE_TTL_MS = 60_000;

interface CacheEntry {
  calendar: WorkingCalendar;
  loadedAt: number;
  generation: number;
}

const entries = new WeakMap<object, CacheEntry>();
let generation = 0;

/** Forgets every cached working calendar, because a calendar day was written; call it after the write commits. */
export function invalidateWorkingCalendars(): void {
  generation += 1;
}

/** Gives the cached calendar of a database handle when it is current and fresh, otherwise loads and keeps it. */
export async function cachedWorkingCalendar(
  key: object,
  nowMs: number,
  load: () => Promise<WorkingCalendar>,
): Promise<WorkingCalendar> {
  const hit = entries.get(key);
  if (hit && hit.generation === generation && nowMs >= hit.loadedAt && nowMs - hit.loadedAt < CALENDAR_CACHE_TTL_MS) {
    return hit.calendar;
  }
  const startedAt = generation;
  const calendar = await load();
  if (startedAt === generation) entries.set(key, { calendar, loadedAt: nowMs, generation: startedAt });
  return calendar;
}
