/*
 * A cadre's own records besides visits: diaries (民情日记), commitments (承诺, public on the portal, fulfilled with
 * evidence, rated by the public), deeds (为民办实事, with beneficiaries and aid money) and in-service party members'
 * reports to their community (在职党员到社区报到: a post, logged service, an appraisal). Leaders read their scope's.
 */
import type { Page } from '../../../contracts/common.js';
import type { Commitment, Deed, Diary, PartyMemberReport } from '../../../contracts/liaison.js';
import { appendAudit, auditActorOf } from '../../platform/audit/index.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import { findCadreInScope, findCadres, findDivisionNames } from '../org/index.js';
import { localDay } from './domain/figures.js';
import { divisionOrFail, householdOrFail } from './households.service.js';
import {
  cadrePersonOf,
  fieldError,
  type LiaisonActor,
  pageArgs,
  tenantOf,
  UTC_OFFSET_MINUTES,
} from './liaison.common.js';
import {
  type CommitmentRow,
  type DeedRow,
  type DiaryRow,
  findCommitment,
  findPartyReport,
  fulfilCommitment,
  insertCommitment,
  insertDeed,
  listCommitments,
  listDeeds,
  listDiaries,
  listPartyReports,
  type PartyReportRow,
  rateCommitment,
  updatePartyReport,
  upsertDiary,
  upsertPartyReport,
} from './liaison.repository.js';

const LIST_LIMIT = 500;

async function cadreTenant(deps: Pick<Deps, 'db'>, personId: number): Promise<string> {
  const c = await findCadreInScope(deps.db, { kind: 'all' }, personId);
  if (!c) throw new AppError('LIAISON_NOT_A_CADRE');
  return tenantOf(c.unitDivisionCode);
}

async function names(deps: Pick<Deps, 'db'>, ids: number[]) {
  return findCadres(deps.db, ids);
}

// ---------------------------------------------------------------------------------------------
// Diaries

