import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSmsOutbox } from '../../platform/notify/index.js';
import type { SignedIn } from '../../platform/testing/test-context.js';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { act, buildRequestWorld, postRequest, type RequestWorld } from './requests.factories.js';

let ctx: TestContext;
let w: RequestWorld;
beforeEach(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
});
afterEach(async () => {
  await ctx.close();
});

async function kinds(who: SignedIn): Promise<string[]> {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/notifications', headers: who.headers });
  expect(res.statusCode).toBe(200);
  return res.json().items.map((n: { kind: string }) => n.kind);
}

describe('notices of request events', () => {
  it('a dispatch tells the lead unit and the assisting unit, not other units nor the dispatcher', async () => {
    const { id } = await postRequest(ctx, w);
    const res = await act(ctx, w.dispatcher, id, 'dispatch', {
      leadUnitId: w.department,
      assistUnitIds: [w.governmentA],
      reason: '路灯归城管局，属地协助',
    });
    expect(res.statusCode).toBe(200);
    expect(await kinds(w.handlerDepartment)).toEqual(['request.dispatched']);
    expect(await kinds(w.handlerA)).toEqual(['request.assist']);
    expect(await kinds(w.handlerB)).toEqual([]);
    expect(await kinds(w.dispatcher)).toEqual([]);
  });

  it('a return tells the dispatchers whose scope covers the place, and a refused return tells no one', async () => {
    const county = await ctx.signIn({ roles: ['dispatcher'], scope: { kind: 'division', divisionCode: w.county } });
    const elsewhere = await ctx.signIn({
      roles: ['dispatcher'],
      scope: { kind: 'division', divisionCode: w.townshipB },
    });
    const { id } = await postRequest(ctx, w);
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.otherDepartment, reason: '试派' });
    const refused = await act(ctx, w.handlerOther, id, 'return', {
      reason: 'ownership_unclear',
      explanation: '不归我',
    });
    expect(refused.statusCode).toBe(400);
    expect(await kinds(w.dispatcher)).toEqual([]);

    const returned = await act(ctx, w.handlerOther, id, 'return', {
      reason: 'ownership_unclear',
      explanation: '路灯维护不属于住建局职责，应由城管局负责',
    });
    expect(returned.statusCode).toBe(200);
    expect(await kinds(w.dispatcher)).toEqual(['request.returned']);
    expect(await kinds(county)).toEqual(['request.returned']);
    expect(await kinds(elsewhere)).toEqual([]);
    expect(await kinds(w.handlerOther)).toEqual(['request.dispatched']);
  });

  it('a leader’s pressing tells the lead unit in the app and by text to its phone', async () => {
    await ctx.deps.db.updateTable('unit').set({ phone: '13700001111' }).where('id', '=', w.department).execute();
    const { id } = await postRequest(ctx, w);
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.department, reason: '路灯' });
    expect((await act(ctx, w.leader, id, 'press', { note: '请三日内办结并回复' })).statusCode).toBe(200);
    expect(await kinds(w.handlerDepartment)).toEqual(['request.pressed', 'request.dispatched']);
    expect((await listSmsOutbox(ctx.deps.db)).map((m) => m.purpose)).toEqual(['request.pressed']);
  });
});
