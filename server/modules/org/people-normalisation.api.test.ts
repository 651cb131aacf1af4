import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { buildUnit } from './org.factories.js';

// Normalisation at write and at query time (issue #7 point 1) for people: the search text kept with a person is the
// normalised name (and its pinyin), and the list's `q` is normalised the same way.

let ctx: TestContext;
let admin: Record<string, string>;
let unitId: number;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = (await ctx.signIn({ roles: ['system_admin'], scope: { kind: 'all' } })).headers;
  unitId = (await buildUnit(ctx.deps.db, { name: '城關鎮人民政府', kind: 'township' })).id;
});
afterAll(async () => ctx?.close());

const search = async (q: string): Promise<number[]> => {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/org/people?pageSize=100&q=${encodeURIComponent(q)}`,
    headers: admin,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((p: { id: number }) => p.id);
};

const CASES: { stored: string; queries: string[] }[] = [
  { stored: '劉國強', queries: ['刘国强', '劉國強', 'lgq', 'liuguoqiang'] },
  { stored: '陈卫东', queries: ['陳衛東', '陈卫东'] },
  { stored: '阿依古丽・买买提', queries: ['阿依古丽·买买提', '阿依古麗•買買提'] },
];

describe('the people list finds a person whatever form of the name was stored or typed', () => {
  const ids = new Map<string, number>();
  beforeAll(async () => {
    for (const c of CASES) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/org/people',
        headers: admin,
        payload: { unitId, name: c.stored, rank: 'section' },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.set(c.stored, res.json().id);
    }
  });

  it.each(CASES.flatMap((c) => c.queries.map((q) => [c.stored, q] as const)))(
    '%s, searched by %j',
    async (stored, q) => {
      expect(await search(q)).toContain(ids.get(stored));
    },
  );
});

describe('the units list the same way', () => {
  it.each([['城关镇'], ['城關鎮'], ['关镇人民']])('a unit filed as 城關鎮人民政府 is found by %j', async (q) => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/org/units?pageSize=100&q=${encodeURIComponent(q)}`,
      headers: admin,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((u: { id: number }) => u.id)).toContain(unitId);
  });
});
