/*
 * The household ledger (民情台账) and pairings (结对): households with sealed contact details, pairing a cadre under
 * the county's quota rule, ending and replacing a pairing with a reason (能进能出, history kept), the coverage view
 * (households not paired, cadres under quota), and the quota setting.
 */

import type { Page } from '../../../contracts/common.js';
import type {
  CadreQuota,
  Coverage,
  Household,
  HouseholdInput,
  HouseholdTag,
  Pairing,
  QuotaRule,
} from '../../../contracts/liaison.js';
import { appendAudit, auditActorOf } from '../../platform/audit/index.js';
import { maskPhone, normalisePhone } from '../../platform/crypto/mask.js';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import { normaliseText } from '../../platform/text/index.js';
import { findCadreInScope, findCadres, findDivisionInScope, listCadresInScope } from '../org/index.js';
import { canPair, isUnderQuota, quotaFor } from './domain/quotas.js';
import { fieldError, type LiaisonActor, pageArgs, quotaRuleOf, tenantOf } from './liaison.common.js';
import {
  endPairing,
  findHousehold,
  type findHouseholds,
  findPairing,
  type HouseholdFilter,
  type HouseholdRow,
  householdCoverage,
  insertHouseholds,
  insertPairing,
  lastVisits,
  listHouseholds,
  lockCadre,
  openPairingCounts,
  openPairingsOfCadre,
  openPairingsOfHouseholds,
  type PairingRow,
  pairingHistory,
  saveQuotaRule,
  updateHousehold,
} from './liaison.repository.js';

export const CONTACT_NAME_CONTEXT = 'liaison.contact.name';
export const CONTACT_PHONE_CONTEXT = 'liaison.contact.phone';

/** Households with their open pairings' cadres and their last visit, as the API shows them (contact masked). */
export async function presentHouseholds(deps: Pick<Deps, 'db' | 'cipher'>, rows: HouseholdRow[]): Promise<Household[]> {
  const ids = rows.map((r) => r.id);
  const [pairings, visits] = await Promise.all([openPairingsOfHouseholds(deps.db, ids), lastVisits(deps.db, ids)]);
  const cadres = await findCadres(
    deps.db,
    pairings.map((p) => p.cadrePersonId),
  );
  return rows.map((r) => ({
    id: r.id,
    divisionCode: r.divisionCode,
    divisionName: r.divisionName,
    address: r.address,
    headName: r.headName,
    contactName: r.contactNameEnc ? deps.cipher.decrypt(r.contactNameEnc, CONTACT_NAME_CONTEXT) : null,
    contactPhoneMask: r.contactPhoneMask,
    tags: r.tags,
    members: r.members,
    note: r.note,
    active: r.active,
    cadres: pairings
      .filter((p) => p.householdId === r.id)
      .map((p) => {
        const c = cadres.get(p.cadrePersonId);
        return {
          pairingId: p.id,
          personId: p.cadrePersonId,
          name: c?.name ?? '',
          unitName: c?.unitName ?? '',
          phoneMask: c?.phoneMask ?? null,
          since: p.startedAt.toISOString(),
        };
      }),
    lastVisitAt: visits.get(r.id)?.toISOString() ?? null,
  }));
}

export async function householdOrFail(db: Db, actor: LiaisonActor, id: number): Promise<HouseholdRow> {
  const h = await findHousehold(db, actor.scope, id);
  if (!h) throw new AppError('LIAISON_HOUSEHOLD_NOT_FOUND');
  return h;
}

/** A division the actor may file households in: it must exist and lie in their scope (400 naming the field). */
export async function divisionOrFail(db: Db, actor: LiaisonActor, code: string, field = 'divisionCode') {
  const d = await findDivisionInScope(db, actor.scope, code);
  if (!d.exists) throw fieldError(field, `行政区划 ${code} 不存在`, `division ${code} does not exist`);
  if (!d.inScope)
    throw fieldError(field, `行政区划 ${code} 不在您的数据范围内`, `division ${code} is outside your scope`);
}

