import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { buildRequestWorld, postRequest, type RequestWorld } from './requests.factories.js';
import { LIST_SEARCH_COUNT_CAP, listRequests } from './requests.repository.js';

// The request list's text search (`q`) counts its matches only up to a cap: a common word matches tens of thousands
// of a city's requests, and the list then says "more than N" instead of spending seconds on an exact count.

let ctx: TestContext;
let w: RequestWorld;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
  for (let i = 0; i < 4; i++)
    await postRequest(ctx, w, { body: `幸福路第${i}号门口的窨井盖缺失，夜里行人容易跌倒，请尽快补上` });
  await postRequest(ctx, w, { body: '小区门口路灯不亮已经一个星期了，晚上出行很不方便' });
});
afterAll(async () => ctx?.close());

const list = (countCap?: number, search = '窨井盖') =>
  listRequests(ctx.deps.db, { kind: 'all' }, 0, { search }, { offset: 0, limit: 2 }, new Date(), countCap);

describe('the request list text search count', () => {
  it('counts every match under the cap, and says when it stopped counting', async () => {
    const exact = await list(10);
    expect([exact.items.length, exact.total, exact.totalCapped]).toEqual([2, 4, false]);
    const capped = await list(3);
    expect([capped.items.length, capped.total, capped.totalCapped]).toEqual([2, 3, true]);
    const atCap = await list(4);
    expect([atCap.total, atCap.totalCapped]).toEqual([4, false]);
  });

  it('over the API: the exact total below the cap, no capped flag; lists without a search count exactly', async () => {
    expect(LIST_SEARCH_COUNT_CAP).toBeGreaterThanOrEqual(1000);
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/requests?q=${encodeURIComponent('窨井盖')}&pageSize=2`,
      headers: w.dispatcher.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    expect(res.json().totalCapped).toBeUndefined();
    const all = await listRequests(ctx.deps.db, { kind: 'all' }, 0, {}, { offset: 0, limit: 1 }, new Date(), 1);
    expect([all.total, all.totalCapped]).toEqual([5, false]);
  });
});
