import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../platform/testing/test-context.js';
import { seedDemo } from './demo-county.js';

let ctx: TestContext;
let dir: string;
let lines: string[];

beforeAll(async () => {
  ctx = await createTestContext();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-demo-liaison-'));
  lines = [];
  await seedDemo(ctx.deps, { log: (l) => lines.push(l), loginsFile: path.join(dir, 'logins.json'), requests: 300 });
}, 180_000);
afterAll(async () => {
  await ctx?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const db = () => ctx.deps.db;

describe('the liaison demo year', () => {
  it('pairs about 3,000 households with the demo cadres, never above a rank’s default quota', async () => {
    const households = await db()
      .selectFrom('liaisonHousehold')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(households.n)).toBe(3000);
    const over = await db()
      .selectFrom('liaisonPairing as p')
      .innerJoin('person as s', 's.id', 'p.cadrePersonId')
      .select(['s.id', 's.rank', (eb) => eb.fn.countAll<number>().as('n')])
      .where('p.endedAt', 'is', null)
      .groupBy(['s.id', 's.rank'])
      .execute();
    const quota: Record<string, number> = { county: 4, section: 2, ordinary: 1, village: 1 };
    expect(over.filter((r) => Number(r.n) > quota[r.rank]!)).toEqual([]);
    expect(over.length).toBeGreaterThan(2000);
    expect(lines.some((l) => l.startsWith('Demo liaison: 3000 households'))).toBe(true);
  });

  it('the demo cadre account is paired with a household of its own village', async () => {
    const cadre = await db()
      .selectFrom('userAccount as a')
      .innerJoin('person as s', 's.id', 'a.personId')
      .innerJoin('unit as u', 'u.id', 's.unitId')
      .select(['a.personId', 'u.divisionCode'])
      .where('a.username', '=', 'cadre')
      .executeTakeFirstOrThrow();
    const pairs = await db()
      .selectFrom('liaisonPairing as p')
      .innerJoin('liaisonHousehold as h', 'h.id', 'p.householdId')
      .select('h.divisionCode')
      .where('p.cadrePersonId', '=', cadre.personId!)
      .execute();
    expect(pairs.map((p) => p.divisionCode)).toContain(cadre.divisionCode);
  });

  it('the liaison-channel demo requests are the problems of visits, and the planted patterns are flagged', async () => {
    const linked = await db()
      .selectFrom('liaisonVisit')
      .select(['requestId'])
      .where('requestId', 'is not', null)
      .execute();
    const liaisonRequests = await db().selectFrom('request').select('id').where('channel', '=', 'liaison').execute();
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.length).toBe(liaisonRequests.length);
    const inspector = await ctx.signIn({ roles: ['inspector'] });
    const to = '2026-11-20';
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/liaison/formalism?from=2026-10-20&to=${to}`,
      headers: inspector.headers,
    });
    const flags = new Set(res.json().items.flatMap((i: { flags: string[] }) => i.flags));
    expect([...flags].sort()).toEqual(['burst', 'denied_by_household', 'empty_content', 'implausible_hour']);
  });
});
