import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../../platform/testing/test-context.js';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { act, buildRequestWorld, postRequest, type RequestWorld } from './requests.factories.js';

/*
 * The access matrix for the requests endpoints (issue 4, point 11): every route answers 401 without a session, 403
 * to a role without its permission (the administrators have none), 400 naming the field for a bad body or query,
 * and a handler of township B gets 404 for township A's request and never sees it in a list.
 */

type Method = 'GET' | 'POST';

interface Route {
  name: string;
  method: Method;
  url: (id: number) => string;
  /** A body or query that fails validation, and the field the 400 must name. */
  bad?: { url?: (id: number) => string; body?: unknown; field: string };
}

const action = (path: string, bad?: Route['bad']): Route => ({
  name: `action ${path}`,
  method: 'POST',
  url: (id) => `/api/requests/${id}/actions/${path}`,
  ...(bad ? { bad } : {}),
});

const ROUTES: Route[] = [
  { name: 'intake', method: 'POST', url: () => '/api/requests', bad: { body: { channel: 'fax' }, field: 'channel' } },
  {
    name: 'list',
    method: 'GET',
    url: () => '/api/requests',
    bad: { url: () => '/api/requests?page=0', field: 'page' },
  },
  {
    name: 'duplicates',
    method: 'GET',
    url: () => '/api/requests/duplicates?phone=13812345678',
    bad: { url: () => '/api/requests/duplicates?divisionCode=12', field: 'divisionCode' },
  },
  {
    name: 'caller history',
    method: 'GET',
    url: (id) => `/api/requests/caller-history?requestId=${id}`,
    bad: { url: () => '/api/requests/caller-history?requestId=abc', field: 'requestId' },
  },
  {
    name: 'hot clusters',
    method: 'GET',
    url: () => '/api/requests/hot-clusters?period=month',
    bad: { url: () => '/api/requests/hot-clusters?period=year', field: 'period' },
  },
  {
    name: 'detail',
    method: 'GET',
    url: (id) => `/api/requests/${id}`,
    bad: { url: () => '/api/requests/abc', field: 'id' },
  },
  { name: 'dispatch proposal', method: 'GET', url: (id) => `/api/requests/${id}/dispatch-proposal` },
  action('classify', { body: { type: 'help', divisionCode: '110101001001' }, field: 'categoryCode' }),
  action('dispatch', { body: { leadUnitId: -1, reason: 'x' }, field: 'leadUnitId' }),
  action('accept'),
  action('return', { body: { reason: 'because', explanation: '不是我们的事情不是我们的' }, field: 'reason' }),
  action('rule-return', { body: { decision: 'maybe' }, field: 'decision' }),
  action('reply', { body: { text: '' }, field: 'text' }),
  action('rate', { body: { resolved: 'yes', satisfaction: 'satisfied' }, field: 'resolved' }),
  action('close'),
  action('request-extension', { body: { days: 0, reason: '需要更多时间处理此事' }, field: 'days' }),
  action('decide-extension', { body: { approved: 'ok' }, field: 'approved' }),
  action('press', { body: { note: '' }, field: 'note' }),
  action('answer-directly', { body: { reply: '' }, field: 'reply' }),
  action('reject-reply', { body: { reason: 'boring' }, field: 'reason' }),
  action('assist-note', { body: { text: '' }, field: 'text' }),
  action('file-appeal', { body: { reason: '不属于本单位职责范围', evidence: '' }, field: 'evidence' }),
  action('decide-appeal', { body: { approved: 'yes' }, field: 'approved' }),
  action('blow-whistle', { body: { departmentUnitIds: [], reportLimitHours: 24 }, field: 'departmentUnitIds' }),
  action('report-to-whistle'),
  action('rate-whistle', { body: { unitId: 1, score: 6 }, field: 'score' }),
  action('merge', { body: { originalId: 'first' }, field: 'originalId' }),
  {
    name: 'queue counts',
    method: 'GET',
    url: () => '/api/requests/queue-counts',
  },
  {
    name: 'batch accept',
    method: 'POST',
    url: () => '/api/requests/actions/accept-batch',
    bad: { body: { ids: [] }, field: 'ids' },
  },
  {
    name: 'list sorted',
    method: 'GET',
    url: () => '/api/requests?sort=-resolutionDeadline&queue=overdue',
    bad: { url: () => '/api/requests?sort=citizenPhoneHash', field: 'sort' },
  },
  {
    name: 'export',
    method: 'GET',
    url: () => '/api/requests/export.xlsx',
    bad: { url: () => '/api/requests/export.xlsx?state=nope', field: 'state' },
  },
];

