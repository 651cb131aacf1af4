import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../../platform/testing/test-context.js';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { buildDivision } from '../org/testing.js';
import { DEFAULT_TIME_LIMIT_RULES } from './domain/time-limits.js';
import { act, buildRequestWorld, postRequest, type RequestWorld } from './requests.factories.js';
import { loadRequestSettings } from './settings.repository.js';

/*
 * Administrators edit a county's request rules: the time limits, the policy bounds, the ladder and the rating
 * window. Only requests:configure (the system administrator) may; a bad value is a 400 naming its field; every
 * change is audited; the rules decide the deadlines of requests written afterwards.
 */

let ctx: TestContext;
let w: RequestWorld;
let securityAdmin: SignedIn;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
  securityAdmin = await ctx.signIn({ roles: ['security_admin'], scope: { kind: 'all' } });
});
afterAll(async () => ctx?.close());

const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who: SignedIn, payload?: unknown) =>
  ctx.app.inject({
    method,
    url,
    headers: who.headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

const fieldsOf = (res: { json: () => { error: { details: { issues: { field: string }[] } } } }) =>
  res.json().error.details.issues.map((i) => i.field);

const settingsUrl = () => `/api/requests/settings?countyCode=${w.county}`;
const rulesUrl = () => `/api/requests/settings/time-limits?countyCode=${w.county}`;

const validSettings = {
  policy: {
    maxReturnsPerUnit: 1,
    minExplanationLength: 10,
    maxExtensionDays: 15,
    maxExtensionsPerRound: 1,
    maxReopens: 2,
  },
  ladder: [
    { level: 'warning', trigger: { kind: 'limit_used', fraction: 0.7 } },
    { level: 'urge', trigger: { kind: 'after_deadline', workingDays: 0 } },
    { level: 'criticism', trigger: { kind: 'after_level', level: 'urge', workingDays: 3 } },
  ],
  ratingWindowDays: 10,
  unratedCountsAs: 'basically_satisfied',
};

async function auditActions(objectType: string): Promise<string[]> {
  const rows = await ctx.deps.db
    .selectFrom('auditEntry')
    .select('action')
    .where('objectType', '=', objectType)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

describe('who may configure', () => {
  it.each([
    ['GET', 'settings', () => settingsUrl()],
    ['PUT', 'settings', () => settingsUrl()],
    ['GET', 'rules', () => rulesUrl()],
    ['POST', 'rules', () => rulesUrl()],
    [
      'GET',
      'preview',
      () =>
        `/api/requests/settings/time-limits/preview?countyCode=${w.county}&type=help&receivedAt=2026-11-20T02:00:00Z`,
    ],
  ] as const)('%s %s: 403 for a dispatcher, a leader and the security administrator', async (method, _name, url) => {
    for (const who of [w.dispatcher, securityAdmin, w.leader]) {
      const res = await send(method, url(), who, method === 'GET' ? undefined : {});
      expect(res.statusCode).toBe(403);
    }
  });

  it('401 without a session', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: settingsUrl() });
    expect(res.statusCode).toBe(401);
  });

  it('a system administrator scoped to another county cannot read this county', async () => {
    const otherCounty = await buildDivision(ctx.deps.db, { level: 'county' });
    const other = await ctx.signIn({
      roles: ['system_admin'],
      scope: { kind: 'division', divisionCode: otherCounty.code },
    });
    const res = await send('GET', settingsUrl(), other);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH_OUT_OF_SCOPE');
  });

  it('an unknown county is a 400 naming countyCode', async () => {
    const res = await send('GET', '/api/requests/settings?countyCode=123456000000', w.admin);
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toContain('countyCode');
  });
});

