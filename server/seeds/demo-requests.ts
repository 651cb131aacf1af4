/**
 * A year of citizen requests for the demo county, generated deterministically through the request rules: every
 * event comes out of `receiveRequest` / `decideCommand` (the same decisions the API runs), escalations out of
 * `dueEscalations` at the job's ticks, and the dispatcher's choice out of `proposeLeadUnit` with the demo catalogue.
 * A refused step is a bug in this generator: it is counted (`refused`), the request keeps the log up to it, and the
 * tests fail on any.
 *
 * No I/O: the plan, the working calendar, the demo accounts' ids and `now` come in; the loader
 * (demo-requests-load.ts) writes the rows. The same seed, plan and `now` give the same year on every machine.
 */
import type { DivisionLevel, UnitKind } from '../../contracts/org.js';
import type { EventActor, RequestChannel, RequestEvent, Satisfaction, Urgency } from '../../contracts/requests.js';
import { SYSTEM_ACTOR } from '../../contracts/requests.js';
import {
  applyRequestEvents,
  computeDeadlines,
  DEFAULT_ESCALATION_LADDER,
  DEFAULT_REQUEST_POLICY,
  DEFAULT_TIME_LIMIT_RULES,
  type DispatchProposal,
  decideCommand,
  dueEscalations,
  foldRequestEvents,
  formatRequestNumber,
  type ProposalUnit,
  proposeLeadUnit,
  type RequestCommand,
  type RequestDomainError,
  type RequestSnapshot,
  receiptCodeFromBytes,
  receiveRequest,
  requestNumberDay,
  resolveTimeLimit,
  type WorkingTime,
} from '../modules/requests/index.js';
import { normaliseText } from '../platform/text/index.js';
import { GIVEN_FEMALE, GIVEN_MALE, MOBILE_PREFIXES, SURNAMES } from './demo-data.js';
import type { DemoPlan, PlannedUnit } from './demo-plan.js';
import {
  ADDRESS_PARTS,
  BAD_UNITS,
  CHANNEL_WEIGHTS,
  DEMO_TOPICS,
  type DemoTopic,
  ENDINGS,
  EXCELLENT_UNITS,
  OPENERS,
  PROFILES,
  RATING_COMMENTS,
  SPRING_FESTIVAL,
  type UnitProfile,
} from './demo-requests-data.js';
import { createRng, type Rng } from './rng.js';

/** The demo accounts the generated events are attributed to (their user ids once created). */
export interface DemoRequestAccounts {
  /** Null user ids where the account does not exist (it was made by hand before the demo and left alone). */
  operator: EventActor;
  dispatcher: EventActor;
  leader: EventActor;
  /** Unit handlers with an account (住建局's `handler`, 青石镇's `township`). */
  handlers: { userId: number; name: string; unitId: number }[];
}

export interface DemoRequestsInput {
  plan: DemoPlan;
  accounts: DemoRequestAccounts;
  workingTime: WorkingTime;
  /** The seed's "now": the year ends here, and nothing after it happens. */
  now: Date;
  /** How many requests over the year (duplicates included). */
  count: number;
  seed: number;
  /** Days a citizen may rate before the request closes unrated (the county's setting). */
  ratingWindowDays?: number;
}

/** One generated request: the intake's facts that are not in the log, and the log itself. */
export interface GeneratedRequest {
  /** The id the loader gives it (1, 2, … in order of reception), so merged duplicates can name their original. */
  id: number;
  number: string;
  receiptCode: string;
  bodyOriginal: string;
  citizen: { name: string; phone: string } | null;
  events: RequestEvent[];
  snapshot: RequestSnapshot;
}

export interface RefusedStep {
  number: string;
  command: RequestCommand['action'];
  error: RequestDomainError;
}

/** The year as it unfolds: the requests in order of reception, the days' last numbers, and any refused step. */
export interface DemoYear {
  requests: Iterable<GeneratedRequest>;
  /** Known before generation: the last sequence of each Shanghai day (request_number_seq). */
  numberSeq: { day: string; last: number }[];
  total: number;
  /** Filled while `requests` is iterated. */
  refused: RefusedStep[];
}

const MS_HOUR = 3_600_000;
const MS_DAY = 24 * MS_HOUR;
const SHANGHAI = 8 * MS_HOUR;
const CITIZEN: EventActor = Object.freeze({ ...SYSTEM_ACTOR, name: '市民' });

interface Arrival {
  at: Date;
  topic: DemoTopic;
  divisionCode: string;
  placeName: string;
  address: string;
  channel: RequestChannel;
  citizen: { name: string; phone: string } | null;
  /** Index of the arrival this one repeats (a near-duplicate report of the same matter). */
  duplicateOf: number | null;
  bodyIndex: number;
}

