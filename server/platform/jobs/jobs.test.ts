import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { acquireLease, findLease, releaseLease, renewLease } from './lease.repository.js';
import { type Job, runJobOnce, startJobs } from './scheduler.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await ctx.close();
});

const T0 = new Date('2026-11-20T02:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('job leases', () => {
  it('gives a free lease to one of two holders only, even when they ask at the same time', async () => {
    const [a, b] = await Promise.all([
      acquireLease(ctx.deps.db, 'demo', 'server-a', 60_000, T0),
      acquireLease(ctx.deps.db, 'demo', 'server-b', 60_000, T0),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const winner = a ? 'server-a' : 'server-b';
    expect((await findLease(ctx.deps.db, 'demo'))?.holder).toBe(winner);
    // The holder keeps it on the next tick, the other still does not get it.
    expect(await acquireLease(ctx.deps.db, 'demo', winner, 60_000, at(30_000))).toBe(true);
    expect(await acquireLease(ctx.deps.db, 'demo', a ? 'server-b' : 'server-a', 60_000, at(30_000))).toBe(false);
  });

  it('lets another holder take over once the lease has expired, and the old holder cannot renew it', async () => {
    expect(await acquireLease(ctx.deps.db, 'demo', 'server-a', 60_000, T0)).toBe(true);
    expect(await acquireLease(ctx.deps.db, 'demo', 'server-b', 60_000, at(59_999))).toBe(false);
    expect(await acquireLease(ctx.deps.db, 'demo', 'server-b', 60_000, at(60_000))).toBe(true);
    expect(await renewLease(ctx.deps.db, 'demo', 'server-a', 60_000, at(60_001))).toBe(false);
    expect(await renewLease(ctx.deps.db, 'demo', 'server-b', 60_000, at(60_001))).toBe(true);
    expect((await findLease(ctx.deps.db, 'demo'))?.expiresAt.toISOString()).toBe(at(120_001).toISOString());
  });

  it('frees a released lease at once, but a holder cannot release another one’s lease', async () => {
    await acquireLease(ctx.deps.db, 'demo', 'server-a', 60_000, T0);
    await releaseLease(ctx.deps.db, 'demo', 'server-b');
    expect(await acquireLease(ctx.deps.db, 'demo', 'server-b', 60_000, T0)).toBe(false);
    await releaseLease(ctx.deps.db, 'demo', 'server-a');
    expect(await acquireLease(ctx.deps.db, 'demo', 'server-b', 60_000, T0)).toBe(true);
  });
});

describe('the scheduler', () => {
  const silent = { info: () => {}, error: () => {} };

  it('runs a job only in the process that holds its lease, and hands it over on stop', async () => {
    const runs: string[] = [];
    const job = (who: string): Job => ({
      name: 'count',
      run: async () => {
        runs.push(who);
        return { n: 1 };
      },
    });
    const a = startJobs(ctx.deps, [job('a')], { intervalMs: 3_600_000, holder: 'a', log: silent });
    const b = startJobs(ctx.deps, [job('b')], { intervalMs: 3_600_000, holder: 'b', log: silent });
    await a.tick();
    await b.tick();
    await a.tick();
    expect(runs).toEqual(['a', 'a']);
    await a.stop();
    await b.tick();
    expect(runs).toEqual(['a', 'a', 'b']);
    await b.stop();
  });

  it('never overlaps a job with itself and survives a failing pass', async () => {
    let active = 0;
    let maxActive = 0;
    let calls = 0;
    const errors: string[] = [];
    const job: Job = {
      name: 'slow',
      run: async () => {
        calls += 1;
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 20));
        active -= 1;
        if (calls === 1) throw new Error('boom');
        return {};
      },
    };
    const jobs = startJobs(ctx.deps, [job], {
      intervalMs: 3_600_000,
      holder: 'x',
      log: { info: () => {}, error: (m) => errors.push(m) },
    });
    await Promise.all([jobs.tick(), jobs.tick()]);
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
    await jobs.tick();
    expect(calls).toBe(2);
    expect(maxActive).toBe(1);
    await jobs.stop();
    expect(await findLease(ctx.deps.db, 'slow')).toBeUndefined();
  });

  it('runs one pass from the CLI only when no server holds the lease', async () => {
    const job: Job = { name: 'once', run: async () => ({ done: 1 }) };
    await acquireLease(ctx.deps.db, 'once', 'server', 60_000, ctx.clock.now());
    expect(await runJobOnce(ctx.deps, job, 'cli')).toEqual({ ran: false });
    await releaseLease(ctx.deps.db, 'once', 'server');
    expect(await runJobOnce(ctx.deps, job, 'cli')).toEqual({ ran: true, result: { done: 1 } });
    expect(await findLease(ctx.deps.db, 'once')).toBeUndefined();
  });
});
