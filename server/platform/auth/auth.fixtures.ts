import type { LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { CSRF_HEADER, SESSION_COOKIE } from '../../../contracts/auth.js';
import type { Role, Scope } from '../../../contracts/roles.js';
import type { TestContext } from '../testing/test-context.js';
import { createAccountRecord } from './accounts.service.js';
import { generateTotpSecret } from './totp.js';

/** A password that meets the default policy, for test accounts. */
export const GOOD_PASSWORD = 'Harbour-Lantern-42';

let counter = 0;

export interface TestAccount {
  id: number;
  username: string;
  password: string;
  totpSecret?: string;
}

/** Create a real account (argon2id hash) for sign-in tests; an administrator gets a TOTP secret unless told otherwise. */
export async function makeAccount(
  ctx: TestContext,
  opts: {
    roles?: Role[];
    scope?: Scope;
    unitId?: number | null;
    mustChangePassword?: boolean;
    totp?: boolean;
    username?: string;
    password?: string;
  } = {},
): Promise<TestAccount> {
  const username = opts.username ?? `u${process.pid % 1000}x${++counter}`;
  const password = opts.password ?? GOOD_PASSWORD;
  const roles = opts.roles ?? ['handler'];
  const withTotp = opts.totp ?? roles.some((r) => r.endsWith('_admin'));
  const totpSecret = withTotp ? generateTotpSecret() : undefined;
  const id = await createAccountRecord(
    ctx.deps.db,
    ctx.deps.cipher,
    {
      username,
      displayName: `测试${counter}`,
      password,
      roles,
      scope: opts.scope ?? { kind: 'all' },
      unitId: opts.unitId ?? null,
      mustChangePassword: opts.mustChangePassword ?? false,
      totpSecret,
    },
    ctx.clock.now(),
  );
  return { id, username, password, ...(totpSecret ? { totpSecret } : {}) };
}

let ipCounter = 0;

/** A fresh client address, so the per-IP rate limit of one test does not spill into another. */
export function freshIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

/** POST /api/auth/login from an address (a fresh one unless given). */
export function postLogin(
  ctx: TestContext,
  body: Record<string, unknown>,
  opts: { ip?: string; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: body,
    remoteAddress: opts.ip ?? freshIp(),
    ...(opts.headers ? { headers: opts.headers } : {}),
  });
}

/** The headers a browser would send after this login response: the session cookie and the CSRF token. */
export function sessionOf(res: LightMyRequestResponse): { cookie: string; [CSRF_HEADER]: string } {
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`no session cookie in ${res.statusCode} ${res.body}`);
  return { cookie: `${SESSION_COOKIE}=${cookie.value}`, [CSRF_HEADER]: res.json().csrfToken };
}

/** Sign in with the account's password (and its current TOTP code) and return the session headers. */
export async function signInAs(ctx: TestContext, a: TestAccount): Promise<{ cookie: string; [CSRF_HEADER]: string }> {
  const res = await postLogin(ctx, {
    username: a.username,
    password: a.password,
    ...(a.totpSecret ? { totp: totpCode(a.totpSecret, ctx.clock.now()) } : {}),
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  return sessionOf(res);
}

/** The code an authenticator app shows for a secret at an instant (computed by otpauth, independently of ours). */
export function totpCode(secret: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });
}