async function presentDiaries(deps: Pick<Deps, 'db'>, rows: DiaryRow[]): Promise<Diary[]> {
  const cadres = await names(
    deps,
    rows.map((r) => r.cadrePersonId),
  );
  return rows.map((r) => ({
    id: r.id,
    cadrePersonId: r.cadrePersonId,
    cadreName: cadres.get(r.cadrePersonId)?.name ?? '',
    day: r.day,
    newProblems: r.newProblems,
    newIdeas: r.newIdeas,
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** Writes the signed-in cadre's note of a day (a second note the same day replaces the first); audited. */
export async function writeDiary(
  deps: Deps,
  actor: LiaisonActor,
  input: { day: string; newProblems: string; newIdeas: string },
  requestId: string,
): Promise<Diary> {
  const now = deps.now();
  const personId = await cadrePersonOf(deps.db, actor);
  if (input.day > localDay(now.getTime(), UTC_OFFSET_MINUTES)) {
    throw fieldError('day', '日记日期不能晚于今天', 'the diary day cannot be after today');
  }
  const tenantCode = await cadreTenant(deps, personId);
  const id = await deps.db.transaction().execute(async (trx) => {
    const newId = await upsertDiary(trx, {
      tenantCode,
      cadrePersonId: personId,
      authorUserId: actor.userId,
      day: input.day,
      newProblems: input.newProblems,
      newIdeas: input.newIdeas,
      createdAt: now,
      updatedAt: now,
    });
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.diary.write',
      objectType: 'liaison_diary',
      objectId: newId,
      after: { day: input.day },
      requestId,
      at: now,
    });
    return newId;
  });
  const { rows } = await listDiaries(deps.db, { personId }, { offset: 0, limit: 200 });
  return (
    await presentDiaries(
      deps,
      rows.filter((r) => r.id === id),
    )
  )[0]!;
}

/** The signed-in cadre's diaries, or (for a leader) the diaries of the cadres in their scope; newest first. */
export async function listDiariesPage(
  deps: Pick<Deps, 'db'>,
  actor: LiaisonActor,
  q: { page: number; pageSize: number },
  mine: boolean,
): Promise<Page<Diary>> {
  const who = mine ? { personId: await cadrePersonOf(deps.db, actor) } : { scope: actor.scope };
  const { rows, total } = await listDiaries(deps.db, who, pageArgs(q));
  return { items: await presentDiaries(deps, rows), total, page: q.page, pageSize: q.pageSize };
}

// ---------------------------------------------------------------------------------------------
// Commitments

async function presentCommitments(deps: Pick<Deps, 'db'>, rows: CommitmentRow[]): Promise<Commitment[]> {
  const cadres = await names(
    deps,
    rows.map((r) => r.cadrePersonId),
  );
  return rows.map((r) => {
    const fulfilledDay = r.fulfilledAt ? localDay(r.fulfilledAt.getTime(), UTC_OFFSET_MINUTES) : null;
    return {
      id: r.id,
      cadrePersonId: r.cadrePersonId,
      cadreName: cadres.get(r.cadrePersonId)?.name ?? '',
      kind: r.kind as Commitment['kind'],
      title: r.title,
      content: r.content,
      deadline: r.deadline,
      public: r.public,
      fulfilledAt: r.fulfilledAt ? r.fulfilledAt.toISOString() : null,
      evidence: r.evidence,
      onTime: fulfilledDay === null ? null : fulfilledDay <= r.deadline,
      rating: r.ratingCount > 0 ? Math.round((r.ratingTotal / r.ratingCount) * 10) / 10 : null,
      ratingCount: r.ratingCount,
    };
  });
}

/** The signed-in cadre makes a commitment (per post or per deed) with a deadline; public ones show on the portal. */
export async function makeCommitment(
  deps: Deps,
  actor: LiaisonActor,
  input: { kind: 'post' | 'deed'; title: string; content: string; deadline: string; public: boolean },
  requestId: string,
): Promise<Commitment> {
  const now = deps.now();
  const personId = await cadrePersonOf(deps.db, actor);
  const tenantCode = await cadreTenant(deps, personId);
  const id = await deps.db.transaction().execute(async (trx) => {
    const newId = await insertCommitment(trx, { tenantCode, cadrePersonId: personId, ...input, createdAt: now });
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.commitment.create',
      objectType: 'liaison_commitment',
      objectId: newId,
      after: { kind: input.kind, deadline: input.deadline, public: input.public },
      requestId,
      at: now,
    });
    return newId;
  });
  return (await presentCommitments(deps, [(await findCommitment(deps.db, id))!]))[0]!;
}

/** The cadre who made a commitment marks it fulfilled, with the evidence; once. */
export async function fulfilCommitmentWithEvidence(
  deps: Deps,
  actor: LiaisonActor,
  id: number,
  evidence: string,
  requestId: string,
): Promise<Commitment> {
  const now = deps.now();
  const personId = await cadrePersonOf(deps.db, actor);
  const c = await findCommitment(deps.db, id);
  if (!c || c.cadrePersonId !== personId) throw new AppError('LIAISON_COMMITMENT_NOT_FOUND');
  if (c.fulfilledAt) throw new AppError('LIAISON_COMMITMENT_FULFILLED');
  await deps.db.transaction().execute(async (trx) => {
    await fulfilCommitment(trx, id, now, evidence);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.commitment.fulfil',
      objectType: 'liaison_commitment',
      objectId: id,
      after: { evidence },
      requestId,
      at: now,
    });
  });
  return (await presentCommitments(deps, [(await findCommitment(deps.db, id))!]))[0]!;
}

export async function listCommitmentsOf(
  deps: Pick<Deps, 'db'>,
  actor: LiaisonActor,
  mine: boolean,
): Promise<{ items: Commitment[] }> {
  const who = mine ? { personId: await cadrePersonOf(deps.db, actor) } : { scope: actor.scope };
  return { items: await presentCommitments(deps, await listCommitments(deps.db, who, LIST_LIMIT)) };
}