describe('policy, ladder and rating window', () => {
  it('shows the defaults until saved', async () => {
    const res = await send('GET', settingsUrl(), w.admin);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      configured: false,
      version: 0,
      ratingWindowDays: 7,
      unratedCountsAs: 'satisfied',
    });
    expect(res.json().ladder).toHaveLength(3);
  });

  it.each([
    [
      'ladder fraction above 1',
      { ladder: [{ level: 'warning', trigger: { kind: 'limit_used', fraction: 1.5 } }] },
      'ladder.0.trigger.fraction',
    ],
    [
      'negative working days',
      { ladder: [{ level: 'urge', trigger: { kind: 'after_deadline', workingDays: -1 } }] },
      'ladder.0.trigger.workingDays',
    ],
    [
      'a level twice',
      {
        ladder: [
          { level: 'urge', trigger: { kind: 'after_deadline', workingDays: 1 } },
          { level: 'urge', trigger: { kind: 'after_deadline', workingDays: 2 } },
        ],
      },
      'ladder.1.level',
    ],
    [
      'levels out of order',
      {
        ladder: [
          { level: 'urge', trigger: { kind: 'after_deadline', workingDays: 1 } },
          { level: 'warning', trigger: { kind: 'limit_used', fraction: 0.8 } },
        ],
      },
      'ladder.1.level',
    ],
    ['rating window of 0 days', { ratingWindowDays: 0 }, 'ratingWindowDays'],
    [
      'negative return bound',
      { policy: { ...validSettings.policy, maxReturnsPerUnit: -1 } },
      'policy.maxReturnsPerUnit',
    ],
  ])('refuses %s naming the field', async (_name, change, field) => {
    const res = await send('PUT', settingsUrl(), w.admin, { ...validSettings, ...change });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toContain(field);
  });

  it('saves, audits, versions, and refuses a stale form', async () => {
    const res = await send('PUT', settingsUrl(), w.admin, { ...validSettings, expectedVersion: 0 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ configured: true, version: 1, ratingWindowDays: 10 });
    expect(res.json().updatedBy).toBeTruthy();
    const loaded = await loadRequestSettings(ctx.deps.db, w.county);
    expect(loaded.ladder[0]).toEqual({ level: 'warning', trigger: { kind: 'limit_used', fraction: 0.7 } });
    expect(loaded.unratedCountsAs).toBe('basically_satisfied');
    expect(await auditActions('request_setting')).toEqual(['request.settings.update']);

    const stale = await send('PUT', settingsUrl(), w.admin, { ...validSettings, expectedVersion: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('REQUEST_SETTINGS_STALE');
  });

  it("the county's policy decides the commands: no returns allowed means the first return is refused", async () => {
    const put = await send('PUT', settingsUrl(), w.admin, {
      ...validSettings,
      policy: { ...validSettings.policy, maxReturnsPerUnit: 0 },
    });
    expect(put.statusCode).toBe(200);
    const { id } = await postRequest(ctx, w);
    expect(
      (await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.governmentA, reason: '属地' })).statusCode,
    ).toBe(200);
    const ret = await act(ctx, w.handlerA, id, 'return', {
      reason: 'wrong_place',
      explanation: '该地点不在本镇辖区范围内，请改派',
    });
    expect(ret.statusCode).toBe(409);
    expect(ret.json().error.code).toBe('REQUEST_RETURN_LIMIT_REACHED');
    await send('PUT', settingsUrl(), w.admin, validSettings);
  });
});