/** Plans and generates the demo year; iterate `requests` once, in order. */
export function generateDemoYear(input: DemoRequestsInput): DemoYear {
  const rng = createRng(input.seed).fork('requests');
  const county = new DemoCounty(input.plan);
  const arrivals = planArrivals(input, county, rng.fork('arrivals'));
  const numbers: string[] = [];
  const perDay = new Map<string, number>();
  for (const a of arrivals) {
    const day = requestNumberDay(a.at);
    const seq = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, seq);
    numbers.push(formatRequestNumber(a.at, seq));
  }
  const refused: RefusedStep[] = [];
  const ctx: Ctx = {
    input,
    county,
    refused,
    limitsCache: new Map(),
    ratingWindowMs: (input.ratingWindowDays ?? 7) * MS_DAY,
  };
  function* requests(): Generator<GeneratedRequest> {
    const codes = rng.fork('receipt-codes');
    const behaviour = rng.fork('behaviour');
    for (const [index, a] of arrivals.entries()) {
      const number = numbers[index] as string;
      yield runArrival(ctx, behaviour, a, index + 1, number, receiptCodeFromBytes(codes.bytes(8)));
    }
  }
  return {
    requests: requests(),
    numberSeq: [...perDay].map(([day, last]) => ({ day, last })),
    total: arrivals.length,
    refused,
  };
}

// ---------------------------------------------------------------------------------------------
// The county as the generator sees it: places, units, the catalogue, who acts for each unit

interface Place {
  code: string;
  name: string;
  community: boolean;
  townshipCode: string;
  /** How many people call from it (streets are denser). */
  weight: number;
}

class DemoCounty {
  readonly places: Place[];
  readonly urbanPlaces: Place[];
  readonly unitsById: Map<number, PlannedUnit>;
  readonly townshipByDivision: Map<string, PlannedUnit>;
  readonly departments: PlannedUnit[];
  readonly profileOf: (unitId: number) => UnitProfile;
  private readonly lineage = new Map<string, { code: string; level: DivisionLevel }[]>();
  private readonly owners = new Map<string, ProposalUnit[]>();
  private readonly governments: PlannedUnit[];
  private readonly proposals = new Map<string, DispatchProposal>();
  private readonly staff = new Map<number, EventActor[]>();

  constructor(private readonly plan: DemoPlan) {
    this.unitsById = new Map(plan.units.map((u) => [u.id, u]));
    this.townshipByDivision = new Map(plan.units.filter((u) => u.role === 'township').map((u) => [u.divisionCode, u]));
    this.departments = plan.units.filter((u) => u.role === 'department');
    const divisions = new Map(plan.divisions.map((d) => [d.code, d]));
    for (const d of plan.divisions) {
      const codes = d.path.split('/').filter(Boolean);
      this.lineage.set(
        d.code,
        codes.map((code) => ({ code, level: divisions.get(code)?.level ?? 'village' })),
      );
    }
    this.places = plan.divisions
      .filter((d) => d.level === 'village')
      .map((d) => {
        const community = d.name.endsWith('社区');
        const townshipCode = d.parentCode ?? '';
        const street = (townshipCode.slice(6, 9) ?? '').startsWith('0');
        return { code: d.code, name: d.name, community, townshipCode, weight: community ? (street ? 6 : 3) : 1 };
      });
    this.urbanPlaces = this.places.filter((p) => p.community);
    for (const { unitId, categoryCode } of plan.catalogue) {
      const unit = this.unitsById.get(unitId);
      if (!unit) continue;
      const list = this.owners.get(categoryCode) ?? [];
      list.push({ ...proposalUnit(unit), ownedCategoryCode: categoryCode });
      this.owners.set(categoryCode, list);
    }
    this.governments = plan.units.filter((u) =>
      ['government', 'township', 'village_committee', 'community'].includes(u.kind),
    );
    const bad = new Set<string>(BAD_UNITS);
    const excellent = new Set<string>(EXCELLENT_UNITS);
    this.profileOf = (unitId) => {
      const short = this.unitsById.get(unitId)?.shortName ?? '';
      return bad.has(short) ? PROFILES.bad : excellent.has(short) ? PROFILES.excellent : PROFILES.good;
    };
  }

  /** The dispatch proposal for a category at a place, as the service computes it from org (cached). */
  proposal(categoryCode: string, divisionCode: string): DispatchProposal {
    const key = `${categoryCode}@${divisionCode}`;
    const cached = this.proposals.get(key);
    if (cached) return cached;
    const places = this.lineage.get(divisionCode) ?? [];
    const placeCodes = new Set(places.map((p) => p.code));
    const parts = categoryCode.split('.');
    const categoryAncestors = parts.map((_, i) => parts.slice(0, i + 1).join('.'));
    const proposal = proposeLeadUnit({
      categoryCode,
      categoryAncestors,
      divisionCode,
      divisionAncestors: places,
      unitsOwningCategory: categoryAncestors.flatMap((code) => this.owners.get(code) ?? []),
      placeGovernments: this.governments.filter((u) => placeCodes.has(u.divisionCode)).map(proposalUnit),
    });
    this.proposals.set(key, proposal);
    return proposal;
  }

  /** Units besides the proposed lead that own the category (another unit to redispatch a disputed request to). */
  otherOwners(categoryCode: string, leadUnitId: number): number[] {
    return (this.owners.get(categoryCode) ?? [])
      .filter((u) => u.id !== leadUnitId && ['department', 'township', 'enterprise'].includes(u.kind))
      .map((u) => u.id);
  }

