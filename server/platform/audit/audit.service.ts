import type { AuditEntry, AuditListQuery, AuditVerification } from '../../../contracts/auth.js';
import type { Page } from '../../../contracts/common.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../http/actor.js';
import { appendAudit, listAuditEntries, verifyAuditChain } from './audit.repository.js';
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

/** Walk the whole hash chain and report the first broken link; the check and its result are recorded. */
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