describe('time-limit rules', () => {
  it('lists the built-in defaults, marked as defaults, while none are configured', async () => {
    const res = await send('GET', rulesUrl(), w.admin);
    expect(res.statusCode).toBe(200);
    expect(res.json().configured).toBe(false);
    expect(res.json().rules).toHaveLength(DEFAULT_TIME_LIMIT_RULES.length);
    expect(res.json().rules.every((r: { isDefault: boolean; id: null }) => r.isDefault && r.id === null)).toBe(true);
  });

  it.each([
    [
      'an unknown category',
      { label: 'x', categoryCode: 'NOPE.01', resolution: { amount: 3, unit: 'working_days' } },
      'categoryCode',
    ],
    [
      'resolution shorter than response',
      { label: 'x', response: { amount: 3, unit: 'working_days' }, resolution: { amount: 4, unit: 'working_hours' } },
      'resolution',
    ],
    ['no limit at all', { label: 'x', type: 'help' }, 'resolution'],
    ['fractional working days', { label: 'x', resolution: { amount: 1.5, unit: 'working_days' } }, 'resolution.amount'],
    ['an unknown unit', { label: 'x', resolution: { amount: 2, unit: 'weeks' } }, 'resolution.unit'],
  ])('refuses %s naming the field', async (_name, body, field) => {
    const res = await send('POST', rulesUrl(), w.admin, body);
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toContain(field);
  });

  it('the first rule copies the defaults so that the county table is complete; the change is audited', async () => {
    const res = await send('POST', rulesUrl(), w.admin, {
      label: '路灯 3 小时签收 2 日办结',
      categoryCode: w.category,
      response: { amount: 3, unit: 'working_hours' },
      resolution: { amount: 2, unit: 'working_days' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ categoryCode: w.category, isDefault: false });
    const list = await send('GET', rulesUrl(), w.admin);
    expect(list.json().configured).toBe(true);
    expect(list.json().rules).toHaveLength(DEFAULT_TIME_LIMIT_RULES.length + 1);
    expect(await auditActions('request_time_limit_rule')).toEqual(['request.time_limit_rule.create']);

    const twice = await send('POST', rulesUrl(), w.admin, {
      label: 'again',
      categoryCode: w.category,
      resolution: { amount: 5, unit: 'working_days' },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('REQUEST_TIME_LIMIT_RULE_EXISTS');
  });

  it("a request taken in after the rule gets the rule's deadlines, as the preview computes them with the calendar", async () => {
    const now = ctx.clock.now().toISOString();
    const preview = await send(
      'GET',
      `/api/requests/settings/time-limits/preview?countyCode=${w.county}&categoryCode=${w.category}&type=help&receivedAt=${now}`,
      w.admin,
    );
    expect(preview.statusCode).toBe(200);
    expect(preview.json().limits.response).toEqual({ amount: 3, unit: 'working_hours' });
    expect(preview.json().limits.sources.resolution).toBe('路灯 3 小时签收 2 日办结');

    const { id } = await postRequest(ctx, w);
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.department, reason: '职能部门' });
    const dispatched = (await send('GET', `/api/requests/${id}`, w.dispatcher)).json();
    expect(dispatched.deadlines.response.dueAt).toBe(preview.json().responseDueAt);
    expect(dispatched.responseDeadline).toBe(preview.json().responseDueAt);
    await act(ctx, w.handlerDepartment, id, 'accept');
    const accepted = (await send('GET', `/api/requests/${id}`, w.dispatcher)).json();
    expect(accepted.deadlines.resolution.dueAt).toBe(preview.json().resolutionDueAtIfAcceptedAtOnce);
  });

  it('a changed rule reaches a stored deadline at the request’s next write, not before', async () => {
    const { id } = await postRequest(ctx, w);
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.department, reason: '职能部门' });
    await act(ctx, w.handlerDepartment, id, 'accept');
    const stored = async () =>
      (
        await ctx.deps.db
          .selectFrom('request')
          .select('resolutionDeadline')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).resolutionDeadline;
    const before = await stored();

    const list = (await send('GET', rulesUrl(), w.admin)).json();
    const rule = list.rules.find((r: { categoryCode: string | null }) => r.categoryCode === w.category);
    const put = await send('PUT', `/api/requests/settings/time-limits/${rule.id}?countyCode=${w.county}`, w.admin, {
      label: '路灯 10 日办结',
      categoryCode: w.category,
      response: { amount: 3, unit: 'working_hours' },
      resolution: { amount: 10, unit: 'working_days' },
    });
    expect(put.statusCode).toBe(200);
    expect((await stored())?.getTime()).toBe(before?.getTime());

    expect((await act(ctx, w.leader, id, 'press', { note: '请加快办理' })).statusCode).toBe(200);
    const after = await stored();
    expect(after!.getTime()).toBeGreaterThan(before!.getTime());
  });

  it('a deactivated category is refused for new rules and new requests, and cannot be deleted while requests use it', async () => {
    const leaf = `${w.category.split('.')[0]}.02`;
    const created = await send('POST', '/api/org/categories', w.admin, {
      parentCode: w.category.split('.')[0],
      name: '井盖',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().code).toBe(leaf);
    const { id } = await postRequest(ctx, w, { categoryCode: leaf });
    expect((await send('PATCH', `/api/org/categories/${leaf}`, w.admin, { active: false })).statusCode).toBe(200);
    const rule = await send('POST', rulesUrl(), w.admin, {
      label: '井盖',
      categoryCode: leaf,
      resolution: { amount: 2, unit: 'working_days' },
    });
    expect(rule.statusCode).toBe(400);
    expect(fieldsOf(rule)).toContain('categoryCode');
    const intake = await ctx.app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: w.operator.headers,
      payload: {
        channel: 'hotline',
        type: 'help',
        body: '井盖丢了很危险请尽快处理',
        divisionCode: w.villageA,
        categoryCode: leaf,
      },
    });
    expect(intake.statusCode).toBe(400);
    expect(fieldsOf(intake)).toContain('categoryCode');
    const old = (await send('GET', `/api/requests/${id}`, w.dispatcher)).json();
    expect(old.categoryCode).toBe(leaf);
    const all = (await send('GET', '/api/org/categories/all', w.dispatcher)).json();
    expect(all.find((c: { code: string }) => c.code === leaf)).toMatchObject({ name: '井盖', active: false });
    const del = await send('DELETE', `/api/org/categories/${leaf}`, w.admin);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('ORG_CATEGORY_IN_USE');
  });

  it('deleting every rule returns the county to the defaults', async () => {
    const list = (await send('GET', rulesUrl(), w.admin)).json();
    for (const r of list.rules) {
      const res = await send('DELETE', `/api/requests/settings/time-limits/${r.id}?countyCode=${w.county}`, w.admin);
      expect(res.statusCode).toBe(204);
    }
    const after = (await send('GET', rulesUrl(), w.admin)).json();
    expect(after.configured).toBe(false);
    const missing = await send(
      'DELETE',
      `/api/requests/settings/time-limits/${list.rules[0].id}?countyCode=${w.county}`,
      w.admin,
    );
    expect(missing.statusCode).toBe(404);
  });
});
