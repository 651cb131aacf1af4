import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestDetail, RequestEvent } from '../../contracts/requests.js';
import {
  bindWorkingTime,
  computeDeadlines,
  DEFAULT_TIME_LIMIT_RULES,
  foldRequestEvents,
  projectionOf,
  type RequestSnapshot,
  resolveTimeLimit,
} from '../modules/requests/index.js';
import * as calendar from '../platform/calendar/index.js';
import { createTestContext, type TestContext } from '../platform/testing/test-context.js';
import { seedDemo } from './demo-county.js';
import { planDemoCounty } from './demo-plan.js';
import { type DemoRequestAccounts, type GeneratedRequest, generateDemoYear } from './demo-requests.js';
import { BAD_UNITS } from './demo-requests-data.js';
import { DemoRequestsExistError, seedDemoRequests } from './demo-requests-load.js';
import { fastWorkingTime } from './demo-requests-time.js';
import { createRng } from './rng.js';

/** The official calendar the deadlines are counted in (holidays and adjusted working weekends). */
const officialCalendar = calendar.createWorkingCalendar(
  new Map(
    [2024, 2025, 2026, 2027].flatMap((y) => calendar.officialCalendarDays(y).map((d) => [d.day, d.isWorking] as const)),
  ),
);
const platformTime = bindWorkingTime(officialCalendar, calendar);
const workingTime = fastWorkingTime(officialCalendar, platformTime, '2024-01-01', '2027-12-31');

/** The test clock's default instant (Friday 20 November 2026, 10:00 in Shanghai). */
const NOW = new Date('2026-11-20T02:00:00.000Z');
const plan = planDemoCounty();
const accounts: DemoRequestAccounts = {
  operator: { userId: 4, unitId: 2, name: '话务员' },
  dispatcher: { userId: 5, unitId: 2, name: '派单员' },
  leader: { userId: 11, unitId: 1, name: '县长' },
  handlers: [{ userId: 6, unitId: plan.units.find((u) => u.shortName === '住建局')!.id, name: '住建局承办人' }],
};
const generate = (count: number, seed = 20261122) =>
  generateDemoYear({ plan, accounts, workingTime, now: NOW, count, seed });
const hashEvents = (rs: readonly GeneratedRequest[]) =>
  createHash('sha256')
    .update(JSON.stringify(rs.map((r) => [r.number, r.receiptCode, r.events])))
    .digest('hex');
const shanghaiMonth = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(5, 7);
const limitsOf = (s: RequestSnapshot) =>
  resolveTimeLimit(DEFAULT_TIME_LIMIT_RULES, { categoryCode: s.categoryCode, type: s.type, urgency: s.urgency });

