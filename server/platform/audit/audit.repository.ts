import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { type AuditFields, GENESIS_HASH, hashAuditEntry } from './audit-chain.js';
import { noteAuditAppended } from './audit-signal.js';

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

/*
 * The audit log is hash-chained, and the chain is sealed after commit.
 *
 * In the business transaction `appendAudit` only INSERTs the entry, with its chain columns (`chain_seq`, `prev_hash`,
 * `hash`) NULL: no lock and no read of the last hash, so concurrent writers do not queue behind one another (they
 * used to hold one advisory lock from the entry's insert to the commit's WAL flush, which serialised every write of
 * the system). The entry commits or rolls back with the change it records, as before.
 *
 * `sealAuditChain` then links committed, unsealed entries in its own short transaction under one advisory lock:
 * in id order it gives each the next chain position (consecutive from 1), the previous entry's hash and its own
 * hash (the same formula as always: sha256 of the previous hash and the canonical entry, computed from the row as
 * stored). It runs in-process right after writes (audit-sealer.ts: debounced, poked by every append), at every
 * jobs tick (`platform.audit-seal`), when the server starts and stops, and before every verification and search.
 *
 * The chain's order is the chain position, not the id: ids come from a sequence, so they follow insert order, not
 * commit order, and a rolled-back transaction leaves a gap in them. A removed row shows as a gap in chain positions;
 * a changed row as a hash that no longer covers its content (or a link that no longer matches). The database lets
 * exactly one UPDATE through (the trigger of migration 2026-12-07T0100): an unsealed row receiving its chain
 * columns with every other column unchanged. Entries are sealed within a fraction of a second; between commit and
 * seal they are unchained, so `verifyAuditChain` seals before walking and reports any entry older than
 * UNSEALED_GRACE_MS that is still unsealed after that (reason `unsealed_entry`).
 */

/**
 * Append one entry to the audit log. Call it with the transaction of the change it records, so both commit or
 * neither; the entry is linked into the hash chain after commit (see above).
 */
export async function appendAudit(trx: Db, input: AuditInput): Promise<void> {
  const entry = auditEntryOf(input);
  await trx
    .insertInto('auditEntry')
    .values({
      ...entry,
      before: json(entry.before),
      after: json(entry.after),
      detail: json(entry.detail),
      chainSeq: null,
      prevHash: null,
      hash: null,
    })
    .execute();
  noteAuditAppended();
}

/** An unsealed entry's columns (its JSON columns as values, not yet serialised). */
export interface AuditEntryColumns {
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
}

/**
 * The columns `appendAudit` stores for an entry, for a caller that inserts the entry as part of a larger statement
 * of its own (the intake's single statement); that caller must call `noteAuditAppended` once the statement committed.
 */
export function auditEntryOf(input: AuditInput): AuditEntryColumns {
  return {
    at: input.at,
    actorUserId: input.actor.userId,
    actorName: input.actor.name,
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId === undefined || input.objectId === null ? null : String(input.objectId),
    before: input.before ?? null,
    after: input.after ?? null,
    detail: input.detail ?? null,
    requestId: input.requestId ?? null,
  };
}

const CHAIN_LOCK = 724001;
const SEAL_BATCH = 1000;

/** The hashed fields of a stored row (its id and chain columns left out). */
const fieldsOf = (row: AuditFields): AuditFields => ({
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
});

/**
 * Link every committed, unsealed entry into the chain, oldest id first, in batches of SEAL_BATCH, each batch in its
 * own short transaction under the chain's advisory lock (several servers may seal at once). Returns how many
 * entries it sealed. Pass the root handle, never a transaction: the entries it must see are other transactions'.
 */
