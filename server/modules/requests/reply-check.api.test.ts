import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { DEFAULT_REPLY_CHECK } from './domain/reply-check.js';
import { act, buildRequestWorld, LAMP_REPLY, postRequest, type RequestWorld } from './requests.factories.js';

// The reply check before a reply goes out (issue #7 point 8): the handler's dialog previews the verdict, the score and
// the shared words; the reply action refuses an off-topic reply and says the score and the words in its error.

let ctx: TestContext;
let w: RequestWorld;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
});
afterAll(async () => ctx?.close());

const OFF_TOPIC = '经查，该企业营业执照齐全，经营范围符合规定，不存在无证经营行为，已督促其规范经营。';

async function accepted(): Promise<number> {
  const { id } = await postRequest(ctx, w);
  await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.department, assistUnitIds: [], reason: '派单' });
  expect((await act(ctx, w.handlerDepartment, id, 'accept')).statusCode).toBe(200);
  return id;
}

const preview = (id: number, text: string, who = w.handlerDepartment) =>
  ctx.app.inject({ method: 'POST', url: `/api/requests/${id}/reply-check`, headers: who.headers, payload: { text } });

describe('previewing a draft reply', () => {
  it('an on-topic reply passes, with its score above the threshold and the shared words', async () => {
    const id = await accepted();
    const res = await preview(id, LAMP_REPLY);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, reason: null, message: null });
    expect(body.score).toBeGreaterThanOrEqual(body.threshold);
    expect(body.matched.join(' ')).toContain('路灯');
  });

  it('an off-topic reply is judged off-topic with a score below the threshold; boilerplate is named as such', async () => {
    const id = await accepted();
    const off = (await preview(id, OFF_TOPIC)).json();
    expect(off).toMatchObject({ ok: false, reason: 'off_topic' });
    expect(off.score).toBeLessThan(off.threshold);
    expect(off.message.zh).toContain('答非所问');
    const stock = (await preview(id, '网友：您好！您反映的问题已转相关部门调查核处，感谢您的留言。')).json();
    expect(stock).toMatchObject({ ok: false, reason: 'boilerplate' });
  });

  it('a reply written in traditional characters is compared after normalisation', async () => {
    const id = await accepted();
    const body = (await preview(id, '經現場核查，小區門口路燈因線路老化損壞，已於今日更換線路並恢復照明。')).json();
    expect(body.ok).toBe(true);
    expect(body.matched.join(' ')).toContain('路灯');
  });

  it('needs the handle permission and a request in scope; nothing is stored', async () => {
    const id = await accepted();
    expect((await preview(id, LAMP_REPLY, w.operator)).statusCode).toBe(403);
    expect((await preview(999_999, LAMP_REPLY)).statusCode).toBe(404);
    const detail = await ctx.app.inject({ method: 'GET', url: `/api/requests/${id}`, headers: w.dispatcher.headers });
    expect(detail.json().state).toBe('in_progress');
  });
});

describe('the reply action', () => {
  it('refuses an off-topic reply with the score and the shared words, and accepts an on-topic one', async () => {
    const id = await accepted();
    const refused = await act(ctx, w.handlerDepartment, id, 'reply', { text: OFF_TOPIC });
    expect(refused.statusCode).toBe(422);
    const error = refused.json().error;
    expect(error.code).toBe('REQUEST_REPLY_REJECTED');
    expect(error.details).toMatchObject({ reason: 'off_topic', matched: [] });
    expect(error.details.score).toBeLessThan(DEFAULT_REPLY_CHECK.minRelevance);
    const ok = await act(ctx, w.handlerDepartment, id, 'reply', { text: LAMP_REPLY });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state).toBe('replied');
  });
});
