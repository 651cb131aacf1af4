import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AppWithZod, createApp } from '../../app.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

describe('health and readiness', () => {
  it('answers /healthz and /readyz with JSON', async () => {
    const h = await ctx.app.inject('/healthz');
    expect(h.statusCode).toBe(200);
    expect(h.json().status).toBe('ok');
    const r = await ctx.app.inject('/readyz');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ready', migrations: expect.any(Number) });
  });

  it('serves the OpenAPI document at /docs', async () => {
    const r = await ctx.app.inject('/docs/json');
    expect(r.statusCode).toBe(200);
    expect(r.json().paths['/readyz']).toBeDefined();
  });
});

describe('the error envelope', () => {
  it('answers unknown API routes with a 404 envelope in the language asked for', async () => {
    const zh = await ctx.app.inject('/api/nothing-here');
    expect(zh.statusCode).toBe(404);
    expect(zh.json()).toMatchObject({
      error: { code: 'ROUTE_NOT_FOUND', message: '没有这个接口' },
      requestId: expect.any(String),
    });
    const en = await ctx.app.inject({ url: '/api/nothing-here', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().error.message).toBe('No such endpoint');
  });

  it('refuses to start when a route declares neither a permission nor public access', async () => {
    const naked = {
      name: 'naked',
      routes: (app: AppWithZod) => {
        app.get('/api/naked', { schema: { querystring: z.object({}) } }, async () => ({ ok: true }));
      },
    };
    await expect(createApp(ctx.deps, { modules: [naked] })).rejects.toThrow(/neither a permission nor public/);
  });
});

describe('text the database cannot store', () => {
  it('answers 400 VALIDATION_FAILED, not 500, when a value holds a NUL character', async () => {
    const echo = {
      name: 'echo',
      routes: (app: AppWithZod, deps: typeof ctx.deps) => {
        app.post(
          '/api/echo',
          { config: { access: { public: true } }, schema: { body: z.object({ text: z.string() }) } },
          async (request) =>
            deps.db.selectNoFrom((eb) => eb.val(request.body.text).as('text')).executeTakeFirstOrThrow(),
        );
      },
    };
    const app = await createApp(ctx.deps, { modules: [echo] });
    const ok = await app.inject({ method: 'POST', url: '/api/echo', payload: { text: '路灯' } });
    expect(ok.json()).toEqual({ text: '路灯' });
    const nul = await app.inject({ method: 'POST', url: '/api/echo', payload: { text: 'a\u0000b' } });
    expect([nul.statusCode, nul.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    await app.close();
  });
});

describe('a database that went away', () => {
  it('answers 503 DATABASE_UNAVAILABLE for the errors node-postgres raises while PostgreSQL restarts', async () => {
    const failures: Record<string, () => Error> = {
      'not-queryable': () => new Error('Client has encountered a connection error and is not queryable'),
      epipe: () => Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }),
      'shutting-down': () => Object.assign(new Error('terminating connection'), { code: '57P01' }),
    };
    const failing = {
      name: 'failing',
      routes: (app: AppWithZod) => {
        for (const [name, make] of Object.entries(failures)) {
          app.get(`/api/fail/${name}`, { config: { access: { public: true } } }, async () => {
            throw make();
          });
        }
      },
    };
    const app = await createApp(ctx.deps, { modules: [failing] });
    for (const name of Object.keys(failures)) {
      const res = await app.inject(`/api/fail/${name}`);
      expect([name, res.statusCode, res.json().error.code]).toEqual([name, 503, 'DATABASE_UNAVAILABLE']);
    }
    await app.close();
  });
});

describe('closing (SIGTERM)', () => {
  it('finishes an in-flight request and tells the keep-alive client to close the connection', async () => {
    let started!: () => void;
    const inHandler = new Promise<void>((r) => {
      started = r;
    });
    let finish!: () => void;
    const release = new Promise<void>((r) => {
      finish = r;
    });
    const slow = {
      name: 'slow',
      routes: (app: AppWithZod) => {
        app.get('/api/slow', { config: { access: { public: true } } }, async () => {
          started();
          await release;
          return { done: true };
        });
      },
    };
    const app = await createApp(ctx.deps, { modules: [slow] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true });
    const answer = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/api/slow', agent }, (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
        })
        .on('error', reject);
    });
    await inHandler;
    const closed = app.close();
    // The server stops listening after the preClose hooks ran; only then let the handler answer.
    for (let i = 0; i < 1000 && app.server.listening; i++) await new Promise((r) => setImmediate(r));
    expect(app.server.listening).toBe(false);
    finish();
    const res = await answer;
    await closed;
    agent.destroy();
    expect(res).toEqual({ status: 200, connection: 'close', body: '{"done":true}' });
  });
});

