import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { act, buildRequestWorld, LAMP_REPLY, postRequest, type RequestWorld } from './requests.factories.js';

let ctx: TestContext;
let w: RequestWorld;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
});
afterAll(async () => ctx?.close());

const detail = async (id: number, who = w.dispatcher) =>
  (await ctx.app.inject({ method: 'GET', url: `/api/requests/${id}`, headers: who.headers })).json();

describe('requests API', () => {
  it('takes a request from intake to closing, every step on the timeline', async () => {
    const created = await postRequest(ctx, w, {}, { classify: false });
    expect(created.number).toMatch(/^\d{13}$/);
    expect(created.receiptCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);

    expect(
      (
        await act(ctx, w.operator, created.id, 'classify', {
          categoryCode: w.category,
          type: 'help',
          divisionCode: w.villageA,
          address: 'A镇幸福小区东门',
        })
      ).statusCode,
    ).toBe(200);

    const proposal = await ctx.app.inject({
      method: 'GET',
      url: `/api/requests/${created.id}/dispatch-proposal`,
      headers: w.dispatcher.headers,
    });
    expect(proposal.statusCode).toBe(200);
    expect(proposal.json().leadUnitId).toBe(w.department);

    expect(
      (
        await act(ctx, w.dispatcher, created.id, 'dispatch', {
          leadUnitId: w.department,
          reason: '路灯属城管局职责',
        })
      ).json().state,
    ).toBe('dispatched');
    expect((await detail(created.id, w.handlerDepartment)).availableActions).toEqual(['accept', 'return']);
    expect((await act(ctx, w.handlerDepartment, created.id, 'accept')).json().state).toBe('in_progress');
    expect((await act(ctx, w.handlerDepartment, created.id, 'reply', { text: LAMP_REPLY })).json().state).toBe(
      'replied',
    );
    expect(
      (await act(ctx, w.operator, created.id, 'rate', { resolved: true, satisfaction: 'satisfied' })).json().state,
    ).toBe('rated');
    expect((await act(ctx, w.dispatcher, created.id, 'close')).json().state).toBe('closed');

    const d = await detail(created.id);
    expect(d.state).toBe('closed');
    expect(d.events.map((e: { type: string }) => e.type)).toEqual([
      'received',
      'classified',
      'dispatched',
      'accepted',
      'reply_submitted',
      'rated',
      'closed',
    ]);
    expect(d.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(d.citizenPhoneMask).toBe('138****5678');
    expect(d.firstOwnerUserId).toBe(w.operator.userId);
    expect(d.deadlines.resolution.dueAt).toEqual(expect.any(String));
    expect(d.closedAt).not.toBeNull();
    const audit = await ctx.deps.db
      .selectFrom('auditEntry')
      .select('action')
      .where('objectType', '=', 'request')
      .where('objectId', '=', String(created.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'request.create',
      'request.classify',
      'request.dispatch',
      'request.accept',
      'request.reply',
      'request.rate',
      'request.close',
    ]);
  });

  it('a unit returns a request with a coded reason and the dispatcher re-dispatches it', async () => {
    const { id } = await postRequest(ctx, w);
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.otherDepartment, reason: '先派住建局' });
    const short = await act(ctx, w.handlerOther, id, 'return', { reason: 'ownership_unclear', explanation: '不归我' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('REQUEST_TEXT_TOO_SHORT');
    expect(short.json().error.details.issues[0].field).toBe('explanation');
    const returned = await act(ctx, w.handlerOther, id, 'return', {
      reason: 'ownership_unclear',
      explanation: '路灯维护不属于住建局职责，应由城管局负责',
    });
    expect(returned.json().state).toBe('returned');
    const toSame = await act(ctx, w.dispatcher, id, 'rule-return', {
      decision: 'redispatch',
      dispatch: { leadUnitId: w.otherDepartment, reason: '再派' },
    });
    expect(toSame.json().error.code).toBe('REQUEST_REDISPATCH_TO_RETURNING_UNIT');
    const ruled = await act(ctx, w.dispatcher, id, 'rule-return', {
      decision: 'redispatch',
      dispatch: { leadUnitId: w.department, reason: '改派城管局' },
    });
    expect(ruled.json().state).toBe('dispatched');
    const d = await detail(id);
    expect(d.leadUnitId).toBe(w.department);
    expect(d.events.map((e: { type: string }) => e.type)).toEqual([
      'received',
      'classified',
      'dispatched',
      'returned',
      'return_ruled',
      'dispatched',
    ]);
    expect(d.events[3].payload).toMatchObject({ reason: 'ownership_unclear', unitId: w.otherDepartment });
  });

  it('after a return, the dispatch proposal no longer offers the unit that returned it', async () => {
    const { id } = await postRequest(ctx, w);
    const proposal = async () =>
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/requests/${id}/dispatch-proposal`,
          headers: w.dispatcher.headers,
        })
      ).json();
    expect((await proposal()).leadUnitId).toBe(w.department);
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.department, reason: '按职责清单派单' });
    await act(ctx, w.handlerDepartment, id, 'return', {
      reason: 'wrong_place',
      explanation: '该路段不在城区，应由属地镇政府负责',
    });
    const after = await proposal();
    expect(after.leadUnitId).not.toBe(w.department);
    expect(after.assistUnitIds).not.toContain(w.department);
    expect(after.reasons.some((r: { zh: string }) => r.zh.includes('已退回本件'))).toBe(true);
  });

  it('a unit cannot return the same request twice (return limit)', async () => {
    const { id } = await postRequest(ctx, w);
    const explanation = '路灯维护不属于住建局职责，应由城管局负责';
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.otherDepartment, reason: '派住建局' });
    await act(ctx, w.handlerOther, id, 'return', { reason: 'ownership_unclear', explanation });
    await act(ctx, w.dispatcher, id, 'rule-return', {
      decision: 'redispatch',
      dispatch: { leadUnitId: w.department, reason: '改派城管局' },
    });
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.otherDepartment, reason: '又派回住建局' });
    const again = await act(ctx, w.handlerOther, id, 'return', { reason: 'ownership_unclear', explanation });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('REQUEST_RETURN_LIMIT_REACHED');
    expect((await detail(id)).bounced).toBe(true);
  });

  it('refuses a refused transition with a REQUEST_* code and records nothing', async () => {
    const { id } = await postRequest(ctx, w);
    const res = await act(ctx, w.dispatcher, id, 'close');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('REQUEST_NO_REPLY');
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.department, reason: '城管局' });
    const early = await act(ctx, w.handlerDepartment, id, 'reply', { text: '已处理' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('REQUEST_INVALID_TRANSITION');
    const notMine = await act(ctx, w.handlerA, id, 'accept');
    expect(notMine.statusCode).toBe(404);
    expect((await detail(id)).events).toHaveLength(3);
  });

  it('an unknown unit or category is a 400 naming the field', async () => {
    const { id } = await postRequest(ctx, w);
    const res = await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: 999999, reason: '派单' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].field).toBe('leadUnitId');
    const intake = await ctx.app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: w.operator.headers,
      payload: { channel: 'web', type: 'help', body: '测试', divisionCode: w.villageA, categoryCode: 'NOPE.1' },
    });
    expect(intake.statusCode).toBe(400);
    expect(intake.json().error.details.issues[0].field).toBe('categoryCode');
  });

  it('a leader presses and an extension is asked and granted', async () => {
    const { id } = await postRequest(ctx, w);
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.department, reason: '城管局' });
    await act(ctx, w.handlerDepartment, id, 'accept');
    expect((await act(ctx, w.leader, id, 'press', { note: '请加快办理' })).statusCode).toBe(200);
    const before = (await detail(id)).deadlines.resolution.dueAt;
    expect(
      (await act(ctx, w.handlerDepartment, id, 'request-extension', { days: 3, reason: '需要采购专用灯具配件' }))
        .statusCode,
    ).toBe(200);
    expect((await act(ctx, w.dispatcher, id, 'decide-extension', { approved: true })).statusCode).toBe(200);
    const d = await detail(id);
    expect(d.deadlines.resolution.extensionDays).toBe(3);
    expect(new Date(d.deadlines.resolution.dueAt).getTime()).toBeGreaterThan(new Date(before).getTime());
    expect(d.resolutionDeadline).toBe(d.deadlines.resolution.dueAt);
  });

  it('lists requests with filters and substring search', async () => {
    const { id, number } = await postRequest(ctx, w, { body: '幸福路的下水道堵塞，污水漫到路面上了' });
    const list = async (qs: string) =>
      (await ctx.app.inject({ method: 'GET', url: `/api/requests?${qs}`, headers: w.dispatcher.headers })).json();
    expect((await list('q=下水道堵塞')).items.map((r: { id: number }) => r.id)).toEqual([id]);
    expect((await list(`q=${number}`)).items.map((r: { id: number }) => r.id)).toEqual([id]);
    expect((await list('q=下水道&state=closed')).total).toBe(0);
    expect((await list(`q=下水道&divisionCode=${w.townshipA}`)).total).toBe(1);
    expect((await list(`q=下水道&divisionCode=${w.townshipB}`)).total).toBe(0);
    expect((await list('q=下水道&overdue=false&bounced=false')).total).toBe(1);
    const bad = await ctx.app.inject({ method: 'GET', url: '/api/requests?state=nope', headers: w.dispatcher.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].field).toBe('state');
  });

  it('finds duplicates by phone and by near-identical text at the same place', async () => {
    const first = await postRequest(ctx, w, {
      citizenPhone: '13900001111',
      body: '幸福小区三号楼电梯坏了一个星期没人修',
    });
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/requests/duplicates?phone=139-0000-1111',
      headers: w.operator.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()[0]).toMatchObject({ id: first.id, samePhone: true });
    expect(res.json()[0].reasons.map((r: { code: string }) => r.code)).toContain('sameCaller');
    const byText = await ctx.app.inject({
      method: 'GET',
      url: `/api/requests/duplicates?divisionCode=${w.villageA}&text=${encodeURIComponent('幸福小区三号楼电梯坏了一个星期没有人修')}`,
      headers: w.operator.headers,
    });
    expect(byText.statusCode, byText.body).toBe(200);
    expect(byText.json().map((c: { id: number }) => c.id)).toContain(first.id);
    const none = await ctx.app.inject({ method: 'GET', url: '/api/requests/duplicates', headers: w.operator.headers });
    expect(none.statusCode).toBe(400);
  });

  it('stores the citizen phone and name only encrypted', async () => {
    const { id } = await postRequest(ctx, w, { citizenPhone: '13712345678', citizenName: '李四' });
    const row = await ctx.deps.db.selectFrom('request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const serialised = JSON.stringify(row);
    expect(serialised).not.toContain('13712345678');
    expect(serialised).not.toContain('李四');
    expect(row.citizenPhoneMask).toBe('137****5678');
    expect(ctx.deps.cipher.decrypt(row.citizenPhoneEnc!, 'citizen.phone')).toBe('13712345678');
    const events = await ctx.deps.db.selectFrom('requestEvent').select('payload').where('requestId', '=', id).execute();
    expect(JSON.stringify(events)).not.toContain('13712345678');
  });

  it('the event log is append-only', async () => {
    const { id } = await postRequest(ctx, w);
    await expect(
      ctx.deps.db.updateTable('requestEvent').set({ actorName: 'x' }).where('requestId', '=', id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(ctx.deps.db.deleteFrom('requestEvent').where('requestId', '=', id).execute()).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('idempotent intake', () => {
  it('the same key twice gives the same request, one row, and the code only once', async () => {
    const key = `key-${Date.now()}`;
    const first = await ctx.app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { ...w.operator.headers, 'idempotency-key': key },
      payload: { channel: 'web', type: 'help', body: '路灯坏了', divisionCode: w.villageA },
    });
    expect(first.statusCode).toBe(201);
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: w.operator.headers,
      payload: { channel: 'web', type: 'help', body: '路灯坏了', divisionCode: w.villageA, idempotencyKey: key },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: first.json().id, number: first.json().number });
    const rows = await ctx.deps.db.selectFrom('request').select('id').where('idempotencyKey', '=', key).execute();
    expect(rows).toHaveLength(1);
  });

  it('concurrent submissions with one key create one row', async () => {
    const key = `concurrent-${Date.now()}`;
    const send = () =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: w.operator.headers,
        payload: { channel: 'web', type: 'help', body: '路灯坏了', divisionCode: w.villageA, idempotencyKey: key },
      });
    const results = await Promise.all([send(), send(), send()]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    const rows = await ctx.deps.db.selectFrom('request').select('id').where('idempotencyKey', '=', key).execute();
    expect(rows).toHaveLength(1);
  });

  it('two concurrent actions on the database complete without stalling', async () => {
    const a = await postRequest(ctx, w);
    const b = await postRequest(ctx, w);
    const [ra, rb, rc] = await Promise.all([
      act(ctx, w.dispatcher, a.id, 'dispatch', { leadUnitId: w.department, reason: '城管局' }),
      act(ctx, w.dispatcher, b.id, 'dispatch', { leadUnitId: w.department, reason: '城管局' }),
      act(ctx, w.leader, a.id, 'press', { note: '尽快处理' }),
    ]);
    expect([ra.statusCode, rb.statusCode, rc.statusCode]).toEqual([200, 200, 200]);
    expect((await detail(a.id)).events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4]);
  });
});
