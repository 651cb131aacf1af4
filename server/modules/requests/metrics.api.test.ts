import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  HotTopicsResponse,
  MetricDrillResponse,
  MetricGroupsResponse,
  RankingResponse,
  ScorecardResponse,
} from '../../../contracts/metrics.js';
import { createTestContext, type SignedIn, type TestContext } from '../../platform/testing/test-context.js';
import { listAllFacts } from './metrics.repository.js';
import { rebuildMetricFacts } from './metrics.service.js';
import { act, buildRequestWorld, LAMP_REPLY, postRequest, type RequestWorld } from './requests.factories.js';

let ctx: TestContext;
let w: RequestWorld;
const HOUR = 3_600_000;

const get = <T>(url: string, who?: SignedIn) =>
  ctx.app.inject({ method: 'GET', url, headers: who?.headers ?? {} }).then((r) => ({
    status: r.statusCode,
    body: r.json() as T,
  }));

/** A request through the service: dispatched to `unitId`, accepted, replied and rated as given. */
async function handled(
  unitId: number,
  handler: SignedIn,
  opts: { satisfaction?: 'satisfied' | 'basically_satisfied' | 'unsatisfied'; divisionCode?: string } = {},
) {
  const { id } = await postRequest(ctx, w, opts.divisionCode ? { divisionCode: opts.divisionCode } : {});
  expect((await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: unitId, reason: '职能' })).statusCode).toBe(200);
  expect((await act(ctx, handler, id, 'accept')).statusCode).toBe(200);
  expect((await act(ctx, handler, id, 'reply', { text: LAMP_REPLY })).statusCode).toBe(200);
  if (opts.satisfaction) {
    const resolved = opts.satisfaction !== 'unsatisfied';
    expect((await act(ctx, w.operator, id, 'rate', { resolved, satisfaction: opts.satisfaction })).statusCode).toBe(
      200,
    );
  }
  return id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
  // November 2026 (Shanghai): six requests for the department, two rated satisfied, one basically, one unsatisfied.
  await handled(w.department, w.handlerDepartment, { satisfaction: 'satisfied' });
  await handled(w.department, w.handlerDepartment, { satisfaction: 'satisfied' });
  await handled(w.department, w.handlerDepartment, { satisfaction: 'basically_satisfied' });
  await handled(w.department, w.handlerDepartment, { satisfaction: 'unsatisfied' });
  await handled(w.department, w.handlerDepartment);
  // Returned by the other department, then sent to the department, which accepts two days later (late).
  const { id } = await postRequest(ctx, w);
  await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.otherDepartment, reason: '职能' });
  await act(ctx, w.handlerOther, id, 'return', {
    reason: 'ownership_unclear',
    explanation: '该事项不属于本局职责范围内',
  });
  await act(ctx, w.dispatcher, id, 'rule-return', {
    decision: 'redispatch',
    dispatch: { leadUnitId: w.department, reason: '职能' },
  });
  const start = ctx.clock.now();
  ctx.clock.advance(100 * HOUR);
  const lateHandler = await ctx.signIn({
    roles: ['handler'],
    scope: { kind: 'unit', unitId: w.department },
    unitId: w.department,
  });
  expect((await act(ctx, lateHandler, id, 'accept')).statusCode).toBe(200);
  ctx.clock.set(new Date(start.getTime() + 60_000));
  // One request in township B for township B's government.
  await handled(w.governmentB, w.handlerB, { satisfaction: 'satisfied', divisionCode: w.townshipB });
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const period = (extra = '') => `from=2026-11&to=2026-11&countyCode=${w.county}${extra}`;

