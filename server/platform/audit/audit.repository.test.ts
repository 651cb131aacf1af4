import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { openTestDatabase } from '../testing/test-context.js';
import { appendAudit, listAuditEntries, sealAuditChain, verifyAuditChain } from './audit.repository.js';
import { GENESIS_HASH, hashAuditEntry } from './audit-chain.js';
import { startAuditSealer } from './audit-sealer.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

const at = new Date('2026-11-20T02:00:00Z');
const actor = { userId: 7, name: '张三 (zhangsan)' };

async function append(n: number, action = 'thing.changed') {
  for (let i = 0; i < n; i++) {
    await handle.db.transaction().execute((trx) =>
      appendAudit(trx, {
        actor,
        action,
        objectType: 'thing',
        objectId: i,
        before: { name: `旧${i}`, nested: { b: 2, a: 1 } },
        after: { name: `新${i}`, when: new Date(at.getTime() + i), list: [1, 'two', null] },
        detail: { note: 'x' },
        requestId: `req-${i}`,
        at: new Date(at.getTime() + i * 1000),
      }),
    );
  }
  await sealAuditChain(handle.db);
}

// Simulate a superuser tampering: the append-only trigger must be switched off first.
async function asSuperuser(statement: ReturnType<typeof sql>) {
  await sql`alter table audit_entry disable trigger user`.execute(handle.db);
  try {
    await statement.execute(handle.db);
  } finally {
    await sql`alter table audit_entry enable trigger user`.execute(handle.db);
  }
}

async function ids(): Promise<number[]> {
  return (await handle.db.selectFrom('auditEntry').select('id').orderBy('id').execute()).map((r) => r.id);
}

const chain = () => handle.db.selectFrom('auditEntry').selectAll().orderBy('chainSeq').execute();

