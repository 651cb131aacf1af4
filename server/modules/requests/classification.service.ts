/*
 * Request classification (issue #7 point 5) and work-style tagging (point 7).
 * - Training: the deployment's own classified requests (the final category, see listClassifiedRequests) train the
 *   classifier of platform/text/classifier; a stratified tenth is held back to measure it; the model is stored
 *   gzip-compressed in `classifier_model` and only the newest KEEP_MODELS are kept. `lianxin classify train` and the
 *   weekly job `requests.classifier-retrain` run it.
 * - Suggestion at intake: the latest model's top three categories with confidence, and for the first the dispatch
 *   proposal of the place (the same rule as GET /api/requests/:id/dispatch-proposal).
 * - Work style: the intake tags a request whose text the detector of platform/text/work-style.ts flags, in the
 *   intake's transaction; discipline inspection lists the tagged requests.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Page } from '../../../contracts/common.js';
import type {
  ClassifySuggestion,
  ClassifySuggestionQuery,
  RequestState,
  WorkStyleItem,
  WorkStyleKind,
  WorkStyleListQuery,
} from '../../../contracts/requests.js';
import { appendAudit, auditActorOf } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import type { Actor } from '../../platform/http/actor.js';
import type { Job, JobResult } from '../../platform/jobs/index.js';
import {
  type ClassifierModel,
  detectWorkStyle,
  evaluatePredictions,
  predict,
  stratifiedSplit,
  train,
} from '../../platform/text/index.js';
import {
  divisionAncestors,
  findCategoryLineage,
  findCategoryNames,
  findPlaceGovernments,
  findUnitNames,
  listUnitsOwningCategory,
} from '../org/index.js';
import {
  deleteOlderClassifierModels,
  findClassifierModelBytes,
  findLatestClassifierMeta,
  insertClassifierModel,
  insertWorkStyleTag,
  listClassifiedRequests,
  listRequestTextsAfter,
  listWorkStyleRequests,
} from './classification.repository.js';
import { proposeLeadUnit } from './domain/dispatch-proposal.js';

/** The newest classified requests a training reads (recent practice matters most, and training time stays bounded). */
export const MAX_TRAINING_EXAMPLES = 10_000;
/** Below this many classified requests there is nothing worth learning. */
export const MIN_TRAINING_EXAMPLES = 50;
/** Models kept in the database (the latest is used; older ones allow comparing). */
export const KEEP_MODELS = 3;
export const CLASSIFIER_RETRAIN_JOB = 'requests.classifier-retrain';
/** The job retrains when the latest model is older than this (or there is none). */
export const RETRAIN_EVERY_MS = 7 * 86_400_000;
const SEED = 7;

export type TrainResult =
  | {
      trained: true;
      modelId: number;
      examples: number;
      metrics: { accuracy: number; macroF1: number; top3Accuracy: number; heldOut: number; trainSeconds: number };
    }
  | { trained: false; reason: string };

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Trains a classifier on the deployment's classified requests and stores it as the latest model (one transaction:
 * insert, prune to KEEP_MODELS, audit). The figures are measured on a stratified tenth held back from training.
 */
export async function trainRequestClassifier(
  deps: Pick<Deps, 'db' | 'now'>,
  by: { userId: number | null; name: string } = { userId: null, name: '系统（诉求分类训练）' },
): Promise<TrainResult> {
  const rows = await listClassifiedRequests(deps.db, MAX_TRAINING_EXAMPLES);
  if (rows.length < MIN_TRAINING_EXAMPLES) {
    return {
      trained: false,
      reason: `Only ${rows.length} classified requests (at least ${MIN_TRAINING_EXAMPLES} needed) / 已分类诉求不足 ${MIN_TRAINING_EXAMPLES} 件`,
    };
  }
  const examples = rows.map((r) => ({ title: r.title, text: r.body, label: r.categoryCode }));
  if (new Set(examples.map((e) => e.label)).size < 2) {
    return { trained: false, reason: 'All classified requests share one category / 只有一个分类，无需训练' };
  }
  const { train: learn, test } = stratifiedSplit(examples, (e) => e.label, 0.9, SEED);
  const started = performance.now();
  const model = train(learn, { seed: SEED });
  const trainSeconds = Math.round((performance.now() - started) / 10) / 100;
  const r = evaluatePredictions(
    test.map((e) => ({ label: e.label, predictions: predict(model, e, 3) })),
    model.labels,
  );
  const metrics = {
    accuracy: round4(r.accuracy),
    macroF1: round4(r.macroF1),
    top3Accuracy: round4(r.top3Accuracy),
    heldOut: test.length,
    trainSeconds,
    categories: model.labels.length,
    features: model.features.length,
  };
  const bytes = gzipSync(JSON.stringify(model));
  const now = deps.now();
  const modelId = await deps.db.transaction().execute(async (trx) => {
    const id = await insertClassifierModel(trx, { trainedAt: now, examples: learn.length, metrics, model: bytes });
    const pruned = await deleteOlderClassifierModels(trx, KEEP_MODELS);
    await appendAudit(trx, {
      actor: by,
      action: 'classifier.train',
      objectType: 'classifier_model',
      objectId: id,
      after: { examples: learn.length, ...metrics, bytes: bytes.length, pruned },
      at: now,
    });
    return id;
  });
  return { trained: true, modelId, examples: learn.length, metrics };
}

