import type { Db } from '../../platform/db/database.js';

// The `request_rating_link` table (migration 2026-11-22T0510_requests_rating-links): one-time rating links, kept as
// the SHA-256 of the token only.

export interface RatingLinkRow {
  tokenHash: string;
  requestId: number;
  replyRound: number;
  expiresAt: Date;
  usedAt: Date | null;
}

export async function insertRatingLink(
  trx: Db,
  link: { tokenHash: string; tenantCode: string; requestId: number; replyRound: number; expiresAt: Date },
  now: Date,
): Promise<void> {
  await trx
    .insertInto('requestRatingLink')
    .values({ ...link, createdAt: now })
    .execute();
}

/** The link a token hash names; `forUpdate` locks it for the rest of the transaction (rating). */
export async function findRatingLink(db: Db, tokenHash: string, forUpdate = false): Promise<RatingLinkRow | undefined> {
  let q = db
    .selectFrom('requestRatingLink')
    .select(['tokenHash', 'requestId', 'replyRound', 'expiresAt', 'usedAt'])
    .where('tokenHash', '=', tokenHash);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row
    ? { ...row, expiresAt: new Date(row.expiresAt), usedAt: row.usedAt ? new Date(row.usedAt) : null }
    : undefined;
}

export async function markRatingLinkUsed(trx: Db, tokenHash: string, now: Date): Promise<void> {
  await trx.updateTable('requestRatingLink').set({ usedAt: now }).where('tokenHash', '=', tokenHash).execute();
}

/** The encrypted citizen phone of a request (null for anonymous requests or none given). */
export async function findCitizenPhoneEnc(db: Db, requestId: number): Promise<string | null> {
  const row = await db.selectFrom('request').select('citizenPhoneEnc').where('id', '=', requestId).executeTakeFirst();
  return row?.citizenPhoneEnc ?? null;
}

/** A category's name (the taxonomy is read here as the requests module's own reference data). */
export async function findCategoryName(db: Db, code: string): Promise<string | null> {
  const row = await db.selectFrom('category').select('name').where('code', '=', code).executeTakeFirst();
  return row?.name ?? null;
}