  /** Who acts for a unit: its demo account where one exists, otherwise one of its cadres (no account). */
  staffOf(unitId: number, accounts: DemoRequestAccounts): EventActor[] {
    const cached = this.staff.get(unitId);
    if (cached) return cached;
    const account = accounts.handlers.find((h) => h.unitId === unitId);
    const people = this.plan.people
      .filter((p) => p.unitId === unitId && p.rank !== 'county')
      .slice(-3)
      .map((p) => ({ userId: null, unitId, name: p.name }));
    const list: EventActor[] = account ? [{ userId: account.userId, unitId, name: account.name }] : [];
    list.push(...people);
    if (list.length === 0) list.push({ userId: null, unitId, name: this.unitsById.get(unitId)?.name ?? '经办人' });
    this.staff.set(unitId, list);
    return list;
  }

  unitKind(unitId: number): UnitKind | undefined {
    return this.unitsById.get(unitId)?.kind;
  }
}

const proposalUnit = (u: PlannedUnit): ProposalUnit => ({
  id: u.id,
  name: u.name,
  kind: u.kind,
  divisionCode: u.divisionCode,
});

// ---------------------------------------------------------------------------------------------
// Arrivals: how many requests each day, what about, where, from whom

const shanghaiDay = (at: Date) => new Date(at.getTime() + SHANGHAI).toISOString().slice(0, 10);
const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI);

function topicWeight(topic: DemoTopic, day: string): number {
  const month = Number(day.slice(5, 7)) - 1;
  let w = topic.weight * (topic.season[month] ?? 1);
  if (topic.categoryCode === 'B.03.02') {
    // Fireworks around the Spring Festival (除夕 to 元宵).
    const festival = SPRING_FESTIVAL[Number(day.slice(0, 4))] ?? SPRING_FESTIVAL[Number(day.slice(0, 4)) + 1];
    if (festival) {
      const days = Math.abs(Date.parse(`${day}T00:00:00Z`) - Date.parse(`${festival}T00:00:00Z`)) / MS_DAY;
      if (days <= 15) w *= 6;
    }
  }
  return w;
}

/** Splits `total` in proportion to `weights` (largest remainder), so the parts add up exactly. */
function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (w / sum) * total : 0));
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts;
}

function planArrivals(input: DemoRequestsInput, county: DemoCounty, rng: Rng): Arrival[] {
  const { now, workingTime } = input;
  const lastDay = shanghaiDay(now);
  const days: string[] = [];
  for (let d = shanghaiDay(new Date(now.getTime() - 364 * MS_DAY)); d <= lastDay; ) {
    days.push(d);
    d = new Date(Date.parse(`${d}T00:00:00Z`) + MS_DAY).toISOString().slice(0, 10);
  }
  const isWorking = (day: string) =>
    workingTime.workingDaysBetween(
      new Date(dayStart(day).getTime() - MS_HOUR),
      new Date(dayStart(day).getTime() + MS_HOUR),
    ) === 1;
  const dayWeights = days.map((day) => {
    const topics = DEMO_TOPICS.reduce((s, t) => s + topicWeight(t, day), 0);
    // Fewer calls on weekends and holidays; today only up to now.
    const share = day === lastDay ? Math.max(0.02, (now.getTime() - dayStart(day).getTime()) / MS_DAY) : 1;
    return topics * (isWorking(day) ? 1.15 : 0.7) * share;
  });
  const perDay = apportion(dayWeights, input.count);
  const citizens = citizenPool(rng.fork('citizens'));
  const arrivals: Arrival[] = [];
  days.forEach((day, i) => {
    const n = perDay[i] ?? 0;
    const start = dayStart(day).getTime();
    const end = day === lastDay ? now.getTime() - 60_000 : start + MS_DAY;
    const times: number[] = [];
    for (let k = 0; k < n; k++) {
      // Calls follow office hours, with evenings and a few at night.
      const hour = rng.weighted(HOURS);
      let t = start + (hour + rng.next()) * MS_HOUR;
      if (t >= end) t = start + rng.next() * (end - start);
      times.push(Math.floor(t / 1000) * 1000);
    }
    times.sort((a, b) => a - b);
    for (const t of times) {
      const topic = rng.weighted(DEMO_TOPICS.map((tp) => [tp, topicWeight(tp, day)] as const));
      const place = rng.weighted((topic.urban ? county.urbanPlaces : county.places).map((p) => [p, p.weight] as const));
      const anonymous = topic.type === 'report' && rng.chance(0.5);
      arrivals.push({
        at: new Date(t),
        topic,
        divisionCode: place.code,
        placeName: place.name,
        address: addressIn(rng, place),
        channel: rng.weighted(CHANNEL_WEIGHTS),
        citizen: anonymous ? null : rng.chance(0.07) ? rng.pick(citizens.frequent) : newCitizen(rng, citizens.used),
        duplicateOf: null,
        bodyIndex: rng.int(0, topic.bodies.length - 1),
      });
    }
  });
  // Near-duplicates: a few matters are reported again by neighbours within the day (same place, same problem).
  for (let i = 0; i < arrivals.length; i++) {
    const original = arrivals[i] as Arrival;
    if (original.duplicateOf !== null || !rng.chance(0.02)) continue;
    let copies = rng.int(1, 3);
    for (let j = i + 1; j < arrivals.length && copies > 0; j++) {
      const a = arrivals[j] as Arrival;
      if (a.at.getTime() - original.at.getTime() > MS_DAY) break;
      if (a.duplicateOf !== null || !rng.chance(0.3)) continue;
      Object.assign(a, {
        topic: original.topic,
        divisionCode: original.divisionCode,
        placeName: original.placeName,
        address: original.address,
        bodyIndex: original.bodyIndex,
        duplicateOf: i,
      });
      copies--;
    }
  }
  return arrivals;
}