let cached: { id: number; trainedAt: Date; model: ClassifierModel } | undefined;

/** The latest stored model, decompressed once per model id and kept in memory. */
async function latestModel(db: Db): Promise<{ id: number; trainedAt: Date; model: ClassifierModel } | undefined> {
  const meta = await findLatestClassifierMeta(db);
  if (!meta) return undefined;
  if (cached?.id === meta.id) return cached;
  const bytes = await findClassifierModelBytes(db, meta.id);
  if (!bytes) return undefined;
  const model = JSON.parse(gunzipSync(Buffer.from(bytes)).toString('utf8')) as ClassifierModel;
  cached = { id: meta.id, trainedAt: meta.trainedAt, model };
  return cached;
}

/**
 * The top three categories for a request being typed, with confidence, and for the first the proposed lead unit of
 * the place (属地 + 职责清单, the dispatch proposal's rule). No model yet: no suggestions.
 */
export async function suggestClassification(
  deps: Pick<Deps, 'db'>,
  query: ClassifySuggestionQuery,
): Promise<ClassifySuggestion> {
  const latest = await latestModel(deps.db);
  if (!latest) return { modelId: null, trainedAt: null, suggestions: [], proposal: null };
  const top = predict(latest.model, { title: query.title ?? '', text: query.text }, 3);
  const names = await findCategoryNames(
    deps.db,
    top.map((p) => p.label),
  );
  // A category deleted since the training cannot be chosen: it is not suggested.
  const suggestions = top
    .filter((p) => names.has(p.label))
    .map((p) => ({ code: p.label, name: names.get(p.label)!, confidence: round4(p.confidence) }));
  const first = suggestions[0];
  const proposal = first && query.divisionCode ? await proposalFor(deps.db, first.code, query.divisionCode) : null;
  return { modelId: latest.id, trainedAt: latest.trainedAt.toISOString(), suggestions, proposal };
}

async function proposalFor(
  db: Db,
  categoryCode: string,
  divisionCode: string,
): Promise<ClassifySuggestion['proposal']> {
  const places = await divisionAncestors(db, divisionCode);
  if (places.length === 0) return null;
  const categoryAncestors = (await findCategoryLineage(db, categoryCode)) ?? [categoryCode];
  const owners = [];
  for (const code of categoryAncestors) {
    for (const unit of await listUnitsOwningCategory(db, code)) owners.push({ ...unit, ownedCategoryCode: code });
  }
  const proposal = proposeLeadUnit({
    categoryCode,
    categoryAncestors,
    divisionCode,
    divisionAncestors: places,
    unitsOwningCategory: owners,
    placeGovernments: await findPlaceGovernments(
      db,
      places.map((p) => p.code),
    ),
  });
  const lead = proposal.leadUnitId ? (await findUnitNames(db, [proposal.leadUnitId]))[0] : undefined;
  return {
    categoryCode,
    leadUnitId: proposal.leadUnitId,
    leadUnitName: lead?.name ?? null,
    fallback: proposal.fallback,
    reasons: proposal.reasons,
  };
}

/** One pass of the weekly retraining: trains when the latest model is older than RETRAIN_EVERY_MS or there is none. */
export async function runClassifierRetrainPass(deps: Deps): Promise<JobResult> {
  const now = deps.now();
  const latest = await findLatestClassifierMeta(deps.db);
  if (latest && now.getTime() - latest.trainedAt.getTime() < RETRAIN_EVERY_MS) return { trained: 0 };
  const r = await trainRequestClassifier(
    { db: deps.db, now: () => now },
    { userId: null, name: `系统（定时任务 ${CLASSIFIER_RETRAIN_JOB}）` },
  );
  return r.trained ? { trained: 1, examples: r.examples } : { trained: 0 };
}

