/*
 * The figures against brute force: a few hundred varied histories (returns and rulings, late acceptances, extensions,
 * reopenings, rejected replies, appeals, whistles, merges, unrated closings, direct answers) generated through the
 * real rules (runRequestScript), stored as the service stores them, counted by `rebuildMetricFacts`, and compared
 * with every figure recomputed here straight from the event logs by independent code (an event walk and plain
 * JavaScript sums — not the counting module, not SQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricFigures, MetricGroupsResponse, RankingResponse } from '../../../contracts/metrics.js';
import type { EventActor, RequestEvent, RequestType, Satisfaction } from '../../../contracts/requests.js';
import { SYSTEM_ACTOR } from '../../../contracts/requests.js';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { buildCategory, buildUnit } from '../org/testing.js';
import { runRequestScript, type ScriptStep } from './domain/request-script.js';
import { addLimit, DEFAULT_TIME_LIMIT_RULES, resolveTimeLimit } from './domain/time-limits.js';
import type { WorkingTime } from './domain/working-time.js';
import { rebuildMetricFacts } from './metrics.service.js';
import { buildRequestWorld, LAMP_REPLY, LAMP_TEXT, type RequestWorld } from './requests.factories.js';
import { appendRequestEvents, insertRequest, updateRequestProjection } from './requests.repository.js';
import { loadWorkingTime, projectionOf } from './requests.service.js';

const HOUR = 3_600_000;
const NOW = new Date('2026-12-10T04:00:00Z');
const HISTORIES = 320;
const WINDOW_DAYS = 7;
const UNRATED_COUNTS_AS: Satisfaction = 'satisfied';
const POINTS: Record<Satisfaction, number> = { satisfied: 1, basically_satisfied: 0.8, unsatisfied: 0 };

let ctx: TestContext;
let w: RequestWorld;
let workingTime: WorkingTime;
const logs: RequestEvent[][] = [];
const unitKinds = new Map<number, 'department' | 'township'>();
const townshipOf = new Map<string, string>();
let departments: number[] = [];
let leadUnits: number[] = [];
let categories: string[] = [];

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const dispatcher: EventActor = { userId: 2, unitId: null, name: '派单员' };
const operator: EventActor = { userId: 1, unitId: null, name: '话务员' };
const citizen: EventActor = { userId: null, unitId: null, name: '群众' };
const staff = (unitId: number): EventActor => ({ userId: 1000 + unitId, unitId, name: `承办人${unitId}` });

/** One random history's commands; the rules may refuse a step, and the log then ends there. */
function randomSteps(
  r: () => number,
  start: Date,
  originalId: number | null,
): { type: RequestType; steps: ScriptStep[] } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  let at = start.getTime();
  const later = (minH: number, maxH: number) => {
    at += (minH + r() * (maxH - minH)) * HOUR;
    return new Date(at);
  };
  const steps: ScriptStep[] = [];
  const add = (actor: EventActor, command: ScriptStep['command'], when: Date, extra: Partial<ScriptStep> = {}) =>
    steps.push({ at: when, actor, command, ...extra });
  const type = pick<RequestType>(['help', 'complaint', 'consultation']);
  const divisionCode = pick([w.villageA, w.townshipA, w.townshipB]);
  add(
    operator,
    { action: 'classify', categoryCode: pick(categories), type, urgency: 'normal', divisionCode, address: null },
    later(0.1, 2),
  );
  if (originalId !== null && r() < 0.07) {
    add(dispatcher, { action: 'mergeInto', originalId }, later(0.1, 5));
    return { type, steps };
  }
  const rateOnce = () => {
    const satisfaction = pick<Satisfaction>(['satisfied', 'satisfied', 'basically_satisfied', 'unsatisfied']);
    add(
      citizen,
      { action: 'rate', resolved: satisfaction !== 'unsatisfied', satisfaction, comment: null, via: 'call' },
      later(1, 120),
    );
    return satisfaction;
  };
  if (type === 'consultation' && r() < 0.5) {
    add(operator, { action: 'answerDirectly', reply: LAMP_REPLY }, later(0.1, 3));
    if (r() < 0.6) rateOnce();
    return { type, steps };
  }
  let lead = pick(leadUnits);
  add(dispatcher, { action: 'dispatch', leadUnitId: lead, assistUnitIds: [], reason: '职能' }, later(0.1, 30));
  if (r() < 0.2) {
    add(
      staff(lead),
      { action: 'return', reason: 'wrong_place', explanation: '该地点不属于本单位辖区范围' },
      later(0.1, 8),
    );
    if (r() < 0.5) {
      const next = pick(leadUnits.filter((u) => u !== lead));
      add(
        dispatcher,
        {
          action: 'ruleOnReturn',
          decision: 'redispatch',
          dispatch: { leadUnitId: next, assistUnitIds: [], reason: '属地' },
        },
        later(0.5, 20),
      );
      lead = next;
      add(staff(lead), { action: 'accept' }, later(0.2, 40));
    } else {
      add(dispatcher, { action: 'ruleOnReturn', decision: 'keep' }, later(0.5, 20));
    }
  } else {
    add(staff(lead), { action: 'accept' }, later(0.2, 40));
  }
  if (r() < 0.1) {
    lead = pick(leadUnits);
    add(dispatcher, { action: 'dispatch', leadUnitId: lead, assistUnitIds: [], reason: '改派' }, later(1, 200));
    if (r() < 0.8) add(staff(lead), { action: 'accept' }, later(0.2, 20));
  }
  if (r() < 0.2) {
    add(staff(lead), { action: 'requestExtension', days: 3, reason: '需协调多个部门现场处置' }, later(10, 100));
    add(dispatcher, { action: 'decideExtension', approved: r() < 0.7, days: 3 }, later(0.5, 10));
  }
  if (r() < 0.12) {
    const summoned = [...new Set([pick(departments), pick(departments)])].filter((u) => u !== lead);
    if (summoned.length > 0) {
      const blownAt = later(0.5, 5);
      add(staff(lead), { action: 'blowWhistle', departmentUnitIds: summoned, reportLimitHours: 24 }, blownAt, {
        actorIsTownshipOfPlace: true,
      });
      for (const unit of summoned) if (r() < 0.7) add(staff(unit), { action: 'reportToWhistle' }, later(1, 20));
    }
  }
  if (r() < 0.15) return { type, steps };
  add(staff(lead), { action: 'reply', text: LAMP_REPLY, attachmentIds: [] }, later(1, 250));
  if (r() < 0.12) {
    add(dispatcher, { action: 'rejectReply', reason: 'boilerplate' }, later(0.5, 5));
    add(staff(lead), { action: 'reply', text: LAMP_REPLY, attachmentIds: [] }, later(1, 60));
  }
  if (r() < 0.15) {
    add(
      staff(lead),
      { action: 'fileAppeal', reason: '诉求人要求于法无据，已依法答复', evidence: [], evidenceText: '依法答复记录' },
      later(1, 20),
    );
    add(dispatcher, { action: 'decideAppeal', unitId: lead, approved: r() < 0.6 }, later(1, 20));
  }
  if (r() < 0.6) {
    if (rateOnce() === 'unsatisfied') {
      add(staff(lead), { action: 'reply', text: LAMP_REPLY, attachmentIds: [] }, later(1, 150));
      if (r() < 0.6) rateOnce();
    }
  } else if (r() < 0.4) {
    add(SYSTEM_ACTOR, { action: 'close', unrated: true }, later(WINDOW_DAYS * 24 + 1, WINDOW_DAYS * 24 + 30));
  }
  return { type, steps };
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set(NOW);
  w = await buildRequestWorld(ctx);
  const db = ctx.deps.db;
  const root = w.category.split('.')[0] as string;
  await buildCategory(db, { code: `${root}.02`, name: '井盖', parentCode: root, level: 2 });
  const other = `${root}X`;
  await buildCategory(db, { code: other, name: '环境保护' });
  await buildCategory(db, { code: `${other}.01`, name: '噪声', parentCode: other, level: 2 });
  categories = [w.category, `${root}.02`, `${other}.01`];
  const extra = [];
  for (let i = 0; i < 5; i++) extra.push((await buildUnit(db, { divisionCode: w.county, name: `部门${i}` })).id);
  departments = [w.department, w.otherDepartment, ...extra];
  for (const d of departments) unitKinds.set(d, 'department');
  unitKinds.set(w.governmentA, 'township');
  unitKinds.set(w.governmentB, 'township');
  leadUnits = [...departments, w.governmentA, w.governmentB];
  townshipOf.set(w.villageA, w.townshipA).set(w.townshipA, w.townshipA).set(w.townshipB, w.townshipB);
  workingTime = await loadWorkingTime(ctx.deps);

  const r = mulberry32(20261122);
  const first = new Date('2026-09-01T01:00:00Z').getTime();
  const span = new Date('2026-12-05T00:00:00Z').getTime() - first;
  let originalId: number | null = null;
  for (let i = 0; i < HISTORIES; i++) {
    const receivedAt = new Date(first + Math.floor(r() * span));
    const { steps } = randomSteps(r, receivedAt, originalId);
    const result = runRequestScript(
      {
        at: receivedAt,
        actor: operator,
        payload: {
          number: `20260901${String(i).padStart(5, '0')}`,
          channel: 'hotline',
          type: 'help',
          text: LAMP_TEXT,
          title: null,
          anonymous: true,
          divisionCode: w.villageA,
          address: null,
          sourceRef: null,
        },
      },
      steps.filter((s) => s.at.getTime() <= NOW.getTime()),
      { workingTime, limits: (s) => resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, s) },
    );
    const { events, snapshot } = result;
    logs.push(events);
    await db.transaction().execute(async (trx) => {
      const division = snapshot.divisionCode ?? w.villageA;
      const id = await insertRequest(trx, {
        tenantCode: w.county,
        number: snapshot.number,
        receiptCodeHash: `h${i}`,
        idempotencyKey: null,
        channel: 'hotline',
        type: snapshot.type,
        title: null,
        body: LAMP_TEXT,
        bodyOriginal: LAMP_TEXT,
        divisionCode: division,
        address: null,
        citizenNameEnc: null,
        citizenPhoneEnc: null,
        citizenPhoneMask: null,
        citizenPhoneHash: null,
        state: snapshot.state,
        receivedAt,
        firstOwnerUserId: null,
      });
      originalId ??= id;
      await appendRequestEvents(trx, id, w.county, 0, events);
      await updateRequestProjection(
        trx,
        id,
        projectionOf(snapshot, DEFAULT_TIME_LIMIT_RULES, workingTime, NOW, division),
        NOW,
      );
    });
  }
  await rebuildMetricFacts(ctx.deps, { pageSize: 64 });
}, 240_000);