/** Routes a handler of another township tries on township A's request: each must read as not found. */
const FOREIGN_HANDLER_ROUTES: { name: string; method: Method; url: (id: number) => string; body?: unknown }[] = [
  { name: 'detail', method: 'GET', url: (id) => `/api/requests/${id}` },
  { name: 'caller history', method: 'GET', url: (id) => `/api/requests/caller-history?requestId=${id}` },
  { name: 'accept', method: 'POST', url: (id) => `/api/requests/${id}/actions/accept`, body: {} },
  {
    name: 'return',
    method: 'POST',
    url: (id) => `/api/requests/${id}/actions/return`,
    body: { reason: 'wrong_place', explanation: '该地点不在本镇辖区范围内' },
  },
  { name: 'reply', method: 'POST', url: (id) => `/api/requests/${id}/actions/reply`, body: { text: '已处理完毕' } },
  {
    name: 'request-extension',
    method: 'POST',
    url: (id) => `/api/requests/${id}/actions/request-extension`,
    body: { days: 2, reason: '需要协调多个部门共同处理' },
  },
  {
    name: 'assist-note',
    method: 'POST',
    url: (id) => `/api/requests/${id}/actions/assist-note`,
    body: { text: '协办' },
  },
  {
    name: 'file-appeal',
    method: 'POST',
    url: (id) => `/api/requests/${id}/actions/file-appeal`,
    body: { reason: '不属于本单位职责范围的诉求', evidence: '相关文件' },
  },
  {
    name: 'blow-whistle',
    method: 'POST',
    url: (id) => `/api/requests/${id}/actions/blow-whistle`,
    body: { departmentUnitIds: [1], reportLimitHours: 24 },
  },
  { name: 'report-to-whistle', method: 'POST', url: (id) => `/api/requests/${id}/actions/report-to-whistle`, body: {} },
  {
    name: 'rate-whistle',
    method: 'POST',
    url: (id) => `/api/requests/${id}/actions/rate-whistle`,
    body: { unitId: 1, score: 3 },
  },
];

let ctx: TestContext;
let w: RequestWorld;
let requestId: number;
let requestNumber: string;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
  const created = await postRequest(ctx, w, { citizenPhone: '13600001234' });
  requestId = created.id;
  requestNumber = created.number;
  const res = await act(ctx, w.dispatcher, requestId, 'dispatch', { leadUnitId: w.governmentA, reason: '属地乡镇' });
  expect(res.statusCode).toBe(200);
});
afterAll(async () => ctx?.close());

const send = (method: Method, url: string, who?: SignedIn, body?: unknown) =>
  ctx.app.inject({
    method,
    url,
    ...(who ? { headers: who.headers } : {}),
    ...(method === 'POST' ? { payload: (body ?? {}) as Record<string, unknown> } : {}),
  });

