import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  changePasswordBodySchema,
  loginBodySchema,
  meSchema,
  SESSION_COOKIE,
  totpConfirmBodySchema,
  totpDisableBodySchema,
  totpEnrolmentSchema,
} from '../../../contracts/auth.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../deps.js';
import { actorOf } from '../http/auth-hook.js';
import { AppError, languageOf } from '../http/errors.js';
import {
  changePassword,
  confirmTotpEnrolment,
  currentUser,
  disableTotp,
  login,
  logout,
  startTotpEnrolment,
} from './auth.service.js';
import { prepareDummyHash } from './passwords.js';
import { requestInfoOf } from './request-info.js';

const tags = ['auth'];

/** Sign-in, sign-out, the signed-in user, password change and the TOTP second factor. */
export function authRoutes(app: AppWithZod, deps: Deps): void {
  prepareDummyHash();
  app.post(
    '/api/auth/login',
    {
      config: { access: { public: true } },
      schema: { tags, summary: 'Sign in 登录', body: loginBodySchema, response: { 200: meSchema } },
    },
    async (request, reply) => {
      try {
        const { me, token, expiresAt } = await login(deps, request.body, requestInfoOf(request));
        reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'lax',
          path: '/',
          secure: isSecure(deps, request),
          expires: expiresAt,
        });
        return me;
      } catch (err) {
        // Tell well-behaved clients when to come back (RFC 9110 Retry-After).
        const retry = err instanceof AppError ? (err.details as { retryAfterSeconds?: number } | undefined) : undefined;
        if (retry?.retryAfterSeconds) reply.header('retry-after', String(retry.retryAfterSeconds));
        throw err;
      }
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: { authenticated: true, allowPending: true } },
      schema: { tags, summary: 'The signed-in user 当前用户', response: { 200: meSchema } },
    },
    async (request) => currentUser(deps, actorOf(request), languageOf(request.headers['accept-language'])),
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: { authenticated: true, allowPending: true } },
      schema: { tags, summary: 'Sign out 退出登录' },
    },
    async (request, reply) => {
      await logout(deps, actorOf(request), requestInfoOf(request));
      clearSessionCookie(reply);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: { authenticated: true, allowPending: true } },
      schema: {
        tags,
        summary: 'Change own password 修改密码',
        body: changePasswordBodySchema,
        response: { 200: meSchema },
      },
    },
    async (request) => changePassword(deps, actorOf(request), request.body, requestInfoOf(request)),
  );

  app.post(
    '/api/auth/totp/enroll',
    {
      config: { access: { authenticated: true, allowPending: true } },
      schema: { tags, summary: 'Start TOTP enrolment 绑定动态验证码', response: { 200: totpEnrolmentSchema } },
    },
    async (request) => startTotpEnrolment(deps, actorOf(request), requestInfoOf(request)),
  );

  app.post(
    '/api/auth/totp/confirm',
    {
      config: { access: { authenticated: true, allowPending: true } },
      schema: {
        tags,
        summary: 'Confirm TOTP enrolment 确认动态验证码',
        body: totpConfirmBodySchema,
        response: { 200: meSchema },
      },
    },
    async (request) => confirmTotpEnrolment(deps, actorOf(request), request.body.code, requestInfoOf(request)),
  );

  app.post(
    '/api/auth/totp/disable',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags,
        summary: 'Turn TOTP off (not for administrators) 关闭动态验证码',
        body: totpDisableBodySchema,
        response: { 200: meSchema },
      },
    },
    async (request) => disableTotp(deps, actorOf(request), request.body.password, requestInfoOf(request)),
  );
}

// Secure when configured so, or in 'auto' when the request came over HTTPS (behind a trusted proxy: X-Forwarded-Proto).
function isSecure(deps: Deps, request: FastifyRequest): boolean {
  return deps.config.cookieSecure === true || (deps.config.cookieSecure === 'auto' && request.protocol === 'https');
}

function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
