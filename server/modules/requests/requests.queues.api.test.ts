import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type SignedIn, type TestContext } from '../../platform/testing/test-context.js';
import { act, buildRequestWorld, LAMP_REPLY, postRequest, type RequestWorld } from './requests.factories.js';

// The dispatcher's and the units' queues with their counts, the due-soon filter, sorting, and batch acceptance.

let ctx: TestContext;
let w: RequestWorld;
const ids: Record<string, number> = {};

const get = (url: string, who: SignedIn) => ctx.app.inject({ method: 'GET', url, headers: who.headers });
const queueIds = async (queue: string, who: SignedIn) =>
  ((await get(`/api/requests?queue=${queue}&pageSize=200`, who)).json().items as { id: number }[])
    .map((r) => r.id)
    .sort((a, b) => a - b);
const counts = async (who: SignedIn) =>
  Object.fromEntries(
    ((await get('/api/requests/queue-counts', who)).json() as { queue: string; count: number }[]).map((c) => [
      c.queue,
      c.count,
    ]),
  );
const RETURN = { reason: 'wrong_place', explanation: '该地点不在本单位辖区范围内，请改派' };

async function dispatched(lead: number) {
  const { id } = await postRequest(ctx, w);
  expect((await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: lead, reason: '派单' })).statusCode).toBe(200);
  return id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
  ids.fresh = (await postRequest(ctx, w)).id;
  ids.toAccept = await dispatched(w.governmentA);
  ids.inProgress = await dispatched(w.governmentA);
  await act(ctx, w.handlerA, ids.inProgress, 'accept');
  ids.returned = await dispatched(w.governmentA);
  await act(ctx, w.handlerA, ids.returned, 'return', RETURN);
  // Returned by A, re-dispatched to B, returned by B: two units dispute it.
  ids.twiceReturned = await dispatched(w.governmentA);
  await act(ctx, w.handlerA, ids.twiceReturned, 'return', RETURN);
  await act(ctx, w.dispatcher, ids.twiceReturned, 'rule-return', {
    decision: 'redispatch',
    dispatch: { leadUnitId: w.governmentB, reason: '改派B镇' },
  });
  expect((await act(ctx, w.handlerB, ids.twiceReturned, 'return', RETURN)).statusCode).toBe(200);
  ids.replyRejected = await dispatched(w.governmentA);
  await act(ctx, w.handlerA, ids.replyRejected, 'accept');
  await act(ctx, w.handlerA, ids.replyRejected, 'reply', { text: LAMP_REPLY });
  await act(ctx, w.dispatcher, ids.replyRejected, 'reject-reply', { reason: 'off_topic' });
  ids.extension = await dispatched(w.department);
  await act(ctx, w.handlerDepartment, ids.extension, 'accept');
  const ext = await act(ctx, w.handlerDepartment, ids.extension, 'request-extension', {
    days: 3,
    reason: '需要协调多个部门共同处理',
  });
  expect(ext.statusCode, ext.body).toBe(200);
});
afterAll(async () => ctx?.close());

describe('queues', () => {
  it('the dispatcher’s queues hold what each tab promises, and the counts match the lists', async () => {
    expect(await queueIds('new', w.dispatcher)).toEqual([ids.fresh]);
    expect(await queueIds('returned', w.dispatcher)).toEqual([ids.returned, ids.twiceReturned]);
    expect(await queueIds('disputed', w.dispatcher)).toEqual([ids.twiceReturned, ids.replyRejected]);
    expect(await queueIds('extensions', w.dispatcher)).toEqual([ids.extension]);
    expect(await queueIds('appeals', w.dispatcher)).toEqual([]);
    expect(await queueIds('overdue', w.dispatcher)).toEqual([]);
    // Returned by two units: bounced (推诿) as well.
    expect(await queueIds('bounced', w.dispatcher)).toEqual([ids.twiceReturned]);
    const c = await counts(w.dispatcher);
    expect(c).toMatchObject({ new: 1, returned: 2, disputed: 2, extensions: 1, appeals: 0, overdue: 0, bounced: 1 });
    // A dispatcher without the handler role has no unit queues.
    expect(c.to_accept).toBeUndefined();
  });

  it('the unit inbox holds only requests the unit leads', async () => {
    expect(await queueIds('to_accept', w.handlerA)).toEqual([ids.toAccept]);
    expect(await queueIds('in_progress', w.handlerA)).toEqual([ids.inProgress, ids.replyRejected]);
    expect(await queueIds('to_accept', w.handlerB)).toEqual([]);
    expect(await queueIds('in_progress', w.handlerDepartment)).toEqual([ids.extension]);
    expect(await counts(w.handlerA)).toEqual({ to_accept: 1, in_progress: 2, due_soon: 0, unit_overdue: 0 });
    expect((await get('/api/requests/queue-counts', w.admin)).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/requests/queue-counts' })).statusCode).toBe(401);
  });

  it('"due within N working hours" finds requests about to run out; bad values are refused', async () => {
    // A help request has 10 working days (80 office hours) from acceptance.
    expect((await get('/api/requests?dueWithinHours=8', w.handlerA)).json().total).toBe(0);
    const soon = (await get('/api/requests?dueWithinHours=100', w.handlerA)).json();
    expect(soon.items.map((r: { id: number }) => r.id).sort()).toEqual([ids.inProgress, ids.replyRejected].sort());
    const bad = await get('/api/requests?dueWithinHours=0', w.handlerA);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].field).toBe('dueWithinHours');
  });

  it('sorts by the whitelisted columns, both ways, and refuses others naming sort', async () => {
    const numbers = async (sort: string) =>
      ((await get(`/api/requests?sort=${sort}&pageSize=200`, w.dispatcher)).json().items as { number: string }[]).map(
        (r) => r.number,
      );
    const asc = await numbers('number');
    expect(asc).toEqual([...asc].sort());
    expect(await numbers('-number')).toEqual([...asc].reverse());
    const states = (
      (await get('/api/requests?sort=state&pageSize=200', w.dispatcher)).json().items as {
        state: string;
      }[]
    ).map((r) => r.state);
    expect(states).toEqual([...states].sort());
    const due = (
      (await get('/api/requests?sort=resolutionDeadline&pageSize=200', w.dispatcher)).json().items as {
        resolutionDeadline: string | null;
      }[]
    ).map((r) => r.resolutionDeadline);
    const withDeadline = due.filter((d): d is string => d !== null);
    expect(withDeadline.length).toBeGreaterThan(0);
    expect(withDeadline).toEqual([...withDeadline].sort());
    expect(due.slice(withDeadline.length).every((d) => d === null)).toBe(true);
    const bad = await get('/api/requests?sort=citizenPhone', w.dispatcher);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].field).toBe('sort');
  });
});