/** The public commitments (承诺公示), for the portal: no evidence of private ones, newest first. */
export async function listPublicCommitments(deps: Pick<Deps, 'db'>): Promise<{ items: Commitment[] }> {
  return { items: await presentCommitments(deps, await listCommitments(deps.db, { public: true }, 200)) };
}

/** A citizen rates a fulfilled public commitment 1–5 (anonymous, limited per IP by the route); one not yet fulfilled has nothing to rate. */
export async function ratePublicCommitment(deps: Deps, id: number, score: number): Promise<Commitment> {
  const now = deps.now();
  const c = await findCommitment(deps.db, id);
  if (!c?.public) throw new AppError('LIAISON_COMMITMENT_NOT_FOUND');
  if (!c.fulfilledAt) throw new AppError('LIAISON_COMMITMENT_NOT_FULFILLED');
  await deps.db.transaction().execute(async (trx) => {
    await rateCommitment(trx, id, score);
    await appendAudit(trx, {
      actor: { userId: null, name: 'public' },
      action: 'liaison.commitment.rate',
      objectType: 'liaison_commitment',
      objectId: id,
      after: { score },
      at: now,
    });
  });
  return (await presentCommitments(deps, [(await findCommitment(deps.db, id))!]))[0]!;
}

// ---------------------------------------------------------------------------------------------
// Deeds

function presentDeeds(rows: DeedRow[], cadres: Map<number, { name: string }>): Deed[] {
  return rows.map((r) => ({
    id: r.id,
    cadrePersonId: r.cadrePersonId,
    cadreName: cadres.get(r.cadrePersonId)?.name ?? '',
    householdId: r.householdId,
    title: r.title,
    description: r.description,
    doneOn: r.doneOn,
    beneficiaries: r.beneficiaries,
    aidFen: r.aidFen,
  }));
}

/** The signed-in cadre records a deed done for the people (for a household in their view, or for many). */
export async function recordDeed(
  deps: Deps,
  actor: LiaisonActor,
  input: {
    title: string;
    description: string;
    householdId?: number | null | undefined;
    doneOn: string;
    beneficiaries: number;
    aidFen: number;
  },
  requestId: string,
): Promise<Deed> {
  const now = deps.now();
  const personId = await cadrePersonOf(deps.db, actor);
  const tenantCode = await cadreTenant(deps, personId);
  if (input.householdId) await householdOrFail(deps.db, { ...actor, scope: { kind: 'all' } }, input.householdId);
  const id = await deps.db.transaction().execute(async (trx) => {
    const newId = await insertDeed(trx, {
      tenantCode,
      cadrePersonId: personId,
      householdId: input.householdId ?? null,
      title: input.title,
      description: input.description,
      doneOn: input.doneOn,
      beneficiaries: input.beneficiaries,
      aidFen: input.aidFen,
      createdAt: now,
    });
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.deed.create',
      objectType: 'liaison_deed',
      objectId: newId,
      after: { doneOn: input.doneOn, beneficiaries: input.beneficiaries, aidFen: input.aidFen },
      requestId,
      at: now,
    });
    return newId;
  });
  const rows = (await listDeeds(deps.db, { personId }, LIST_LIMIT)).filter((r) => r.id === id);
  return presentDeeds(rows, await names(deps, [personId]))[0]!;
}

