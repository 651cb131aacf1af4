import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { buildLiaisonWorld, type LiaisonWorld, postHousehold } from './liaison.factories.js';

// Normalisation at write and at query time (issue #7 point 1) for the household ledger: the head's name and the
// address are normalised when filed (traditional → simplified, full-width → half-width), and so is the list's `q`.

let ctx: TestContext;
let w: LiaisonWorld;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildLiaisonWorld(ctx);
});
afterAll(async () => ctx?.close());

const search = async (q: string): Promise<number[]> => {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/liaison/households?pageSize=100&q=${encodeURIComponent(q)}`,
    headers: w.organiser.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((h: { id: number }) => h.id);
};

const CASES: { name: string; stored: { headName: string; address: string }; queries: string[] }[] = [
  { name: 'traditional name', stored: { headName: '劉國強', address: '東風村一組' }, queries: ['刘国强', '劉國強'] },
  { name: 'simplified name', stored: { headName: '陈卫东', address: '红旗村二组' }, queries: ['陳衛東', '陈卫东'] },
  {
    name: 'full-width digits',
    stored: { headName: '赵一', address: '幸福村１２３号' },
    queries: ['123号', '１２３号'],
  },
  { name: 'half-width digits', stored: { headName: '赵二', address: '幸福村456号' }, queries: ['４５６号', '456号'] },
  { name: 'traditional address', stored: { headName: '孙三', address: '縣城關鎮長樂街' }, queries: ['县城关镇长乐街'] },
];

describe('the household ledger finds a household whatever form of the text was filed or typed', () => {
  const ids = new Map<string, number>();
  beforeAll(async () => {
    for (const c of CASES) ids.set(c.name, await postHousehold(ctx, w.organiser, w.villageA, c.stored));
  });

  it.each(CASES.flatMap((c) => c.queries.map((q) => [c.name, q] as const)))('%s, searched by %j', async (name, q) => {
    expect(await search(q)).toContain(ids.get(name));
  });

  it('stores the normalised form, which the household shows', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/liaison/households/${ids.get('traditional name')}`,
      headers: w.organiser.headers,
    });
    expect(res.json()).toMatchObject({ headName: '刘国强', address: '东风村一组' });
  });
});