describe('the demo year of requests, generated through the rules', () => {
  const year = generate(4000);
  const requests = [...year.requests];
  const counts = new Map<string, number>();
  for (const r of requests) for (const e of r.events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);

  it('is the same for the same seed, and another for another seed', () => {
    const first = [...generate(4000).requests].slice(0, 300);
    expect(hashEvents(first)).toBe(hashEvents(requests.slice(0, 300)));
    expect(hashEvents([...generate(4000, 7).requests].slice(0, 300))).not.toBe(hashEvents(first));
  });

  it('has no step that the rules refused, and every log folds to its snapshot', () => {
    expect(year.total).toBe(4000);
    expect(requests).toHaveLength(4000);
    expect(year.refused).toEqual([]);
    for (const r of requests) expect(foldRequestEvents(r.events)).toEqual(r.snapshot);
  });

  it('numbers the requests by Shanghai day, in order of reception, and nothing happens after now', () => {
    const byDay = new Map<string, number>();
    for (const r of requests) byDay.set(r.number.slice(0, 8), Number(r.number.slice(8)));
    expect(year.numberSeq).toEqual([...byDay].map(([day, last]) => ({ day, last })));
    for (const [i, r] of requests.entries()) {
      expect(r.id).toBe(i + 1);
      const times = r.events.map((e) => e.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.at(-1)!).toBeLessThanOrEqual(NOW.getTime());
    }
    const first = requests[0]!.snapshot.receivedAt.getTime();
    expect(NOW.getTime() - first).toBeGreaterThan(360 * 86_400_000);
    expect(NOW.getTime() - requests.at(-1)!.snapshot.receivedAt.getTime()).toBeLessThan(86_400_000);
  });

  it('follows the seasons: heating in winter, flooding in summer, school enrolment in August and September', () => {
    const share = (prefixes: string[], month: string) => {
      const inMonth = requests.filter((r) => shanghaiMonth(r.snapshot.receivedAt) === month);
      const hits = inMonth.filter((r) => prefixes.some((p) => r.snapshot.categoryCode?.startsWith(p)));
      return hits.length / inMonth.length;
    };
    expect(share(['I.04'], '01')).toBeGreaterThan(0.1);
    expect(share(['I.04'], '07')).toBe(0);
    expect(share(['A.03.04', 'J.05.03'], '07')).toBeGreaterThan(3 * share(['A.03.04', 'J.05.03'], '01'));
    expect(share(['D.01'], '08')).toBeGreaterThan(2 * share(['D.01'], '03'));
  });

  it('mixes channels and types like a hotline: calls most, then mobile; complaints, help and consultations mostly', () => {
    const by = (f: (r: GeneratedRequest) => string) => {
      const m = new Map<string, number>();
      for (const r of requests) m.set(f(r), (m.get(f(r)) ?? 0) + 1);
      return m;
    };
    const channels = by((r) => r.snapshot.channel);
    expect(channels.get('hotline')!).toBeGreaterThan(0.5 * requests.length);
    expect(channels.get('mobile')!).toBeGreaterThan(channels.get('letter')!);
    expect(channels.size).toBeGreaterThanOrEqual(8);
    const types = by((r) => r.snapshot.type);
    const main = (types.get('complaint') ?? 0) + (types.get('help') ?? 0) + (types.get('consultation') ?? 0);
    expect(main).toBeGreaterThan(0.8 * requests.length);
    // Repeat callers: some phones call many times over the year.
    const phones = by((r) => r.citizen?.phone ?? 'anonymous');
    expect([...phones].filter(([p, n]) => p !== 'anonymous' && n >= 3).length).toBeGreaterThan(10);
    expect(phones.get('anonymous')).toBeGreaterThan(0);
  });

  it('holds every kind of event: returns, rulings, extensions, reopenings, appeals, whistles, escalations, merges', () => {
    for (const type of [
      'answered_directly',
      'returned',
      'return_ruled',
      'extension_requested',
      'extension_decided',
      'pressed',
      'reply_rejected',
      'assist_note',
      'reopened',
      'appeal_filed',
      'appeal_decided',
      'whistle_blown',
      'whistle_reported',
      'whistle_rated',
      'merged_into',
    ] as const) {
      expect(counts.get(type) ?? 0, type).toBeGreaterThan(0);
    }
    const levels = new Set(
      requests.flatMap((r) => r.events.flatMap((e) => (e.type === 'escalated' ? [e.payload.level] : []))),
    );
    expect([...levels].sort()).toEqual(['criticism', 'urge', 'warning']);
    expect(requests.some((r) => r.snapshot.flags.bounced)).toBe(true);
    expect(requests.some((r) => r.snapshot.closedUnrated)).toBe(true);
    expect(requests.some((r) => r.snapshot.appeals.some((a) => a.decision?.approved))).toBe(true);
    // Duplicates point at an earlier request that is not itself merged.
    for (const r of requests.filter((x) => x.snapshot.mergedInto !== null)) {
      const original = requests[r.snapshot.mergedInto! - 1]!;
      expect(original.id).toBeLessThan(r.id);
      expect(original.snapshot.mergedInto).toBeNull();
      expect(original.snapshot.categoryCode).toBe(r.snapshot.categoryCode);
    }
  });

  it('leaves the last days open: awaiting acceptance, in progress (some overdue), awaiting the rating', () => {
    const open = requests.filter((r) => !['closed', 'merged'].includes(r.snapshot.state));
    const states = new Set(open.map((r) => r.snapshot.state));
    for (const s of ['dispatched', 'in_progress', 'replied']) expect(states.has(s as never), s).toBe(true);
    const overdue = open.filter(
      (r) => computeDeadlines(r.snapshot, limitsOf(r.snapshot), workingTime, NOW).resolution?.overdue,
    );
    expect(overdue.length).toBeGreaterThan(0);
    expect(open.length).toBeLessThan(0.15 * requests.length);
  });

  it('makes the bad units markedly worse on time and on satisfaction than the median unit', () => {
    const perUnit = new Map<number, { handled: number; onTime: number; rated: number; satisfied: number }>();
    for (const r of requests) {
      const s = r.snapshot;
      const replies = s.replies.filter((x) => !x.direct);
      if (replies.length === 0 || s.leadUnitId === null) continue;
      const u = perUnit.get(s.leadUnitId) ?? { handled: 0, onTime: 0, rated: 0, satisfied: 0 };
      u.handled += 1;
      if (!computeDeadlines(s, limitsOf(s), workingTime, NOW).resolution?.late) u.onTime += 1;
      // The final rating, as the figures count it (a reopened request is rated again).
      const rating = s.ratings.at(-1);
      if (rating) {
        u.rated += 1;
        if (rating.satisfaction !== 'unsatisfied') u.satisfied += 1;
      }
      perUnit.set(s.leadUnitId, u);
    }
    const rate = (n: number, d: number) => (d === 0 ? 1 : n / d);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const busy = [...perUnit].filter(([, u]) => u.handled >= 15);
    const onTime = median(busy.map(([, u]) => rate(u.onTime, u.handled)));
    const satisfied = median(busy.map(([, u]) => rate(u.satisfied, u.rated)));
    const badIds = new Set(
      plan.units.filter((u) => (BAD_UNITS as readonly string[]).includes(u.shortName ?? '')).map((u) => u.id),
    );
    const bad = busy.filter(([id]) => badIds.has(id));
    expect(bad.length).toBeGreaterThanOrEqual(3);
    for (const [, u] of bad) {
      expect(rate(u.onTime, u.handled)).toBeLessThan(onTime - 0.25);
      expect(rate(u.satisfied, u.rated)).toBeLessThan(satisfied - 0.1);
    }
  });

  it('counts deadlines with the platform calendar exactly (the fast arithmetic agrees with the platform)', () => {
    const rng = createRng('working-time');
    for (let i = 0; i < 3000; i++) {
      const a = new Date(Date.parse('2025-01-01T00:00:00Z') + rng.int(0, 700 * 1440) * 60_000);
      const b = new Date(a.getTime() + rng.int(-10 * 1440, 40 * 1440) * 60_000);
      const hours = rng.chance(0.5) ? rng.int(0, 200) : rng.next() * 120;
      const days = rng.int(0, 25);
      expect(workingTime.workingDaysBetween(a, b)).toBe(platformTime.workingDaysBetween(a, b));
      expect(workingTime.workingHoursBetween(a, b)).toBe(platformTime.workingHoursBetween(a, b));
      expect(workingTime.addWorkingDays(a, days)).toEqual(platformTime.addWorkingDays(a, days));
      expect(workingTime.addWorkingHours(a, hours)).toEqual(platformTime.addWorkingHours(a, hours));
    }
  });
});

