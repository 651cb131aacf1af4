/*
 * The requests module's scheduled jobs (run under their database lease by platform/jobs, or once by
 * `lianxin jobs run`):
 * - escalation (预警 → 催办 → 通报): every request in progress is checked against its county's ladder with the clock
 *   read once for the whole pass; each due rung becomes an `escalated` event through the normal command path (system
 *   actor, one audit entry per request and rung, the lead unit notified in the same transaction). A rung is issued
 *   once per handling round, so running the pass twice issues nothing new.
 * - closing unrated requests: a reply the citizen has not rated within the county's rating window (calendar days
 *   from the reply, like the rating link's expiry) is closed with `closed { unrated: true }`; a rating that arrives
 *   meanwhile wins (the domain refuses to close a rated request as unrated).
 * Requests are read in pages by id; one request that fails does not stop the pass (the pass reports it at the end).
 */
import { SYSTEM_ACTOR } from '../../../contracts/requests.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import type { Job, JobResult } from '../../platform/jobs/index.js';
import { classifierRetrainJob } from './classification.service.js';
import { dueEscalations } from './domain/escalation.js';
import type { RequestCommand } from './domain/request-commands.js';
import { foldRequestEvents } from './domain/request-state.js';
import { computeDeadlines } from './domain/time-limits.js';
import { listRequestIdsInState } from './requests.jobs.repository.js';
import { loadRequestEvents } from './requests.repository.js';
import { type CommandRun, executeCommand, limitsOf, loadWorkingTime, rulesFor } from './requests.service.js';
import { loadRequestSettings, type RequestSettings } from './settings.repository.js';

export const ESCALATION_JOB = 'requests.escalation';
export const CLOSE_UNRATED_JOB = 'requests.close-unrated';

const PAGE = 200;
const DAY_MS = 86_400_000;

const systemRun = (job: string): CommandRun => ({
  eventActor: SYSTEM_ACTOR,
  auditActor: { userId: null, name: `系统（定时任务 ${job}）` },
  authorize: async () => {},
});

/** Refusals that mean "nothing to do any more" (another pass or a person got there first), not failures. */
const NOTHING_TO_DO = new Set(['REQUEST_ALREADY_ESCALATED', 'REQUEST_INVALID_TRANSITION', 'REQUEST_NOT_FOUND']);

/** Runs a command for the system; false when the request no longer needs it. */
async function runForSystem(deps: Deps, job: string, id: number, command: RequestCommand): Promise<boolean> {
  try {
    await executeCommand(deps, systemRun(job), id, command, `job:${job}`);
    return true;
  } catch (err) {
    if (err instanceof AppError && NOTHING_TO_DO.has(err.code)) return false;
    throw err;
  }
}

/** Settings per county, read once per pass. */
function settingsCache(deps: Deps) {
  const cache = new Map<string, Promise<RequestSettings>>();
  return (tenantCode: string) => {
    let s = cache.get(tenantCode);
    if (!s) {
      s = loadRequestSettings(deps.db, tenantCode);
      cache.set(tenantCode, s);
    }
    return s;
  };
}

/** Pages through the requests in a state and applies `each`, counting failures; throws at the end if any failed. */
async function forEachInState(
  deps: Deps,
  job: string,
  state: 'in_progress' | 'replied',
  each: (row: { id: number; tenantCode: string; repliedAt: Date | null }) => Promise<void>,
): Promise<void> {
  const failures: { id: number; err: unknown }[] = [];
  let afterId = 0;
  for (;;) {
    const page = await listRequestIdsInState(deps.db, state, afterId, PAGE);
    for (const row of page) {
      try {
        await each(row);
      } catch (err) {
        failures.push({ id: row.id, err });
      }
    }
    if (page.length < PAGE) break;
    afterId = page.at(-1)!.id;
  }
  if (failures.length > 0) {
    const first = failures[0]!;
    throw new Error(
      `${job}: ${failures.length} request(s) failed, first #${first.id}: ${first.err instanceof Error ? first.err.message : String(first.err)}`,
      { cause: first.err },
    );
  }
}

/** One pass of the escalation ladder over every request in progress (see the file header). */
export async function runEscalationPass(deps: Deps): Promise<JobResult> {
  const now = deps.now();
  const atNow: Deps = { ...deps, now: () => now };
  const workingTime = await loadWorkingTime(atNow);
  const settingsOf = settingsCache(deps);
  const result = { checked: 0, warning: 0, urge: 0, criticism: 0 };
  await forEachInState(atNow, ESCALATION_JOB, 'in_progress', async ({ id, tenantCode }) => {
    result.checked += 1;
    const snapshot = foldRequestEvents((await loadRequestEvents(deps.db, id)).map((s) => s.event));
    const rules = await rulesFor(deps.db, tenantCode);
    const deadlines = computeDeadlines(snapshot, limitsOf(rules, snapshot), workingTime, now);
    const due = dueEscalations(snapshot, deadlines, (await settingsOf(tenantCode)).ladder, now, workingTime);
    for (const rung of due) {
      if (await runForSystem(atNow, ESCALATION_JOB, id, { action: 'escalate', level: rung.level })) {
        result[rung.level] += 1;
      }
    }
  });
  return result;
}

/** One pass closing the replies left unrated beyond the rating window (see the file header). */
export async function runCloseUnratedPass(deps: Deps): Promise<JobResult> {
  const now = deps.now();
  const atNow: Deps = { ...deps, now: () => now };
  const settingsOf = settingsCache(deps);
  const result = { checked: 0, closed: 0 };
  await forEachInState(atNow, CLOSE_UNRATED_JOB, 'replied', async ({ id, tenantCode, repliedAt }) => {
    result.checked += 1;
    const windowMs = (await settingsOf(tenantCode)).ratingWindowDays * DAY_MS;
    if (!repliedAt || now.getTime() - repliedAt.getTime() < windowMs) return;
    if (await runForSystem(atNow, CLOSE_UNRATED_JOB, id, { action: 'close', unrated: true })) result.closed += 1;
  });
  return result;
}

/** The requests module's jobs, for the scheduler and the CLI. */
export const requestJobs: readonly Job[] = [
  { name: ESCALATION_JOB, run: runEscalationPass },
  { name: CLOSE_UNRATED_JOB, run: runCloseUnratedPass },
  // Weekly retraining of the request classifier (the pass checks the latest model's age; see classification.service.ts).
  classifierRetrainJob,
];