export async function listDeedsOf(deps: Pick<Deps, 'db'>, actor: LiaisonActor, mine: boolean) {
  const who = mine ? { personId: await cadrePersonOf(deps.db, actor) } : { scope: actor.scope };
  const rows = await listDeeds(deps.db, who, LIST_LIMIT);
  return {
    items: presentDeeds(
      rows,
      await names(
        deps,
        rows.map((r) => r.cadrePersonId),
      ),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// In-service party members

type Service = { on: string; hours: number; note: string };

async function presentReports(deps: Pick<Deps, 'db'>, rows: PartyReportRow[]): Promise<PartyMemberReport[]> {
  const [people, places] = await Promise.all([
    names(
      deps,
      rows.map((r) => r.personId),
    ),
    findDivisionNames(
      deps.db,
      rows.map((r) => r.communityCode),
    ),
  ]);
  return rows.map((r) => {
    const services = (typeof r.services === 'string' ? JSON.parse(r.services) : r.services) as Service[];
    return {
      id: r.id,
      personId: r.personId,
      personName: people.get(r.personId)?.name ?? '',
      communityCode: r.communityCode,
      communityName: places.get(r.communityCode) ?? '',
      post: r.post,
      registeredOn: r.registeredOn,
      services,
      serviceHours: services.reduce((s, x) => s + x.hours, 0),
      appraisal: (r.appraisal as PartyMemberReport['appraisal']) ?? null,
    };
  });
}

/** The signed-in party member registers with the community where they live and takes a post (双岗双争). */
export async function registerPartyMember(
  deps: Deps,
  actor: LiaisonActor,
  input: { communityCode: string; post: string; registeredOn: string },
  requestId: string,
): Promise<PartyMemberReport> {
  const now = deps.now();
  const personId = await cadrePersonOf(deps.db, actor);
  await divisionOrFail(deps.db, { ...actor, scope: { kind: 'all' } }, input.communityCode, 'communityCode');
  const id = await deps.db.transaction().execute(async (trx) => {
    const newId = await upsertPartyReport(trx, {
      tenantCode: tenantOf(input.communityCode),
      personId,
      communityCode: input.communityCode,
      post: input.post,
      registeredOn: input.registeredOn,
    });
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.party_member.register',
      objectType: 'liaison_party_member_report',
      objectId: newId,
      after: input,
      requestId,
      at: now,
    });
    return newId;
  });
  return (await presentReports(deps, [(await findPartyReport(deps.db, id))!]))[0]!;
}

/** The party member logs service done in their community (their own report only). */
export async function logPartyService(
  deps: Deps,
  actor: LiaisonActor,
  id: number,
  service: Service,
  requestId: string,
): Promise<PartyMemberReport> {
  const now = deps.now();
  const personId = await cadrePersonOf(deps.db, actor);
  const r = await findPartyReport(deps.db, id);
  if (!r || r.personId !== personId) throw new AppError('NOT_FOUND');
  const services = [...((typeof r.services === 'string' ? JSON.parse(r.services) : r.services) as Service[]), service];
  await deps.db.transaction().execute(async (trx) => {
    await updatePartyReport(trx, id, { services });
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.party_member.service',
      objectType: 'liaison_party_member_report',
      objectId: id,
      after: service,
      requestId,
      at: now,
    });
  });
  return (await presentReports(deps, [(await findPartyReport(deps.db, id))!]))[0]!;
}

/** An organiser appraises a party member's service in a community of their scope. */
export async function appraisePartyMember(
  deps: Deps,
  actor: LiaisonActor,
  id: number,
  appraisal: string,
  requestId: string,
): Promise<PartyMemberReport> {
  const now = deps.now();
  const r = await findPartyReport(deps.db, id);
  const visible = r && (await listPartyReports(deps.db, { scope: actor.scope }, 100_000)).some((x) => x.id === id);
  if (!r || !visible) throw new AppError('NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    await updatePartyReport(trx, id, { appraisal });
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.party_member.appraise',
      objectType: 'liaison_party_member_report',
      objectId: id,
      before: { appraisal: r.appraisal },
      after: { appraisal },
      requestId,
      at: now,
    });
  });
  return (await presentReports(deps, [(await findPartyReport(deps.db, id))!]))[0]!;
}

export async function listPartyReportsOf(deps: Pick<Deps, 'db'>, actor: LiaisonActor, mine: boolean) {
  const who = mine ? { personId: await cadrePersonOf(deps.db, actor) } : { scope: actor.scope };
  return { items: await presentReports(deps, await listPartyReports(deps.db, who, LIST_LIMIT)) };
}
