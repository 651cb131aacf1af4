/*
 * Formalism checks for inspectors (形式主义): the visits of a period in the inspector's scope that the pure rules flag
 * (empty content, bursts, implausible hours, denied in a call-back), and random call-back lists drawn from a recorded
 * seed so the same seed over the same visits gives the same list, with each call's outcome recorded.
 */
import { randomBytes } from 'node:crypto';
import type { CallbackBatch, FormalismItem } from '../../../contracts/liaison.js';
import { appendAudit, auditActorOf } from '../../platform/audit/index.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import { findCadres } from '../org/index.js';
import { sampleCallbacks } from './domain/callback-sample.js';
import { DEFAULT_FORMALISM_OPTIONS, flagVisits } from './domain/formalism.js';
import { type LiaisonActor, periodOf, tenantOf } from './liaison.common.js';
import {
  deniedVisitIds,
  findCallback,
  findCallbackBatch,
  findHousehold,
  findHouseholds,
  insertCallbackBatch,
  recordCallbackOutcome,
  visitsInPeriod,
} from './liaison.repository.js';

const FORMALISM_LIMIT = 1000;

/** The flagged visits of a period in the inspector's scope, newest first (at most 1,000; `total` counts all). */
export async function listFormalism(
  deps: Pick<Deps, 'db'>,
  actor: LiaisonActor,
  q: { from: string; to: string; divisionCode?: string | undefined },
): Promise<{ items: FormalismItem[]; total: number }> {
  const period = periodOf(q.from, q.to);
  const visits = await visitsInPeriod(deps.db, actor.scope, period.from, period.to, q.divisionCode);
  const denied = await deniedVisitIds(
    deps.db,
    visits.map((v) => v.id),
  );
  const flags = flagVisits(
    visits.map((v) => ({
      id: v.id,
      cadrePersonId: v.cadrePersonId,
      visitedAtMs: v.visitedAt.getTime(),
      form: v.form as FormalismItem['form'],
      learned: v.learned,
      needs: v.needs,
      opinions: v.opinions,
      problem: v.problem,
    })),
    denied,
    DEFAULT_FORMALISM_OPTIONS,
  );
  const flagged = visits
    .filter((v) => flags.has(v.id))
    .sort((a, b) => b.visitedAt.getTime() - a.visitedAt.getTime() || b.id - a.id);
  const shown = flagged.slice(0, FORMALISM_LIMIT);
  const cadres = await findCadres(
    deps.db,
    shown.map((v) => v.cadrePersonId),
  );
  return {
    total: flagged.length,
    items: shown.map((v) => ({
      visitId: v.id,
      cadrePersonId: v.cadrePersonId,
      cadreName: cadres.get(v.cadrePersonId)?.name ?? '',
      unitName: cadres.get(v.cadrePersonId)?.unitName ?? '',
      householdAddress: v.householdAddress,
      visitedAt: v.visitedAt.toISOString(),
      form: v.form as FormalismItem['form'],
      flags: flags.get(v.id)!,
    })),
  };
}

async function presentBatch(deps: Pick<Deps, 'db'>, id: number): Promise<CallbackBatch> {
  const found = await findCallbackBatch(deps.db, id);
  if (!found) throw new AppError('LIAISON_CALLBACK_NOT_FOUND');
  const [households, cadres] = await Promise.all([
    findHouseholds(
      deps.db,
      found.items.map((i) => i.householdId),
    ),
    findCadres(
      deps.db,
      found.items.map((i) => i.cadrePersonId),
    ),
  ]);
  return {
    id: found.batch.id,
    seed: found.batch.seed,
    from: found.batch.periodFrom,
    to: found.batch.periodTo,
    size: found.batch.size,
    items: found.items.map((i) => ({
      id: i.id,
      visitId: i.visitId,
      cadreName: cadres.get(i.cadrePersonId)?.name ?? '',
      householdAddress: households.get(i.householdId)?.address ?? '',
      headName: households.get(i.householdId)?.headName ?? '',
      contactPhoneMask: households.get(i.householdId)?.contactPhoneMask ?? null,
      visitedAt: i.visitedAt.toISOString(),
      outcome: i.outcome,
      note: i.note,
    })),
  };
}

/**
 * Draws a call-back list: up to `size` of the period's visits in the scope, chosen by the seed given or a fresh
 * random one, which is recorded with the list so it can be regenerated and checked. Audited.
 */
export async function drawCallbacks(
  deps: Deps,
  actor: LiaisonActor,
  input: { from: string; to: string; size: number; divisionCode?: string | undefined; seed?: string | undefined },
  requestId: string,
): Promise<CallbackBatch> {
  const now = deps.now();
  const period = periodOf(input.from, input.to);
  const visits = await visitsInPeriod(deps.db, actor.scope, period.from, period.to, input.divisionCode);
  if (visits.length === 0) throw new AppError('LIAISON_NO_VISITS_TO_CALL');
  const seed = input.seed ?? randomBytes(8).toString('hex');
  const picked = sampleCallbacks(
    seed,
    visits.map((v) => v.id),
    input.size,
  );
  const tenantCode = input.divisionCode ? tenantOf(input.divisionCode) : visits[0]!.tenantCode;
  const id = await deps.db.transaction().execute(async (trx) => {
    const newId = await insertCallbackBatch(
      trx,
      {
        tenantCode,
        seed,
        periodFrom: input.from,
        periodTo: input.to,
        createdAt: now,
        createdByUserId: actor.userId,
      },
      picked,
    );
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.callback.draw',
      objectType: 'liaison_callback_batch',
      objectId: newId,
      after: { seed, from: input.from, to: input.to, candidates: visits.length, picked: picked.length },
      requestId,
      at: now,
    });
    return newId;
  });
  return presentBatch(deps, id);
}

export async function getCallbackBatch(deps: Pick<Deps, 'db'>, actor: LiaisonActor, id: number) {
  const batch = await presentBatch(deps, id);
  // An inspector sees a list only when its households are in their scope.
  const first = (await findCallbackBatch(deps.db, id))!.items[0];
  if (first && !(await findHousehold(deps.db, actor.scope, first.householdId))) {
    throw new AppError('LIAISON_CALLBACK_NOT_FOUND');
  }
  return batch;
}

/** Records what the household said when called back (confirmed, denied, unreachable); a denial flags the visit. */
export async function recordCallback(
  deps: Deps,
  actor: LiaisonActor,
  id: number,
  input: { outcome: 'confirmed' | 'denied' | 'unreachable'; note?: string | undefined },
  requestId: string,
): Promise<CallbackBatch> {
  const now = deps.now();
  const c = await findCallback(deps.db, id);
  if (!c || !(await findHousehold(deps.db, actor.scope, c.householdId))) {
    throw new AppError('LIAISON_CALLBACK_NOT_FOUND');
  }
  await deps.db.transaction().execute(async (trx) => {
    await recordCallbackOutcome(trx, id, {
      outcome: input.outcome,
      note: input.note ?? null,
      recordedAt: now,
      recordedByUserId: actor.userId,
    });
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.callback.outcome',
      objectType: 'liaison_callback',
      objectId: id,
      before: { outcome: c.outcome },
      after: { outcome: input.outcome },
      requestId,
      at: now,
    });
  });
  return presentBatch(deps, c.batchId);
}
