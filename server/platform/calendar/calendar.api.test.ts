import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDay, CalendarYear } from '../../../contracts/calendar.js';
import { createTestContext, type SignedIn, type TestContext } from '../testing/test-context.js';
import { ensureCalendarSeeded } from './calendar.repository.js';
import { addWorkingDaysAt, loadWorkingCalendar } from './calendar.service.js';

let ctx: TestContext;
let admin: SignedIn;
let operator: SignedIn;

beforeAll(async () => {
  ctx = await createTestContext();
  await ensureCalendarSeeded(ctx.deps.db);
  admin = await ctx.signIn({ roles: ['system_admin'] });
  operator = await ctx.signIn({ roles: ['operator'] });
});
afterAll(async () => ctx.close());

const getYear = async (year: number | string, who: SignedIn = operator) =>
  ctx.app.inject({ method: 'GET', url: `/api/calendar/${year}`, headers: who.headers });

const dayOf = (body: CalendarYear, day: string) => body.days.find((d) => d.day === day);

const put = (day: string, payload: unknown, who: SignedIn | null = admin, lang?: string) =>
  ctx.app.inject({
    method: 'PUT',
    url: `/api/calendar/days/${day}`,
    payload: payload as Record<string, unknown>,
    headers: { ...(who?.headers ?? {}), ...(lang ? { 'accept-language': lang } : {}) },
  });

const reset = (day: string, who: SignedIn | null = admin) =>
  ctx.app.inject({ method: 'DELETE', url: `/api/calendar/days/${day}`, headers: who?.headers ?? {} });

const workingDays = async (query: string, who: SignedIn = operator) => {
  const r = await ctx.app.inject({ method: 'GET', url: `/api/calendar/working-days?${query}`, headers: who.headers });
  return r;
};

const auditEntries = (action: string, objectId: string) =>
  ctx.deps.db
    .selectFrom('auditEntry')
    .selectAll()
    .where('action', '=', action)
    .where('objectId', '=', objectId)
    .orderBy('id')
    .execute();

// 2026: 1–7 October off; Sunday 20 September and Saturday 10 October are adjusted working days.
const RECEIVED_BEFORE_NATIONAL_DAY = encodeURIComponent('2026-09-30T10:00:00+08:00');

describe('GET /api/calendar/:year', () => {
  it('2026 is confirmed official data: National Day off, its adjusted Sunday and Saturday working', async () => {
    const r = await getYear(2026);
    expect(r.statusCode).toBe(200);
    const body: CalendarYear = r.json();
    expect(body).toMatchObject({ year: 2026, confirmed: true, source: 'chinese-days' });
    expect(body.days).toHaveLength(365);
    expect(body.days[0]!.day).toBe('2026-01-01');
    expect(body.days.at(-1)!.day).toBe('2026-12-31');
    expect(dayOf(body, '2026-10-01')).toEqual({
      day: '2026-10-01',
      isWorking: false,
      kind: 'holiday',
      name: '国庆节',
      source: 'chinese-days',
    });
    expect(dayOf(body, '2026-09-20')).toMatchObject({ isWorking: true, kind: 'adjusted_workday', name: '国庆节' });
    expect(dayOf(body, '2026-10-10')).toMatchObject({ isWorking: true, kind: 'adjusted_workday', name: '国庆节' });
    expect(dayOf(body, '2026-02-17')).toMatchObject({ isWorking: false, kind: 'holiday', name: '春节' });
  });

  it('2031 has no official schedule: unconfirmed, every day generated Monday–Friday', async () => {
    const r = await getYear(2031);
    expect(r.statusCode).toBe(200);
    const body: CalendarYear = r.json();
    expect(body).toMatchObject({ year: 2031, confirmed: false, source: 'default' });
    expect(body.days).toHaveLength(365);
    expect(body.days.every((d) => d.source === 'default' && d.name === null)).toBe(true);
    expect(body.days.every((d) => d.isWorking === (d.kind === 'workday'))).toBe(true);
    expect(dayOf(body, '2031-10-01')).toEqual({
      day: '2031-10-01',
      isWorking: true,
      kind: 'workday',
      name: null,
      source: 'default',
    }); // a Wednesday
    expect(dayOf(body, '2031-10-04')).toMatchObject({ isWorking: false, kind: 'weekend' }); // a Saturday
  });

  it('a leap year without official data lists 366 days', async () => {
    const body: CalendarYear = (await getYear(2032)).json();
    expect(body.days).toHaveLength(366);
    expect(dayOf(body, '2032-02-29')).toMatchObject({ isWorking: false, kind: 'weekend' }); // a Sunday
    expect(dayOf(body, '2032-03-01')).toMatchObject({ isWorking: true, kind: 'workday' });
  });

  it.each([['1999'], ['2101'], ['20x6'], ['2026.5']])('year %s is refused with 400 naming the field', async (year) => {
    const r = await getYear(year);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('VALIDATION_FAILED');
    expect(r.json().error.details.issues.map((i: { path: string[] }) => i.path)).toContainEqual(['year']);
  });

  it('needs a session (401)', async () => {
    const r = await ctx.app.inject({ method: 'GET', url: '/api/calendar/2026' });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('AUTH_REQUIRED');
  });

  it('needs calendar:read (403 for the audit administrator)', async () => {
    const auditor = await ctx.signIn({ roles: ['audit_admin'] });
    const r = await getYear(2026, auditor);
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('AUTH_FORBIDDEN');
  });
});