describe('GET /api/metrics/units', () => {
  it('refuses anonymous users (401) and roles without metrics:read (403)', async () => {
    expect((await get(`/api/metrics/units?${period()}`)).status).toBe(401);
    expect((await get(`/api/metrics/units?${period()}`, w.operator)).status).toBe(403);
    expect((await get(`/api/metrics/units?${period()}`, w.handlerDepartment)).status).toBe(403);
  });

  it.each([
    '/api/metrics/divisions?from=2026-11&to=2026-11',
    '/api/metrics/categories?from=2026-11&to=2026-11',
    '/api/metrics/ranking?month=2026-11',
    '/api/metrics/ranking.xlsx?month=2026-11',
    '/api/metrics/trend?from=2026-11&to=2026-11',
    '/api/metrics/hot-topics',
    '/api/metrics/drill?from=2026-11&to=2026-11&figure=response',
  ])('%s: 401 without a session, 403 for an operator and a cadre', async (url) => {
    expect((await ctx.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const cadre = await ctx.signIn({ roles: ['cadre'] });
    for (const who of [w.operator, cadre]) {
      expect((await ctx.app.inject({ method: 'GET', url, headers: who.headers })).statusCode).toBe(403);
    }
  });

  it("another township's requests stay out of a township user's drill-down and scorecards", async () => {
    const drill = await get<MetricDrillResponse>(
      `/api/metrics/drill?from=2026-11&to=2026-11&figure=dispatched&unitId=${w.governmentB}`,
      w.inspectorA,
    );
    expect(drill.status).toBe(200);
    expect(drill.body.total).toBe(0);
    const leaderDrill = await get<MetricDrillResponse>(
      `/api/metrics/drill?from=2026-11&to=2026-11&figure=dispatched&unitId=${w.governmentB}`,
      w.leader,
    );
    expect(leaderDrill.body.total).toBe(1);
    const scorecard = await get(`/api/metrics/scorecard/${w.governmentB}?from=2026-11&to=2026-11`, w.inspectorA);
    expect(scorecard.status).toBe(404);
  });

  it('a period running backwards is a 400 naming `to`', async () => {
    const res = await get<{ error: { code: string; details: { issues: { path: string }[] } } }>(
      `/api/metrics/units?from=2026-11&to=2026-10`,
      w.leader,
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain('to');
  });

  it("gives a leader each unit's counts and rates for the month", async () => {
    const res = await get<MetricGroupsResponse>(`/api/metrics/units?${period()}`, w.leader);
    expect(res.status).toBe(200);
    const department = res.body.groups.find((g) => g.unitId === w.department);
    expect(department?.figures).toMatchObject({
      dispatched: 6,
      handled: 6,
      replied: 5,
      rated: 4,
      resolved: 3,
      returned: 0,
      acceptedInTime: 5,
    });
    expect(department?.figures.rates.satisfaction).toBeCloseTo((1 + 1 + 0.8 + 0) / 4, 4);
    expect(department?.figures.rates.resolution).toBeCloseTo(0.75, 4);
    expect(department?.figures.rates.timelyAcceptance).toBeCloseTo(5 / 6, 4);
    const other = res.body.groups.find((g) => g.unitId === w.otherDepartment);
    expect(other?.figures).toMatchObject({ dispatched: 1, returned: 1, handled: 0, rated: 0 });
    expect(other?.figures.rates.return).toBe(1);
  });

  it("a township inspector sees only requests placed in the township's subtree", async () => {
    const res = await get<MetricGroupsResponse>(`/api/metrics/units?${period()}`, w.inspectorA);
    expect(res.status).toBe(200);
    expect(res.body.groups.map((g) => g.unitId)).not.toContain(w.governmentB);
    expect(res.body.groups.find((g) => g.unitId === w.department)?.figures.dispatched).toBe(6);
  });
});

describe('divisions, categories, ranking, trend, hot topics', () => {
  it('division figures count each request once, at township level', async () => {
    const res = await get<MetricGroupsResponse>(`/api/metrics/divisions?${period()}`, w.leader);
    expect(res.status).toBe(200);
    const a = res.body.groups.find((g) => g.key === w.townshipA);
    const b = res.body.groups.find((g) => g.key === w.townshipB);
    expect(a?.figures.requests).toBe(6);
    expect(b?.figures.requests).toBe(1);
  });

  it('category figures group by the top level of the taxonomy', async () => {
    const res = await get<MetricGroupsResponse>(`/api/metrics/categories?${period()}`, w.leader);
    const root = w.category.split('.')[0]!;
    expect(res.body.groups.find((g) => g.key === root)?.figures.requests).toBe(7);
  });

  it('ranks departments with enough volume and leaves small ones unranked; weights per class apply', async () => {
    const url = `/api/metrics/ranking?month=2026-11&unitKind=department&countyCode=${w.county}`;
    const res = await get<RankingResponse>(url, w.leader);
    expect(res.status).toBe(200);
    const department = res.body.rows.find((r) => r.unitId === w.department);
    expect(department?.rank).toBe(1);
    expect(res.body.rows.find((r) => r.unitId === w.otherDepartment)?.rank).toBeNull();
    expect(res.body.redList.map((r) => r.unitId)).toEqual([w.department]);
    expect(res.body.blackList).toEqual([]);
    const before = department?.score;

    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/metrics/weights',
      headers: w.admin.headers,
      payload: {
        countyCode: w.county,
        items: [{ unitKind: 'department', weights: { response: 0, resolution: 0, satisfaction: 100 } }],
      },
    });
    expect(put.statusCode).toBe(200);
    const after = await get<RankingResponse>(url, w.leader);
    expect(after.body.weights).toEqual({ response: 0, resolution: 0, satisfaction: 100 });
    const score = after.body.rows.find((r) => r.unitId === w.department)?.score;
    expect(score).toBeCloseTo(70, 2);
    expect(score).not.toBe(before);
    const bad = await ctx.app.inject({
      method: 'PUT',
      url: '/api/metrics/weights',
      headers: w.admin.headers,
      payload: {
        countyCode: w.county,
        items: [{ unitKind: 'department', weights: { response: 50, resolution: 0, satisfaction: 10 } }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect((await get(`/api/metrics/weights?countyCode=${w.county}`, w.leader)).status).toBe(403);
  });

  it('exports the ranking as XLSX', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/metrics/ranking.xlsx?month=2026-11&unitKind=department',
      headers: w.leader.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // The sheet holds the same ranking as the screen: one row per unit, in rank order, with its score.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]!.slice(0, 3)).toEqual(['名次', '单位', '综合得分']);
    const ranking = await get<RankingResponse>('/api/metrics/ranking?month=2026-11&unitKind=department', w.leader);
    expect(rows.slice(1).map((r) => [r[1], r[2]])).toEqual(
      ranking.body.rows.map((r) => [r.unitName, r.score === null ? '' : r.score.toFixed(2)]),
    );
    expect(rows.length).toBeGreaterThan(1);
  });

  it('the trend lists every month of the period', async () => {
    const res = await get<{ months: { month: string; figures: { requests: number } }[] }>(
      `/api/metrics/trend?from=2026-10&to=2026-12&countyCode=${w.county}`,
      w.leader,
    );
    expect(res.body.months.map((m) => [m.month, m.figures.requests])).toEqual([
      ['2026-10', 0],
      ['2026-11', 7],
      ['2026-12', 0],
    ]);
  });

  it('hot topics count this week by township and category', async () => {
    const res = await get<HotTopicsResponse>(
      `/api/metrics/hot-topics?week=2026-W47&countyCode=${w.county}&categoryDepth=2`,
      w.leader,
    );
    expect(res.status).toBe(200);
    const topic = res.body.mostFrequent.find((t) => t.divisionCode === w.townshipA);
    expect(topic).toMatchObject({ categoryCode: w.category, count: 6, baselineAverage: 0, growth: 6 });
    expect(res.body.fastestGrowing[0]?.divisionCode).toBe(w.townshipA);
  });
});

describe('every figure opens down to its requests', () => {
  it("drills from the department's timely-acceptance misses to the late request", async () => {
    const res = await get<MetricDrillResponse>(
      `/api/metrics/drill?${period(`&unitId=${w.department}&figure=timelyAcceptance&outcome=missed`)}`,
      w.leader,
    );
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]?.fact).toMatchObject({ unitId: w.department, handled: true, acceptedInTime: false });
    expect(res.body.items[0]?.number).toMatch(/^\d{13}$/);
    const all = await get<MetricDrillResponse>(
      `/api/metrics/drill?${period(`&unitId=${w.department}&figure=resolution&outcome=all`)}`,
      w.leader,
    );
    expect(all.body.total).toBe(4);
  });

  it("a handler sees its own unit's scorecard with a row per request, not another unit's", async () => {
    const own = await get<ScorecardResponse>(
      `/api/metrics/scorecard/${w.department}?from=2026-11&to=2026-11`,
      w.handlerDepartment,
    );
    expect(own.status).toBe(200);
    expect(own.body.figures.dispatched).toBe(6);
    expect(own.body.rows.total).toBe(6);
    expect(own.body.ranks).toEqual([{ month: '2026-11', rank: 1, of: 1, score: own.body.ranks[0]?.score }]);
    const foreign = await get(`/api/metrics/scorecard/${w.governmentB}?from=2026-11&to=2026-11`, w.handlerDepartment);
    expect(foreign.status).toBe(404);
    expect((await get(`/api/metrics/scorecard/${w.department}?from=2026-11&to=2026-11`)).status).toBe(401);
    const leader = await get(`/api/metrics/scorecard/${w.governmentB}?from=2026-11&to=2026-11`, w.leader);
    expect(leader.status).toBe(200);
  });
});

describe('lianxin metrics rebuild', () => {
  it('recounts from the logs exactly the facts that every write kept', async () => {
    const incremental = await listAllFacts(ctx.deps.db, w.county);
    expect(incremental.length).toBeGreaterThanOrEqual(8);
    const progress: number[] = [];
    const result = await rebuildMetricFacts(ctx.deps, {
      tenantCode: w.county,
      pageSize: 3,
      onProgress: (p) => progress.push(p.requests),
    });
    expect(result.requests).toBe(7);
    expect(progress).toEqual([3, 6, 7]);
    expect(await listAllFacts(ctx.deps.db, w.county)).toEqual(incremental);
  });
});
