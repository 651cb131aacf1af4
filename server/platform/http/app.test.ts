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
});