afterAll(async () => {
  await ctx?.close();
});

// ---------------------------------------------------------------------------------------------
// The brute force: walk each log and count, independently of domain/counting.ts and of SQL.

interface Brute {
  unit: number | null;
  primary: boolean;
  month: string;
  township: string;
  category: string | null;
  excluded: boolean;
  dispatched: boolean;
  responseHit: boolean;
  responseCounted: boolean;
  handled: boolean;
  acceptedInTime: boolean;
  returned: boolean;
  replied: boolean;
  onTime: boolean;
  overdue: boolean;
  rating: Satisfaction | null;
  resolved: boolean;
  reopened: boolean;
  hours: number | null;
  bounced: boolean;
  whistle: boolean;
  whistleHit: boolean;
  whistleCounted: boolean;
}

function bruteForce(events: RequestEvent[]): Brute[] {
  if (events.some((e) => e.type === 'merged_into')) return [];
  const received = events[0] as RequestEvent;
  let type: RequestType = 'help';
  let category: string | null = null;
  let division = w.villageA;
  for (const e of events) {
    if (e.type === 'classified') {
      type = e.payload.type;
      category = e.payload.categoryCode;
      division = e.payload.divisionCode;
    }
  }
  const limits = resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, { categoryCode: category, type, urgency: 'normal' });
  const responseDue = (at: Date) => addLimit(workingTime, at, limits.response).getTime();
  type Round = { start: Date; replyAt: Date | null; ext: number; endedAt: Date | null };
  type Unit = {
    dispatches: { at: Date; answeredAt: Date | null; endedAt: Date | null }[];
    acceptedInTime: boolean;
    returned: boolean;
    rounds: Round[];
    replies: number;
    reopened: number;
    excluded: boolean;
    whistle: { due: number; reportedAt: Date | null } | null;
  };
  const units = new Map<number, Unit>();
  const unit = (id: number): Unit => {
    let u = units.get(id);
    if (!u) {
      u = {
        dispatches: [],
        acceptedInTime: false,
        returned: false,
        rounds: [],
        replies: 0,
        reopened: 0,
        excluded: false,
        whistle: null,
      };
      units.set(id, u);
    }
    return u;
  };
  let lead: number | null = null;
  let round: Round | null = null;
  let lastDispatch: { at: Date; answeredAt: Date | null; endedAt: Date | null } | null = null;
  let dispatchCount = 0;
  const returners = new Set<number>();
  const replyStack: { unit: number | null; at: Date }[] = [];
  const ratings = new Map<number | null, Satisfaction>();
  const resolvedBy = new Map<number | null, boolean>();
  let ratedSinceReply = false;
  let closedUnrated = false;
  let directReplies = 0;
  let directReopens = 0;
  const start = (id: number, at: Date) => {
    round = { start: at, replyAt: null, ext: 0, endedAt: null };
    unit(id).rounds.push(round);
  };
  for (const e of events) {
    switch (e.type) {
      case 'dispatched': {
        // A new dispatch withdraws an unanswered one and ends the running handling round (改派).
        if (lastDispatch && lastDispatch.answeredAt === null) lastDispatch.endedAt = e.at;
        if (round) (round as Round).endedAt = e.at;
        lead = e.payload.leadUnitId;
        lastDispatch = { at: e.at, answeredAt: null, endedAt: null };
        unit(lead).dispatches.push(lastDispatch);
        dispatchCount += 1;
        round = null;
        break;
      }
      case 'accepted':
        if (lastDispatch) {
          lastDispatch.answeredAt = e.at;
          if (e.at.getTime() <= responseDue(lastDispatch.at)) unit(e.payload.unitId).acceptedInTime = true;
        }
        start(e.payload.unitId, e.at);
        break;
      case 'returned':
        if (lastDispatch) lastDispatch.answeredAt = e.at;
        unit(e.payload.unitId).returned = true;
        returners.add(e.payload.unitId);
        break;
      case 'return_ruled':
        if (e.payload.decision === 'keep') start(e.payload.unitId, e.at);
        break;
      case 'extension_decided':
        if (e.payload.approved && round) (round as Round).ext += e.payload.days;
        break;
      case 'reply_submitted':
        if (round) (round as Round).replyAt = e.at;
        unit(e.payload.unitId).replies += 1;
        replyStack.push({ unit: e.payload.unitId, at: e.at });
        ratedSinceReply = false;
        break;
      case 'answered_directly':
        directReplies += 1;
        replyStack.push({ unit: null, at: e.at });
        ratedSinceReply = false;
        break;
      case 'reply_rejected': {
        const popped = replyStack.pop();
        if (popped?.unit != null) unit(popped.unit).replies -= 1;
        else if (popped) directReplies -= 1;
        if (round) (round as Round).replyAt = null;
        ratedSinceReply = true;
        break;
      }
      case 'rated': {
        const replied = replyStack.at(-1);
        if (replied) {
          ratings.set(replied.unit, e.payload.satisfaction);
          resolvedBy.set(replied.unit, e.payload.resolved);
        }
        ratedSinceReply = true;
        break;
      }
      case 'reopened':
        if (e.payload.unitId === null) {
          directReopens += 1;
          round = null;
        } else {
          unit(e.payload.unitId).reopened += 1;
          lead = e.payload.unitId;
          start(e.payload.unitId, e.at);
        }
        break;
      case 'appeal_decided':
        if (e.payload.approved) unit(e.payload.unitId).excluded = true;
        break;
      case 'whistle_blown':
        for (const d of e.payload.departmentUnitIds) {
          unit(d).whistle = { due: e.at.getTime() + e.payload.reportLimitHours * HOUR, reportedAt: null };
        }
        break;
      case 'whistle_reported': {
        const wh = unit(e.payload.unitId).whistle;
        if (wh) wh.reportedAt = e.at;
        break;
      }
      case 'closed':
        closedUnrated = e.payload.unrated === true;
        break;
      default:
        break;
    }
  }
  const last = replyStack.at(-1);
  if (last && !ratedSinceReply && (closedUnrated || NOW.getTime() >= last.at.getTime() + WINDOW_DAYS * 86_400_000)) {
    ratings.set(last.unit, UNRATED_COUNTS_AS);
    resolvedBy.set(last.unit, UNRATED_COUNTS_AS !== 'unsatisfied');
  }
  const month = new Date(received.at.getTime() + 8 * HOUR).toISOString().slice(0, 7);
  const township = townshipOf.get(division) as string;
  const bounced = dispatchCount >= 3 || returners.size >= 2;
  const base = { month, township, category, bounced };
  const rows: Brute[] = [];
  for (const [id, u] of units) {
    const d = u.dispatches.at(-1);
    let responseHit = false;
    let responseCounted = false;
    if (d) {
      const due = responseDue(d.at);
      if (d.answeredAt) {
        responseCounted = true;
        responseHit = d.answeredAt.getTime() <= due;
      } else if (d.endedAt) {
        responseCounted = d.endedAt.getTime() > due;
      } else {
        responseCounted = NOW.getTime() > due;
      }
    }
    const r1 = u.rounds[0];
    let onTime = false;
    let overdue = false;
    let hours: number | null = null;
    if (r1) {
      const base1 = addLimit(workingTime, r1.start, limits.resolution);
      const due = (r1.ext > 0 ? workingTime.addWorkingDays(base1, r1.ext) : base1).getTime();
      if (r1.replyAt) {
        onTime = r1.replyAt.getTime() <= due;
        overdue = !onTime;
        hours = workingTime.workingHoursBetween(r1.start, r1.replyAt);
      } else if (r1.endedAt) {
        overdue = r1.endedAt.getTime() > due;
      } else {
        overdue = NOW.getTime() > due;
      }
    }
    const handled = u.rounds.length > 0;
    const rating = handled ? (ratings.get(id) ?? null) : null;
    rows.push({
      ...base,
      unit: id,
      primary: id === lead && u.dispatches.length > 0,
      excluded: u.excluded,
      dispatched: u.dispatches.length > 0,
      responseHit,
      responseCounted,
      handled,
      acceptedInTime: u.acceptedInTime,
      returned: u.returned,
      replied: u.replies > 0,
      onTime,
      overdue,
      rating,
      resolved: rating !== null && (resolvedBy.get(id) ?? false),
      reopened: u.reopened > 0,
      hours,
      whistle: u.whistle !== null,
      whistleHit: u.whistle?.reportedAt != null && u.whistle.reportedAt.getTime() <= u.whistle.due,
      whistleCounted: u.whistle !== null && (u.whistle.reportedAt !== null || NOW.getTime() > u.whistle.due),
    });
  }
  if (!rows.some((r) => r.primary)) {
    const rating = ratings.get(null) ?? null;
    rows.push({
      ...base,
      unit: null,
      primary: true,
      excluded: false,
      dispatched: false,
      responseHit: false,
      responseCounted: false,
      handled: false,
      acceptedInTime: false,
      returned: false,
      replied: directReplies > 0,
      onTime: false,
      overdue: false,
      rating,
      resolved: rating !== null && (resolvedBy.get(null) ?? false),
      reopened: directReopens > 0,
      hours: null,
      whistle: false,
      whistleHit: false,
      whistleCounted: false,
    });
  }
  return rows;
}

