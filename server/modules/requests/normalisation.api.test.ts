import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { buildRequestWorld, postRequest, type RequestWorld } from './requests.factories.js';

// Normalisation at write and at query time (issue #7 point 1), through the API: a request written in traditional
// characters, full-width digits or Chinese punctuation is found by the simplified, half-width, ASCII form, and the
// other way round. Each row stores one text and searches the requests list with one query.

let ctx: TestContext;
let w: RequestWorld;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
});
afterAll(async () => ctx?.close());

const search = async (q: string): Promise<number[]> => {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/requests?pageSize=200&q=${encodeURIComponent(q)}`,
    headers: w.dispatcher.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((i: { id: number }) => i.id);
};

// Each body carries a tag of its own (the row number), so one row's request is told apart from the others'.
const CASES: { name: string; stored: string; queries: string[] }[] = [
  { name: 'traditional stored', stored: '建議縣改進工作作風，辦事拖拉', queries: ['县改进工作作风', '縣改進工作作風'] },
  { name: 'simplified stored', stored: '建议县改进工作作风，办事拖拉', queries: ['縣改進工作作風', '县改进工作作风'] },
  { name: 'full-width digits stored', stored: '幸福小区１２３号楼门口积水严重', queries: ['123号楼', '１２３号楼'] },
  { name: 'half-width digits stored', stored: '幸福小区456号楼门口积水严重', queries: ['４５６号楼', '456号楼'] },
  { name: 'full-width Latin stored', stored: '小区ＷＩＦＩ信号塔辐射问题', queries: ['WIFI信号塔', 'wifi信号塔'] },
  { name: 'full-width comma stored', stored: '路灯不亮，晚上摔倒两次', queries: ['不亮,晚上'] },
  { name: 'ASCII comma stored', stored: '井盖破损,车辆经过危险', queries: ['破损，车辆'] },
  { name: 'Chinese quotes stored', stored: '所谓“便民服务点”常年关门', queries: ['"便民服务点"'] },
  { name: 'ASCII quotes stored', stored: '挂着"文明单位"牌子却推诿', queries: ['“文明单位”', '「文明单位」'] },
  { name: 'a dash variant stored', stored: '工期2024—2025年一直拖延', queries: ['2024-2025年'] },
];

describe('the requests list finds a request whatever form of the text was stored or typed', () => {
  const ids = new Map<string, number>();
  beforeAll(async () => {
    for (const [i, c] of CASES.entries()) {
      ids.set(c.name, (await postRequest(ctx, w, { body: `${c.stored}（第${i}例）` })).id);
    }
  });

  it.each(CASES.flatMap((c) => c.queries.map((q) => [c.name, q] as const)))('%s, searched by %j', async (name, q) => {
    expect(await search(q)).toContain(ids.get(name));
  });

  it('an unrelated query finds none of them', async () => {
    const found = await search('县改进工作作风但不存在');
    expect(found.filter((id) => [...ids.values()].includes(id))).toEqual([]);
  });
});
