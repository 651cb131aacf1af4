import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, meSchema } from '../../../contracts/auth.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { GOOD_PASSWORD, makeAccount, postLogin, sessionOf, signInAs, totpCode } from './auth.fixtures.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const MINUTE = 60_000;

async function auditActions(userId: number): Promise<string[]> {
  const rows = await ctx.deps.db
    .selectFrom('auditEntry')
    .select('action')
    .where('objectType', '=', 'user_account')
    .where('objectId', '=', String(userId))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

describe('POST /api/auth/login', () => {
  it('signs in, sets an httpOnly SameSite=Lax session cookie and answers the Me object with a CSRF token', async () => {
    const a = await makeAccount(ctx, { roles: ['handler'] });
    const res = await postLogin(ctx, { username: a.username, password: a.password });
    expect(res.statusCode).toBe(200);
    const me = meSchema.parse(res.json());
    expect(me).toMatchObject({
      id: a.id,
      username: a.username,
      roles: ['handler'],
      scope: { kind: 'all' },
      scopeLabel: '全县',
      mustChangePassword: false,
      passwordExpired: false,
      totpEnabled: false,
      totpEnrolmentRequired: false,
      idleTimeoutMinutes: 30,
    });
    expect(me.csrfToken.length).toBeGreaterThanOrEqual(32);
    const cookie = res.cookies.find((c) => c.name === 'lx_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    // Only the hash of the token is stored.
    const stored = await ctx.deps.db.selectFrom('userSession').select('id').where('userId', '=', a.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).not.toBe(cookie?.value);
    expect(stored[0]?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(await auditActions(a.id)).toContain('auth.login');
  });

  it('marks the cookie Secure behind HTTPS (trusted proxy) in auto mode', async () => {
    const proxied = await createTestContext({ TRUST_PROXY: 'true' });
    try {
      const a = await makeAccount(proxied);
      const res = await postLogin(
        proxied,
        { username: a.username, password: a.password },
        { headers: { 'x-forwarded-proto': 'https' } },
      );
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === 'lx_session')?.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it('answers an unknown user and a wrong password alike', async () => {
    const a = await makeAccount(ctx);
    const unknown = await postLogin(ctx, { username: 'nobody-here', password: 'whatever-1A!' });
    const wrong = await postLogin(ctx, { username: a.username, password: 'wrong-Password-1' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().error).toEqual(wrong.json().error);
    expect(wrong.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(await auditActions(a.id)).toEqual(['auth.login_failed']);
  });

  it('takes similar time for an unknown user as for a wrong password (both run argon2)', async () => {
    const a = await makeAccount(ctx);
    await postLogin(ctx, { username: 'warm-up', password: 'x' });
    const time = async (username: string) => {
      const start = performance.now();
      await postLogin(ctx, { username, password: 'wrong-Password-1' });
      return performance.now() - start;
    };
    const unknown = (await time('nobody-1')) + (await time('nobody-2')) + (await time('nobody-3'));
    const known = (await time(a.username)) + (await time(a.username)) + (await time(a.username));
    expect(unknown).toBeGreaterThan(known / 3);
    expect(known).toBeGreaterThan(unknown / 3);
  });

  it('normalises the username to lower case', async () => {
    const a = await makeAccount(ctx);
    const res = await postLogin(ctx, { username: `  ${a.username.toUpperCase()} `, password: a.password });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a disabled account once the password is right, and calls it wrong credentials otherwise', async () => {
    const a = await makeAccount(ctx);
    await ctx.deps.db.updateTable('userAccount').set({ disabled: true }).where('id', '=', a.id).execute();
    const right = await postLogin(ctx, { username: a.username, password: a.password });
    expect(right.statusCode).toBe(403);
    expect(right.json().error.code).toBe('AUTH_ACCOUNT_DISABLED');
    const wrong = await postLogin(ctx, { username: a.username, password: 'wrong-Password-1' });
    expect(wrong.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('names the missing field of a bad request (400)', async () => {
    const res = await postLogin(ctx, { username: 'someone' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.issues[0].path).toEqual(['password']);
    const badCode = await postLogin(ctx, { username: 'someone', password: 'x', totp: '12ab' });
    expect(badCode.json().error.details.issues[0].path).toEqual(['totp']);
  });
});

describe('progressive lockout through the API', () => {
  it('locks after five wrong passwords (423 with retryAfterSeconds and lockedUntil), then refuses even the right one', async () => {
    const a = await makeAccount(ctx);
    for (let i = 0; i < 4; i++) {
      const r = await postLogin(ctx, { username: a.username, password: 'wrong-Password-1' });
      expect(r.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    const fifth = await postLogin(ctx, { username: a.username, password: 'wrong-Password-1' });
    expect(fifth.statusCode).toBe(423);
    const lockedUntil = new Date(ctx.clock.now().getTime() + 15 * MINUTE).toISOString();
    expect(fifth.json().error).toMatchObject({
      code: 'AUTH_ACCOUNT_LOCKED',
      details: { retryAfterSeconds: 900, lockedUntil },
    });
    expect(fifth.headers['retry-after']).toBe('900');

    ctx.clock.advance(5 * MINUTE);
    const right = await postLogin(ctx, { username: a.username, password: a.password });
    expect(right.statusCode).toBe(423);
    expect(right.json().error.details.retryAfterSeconds).toBe(600);
    expect(await auditActions(a.id)).toContain('account.locked');
  });

  it('unlocks by itself when the lock runs out; the next lock lasts twice as long', async () => {
    const a = await makeAccount(ctx);
    for (let i = 0; i < 5; i++) await postLogin(ctx, { username: a.username, password: 'wrong-Password-1' });
    ctx.clock.advance(15 * MINUTE + 1000);
    for (let i = 0; i < 4; i++) {
      expect((await postLogin(ctx, { username: a.username, password: 'wrong-Password-1' })).statusCode).toBe(401);
    }
    const second = await postLogin(ctx, { username: a.username, password: 'wrong-Password-1' });
    expect(second.json().error.details.retryAfterSeconds).toBe(30 * 60);
    ctx.clock.advance(30 * MINUTE + 1000);
    const ok = await postLogin(ctx, { username: a.username, password: a.password });
    expect(ok.statusCode).toBe(200);
    const row = await ctx.deps.db
      .selectFrom('userAccount')
      .select(['failedAttempts', 'lockoutCount', 'lockedUntil'])
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failedAttempts: 0, lockoutCount: 0, lockedUntil: null });
  });

  it('a success before the threshold resets the count', async () => {
    const a = await makeAccount(ctx);
    for (let i = 0; i < 4; i++) await postLogin(ctx, { username: a.username, password: 'wrong-Password-1' });
    expect((await postLogin(ctx, { username: a.username, password: a.password })).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) {
      expect((await postLogin(ctx, { username: a.username, password: 'wrong-Password-1' })).statusCode).toBe(401);
    }
  });
});

describe('per-IP rate limit', () => {
  it('answers 429 RATE_LIMITED with retryAfterSeconds beyond the configured attempts per minute', async () => {
    const limited = await createTestContext({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const ip = '192.0.2.7';
      for (let i = 0; i < 3; i++) {
        const r = await postLogin(limited, { username: `nobody${i}`, password: 'x' }, { ip });
        expect(r.statusCode).toBe(401);
      }
      limited.clock.advance(20_000);
      const refused = await postLogin(limited, { username: 'nobody', password: 'x' }, { ip });
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 40 } });
      expect(refused.headers['retry-after']).toBe('40');
      // Another address is not affected, and the first one may try again once the minute has passed.
      expect((await postLogin(limited, { username: 'nobody', password: 'x' }, { ip: '192.0.2.8' })).statusCode).toBe(
        401,
      );
      limited.clock.advance(40_001);
      expect((await postLogin(limited, { username: 'nobody', password: 'x' }, { ip })).statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

describe('TOTP second factor', () => {
  it('asks for the code once the password is right (401 AUTH_TOTP_REQUIRED, not a failure), accepts the right one', async () => {
    const a = await makeAccount(ctx, { totp: true });
    const secret = a.totpSecret!;
    const noCode = await postLogin(ctx, { username: a.username, password: a.password });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('AUTH_TOTP_REQUIRED');
    const wrongPassword = await postLogin(ctx, { username: a.username, password: 'wrong-Password-1' });
    expect(wrongPassword.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    const ok = await postLogin(ctx, {
      username: a.username,
      password: a.password,
      totp: totpCode(secret, ctx.clock.now()),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().totpEnabled).toBe(true);
  });

  it('refuses a wrong code and counts it towards the lockout', async () => {
    const a = await makeAccount(ctx, { totp: true });
    const wrong = await postLogin(ctx, { username: a.username, password: a.password, totp: '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('AUTH_TOTP_INVALID');
    const row = await ctx.deps.db
      .selectFrom('userAccount')
      .select('failedAttempts')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(row.failedAttempts).toBe(1);
  });

  it('refuses a code that was already used (replay), accepts the next step’s code', async () => {
    const a = await makeAccount(ctx, { totp: true });
    const code = totpCode(a.totpSecret!, ctx.clock.now());
    const first = await postLogin(ctx, { username: a.username, password: a.password, totp: code });
    expect(first.statusCode).toBe(200);
    const replay = await postLogin(ctx, { username: a.username, password: a.password, totp: code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('AUTH_TOTP_INVALID');
    ctx.clock.advance(30_000);
    const next = await postLogin(ctx, {
      username: a.username,
      password: a.password,
      totp: totpCode(a.totpSecret!, ctx.clock.now()),
    });
    expect(next.statusCode).toBe(200);
  });

  it('enrols: enroll returns a secret, URL and QR code; nothing is active until a code is confirmed', async () => {
    const a = await makeAccount(ctx, { roles: ['cadre'] });
    const session = await signInAs(ctx, a);
    const enrol = await ctx.app.inject({ method: 'POST', url: '/api/auth/totp/enroll', headers: session });
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUrl, qrDataUrl } = enrol.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(otpauthUrl).toContain(a.username);
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const row = await ctx.deps.db
      .selectFrom('userAccount')
      .select(['totpSecretEnc', 'totpEnabled'])
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(row.totpEnabled).toBe(false);
    expect(row.totpSecretEnc).not.toContain(secret); // stored encrypted
    // Not enabled yet: signing in needs no code.
    expect((await postLogin(ctx, { username: a.username, password: a.password })).statusCode).toBe(200);

    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/totp/confirm',
      headers: session,
      payload: { code: '000000' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('AUTH_TOTP_CODE_WRONG');
    const code = totpCode(secret, ctx.clock.now());
    const confirm = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/totp/confirm',
      headers: session,
      payload: { code },
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json().totpEnabled).toBe(true);
    // The confirming code cannot be used again to sign in.
    const replay = await postLogin(ctx, { username: a.username, password: a.password, totp: code });
    expect(replay.json().error.code).toBe('AUTH_TOTP_INVALID');
    // A second enrolment would let a stolen session swap the authenticator: refused.
    const again = await ctx.app.inject({ method: 'POST', url: '/api/auth/totp/enroll', headers: session });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('AUTH_TOTP_ALREADY_ENABLED');
    expect(await auditActions(a.id)).toEqual(
      expect.arrayContaining(['auth.totp_enrolment_started', 'auth.totp_enabled']),
    );
  });

  it('confirm without an enrolment is refused', async () => {
    const a = await makeAccount(ctx);
    const session = await signInAs(ctx, a);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/totp/confirm',
      headers: session,
      payload: { code: '123456' },
    });
    expect(res.json().error.code).toBe('AUTH_TOTP_NOT_ENROLLED');
  });

  it('a user turns TOTP off with their password; a wrong password is refused and counted', async () => {
    const a = await makeAccount(ctx, { totp: true });
    const session = await signInAs(ctx, a);
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/totp/disable',
      headers: session,
      payload: { password: 'wrong-Password-1' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('AUTH_CURRENT_PASSWORD_WRONG');
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/totp/disable',
      headers: session,
      payload: { password: a.password },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().totpEnabled).toBe(false);
    expect((await postLogin(ctx, { username: a.username, password: a.password })).statusCode).toBe(200);
  });

  it('administrators cannot turn TOTP off', async () => {
    const admin = await makeAccount(ctx, { roles: ['system_admin'] });
    const session = await signInAs(ctx, admin);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/totp/disable',
      headers: session,
      payload: { password: admin.password },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH_TOTP_ADMIN_REQUIRED');
  });

  it('an administrator without TOTP signs in but is blocked from everything else until enrolled', async () => {
    const admin = await makeAccount(ctx, { roles: ['security_admin'], totp: false });
    const res = await postLogin(ctx, { username: admin.username, password: admin.password });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ totpEnrolmentRequired: true, idleTimeoutMinutes: 15 });
    const session = sessionOf(res);
    const blocked = await ctx.app.inject({ url: '/api/accounts', headers: session });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('AUTH_TOTP_ENROLMENT_REQUIRED');
    expect((await ctx.app.inject({ url: '/api/auth/me', headers: session })).statusCode).toBe(200);

    const { secret } = (
      await ctx.app.inject({ method: 'POST', url: '/api/auth/totp/enroll', headers: session })
    ).json();
    const confirm = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/totp/confirm',
      headers: session,
      payload: { code: totpCode(secret, ctx.clock.now()) },
    });
    expect(confirm.json().totpEnrolmentRequired).toBe(false);
    expect((await ctx.app.inject({ url: '/api/accounts', headers: session })).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('expire after 30 idle minutes for staff (AUTH_SESSION_EXPIRED), and activity keeps them alive', async () => {
    const user = await ctx.signIn({ roles: ['handler'] });
    ctx.clock.advance(29 * MINUTE);
    expect((await ctx.app.inject({ url: '/api/auth/me', headers: user.headers })).statusCode).toBe(200);
    ctx.clock.advance(29 * MINUTE);
    expect((await ctx.app.inject({ url: '/api/auth/me', headers: user.headers })).statusCode).toBe(200);
    ctx.clock.advance(31 * MINUTE);
    const expired = await ctx.app.inject({ url: '/api/auth/me', headers: user.headers });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('expire after 15 idle minutes for administrators: 14 is fine, 16 is too long', async () => {
    const a = await ctx.signIn({ roles: ['audit_admin'] });
    const b = await ctx.signIn({ roles: ['audit_admin'] });
    ctx.clock.advance(14 * MINUTE);
    expect((await ctx.app.inject({ url: '/api/audit', headers: a.headers })).statusCode).toBe(200);
    ctx.clock.advance(2 * MINUTE);
    const expired = await ctx.app.inject({ url: '/api/audit', headers: b.headers });
    expect(expired.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('expire 12 hours after sign-in however active they are', async () => {
    const a = await makeAccount(ctx);
    const session = await signInAs(ctx, a);
    // 28 × 25 minutes = 11 h 40 min of steady activity, then one more step crosses 12 h.
    for (let i = 0; i < 28; i++) {
      ctx.clock.advance(25 * MINUTE);
      expect((await ctx.app.inject({ url: '/api/auth/me', headers: session })).statusCode).toBe(200);
    }
    ctx.clock.advance(25 * MINUTE);
    const expired = await ctx.app.inject({ url: '/api/auth/me', headers: session });
    expect(expired.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('refuse a write without the CSRF token (403 AUTH_CSRF)', async () => {
    const a = await makeAccount(ctx);
    const session = await signInAs(ctx, a);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: session.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH_CSRF');
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: session.cookie, [CSRF_HEADER]: 'not-the-token' },
    });
    expect(wrong.json().error.code).toBe('AUTH_CSRF');
  });

  it('GET /api/auth/me returns the same CSRF token the login gave (a reload finds it again)', async () => {
    const a = await makeAccount(ctx);
    const session = await signInAs(ctx, a);
    const me = await ctx.app.inject({ url: '/api/auth/me', headers: { cookie: session.cookie } });
    expect(me.json().csrfToken).toBe(session[CSRF_HEADER]);
  });

  it('logout ends the session and clears the cookie', async () => {
    const a = await makeAccount(ctx);
    const session = await signInAs(ctx, a);
    const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: session });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'lx_session')?.value).toBe('');
    const after = await ctx.app.inject({ url: '/api/auth/me', headers: session });
    expect(after.json().error.code).toBe('AUTH_SESSION_EXPIRED');
    expect(await auditActions(a.id)).toContain('auth.logout');
  });
});

describe('password change', () => {
  it('a first sign-in must change the password before anything else', async () => {
    const a = await makeAccount(ctx, { roles: ['audit_admin'], mustChangePassword: true });
    const session = await signInAs(ctx, a);
    const blocked = await ctx.app.inject({ url: '/api/audit', headers: session });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    const me = await ctx.app.inject({ url: '/api/auth/me', headers: session });
    expect(me.json().mustChangePassword).toBe(true);

    const changed = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: session,
      payload: { currentPassword: a.password, newPassword: 'Spring-Orchard-77' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().mustChangePassword).toBe(false);
    expect((await ctx.app.inject({ url: '/api/audit', headers: session })).statusCode).toBe(200);
    // The new password works, the old one does not.
    ctx.clock.advance(30_000);
    const code = totpCode(a.totpSecret!, ctx.clock.now());
    expect((await postLogin(ctx, { username: a.username, password: 'Spring-Orchard-77', totp: code })).statusCode).toBe(
      200,
    );
    expect((await postLogin(ctx, { username: a.username, password: a.password })).statusCode).toBe(401);
    expect(await auditActions(a.id)).toContain('auth.password_changed');
  });

  it('an expired password (older than 90 days) must be changed too', async () => {
    const a = await makeAccount(ctx);
    ctx.clock.advance(91 * 24 * 60 * MINUTE);
    const session = await signInAs(ctx, a);
    const me = await ctx.app.inject({ url: '/api/auth/me', headers: session });
    expect(me.json().passwordExpired).toBe(true);
    const blocked = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/totp/disable',
      headers: session,
      payload: { password: a.password },
    });
    expect(blocked.json().error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
  });

  it('refuses a weak new password, listing each problem in the language asked for', async () => {
    const a = await makeAccount(ctx);
    const session = await signInAs(ctx, a);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { ...session, 'accept-language': 'en' },
      payload: { currentPassword: a.password, newPassword: 'woaini1314' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('AUTH_PASSWORD_WEAK');
    expect(res.json().error.details.problems).toEqual([
      { code: 'too_short', message: 'Use at least 12 characters' },
      { code: 'too_few_classes', message: expect.stringContaining('at least 3') },
      { code: 'common_password', message: expect.stringContaining('too common') },
    ]);
    const zh = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { ...session, 'accept-language': 'zh-CN' },
      payload: { currentPassword: a.password, newPassword: `${a.username}-Abc-123` },
    });
    expect(zh.json().error.details.problems).toEqual([{ code: 'contains_username', message: '密码不能包含用户名' }]);
  });

  it('refuses the current password as the new one', async () => {
    const a = await makeAccount(ctx);
    const session = await signInAs(ctx, a);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: session,
      payload: { currentPassword: GOOD_PASSWORD, newPassword: GOOD_PASSWORD },
    });
    expect(res.json().error.details.problems.map((p: { code: string }) => p.code)).toEqual(['same_as_current']);
  });

  it('a wrong current password is refused and counts towards the lockout', async () => {
    const a = await makeAccount(ctx);
    const session = await signInAs(ctx, a);
    for (let i = 0; i < 4; i++) {
      const r = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: session,
        payload: { currentPassword: 'wrong-Password-1', newPassword: 'Spring-Orchard-77' },
      });
      expect(r.json().error.code).toBe('AUTH_CURRENT_PASSWORD_WRONG');
    }
    const fifth = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: session,
      payload: { currentPassword: 'wrong-Password-1', newPassword: 'Spring-Orchard-77' },
    });
    expect(fifth.json().error.code).toBe('AUTH_ACCOUNT_LOCKED');
  });

  it('ends the user’s other sessions but keeps the one that changed it', async () => {
    const a = await makeAccount(ctx);
    const phone = await signInAs(ctx, a);
    const desk = await signInAs(ctx, a);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: desk,
      payload: { currentPassword: a.password, newPassword: 'Spring-Orchard-77' },
    });
    expect(res.statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/api/auth/me', headers: desk })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/api/auth/me', headers: phone })).json().error.code).toBe(
      'AUTH_SESSION_EXPIRED',
    );
  });
});

describe('every auth route checks its caller and its input', () => {
  const routes: { method: 'GET' | 'POST'; url: string; bad?: { payload: unknown; field: string } }[] = [
    { method: 'GET', url: '/api/auth/me' },
    { method: 'POST', url: '/api/auth/logout' },
    {
      method: 'POST',
      url: '/api/auth/password',
      bad: { payload: { currentPassword: 'x', newPassword: '' }, field: 'newPassword' },
    },
    { method: 'POST', url: '/api/auth/totp/enroll' },
    { method: 'POST', url: '/api/auth/totp/confirm', bad: { payload: { code: '12345' }, field: 'code' } },
    { method: 'POST', url: '/api/auth/totp/disable', bad: { payload: {}, field: 'password' } },
  ];

  it.each(routes)('$method $url answers 401 AUTH_REQUIRED without a session', async ({ method, url }) => {
    const res = await ctx.app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_REQUIRED');
  });

  it.each(routes.filter((r) => r.bad))(
    '$method $url answers 400 naming the bad field',
    async ({ method, url, bad }) => {
      const user = await ctx.signIn({ roles: ['cadre'] });
      const res = await ctx.app.inject({ method, url, headers: user.headers, payload: bad!.payload as object });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.issues.map((i: { path: string[] }) => i.path.join('.'))).toContain(bad!.field);
    },
  );

  it('no route here needs a role (403 does not apply), but an unknown session cookie is 401', async () => {
    const res = await ctx.app.inject({ url: '/api/auth/me', headers: { cookie: 'lx_session=forged' } });
    expect(res.statusCode).toBe(401);
  });
});