type Expected = Omit<MetricFigures, 'rates' | 'score' | 'handlingHoursAvg'> & {
  rates: Record<string, number | null>;
  handlingHoursAvg: number | null;
};

function sumBrute(rows: Brute[]): Expected {
  const kept = rows.filter((r) => !r.excluded);
  const n = (p: (r: Brute) => boolean) => kept.filter(p).length;
  const rated = kept.filter((r) => r.rating !== null);
  const points = rated.reduce((s, r) => s + POINTS[r.rating as Satisfaction], 0);
  const hours = kept.filter((r) => r.hours !== null);
  const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);
  const f = {
    requests: kept.length,
    dispatched: n((r) => r.dispatched),
    respondedInTime: n((r) => r.responseHit),
    handled: n((r) => r.handled),
    acceptedInTime: n((r) => r.acceptedInTime),
    returned: n((r) => r.returned),
    replied: n((r) => r.replied),
    repliedOnTime: n((r) => r.onTime),
    overdue: n((r) => r.overdue),
    rated: rated.length,
    resolved: n((r) => r.resolved),
    satisfactionPoints: Math.round(points * 100) / 100,
    reopened: n((r) => r.reopened),
    handlingHoursAvg: hours.length ? hours.reduce((s, r) => s + (r.hours as number), 0) / hours.length : null,
    excluded: rows.length - kept.length,
    bounced: n((r) => r.bounced),
    whistleSummoned: n((r) => r.whistle),
    whistleReportedInTime: n((r) => r.whistleHit),
  };
  return {
    ...f,
    rates: {
      response: ratio(
        f.respondedInTime,
        n((r) => r.responseCounted),
      ),
      timelyAcceptance: ratio(f.acceptedInTime, f.handled),
      resolution: ratio(f.resolved, f.rated),
      satisfaction: ratio(points, f.rated),
      onTime: ratio(f.repliedOnTime, f.repliedOnTime + f.overdue),
      return: ratio(f.returned, f.dispatched),
      reopen: ratio(f.reopened, f.replied),
      whistleReport: ratio(
        f.whistleReportedInTime,
        n((r) => r.whistleCounted),
      ),
    },
  };
}

