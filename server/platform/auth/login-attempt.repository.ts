import type { Db } from '../db/database.js';

/** How many sign-in attempts came from an IP address since an instant, and when the oldest of them was. */
export async function countLoginAttemptsSince(
  db: Db,
  ip: string,
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const row = await db
    .selectFrom('loginAttempt')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('at').as('oldest')])
    .where('ip', '=', ip)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest ? new Date(row.oldest) : null };
}

/** Record a sign-in attempt, for the per-IP rate limit and the security record. */
export async function recordLoginAttempt(
  db: Db,
  attempt: { at: Date; username: string; ip: string; success: boolean },
): Promise<void> {
  await db.insertInto('loginAttempt').values(attempt).execute();
}