/** The stored form of a household's input: contact name and phone sealed, the phone masked and hashed for lookup. */
export function storedHousehold(deps: Pick<Deps, 'cipher'>, input: HouseholdInput, at: Date) {
  const phone = input.contactPhone ? normalisePhone(input.contactPhone) : null;
  const name = input.contactName?.trim() || null;
  return {
    tenantCode: tenantOf(input.divisionCode),
    divisionCode: input.divisionCode,
    // Normalised at write (traditional → simplified, full-width → half-width), so the ledger's search column (its
    // head's name and address, lower-cased by PostgreSQL) matches a query normalised the same way.
    address: normaliseText(input.address),
    headName: normaliseText(input.headName),
    contactNameEnc: name ? deps.cipher.encrypt(name, CONTACT_NAME_CONTEXT) : null,
    contactPhoneEnc: phone ? deps.cipher.encrypt(phone, CONTACT_PHONE_CONTEXT) : null,
    contactPhoneMask: phone ? maskPhone(phone) : null,
    contactPhoneHash: phone ? deps.cipher.lookupHash(phone) : null,
    tags: [...new Set(input.tags)] as HouseholdTag[],
    members: input.members,
    note: input.note ?? null,
    createdAt: at,
    updatedAt: at,
  };
}

/** Files a household in the ledger (a place in the actor's scope); audited without the contact details. */
export async function createHousehold(
  deps: Deps,
  actor: LiaisonActor,
  input: HouseholdInput,
  requestId: string,
): Promise<Household> {
  const now = deps.now();
  await divisionOrFail(deps.db, actor, input.divisionCode);
  const id = await deps.db.transaction().execute(async (trx) => {
    const [newId] = await insertHouseholds(trx, [storedHousehold(deps, input, now)]);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.household.create',
      objectType: 'liaison_household',
      objectId: newId!,
      after: { divisionCode: input.divisionCode, tags: input.tags, members: input.members.length },
      requestId,
      at: now,
    });
    return newId!;
  });
  return getHousehold(deps, actor, id);
}

export async function getHousehold(deps: Pick<Deps, 'db' | 'cipher'>, actor: LiaisonActor, id: number) {
  const [h] = await presentHouseholds(deps, [await householdOrFail(deps.db, actor, id)]);
  return h!;
}

/** Changes a household's details (only the fields given); a move to another place must stay in the scope. */
export async function updateHouseholdDetails(
  deps: Deps,
  actor: LiaisonActor,
  id: number,
  patch: Partial<HouseholdInput>,
  requestId: string,
): Promise<Household> {
  const now = deps.now();
  const before = await householdOrFail(deps.db, actor, id);
  if (patch.divisionCode) await divisionOrFail(deps.db, actor, patch.divisionCode);
  const merged: HouseholdInput = {
    divisionCode: patch.divisionCode ?? before.divisionCode,
    address: patch.address ?? before.address,
    headName: patch.headName ?? before.headName,
    tags: patch.tags ?? before.tags,
    members: patch.members ?? before.members,
    note: patch.note !== undefined ? patch.note : before.note,
  };
  const stored = storedHousehold(deps, merged, now);
  const contact =
    patch.contactPhone !== undefined || patch.contactName !== undefined
      ? storedHousehold(deps, { ...merged, contactName: patch.contactName, contactPhone: patch.contactPhone }, now)
      : null;
  await deps.db.transaction().execute(async (trx) => {
    await updateHousehold(
      trx,
      id,
      {
        tenantCode: stored.tenantCode,
        divisionCode: stored.divisionCode,
        address: stored.address,
        headName: stored.headName,
        tags: stored.tags,
        members: stored.members,
        note: stored.note,
        ...(contact && patch.contactName !== undefined ? { contactNameEnc: contact.contactNameEnc } : {}),
        ...(contact && patch.contactPhone !== undefined
          ? {
              contactPhoneEnc: contact.contactPhoneEnc,
              contactPhoneMask: contact.contactPhoneMask,
              contactPhoneHash: contact.contactPhoneHash,
            }
          : {}),
      },
      now,
    );
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.household.update',
      objectType: 'liaison_household',
      objectId: id,
      before: { divisionCode: before.divisionCode, address: before.address, tags: before.tags },
      after: { fields: Object.keys(patch) },
      requestId,
      at: now,
    });
  });
  return getHousehold(deps, actor, id);
}

export async function listHouseholdsPage(
  deps: Pick<Deps, 'db' | 'cipher'>,
  actor: LiaisonActor,
  q: HouseholdFilter & { page: number; pageSize: number },
): Promise<Page<Household>> {
  const filter = { ...q, q: q.q ? normaliseText(q.q) || undefined : undefined };
  const { rows, total } = await listHouseholds(deps.db, actor.scope, filter, pageArgs(q));
  return { items: await presentHouseholds(deps, rows), total, page: q.page, pageSize: q.pageSize };
}

// ---------------------------------------------------------------------------------------------
// Pairings