function expectFigures(actual: MetricFigures | undefined, expected: Expected, label: string) {
  expect(actual, label).toBeDefined();
  const { rates, handlingHoursAvg, ...counts } = expected;
  const { rates: actualRates, handlingHoursAvg: actualHours, score: _s, ...actualCounts } = actual as MetricFigures;
  expect(actualCounts, label).toEqual(counts);
  expect(actualRates, label).toEqual(rates);
  if (handlingHoursAvg === null) expect(actualHours, label).toBeNull();
  else expect(actualHours, label).toBeCloseTo(handlingHoursAvg, 1);
}

const MONTHS = ['2026-09', '2026-10', '2026-11', '2026-12'];
const api = async <T>(url: string): Promise<T> => {
  const res = await ctx.app.inject({ method: 'GET', url, headers: leaderHeaders });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
};
let leaderHeaders: Record<string, string>;

describe('the figures equal a brute-force recount of the event logs', () => {
  beforeAll(async () => {
    leaderHeaders = (await ctx.signIn({ roles: ['leader'], scope: { kind: 'all' } })).headers;
  });

  it('the generated histories cover every rule', () => {
    const types = new Set(logs.flat().map((e) => e.type));
    for (const t of [
      'returned',
      'return_ruled',
      'reopened',
      'appeal_decided',
      'merged_into',
      'whistle_reported',
      'reply_rejected',
      'extension_decided',
      'answered_directly',
      'closed',
    ]) {
      expect(types, t).toContain(t);
    }
    const all = logs.flatMap(bruteForce);
    expect(all.filter((r) => r.excluded).length).toBeGreaterThan(3);
    expect(all.filter((r) => r.overdue).length).toBeGreaterThan(3);
    expect(all.filter((r) => r.rating !== null && r.unit !== null).length).toBeGreaterThan(50);
  });

  it.each(MONTHS)('per unit, %s', async (month) => {
    const all = logs.flatMap(bruteForce).filter((r) => r.month === month && r.unit !== null);
    const res = await api<MetricGroupsResponse>(`/api/metrics/units?from=${month}&to=${month}`);
    const units = [...new Set(all.map((r) => r.unit as number))].sort((a, b) => a - b);
    expect(res.groups.map((g) => g.unitId).sort((a, b) => (a as number) - (b as number))).toEqual(units);
    for (const u of units) {
      expectFigures(
        res.groups.find((g) => g.unitId === u)?.figures,
        sumBrute(all.filter((r) => r.unit === u)),
        `unit ${u} ${month}`,
      );
    }
    expectFigures(res.total, sumBrute(all), `all units ${month}`);
  });

  it('per township and per category, over the whole period', async () => {
    const primary = logs.flatMap(bruteForce).filter((r) => r.primary);
    const divisions = await api<MetricGroupsResponse>('/api/metrics/divisions?from=2026-09&to=2026-12&level=township');
    for (const township of [w.townshipA, w.townshipB]) {
      expectFigures(
        divisions.groups.find((g) => g.key === township)?.figures,
        sumBrute(primary.filter((r) => r.township === township)),
        `township ${township}`,
      );
    }
    for (const depth of [1, 2]) {
      const res = await api<MetricGroupsResponse>(`/api/metrics/categories?from=2026-09&to=2026-12&depth=${depth}`);
      const keyOf = (c: string | null) => (c === null ? '' : c.split('.').slice(0, depth).join('.'));
      const keys = [...new Set(primary.map((r) => keyOf(r.category)))];
      expect(res.groups.map((g) => g.key).sort()).toEqual(keys.sort());
      for (const key of keys) {
        expectFigures(
          res.groups.find((g) => g.key === key)?.figures,
          sumBrute(primary.filter((r) => keyOf(r.category) === key)),
          `category ${key}`,
        );
      }
    }
    const filtered = await api<MetricGroupsResponse>(
      `/api/metrics/units?from=2026-09&to=2026-12&divisionCode=${w.townshipB}&categoryCode=${categories[2]}`,
    );
    const subset = logs
      .flatMap(bruteForce)
      .filter((r) => r.unit !== null && r.township === w.townshipB && r.category === categories[2]);
    expectFigures(filtered.total, sumBrute(subset), 'township B × third category');
  });

  it.each(MONTHS.slice(0, 3))('the monthly ranking of departments, %s', async (month) => {
    const res = await api<RankingResponse>(`/api/metrics/ranking?month=${month}&unitKind=department`);
    const rows = logs
      .flatMap(bruteForce)
      .filter((r) => r.month === month && r.unit !== null && unitKinds.get(r.unit) === 'department');
    const scored = departments
      .map((u) => {
        const f = sumBrute(rows.filter((r) => r.unit === u));
        const parts = [
          [f.rates.response, 30],
          [f.rates.resolution, 35],
          [f.rates.satisfaction, 35],
        ].filter(([rate]) => rate !== null) as [number, number][];
        const weight = parts.reduce((s, [, wt]) => s + wt, 0);
        const score =
          weight === 0 ? null : Math.round((parts.reduce((s, [rate, wt]) => s + rate * wt, 0) / weight) * 10_000) / 100;
        return { unit: u, score, volume: f.dispatched };
      })
      .filter((s) => s.score !== null && s.volume >= 5)
      .sort((a, b) => (b.score as number) - (a.score as number) || b.volume - a.volume || a.unit - b.unit);
    expect(scored.length).toBeGreaterThan(2);
    expect(res.rows.filter((r) => r.rank !== null).map((r) => r.unitId)).toEqual(scored.map((s) => s.unit));
    for (const s of scored) expect(res.rows.find((r) => r.unitId === s.unit)?.score).toBeCloseTo(s.score as number, 1);
    expect(res.redList[0]?.unitId).toBe(scored[0]?.unit);
    expect(res.blackList[0]?.unitId).toBe(scored.at(-1)?.unit);
  });
});
