import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/test-context.js';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';
import { migrateAllDown, migrateToLatest, migrationStatus } from './migrate.js';
import { isEmbeddedStorageFailure } from './pglite-dialect.js';

describe('migrations', () => {
  it('run up, down to nothing, and up again on the same database', async () => {
    const handle = await openTestDatabase();
    try {
      const before = await migrationStatus(handle.db);
      expect(before.pending).toEqual([]);
      await migrateAllDown(handle.db);
      const down = await migrationStatus(handle.db);
      expect(down.applied).toBe(0);
      const tables = await sql<{
        n: number;
      }>`select count(*)::int as n from information_schema.tables where table_name = 'audit_entry'`.execute(handle.db);
      expect(tables.rows[0]?.n).toBe(0);
      await migrateToLatest(handle.db);
      expect((await migrationStatus(handle.db)).pending).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});

describe('the database handle', () => {
  it('returns counts as numbers and dates as strings on either driver', async () => {
    const handle = await openTestDatabase();
    try {
      const r = await sql<{
        n: number;
        big: number;
        d: string;
      }>`select count(*) as n, 9007199254740::bigint as big, date '2026-10-01' as d from division`.execute(handle.db);
      expect(r.rows[0]).toEqual({ n: 0, big: 9007199254740, d: '2026-10-01' });
    } finally {
      await handle.close();
    }
  });

  it('runs two transactions concurrently without stalling or interleaving', async () => {
    const handle = await openTestDatabase();
    try {
      const insert = (code: string, name: string) =>
        handle.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('division')
            .values({ code, name, level: 'province', parentCode: null, path: `/${code}/` })
            .execute();
          await new Promise((r) => setTimeout(r, 20));
          const n = await trx
            .selectFrom('division')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          return Number(n.n);
        });
      const failing = handle.db
        .transaction()
        .execute(async (trx) => {
          await trx
            .insertInto('division')
            .values({
              code: '980000000000',
              name: '回滚省',
              level: 'province',
              parentCode: null,
              path: '/980000000000/',
            })
            .execute();
          throw new Error('roll me back');
        })
        .catch((e: Error) => e.message);
      const results = await Promise.all([insert('970000000000', '甲省'), failing, insert('960000000000', '乙省')]);
      expect(results[1]).toBe('roll me back');
      const codes = await handle.db.selectFrom('division').select('code').orderBy('code').execute();
      expect(codes.map((c) => c.code)).toEqual(['960000000000', '970000000000']);
    } finally {
      await handle.close();
    }
  });

  it('lets the event loop turn between two holders of the embedded connection (accepts and reads go on)', async () => {
    const handle = await openTestDatabase();
    try {
      let turned = false;
      const queued = Array.from({ length: 20 }, () => sql`select pg_sleep(0.001)`.execute(handle.db));
      setImmediate(() => {
        turned = true;
      });
      const lastDone = queued[queued.length - 1]!.then(() => turned);
      await Promise.all(queued);
      // On PostgreSQL the pool's sockets turn the loop anyway; on PGlite a hand-over by promise alone would not.
      expect(await lastDone).toBe(true);
    } finally {
      await handle.close();
    }
  });
});

describe('a PostgreSQL connection lost inside a transaction', () => {
  it.skipIf(!process.env.TEST_DATABASE_URL)('fails that transaction and keeps the process up', async () => {
    const handle = await openTestDatabase();
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      const outcome = handle.db.transaction().execute(async (trx) => {
        const { pid } = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!;
        await admin.query('select pg_terminate_backend($1)', [pid]);
        // Until the backend is gone, then a few turns of the event loop for its socket to report the loss (an
        // unheard 'error' event of a checked-out client would end the process here).
        for (let i = 0; i < 200; i++) {
          const left = await admin.query('select 1 from pg_stat_activity where pid = $1', [pid]);
          if (left.rowCount === 0) break;
        }
        for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
        await sql`select 1`.execute(trx);
      });
      await expect(outcome).rejects.toThrow();
      // The pool replaces the lost client: the next statement works.
      const again = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
      expect(again.rows[0]?.one).toBe(1);
    } finally {
      await admin.end();
      await handle.close();
    }
  });
});

