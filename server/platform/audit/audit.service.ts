import type { AuditEntry, AuditListQuery, AuditVerification } from '../../../contracts/auth.js';
import type { Page } from '../../../contracts/common.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../http/actor.js';
import { beijingTime, EXPORT_MAX_ROWS, toXlsx } from '../http/xlsx.js';
import { appendAudit, listAuditEntries, sealAuditChain, verifyAuditChain } from './audit.repository.js';
import { auditActorOf } from './audit-actor.js';

/**
 * One page of the audit log for the audit administrator. Their own reading is itself recorded
 * (MLPS 2.0 level 3: the audit administrator's operations are audited too).
 */
export async function searchAuditLog(
  deps: Deps,
  actor: Actor,
  query: AuditListQuery,
  requestId: string,
): Promise<Page<AuditEntry>> {
  const now = deps.now();
  // Seal first, so the page shows every committed entry with its hash (one committed a moment later may not have it).
  await sealAuditChain(deps.db);
  const { rows, total } = await deps.db.transaction().execute(async (trx) => {
    const page = await listAuditEntries(trx, query);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'audit.searched',
      objectType: 'audit_log',
      detail: { query, total: page.total },
      requestId,
      at: now,
    });
    return page;
  });
  return {
    items: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The filters of the audit log search, without paging: what an export takes. */
export type AuditExportFilters = Omit<AuditListQuery, 'page' | 'pageSize'>;

const asCell = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

/**
 * The audit entries matching the search filters as XLSX with Chinese headers, hashes included so a copy
 * can be checked against the chain. The export is itself recorded, like a search (the audit administrator
 * is audited too).
 */
export async function exportAuditLogXlsx(
  deps: Deps,
  actor: Actor,
  filters: AuditExportFilters,
  requestId: string,
): Promise<Buffer> {
  const now = deps.now();
  await sealAuditChain(deps.db);
  const { rows } = await deps.db.transaction().execute(async (trx) => {
    const all = await listAuditEntries(trx, { ...filters, page: 1, pageSize: EXPORT_MAX_ROWS });
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'audit.exported',
      objectType: 'audit_log',
      detail: { query: filters, total: all.total, exported: all.rows.length },
      requestId,
      at: now,
    });
    return all;
  });
  return toXlsx('审计日志', [
    {
      name: '审计日志',
      columns: [
        { header: '编号', key: 'id', width: 10 },
        { header: '时间（北京时间）', key: 'at', width: 20 },
        { header: '操作人编号', key: 'actorUserId', width: 10 },
        { header: '操作人', key: 'actorName', width: 20 },
        { header: '操作', key: 'action', width: 22 },
        { header: '对象类型', key: 'objectType', width: 14 },
        { header: '对象编号', key: 'objectId', width: 12 },
        { header: '变更前', key: 'before', width: 40 },
        { header: '变更后', key: 'after', width: 40 },
        { header: '详情', key: 'detail', width: 40 },
        { header: '请求编号', key: 'requestId', width: 16 },
        { header: '前一哈希', key: 'prevHash', width: 66 },
        { header: '哈希', key: 'hash', width: 66 },
      ],
      rows: rows.map((r) => ({
        ...r,
        id: String(r.id),
        at: beijingTime(r.at),
        actorUserId: r.actorUserId === null ? '' : String(r.actorUserId),
        objectId: r.objectId ?? '',
        before: asCell(r.before),
        after: asCell(r.after),
        detail: asCell(r.detail),
        requestId: r.requestId ?? '',
        prevHash: r.prevHash ?? '',
        hash: r.hash ?? '',
      })),
    },
  ]);
}

/** Seal, walk the whole hash chain and report the first broken link; the check and its result are recorded. */
export async function verifyAuditLog(deps: Deps, actor: Actor, requestId: string): Promise<AuditVerification> {
  const now = deps.now();
  // Read outside a transaction: a long walk must not hold the embedded database's one connection.
  const result = await verifyAuditChain(deps.db);
  await deps.db.transaction().execute(async (trx) => {
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'audit.verified',
      objectType: 'audit_log',
      detail: { ...result },
      requestId,
      at: now,
    });
  });
  return result;
}
