import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { signatureSimilarity, textSignature } from '../../platform/text/index.js';
import { backfillTextSignatures } from './duplicates.service.js';
import { buildRequestWorld, postRequest, type RequestWorld } from './requests.factories.js';

// Duplicates at intake, repeat callers (重复来电) and hot-topic clusters (热点), on PGlite and (TEST_DATABASE_URL)
// PostgreSQL.

let ctx: TestContext;
let w: RequestWorld;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
});
afterAll(async () => ctx?.close());

const MIXER = {
  title: '投诉丽发新城附近搅拌站噪音扰民',
  body: '丽发新城小区旁边新建了一个混凝土搅拌站，每天从早上六点到晚上十二点机器轰鸣，大货车进进出出，噪音和粉尘严重影响居民休息，请相关部门尽快处理。',
};
const PENSION = {
  title: '咨询养老保险补缴',
  body: '我今年五十八岁，以前在外地打工没有交养老保险，想问一下现在还能不能补缴，需要准备什么材料，到哪里办理？',
};

type Candidate = {
  id: number;
  score: number;
  similarity: number;
  samePhone: boolean;
  samePlace: boolean;
  reasons: { code: string }[];
};

async function duplicates(q: Record<string, string>, who = w.operator): Promise<Candidate[]> {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/requests/duplicates?${new URLSearchParams(q)}`,
    headers: who.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('duplicates at intake', () => {
  it('finds a re-posted message (reworded title, traditional characters) at rank 1, and not an unrelated one from the same place', async () => {
    const original = await postRequest(ctx, w, { ...MIXER, citizenPhone: '13700000001' });
    const unrelated = await postRequest(ctx, w, { ...PENSION, citizenPhone: '13700000002' });
    const typed = {
      title: '麗發新城攪拌站太吵了',
      text: '麗發新城小區旁邊新建了一個混凝土攪拌站，每天從早上六點到晚上十二點機器轟鳴，大貨車進進出出，噪音和粉塵嚴重影響居民休息。已經反映過一次了！',
    };
    const found = await duplicates({ ...typed, divisionCode: w.villageA });
    expect(found[0]).toMatchObject({ id: original.id, samePlace: true, samePhone: false });
    expect(found[0]?.similarity).toBeGreaterThan(0.5);
    // The stored signature comes back whole (read in array_send's binary form): the same estimate as in memory.
    const inMemory = signatureSimilarity(
      textSignature(typed.title, typed.text),
      textSignature(MIXER.title, MIXER.body),
    );
    expect(found[0]?.similarity).toBe(Math.round(inMemory * 1000) / 1000);
    expect(found[0]?.reasons.map((r) => r.code)).toEqual(['similarText', 'samePlace', 'recent']);
    expect(found.map((c) => c.id)).not.toContain(unrelated.id);
    // The unrelated one's own text finds it, not the mixing plant.
    const pension = await duplicates({ text: PENSION.body, divisionCode: w.villageA });
    expect(pension.map((c) => c.id)).toEqual([unrelated.id]);
  });

  it('scores the same text elsewhere below the same text at the same place', async () => {
    const text = '幸福村三组的自来水管爆裂，整组三十多户人家停水两天了，请供水公司赶快派人来修。';
    const here = await postRequest(ctx, w, { body: text, citizenPhone: '13700000003' });
    const there = await postRequest(ctx, w, { body: text, divisionCode: w.townshipB, citizenPhone: '13700000004' });
    const found = await duplicates({ text, divisionCode: w.villageA });
    expect(found.slice(0, 2).map((c) => c.id)).toEqual([here.id, there.id]);
    expect(found.slice(0, 2).map((c) => c.similarity)).toEqual([1, 1]);
    expect(found[0]?.score).toBeGreaterThan(found[1]?.score as number);
  });

  it('flags the same caller (重复来电) even about another matter, with the count of their calls', async () => {
    const phone = '13900002222';
    const first = await postRequest(ctx, w, { ...MIXER, body: `${MIXER.body}（第一次）`, citizenPhone: phone });
    ctx.clock.advance(60_000);
    const second = await postRequest(ctx, w, { ...PENSION, citizenPhone: phone });
    const found = await duplicates({ phone: '139-0000-2222' });
    expect(found.map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
    expect(found.every((c) => c.samePhone && c.reasons.some((r) => r.code === 'sameCaller'))).toBe(true);

    const history = async (q: string) =>
      (
        await ctx.app.inject({ method: 'GET', url: `/api/requests/caller-history?${q}`, headers: w.operator.headers })
      ).json();
    expect(await history('phone=13900002222')).toMatchObject({ count: 2, windowDays: 90 });
    expect(await history(`requestId=${second.id}`)).toMatchObject({ count: 1 });
    expect(await history(`requestId=${first.id}`)).toMatchObject({ count: 0 });
    expect(await history('phone=13911110000')).toMatchObject({ count: 0, lastReceivedAt: null });
    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/requests/caller-history',
      headers: w.operator.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].field).toBe('phone');
  });

  it('sees only requests in the reader’s scope', async () => {
    const text = '实验小学后门的围墙出现裂缝并向外倾斜，放学时学生从旁边经过，存在倒塌危险。';
    const inB = await postRequest(ctx, w, { body: text, divisionCode: w.townshipB, citizenPhone: '13700000006' });
    expect((await duplicates({ text }, w.dispatcher)).map((c) => c.id)).toContain(inB.id);
    expect((await duplicates({ text }, w.inspectorA)).map((c) => c.id)).not.toContain(inB.id);
  });

  it('the backfill signs requests that have no signature, and lookups find them again', async () => {
    const text = '东风路菜市场周边占道经营严重，早上七点到九点摊贩把马路占满，行人和车辆都过不去。';
    const req = await postRequest(ctx, w, { body: text, citizenPhone: '13700000007' });
    await sql`delete from request_text_signature where request_id = ${req.id}`.execute(ctx.deps.db);
    await sql`delete from request_text_band where request_id = ${req.id}`.execute(ctx.deps.db);
    expect((await duplicates({ text })).map((c) => c.id)).not.toContain(req.id);
    expect(await backfillTextSignatures(ctx.deps)).toBeGreaterThanOrEqual(1);
    expect((await duplicates({ text })).map((c) => c.id)).toContain(req.id);
    expect(await backfillTextSignatures(ctx.deps)).toBe(0);
  });
});

describe('hot-topic clusters (热点)', () => {
  it('three re-posts of one problem at one place form a cluster with growth; unrelated requests do not', async () => {
    const world = await buildRequestWorld(ctx);
    const repost = (title: string, extra: string) =>
      postRequest(ctx, world, { title, body: `${MIXER.body}${extra}`, divisionCode: world.villageA });
    const ids = [];
    ids.push((await repost('搅拌站噪音扰民', '')).id);
    ids.push((await repost('攪拌站噪音擾民', '请尽快处理。')).id);
    ids.push((await repost('再次投诉搅拌站', '已经反映过两次了。')).id);
    await postRequest(ctx, world, { ...PENSION, divisionCode: world.villageA });
    await postRequest(ctx, world, { body: '村口的垃圾桶一个星期没人清运，臭气熏天。', divisionCode: world.villageA });
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/requests/hot-clusters?period=week',
      headers: world.leader.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const mine = res.json().clusters.filter((c: { divisionCode: string }) => c.divisionCode === world.villageA);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ size: 3, previous: 0, growth: null });
    expect(mine[0].requests.map((r: { id: number }) => r.id).sort()).toEqual(ids.sort());
    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/requests/hot-clusters?period=year',
      headers: world.leader.headers,
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('the duplicate window', () => {
  it('looks back 90 days only', async () => {
    const text = '和平路与建设路交叉口的红绿灯坏了，早晚高峰车辆乱成一团，很危险，请交警部门尽快修复。';
    const old = await postRequest(ctx, w, { body: text, citizenPhone: '13700000005' });
    expect((await duplicates({ text })).map((c) => c.id)).toContain(old.id);
    ctx.clock.advance(91 * 86_400_000);
    const operator = await ctx.signIn({ roles: ['operator'], scope: { kind: 'all' } });
    expect((await duplicates({ text }, operator)).map((c) => c.id)).not.toContain(old.id);
  });
});
