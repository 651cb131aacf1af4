import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE } from '../../../contracts/auth.js';
import type { Role, Scope } from '../../../contracts/roles.js';
import { type App, createApp } from '../../app.js';
import { type Config, loadConfig } from '../../config.js';
import { createFieldCipher } from '../crypto/field-cipher.js';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import type { Deps } from '../deps.js';
import { hashSessionToken } from '../http/auth-hook.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
    templateDb: string;
  }
}

export interface TestClock {
  now: () => Date;
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function createTestClock(start = '2026-11-20T02:00:00.000Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (at) => {
      t = new Date(at).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface TestContext {
  app: App;
  deps: Deps;
  clock: TestClock;
  handle: DatabaseHandle;
  /** Create an account with these roles and scope and a live session; returns the headers to send. */
  signIn(opts: { roles: Role[]; scope?: Scope; unitId?: number | null; username?: string }): Promise<SignedIn>;
  close(): Promise<void>;
}

export interface SignedIn {
  userId: number;
  headers: { cookie: string; [CSRF_HEADER]: string };
}

let counter = 0;

/** A fresh database copied from the migrated template (PGlite in memory, or a PostgreSQL database). */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `lx_t_${process.pid}_${Date.now().toString(36)}_${++counter}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${inject('templateDb')}`);
    await admin.end();
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: dbUrl.toString(), poolSize: 4 });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const fs = await import('node:fs');
  const dump = fs.readFileSync(inject('pgliteDump'));
  return openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([dump]) });
}

export const TEST_KEY = Buffer.alloc(32, 7);

/** A test app on a fresh database, with a movable clock and a way to sign in as any role. */
export async function createTestContext(overrides: Record<string, string> = {}): Promise<TestContext> {
  const handle = await openTestDatabase();
  const clock = createTestClock();
  const config: Config = loadConfig({ DATA_DIR: '/tmp/lianxin-test-unused', ...overrides });
  const deps: Deps = {
    config,
    db: handle.db,
    dbKind: handle.kind,
    cipher: createFieldCipher(TEST_KEY),
    now: clock.now,
  };
  const app = await createApp(deps);
  await app.ready();
  return {
    app,
    deps,
    clock,
    handle,
    async signIn({ roles, scope = { kind: 'all' }, unitId = null, username }) {
      const name = username ?? `t${++counter}${randomBytes(3).toString('hex')}`;
      const user = await handle.db
        .insertInto('userAccount')
        .values({
          username: name,
          displayName: name,
          unitId,
          passwordHash: 'not-a-login',
          mustChangePassword: false,
          passwordChangedAt: clock.now(),
          totpEnabled: true,
          scopeKind: scope.kind,
          scopeUnitId: scope.kind === 'unit' ? scope.unitId : null,
          scopeDivisionCode: scope.kind === 'division' ? scope.divisionCode : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (roles.length) {
        await handle.db
          .insertInto('userRole')
          .values(roles.map((role) => ({ userId: user.id, role })))
          .execute();
      }
      const token = randomBytes(32).toString('base64url');
      const csrf = randomBytes(16).toString('base64url');
      const now = clock.now();
      await handle.db
        .insertInto('userSession')
        .values({
          id: hashSessionToken(token),
          userId: user.id,
          csrfToken: csrf,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + 12 * 3600_000),
          totpVerified: true,
        })
        .execute();
      return { userId: user.id, headers: { cookie: `${SESSION_COOKIE}=${token}`, [CSRF_HEADER]: csrf } };
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
}