describe('loading the demo year into the database', () => {
  let ctx: TestContext;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-demo-requests-'));

  beforeAll(async () => {
    ctx = await createTestContext();
    await seedDemo(ctx.deps, { log: () => {}, loginsFile: path.join(tmp, 'logins.json'), requests: 300 });
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes rows that equal the projection of their logs, and the detail API shows the same request', async () => {
    const { deps } = ctx;
    const rows = await deps.db.selectFrom('request').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(300);
    const dispatcher = await ctx.signIn({ roles: ['dispatcher'], scope: { kind: 'all' } });
    const events = await deps.db
      .selectFrom('requestEvent')
      .select(['requestId', 'seq', 'type'])
      .orderBy('id')
      .execute();
    expect(events.length).toBeGreaterThan(300 * 5);
    for (const row of rows.filter((_, i) => i % 15 === 0 || i >= 290)) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/requests/${row.id}`, headers: dispatcher.headers });
      expect(res.statusCode).toBe(200);
      const detail = res.json() as RequestDetail;
      const log: RequestEvent[] = detail.events.map(
        (e) => ({ type: e.type, at: new Date(e.at), actor: e.actor, payload: e.payload }) as RequestEvent,
      );
      const snapshot = foldRequestEvents(log);
      const { searchText, tenantCode, replyText, ...projection } = projectionOf(
        snapshot,
        DEFAULT_TIME_LIMIT_RULES,
        workingTime,
        deps.now(),
        row.divisionCode,
      );
      expect(row.searchText).toBe(searchText);
      expect(row.replyText).toBe(replyText);
      expect(row.tenantCode).toBe(tenantCode);
      expect({
        type: row.type,
        urgency: row.urgency,
        categoryCode: row.categoryCode,
        divisionCode: row.divisionCode,
        address: row.address,
        state: row.state,
        leadUnitId: row.leadUnitId,
        assistUnitIds: row.assistUnitIds,
        acceptedAt: row.acceptedAt,
        responseDeadline: row.responseDeadline,
        resolutionDeadline: row.resolutionDeadline,
        repliedAt: row.repliedAt,
        closedAt: row.closedAt,
        bounced: row.bounced,
        whistleUnitIds: row.whistleUnitIds,
        ratesExcludedUnitIds: row.ratesExcludedUnitIds,
        appealPending: row.appealPending,
        mergedIntoId: row.mergedIntoId,
        extensionPending: row.extensionPending,
        disputed: row.disputed,
        version: row.version,
      }).toEqual(projection);
      expect(detail.state).toBe(snapshot.state);
      expect(detail.number).toBe(row.number);
      expect(detail.events).toHaveLength(row.version);
      expect(detail.body).toBe(snapshot.text);
    }
  });

  it('dispatches where the service would propose: the recorded proposal equals the dispatch-proposal endpoint', async () => {
    const dispatcher = await ctx.signIn({ roles: ['dispatcher'], scope: { kind: 'all' } });
    const rows = await ctx.deps.db
      .selectFrom('requestEvent')
      .select(['requestId', 'payload'])
      .where('type', '=', 'dispatched')
      .where('seq', '<=', 3)
      .orderBy('requestId')
      .execute();
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows.filter((_, i) => i % 10 === 0)) {
      const recorded = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as {
        proposal: { leadUnitId: number; assistUnitIds: number[]; fallback: boolean };
      };
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/requests/${row.requestId}/dispatch-proposal`,
        headers: dispatcher.headers,
      });
      expect(res.statusCode).toBe(200);
      const { leadUnitId, assistUnitIds, fallback } = res.json();
      expect({ leadUnitId, assistUnitIds, fallback }).toEqual(recorded.proposal);
    }
  });

  it('seals the citizen like intake does, sets the number sequences and the id sequence, and audits the load once', async () => {
    const { deps } = ctx;
    const named = await deps.db
      .selectFrom('request')
      .select(['citizenPhoneEnc', 'citizenPhoneMask', 'citizenPhoneHash', 'citizenNameEnc'])
      .where('citizenPhoneEnc', 'is not', null)
      .limit(5)
      .execute();
    expect(named.length).toBeGreaterThan(0);
    for (const r of named) {
      const phone = deps.cipher.decrypt(r.citizenPhoneEnc!, 'citizen.phone');
      expect(phone).toMatch(/^1\d{10}$/);
      expect(r.citizenPhoneMask).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
      expect(r.citizenPhoneHash).toBe(deps.cipher.lookupHash(phone));
      expect(deps.cipher.decrypt(r.citizenNameEnc!, 'citizen.name').length).toBeGreaterThanOrEqual(2);
    }
    const seqs = await deps.db.selectFrom('requestNumberSeq').selectAll().execute();
    const numbers = await deps.db.selectFrom('request').select('number').execute();
    for (const { day, last } of seqs) {
      const max = Math.max(...numbers.filter((n) => n.number.startsWith(day)).map((n) => Number(n.number.slice(8))));
      expect(last).toBe(max);
    }
    const audits = await deps.db
      .selectFrom('auditEntry')
      .select(['action', 'detail'])
      .where('action', '=', 'demo.seed-requests')
      .execute();
    expect(audits).toHaveLength(1);
    expect(await deps.db.selectFrom('requestUnitFact').select('requestId').limit(1).execute()).toHaveLength(1);

    // A new intake after the load gets the next id and the day's next number.
    const operator = await ctx.signIn({ roles: ['operator'], scope: { kind: 'all' } });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: operator.headers,
      payload: {
        channel: 'hotline',
        type: 'help',
        body: '青石镇路灯不亮，请尽快维修',
        divisionCode: plan.divisions[5]!.code,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().id).toBe(301);
  });

  it('refuses to load a second year into a request table that is not empty', async () => {
    await expect(seedDemoRequests(ctx.deps, { count: 10 })).rejects.toBeInstanceOf(DemoRequestsExistError);
  });
});
