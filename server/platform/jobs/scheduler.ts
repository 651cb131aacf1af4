/*
 * A small scheduler for background jobs (the escalation ladder, closing unrated requests, draining the SMS outbox).
 * Each job runs every `intervalMs`, but only while this process holds the job's lease in the database, so with
 * several servers behind a proxy exactly one of them runs each job. A job never overlaps itself: a tick that finds
 * the previous run still going is skipped. Errors are logged and the next tick tries again; they never reach the
 * process. `stop()` cancels the timers, waits for running passes and gives the leases back.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Deps } from '../deps.js';
import { acquireLease, releaseLease } from './lease.repository.js';

/** What a pass reports (counts for the log and the CLI). */
export type JobResult = Record<string, number>;

export interface Job {
  /** Also the lease's name, e.g. 'requests.escalation'. */
  readonly name: string;
  /** One pass over the due work; reads the clock once through deps.now. */
  run(deps: Deps): Promise<JobResult>;
}

export interface JobLog {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, err: unknown): void;
}

export interface StartJobsOptions {
  intervalMs: number;
  /** How long a taken lease lasts without renewal; by default twice the interval (at least a minute). */
  leaseMs?: number;
  /** This process's name in the lease table; by default host, pid and a random suffix. */
  holder?: string;
  log?: JobLog;
}

export interface RunningJobs {
  readonly holder: string;
  /** Runs one tick of every job now (lease permitting) and waits for it; used by tests. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

const consoleLog: JobLog = {
  info: (message, fields) => console.log(fields ? `${message} ${JSON.stringify(fields)}` : message),
  error: (message, err) => console.error(message, err),
};

/** A process-unique lease holder name. */
export function leaseHolderName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** Starts the jobs' timers; the first tick comes one interval after start (the server has just migrated and listens). */
export function startJobs(deps: Deps, jobs: readonly Job[], opts: StartJobsOptions): RunningJobs {
  const holder = opts.holder ?? leaseHolderName();
  const log = opts.log ?? consoleLog;
  const leaseMs = opts.leaseMs ?? Math.max(2 * opts.intervalMs, 60_000);
  const running = new Map<string, Promise<void>>();
  const held = new Set<string>();
  let stopped = false;

  const runJob = async (job: Job) => {
    try {
      if (!(await acquireLease(deps.db, job.name, holder, leaseMs, deps.now()))) {
        held.delete(job.name);
        return;
      }
      held.add(job.name);
      if (stopped) return;
      const result = await job.run(deps);
      if (Object.values(result).some((n) => n > 0)) log.info(`job ${job.name} done`, result);
    } catch (err) {
      log.error(`job ${job.name} failed; it will run again at the next interval`, err);
    }
  };

  const tickJob = (job: Job): Promise<void> => {
    const current = running.get(job.name);
    if (current) return current; // never overlaps itself
    const pass = runJob(job).finally(() => running.delete(job.name));
    running.set(job.name, pass);
    return pass;
  };

  const timer = setInterval(() => {
    if (stopped) return;
    for (const job of jobs) void tickJob(job);
  }, opts.intervalMs);
  timer.unref();

  return {
    holder,
    async tick() {
      if (stopped) return;
      await Promise.all(jobs.map((job) => tickJob(job)));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await Promise.all(running.values());
      for (const name of held) {
        try {
          await releaseLease(deps.db, name, holder);
        } catch (err) {
          log.error(`could not release the lease of job ${name}`, err);
        }
      }
      held.clear();
    },
  };
}

/** Runs one pass of a job now under its lease (the CLI); refuses when another process holds the lease. */
export async function runJobOnce(
  deps: Deps,
  job: Job,
  holder = leaseHolderName(),
  leaseMs = 10 * 60_000,
): Promise<{ ran: false } | { ran: true; result: JobResult }> {
  if (!(await acquireLease(deps.db, job.name, holder, leaseMs, deps.now()))) return { ran: false };
  try {
    return { ran: true, result: await job.run(deps) };
  } finally {
    await releaseLease(deps.db, job.name, holder);
  }
}