describe('requests access matrix', () => {
  it.each(ROUTES)('$name: 401 without a session', async (r) => {
    const res = await send(r.method, r.url(requestId));
    expect(res.statusCode).toBe(401);
  });

  it.each(ROUTES)('$name: 403 for an administrator without requests permissions', async (r) => {
    const res = await send(r.method, r.url(requestId), w.admin);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it.each(ROUTES.filter((r) => r.bad))('$name: 400 naming the field', async (r) => {
    const bad = r.bad!;
    // The dispatcher holds intake, dispatch and read; handle and press need a handler or leader.
    const who = / (accept|return|reply|request-extension|assist-note|file-appeal|\w+-whistle)$|batch accept/.test(
      r.name,
    )
      ? w.handlerA
      : r.name.includes('press')
        ? w.leader
        : w.dispatcher;
    const res = await send(r.method, (bad.url ?? r.url)(requestId), who, bad.body);
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.issues.map((i: { field: string }) => i.field);
    expect(fields.some((f: string) => f === bad.field || f.endsWith(`.${bad.field}`))).toBe(true);
  });

  it.each(FOREIGN_HANDLER_ROUTES)(
    "$name: a handler of another township gets 404 for this township's request",
    async (r) => {
      const res = await send(r.method, r.url(requestId), w.handlerB, r.body);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('REQUEST_NOT_FOUND');
    },
  );

  it("batch accept reports another township's request as not found, and leaves it waiting", async () => {
    const res = await send('POST', '/api/requests/actions/accept-batch', w.handlerB, { ids: [requestId] });
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toEqual([{ id: requestId, ok: false, code: 'REQUEST_NOT_FOUND' }]);
    type Counts = { queue: string; count: number }[];
    const queues = (await send('GET', '/api/requests/queue-counts', w.handlerB)).json() as Counts;
    expect(queues.find((q) => q.queue === 'to_accept')?.count).toBe(0);
    const mine = (await send('GET', '/api/requests/queue-counts', w.handlerA)).json() as Counts;
    expect(mine.find((q) => q.queue === 'to_accept')?.count).toBe(1);
  });

  it("a township dispatcher cannot dispatch to another township's unit, nor merge into its requests", async () => {
    const townshipDispatcher = await ctx.signIn({
      roles: ['dispatcher'],
      scope: { kind: 'division', divisionCode: w.townshipA },
    });
    const other = await postRequest(ctx, w, {}, {});
    const foreign = await send('POST', `/api/requests/${other.id}/actions/dispatch`, townshipDispatcher, {
      leadUnitId: w.governmentB,
      reason: '派单',
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.code).toBe('REQUEST_UNIT_OUT_OF_SCOPE');
    expect(foreign.json().error.details.issues[0].field).toBe('leadUnitId');
    const inB = await postRequest(ctx, w, { divisionCode: w.townshipB });
    const merge = await send('POST', `/api/requests/${other.id}/actions/merge`, townshipDispatcher, {
      originalId: inB.id,
    });
    expect(merge.statusCode).toBe(400);
    expect(merge.json().error.details.issues[0].field).toBe('originalId');
  });

  it('the public endpoints need no session but a receipt code', async () => {
    const track = await send('GET', `/api/public/requests/track?number=${requestNumber}&code=ABCDEFGH`);
    expect(track.statusCode).toBe(404);
    expect(track.json().error.code).toBe('REQUEST_NOT_FOUND');
    const rate = await send('POST', '/api/public/requests/rate', undefined, {
      number: requestNumber,
      code: 'ABCDEFGH',
      resolved: true,
      satisfaction: 'satisfied',
    });
    expect(rate.statusCode).toBe(404);
    const bad = await send('GET', `/api/public/requests/track?number=${requestNumber}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].field).toBe('code');
  });

  it("the lists never show another township's request", async () => {
    for (const url of [
      '/api/requests?pageSize=200',
      `/api/requests?q=${requestNumber}`,
      `/api/requests?divisionCode=${w.townshipA}`,
      `/api/requests?leadUnitId=${w.governmentA}`,
      '/api/requests/duplicates?phone=13600001234',
    ]) {
      const res = await send('GET', url, w.handlerB);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(requestNumber);
    }
  });

  it('the lead unit, the division-scoped inspector and scope all see it; the inspector of another township does not', async () => {
    const inspectorB = await ctx.signIn({
      roles: ['inspector'],
      scope: { kind: 'division', divisionCode: w.townshipB },
    });
    for (const [who, visible] of [
      [w.handlerA, true],
      [w.inspectorA, true],
      [w.leader, true],
      [inspectorB, false],
    ] as const) {
      const detail = await send('GET', `/api/requests/${requestId}`, who);
      expect(detail.statusCode).toBe(visible ? 200 : 404);
      const list = await send('GET', `/api/requests?q=${requestNumber}`, who);
      expect(list.json().total).toBe(visible ? 1 : 0);
    }
  });

  it('home cards count requests in scope', async () => {
    const home = await send('GET', '/api/home', w.handlerA);
    const cards = home.json().modules as { key: string; count?: number }[];
    expect(cards.find((c) => c.key === 'requests/inbox')?.count).toBe(1);
    const other = (await send('GET', '/api/home', w.handlerB)).json().modules as { key: string; count?: number }[];
    expect(other.find((c) => c.key === 'requests/inbox')?.count).toBe(0);
  });
});
