import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type SignedIn, type TestContext } from '../../platform/testing/test-context.js';
import { act, buildRequestWorld, LAMP_REPLY, postRequest, type RequestWorld } from './requests.factories.js';

// Merging duplicates (合并重复件): the dispatcher's merge action, the operator's "same matter as …" at intake, what
// the duplicate's citizen sees on the public tracking page; and dispatching within the dispatcher's scope.

let ctx: TestContext;
let w: RequestWorld;
let townshipDispatcher: SignedIn;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
  townshipDispatcher = await ctx.signIn({
    roles: ['dispatcher'],
    scope: { kind: 'division', divisionCode: w.townshipA },
  });
});
afterAll(async () => ctx?.close());

const detail = async (id: number, who = w.dispatcher) =>
  (await ctx.app.inject({ method: 'GET', url: `/api/requests/${id}`, headers: who.headers })).json();
const error = (res: { json: () => { error: { code: string; details?: { issues?: { field: string }[] } } } }) => {
  const e = res.json().error;
  return { code: e.code, fields: (e.details?.issues ?? []).map((i) => i.field) };
};
const track = (number: string, code: string) =>
  ctx.app.inject({ method: 'GET', url: `/api/public/requests/track?number=${number}&code=${code}` });

describe('merging a duplicate (dispatcher)', () => {
  it('the duplicate is merged and points at the original, which lists it', async () => {
    const original = await postRequest(ctx, w);
    const duplicate = await postRequest(ctx, w, { citizenPhone: '13900001111' });
    expect((await detail(duplicate.id)).availableActions).toContain('mergeInto');
    const res = await act(ctx, w.dispatcher, duplicate.id, 'merge', { originalId: original.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe('merged');
    const dup = await detail(duplicate.id);
    expect(dup.state).toBe('merged');
    expect(dup.mergedInto).toEqual({ id: original.id, number: original.number, state: 'classified' });
    expect(dup.events.at(-1)).toMatchObject({ type: 'merged_into', payload: { originalId: original.id } });
    expect(dup.availableActions).toEqual([]);
    const orig = await detail(original.id);
    expect(orig.duplicates.map((d: { number: string }) => d.number)).toEqual([duplicate.number]);
    expect(orig.mergedInto).toBeNull();
    // A merged request leaves the dispatcher's "new" queue.
    const queue = await ctx.app.inject({
      method: 'GET',
      url: `/api/requests?queue=new&q=${duplicate.number}`,
      headers: w.dispatcher.headers,
    });
    expect(queue.json().total).toBe(0);
  });

  it('refuses itself, an unknown original, a chain, and a request that has duplicates of its own', async () => {
    const a = await postRequest(ctx, w);
    const b = await postRequest(ctx, w);
    const c = await postRequest(ctx, w);
    const self = await act(ctx, w.dispatcher, a.id, 'merge', { originalId: a.id });
    expect(self.statusCode).toBe(400);
    expect(error(self)).toEqual({ code: 'REQUEST_MERGE_SELF', fields: ['originalId'] });
    const unknown = await act(ctx, w.dispatcher, a.id, 'merge', { originalId: 99_999_999 });
    expect(unknown.statusCode).toBe(400);
    expect(error(unknown)).toEqual({ code: 'REQUEST_MERGE_ORIGINAL_UNKNOWN', fields: ['originalId'] });
    expect((await act(ctx, w.dispatcher, b.id, 'merge', { originalId: a.id })).statusCode).toBe(200);
    // b is merged into a: merging c into b would make a chain; the error names where b went.
    const chain = await act(ctx, w.dispatcher, c.id, 'merge', { originalId: b.id });
    expect(chain.statusCode).toBe(409);
    expect(chain.json().error.code).toBe('REQUEST_MERGE_ORIGINAL_MERGED');
    expect(chain.json().error.details.mergedIntoId).toBe(a.id);
    // a has a duplicate: it carries on, it is not merged away itself.
    const hasDuplicates = await act(ctx, w.dispatcher, a.id, 'merge', { originalId: c.id });
    expect(hasDuplicates.statusCode).toBe(409);
    expect(hasDuplicates.json().error.code).toBe('REQUEST_MERGE_HAS_DUPLICATES');
    expect((await detail(c.id)).state).toBe('classified');
    expect((await detail(a.id)).state).toBe('classified');
  });

  it('only before dispatch, only by a dispatcher, only into an original in scope', async () => {
    const original = await postRequest(ctx, w);
    const dispatched = await postRequest(ctx, w);
    await act(ctx, w.dispatcher, dispatched.id, 'dispatch', { leadUnitId: w.governmentA, reason: '属地' });
    const late = await act(ctx, w.dispatcher, dispatched.id, 'merge', { originalId: original.id });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('REQUEST_INVALID_TRANSITION');
    const fresh = await postRequest(ctx, w);
    expect((await act(ctx, w.operator, fresh.id, 'merge', { originalId: original.id })).statusCode).toBe(403);
    expect((await act(ctx, w.handlerA, fresh.id, 'merge', { originalId: original.id })).statusCode).toBe(403);
    // An original in township B is outside township A's dispatcher's scope: it reads as unknown.
    const inB = await postRequest(ctx, w, { divisionCode: w.townshipB, address: 'B镇' });
    const foreign = await act(ctx, townshipDispatcher, fresh.id, 'merge', { originalId: inB.id });
    expect(foreign.statusCode).toBe(400);
    expect(error(foreign)).toEqual({ code: 'REQUEST_MERGE_ORIGINAL_UNKNOWN', fields: ['originalId'] });
    // …and township A's dispatcher cannot touch township B's request at all.
    const notMine = await act(ctx, townshipDispatcher, inB.id, 'merge', { originalId: fresh.id });
    expect(notMine.statusCode).toBe(404);
  });
});

describe('linking a duplicate at intake (operator)', () => {
  it('the citizen gets a number and receipt code; the request is merged at once; tracking follows the original', async () => {
    const original = await postRequest(ctx, w);
    const dup = await postRequest(ctx, w, { citizenPhone: '13900002222', duplicateOf: original.id });
    expect(dup.receiptCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    const d = await detail(dup.id);
    expect(d.state).toBe('merged');
    expect(d.mergedInto.number).toBe(original.number);
    expect((await detail(original.id)).duplicates.map((x: { id: number }) => x.id)).toEqual([dup.id]);

    const before = (await track(dup.number, dup.receiptCode!)).json();
    expect(before.state).toBe('merged');
    expect(before.canRate).toBe(false);
    expect(before.timeline.map((s: { type: string }) => s.type)).toEqual(['received', 'merged']);
    expect(before.timeline[1].text).toBe(original.number);
    expect(before.mergedInto.number).toBe(original.number);

    await act(ctx, w.dispatcher, original.id, 'dispatch', { leadUnitId: w.governmentA, reason: '属地' });
    await act(ctx, w.handlerA, original.id, 'accept');
    await act(ctx, w.handlerA, original.id, 'reply', { text: LAMP_REPLY });
    await act(ctx, w.operator, original.id, 'rate', { resolved: true, satisfaction: 'satisfied' });
    await act(ctx, w.dispatcher, original.id, 'close');
    const after = (await track(dup.number, dup.receiptCode!)).json();
    expect(after.mergedInto.state).toBe('closed');
    const steps = after.mergedInto.timeline as { type: string; text: string | null }[];
    expect(steps.map((s) => s.type)).toEqual(['received', 'dispatched', 'accepted', 'replied', 'rated', 'closed']);
    expect(steps.find((s) => s.type === 'replied')?.text).toBe(LAMP_REPLY);
    // The duplicate's citizen cannot rate: the rating belongs to the original's citizen.
    const rate = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/requests/rate',
      payload: { number: dup.number, code: dup.receiptCode, resolved: false, satisfaction: 'unsatisfied' },
    });
    expect(rate.statusCode).toBe(409);
    expect((await track(original.number, original.receiptCode!)).json().mergedInto).toBeNull();
  });

  it('an unknown or merged original is refused naming duplicateOf, and nothing is recorded', async () => {
    const before = (
      await ctx.app.inject({ method: 'GET', url: '/api/requests', headers: w.dispatcher.headers })
    ).json();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: w.operator.headers,
      payload: {
        channel: 'hotline',
        type: 'help',
        body: '路灯坏了',
        divisionCode: w.villageA,
        duplicateOf: 99_999_999,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(error(res)).toEqual({ code: 'REQUEST_MERGE_ORIGINAL_UNKNOWN', fields: ['duplicateOf'] });
    const a = await postRequest(ctx, w);
    const b = await postRequest(ctx, w, { duplicateOf: a.id });
    const chained = await ctx.app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: w.operator.headers,
      payload: { channel: 'hotline', type: 'help', body: '路灯坏了', divisionCode: w.villageA, duplicateOf: b.id },
    });
    expect(chained.statusCode).toBe(409);
    expect(chained.json().error.code).toBe('REQUEST_MERGE_ORIGINAL_MERGED');
    const after = (await ctx.app.inject({ method: 'GET', url: '/api/requests', headers: w.dispatcher.headers })).json();
    expect(after.total).toBe(before.total + 2);
  });
});

