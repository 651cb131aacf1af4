import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildMetricFacts } from '../server/modules/requests/index.js';
import { createTestContext, type SignedIn, type TestContext } from '../server/platform/testing/test-context.js';
import { copyLiaison, copyRequests, generateBenchData } from './generate.js';

// The test clock's "now" is 2026-11-20: the demo year runs from late 2025 to then.
const READS = [
  '/api/metrics/ranking?month=2026-10&unitKind=department',
  '/api/metrics/ranking?month=2026-10&unitKind=township',
  '/api/metrics/ranking?month=2026-03&unitKind=department',
  '/api/metrics/units?from=2025-12&to=2026-11',
  '/api/metrics/categories?from=2025-12&to=2026-11',
  '/api/metrics/trend?from=2025-12&to=2026-11',
];
const BASE = 400;

describe('the bench data: the demo year through the rules, then copied in the database', () => {
  let ctx: TestContext;
  let leader: SignedIn;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-bench-test-'));
  const read = async (url: string) => {
    const res = await ctx.app.inject({ url, headers: leader.headers });
    expect(res.statusCode, url).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    leader = await ctx.signIn({ roles: ['leader'] });
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives copies whose figures equal a recount of their event logs, three times the generated year', async () => {
    await generateBenchData(ctx.deps, { scale: BASE, base: BASE, loginsFile: path.join(dir, 'a.json') });
    const once = await read('/api/metrics/units?from=2025-12&to=2026-11');

    // Two more copies of the 400 generated requests (the app's own demo loader made those).
    expect(await copyRequests(ctx.deps, 3 * BASE)).toBe(2);
    const stored = await Promise.all(READS.map(read));
    const thrice = stored[3] as typeof once;
    expect(once.total.requests).toBeGreaterThan(0);
    for (const figure of ['requests', 'dispatched', 'respondedInTime', 'replied', 'rated', 'resolved', 'reopened']) {
      expect(thrice.total[figure], figure).toBe(3 * once.total[figure]);
    }
    expect(thrice.groups.map((g: { key: string }) => g.key)).toEqual(once.groups.map((g: { key: string }) => g.key));

    // `lianxin metrics rebuild`: every request's facts recounted from its log give the same figures.
    const rebuilt = await rebuildMetricFacts(ctx.deps);
    expect(rebuilt.requests).toBe(3 * BASE);
    expect(await Promise.all(READS.map(read))).toEqual(stored);
  });

  it('numbers the copies on the same day, links merged copies to their original copy, and sets the sequences', async () => {
    const rows = await sql<{ id: number; number: string; mergedIntoId: number | null; receivedAt: Date }>`
      select id, number, merged_into_id as "mergedIntoId", received_at as "receivedAt" from request order by id`.execute(
      ctx.deps.db,
    );
    expect(rows.rows).toHaveLength(3 * BASE);
    expect(new Set(rows.rows.map((r) => r.number)).size).toBe(3 * BASE);
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    for (const r of rows.rows.slice(BASE)) {
      const original = byId.get(((r.id - 1) % BASE) + 1)!;
      expect(r.number.slice(0, 8)).toBe(original.number.slice(0, 8));
      expect(r.receivedAt).toEqual(original.receivedAt);
      if (original.mergedIntoId !== null) {
        expect(r.mergedIntoId).toBe(original.mergedIntoId + (r.id - original.id));
      }
    }
    expect(rows.rows.some((r) => r.mergedIntoId !== null && r.id > BASE)).toBe(true);
    const seq = await sql<{ bad: number }>`
      select count(*)::int as bad from request r
      join request_number_seq s on s.day = substring(r.number from 1 for 8)
      where substring(r.number from 9)::int > s.last`.execute(ctx.deps.db);
    expect(seq.rows[0]?.bad).toBe(0);
  });

  it('copies the liaison ledger: each copy of a household brings its pairings and visits, places unchanged', async () => {
    const perDivision = async () =>
      (
        await sql<{ division: string; households: number; visits: number }>`
          select h.division_code as division, count(distinct h.id)::int as households, count(v.id)::int as visits
          from liaison_household h left join liaison_visit v on v.household_id = h.id
          group by 1 order by 1`.execute(ctx.deps.db)
      ).rows;
    const before = await perDivision();
    const households = before.reduce((s, r) => s + r.households, 0);
    const visits = before.reduce((s, r) => s + r.visits, 0);
    expect(households).toBeGreaterThan(1000);
    expect(visits).toBeGreaterThan(households);

    const maxPairing = (await sql<{ m: number }>`select max(id)::int as m from liaison_pairing`.execute(ctx.deps.db))
      .rows[0]?.m as number;
    expect(await copyLiaison(ctx.deps, 3 * households - 10)).toEqual({
      households: 3 * households,
      visits: 3 * visits,
    });
    expect(await perDivision()).toEqual(
      before.map((r) => ({ ...r, households: 3 * r.households, visits: 3 * r.visits })),
    );
    // A copied pairing belongs to a copied household of the same place; new rows still get fresh ids.
    const strays = await sql<{ n: number }>`
      select count(*)::int as n from liaison_pairing p
      join liaison_household h on h.id = p.household_id
      join liaison_pairing o on o.id = p.id - ((p.id - 1) / ${maxPairing}::int) * ${maxPairing}::int and o.id <> p.id
      join liaison_household oh on oh.id = o.household_id
      where h.division_code <> oh.division_code or h.id = oh.id`.execute(ctx.deps.db);
    expect(strays.rows[0]?.n).toBe(0);
    const copied = await sql<{
      n: number;
    }>`select count(*)::int as n from liaison_pairing where id > ${maxPairing}::int`.execute(ctx.deps.db);
    expect(copied.rows[0]?.n).toBeGreaterThan(0);
    const next = await sql<{ fresh: boolean }>`
      select nextval(pg_get_serial_sequence('liaison_visit', 'id')) > (select max(id) from liaison_visit) as fresh`.execute(
      ctx.deps.db,
    );
    expect(next.rows[0]?.fresh).toBe(true);
  });
});
