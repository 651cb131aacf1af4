import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../../platform/testing/test-context.js';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { buildCategory } from '../org/testing.js';
import {
  KEEP_MODELS,
  RETRAIN_EVERY_MS,
  runClassifierRetrainPass,
  tagWorkStyleBacklog,
  trainRequestClassifier,
} from './classification.service.js';
import { act, buildRequestWorld, postRequest, type RequestWorld } from './requests.factories.js';

let ctx: TestContext;
let w: RequestWorld;
let noise: string;
let discipline: SignedIn;
let disciplineB: SignedIn;

const STREETS = ['幸福路', '建设路', '人民路', '解放路', '新华街', '文化路', '东风路', '中山路', '滨河路', '光明路'];
const lampText = (i: number) =>
  `${STREETS[i % STREETS.length]}${i + 1}号附近的路灯${['坏了', '不亮了', '一直闪烁', '灯杆倾斜'][i % 4]}，晚上出行不安全，请维修路灯。`;
const noiseText = (i: number) =>
  `${STREETS[i % STREETS.length]}${i + 1}号旁边的工地${['夜间施工', '凌晨还在施工', '机器轰鸣'][i % 3]}，噪音太大扰民，无法休息。`;

const suggest = (who: SignedIn, query: string) =>
  ctx.app.inject({ method: 'GET', url: `/api/requests/classify-suggestion?${query}`, headers: who.headers });
const workStyle = (who: SignedIn, query = '') =>
  ctx.app.inject({ method: 'GET', url: `/api/requests/work-style${query}`, headers: who.headers });

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
  noise = `${w.category}N`;
  await buildCategory(ctx.deps.db, { code: noise, name: '施工噪音', parentCode: w.category.split('.')[0]!, level: 2 });
  discipline = await ctx.signIn({ roles: ['discipline'], scope: { kind: 'all' } });
  disciplineB = await ctx.signIn({ roles: ['discipline'], scope: { kind: 'division', divisionCode: w.townshipB } });
});
afterAll(async () => ctx?.close());

