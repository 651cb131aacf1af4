import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSessionToken } from '../http/auth-hook.js';
import { createTestContext, type SignedIn, type TestContext } from '../testing/test-context.js';
import { makeAccount, signInAs } from './auth.fixtures.js';

// Sessions are kept in memory for a few seconds (session.repository.ts); these tests use a session just before it is
// ended or changed through this server, so that the kept copy is what the next request would find.

let ctx: TestContext;
let admin: SignedIn;
type Headers = Awaited<ReturnType<typeof signInAs>>;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signIn({ roles: ['security_admin'] });
});
afterAll(async () => ctx.close());

const me = (headers: Headers) => ctx.app.inject({ url: '/api/auth/me', headers });
const adminSends = (method: 'POST' | 'PATCH', url: string, payload?: object) =>
  ctx.app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) });
const tokenOf = (headers: Headers) => decodeURIComponent(headers.cookie.split(';')[0]?.split('=')[1] ?? '');

describe('a session used a moment ago', () => {
  it('is refused at its next request after signing out', async () => {
    const a = await makeAccount(ctx);
    const session = await signInAs(ctx, a);
    expect((await me(session)).statusCode).toBe(200);
    const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: session });
    expect(out.statusCode).toBe(204);
    expect((await me(session)).statusCode).toBe(401);
  });

  it('is refused at its next request once an administrator ends the user’s sessions or disables the account', async () => {
    const a = await makeAccount(ctx);
    const ended = await signInAs(ctx, a);
    expect((await me(ended)).statusCode).toBe(200);
    expect((await adminSends('POST', `/api/accounts/${a.id}/end-sessions`)).json()).toEqual({ ended: 1 });
    const r = await me(ended);
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('AUTH_SESSION_EXPIRED');

    const disabled = await signInAs(ctx, a);
    expect((await me(disabled)).statusCode).toBe(200);
    expect((await adminSends('PATCH', `/api/accounts/${a.id}`, { disabled: true })).statusCode).toBe(200);
    expect((await me(disabled)).statusCode).toBe(401);
  });

  it('loses a permission at its next request once an administrator takes the role away', async () => {
    const a = await makeAccount(ctx, { roles: ['operator'] });
    const session = await signInAs(ctx, a);
    // An empty intake: 400 with the permission (the body is checked after access), 403 without it.
    const intake = () => ctx.app.inject({ method: 'POST', url: '/api/requests', headers: session, payload: {} });
    expect((await intake()).statusCode).toBe(400);
    expect((await adminSends('PATCH', `/api/accounts/${a.id}`, { roles: ['handler'] })).statusCode).toBe(200);
    const refused = await intake();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it('changing one’s password ends one’s other sessions at once, the current one carries on', async () => {
    const a = await makeAccount(ctx);
    const here = await signInAs(ctx, a);
    const elsewhere = await signInAs(ctx, a);
    expect((await me(elsewhere)).statusCode).toBe(200);
    const changed = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: here,
      payload: { currentPassword: a.password, newPassword: 'Quiet-Harbour-Bells-77' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await me(here)).statusCode).toBe(200);
  });

  it('times out on the idle limit, unless activity was recorded meanwhile (by another server)', async () => {
    const a = await makeAccount(ctx);
    const idleMs = ctx.deps.config.session.idleMinutes * 60_000;
    const active = await signInAs(ctx, a);
    const idle = await signInAs(ctx, a);
    expect((await me(active)).statusCode).toBe(200);
    expect((await me(idle)).statusCode).toBe(200);
    // Another server process records activity on one session; this one still keeps the earlier copy of both.
    ctx.clock.advance(idleMs / 2);
    await ctx.deps.db
      .updateTable('userSession')
      .set({ lastSeenAt: ctx.clock.now() })
      .where('id', '=', hashSessionToken(tokenOf(active)))
      .execute();
    ctx.clock.advance(idleMs / 2 + 60_000);
    expect((await me(active)).statusCode).toBe(200);
    const expired = await me(idle);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });
});