export async function sealAuditChain(db: Db): Promise<number> {
  // Most passes find nothing to seal: one cheap statement (the partial index of unsealed ids) instead of a transaction.
  const pending = await db
    .selectFrom('auditEntry')
    .select('id')
    .where('chainSeq', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (!pending) return 0;
  let sealed = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit(CHAIN_LOCK)})`.execute(trx);
      // Read committed: these statements start after the lock is granted, so they see every earlier sealer's work.
      const rows = await trx
        .selectFrom('auditEntry')
        .selectAll()
        .where('chainSeq', 'is', null)
        .orderBy('id')
        .limit(SEAL_BATCH)
        .execute();
      if (rows.length === 0) return 0;
      const last = await trx
        .selectFrom('auditEntry')
        .select(['chainSeq', 'hash'])
        .where('chainSeq', 'is not', null)
        .orderBy('chainSeq', 'desc')
        .limit(1)
        .executeTakeFirst();
      let seq = last?.chainSeq ?? 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const links = rows.map((row) => {
        seq++;
        const hash = hashAuditEntry(prevHash, fieldsOf(row));
        const link = sql`(${row.id}::bigint, ${seq}::bigint, ${prevHash}::text, ${hash}::text)`;
        prevHash = hash;
        return link;
      });
      await sql`
        update audit_entry a set chain_seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
        from (values ${sql.join(links)}) as v(id, seq, prev_hash, hash)
        where a.id = v.id and a.chain_seq is null`.execute(trx);
      return rows.length;
    });
    sealed += n;
    if (n < SEAL_BATCH) return sealed;
  }
}

/** An entry still unsealed this long after its time is reported by `verifyAuditChain`. */
export const UNSEALED_GRACE_MS = 10_000;

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBroken?: { id: number; reason: 'hash_mismatch' | 'link_mismatch' | 'missing_entry' | 'unsealed_entry' };
}

export interface VerifyOptions {
  /** Seal committed entries before walking (default true); false checks the log as it is, writing nothing. */
  seal?: boolean;
}

/**
 * Seal (unless told not to), then walk the chain in chain-position order and report the first entry that follows
 * a gap in positions (a removed row: `missing_entry`), whose link does not match the previous hash
 * (`link_mismatch`) or whose hash does not cover its content (a changed row: `hash_mismatch`). Last, an entry whose
 * time is more than UNSEALED_GRACE_MS before the database's clock and that is still unsealed (after one more seal,
 * in case it committed during the walk) is reported as `unsealed_entry`: the sealer is not running or failing, or
 * a row was written behind the application's back. `checked` counts the intact entries before the first broken one.
 */
export async function verifyAuditChain(
  db: Db,
  onProgress?: (checked: number) => void,
  opts: VerifyOptions = {},
): Promise<ChainVerification> {
  const seal = opts.seal ?? true;
  if (seal) await sealAuditChain(db);
  let prevHash = GENESIS_HASH;
  let prevSeq = 0;
  let checked = 0;
  const batch = 2000;
  const walk = async (): Promise<ChainVerification | null> => {
    for (;;) {
      const rows = await db
        .selectFrom('auditEntry')
        .selectAll()
        .where('chainSeq', '>', prevSeq)
        .orderBy('chainSeq')
        .limit(batch)
        .execute();
      for (const row of rows) {
        const chainSeq = row.chainSeq as number;
        if (chainSeq !== prevSeq + 1)
          return { ok: false, checked, firstBroken: { id: row.id, reason: 'missing_entry' } };
        if (row.prevHash !== prevHash) {
          return { ok: false, checked, firstBroken: { id: row.id, reason: 'link_mismatch' } };
        }
        if (hashAuditEntry(prevHash, fieldsOf(row)) !== row.hash) {
          return { ok: false, checked, firstBroken: { id: row.id, reason: 'hash_mismatch' } };
        }
        prevHash = row.hash;
        prevSeq = chainSeq;
        checked++;
      }
      onProgress?.(checked);
      if (rows.length < batch) return null;
    }
  };
  const staleUnsealed = () =>
    db
      .selectFrom('auditEntry')
      .select('id')
      .where('chainSeq', 'is', null)
      .where('at', '<', sql<Date>`now() - make_interval(secs => ${UNSEALED_GRACE_MS / 1000})`)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
  const broken = await walk();
  if (broken) return broken;
  let stale = await staleUnsealed();
  if (stale && seal) {
    await sealAuditChain(db);
    const more = await walk();
    if (more) return more;
    stale = await staleUnsealed();
  }
  if (stale) return { ok: false, checked, firstBroken: { id: stale.id, reason: 'unsealed_entry' } };
  return { ok: true, checked };
}

export interface AuditEntryRow extends AuditFields {
  id: number;
  chainSeq: number | null;
  prevHash: string | null;
  hash: string | null;
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