async function presentPairings(db: Db, rows: PairingRow[]): Promise<Pairing[]> {
  const cadres = await findCadres(
    db,
    rows.map((r) => r.cadrePersonId),
  );
  return rows.map((r) => ({
    id: r.id,
    householdId: r.householdId,
    cadrePersonId: r.cadrePersonId,
    cadreName: cadres.get(r.cadrePersonId)?.name ?? '',
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt ? r.endedAt.toISOString() : null,
    endReason: r.endReason,
    replacedById: r.replacedById,
  }));
}

async function cadreOrFail(db: Db, actor: LiaisonActor, personId: number) {
  const c = await findCadreInScope(db, actor.scope, personId);
  if (!c) throw new AppError('LIAISON_CADRE_NOT_FOUND');
  return c;
}

/** Opens a pairing inside a transaction, refusing it when the cadre's quota (by rank, per the county rule) is full. */
async function pairInTransaction(
  trx: Db,
  rule: QuotaRule,
  cadre: { id: number; rank: Parameters<typeof quotaFor>[1] },
  household: HouseholdRow,
  at: Date,
  userId: number,
): Promise<number> {
  await lockCadre(trx, cadre.id);
  const current = await openPairingsOfCadre(trx, cadre.id);
  const decision = canPair(rule, cadre.rank, current, { householdId: household.id, tags: household.tags });
  if (!decision.ok) {
    if (decision.refusal.type === 'AlreadyPaired') throw new AppError('LIAISON_ALREADY_PAIRED');
    throw new AppError('LIAISON_QUOTA_EXCEEDED', { quota: decision.refusal.quota.total, paired: current.length });
  }
  return insertPairing(trx, {
    tenantCode: household.tenantCode,
    cadrePersonId: cadre.id,
    householdId: household.id,
    startedAt: at,
    createdByUserId: userId,
  });
}

/** Pairs a cadre (in the scope) with a household (in the scope) under the county's quota rule; audited. */
export async function createPairing(
  deps: Deps,
  actor: LiaisonActor,
  input: { cadrePersonId: number; householdId: number },
  requestId: string,
): Promise<Pairing> {
  const now = deps.now();
  const household = await householdOrFail(deps.db, actor, input.householdId);
  const cadre = await cadreOrFail(deps.db, actor, input.cadrePersonId);
  const rule = await quotaRuleOf(deps.db, household.tenantCode);
  const id = await deps.db.transaction().execute(async (trx) => {
    const newId = await pairInTransaction(trx, rule, cadre, household, now, actor.userId);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.pairing.create',
      objectType: 'liaison_pairing',
      objectId: newId,
      after: { cadrePersonId: cadre.id, householdId: household.id, rule: rule.kind },
      requestId,
      at: now,
    });
    return newId;
  });
  return (await presentPairings(deps.db, [(await findPairing(deps.db, id))!]))[0]!;
}

async function openPairingOrFail(db: Db, actor: LiaisonActor, id: number) {
  const p = await findPairing(db, id);
  if (!p || !(await findHousehold(db, actor.scope, p.householdId))) throw new AppError('LIAISON_PAIRING_NOT_FOUND');
  if (p.endedAt) throw new AppError('LIAISON_PAIRING_ENDED');
  return p;
}

/** Ends a pairing with a reason (the cadre moved, retired…); the row stays as history. */
export async function endPairingWithReason(
  deps: Deps,
  actor: LiaisonActor,
  id: number,
  reason: string,
  requestId: string,
): Promise<Pairing[]> {
  const now = deps.now();
  const p = await openPairingOrFail(deps.db, actor, id);
  await deps.db.transaction().execute(async (trx) => {
    await endPairing(trx, id, { endedAt: now, endReason: reason });
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.pairing.end',
      objectType: 'liaison_pairing',
      objectId: id,
      after: { reason },
      requestId,
      at: now,
    });
  });
  return presentPairings(deps.db, await pairingHistory(deps.db, p.householdId));
}

/**
 * Replaces a pairing's cadre (能进能出): the old pairing ends with the reason and points at the new one, which the
 * new cadre's quota must allow — all in one transaction, so a refused replacement leaves the old pairing open.
 */