describe('dispatching within the dispatcher’s scope', () => {
  it('a township dispatcher dispatches only to its township’s units', async () => {
    const { id } = await postRequest(ctx, w);
    const county = await act(ctx, townshipDispatcher, id, 'dispatch', { leadUnitId: w.department, reason: '职能' });
    expect(county.statusCode).toBe(400);
    expect(error(county)).toEqual({ code: 'REQUEST_UNIT_OUT_OF_SCOPE', fields: ['leadUnitId'] });
    const assist = await act(ctx, townshipDispatcher, id, 'dispatch', {
      leadUnitId: w.governmentA,
      assistUnitIds: [w.governmentB],
      reason: '属地',
    });
    expect(assist.statusCode).toBe(400);
    expect(error(assist)).toEqual({ code: 'REQUEST_UNIT_OUT_OF_SCOPE', fields: ['assistUnitIds'] });
    const ok = await act(ctx, townshipDispatcher, id, 'dispatch', { leadUnitId: w.governmentA, reason: '属地' });
    expect(ok.statusCode, ok.body).toBe(200);
    // The ruling on a return re-dispatches within the scope too.
    await act(ctx, w.handlerA, id, 'return', {
      reason: 'wrong_place',
      explanation: '该地点不在本镇辖区范围内，请改派',
    });
    const redispatch = await act(ctx, townshipDispatcher, id, 'rule-return', {
      decision: 'redispatch',
      dispatch: { leadUnitId: w.governmentB, reason: '改派B镇' },
    });
    expect(redispatch.statusCode).toBe(400);
    expect(error(redispatch)).toEqual({ code: 'REQUEST_UNIT_OUT_OF_SCOPE', fields: ['dispatch.leadUnitId'] });
    expect((await detail(id)).state).toBe('returned');
  });

  it('a county dispatcher chooses any unit of the county, but none of another county', async () => {
    const other = await buildRequestWorld(ctx);
    const { id } = await postRequest(ctx, w);
    const foreign = await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: other.department, reason: '职能' });
    expect(foreign.statusCode).toBe(400);
    expect(error(foreign)).toEqual({ code: 'REQUEST_UNIT_OUT_OF_SCOPE', fields: ['leadUnitId'] });
    const ok = await act(ctx, w.dispatcher, id, 'dispatch', {
      leadUnitId: w.governmentA,
      assistUnitIds: [w.department, w.governmentB],
      reason: '属地',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    // The township of the place whistles the county's departments, not another county's.
    await act(ctx, w.handlerA, id, 'accept');
    const whistle = await act(ctx, w.handlerA, id, 'blow-whistle', {
      departmentUnitIds: [w.department, other.otherDepartment],
      reportLimitHours: 24,
    });
    expect(whistle.statusCode).toBe(400);
    expect(error(whistle)).toEqual({ code: 'REQUEST_UNIT_OUT_OF_SCOPE', fields: ['departmentUnitIds'] });
    const blown = await act(ctx, w.handlerA, id, 'blow-whistle', {
      departmentUnitIds: [w.department, w.otherDepartment],
      reportLimitHours: 24,
    });
    expect(blown.statusCode, blown.body).toBe(200);
  });
});
