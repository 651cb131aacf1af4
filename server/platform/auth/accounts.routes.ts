import { z } from 'zod';
import {
  accountListQuerySchema,
  accountSchema,
  createAccountBodySchema,
  createdAccountSchema,
  endedSessionsSchema,
  temporaryPasswordSchema,
  updateAccountBodySchema,
} from '../../../contracts/auth.js';
import { pageOf } from '../../../contracts/common.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../deps.js';
import { actorOf } from '../http/auth-hook.js';
import { languageOf } from '../http/errors.js';
import { sendXlsx } from '../http/xlsx.js';
import {
  createAccount,
  endAccountSessions,
  exportAccountsXlsx,
  getAccount,
  listAccountsFor,
  resetPassword,
  resetTotp,
  unlockAccount,
  updateAccountFor,
} from './accounts.service.js';
import { requestInfoOf } from './request-info.js';

const tags = ['accounts'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const read = { access: { permission: 'accounts:read' as const } };
const manage = { access: { permission: 'accounts:manage' as const } };

/** The security administrator's account management: list, view, create, change, reset, unlock, end sessions. */
export function accountsRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/accounts',
    {
      config: read,
      schema: {
        tags,
        summary: 'List accounts 账号列表',
        querystring: accountListQuerySchema,
        response: { 200: pageOf(accountSchema) },
      },
    },
    async (request) =>
      listAccountsFor(deps, actorOf(request), request.query, languageOf(request.headers['accept-language'])),
  );

  app.get(
    '/api/accounts/export.xlsx',
    {
      config: read,
      schema: { tags, summary: 'Export the filtered accounts as XLSX 导出账号', querystring: accountListQuerySchema },
    },
    async (request, reply) => {
      const { page: _p, pageSize: _s, ...filters } = request.query;
      return sendXlsx(reply, '账号.xlsx', await exportAccountsXlsx(deps, actorOf(request), filters));
    },
  );

  app.get(
    '/api/accounts/:id',
    {
      config: read,
      schema: { tags, summary: 'One account 账号详情', params: idParams, response: { 200: accountSchema } },
    },
    async (request) =>
      getAccount(deps, actorOf(request), request.params.id, languageOf(request.headers['accept-language'])),
  );

  app.post(
    '/api/accounts',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create an account with a temporary password 新建账号',
        body: createAccountBodySchema,
        response: { 201: createdAccountSchema },
      },
    },
    async (request, reply) => {
      const created = await createAccount(deps, actorOf(request), request.body, requestInfoOf(request));
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/accounts/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change an account 修改账号',
        params: idParams,
        body: updateAccountBodySchema,
        response: { 200: accountSchema },
      },
    },
    async (request) =>
      updateAccountFor(deps, actorOf(request), request.params.id, request.body, requestInfoOf(request)),
  );

  app.post(
    '/api/accounts/:id/reset-password',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Reset the password to a temporary one 重置密码',
        params: idParams,
        response: { 200: temporaryPasswordSchema },
      },
    },
    async (request) => resetPassword(deps, actorOf(request), request.params.id, requestInfoOf(request)),
  );

  app.post(
    '/api/accounts/:id/unlock',
    {
      config: manage,
      schema: { tags, summary: 'Unlock 解除锁定', params: idParams, response: { 200: accountSchema } },
    },
    async (request) => unlockAccount(deps, actorOf(request), request.params.id, requestInfoOf(request)),
  );

  app.post(
    '/api/accounts/:id/end-sessions',
    {
      config: manage,
      schema: {
        tags,
        summary: "End the account's sessions 强制下线",
        params: idParams,
        response: { 200: endedSessionsSchema },
      },
    },
    async (request) => endAccountSessions(deps, actorOf(request), request.params.id, requestInfoOf(request)),
  );

  app.post(
    '/api/accounts/:id/reset-totp',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Remove the TOTP second factor (lost phone) 重置动态验证码',
        params: idParams,
        response: { 200: accountSchema },
      },
    },
    async (request) => resetTotp(deps, actorOf(request), request.params.id, requestInfoOf(request)),
  );
}