describe('validation errors', () => {
  it('name the field in Chinese and English and say the problem in both', async () => {
    const body = { username: '', password: 'x' };
    const zh = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: body });
    expect(zh.statusCode).toBe(400);
    const issue = zh.json().error.details.issues[0];
    expect(issue.field).toBe('username');
    expect(issue.messageZh).toMatch(/^字段“用户名”无效：.*[\u4e00-\u9fa5]/);
    expect(issue.messageZh).not.toMatch(/Too small/);
    expect(issue.messageEn).toMatch(/^Field "username" is invalid: Too small/);
    expect(zh.json().error.message).toContain('用户名');
    const en = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: body,
      headers: { 'accept-language': 'en' },
    });
    expect(en.json().error.message).toContain('Field "username" is invalid');
  });
});

describe('request logs', () => {
  it('keep the path but never the query string, which may hold personal data', async () => {
    const lines: string[] = [];
    const logged = await createApp(ctx.deps, { logger: { level: 'info', stream: { write: (l) => lines.push(l) } } });
    await logged.inject({ url: '/api/requests/duplicates?phone=13812345678&divisionCode=990101001000' });
    await logged.close();
    const output = lines.join('');
    expect(output).toContain('/api/requests/duplicates');
    expect(output).not.toContain('13812345678');
  });

  it("log a database error's code and message but not its statement or parameters", async () => {
    const lines: string[] = [];
    const logged = await createApp(ctx.deps, { logger: { level: 'info', stream: { write: (l) => lines.push(l) } } });
    const failed = Object.assign(
      new Error('could not write to file "pg_wal/000000010000000000000001": No space left'),
      {
        code: '53100',
        query: 'insert into request (body, citizen_phone_enc) values ($1, $2)',
        params: ['楼下噪音扰民，电话13812345678', 'enc:abc'],
      },
    );
    logged.log.error({ err: failed }, 'database unavailable');
    await logged.close();
    const output = lines.join('');
    expect(output).toContain('53100');
    expect(output).toContain('No space left');
    expect(output).not.toContain('13812345678');
    expect(output).not.toContain('insert into request');
  });
});

describe('text no column can hold, refused at the door', () => {
  it('answers 400 naming the field for a lone surrogate or a NUL anywhere in the body or the query', async () => {
    let handled = 0;
    const echo = {
      name: 'echo',
      routes: (app: AppWithZod) => {
        app.post(
          '/api/echo',
          {
            config: { access: { public: true } },
            schema: { body: z.object({ title: z.string(), items: z.array(z.object({ note: z.string() })) }) },
          },
          async (request) => {
            handled++;
            return request.body;
          },
        );
      },
    };
    const app = await createApp(ctx.deps, { modules: [echo] });
    const post = (payload: string, url = '/api/echo') =>
      app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });
    const ok = await post(JSON.stringify({ title: '路灯😀', items: [{ note: '好' }] }));
    expect(ok.json()).toEqual({ title: '路灯😀', items: [{ note: '好' }] });
    // JSON's \u escapes can carry half of a character (a lone surrogate); the parsed string then holds it.
    const lone = await post('{"title":"路灯\\ud800坏了","items":[]}');
    expect(lone.statusCode).toBe(400);
    expect(lone.json().error.code).toBe('VALIDATION_FAILED');
    expect(lone.json().error.details.issues[0].field).toBe('title');
    expect(lone.json().error.message).toContain('残缺的字符');
    const nested = await post('{"title":"好","items":[{"note":"a\\u0000b"}]}');
    expect(nested.json().error.details.issues[0].field).toBe('items.0.note');
    const english = await app.inject({
      method: 'POST',
      url: '/api/echo',
      payload: '{"title":"\\udc00","items":[]}',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
    });
    expect(english.json().error.message).toMatch(/Field "title" is invalid: contains a broken character/);
    // A URL's percent-encoded half character decodes to U+FFFD, which is storable: that request goes through.
    const query = await post(JSON.stringify({ title: '好', items: [] }), '/api/echo?x=%ED%A0%80');
    expect(query.statusCode).toBe(200);
    expect(handled).toBe(2);
    await app.close();
  });
});