describe('the hash-chained audit log', () => {
  beforeEach(async () => {
    // Each test starts from an empty log (truncate is refused by a trigger too, so switch triggers off).
    await asSuperuser(sql`delete from audit_entry`);
  });

  it('links every entry to the previous one and verifies', async () => {
    await append(5);
    const rows = await chain();
    expect(rows.map((r) => r.chainSeq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 5 });
  });

  it('the hash covers the previous hash and the canonical entry, whatever the key order of jsonb', async () => {
    await append(1);
    const row = await handle.db.selectFrom('auditEntry').selectAll().executeTakeFirstOrThrow();
    expect(row.before).toEqual({ nested: { a: 1, b: 2 }, name: '旧0' });
    const recomputed = hashAuditEntry(row.prevHash!, {
      at: row.at,
      actorUserId: row.actorUserId,
      actorName: row.actorName,
      action: row.action,
      objectType: row.objectType,
      objectId: row.objectId,
      before: { nested: { a: 1, b: 2 }, name: '旧0' },
      after: row.after,
      detail: row.detail,
      requestId: row.requestId,
    });
    expect(recomputed).toBe(row.hash);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on audit_entry', async () => {
    await append(2);
    const [first] = await ids();
    await expect(sql`update audit_entry set action = 'x' where id = ${first}`.execute(handle.db)).rejects.toThrow(
      /AUDIT_IMMUTABLE/,
    );
    await expect(sql`delete from audit_entry where id = ${first}`.execute(handle.db)).rejects.toThrow(
      /AUDIT_IMMUTABLE/,
    );
    await expect(sql`truncate audit_entry`.execute(handle.db)).rejects.toThrow(/AUDIT_IMMUTABLE/);
    expect(await ids()).toHaveLength(2);
  });

  it('reports a changed row as the first broken link', async () => {
    await append(5);
    const target = (await ids())[2]!;
    await asSuperuser(sql`update audit_entry set after = '{"name":"篡改"}'::jsonb where id = ${target}`);
    expect(await verifyAuditChain(handle.db)).toEqual({
      ok: false,
      checked: 2,
      firstBroken: { id: target, reason: 'hash_mismatch' },
    });
  });

  it('reports a changed timestamp or actor too', async () => {
    await append(3);
    const target = (await ids())[1]!;
    await asSuperuser(sql`update audit_entry set actor_name = 'someone else' where id = ${target}`);
    expect((await verifyAuditChain(handle.db)).firstBroken).toEqual({ id: target, reason: 'hash_mismatch' });
  });

  it('reports a removed row at the entry that follows the gap', async () => {
    await append(5);
    const all = await ids();
    await asSuperuser(sql`delete from audit_entry where id = ${all[2]!}`);
    expect(await verifyAuditChain(handle.db)).toEqual({
      ok: false,
      checked: 2,
      firstBroken: { id: all[3], reason: 'missing_entry' },
    });
  });

  it('a changed row whose own hash was recomputed is caught at the next link', async () => {
    await append(4);
    const rows = await chain();
    const victim = rows[1]!;
    const forged = hashAuditEntry(victim.prevHash!, {
      at: victim.at,
      actorUserId: victim.actorUserId,
      actorName: 'forger',
      action: victim.action,
      objectType: victim.objectType,
      objectId: victim.objectId,
      before: victim.before,
      after: victim.after,
      detail: victim.detail,
      requestId: victim.requestId,
    });
    await asSuperuser(sql`update audit_entry set actor_name = 'forger', hash = ${forged} where id = ${victim.id}`);
    expect(await verifyAuditChain(handle.db)).toEqual({
      ok: false,
      checked: 2,
      firstBroken: { id: rows[2]!.id, reason: 'link_mismatch' },
    });
  });

  it('an entry in a rolled-back transaction leaves no broken link', async () => {
    await append(1);
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await appendAudit(trx, { actor, action: 'doomed', objectType: 'thing', at });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await append(1);
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 2 });
  });

  it('two concurrent transactions each appending entries both commit and the chain verifies (no stall)', async () => {
    const writer = (name: string) =>
      handle.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 3; i++) {
          await appendAudit(trx, { actor, action: `${name}.step`, objectType: 'thing', objectId: i, at });
        }
      });
    await Promise.all([
      writer('a'),
      writer('b'),
      appendAudit(handle.db, { actor, action: 'lone', objectType: 'x', at }),
    ]);
    expect(await ids()).toHaveLength(7);
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 7 });
  });

  it('writes entries unchained in the transaction; the sealer links them after commit', async () => {
    await handle.db.transaction().execute((trx) => appendAudit(trx, { actor, action: 'x', objectType: 'thing', at }));
    const [written] = await chain();
    expect(written).toMatchObject({ chainSeq: null, prevHash: null, hash: null });
    expect(await sealAuditChain(handle.db)).toBe(1);
    expect(await sealAuditChain(handle.db)).toBe(0);
    const [sealed] = await chain();
    expect(sealed).toMatchObject({
      chainSeq: 1,
      prevHash: GENESIS_HASH,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('many writers at once, some rolled back: every committed entry is sealed once, in consecutive positions', async () => {
    const writer = (n: number) =>
      handle.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 3; i++) {
          await appendAudit(trx, { actor, action: `w${n}.step`, objectType: 'thing', objectId: i, at });
        }
        if (n % 3 === 0) throw new Error('rollback');
      });
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 12 }, (_, n) => writer(n)),
      sealAuditChain(handle.db),
      sealAuditChain(handle.db),
    ]);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(4);
    await Promise.all([sealAuditChain(handle.db), sealAuditChain(handle.db)]);
    const rows = await chain();
    expect(rows).toHaveLength(8 * 3);
    expect(rows.map((r) => r.chainSeq)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(rows.some((r) => r.action.startsWith('w3.'))).toBe(false);
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 24 });
  });

  it('chains in commit-then-seal order, not id order', async () => {
    await append(2);
    const high = (await ids()).at(-1)! + 100;
    // An entry with a higher id sealed before one with a lower id: what a slow transaction does under load.
    await sql`insert into audit_entry (id, at, actor_name, action, object_type) values (${high}, ${at}, 'a', 'late.id', 't')`.execute(
      handle.db,
    );
    await sealAuditChain(handle.db);
    await append(1);
    const rows = await chain();
    expect(rows.map((r) => r.action)).toEqual(['thing.changed', 'thing.changed', 'late.id', 'thing.changed']);
    expect(rows[3]!.id).toBeLessThan(high);
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 4 });
  });

  it('verify seals what is not sealed yet, then checks it', async () => {
    await append(2);
    await handle.db.transaction().execute((trx) => appendAudit(trx, { actor, action: 'fresh', objectType: 'x', at }));
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 3 });
    expect((await chain()).every((r) => r.hash !== null)).toBe(true);
  });

  it('reports an entry left unsealed long after its time when verify is told not to seal', async () => {
    await append(2);
    await appendAudit(handle.db, { actor, action: 'stuck', objectType: 'x', at });
    const [stuck] = (await chain()).filter((r) => r.action === 'stuck');
    expect(await verifyAuditChain(handle.db, undefined, { seal: false })).toEqual({
      ok: false,
      checked: 2,
      firstBroken: { id: stuck!.id, reason: 'unsealed_entry' },
    });
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 3 });
  });

  it('a sealed entry cannot be sealed again, nor content changed while sealing', async () => {
    await append(1);
    const [row] = await chain();
    await expect(
      sql`update audit_entry set chain_seq = 9, prev_hash = 'x', hash = 'y' where id = ${row!.id}`.execute(handle.db),
    ).rejects.toThrow(/AUDIT_IMMUTABLE/);
    await expect(
      sql`update audit_entry set chain_seq = null, prev_hash = null, hash = null where id = ${row!.id}`.execute(
        handle.db,
      ),
    ).rejects.toThrow(/AUDIT_IMMUTABLE/);
    await appendAudit(handle.db, { actor, action: 'open', objectType: 'x', at });
    await expect(
      sql`update audit_entry set chain_seq = 2, prev_hash = 'x', hash = 'y', action = 'forged' where action = 'open'`.execute(
        handle.db,
      ),
    ).rejects.toThrow(/AUDIT_IMMUTABLE/);
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 2 });
  });

  it('an entry unsealed behind the database trigger leaves a gap that verify reports', async () => {
    await append(4);
    const rows = await chain();
    await asSuperuser(
      sql`update audit_entry set chain_seq = null, prev_hash = null, hash = null where id = ${rows[1]!.id}`,
    );
    expect(await verifyAuditChain(handle.db)).toEqual({
      ok: false,
      checked: 1,
      firstBroken: { id: rows[2]!.id, reason: 'missing_entry' },
    });
  });

  it('the in-process sealer seals what was written while it ran, at the latest when it stops', async () => {
    const sealer = startAuditSealer(handle.db, { onError: (err) => expect.unreachable(String(err)) });
    for (let i = 0; i < 3; i++) {
      await handle.db.transaction().execute((trx) => appendAudit(trx, { actor, action: 'live', objectType: 'x', at }));
    }
    await sealer.stop();
    expect((await chain()).map((r) => r.chainSeq)).toEqual([1, 2, 3]);
    expect(await verifyAuditChain(handle.db, undefined, { seal: false })).toEqual({ ok: true, checked: 3 });
  });

  it('lists entries with filters, newest first', async () => {
    await append(3, 'auth.login');
    await append(2, 'account.updated');
    const all = await listAuditEntries(handle.db, { page: 1, pageSize: 50 });
    expect(all.total).toBe(5);
    expect(all.rows[0]!.id).toBeGreaterThan(all.rows[4]!.id);
    expect((await listAuditEntries(handle.db, { page: 1, pageSize: 50, action: 'auth.*' })).total).toBe(3);
    expect((await listAuditEntries(handle.db, { page: 1, pageSize: 50, action: 'auth.login' })).total).toBe(3);
    expect((await listAuditEntries(handle.db, { page: 1, pageSize: 50, actor: '张三' })).total).toBe(5);
    expect((await listAuditEntries(handle.db, { page: 1, pageSize: 50, actor: '7' })).total).toBe(5);
    expect((await listAuditEntries(handle.db, { page: 1, pageSize: 50, actor: 'lisi' })).total).toBe(0);
    expect(
      (await listAuditEntries(handle.db, { page: 1, pageSize: 50, objectType: 'thing', objectId: '1' })).total,
    ).toBe(2);
    const window = await listAuditEntries(handle.db, {
      page: 1,
      pageSize: 50,
      from: '2026-11-20T02:00:01Z',
      to: '2026-11-20T02:00:02Z',
    });
    expect(window.total).toBe(2); // the second entry of each batch
    const asc = await listAuditEntries(handle.db, { page: 2, pageSize: 2, sort: 'id' });
    expect(asc.rows.map((r) => r.id)).toEqual((await ids()).slice(2, 4));
  });
});