describe('classification suggestion at intake', () => {
  it('gives no suggestion before any model is trained, and refuses to train on too little history', async () => {
    const res = await suggest(w.operator, `text=${encodeURIComponent('路灯坏了')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ modelId: null, trainedAt: null, suggestions: [], proposal: null });
    const r = await trainRequestClassifier(ctx.deps);
    expect(r.trained).toBe(false);
  });

  it('learns from the classified history — the final category after a correction — and suggests the top 3 with the proposed unit', async () => {
    for (let i = 0; i < 30; i++) await postRequest(ctx, w, { body: lampText(i), citizenPhone: null });
    for (let i = 0; i < 30; i++)
      await postRequest(ctx, w, { body: noiseText(i), citizenPhone: null }, { classify: false });
    // The noise requests were first filed as street lamps by mistake, then corrected: the correction is what counts.
    const wrong = await postRequest(ctx, w, { body: noiseText(99), citizenPhone: null });
    expect(
      (
        await act(ctx, w.operator, wrong.id, 'classify', {
          categoryCode: noise,
          type: 'help',
          divisionCode: w.villageA,
        })
      ).statusCode,
    ).toBe(200);
    const { rows } = await ctx.deps.db
      .selectFrom('request')
      .select((eb) => eb.fn.countAll<number>().as('rows'))
      .where('categoryCode', '=', noise)
      .executeTakeFirstOrThrow()
      .then((r) => ({ rows: Number(r.rows) }));
    expect(rows).toBe(1);
    // Classify the 30 noise requests the way an operator would, through the API.
    const unclassified = await ctx.deps.db
      .selectFrom('request')
      .select('id')
      .where('categoryCode', 'is', null)
      .execute();
    for (const { id } of unclassified) {
      await act(ctx, w.operator, id, 'classify', { categoryCode: noise, type: 'help', divisionCode: w.villageA });
    }

    const trained = await trainRequestClassifier(ctx.deps);
    expect(trained.trained).toBe(true);
    if (!trained.trained) return;
    expect(trained.examples).toBeGreaterThanOrEqual(50);
    expect(trained.metrics.accuracy).toBeGreaterThan(0.8);

    const res = await suggest(
      w.operator,
      `text=${encodeURIComponent('我家楼下的路灯晚上不亮了')}&divisionCode=${w.villageA}`,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.modelId).toBe(trained.modelId);
    expect(body.suggestions.map((s: { code: string }) => s.code)).toEqual([w.category, noise]);
    expect(body.suggestions[0]).toMatchObject({ code: w.category, name: '路灯' });
    expect(body.suggestions[0].confidence).toBeGreaterThan(0.5);
    expect(body.proposal).toMatchObject({ categoryCode: w.category, leadUnitId: w.department, fallback: false });
    expect(body.proposal.leadUnitName).toMatch(/城管局/);

    const other = (await suggest(w.dispatcher, `text=${encodeURIComponent('工地夜里施工太吵了')}`)).json();
    expect(other.suggestions[0].code).toBe(noise);
    expect(other.proposal).toBeNull(); // no place given

    const audit = await ctx.deps.db
      .selectFrom('auditEntry')
      .select(['action', 'objectId'])
      .where('action', '=', 'classifier.train')
      .execute();
    expect(audit).toEqual([{ action: 'classifier.train', objectId: String(trained.modelId) }]);
  });

  it('is refused without a session (401), without the intake permission (403) and without a text (400)', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/requests/classify-suggestion?text=x' })).statusCode).toBe(
      401,
    );
    expect((await suggest(w.handlerA, 'text=x')).statusCode).toBe(403);
    const bad = await suggest(w.operator, 'divisionCode=123');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('work-style complaints', () => {
  it('tags a complaint about cadres at intake and lists it, with its signals, for discipline inspection only', async () => {
    const complaint = await postRequest(ctx, w, {
      title: '镇政府不作为',
      body: '我多次到镇政府反映路灯的问题，工作人员互相推诿，态度恶劣，至今没人处理。',
      citizenPhone: null,
    });
    const ordinary = await postRequest(ctx, w, { body: lampText(7), citizenPhone: null });

    const res = await workStyle(discipline);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    const ids = page.items.map((i: { requestId: number }) => i.requestId);
    expect(ids).toContain(complaint.id);
    expect(ids).not.toContain(ordinary.id);
    const item = page.items.find((i: { requestId: number }) => i.requestId === complaint.id);
    expect(item.kinds).toEqual(['inaction', 'rude']);
    expect(item.signals.map((s: { match: string }) => s.match)).toEqual(
      expect.arrayContaining(['不作为', '互相推诿', '态度恶劣']),
    );
    expect(item.number).toBe(complaint.number);

    expect((await workStyle(discipline, '?kind=favours')).json().items).toEqual([]);
    expect(
      (await workStyle(discipline, '?kind=rude')).json().items.map((i: { requestId: number }) => i.requestId),
    ).toEqual([complaint.id]);
    // Another township's inspector does not see township A's request.
    expect((await workStyle(disciplineB)).json().total).toBe(0);
    expect((await workStyle(w.operator)).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/requests/work-style' })).statusCode).toBe(401);
    expect((await workStyle(discipline, '?kind=nonsense')).statusCode).toBe(400);

    const audit = await ctx.deps.db
      .selectFrom('auditEntry')
      .select('action')
      .where('objectId', '=', String(complaint.id))
      .where('action', '=', 'request.work-style-tag')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('the backfill tags requests recorded without the intake hook, and leaves the others untagged', async () => {
    const complaint = await postRequest(ctx, w, {
      body: '街道办工作人员态度恶劣，对群众的诉求置之不理。',
      citizenPhone: null,
    });
    await ctx.deps.db.deleteFrom('requestWorkStyle').execute();
    expect((await workStyle(discipline)).json().total).toBe(0);
    const r = await tagWorkStyleBacklog(ctx.deps, { userId: null, name: 'test' });
    expect(r.read).toBeGreaterThan(60);
    expect(r.tagged).toBe(2); // this one and the complaint of the previous test
    const ids = (await workStyle(discipline)).json().items.map((i: { requestId: number }) => i.requestId);
    expect(ids).toContain(complaint.id);
    expect(ids).toHaveLength(2);
  });
});

// Last: it moves the clock weeks ahead (sessions expire).
describe('weekly retraining', () => {
  it('the weekly job retrains only when the latest model is a week old, and keeps the last few models', async () => {
    expect(await runClassifierRetrainPass(ctx.deps)).toEqual({ trained: 0 });
    for (let i = 0; i <= KEEP_MODELS; i++) {
      ctx.clock.advance(RETRAIN_EVERY_MS);
      expect((await runClassifierRetrainPass(ctx.deps)).trained).toBe(1);
    }
    const models = await ctx.deps.db.selectFrom('classifierModel').select('id').execute();
    expect(models).toHaveLength(KEEP_MODELS);
  });
});
