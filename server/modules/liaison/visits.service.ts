/*
 * Visits (走访, "one visit, two questions"): a cadre records a visit to a household they are paired with, from a phone
 * on a poor connection — the client retries with the same idempotency key and gets the first visit back. A problem
 * found becomes a request of the requests module (channel liaison), and the visit shows that request's number and
 * state from then on.
 */
import type { Page } from '../../../contracts/common.js';
import type { MyLiaison, Visit, VisitInput } from '../../../contracts/liaison.js';
import { appendAudit, auditActorOf } from '../../platform/audit/index.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import { findCadreInScope, findCadres } from '../org/index.js';
import { findRequestStates, intakeRequest } from '../requests/index.js';
import { quotaFor } from './domain/quotas.js';
import { CONTACT_PHONE_CONTEXT, presentHouseholds } from './households.service.js';
import {
  cadrePersonOf,
  fieldError,
  type LiaisonActor,
  localMidnight,
  pageArgs,
  quotaRuleOf,
  tenantOf,
} from './liaison.common.js';
import {
  findHousehold,
  findHouseholds,
  findVisitByKey,
  insertVisit,
  listVisits,
  listVisitsOfCadre,
  lockVisitKey,
  openPairingsOfCadre,
  type VisitFilter,
  type VisitRow,
} from './liaison.repository.js';

/** A visit may be dated at most this far ahead of the server's clock (phones' clocks drift). */
const CLOCK_SKEW_MS = 10 * 60_000;

/** The request key a visit's problem is taken in with: the same visit retried never makes a second request. */
export const visitRequestKey = (visitKey: string) => `liaison-visit:${visitKey}`;

/** Visits as the API shows them: household, cadre, and the current number and state of the request they started. */
export async function presentVisits(deps: Pick<Deps, 'db'>, rows: VisitRow[]): Promise<Visit[]> {
  const [households, cadres, requests] = await Promise.all([
    findHouseholds(
      deps.db,
      rows.map((r) => r.householdId),
    ),
    findCadres(
      deps.db,
      rows.map((r) => r.cadrePersonId),
    ),
    findRequestStates(
      deps.db,
      rows.flatMap((r) => (r.requestId ? [r.requestId] : [])),
    ),
  ]);
  return rows.map((r) => {
    const req = r.requestId ? requests.get(r.requestId) : undefined;
    return {
      id: r.id,
      householdId: r.householdId,
      householdAddress: households.get(r.householdId)?.address ?? '',
      headName: households.get(r.householdId)?.headName ?? '',
      cadrePersonId: r.cadrePersonId,
      cadreName: cadres.get(r.cadrePersonId)?.name ?? '',
      visitedAt: r.visitedAt.toISOString(),
      recordedAt: r.recordedAt.toISOString(),
      form: r.form as Visit['form'],
      learned: r.learned,
      needs: r.needs,
      opinions: r.opinions,
      problem: r.problem,
      request: r.requestId && req ? { id: r.requestId, number: req.number, state: req.state } : null,
    };
  });
}

/**
 * Records a visit by the signed-in cadre to a household they are paired with. A retry with the same key returns the
 * first visit (`created: false`). A problem found is taken in as a request first (idempotent by a key derived from
 * the visit's), then the visit is written with its audit entry in one transaction: if that fails, the retry finds the
 * same request and writes the visit once.
 */
