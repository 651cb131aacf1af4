import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { migrateDown, migrateToLatest, migrationStatus } from '../db/migrate.js';
import { openTestDatabase } from '../testing/test-context.js';
import { appendAudit, verifyAuditChain } from './audit.repository.js';
import { GENESIS_HASH, hashAuditEntry } from './audit-chain.js';

const SEAL_MIGRATION = '2026-12-07T0100_platform_audit-seal-after-commit';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

describe('migrating an existing audit log to sealing after commit', () => {
  it('keeps an existing chain (made under the old design) valid, and new entries chain on after it', async () => {
    while (!(await migrationStatus(handle.db)).pending.includes(SEAL_MIGRATION)) await migrateDown(handle.db);
    // The old design: each entry linked in id order as it was inserted.
    let prev = GENESIS_HASH;
    for (let i = 0; i < 3; i++) {
      const fields = {
        at: new Date(Date.UTC(2026, 10, 20, 2, i)),
        actorUserId: 7,
        actorName: '张三',
        action: 'old.entry',
        objectType: 'thing',
        objectId: String(i),
        before: null,
        after: { n: i },
        detail: null,
        requestId: null,
      };
      const hash = hashAuditEntry(prev, fields);
      await sql`insert into audit_entry (at, actor_user_id, actor_name, action, object_type, object_id, after, prev_hash, hash)
        values (${fields.at}, 7, '张三', 'old.entry', 'thing', ${fields.objectId}, ${JSON.stringify(fields.after)}::jsonb, ${prev}, ${hash})`.execute(
        handle.db,
      );
      prev = hash;
    }
    await migrateToLatest(handle.db);
    const rows = await handle.db.selectFrom('auditEntry').select(['chainSeq', 'hash']).orderBy('id').execute();
    expect(rows.map((r) => r.chainSeq)).toEqual([1, 2, 3]);
    expect(rows.at(-1)?.hash).toBe(prev);
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 3 });
    await appendAudit(handle.db, {
      actor: { userId: 1, name: 'new' },
      action: 'new.entry',
      objectType: 'x',
      at: new Date(),
    });
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 4 });
    const last = await handle.db
      .selectFrom('auditEntry')
      .selectAll()
      .where('chainSeq', '=', 4)
      .executeTakeFirstOrThrow();
    expect(last.prevHash).toBe(prev);
  });
});