export const classifierRetrainJob: Job = { name: CLASSIFIER_RETRAIN_JOB, run: runClassifierRetrainPass };

/** What the work-style detector finds in a new request's (normalised) title and text, as tagWorkStyleAtIntake reads them. */
export function detectIntakeWorkStyle(title: string | null, body: string) {
  return detectWorkStyle(title ? `${title}。${body}` : body);
}

/**
 * Tags a new request as a work-style complaint when its title or text reads as one (called by the intake inside its
 * transaction, with its clock and actor); the tag and the signals that fired are audited with it.
 */
export async function tagWorkStyleAtIntake(
  trx: Db,
  input: {
    requestId: number;
    tenantCode: string;
    title: string | null;
    body: string;
    now: Date;
    actor: Pick<Actor, 'userId' | 'username' | 'displayName'>;
    httpRequestId: string;
  },
): Promise<WorkStyleKind[]> {
  const found = detectIntakeWorkStyle(input.title, input.body);
  if (!found.isWorkStyle) return [];
  await insertWorkStyleTag(trx, {
    requestId: input.requestId,
    tenantCode: input.tenantCode,
    kinds: found.kinds,
    signals: found.signals,
    detectedAt: input.now,
  });
  await appendAudit(trx, {
    actor: auditActorOf(input.actor),
    action: 'request.work-style-tag',
    objectType: 'request',
    objectId: input.requestId,
    after: { kinds: found.kinds, signals: found.signals.map((s) => s.match) },
    requestId: input.httpRequestId,
    at: input.now,
  });
  return found.kinds;
}

/**
 * Tags the requests recorded before the detector existed, or by a path other than the intake (the demo loader):
 * pages through every request, one transaction and one audit entry per page; already tagged requests are kept as
 * they are. Returns how many requests were read and how many read as work-style complaints (tagged before or now).
 */
export async function tagWorkStyleBacklog(
  deps: Pick<Deps, 'db' | 'now'>,
  by: { userId: number | null; name: string },
  onProgress?: (read: number) => void,
): Promise<{ read: number; tagged: number }> {
  const now = deps.now();
  let afterId = 0;
  let read = 0;
  let tagged = 0;
  for (;;) {
    const page = await listRequestTextsAfter(deps.db, afterId, 1000);
    if (page.length === 0) break;
    const found = page.flatMap((r) => {
      const d = detectWorkStyle(r.title ? `${r.title}。${r.body}` : r.body);
      return d.isWorkStyle ? [{ r, d }] : [];
    });
    if (found.length > 0) {
      await deps.db.transaction().execute(async (trx) => {
        for (const { r, d } of found) {
          await insertWorkStyleTag(trx, {
            requestId: r.id,
            tenantCode: r.tenantCode,
            kinds: d.kinds,
            signals: d.signals,
            detectedAt: now,
          });
        }
        await appendAudit(trx, {
          actor: by,
          action: 'request.work-style-backfill',
          objectType: 'request',
          objectId: null,
          after: { requestIds: found.map((f) => f.r.id) },
          at: now,
        });
      });
    }
    read += page.length;
    tagged += found.length;
    afterId = page.at(-1)!.id;
    onProgress?.(read);
  }
  return { read, tagged };
}

/** The discipline-inspection view: requests tagged as work-style complaints in the actor's scope, newest first. */
export async function listWorkStyle(
  deps: Pick<Deps, 'db'>,
  actor: Pick<Actor, 'scope' | 'userId'>,
  q: WorkStyleListQuery,
): Promise<Page<WorkStyleItem>> {
  const { rows, total } = await listWorkStyleRequests(deps.db, actor.scope, actor.userId, {
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.from ? { from: new Date(q.from) } : {}),
    ...(q.to ? { to: new Date(q.to) } : {}),
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
  });
  return {
    items: rows.map((r) => ({
      requestId: r.requestId,
      number: r.number,
      title: r.title,
      body: r.body,
      state: r.state as RequestState,
      divisionCode: r.divisionCode,
      receivedAt: r.receivedAt.toISOString(),
      kinds: r.kinds as WorkStyleKind[],
      signals: r.signals as WorkStyleItem['signals'],
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