describe('batch accept (批量签收)', () => {
  it('accepts each request on its own and says which failed and why', async () => {
    const one = await dispatched(w.governmentA);
    const two = await dispatched(w.governmentA);
    const departments = await dispatched(w.department);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/requests/actions/accept-batch',
      headers: w.handlerA.headers,
      payload: { ids: [one, ids.inProgress, departments, two, one] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results).toEqual([
      { id: one, ok: true, state: 'in_progress', version: expect.any(Number) },
      { id: ids.inProgress, ok: false, code: 'REQUEST_INVALID_TRANSITION' },
      { id: departments, ok: false, code: 'REQUEST_NOT_FOUND' },
      { id: two, ok: true, state: 'in_progress', version: expect.any(Number) },
    ]);
    for (const id of [one, two]) {
      const d = (await get(`/api/requests/${id}`, w.handlerA)).json();
      expect(d.state).toBe('in_progress');
      expect(d.events.at(-1).type).toBe('accepted');
    }
    expect((await get(`/api/requests/${departments}`, w.dispatcher)).json().state).toBe('dispatched');
  });

  it('refuses an empty or oversized batch naming ids, and needs the handler permission', async () => {
    for (const payload of [{ ids: [] }, { ids: Array.from({ length: 101 }, (_, i) => i + 1) }]) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/requests/actions/accept-batch',
        headers: w.handlerA.headers,
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.issues[0].field).toBe('ids');
    }
    const dispatcher = await ctx.app.inject({
      method: 'POST',
      url: '/api/requests/actions/accept-batch',
      headers: w.dispatcher.headers,
      payload: { ids: [ids.toAccept] },
    });
    expect(dispatcher.statusCode).toBe(403);
  });
});

describe('the clock on the detail', () => {
  it('shows the pending extension and the working hours left; overdue requests fill the overdue queues', async () => {
    const ext = (await get(`/api/requests/${ids.extension}`, w.dispatcher)).json();
    expect(ext.clock.pendingExtension).toMatchObject({ unitId: w.department, days: 3 });
    expect(ext.clock.resolution.working).toBe(true);
    expect(ext.clock.resolution.hours).toBeGreaterThan(70);
    // Accepted in time: the response limit is met, no longer counting down.
    const accepted = (await get(`/api/requests/${ids.inProgress}`, w.handlerA)).json();
    expect(accepted.clock.response).toBeNull();
    expect(accepted.deadlines.response.doneAt).toEqual(expect.any(String));
    expect(accepted.deadlines.response.late).toBe(false);
    expect(accepted.deadlines.resolution.doneAt).toBeNull();
    const waiting = (await get(`/api/requests/${ids.toAccept}`, w.handlerA)).json();
    expect(waiting.clock.response.hours).toBeGreaterThan(0);
    expect(waiting.clock.resolution).toBeNull();

    ctx.clock.advance(30 * 86_400_000);
    // Sessions expire over a month: sign in again.
    const handlerA = await ctx.signIn({
      roles: ['handler'],
      scope: { kind: 'unit', unitId: w.governmentA },
      unitId: w.governmentA,
    });
    const dispatcher = await ctx.signIn({ roles: ['dispatcher'] });
    const late = (await get(`/api/requests/${ids.toAccept}`, handlerA)).json();
    expect(late.clock.response.hours).toBeLessThan(0);
    const overdue = await queueIds('unit_overdue', handlerA);
    expect(overdue).toEqual(expect.arrayContaining([ids.toAccept, ids.inProgress, ids.replyRejected]));
    expect(overdue).not.toContain(ids.extension);
    expect((await counts(handlerA)).unit_overdue).toBe(overdue.length);
    expect(await queueIds('overdue', dispatcher)).toEqual(expect.arrayContaining([...overdue, ids.extension]));
  });
});
