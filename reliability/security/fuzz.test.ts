/**
 * Every write route (POST/PUT/PATCH/DELETE of the OpenAPI document, i.e. of the zod schemas in contracts/) fuzzed with
 * fast-check against the app in-process on a fresh database holding the demo county: bodies valid from the schema and
 * mutated ones. Never a 5xx, never a stack trace or source path in the answer, an error envelope on every 4xx, and
 * after a 4xx no table's row count changed (the audit log and sign-in attempts excepted: refusals may be recorded).
 * Seed: FUZZ_SEED (logged); runs per route: FUZZ_RUNS (quick tier 8, full 60).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../contracts/roles.js';
import { verifyAuditChain } from '../../server/platform/audit/index.js';
import { createTestContext, type SignedIn, type TestContext } from '../../server/platform/testing/test-context.js';
import { seedDemo } from '../../server/seeds/demo-county.js';
import { bodyArbitrary, type Hints, type JsonSchema } from './schema-arbitrary.js';

const seed = Number(process.env.FUZZ_SEED ?? 20261206);
const runs = Number(process.env.FUZZ_RUNS ?? 8);
const RESULTS = path.resolve('test-results', 'reliability');
const RECORDED_ON_REFUSAL = new Set(['audit_entry', 'login_attempt', 'user_session']);

let ctx: TestContext;
let tables: string[] = [];
const actors: Record<string, SignedIn | null> = {};
const report: {
  seed: number;
  runsPerRoute: number;
  routes: { method: string; url: string; bodies: number; statuses: Record<string, number>; failures: string[] }[];
} = { seed, runsPerRoute: runs, routes: [] };

async function rowCounts(): Promise<Record<string, number>> {
  const select = tables.map((t) => `(select count(*) from "${t}")::int as "${t}"`).join(', ');
  const r = await sql.raw<Record<string, number>>(`select ${select}`).execute(ctx.deps.db);
  return r.rows[0]!;
}

interface WriteRoute {
  method: string;
  url: string;
  schema: JsonSchema | undefined;
  json: boolean;
}

let routes: WriteRoute[] = [];
const byActor: Record<string, number> = {};
let hints: Hints = {};
const staffRoles = ROLES.filter((r) => !r.endsWith('_admin')) as Role[];

async function signInActors() {
  actors.staff = await ctx.signIn({ roles: staffRoles });
  actors.system_admin = await ctx.signIn({ roles: ['system_admin'] });
  actors.security_admin = await ctx.signIn({ roles: ['security_admin'] });
  actors.anonymous = null;
}

beforeAll(async () => {
  ctx = await createTestContext({ LOGIN_RATE_LIMIT_PER_MINUTE: '10000' });
  const loginsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lx-fuzz-')), 'logins.json');
  await seedDemo(ctx.deps, { log: () => {}, loginsFile, requests: 20 });
  const t = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(
    ctx.deps.db,
  );
  tables = t.rows.map((r) => r.name).sort();
  const doc = (await ctx.app.inject('/docs/json')).json() as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  };
  for (const [url, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      const json = !content['multipart/form-data'];
      routes.push({ method: method.toUpperCase(), url, schema: content['application/json']?.schema, json });
    }
  }
  routes = routes.sort((a, b) => `${a.url} ${a.method}`.localeCompare(`${b.url} ${b.method}`));
  const db = ctx.deps.db;
  const divisions = (await db.selectFrom('division').select('code').limit(50).execute()).map((r) => r.code);
  const units = (await db.selectFrom('unit').select('id').limit(50).execute()).map((r) => r.id);
  const categories = (await db.selectFrom('category').select('code').limit(50).execute()).map((r) => r.code);
  const people = (await db.selectFrom('person').select('id').limit(50).execute()).map((r) => r.id);
  const unitArb = fc.constantFrom(...units);
  hints = {
    divisionCode: fc.constantFrom(...divisions),
    parentCode: fc.constantFrom(...divisions),
    unitId: unitArb,
    leadUnitId: unitArb,
    parentId: unitArb,
    assistUnitIds: fc.array(unitArb, { maxLength: 2 }),
    unitIds: fc.array(unitArb, { maxLength: 2 }),
    categoryCode: fc.constantFrom(...categories),
    personId: fc.constantFrom(...people),
    body: fc.constantFrom('小区门口的路灯坏了半个多月，晚上出行很不安全', '楼下餐馆油烟直排，影响居民休息，请处理'),
    reason: fc.constantFrom('属地不符，应由镇政府办理', '已与承办单位沟通确认'),
  };
  await signInActors();
  console.log(`[fuzz] seed ${seed} (FUZZ_SEED to repeat), ${runs} bodies per route, ${routes.length} write routes`);
}, 300_000);

afterAll(async () => {
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'fuzz-latest.json'), `${JSON.stringify({ ...report, byActor }, null, 2)}\n`);
  await ctx?.close();
});

const STACK = /\n\s+at |node_modules|\.ts:\d+|\.js:\d+|TypeError|ReferenceError|SyntaxError: Unexpected/;

describe('write routes fuzzed from their schemas', () => {
  it('answer every body without a 5xx, a stack trace or a partial write', async () => {
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const [index, route] of routes.entries()) {
      const entry = {
        method: route.method,
        url: route.url,
        bodies: 0,
        statuses: {} as Record<string, number>,
        failures: [] as string[],
      };
      report.routes.push(entry);
      await signInActors(); // a route may have ended the sessions (logout, password change)
      const arb = fc.record({
        body: bodyArbitrary(route.schema, hints),
        id: fc.oneof(
          fc.integer({ min: 1, max: 30 }),
          fc.constantFrom('0', '-1', '9'.repeat(30), 'abc', '%00', '..%2F..'),
        ),
        actor: fc.constantFrom('staff', 'staff', 'system_admin', 'security_admin', 'anonymous'),
      });
      await fc.assert(
        fc.asyncProperty(arb, async ({ body, id, actor }) => {
          const url = route.url.replace(/\{[^}]+\}/g, () => String(id));
          const who = actors[actor];
          const before = await rowCounts();
          const res = await ctx.app.inject({
            method: route.method as 'POST',
            url,
            headers: {
              ...(who?.headers ?? {}),
              'content-type': route.json ? 'application/json' : 'multipart/form-data; boundary=x',
            },
            payload: body.payload,
          });
          entry.bodies++;
          entry.statuses[res.statusCode] = (entry.statuses[res.statusCode] ?? 0) + 1;
          const tally = `${actor} ${res.statusCode}${res.statusCode === 401 ? ` ${res.body.slice(0, 60)}` : ''}`;
          byActor[tally] = (byActor[tally] ?? 0) + 1;
          const problem = (what: string) => {
            const line = `${route.method} ${url} [${body.kind}, ${actor}] ${what}: ${body.payload.slice(0, 120)}`;
            entry.failures.push(line);
            failures.push(line);
          };
          if (res.statusCode >= 500) problem(`${res.statusCode} ${res.body.slice(0, 200)}`);
          if (STACK.test(res.body)) problem(`stack trace or source path in the answer: ${res.body.slice(0, 200)}`);
          if (res.statusCode >= 400) {
            // Our API answers with the envelope; other protocols mounted beside it (Open311) with their own format.
            let envelope = !url.startsWith('/api/');
            try {
              envelope ||= typeof (res.json() as { error?: { code?: string } }).error?.code === 'string';
            } catch {}
            if (!envelope) problem(`${res.statusCode} without the error envelope`);
            const after = await rowCounts();
            const changed = tables.filter((t) => !RECORDED_ON_REFUSAL.has(t) && before[t] !== after[t]);
            if (changed.length) problem(`${res.statusCode} but rows changed in ${changed.join(', ')}`);
          }
        }),
        { seed: seed + index, numRuns: runs, endOnFailure: true, verbose: 0 },
      );
    }
    // No request pollutes Object.prototype, and the audit chain still verifies after everything.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const chain = await verifyAuditChain(ctx.deps.db);
    expect(chain.ok).toBe(true);
    const total = report.routes.reduce((n, r) => n + r.bodies, 0);
    const fivexx = report.routes.reduce(
      (n, r) =>
        n +
        Object.entries(r.statuses)
          .filter(([s]) => Number(s) >= 500)
          .reduce((m, [, c]) => m + c, 0),
      0,
    );
    console.log(`[fuzz] ${total} bodies × ${routes.length} routes, ${fivexx} 5xx, ${failures.length} failures`);
    expect(failures).toEqual([]);
  }, 3_600_000);
});
