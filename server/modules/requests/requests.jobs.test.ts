import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSmsOutbox } from '../../platform/notify/index.js';
import { listNotifications } from '../../platform/notify/notifications.repository.js';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { act, buildRequestWorld, LAMP_REPLY, postRequest, type RequestWorld } from './requests.factories.js';
import { runCloseUnratedPass, runEscalationPass } from './requests.jobs.js';
import { loadRequestEvents } from './requests.repository.js';

let ctx: TestContext;
let w: RequestWorld;
beforeEach(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
});
afterEach(async () => {
  await ctx.close();
});

/** Beijing wall-clock time. */
const sh = (wall: string) => `${wall.replace(' ', 'T')}:00+08:00`;

/** The request's state and log, read directly (the sessions of the world do not survive a month on the clock). */
async function detail(id: number) {
  const row = await ctx.deps.db.selectFrom('request').select('state').where('id', '=', id).executeTakeFirstOrThrow();
  return { state: row.state, events: (await loadRequestEvents(ctx.deps.db, id)).map((e) => e.event) };
}

async function myNotices(who: RequestWorld['handlerDepartment']) {
  return (await listNotifications(ctx.deps.db, who.userId, { unreadOnly: false, offset: 0, limit: 50 })).items;
}

/**
 * The complaint of the domain tests, through the API: accepted by the department on Monday 14 Sep 2026 at 10:00,
 * 15 working days across Mid-Autumn (25–27 Sep) and National Day (1–7 Oct) with the worked Sunday 20 Sep and
 * Saturday 10 Oct: due at the end of 10 Oct; 80 % of the limit used at 16:18 on 30 Sep.
 */
async function acceptedComplaint(): Promise<number> {
  ctx.clock.set(sh('2026-09-14 09:00'));
  const { id } = await postRequest(ctx, w, { type: 'complaint' });
  ctx.clock.set(sh('2026-09-14 09:20'));
  expect(
    (await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.department, reason: '路灯归城管局' })).statusCode,
  ).toBe(200);
  ctx.clock.set(sh('2026-09-14 10:00'));
  expect((await act(ctx, w.handlerDepartment, id, 'accept')).statusCode).toBe(200);
  return id;
}

describe('the escalation job', () => {
  it('warns at 80 %, urges the working day after the deadline, criticises five working days later, never twice', async () => {
    const id = await acceptedComplaint();
    await ctx.deps.db.updateTable('unit').set({ phone: '0571-88880000' }).where('id', '=', w.department).execute();
    const passAt = async (wall: string) => {
      ctx.clock.set(sh(wall));
      return runEscalationPass(ctx.deps);
    };
    expect(await passAt('2026-09-30 16:00')).toMatchObject({ warning: 0, urge: 0, criticism: 0 });
    expect(await passAt('2026-09-30 16:30')).toMatchObject({ warning: 1, urge: 0, criticism: 0 });
    expect(await passAt('2026-09-30 16:31')).toMatchObject({ warning: 0, urge: 0, criticism: 0 });
    expect(await passAt('2026-10-10 20:00')).toMatchObject({ warning: 0, urge: 0, criticism: 0 });
    // Sunday 11 Oct is not a working day: no urging yet.
    expect(await passAt('2026-10-11 10:00')).toMatchObject({ urge: 0 });
    expect(await passAt('2026-10-12 08:00')).toMatchObject({ urge: 1, criticism: 0 });
    expect(await passAt('2026-10-12 08:05')).toMatchObject({ urge: 0, criticism: 0 });
    expect(await passAt('2026-10-16 17:00')).toMatchObject({ criticism: 0 });
    expect(await passAt('2026-10-19 08:00')).toMatchObject({ criticism: 1 });
    expect(await passAt('2026-12-31 10:00')).toMatchObject({ warning: 0, urge: 0, criticism: 0 });

    const escalations = (await detail(id)).events.filter((e) => e.type === 'escalated');
    expect(escalations.map((e) => [e.payload, e.actor.name])).toEqual([
      [{ level: 'warning' }, '系统'],
      [{ level: 'urge' }, '系统'],
      [{ level: 'criticism' }, '系统'],
    ]);
    const audits = await ctx.deps.db
      .selectFrom('auditEntry')
      .select(['action', 'actorName'])
      .where('objectType', '=', 'request')
      .where('objectId', '=', String(id))
      .where('action', '=', 'request.escalate')
      .execute();
    expect(audits).toHaveLength(3);
    expect(audits[0]?.actorName).toContain('系统');

    // The department's handler heard of each rung in the app; urging and criticism also went to its phone.
    const notices = await myNotices(w.handlerDepartment);
    expect(notices.filter((n) => n.link === `/requests/${id}`).map((n) => n.kind)).toEqual([
      'request.escalated',
      'request.escalated',
      'request.escalated',
      'request.dispatched',
    ]);
    expect(notices[0]?.bodyZh).toContain('通报');
    expect(await myNotices(w.handlerA)).toEqual([]);
    expect((await listSmsOutbox(ctx.deps.db)).filter((m) => m.purpose === 'request.escalated')).toHaveLength(2);
  });

  it('leaves replied requests alone', async () => {
    const id = await acceptedComplaint();
    ctx.clock.set(sh('2026-10-09 10:00'));
    expect((await act(ctx, w.handlerDepartment, id, 'reply', { text: LAMP_REPLY })).statusCode).toBe(200);
    ctx.clock.set(sh('2026-10-19 08:00'));
    expect(await runEscalationPass(ctx.deps)).toMatchObject({ warning: 0, urge: 0, criticism: 0 });
  });
});

describe('closing unrated requests', () => {
  it('closes a reply left unrated for the rating window (7 days) as unrated, and nothing else', async () => {
    const id = await acceptedComplaint();
    const rated = await acceptedComplaint();
    ctx.clock.set(sh('2026-09-20 10:00'));
    for (const r of [id, rated]) {
      expect((await act(ctx, w.handlerDepartment, r, 'reply', { text: LAMP_REPLY })).statusCode).toBe(200);
    }
    const call = { resolved: true, satisfaction: 'satisfied' };
    expect((await act(ctx, w.operator, rated, 'rate', call)).statusCode).toBe(200);

    ctx.clock.set(sh('2026-09-27 09:59'));
    expect(await runCloseUnratedPass(ctx.deps)).toMatchObject({ closed: 0 });
    expect((await detail(id)).state).toBe('replied');

    ctx.clock.set(sh('2026-09-27 10:00'));
    expect(await runCloseUnratedPass(ctx.deps)).toMatchObject({ closed: 1 });
    const closed = await detail(id);
    expect(closed.state).toBe('closed');
    expect(closed.events.at(-1)).toMatchObject({ type: 'closed', payload: { unrated: true }, actor: { name: '系统' } });
    expect((await detail(rated)).state).toBe('rated');
    expect(await runCloseUnratedPass(ctx.deps)).toMatchObject({ closed: 0 });
  });
});
