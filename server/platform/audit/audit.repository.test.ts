import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { openTestDatabase } from '../testing/test-context.js';
import { appendAudit, listAuditEntries, verifyAuditChain } from './audit.repository.js';
import { GENESIS_HASH, hashAuditEntry } from './audit-chain.js';

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

describe('the hash-chained audit log', () => {
  beforeEach(async () => {
    // Each test starts from an empty log (truncate is refused by a trigger too, so switch triggers off).
    await asSuperuser(sql`delete from audit_entry`);
  });

  it('links every entry to the previous one and verifies', async () => {
    await append(5);
    const rows = await handle.db.selectFrom('auditEntry').selectAll().orderBy('id').execute();
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 5 });
  });

  it('the hash covers the previous hash and the canonical entry, whatever the key order of jsonb', async () => {
    await append(1);
    const row = await handle.db.selectFrom('auditEntry').selectAll().executeTakeFirstOrThrow();
    expect(row.before).toEqual({ nested: { a: 1, b: 2 }, name: '旧0' });
    const recomputed = hashAuditEntry(row.prevHash, {
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
    const rows = await handle.db.selectFrom('auditEntry').selectAll().orderBy('id').execute();
    const victim = rows[1]!;
    const forged = hashAuditEntry(victim.prevHash, {
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
