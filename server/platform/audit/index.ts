// The audit log's public surface: other modules append entries in their own transactions; the chain is sealed
// after commit (audit.repository.ts describes the design).

export {
  type AuditEntryColumns,
  type AuditInput,
  appendAudit,
  auditEntryOf,
  type ChainVerification,
  sealAuditChain,
  UNSEALED_GRACE_MS,
  verifyAuditChain,
} from './audit.repository.js';
export { auditRoutes } from './audit.routes.js';
export { auditActorOf } from './audit-actor.js';
export { GENESIS_HASH, hashAuditEntry } from './audit-chain.js';
export { type AuditSealer, auditSealJob, startAuditSealer } from './audit-sealer.js';
export { noteAuditAppended } from './audit-signal.js';
