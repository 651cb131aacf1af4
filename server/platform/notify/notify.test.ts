import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { insertNotifications } from './notifications.repository.js';
import { createHttpSmsSender, createLogSmsSender, smsSenderFor } from './sms.js';
import { drainSmsOutbox, queueSms, SMS_MAX_ATTEMPTS } from './sms-outbox.js';
import { listSmsOutbox } from './sms-outbox.repository.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await ctx.close();
});

const notice = (recipientUserId: number, n: number) => ({
  recipientUserId,
  kind: 'request.pressed',
  title: { zh: `诉求 ${n}`, en: `Request ${n}` },
  body: { zh: '领导督办', en: 'Pressed' },
  objectType: 'request',
  objectId: n,
  link: `/requests/${n}`,
});

describe('my notifications', () => {
  it('lists only my own, newest first, counts and marks them read; another user’s cannot be touched', async () => {
    const me = await ctx.signIn({ roles: ['handler'] });
    const other = await ctx.signIn({ roles: ['handler'] });
    await insertNotifications(ctx.deps.db, [notice(me.userId, 1), notice(me.userId, 2)], ctx.clock.now());
    await insertNotifications(ctx.deps.db, [notice(other.userId, 3)], ctx.clock.now());
    const get = (url: string, who = me) => ctx.app.inject({ method: 'GET', url, headers: who.headers });
    const post = (url: string, who = me) => ctx.app.inject({ method: 'POST', url, headers: who.headers });

    const list = (await get('/api/notifications')).json();
    expect(list.total).toBe(2);
    expect(list.items.map((n: { link: string }) => n.link)).toEqual(['/requests/2', '/requests/1']);
    expect(list.items[0]).toMatchObject({ title: { zh: '诉求 2', en: 'Request 2' }, readAt: null });
    expect((await get('/api/notifications/unread-count')).json()).toEqual({ unread: 2 });

    const othersId = (await get('/api/notifications', other)).json().items[0].id;
    expect((await post(`/api/notifications/${othersId}/read`)).statusCode).toBe(404);
    expect((await get('/api/notifications/unread-count', other)).json()).toEqual({ unread: 1 });

    expect((await post(`/api/notifications/${list.items[0].id}/read`)).statusCode).toBe(200);
    expect((await get('/api/notifications/unread-count')).json()).toEqual({ unread: 1 });
    const unread = (await get('/api/notifications?unread=true')).json();
    expect(unread.items.map((n: { link: string }) => n.link)).toEqual(['/requests/1']);

    expect((await post('/api/notifications/read-all')).json()).toEqual({ marked: 1 });
    expect((await get('/api/notifications/unread-count')).json()).toEqual({ unread: 0 });
    expect((await get('/api/notifications/unread-count', other)).json()).toEqual({ unread: 1 });
  });

  it('needs a signed-in user', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/notifications/unread-count' });
    expect(res.statusCode).toBe(401);
  });
});

describe('the SMS outbox', () => {
  it('stores phone and text only encrypted and sends what is due', async () => {
    await queueSms(ctx.deps.db, ctx.deps.cipher, { phone: '13812345678', text: '您好', purpose: 't' }, ctx.clock.now());
    const raw = await ctx.deps.db.selectFrom('smsOutbox').select(['phoneEnc', 'textEnc']).executeTakeFirstOrThrow();
    expect(JSON.stringify(raw)).not.toContain('13812345678');
    expect(JSON.stringify(raw)).not.toContain('您好');
    const sent: string[] = [];
    expect(await drainSmsOutbox(ctx.deps, { send: async (p, t) => void sent.push(`${p} ${t}`) })).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    expect(sent).toEqual(['13812345678 您好']);
    expect(await drainSmsOutbox(ctx.deps, { send: async () => {} })).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('retries a failing message with growing delays and gives up after the last attempt, keeping the error', async () => {
    await queueSms(ctx.deps.db, ctx.deps.cipher, { phone: '13812345678', text: 'x', purpose: 't' }, ctx.clock.now());
    const failing = {
      send: async () => {
        throw new Error('gateway down');
      },
    };
    expect(await drainSmsOutbox(ctx.deps, failing)).toMatchObject({ retried: 1 });
    // Not due again before one minute has passed.
    ctx.clock.advance(59_000);
    expect(await drainSmsOutbox(ctx.deps, failing)).toMatchObject({ retried: 0 });
    for (let i = 1; i < SMS_MAX_ATTEMPTS; i++) {
      ctx.clock.advance(7 * 3600_000);
      await drainSmsOutbox(ctx.deps, failing);
    }
    expect(await listSmsOutbox(ctx.deps.db)).toMatchObject([
      { status: 'failed', attempts: SMS_MAX_ATTEMPTS, lastError: 'gateway down' },
    ]);
  });
});

describe('SMS adapters', () => {
  it('the log adapter appends a JSON line per message with the phone masked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-sms-'));
    const sender = smsSenderFor(loadConfig({ DATA_DIR: dir }));
    await sender.send('13812345678', '请评价：http://localhost:8080/rate/abc');
    await createLogSmsSender(path.join(dir, 'sms.log')).send('13900001111', '第二条');
    const lines = fs
      .readFileSync(path.join(dir, 'sms.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toMatchObject([
      { phone: '138****5678', text: '请评价：http://localhost:8080/rate/abc' },
      { phone: '139****1111', text: '第二条' },
    ]);
  });

  it('the HTTP adapter posts JSON with the bearer token and fails on a non-2xx answer', async () => {
    const received: { auth: string | undefined; body: string }[] = [];
    let status = 200;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body });
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/sms`;
    try {
      const sender = createHttpSmsSender({ url, token: 'secret', timeoutMs: 2000 });
      await sender.send('13812345678', '你好');
      expect(received).toEqual([
        { auth: 'Bearer secret', body: JSON.stringify({ phone: '13812345678', text: '你好' }) },
      ]);
      status = 503;
      await expect(sender.send('13812345678', '你好')).rejects.toThrow('503');
    } finally {
      server.close();
    }
  });

  it('SMS_ADAPTER=http needs a gateway URL', () => {
    expect(() => loadConfig({ SMS_ADAPTER: 'http' })).toThrow('SMS_GATEWAY_URL');
  });
});
