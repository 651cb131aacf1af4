import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { type AuditFields, GENESIS_HASH, hashAuditEntry } from './audit-chain.js';

export interface AuditInput {
  actor: { userId: number | null; name: string };
  action: string;
  objectType: string;
  objectId?: string | number | null;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
  requestId?: string | null;
  at: Date;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/**
 * Append one entry to the hash-chained audit log. Call it with the transaction of the change it
 * records, so both commit or neither; a transaction-scoped advisory lock orders concurrent writers
 * so each entry links to the one before it.
 */
export async function appendAudit(trx: Db, input: AuditInput): Promise<void> {
  // Outside a transaction the advisory lock would be released as soon as it is taken, letting two
  // writers link to the same previous entry: give a lone entry a transaction of its own.
  if (!trx.isTransaction) {
    await trx.transaction().execute((own) => appendAudit(own, input));
    return;
  }
  await sql`select pg_advisory_xact_lock(724001)`.execute(trx);
  const last = await trx.selectFrom('auditEntry').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Round-trip through JSON so the hash covers exactly what jsonb will hand back.
  const fields: AuditFields = {
    at: input.at,
    actorUserId: input.actor.userId,
    actorName: input.actor.name,
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId === undefined || input.objectId === null ? null : String(input.objectId),
    before: input.before === undefined ? null : JSON.parse(JSON.stringify(input.before)),
    after: input.after === undefined ? null : JSON.parse(JSON.stringify(input.after)),
    detail: input.detail === undefined ? null : JSON.parse(JSON.stringify(input.detail)),
    requestId: input.requestId ?? null,
  };
  await trx
    .insertInto('auditEntry')
    .values({
      at: fields.at,
      actorUserId: fields.actorUserId,
      actorName: fields.actorName,
      action: fields.action,
      objectType: fields.objectType,
      objectId: fields.objectId,
      before: json(fields.before),
      after: json(fields.after),
      detail: json(fields.detail),
      requestId: fields.requestId,
      prevHash,
      hash: hashAuditEntry(prevHash, fields),
    })
    .execute();
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBroken?: { id: number; reason: 'hash_mismatch' | 'link_mismatch' | 'missing_entry' };
}

/**
 * Walk the chain in id order and report the first entry whose hash does not cover its content
 * (a changed row), whose link does not match the previous hash, or that follows a gap in ids (a removed row).
 */
export async function verifyAuditChain(db: Db, onProgress?: (checked: number) => void): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let prevId = 0;
  let checked = 0;
  const batch = 2000;
  for (;;) {
    const rows = await db
      .selectFrom('auditEntry')
      .selectAll()
      .where('id', '>', prevId)
      .orderBy('id')
      .limit(batch)
      .execute();
    for (const row of rows) {
      if (row.prevHash !== prevHash) {
        const gap = prevId > 0 ? row.id !== prevId + 1 : row.id !== 1;
        return { ok: false, checked, firstBroken: { id: row.id, reason: gap ? 'missing_entry' : 'link_mismatch' } };
      }
      const fields: AuditFields = {
        at: row.at,
        actorUserId: row.actorUserId,
        actorName: row.actorName,
        action: row.action,
        objectType: row.objectType,
        objectId: row.objectId,
        before: row.before,
        after: row.after,
        detail: row.detail,
        requestId: row.requestId,
      };
      if (hashAuditEntry(row.prevHash, fields) !== row.hash) {
        return { ok: false, checked, firstBroken: { id: row.id, reason: 'hash_mismatch' } };
      }
      prevHash = row.hash;
      prevId = row.id;
      checked++;
    }
    onProgress?.(checked);
    if (rows.length < batch) return { ok: true, checked };
  }
}

export interface AuditEntryRow {
  id: number;
  at: Date;
  actorUserId: number | null;
  actorName: string;
  action: string;
  objectType: string;
  objectId: string | null;
  before: unknown;
  after: unknown;
  detail: unknown;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  page: number;
  pageSize: number;
  sort?: 'id' | '-id' | 'at' | '-at' | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of audit entries matching the filters (actor id or name substring, action or
 * 'prefix*', object type and id, time range from inclusive to exclusive), newest first by default.
 */
export async function listAuditEntries(db: Db, f: AuditFilter): Promise<{ rows: AuditEntryRow[]; total: number }> {
  const base = db.selectFrom('auditEntry').where((eb) => {
    const conds = [];
    if (f.actor) {
      const like = `%${escapeLike(f.actor)}%`;
      conds.push(
        /^\d+$/.test(f.actor)
          ? eb.or([eb('actorUserId', '=', Number(f.actor)), eb('actorName', 'ilike', like)])
          : eb('actorName', 'ilike', like),
      );
    }
    if (f.action) {
      conds.push(
        f.action.endsWith('*')
          ? eb('action', 'like', `${escapeLike(f.action.slice(0, -1))}%`)
          : eb('action', '=', f.action),
      );
    }
    if (f.objectType) conds.push(eb('objectType', '=', f.objectType));
    if (f.objectId) conds.push(eb('objectId', '=', f.objectId));
    if (f.from) conds.push(eb('at', '>=', new Date(f.from)));
    if (f.to) conds.push(eb('at', '<', new Date(f.to)));
    return eb.and(conds);
  });
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const sort = f.sort ?? '-id';
  const desc = sort.startsWith('-');
  const rows = await base
    .selectAll()
    .orderBy(sort.endsWith('at') ? 'at' : 'id', desc ? 'desc' : 'asc')
    .orderBy('id', desc ? 'desc' : 'asc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { rows, total: Number(total) };
}
