import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type SignedIn, type TestContext } from '../../platform/testing/test-context.js';
import { act, buildRequestWorld, postRequest, type RequestWorld } from './requests.factories.js';

// Calling the citizen back (回访、联系群众): the request's contact shown in full to those who hold requests:reveal
// and whose scope covers the request; everywhere else only the masks; every reveal audited.

let ctx: TestContext;
let w: RequestWorld;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
});
afterAll(async () => ctx?.close());

const reveal = (who: SignedIn, id: number, payload: Record<string, unknown>) =>
  ctx.app.inject({ method: 'POST', url: `/api/requests/${id}/reveal-contact`, headers: who.headers, payload });

const revealAudits = (id: number) =>
  ctx.deps.db
    .selectFrom('auditEntry')
    .selectAll()
    .where('action', '=', 'request.reveal_contact')
    .where('objectId', '=', String(id))
    .execute();

describe('revealing a request citizen contact', () => {
  it('the handler of the unit that holds the request sees the phone and name in full; each reveal is audited', async () => {
    const { id } = await postRequest(ctx, w);
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.department, reason: '派单' });
    const detail = (
      await ctx.app.inject({ method: 'GET', url: `/api/requests/${id}`, headers: w.handlerDepartment.headers })
    ).json();
    expect(detail.citizenPhoneMask).toBe('138****5678');
    expect(JSON.stringify(detail)).not.toContain('13812345678');

    const phone = await reveal(w.handlerDepartment, id, { field: 'phone', reason: '回访核实' });
    expect(phone.statusCode, phone.body).toBe(200);
    expect(phone.json()).toEqual({ value: '13812345678' });
    const name = await reveal(w.handlerDepartment, id, { field: 'name' });
    expect(name.json()).toEqual({ value: '王小明' });

    const audits = await revealAudits(id);
    expect(audits).toHaveLength(2);
    expect(audits.map((a) => a.detail)).toEqual(
      expect.arrayContaining([
        { field: 'phone', reason: '回访核实' },
        { field: 'name', reason: null },
      ]),
    );
    expect(JSON.stringify(audits)).not.toContain('13812345678');
    expect(JSON.stringify(audits)).not.toContain('王小明');
  });

  it('operators and dispatchers may reveal; a leader may not (403); nothing is audited for a refusal', async () => {
    const { id } = await postRequest(ctx, w);
    expect((await reveal(w.operator, id, { field: 'phone' })).json().value).toBe('13812345678');
    expect((await reveal(w.dispatcher, id, { field: 'phone' })).json().value).toBe('13812345678');
    const leader = await reveal(w.leader, id, { field: 'phone' });
    expect(leader.statusCode).toBe(403);
    expect(await revealAudits(id)).toHaveLength(2);
  });

  it('a handler of another unit gets the same 404 as for an absent request', async () => {
    const { id } = await postRequest(ctx, w);
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.department, reason: '派单' });
    const other = await reveal(w.handlerOther, id, { field: 'phone' });
    const absent = await reveal(w.handlerOther, 99_999_999, { field: 'phone' });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('REQUEST_NOT_FOUND');
    expect(absent.json().error).toEqual(other.json().error);
    expect(await revealAudits(id)).toHaveLength(0);
  });

  it('an anonymous report has no contact to reveal', async () => {
    const { id } = await postRequest(ctx, w, {
      type: 'report',
      anonymous: true,
      citizenName: undefined,
      citizenPhone: undefined,
    });
    const res = await reveal(w.dispatcher, id, { field: 'phone' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('REQUEST_CONTACT_EMPTY');
    expect(await revealAudits(id)).toHaveLength(0);
  });

  it('refuses an unknown field, naming it', async () => {
    const { id } = await postRequest(ctx, w);
    const res = await reveal(w.dispatcher, id, { field: 'idNumber' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].field).toBe('field');
    expect(await revealAudits(id)).toHaveLength(0);
  });
});
