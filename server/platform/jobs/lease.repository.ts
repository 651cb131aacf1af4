import { sql } from 'kysely';
import type { Db } from '../db/database.js';

// The `job_lease` table (migration 2026-11-22T0100_platform_init): one row per scheduled job, naming the process that
// may run it until `expires_at`. Taking, renewing and giving back a lease are single statements, so two servers that
// race for it cannot both win (the primary key and the conditional upsert decide), on PGlite and PostgreSQL alike.

/**
 * Takes the lease `name` for `holder` until `now + ttlMs` when it is free, expired or already this holder's; returns
 * whether `holder` holds it afterwards.
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const row = await db
    .insertInto('jobLease')
    .values({ name, holder, expiresAt })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, expiresAt })
        .where((eb) => eb.or([eb('jobLease.holder', '=', holder), eb('jobLease.expiresAt', '<=', now)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

/** Extends a lease this holder still holds (even if just expired but not yet taken); false when another took it. */
export async function renewLease(db: Db, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('jobLease')
    .set({ expiresAt: new Date(now.getTime() + ttlMs) })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives a lease back so another server may take it at once; does nothing when this holder no longer holds it. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom('jobLease').where('name', '=', name).where('holder', '=', holder).execute();
}

/** The current holder of a lease and until when (tests, diagnostics). */
export async function findLease(db: Db, name: string): Promise<{ holder: string; expiresAt: Date } | undefined> {
  const row = await db
    .selectFrom('jobLease')
    .select(['holder', sql<Date>`expires_at`.as('expiresAt')])
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? { holder: row.holder, expiresAt: new Date(row.expiresAt) } : undefined;
}
