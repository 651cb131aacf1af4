// The requests module's public surface: its manifest (routes and home cards).
import type { ModuleManifest } from '../../app.js';
import { requestHomeCards } from './requests.queues.service.js';
import { requestsRoutes } from './requests.routes.js';

/** The requests module (接诉即办): intake, dispatch, accept/return, reply, rating and closing over an event log. */
export const requestsModule: ModuleManifest = {
  name: 'requests',
  routes: requestsRoutes,
  homeCards: (deps, actor) => requestHomeCards(deps, actor),
};

// Request classification (issue #7): `lianxin classify train` and the weekly job retrain the deployment's model.
export {
  CLASSIFIER_RETRAIN_JOB,
  type TrainResult,
  tagWorkStyleBacklog,
  trainRequestClassifier,
} from './classification.service.js';
// The rules and row builders the demo loader (server/seeds/demo-requests*.ts) generates a year of requests through,
// so the demo log can only hold what the rules allow and its rows are what the service would write.
export {
  type DispatchProposal,
  type ProposalUnit,
  proposeLeadUnit,
} from './domain/dispatch-proposal.js';
export { DEFAULT_ESCALATION_LADDER, dueEscalations } from './domain/escalation.js';
export { formatRequestNumber, receiptCodeFromBytes, requestNumberDay } from './domain/numbering.js';
export { checkReply, DEFAULT_REPLY_CHECK } from './domain/reply-check.js';
// The reply-quality score (答非所问), measured on real replies by `lianxin classify eval-replies`.
export {
  type BigramFrequencies,
  bigramFrequencies,
  fitReplyRelevanceModel,
  REPLY_RELEVANCE_MODEL,
  type ReplyRelevance,
  type ReplyRelevanceFeatures,
  type ReplyRelevanceModel,
  replyRelevance,
  replyRelevanceFeatures,
} from './domain/reply-relevance.js';
export {
  DEFAULT_REQUEST_POLICY,
  decideCommand,
  type RequestCommand,
  type RequestDomainError,
  receiveRequest,
} from './domain/request-commands.js';
export { applyRequestEvents, foldRequestEvents, type RequestSnapshot } from './domain/request-state.js';
export { computeDeadlines, DEFAULT_TIME_LIMIT_RULES, resolveTimeLimit } from './domain/time-limits.js';
export { bindWorkingTime, type WorkingTime } from './domain/working-time.js';
// Near-duplicate signatures: the backfill (lianxin text backfill-signatures, demo seed, bench).
export { backfillTextSignatures } from './duplicates.service.js';
export { recordNewRequestsFacts } from './metrics.facts.js';
// The figures' rebuild from the event logs (`lianxin metrics rebuild`, the demo loader), and the live monthly ranking
// the reports module freezes when an administrator publishes a month (issue #5 point 4).
// The public portal (issue #6) takes requests in and lets citizens track and rate them through these.
export { getHotTopics, getRanking, type MetricsActor, rebuildMetricFacts } from './metrics.service.js';
export {
  CLOSE_UNRATED_JOB,
  ESCALATION_JOB,
  requestJobs,
  runCloseUnratedPass,
  runEscalationPass,
} from './requests.jobs.js';
// The per-IP limiter of the public endpoints, which the public ranking endpoints use too.
export { type PublicLimit, PublicRateLimiter } from './requests.public-limiter.js';
export type { NewRequestRow, RequestProjection } from './requests.repository.js';
export {
  findRequest,
  findRequestByIdempotencyKey,
  findRequestReceipt,
  findRequestStates,
} from './requests.repository.js';
export {
  intakeRequest,
  listRequestsPage,
  loadWorkingTime,
  NAME_CONTEXT,
  PHONE_CONTEXT,
  projectionOf,
  type RequestsActor,
  rateByLink,
  tenantOf,
  trackRequest,
} from './requests.service.js';
// The global search (GET /api/search, server/search.routes.ts): requests in scope by substring, with highlights.
export { searchRequests } from './search.service.js';
export { loadRequestSettings } from './settings.repository.js';
