import type { Db } from '../../platform/db/database.js';

// Reads for the scheduled jobs: requests in one state, in pages by id (keyset), through the (state, id) index of
// migration 2026-11-22T0510. No scope: the jobs act for the system.

/** Up to `limit` requests in `state` with an id above `afterId`, by id. */
export async function listRequestIdsInState(
  db: Db,
  state: 'in_progress' | 'replied',
  afterId: number,
  limit: number,
): Promise<{ id: number; tenantCode: string; repliedAt: Date | null }[]> {
  const rows = await db
    .selectFrom('request')
    .select(['id', 'tenantCode', 'repliedAt'])
    .where('state', '=', state)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, repliedAt: r.repliedAt ? new Date(r.repliedAt) : null }));
}