export async function recordVisit(
  deps: Deps,
  actor: LiaisonActor,
  input: VisitInput,
  requestId: string,
): Promise<{ created: boolean; visit: Visit }> {
  const now = deps.now();
  const existing = await findVisitByKey(deps.db, input.idempotencyKey);
  if (existing) return { created: false, visit: (await presentVisits(deps, [existing]))[0]! };
  const personId = await cadrePersonOf(deps.db, actor);
  const visitedAt = new Date(input.visitedAt);
  if (visitedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw fieldError('visitedAt', '走访时间不能晚于现在', 'the visit cannot be in the future');
  }
  const pairings = await openPairingsOfCadre(deps.db, personId);
  if (!pairings.some((p) => p.householdId === input.householdId)) {
    // A household outside the cadre's scope answers exactly as one that does not exist (no existence oracle).
    throw (await findHousehold(deps.db, actor.scope, input.householdId))
      ? new AppError('LIAISON_NOT_PAIRED')
      : new AppError('LIAISON_HOUSEHOLD_NOT_FOUND');
  }
  const household = (await findHouseholds(deps.db, [input.householdId])).get(input.householdId)!;
  let request: { id: number; number: string } | null = null;
  if (input.problem) {
    const phone = household.contactPhoneEnc
      ? deps.cipher.decrypt(household.contactPhoneEnc, CONTACT_PHONE_CONTEXT)
      : null;
    const taken = await intakeRequest(
      deps,
      actor,
      {
        channel: 'liaison',
        type: 'help',
        body: input.problem,
        divisionCode: household.divisionCode,
        address: household.address,
        citizenName: household.headName,
        citizenPhone: phone,
        idempotencyKey: visitRequestKey(input.idempotencyKey),
      },
      requestId,
    );
    request = { id: taken.result.id, number: taken.result.number };
  }
  const result = await deps.db.transaction().execute(async (trx) => {
    await lockVisitKey(trx, input.idempotencyKey);
    const twin = await findVisitByKey(trx, input.idempotencyKey);
    if (twin) return { created: false, id: twin.id };
    const id = await insertVisit(trx, {
      tenantCode: tenantOf(household.divisionCode),
      cadrePersonId: personId,
      householdId: household.id,
      visitedAt,
      recordedAt: now,
      form: input.form,
      learned: input.learned,
      needs: input.needs,
      opinions: input.opinions,
      problem: input.problem ?? null,
      idempotencyKey: input.idempotencyKey,
      requestId: request?.id ?? null,
      recordedByUserId: actor.userId,
    });
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.visit.create',
      objectType: 'liaison_visit',
      objectId: id,
      after: { householdId: household.id, form: input.form, visitedAt: input.visitedAt, request: request?.number },
      requestId,
      at: now,
    });
    return { created: true, id };
  });
  const row = (await findVisitByKey(deps.db, input.idempotencyKey))!;
  return { created: result.created, visit: (await presentVisits(deps, [row]))[0]! };
}

/** Visits to households in the actor's scope, newest first, filtered by household, cadre and local days. */
export async function listVisitsPage(
  deps: Pick<Deps, 'db'>,
  actor: LiaisonActor,
  q: {
    page: number;
    pageSize: number;
    householdId?: number | undefined;
    cadrePersonId?: number | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
): Promise<Page<Visit>> {
  const f: VisitFilter = {
    householdId: q.householdId,
    cadrePersonId: q.cadrePersonId,
    from: q.from ? localMidnight(q.from) : undefined,
    to: q.to ? new Date(localMidnight(q.to).getTime() + 86_400_000) : undefined,
  };
  const { rows, total } = await listVisits(deps.db, actor.scope, f, pageArgs(q));
  return { items: await presentVisits(deps, rows), total, page: q.page, pageSize: q.pageSize };
}

/** The signed-in cadre's own visits, newest first. */
export async function listMyVisits(
  deps: Pick<Deps, 'db'>,
  actor: LiaisonActor,
  q: { page: number; pageSize: number },
): Promise<Page<Visit>> {
  const personId = await cadrePersonOf(deps.db, actor);
  const { rows, total } = await listVisitsOfCadre(deps.db, personId, pageArgs(q));
  return { items: await presentVisits(deps, rows), total, page: q.page, pageSize: q.pageSize };
}

/** The cadre's phone home: who they are, their quota, and the households they are paired with. */
export async function getMyLiaison(deps: Pick<Deps, 'db' | 'cipher'>, actor: LiaisonActor): Promise<MyLiaison> {
  const personId = await cadrePersonOf(deps.db, actor);
  const cadre = await findCadreInScope(deps.db, { kind: 'all' }, personId);
  if (!cadre) throw new AppError('LIAISON_NOT_A_CADRE');
  const rule = await quotaRuleOf(deps.db, tenantOf(cadre.unitDivisionCode));
  const pairings = await openPairingsOfCadre(deps.db, personId);
  const households = await findHouseholds(
    deps.db,
    pairings.map((p) => p.householdId),
  );
  return {
    personId,
    name: cadre.name,
    rank: cadre.rank,
    quota: quotaFor(rule, cadre.rank).total,
    households: await presentHouseholds(deps, [...households.values()]),
  };
}