const HOURS: readonly (readonly [number, number])[] = [
  [0, 0.3],
  [1, 0.2],
  [2, 0.1],
  [3, 0.1],
  [4, 0.1],
  [5, 0.3],
  [6, 1],
  [7, 3],
  [8, 8],
  [9, 10],
  [10, 10],
  [11, 8],
  [12, 4],
  [13, 5],
  [14, 9],
  [15, 9],
  [16, 8],
  [17, 6],
  [18, 4],
  [19, 4],
  [20, 3.5],
  [21, 2.5],
  [22, 1.2],
  [23, 0.6],
];

function citizenPool(rng: Rng) {
  const used = new Set<string>();
  // Repeat callers (重复来电人): a few hundred people who call again and again over the year.
  const frequent = Array.from({ length: 240 }, () => newCitizen(rng, used));
  return { used, frequent };
}

function newCitizen(rng: Rng, used: Set<string>): { name: string; phone: string } {
  const male = rng.chance(0.52);
  const surname = rng.weighted(SURNAMES);
  const pool = male ? GIVEN_MALE : GIVEN_FEMALE;
  const name = `${surname}${rng.chance(0.7) ? `${rng.pick(pool)}${rng.pick(pool)}` : rng.pick(pool)}`;
  for (;;) {
    const phone = `${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    if (!used.has(phone)) {
      used.add(phone);
      return { name, phone };
    }
  }
}

function addressIn(rng: Rng, place: Place): string {
  if (place.community) {
    return `${rng.pick(ADDRESS_PARTS.streets)}${rng.int(1, 120)}号${rng.int(1, 24)}号楼${rng.int(1, 4)}单元`;
  }
  return `${rng.int(1, 9)}${rng.pick(ADDRESS_PARTS.rural)}${rng.int(1, 60)}号`;
}

// ---------------------------------------------------------------------------------------------
// One request's life, step by step through the rules

interface Ctx {
  input: DemoRequestsInput;
  county: DemoCounty;
  refused: RefusedStep[];
  limitsCache: Map<string, ReturnType<typeof resolveTimeLimit>>;
  ratingWindowMs: number;
}

/** A request being run through the rules: each step is decided on the snapshot the previous steps produced. */
class Script {
  events: RequestEvent[];
  snapshot: RequestSnapshot;
  /** Stopped by `now` (the rest has not happened yet) or by a refused step. */
  stopped = false;
  private lastTick = 0;

  constructor(
    private readonly ctx: Ctx,
    first: RequestEvent[],
  ) {
    this.events = [...first];
    this.snapshot = foldRequestEvents(this.events);
  }

  /** The current state (a method, so that TypeScript does not keep a narrowing across steps). */
  state(): RequestSnapshot['state'] {
    return this.snapshot.state;
  }

  get at(): Date {
    return this.snapshot.lastEventAt;
  }

  limits() {
    const s = this.snapshot;
    const key = `${s.categoryCode}|${s.type}|${s.urgency}`;
    let limits = this.ctx.limitsCache.get(key);
    if (!limits) {
      limits = resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, {
        categoryCode: s.categoryCode,
        type: s.type,
        urgency: s.urgency,
      });
      this.ctx.limitsCache.set(key, limits);
    }
    return limits;
  }

  /** Decides one command at `at` (never before the last event); false when it did not happen. */
  step(at: Date, actor: EventActor, command: RequestCommand, actorIsTownshipOfPlace?: boolean): boolean {
    if (this.stopped) return false;
    const when = new Date(Math.max(at.getTime(), this.at.getTime() + 60_000));
    if (command.action !== 'escalate') this.escalateUntil(when);
    if (this.stopped) return false;
    if (when.getTime() > this.ctx.input.now.getTime()) {
      this.stopped = true;
      return false;
    }
    const decision = decideCommand(this.snapshot, command, {
      now: when,
      actor,
      workingTime: this.ctx.input.workingTime,
      limits: this.limits(),
      policy: DEFAULT_REQUEST_POLICY,
      actorIsTownshipOfPlace,
    });
    if (!decision.ok) {
      this.ctx.refused.push({ number: this.snapshot.number, command: command.action, error: decision.error });
      this.stopped = true;
      return false;
    }
    this.events.push(...decision.events);
    this.snapshot = applyRequestEvents(this.snapshot, decision.events);
    return true;
  }

  /**
   * The escalation job's passes up to `until` (at most `now`): it runs hourly and issues what `dueEscalations` says
   * is due. Only the passes that can change the answer are simulated: the hour after 80 % of the limit is used, and
   * the first pass of each later day.
   */
  escalateUntil(until: Date): void {
    const s = this.snapshot;
    if (s.state !== 'in_progress' || !s.round || s.round.repliedAt) return;
    const wt = this.ctx.input.workingTime;
    const end = Math.min(until.getTime(), this.ctx.input.now.getTime());
    const limits = this.limits();
    const first = computeDeadlines(s, limits, wt, this.at).resolution;
    if (!first) return;
    const ticks: number[] = [];
    const warnAt =
      limits.resolution.unit === 'hours'
        ? first.startsAt.getTime() + 0.8 * (first.dueAt.getTime() - first.startsAt.getTime())
        : wt.addWorkingHours(first.startsAt, 0.8 * wt.workingHoursBetween(first.startsAt, first.dueAt)).getTime();
    ticks.push(Math.ceil(warnAt / MS_HOUR) * MS_HOUR);
    // 01:00 Shanghai each day after the deadline's day (the first hourly pass of the day).
    let t = dayStart(shanghaiDay(first.dueAt)).getTime() + MS_DAY + MS_HOUR;
    for (let i = 0; i < 40 && t <= end; i++, t += MS_DAY) ticks.push(t);
    for (const tick of ticks.sort((a, b) => a - b)) {
      if (tick <= Math.max(this.at.getTime(), this.lastTick) || tick > end) continue;
      this.lastTick = tick;
      const now = new Date(tick);
      const deadlines = computeDeadlines(this.snapshot, limits, wt, now);
      for (const due of dueEscalations(this.snapshot, deadlines, DEFAULT_ESCALATION_LADDER, now, wt)) {
        this.step(now, SYSTEM_ACTOR, { action: 'escalate', level: due.level });
      }
      if (this.snapshot.state !== 'in_progress') return;
    }
  }

  /** When a share of the current round's resolution limit (with extensions) is used. */
  atFraction(fraction: number): Date {
    const wt = this.ctx.input.workingTime;
    const d = computeDeadlines(this.snapshot, this.limits(), wt, this.at).resolution;
    if (!d) return this.at;
    if (this.limits().resolution.unit === 'hours') {
      return new Date(d.startsAt.getTime() + fraction * (d.dueAt.getTime() - d.startsAt.getTime()));
    }
    return wt.addWorkingHours(d.startsAt, fraction * wt.workingHoursBetween(d.startsAt, d.dueAt));
  }
}

/** The instant, or the next 08:00–20:00 Shanghai moment after it (call-backs are not made at night). */
function daytime(at: Date, rng: Rng): Date {
  const hour = new Date(at.getTime() + SHANGHAI).getUTCHours();
  if (hour >= 8 && hour < 20) return at;
  const day = shanghaiDay(hour >= 20 ? new Date(at.getTime() + MS_DAY) : at);
  return new Date(dayStart(day).getTime() + (8 + rng.next() * 3) * MS_HOUR);
}

const bigrams = (text: string) => {
  const out = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) out.add(text.slice(i, i + 2));
  return out;
};
const closestCache = new Map<string, readonly string[]>();

/** The candidates (titles, answers) that share most character pairs with the citizen's words, so a title or an answer fits what was said. */
function closest(candidates: readonly string[], body: string): readonly string[] {
  const key = `${body}\u0000${candidates.join('\u0001')}`;
  const cached = closestCache.get(key);
  if (cached) return cached;
  const words = bigrams(body);
  const scores = candidates.map((c) => [...bigrams(c)].filter((b) => words.has(b)).length);
  const best = Math.max(...scores);
  const found = candidates.filter((_, i) => scores[i] === best);
  closestCache.set(key, found);
  return found;
}

function fill(template: string, a: Arrival): string {
  return template.replaceAll('{p}', a.placeName).replaceAll('{a}', a.address);
}

function runArrival(ctx: Ctx, rng: Rng, a: Arrival, id: number, number: string, receiptCode: string): GeneratedRequest {
  const { input } = ctx;
  const topic = a.topic;
  const operator: EventActor = { ...input.accounts.operator };
  const dispatcher: EventActor = { ...input.accounts.dispatcher };
  const raw = `${fill(rng.pick(OPENERS), a)}${fill(topic.bodies[a.bodyIndex] ?? '', a)}${rng.pick(ENDINGS)}`;
  const body = normaliseText(raw);
  const urgency: Urgency = rng.chance(topic.emergency ?? 0)
    ? 'emergency'
    : rng.chance(topic.urgent ?? 0.02)
      ? 'urgent'
      : 'normal';
  const received = receiveRequest(
    {
      number,
      channel: a.channel,
      type: topic.type,
      text: body,
      title: normaliseText(rng.pick(closest(topic.titles, topic.bodies[a.bodyIndex] ?? ''))),
      anonymous: a.citizen === null,
      divisionCode: a.divisionCode,
      address: a.address,
      sourceRef: null,
    },
    { now: a.at, actor: operator },
  );
  if (!received.ok) throw new Error(`demo requests: ${number} cannot be received (${received.error.type})`);
  const script = new Script(ctx, received.events);
  const minutes = (n: number) => new Date(script.at.getTime() + n * 60_000);
  script.step(minutes(rng.int(1, 4)), operator, {
    action: 'classify',
    categoryCode: topic.categoryCode,
    type: topic.type,
    urgency,
    divisionCode: a.divisionCode,
    address: a.address,
  });
  if (a.duplicateOf !== null) {
    // The dispatcher spots the same matter from the same place and merges it into the first report.
    script.step(minutes(rng.int(5, 90)), dispatcher, { action: 'mergeInto', originalId: a.duplicateOf + 1 });
  } else if (topic.answers && rng.chance(0.75)) {
    // 直接办结: the operator answers a consultation on the phone.
    const answer = topic.answers[a.bodyIndex % topic.answers.length] as string;
    script.step(minutes(rng.int(2, 12)), operator, { action: 'answerDirectly', reply: answer });
    afterReply(ctx, rng, script, a, null);
  } else {
    handle(ctx, rng, script, a);
  }
  return {
    id,
    number,
    receiptCode,
    bodyOriginal: raw,
    citizen: a.citizen,
    events: script.events,
    snapshot: script.snapshot,
  };
}

const workingHoursLater = (ctx: Ctx, from: Date, hours: number) => ctx.input.workingTime.addWorkingHours(from, hours);
const uniform = (rng: Rng, [lo, hi]: readonly [number, number]) => lo + rng.next() * (hi - lo);

/** Dispatch, acceptance or return, handling and the rating, until the request is closed or `now` is reached. */
function handle(ctx: Ctx, rng: Rng, script: Script, a: Arrival): void {
  const { county, input } = ctx;
  const dispatcher: EventActor = { ...input.accounts.dispatcher };
  const proposal = county.proposal(a.topic.categoryCode, a.divisionCode);
  const proposed = proposal.leadUnitId;
  if (proposed === null) return;
  const record = { leadUnitId: proposed, assistUnitIds: proposal.assistUnitIds, fallback: proposal.fallback };
  // Now and then the dispatcher picks the wrong unit (a neighbouring township, a department next door).
  const wrong = rng.chance(0.035) ? wrongUnit(county, rng, proposed) : null;
  const lead = wrong ?? proposed;
  // The dispatch centre works around the clock, like the hotline.
  script.step(new Date(script.at.getTime() + uniform(rng, [0.15, 2.5]) * MS_HOUR), dispatcher, {
    action: 'dispatch',
    leadUnitId: lead,
    assistUnitIds: wrong ? [] : proposal.assistUnitIds,
    reason: wrong ? '按属地派单' : proposal.fallback ? '属地兜底' : '按职责清单派单',
    proposal: record,
  });

  // Acceptance, or a return and the dispatcher's final ruling; at most three dispatches.
  for (let guard = 0; guard < 4 && script.snapshot.state === 'dispatched'; guard++) {
    const unit = script.snapshot.leadUnitId as number;
    const profile = county.profileOf(unit);
    const staff = rng.pick(county.staffOf(unit, input.accounts));
    const isWrong = unit !== proposed && !script.snapshot.keptUnitIds.includes(unit);
    const mayReturn = (script.snapshot.returnCountByUnit[unit] ?? 0) === 0;
    // After two disputes the unit on the desk accepts: three dispatches already make it a bounced request (推诿).
    if (guard < 2 && mayReturn && (isWrong || rng.chance(profile.returns))) {
      const reason = isWrong
        ? county.unitKind(unit) === 'township'
          ? 'wrong_place'
          : 'ownership_unclear'
        : 'overlapping_functions';
      const explanation = isWrong
        ? `该事项发生地或职责不属于本单位，应由${county.unitsById.get(proposed)?.shortName ?? '属地单位'}办理`
        : '该事项涉及多个部门职能交叉，本单位不是主责单位，请重新研判派单';
      // Within the return window counted from the dispatch (bad units use more of it).
      const window = computeDeadlines(script.snapshot, script.limits(), input.workingTime, script.at).returnWindow;
      const from = script.at.getTime();
      const share = uniform(rng, profile === PROFILES.bad ? [0.3, 0.85] : [0.05, 0.6]);
      const returnAt = window ? new Date(from + share * (window.endsAt.getTime() - from)) : script.at;
      if (!script.step(returnAt, staff, { action: 'return', reason, explanation })) return;
      const alternatives = county.otherOwners(a.topic.categoryCode, unit).filter((id) => id !== unit);
      const redispatchTo = isWrong ? proposed : rng.chance(0.3) ? alternatives[0] : undefined;
      const when = workingHoursLater(ctx, script.at, uniform(rng, [0.5, 6]));
      if (redispatchTo !== undefined && redispatchTo !== unit) {
        script.step(when, dispatcher, {
          action: 'ruleOnReturn',
          decision: 'redispatch',
          dispatch: {
            leadUnitId: redispatchTo,
            assistUnitIds: proposal.assistUnitIds.filter((id) => id !== redispatchTo),
            reason: '退单审核后改派',
            proposal: record,
          },
          note: '退单理由成立，改派',
        });
      } else {
        script.step(when, dispatcher, {
          action: 'ruleOnReturn',
          decision: 'keep',
          note: '经审核，该事项属于本单位职责，退单不予支持',
        });
      }
    } else {
      script.step(workingHoursLater(ctx, script.at, uniform(rng, profile.acceptHours)), staff, { action: 'accept' });
    }
  }
  if (script.snapshot.state !== 'in_progress') return;
  handleRounds(ctx, rng, script, a);
}

function wrongUnit(county: DemoCounty, rng: Rng, proposed: number): number | null {
  const unit = county.unitsById.get(proposed);
  if (!unit) return null;
  const pool =
    unit.role === 'township'
      ? [...county.townshipByDivision.values()].filter((u) => u.id !== proposed)
      : county.departments.filter((u) => u.id !== proposed);
  return pool.length > 0 ? rng.pick(pool).id : null;
}

const WHISTLE_DEPARTMENTS = [
  '城管局',
  '住建局',
  '自然资源局',
  '生态环境分局',
  '公安局',
  '水利局',
  '农业农村局',
  '市场监管局',
];

/** Handling rounds: the unit works, maybe with a whistle, an extension or a leader pressing, then replies; the citizen rates. */
function handleRounds(ctx: Ctx, rng: Rng, script: Script, a: Arrival): void {
  const { county, input } = ctx;
  const dispatcher: EventActor = { ...input.accounts.dispatcher };
  const unit = script.snapshot.leadUnitId as number;
  const profile = county.profileOf(unit);
  const staff = () => rng.pick(county.staffOf(unit, input.accounts));
  const replyFraction = uniform(rng, profile.replyFraction);

  // 吹哨报到: a township handling a matter on its own ground summons departments.
  const township = county.unitsById.get(unit);
  if (
    township?.role === 'township' &&
    a.divisionCode.startsWith(township.divisionCode.slice(0, 9)) &&
    rng.chance(0.12)
  ) {
    const departments = rng
      .sample(
        county.departments.filter((d) => WHISTLE_DEPARTMENTS.includes(d.shortName ?? '')),
        rng.int(1, 2),
      )
      .map((d) => d.id);
    const limitHours = rng.pick([24, 48]);
    if (
      script.step(
        new Date(script.at.getTime() + rng.int(1, 6) * MS_HOUR),
        staff(),
        { action: 'blowWhistle', departmentUnitIds: departments, reportLimitHours: limitHours },
        true,
      )
    ) {
      const blownAt = script.at.getTime();
      for (const d of departments) {
        const bad = county.profileOf(d) === PROFILES.bad;
        const never = rng.chance(bad ? 0.35 : 0.04);
        const reportAt = blownAt + uniform(rng, bad ? [6, 80] : [1, 30]) * MS_HOUR;
        if (!never)
          script.step(new Date(reportAt), rng.pick(county.staffOf(d, input.accounts)), { action: 'reportToWhistle' });
        const rateAt = Math.max(
          never ? blownAt + (limitHours + 2) * MS_HOUR : reportAt + 2 * MS_HOUR,
          script.at.getTime(),
        );
        const score = never ? 1 : reportAt - blownAt > limitHours * MS_HOUR ? rng.int(2, 3) : rng.int(4, 5);
        script.step(new Date(rateAt + rng.int(1, 20) * MS_HOUR), staff(), {
          action: 'rateWhistle',
          unitId: d,
          score,
          comment: never ? '未按时报到' : score >= 4 ? '及时到场，配合处置' : '报到较晚',
        });
      }
    }
  }

  for (let round = 0; round < 3 && script.snapshot.state === 'in_progress'; round++) {
    const assist = script.snapshot.assistUnitIds;
    if (round === 0 && assist.length > 0 && rng.chance(0.35)) {
      const helper = rng.pick(assist);
      script.step(
        workingHoursLater(ctx, script.at, uniform(rng, [1, 10])),
        rng.pick(county.staffOf(helper, input.accounts)),
        {
          action: 'addAssistNote',
          text: `协办意见：已配合核查${a.placeName}${a.topic.topic}情况，提供相关资料`,
        },
      );
    }
    if (rng.chance(profile.extension) && script.atFraction(0.8).getTime() > script.at.getTime()) {
      if (
        script.step(script.atFraction(uniform(rng, [0.4, 0.7])), staff(), {
          action: 'requestExtension',
          days: rng.int(3, 10),
          reason: `${a.topic.topic}涉及多个部门协调，需要延期办理`,
        })
      ) {
        const approved = rng.chance(0.85);
        script.step(workingHoursLater(ctx, script.at, uniform(rng, [0.5, 4])), dispatcher, {
          action: 'decideExtension',
          approved,
          note: approved ? '同意延期' : '理由不充分，不予延期',
        });
      }
    }
    const replyAt = script.atFraction(replyFraction * (round > 0 ? 0.6 : 1));
    // 督办: a county leader presses a slow complaint by hand.
    if (rng.chance(profile === PROFILES.bad ? 0.05 : 0.008)) {
      const pressAt = new Date((script.at.getTime() + replyAt.getTime()) / 2);
      script.step(
        pressAt,
        { ...input.accounts.leader },
        { action: 'press', note: `请抓紧办理${a.placeName}${a.topic.topic}问题，按期答复群众` },
      );
    }
    const fix = fill(rng.pick(closest(a.topic.fixes, a.topic.bodies[a.bodyIndex] ?? '')), a);
    if (rng.chance(profile.poorReply)) {
      // A reply that passes the automatic check (it names the request and says something was done) but says nothing
      // of the outcome: the dispatcher sends it back. ("已转交相关科室研究办理" alone is caught as boilerplate.)
      if (
        !script.step(replyAt, staff(), {
          action: 'reply',
          text: `关于${a.placeName}“${script.snapshot.title ?? a.topic.topic}”的问题，我们已安排人员到现场查看，后续视情况研究解决。`,
          attachmentIds: [],
        })
      )
        return;
      if (
        !script.step(workingHoursLater(ctx, script.at, uniform(rng, [0.5, 6])), dispatcher, {
          action: 'rejectReply',
          reason: 'boilerplate',
          note: '未写明具体办理情况和结果',
        })
      )
        return;
      script.step(workingHoursLater(ctx, script.at, uniform(rng, [2, 24])), staff(), {
        action: 'reply',
        text: `经核实，${fix}。`,
        attachmentIds: [],
      });
    } else {
      script.step(replyAt, staff(), { action: 'reply', text: `经核实，${fix}。`, attachmentIds: [] });
    }
    if (script.state() !== 'replied') return;
    afterReply(ctx, rng, script, a, profile);
  }
}

/** The rating (回访) by call-back or the citizen's link, unrated closing, appeals, and closing; an unsatisfied rating reopens. */
function afterReply(ctx: Ctx, rng: Rng, script: Script, a: Arrival, profile: UnitProfile | null): void {
  const { input } = ctx;
  const operator: EventActor = { ...input.accounts.operator };
  const dispatcher: EventActor = { ...input.accounts.dispatcher };
  const repliedAt = script.at;
  if (rng.chance(0.08)) {
    // Never rated: the system closes it at the first hourly pass after the rating window.
    const at = Math.ceil((repliedAt.getTime() + ctx.ratingWindowMs) / MS_HOUR) * MS_HOUR;
    script.step(new Date(at), SYSTEM_ACTOR, { action: 'close', unrated: true });
    return;
  }
  const s = script.snapshot;
  const late = s.rounds.at(-1)?.repliedAt && s.acceptedAt ? isLate(ctx, script) : false;
  const base = profile ? profile.unsatisfied : 0.04;
  const bad = profile === PROFILES.bad;
  // A reopened request mostly satisfies the second time, except where the unit gives the same non-answer again: the
  // figures count the final rating, so persistent dissatisfaction is what sets the bad units apart.
  const again = s.reopenCount > 0 ? (bad ? 2.5 : 0.6) : 1;
  const pUnsatisfied = Math.min(0.9, base * (late ? 1.5 : 1) * again);
  const satisfiedShare = profile === PROFILES.excellent ? 0.92 : bad ? 0.55 : 0.8;
  const satisfaction: Satisfaction = rng.chance(pUnsatisfied)
    ? 'unsatisfied'
    : rng.chance(satisfiedShare)
      ? 'satisfied'
      : 'basically_satisfied';
  const byLink = rng.chance(0.3);
  const later = new Date(repliedAt.getTime() + uniform(rng, byLink ? [0.5, 60] : [2, 50]) * MS_HOUR);
  // Operators call back in the daytime; citizens use the link whenever they like.
  const ratedAt = byLink ? later : daytime(later, rng);
  if (
    !script.step(ratedAt, byLink ? CITIZEN : operator, {
      action: 'rate',
      resolved: satisfaction === 'satisfied' || (satisfaction === 'basically_satisfied' && !(bad && rng.chance(0.3))),
      satisfaction,
      comment: rng.pick(RATING_COMMENTS[satisfaction]),
      via: byLink ? 'link' : 'call',
    })
  ) {
    return;
  }
  const unit = script.snapshot.reply?.unitId ?? null;
  const appealed = script.snapshot.appeals.some((x) => x.unitId === unit);
  if (satisfaction === 'unsatisfied' && unit !== null && profile && !appealed && rng.chance(profile.appeal)) {
    const staff = rng.pick(ctx.county.staffOf(unit, input.accounts));
    if (
      script.snapshot.leadUnitId === unit &&
      script.step(new Date(script.at.getTime() + uniform(rng, [4, 48]) * MS_HOUR), staff, {
        action: 'fileAppeal',
        reason: '群众诉求超出政策规定范围，已依法依规作出答复，申请核减',
        evidence: [],
        evidenceText: `${a.placeName}${a.topic.topic}事项已按规定办理，相关政策文件及现场记录已存档`,
      })
    ) {
      const approved = rng.chance(0.45);
      script.step(workingHoursLater(ctx, script.at, uniform(rng, [4, 30])), dispatcher, {
        action: 'decideAppeal',
        unitId: unit,
        approved,
        note: approved ? '申诉理由成立，予以核减' : '证据不足，不予核减',
      });
    }
  }
  const after = script.snapshot.state;
  if (after === 'classified') {
    // A direct answer the citizen found unsatisfying goes to a unit after all.
    handle(ctx, rng, script, a);
  } else if (after === 'rated') {
    script.step(new Date(script.at.getTime() + uniform(rng, [0.5, 30]) * MS_HOUR), dispatcher, { action: 'close' });
  }
}

function isLate(ctx: Ctx, script: Script): boolean {
  const d = computeDeadlines(script.snapshot, script.limits(), ctx.input.workingTime, script.at).resolution;
  return d?.late ?? false;
}