describe('the embedded data folder lock', () => {
  it('refuses a second holder while the first lives, and takes over a stale lock', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-lock-'));
    const release = lockDataDir(dir);
    // Pretend another live process holds it: our parent process is alive.
    fs.writeFileSync(path.join(dir, 'lianxin.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    // A lock left by a process that is gone is taken over.
    fs.writeFileSync(path.join(dir, 'lianxin.lock'), '999999999');
    const again = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'lianxin.lock'), 'utf8')).toBe(String(process.pid));
    again();
    expect(fs.existsSync(path.join(dir, 'lianxin.lock'))).toBe(false);
    release();
  });
});

describe('a failed write of the embedded database files', () => {
  it('stops the embedded database on an I/O error or a failed write-ahead log write, not on a full data file', () => {
    const err = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
    expect(
      isEmbeddedStorageFailure(
        err('could not write to log file "000000010000000000000002" at offset 15007744, length 8192: I/O error'),
      ),
    ).toBe(true);
    expect(isEmbeddedStorageFailure(err('could not extend file "base/5/16832": I/O error', '58030'))).toBe(true);
    expect(
      isEmbeddedStorageFailure(err('could not write to log file "0000000100000000000000A1": No space left on device')),
    ).toBe(true);
    expect(
      isEmbeddedStorageFailure(err('could not extend file "base/5/16832": No space left on device', '53100')),
    ).toBe(false);
    expect(isEmbeddedStorageFailure(err('duplicate key value violates unique constraint', '23505'))).toBe(false);
  });
});

describe('an embedded database stopped by a failed write', () => {
  it('refuses queries while the disk fails, then reopens by itself once the disk took writes again', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const { Kysely } = await import('kysely');
    const { PGliteDialect, EmbeddedDatabaseStoppedError } = await import('./pglite-dialect.js');
    // The first instance fails a write of its write-ahead log, as PGlite does under EIO; the fresh one works.
    const broken = {
      closed: false,
      query: async () => {
        throw Object.assign(new Error('could not write to log file "000000010000000000000002": I/O error'), {
          code: '58030',
        });
      },
      close: async () => {},
    } as unknown as InstanceType<typeof PGlite>;
    let diskWritable = false;
    let reopened = 0;
    const attempts: (string | null)[] = [];
    const dialect = new PGliteDialect(broken, {
      diskWritable: () => diskWritable,
      reopen: async () => {
        reopened++;
        return PGlite.create();
      },
      onAttempt: (e) => attempts.push(e ? e.message : null),
      intervalMs: 0,
    });
    const db = new Kysely<{ t: { n: number } }>({ dialect });
    const one = () => sql<{ n: number }>`select 1 as n`.execute(db);
    try {
      await expect(one()).rejects.toThrow(/I\/O error/);
      // Stopped: refused (503 upstream) while the disk still fails, and the broken instance is not asked again.
      await expect(one()).rejects.toBeInstanceOf(EmbeddedDatabaseStoppedError);
      expect(reopened).toBe(0);
      diskWritable = true;
      // Probes at most every 500 ms, three in a row, before the folder is opened afresh.
      const deadline = Date.now() + 10_000;
      let answer: { n: number } | undefined;
      while (!answer && Date.now() < deadline) {
        answer = await one().then(
          (r) => r.rows[0],
          (e) => {
            expect(e).toBeInstanceOf(EmbeddedDatabaseStoppedError);
            return new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100));
          },
        );
      }
      expect(answer).toEqual({ n: 1 });
      expect(reopened).toBe(1);
      expect(attempts).toEqual([null]);
      expect(dialect.currentClient()).not.toBe(broken);
    } finally {
      await db.destroy();
    }
  });
});