export async function replacePairing(
  deps: Deps,
  actor: LiaisonActor,
  id: number,
  input: { cadrePersonId: number; reason: string },
  requestId: string,
): Promise<Pairing[]> {
  const now = deps.now();
  const old = await openPairingOrFail(deps.db, actor, id);
  const household = await householdOrFail(deps.db, actor, old.householdId);
  const cadre = await cadreOrFail(deps.db, actor, input.cadrePersonId);
  const rule = await quotaRuleOf(deps.db, household.tenantCode);
  await deps.db.transaction().execute(async (trx) => {
    const newId = await pairInTransaction(trx, rule, cadre, household, now, actor.userId);
    await endPairing(trx, id, { endedAt: now, endReason: input.reason, replacedById: newId });
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.pairing.replace',
      objectType: 'liaison_pairing',
      objectId: id,
      before: { cadrePersonId: old.cadrePersonId },
      after: { cadrePersonId: cadre.id, replacedById: newId, reason: input.reason },
      requestId,
      at: now,
    });
  });
  return presentPairings(deps.db, await pairingHistory(deps.db, household.id));
}

/** Every pairing a household has had, ended ones included (oldest first). */
export async function getPairingHistory(deps: Pick<Deps, 'db'>, actor: LiaisonActor, householdId: number) {
  await householdOrFail(deps.db, actor, householdId);
  return { items: await presentPairings(deps.db, await pairingHistory(deps.db, householdId)) };
}

/** The coverage view: households in the scope without a cadre, and cadres paired with fewer than their quota. */
export async function getCoverage(
  deps: Pick<Deps, 'db'>,
  actor: LiaisonActor,
  q: { divisionCode?: string | undefined; limit: number },
): Promise<Coverage> {
  const households = await householdCoverage(deps.db, actor.scope, q.divisionCode, q.limit);
  const cadres = (await listCadresInScope(deps.db, actor.scope)).filter(
    (c) => !q.divisionCode || c.unitDivisionCode.startsWith(q.divisionCode.replace(/0+$/, '')),
  );
  const counts = await openPairingCounts(
    deps.db,
    cadres.map((c) => c.id),
  );
  const rules = new Map<string, QuotaRule>();
  const under: CadreQuota[] = [];
  for (const c of cadres) {
    const tenant = tenantOf(c.unitDivisionCode);
    if (!rules.has(tenant)) rules.set(tenant, await quotaRuleOf(deps.db, tenant));
    const rule = rules.get(tenant)!;
    const paired = counts.get(c.id) ?? 0;
    if (isUnderQuota(rule, c.rank, paired)) {
      under.push({
        personId: c.id,
        name: c.name,
        unitName: c.unitName,
        rank: c.rank,
        quota: quotaFor(rule, c.rank).total,
        paired,
      });
    }
  }
  return {
    households: households.households,
    pairedHouseholds: households.paired,
    unpairedHouseholds: households.households - households.paired,
    cadres: cadres.length,
    cadresUnderQuota: under.length,
    unpaired: households.unpaired,
    underQuota: under.slice(0, q.limit),
  };
}

// ---------------------------------------------------------------------------------------------
// Settings

/** The county a settings request is for: the one named, or the county of the actor's division or unit scope. */
function settingsCounty(actor: LiaisonActor, countyCode: string | undefined): string {
  if (countyCode) return tenantOf(countyCode);
  if (actor.scope.kind === 'division') return tenantOf(actor.scope.divisionCode);
  throw fieldError('countyCode', '请选择县（区）', 'choose a county');
}

export async function getLiaisonSettings(deps: Pick<Deps, 'db'>, actor: LiaisonActor, countyCode?: string) {
  const county = settingsCounty(actor, countyCode);
  return { countyCode: county, quotaRule: await quotaRuleOf(deps.db, county) };
}

/** Sets a county's quota rule; the actor's scope must cover the county. Existing pairings stay as they are. */
export async function saveLiaisonSettings(
  deps: Deps,
  actor: LiaisonActor,
  input: { countyCode?: string | undefined; quotaRule: QuotaRule },
  requestId: string,
) {
  const now = deps.now();
  const county = settingsCounty(actor, input.countyCode);
  const d = await findDivisionInScope(deps.db, actor.scope, county);
  if (!d.exists) throw fieldError('countyCode', `县（区）${county} 不存在`, `county ${county} does not exist`);
  if (!d.inScope) throw new AppError('AUTH_OUT_OF_SCOPE');
  const before = await quotaRuleOf(deps.db, county);
  await deps.db.transaction().execute(async (trx) => {
    await saveQuotaRule(trx, county, input.quotaRule, now);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.settings.update',
      objectType: 'liaison_setting',
      objectId: county,
      before,
      after: input.quotaRule,
      requestId,
      at: now,
    });
  });
  return { countyCode: county, quotaRule: input.quotaRule };
}

export type { findHouseholds };
