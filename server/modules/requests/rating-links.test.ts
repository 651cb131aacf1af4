import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drainSmsOutbox, type SmsSender } from '../../platform/notify/index.js';
import { listNotifications } from '../../platform/notify/notifications.repository.js';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { act, buildRequestWorld, LAMP_REPLY, postRequest, type RequestWorld } from './requests.factories.js';

let ctx: TestContext;
let w: RequestWorld;
let sent: { phone: string; text: string }[];
const sender: SmsSender = {
  send: async (phone, text) => {
    sent.push({ phone, text });
  },
};

beforeEach(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
  sent = [];
});
afterEach(async () => {
  await ctx.close();
});

/** A request replied to by the department; returns its id, number and the token the citizen's text message carries. */
async function repliedRequest(overrides: Record<string, unknown> = {}) {
  const { id, number } = await postRequest(ctx, w, overrides);
  expect((await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.department, reason: '路灯' })).statusCode).toBe(
    200,
  );
  expect((await act(ctx, w.handlerDepartment, id, 'accept')).statusCode).toBe(200);
  expect((await act(ctx, w.handlerDepartment, id, 'reply', { text: LAMP_REPLY })).statusCode).toBe(200);
  sent = [];
  await drainSmsOutbox(ctx.deps, sender);
  const message = sent.find((m) => m.text.includes(number));
  const token = message?.text.match(/\/rate\/([A-Za-z0-9_-]+)$/)?.[1];
  return { id, number, token, message };
}

const view = (token: string) => ctx.app.inject({ method: 'GET', url: `/api/public/rating-links/${token}` });
const rate = (token: string, payload: object) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/public/rating-links/${token}`,
    payload: payload as Record<string, unknown>,
  });

async function stateOf(id: number) {
  const r = await ctx.deps.db.selectFrom('request').select('state').where('id', '=', id).executeTakeFirstOrThrow();
  return r.state;
}

describe('the one-time rating link', () => {
  it('texts the citizen a link on reply; the page shows the reply; the rating counts once', async () => {
    const { id, number, token, message } = await repliedRequest();
    expect(message?.phone).toBe('13812345678');
    expect(message?.text).toBe(`【连心】您的诉求（编号${number}）已答复，请评价：http://localhost:8080/rate/${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // Only the hash is stored.
    const stored = await ctx.deps.db.selectFrom('requestRatingLink').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).not.toContain(token!);

    const page = await view(token!);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      number,
      categoryName: '路灯',
      reply: { text: LAMP_REPLY, unitName: expect.stringContaining('城管局') },
      status: 'open',
      canRate: true,
    });
    expect(page.body).not.toContain('13812345678');
    expect(page.body).not.toContain('王小明');

    const rated = await rate(token!, { resolved: true, satisfaction: 'satisfied', comment: '修得很快' });
    expect(rated.statusCode).toBe(200);
    expect(rated.json()).toEqual({ number, reopened: false });
    expect(await stateOf(id)).toBe('rated');
    const audit = await ctx.deps.db
      .selectFrom('auditEntry')
      .select(['actorName', 'actorUserId'])
      .where('objectId', '=', String(id))
      .where('action', '=', 'request.rate')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actorName: '市民（回访链接）', actorUserId: null });

    const again = await rate(token!, { resolved: false, satisfaction: 'unsatisfied' });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('REQUEST_RATING_LINK_INVALID');
    expect((await view(token!)).json()).toMatchObject({ status: 'used', canRate: false });
  });

  it('an unsatisfied rating reopens the request to the unit, which is told', async () => {
    const { id, token } = await repliedRequest();
    const res = await rate(token!, { resolved: false, satisfaction: 'unsatisfied', comment: '路灯还是不亮' });
    expect(res.json()).toMatchObject({ reopened: true });
    expect(await stateOf(id)).toBe('in_progress');
    const notices = await listNotifications(ctx.deps.db, w.handlerDepartment.userId, {
      unreadOnly: true,
      offset: 0,
      limit: 10,
    });
    expect(notices.items[0]).toMatchObject({ kind: 'request.reopened', link: `/requests/${id}` });
  });

  it('expires with the rating window (7 days), and an unknown token reads the same', async () => {
    const { token } = await repliedRequest();
    ctx.clock.advance(7 * 86_400_000 - 1000);
    expect((await view(token!)).json()).toMatchObject({ status: 'open', canRate: true });
    ctx.clock.advance(1000);
    expect((await view(token!)).json()).toMatchObject({ status: 'expired', canRate: false });
    const late = await rate(token!, { resolved: true, satisfaction: 'satisfied' });
    expect(late.statusCode).toBe(404);
    expect(late.json().error.code).toBe('REQUEST_RATING_LINK_INVALID');
    const unknown = await rate('AAAAAAAAAAAAAAAAAAAAAA', { resolved: true, satisfaction: 'satisfied' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('REQUEST_RATING_LINK_INVALID');
    expect((await view('AAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
  });

  it('an operator’s direct answer to a consultation also texts a link, and the citizen rates it', async () => {
    const { id, number } = await postRequest(ctx, w, { type: 'consultation' });
    expect((await act(ctx, w.operator, id, 'answer-directly', { reply: LAMP_REPLY })).statusCode).toBe(200);
    await drainSmsOutbox(ctx.deps, sender);
    const token = sent.find((m) => m.text.includes(number))?.text.match(/\/rate\/([A-Za-z0-9_-]+)$/)?.[1];
    expect(token).toBeDefined();
    expect((await view(token!)).json()).toMatchObject({ reply: { text: LAMP_REPLY, unitName: null }, canRate: true });
    expect((await rate(token!, { resolved: true, satisfaction: 'satisfied' })).statusCode).toBe(200);
    expect(await stateOf(id)).toBe('rated');
  });

  it('a reply sent back supersedes its link; an anonymous request gets no text at all', async () => {
    const { id, token } = await repliedRequest();
    expect((await act(ctx, w.dispatcher, id, 'reject-reply', { reason: 'off_topic' })).statusCode).toBe(200);
    expect((await view(token!)).json()).toMatchObject({ status: 'superseded', canRate: false });
    expect((await rate(token!, { resolved: true, satisfaction: 'satisfied' })).statusCode).toBe(404);

    const anonymous = await repliedRequest({ anonymous: true, type: 'report' });
    expect(anonymous.message).toBeUndefined();
  });
});