describe('GET /api/calendar/working-days', () => {
  it.each([
    ['the day after National Day week', 1, '2026-10-08'],
    ['the adjusted Saturday counts', 3, '2026-10-10'],
    ['the Sunday after it does not', 4, '2026-10-12'],
  ])('%s: 30 Sep 10:00 + %i working days → end of %s', async (_label, days, expected) => {
    const r = await workingDays(`from=${RECEIVED_BEFORE_NATIONAL_DAY}&days=${days}`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ deadline: new Date(`${expected}T23:59:59.999+08:00`).toISOString() });
  });

  it('a day alone means 00:00 that day in Shanghai', async () => {
    const r = await workingDays('from=2026-09-30&days=1');
    expect(r.json()).toEqual({ deadline: '2026-10-08T15:59:59.999Z' });
  });

  it('counts working days and office hours between two instants', async () => {
    const to = encodeURIComponent('2026-10-10T10:00:00+08:00');
    const r = await workingDays(`from=${RECEIVED_BEFORE_NATIONAL_DAY}&to=${to}`);
    expect(r.statusCode).toBe(200);
    // 30 Sep 10:00–17:30 is 6 office hours (lunch 12:00–13:30), 8 and 9 Oct 7 each, 10 Oct 09:00–10:00 one more.
    expect(r.json()).toEqual({ workingDays: 3, workingHours: 21 });
  });

  it('gives a deadline in office hours', async () => {
    const from = encodeURIComponent('2026-09-30T17:00:00+08:00');
    const r = await workingDays(`from=${from}&hours=1`);
    expect(r.json()).toEqual({ deadline: new Date('2026-10-08T09:30:00+08:00').toISOString() });
  });

  it.each([
    ['neither days, hours nor to', `from=${RECEIVED_BEFORE_NATIONAL_DAY}`, 'days'],
    ['both days and to', `from=${RECEIVED_BEFORE_NATIONAL_DAY}&days=1&to=2026-10-10`, 'to'],
    ['a bad from', 'from=yesterday&days=1', 'from'],
    ['a time without its offset', 'from=2026-09-30T10:00:00&days=1', 'from'],
    ['a year past the calendar', `from=${encodeURIComponent('9999-12-31T10:00:00Z')}&days=1`, 'from'],
    ['a to before the calendar', `from=2026-09-30&to=${encodeURIComponent('1999-12-31T10:00:00Z')}`, 'to'],
    ['negative days', `from=${RECEIVED_BEFORE_NATIONAL_DAY}&days=-1`, 'days'],
    ['fractional days', `from=${RECEIVED_BEFORE_NATIONAL_DAY}&days=1.5`, 'days'],
  ])('%s is refused with 400 naming the field', async (_label, query, field) => {
    const r = await workingDays(query);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('VALIDATION_FAILED');
    expect(r.json().error.details.issues.map((i: { field: string }) => i.field)).toContain(field);
  });

  it('needs a session (401)', async () => {
    const r = await ctx.app.inject({ method: 'GET', url: '/api/calendar/working-days?from=2026-09-30&days=1' });
    expect(r.statusCode).toBe(401);
  });
});

