import { auditEntrySchema, auditListQuerySchema, auditVerificationSchema } from '../../../contracts/auth.js';
import { pageOf } from '../../../contracts/common.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../deps.js';
import { actorOf } from '../http/auth-hook.js';
import { sendXlsx } from '../http/xlsx.js';
import { exportAuditLogXlsx, searchAuditLog, verifyAuditLog } from './audit.service.js';

const tags = ['audit'];

/** The audit administrator's view of the audit log: search it and verify its hash chain. */
export function auditRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/audit',
    {
      config: { access: { permission: 'audit:read' } },
      schema: {
        tags,
        summary: 'Search the audit log 查询审计日志',
        querystring: auditListQuerySchema,
        response: { 200: pageOf(auditEntrySchema) },
      },
    },
    async (request) => searchAuditLog(deps, actorOf(request), request.query, request.id),
  );

  app.get(
    '/api/audit/export.xlsx',
    {
      config: { access: { permission: 'audit:read' } },
      schema: {
        tags,
        summary: 'Export the filtered audit log as XLSX 导出审计日志',
        querystring: auditListQuerySchema,
      },
    },
    async (request, reply) => {
      const { page: _p, pageSize: _s, ...filters } = request.query;
      return sendXlsx(reply, '审计日志.xlsx', await exportAuditLogXlsx(deps, actorOf(request), filters, request.id));
    },
  );

  app.post(
    '/api/audit/verify',
    {
      config: { access: { permission: 'audit:read' } },
      schema: {
        tags,
        summary: 'Verify the hash chain 校验审计日志哈希链',
        response: { 200: auditVerificationSchema },
      },
    },
    async (request) => verifyAuditLog(deps, actorOf(request), request.id),
  );
}
