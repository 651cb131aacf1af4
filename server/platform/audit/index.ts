// The audit log's public surface: other modules append entries in their own transactions.

export {
  type AuditInput,
  appendAudit,
  type ChainVerification,
  verifyAuditChain,
} from './audit.repository.js';
export { auditRoutes } from './audit.routes.js';
export { auditActorOf } from './audit-actor.js';
export { GENESIS_HASH, hashAuditEntry } from './audit-chain.js';