describe('PUT /api/calendar/days/:day', () => {
  it('a system administrator makes a weekday a local holiday: audited, and deadlines see it at once', async () => {
    // Read first, so the calendar is cached and the override must invalidate it.
    const before = await workingDays(`from=${RECEIVED_BEFORE_NATIONAL_DAY}&days=4`);
    expect(before.json()).toEqual({ deadline: '2026-10-12T15:59:59.999Z' });

    const r = await put('2026-10-12', { isWorking: false, name: '防汛应急' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      day: '2026-10-12',
      isWorking: false,
      kind: 'holiday',
      name: '防汛应急',
      source: 'override',
    } satisfies CalendarDay);

    const after = await workingDays(`from=${RECEIVED_BEFORE_NATIONAL_DAY}&days=4`);
    expect(after.json()).toEqual({ deadline: '2026-10-13T15:59:59.999Z' });
    expect(dayOf((await getYear(2026)).json(), '2026-10-12')).toMatchObject({ source: 'override', kind: 'holiday' });

    const [entry, ...more] = await auditEntries('calendar.override', '2026-10-12');
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({
      actorUserId: admin.userId,
      objectType: 'calendar_day',
      before: { day: '2026-10-12', isWorking: true, kind: 'workday', name: null, source: 'chinese-days' },
      after: { day: '2026-10-12', isWorking: false, kind: 'holiday', name: '防汛应急', source: 'override' },
      requestId: expect.any(String),
    });
    const row = await ctx.deps.db
      .selectFrom('calendarDay')
      .select(['updatedBy'])
      .where('day', '=', '2026-10-12')
      .executeTakeFirstOrThrow();
    expect(row.updatedBy).toBe(admin.userId);
  });

  it.each([
    ['a Saturday made working is an adjusted workday', '2026-11-07', true, 'adjusted_workday'],
    ['a Sunday made non-working stays a weekend', '2026-11-08', false, 'weekend'],
    ['a weekday made working stays a workday', '2026-11-09', true, 'workday'],
    ['an official holiday made working on a weekday is a workday', '2026-02-16', true, 'workday'],
  ])('%s', async (_label, day, isWorking, kind) => {
    const r = await put(day, { isWorking });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ day, isWorking, kind, name: null, source: 'override' });
  });

  it('an override in a year without official data counts too', async () => {
    expect((await put('2031-10-01', { isWorking: false, name: '国庆节' })).statusCode).toBe(200);
    const body: CalendarYear = (await getYear(2031)).json();
    expect(body.confirmed).toBe(false);
    expect(dayOf(body, '2031-10-01')).toMatchObject({ isWorking: false, kind: 'holiday', source: 'override' });
    const r = await workingDays(`from=${encodeURIComponent('2031-09-30T10:00:00+08:00')}&days=1`);
    expect(r.json()).toEqual({ deadline: '2031-10-02T15:59:59.999Z' });
  });

  it('needs a session (401)', async () => {
    const r = await put('2026-11-10', { isWorking: false }, null);
    expect(r.statusCode).toBe(401);
  });

  it('needs calendar:write (403 for an operator) and changes nothing', async () => {
    const r = await put('2026-11-10', { isWorking: false }, operator);
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('AUTH_FORBIDDEN');
    expect(dayOf((await getYear(2026)).json(), '2026-11-10')).toMatchObject({
      isWorking: true,
      source: 'chinese-days',
    });
  });

  it.each([['2026-02-30'], ['2026-13-01'], ['2026-1-1'], ['1999-12-31'], ['today']])(
    'a bad date %s is refused with 400 CALENDAR_DATE_INVALID naming the day',
    async (day) => {
      const r = await put(day, { isWorking: false });
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'CALENDAR_DATE_INVALID', message: expect.stringContaining('日期') });
      expect(r.json().error.details.issues).toEqual([expect.objectContaining({ path: ['day'], field: 'day' })]);
      expect(r.json().error.details.issues[0].message).toContain('日期');
    },
  );

  it('the date error speaks English when asked', async () => {
    const r = await put('2026-02-30', { isWorking: false }, admin, 'en');
    expect(r.json().error.message).toMatch(/^Field "date" is invalid/);
    expect(r.json().error.details.issues[0].message).toMatch(/^Field "date" is invalid/);
  });

  it.each([
    ['a missing isWorking', {}, 'isWorking'],
    ['a non-boolean isWorking', { isWorking: 'yes' }, 'isWorking'],
    ['an over-long name', { isWorking: false, name: '节'.repeat(51) }, 'name'],
  ])('%s is refused with 400 naming the field', async (_label, payload, field) => {
    const r = await put('2026-11-10', payload);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('VALIDATION_FAILED');
    expect(r.json().error.details.issues.map((i: { field: string }) => i.field)).toContain(field);
  });

  it('two overrides at once both commit (no transaction waits on the root handle)', async () => {
    const [a, b] = await Promise.all([
      put('2026-12-07', { isWorking: false }),
      put('2026-12-08', { isWorking: false }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const r = await workingDays(`from=${encodeURIComponent('2026-12-04T10:00:00+08:00')}&days=1`);
    expect(r.json()).toEqual({ deadline: '2026-12-09T15:59:59.999Z' });
  });
});

describe('DELETE /api/calendar/days/:day', () => {
  it('puts an overridden day back to the official schedule, audited, and deadlines see it', async () => {
    await put('2026-10-12', { isWorking: false, name: '防汛应急' });
    const r = await reset('2026-10-12');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      day: '2026-10-12',
      isWorking: true,
      kind: 'workday',
      name: null,
      source: 'chinese-days',
    });
    const deadline = await workingDays(`from=${RECEIVED_BEFORE_NATIONAL_DAY}&days=4`);
    expect(deadline.json()).toEqual({ deadline: '2026-10-12T15:59:59.999Z' });
    const entries = await auditEntries('calendar.reset', '2026-10-12');
    expect(entries.at(-1)).toMatchObject({
      actorUserId: admin.userId,
      before: { isWorking: false, source: 'override' },
      after: { isWorking: true, source: 'chinese-days' },
    });
  });

  it('restores an official holiday and its name', async () => {
    await put('2026-10-02', { isWorking: true });
    const r = await reset('2026-10-02');
    expect(r.json()).toEqual({
      day: '2026-10-02',
      isWorking: false,
      kind: 'holiday',
      name: '国庆节',
      source: 'chinese-days',
    });
  });

  it('in a year without official data, the day goes back to Monday–Friday', async () => {
    await put('2031-10-02', { isWorking: false });
    const r = await reset('2031-10-02');
    expect(r.json()).toEqual({ day: '2031-10-02', isWorking: true, kind: 'workday', name: null, source: 'default' });
    const left = await ctx.deps.db.selectFrom('calendarDay').select('day').where('day', '=', '2031-10-02').execute();
    expect(left).toEqual([]);
  });

  it('a day without an override is left alone and nothing is audited', async () => {
    const r = await reset('2026-10-01');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ isWorking: false, kind: 'holiday', source: 'chinese-days' });
    expect(await auditEntries('calendar.reset', '2026-10-01')).toEqual([]);
  });

  it('401 without a session, 403 without calendar:write, 400 for a bad date', async () => {
    expect((await reset('2026-11-07', null)).statusCode).toBe(401);
    expect((await reset('2026-11-07', operator)).statusCode).toBe(403);
    const bad = await reset('2026-02-29');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('CALENDAR_DATE_INVALID');
    expect(bad.json().error.details.issues[0].path).toEqual(['day']);
  });
});

describe('the calendar for other modules', () => {
  it('can be used inside a use case’s transaction without stalling PGlite', async () => {
    const deadline = await ctx.deps.db
      .transaction()
      .execute((trx) => addWorkingDaysAt({ ...ctx.deps, db: trx }, new Date('2026-09-30T02:00:00Z'), 3));
    expect(deadline.toISOString()).toBe('2026-10-10T15:59:59.999Z');
  });

  it('loads only the years asked for, other years following Monday–Friday', async () => {
    const only2026 = await loadWorkingCalendar(ctx.deps, [2026]);
    expect(only2026.isWorkingDay('2026-10-01')).toBe(false);
    expect(only2026.isWorkingDay('2025-01-01')).toBe(true); // New Year's Day 2025 is not loaded
    expect(only2026.isWorkingDay('2031-10-01')).toBe(true);
  });

  it('sees a change made by another server process once the cached calendar expires', async () => {
    const before = await loadWorkingCalendar(ctx.deps);
    expect(before.isWorkingDay('2026-11-11')).toBe(true);
    // Another process writes the table directly; this process is not told.
    await ctx.deps.db
      .updateTable('calendarDay')
      .set({ isWorking: false, kind: 'holiday', source: 'override' })
      .where('day', '=', '2026-11-11')
      .execute();
    expect((await loadWorkingCalendar(ctx.deps)).isWorkingDay('2026-11-11')).toBe(true);
    ctx.clock.advance(61_000);
    expect((await loadWorkingCalendar(ctx.deps)).isWorkingDay('2026-11-11')).toBe(false);
  });
});

describe('OpenAPI', () => {
  it('documents the calendar routes', async () => {
    const r = await ctx.app.inject('/docs/json');
    expect(r.statusCode).toBe(200);
    const paths = r.json().paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/api/calendar/{year}', '/api/calendar/days/{day}', '/api/calendar/working-days']),
    );
  });
});
