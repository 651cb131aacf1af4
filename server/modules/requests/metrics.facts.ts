// Keeping the figures in step with the log: every write of a request (intake, every command, the jobs, the demo
// loader, `lianxin metrics rebuild`) replaces that request's facts in its own transaction, from the folded log.
import type { RequestEvent } from '../../../contracts/requests.js';
import type { Db } from '../../platform/db/database.js';
import { countRequest, type RequestFacts } from './domain/counting.js';
import type { RequestSnapshot } from './domain/request-state.js';
import type { ResolvedTimeLimit } from './domain/time-limits.js';
import type { WorkingTime } from './domain/working-time.js';
import { insertRequestFacts, replaceRequestFacts } from './metrics.repository.js';
import { loadRequestSettings, type RequestSettings } from './settings.repository.js';

export interface FactsInput {
  requestId: number;
  tenantCode: string;
  /** The whole log after the write. */
  events: readonly RequestEvent[];
  snapshot: RequestSnapshot;
  limits: Pick<ResolvedTimeLimit, 'response' | 'resolution'>;
  workingTime: WorkingTime;
  now: Date;
  fallbackDivisionCode: string;
  /** The county's settings when the caller has them (the rebuild); otherwise read in the transaction. */
  settings?: Pick<RequestSettings, 'unratedCountsAs' | 'ratingWindowDays'>;
}

/** Recounts one request and replaces its facts, in the caller's transaction (`trx`), so figures never lag the log. */
export async function recordRequestFacts(trx: Db, input: FactsInput): Promise<void> {
  const settings = input.settings ?? (await loadRequestSettings(trx, input.tenantCode));
  await replaceRequestFacts(trx, input.requestId, input.tenantCode, factsOf(input, settings));
}

/**
 * Counts requests that have no facts yet and inserts them several per statement, in the caller's transaction: the
 * demo loader's bulk path, the same counting as recordRequestFacts. Each input carries its county's settings.
 */
export async function recordNewRequestsFacts(
  trx: Db,
  inputs: readonly (FactsInput & { settings: NonNullable<FactsInput['settings']> })[],
): Promise<void> {
  await insertRequestFacts(
    trx,
    inputs.map((input) => ({
      requestId: input.requestId,
      tenantCode: input.tenantCode,
      facts: factsOf(input, input.settings),
    })),
  );
}

/** A new request's facts, counted as recordNewRequestsFacts counts them (the intake stores them in its statement). */
export function newRequestFacts(
  input: Omit<FactsInput, 'requestId' | 'settings'>,
  settings: NonNullable<FactsInput['settings']>,
): RequestFacts | null {
  return factsOf(input, settings);
}

function factsOf(input: Omit<FactsInput, 'requestId'>, settings: NonNullable<FactsInput['settings']>) {
  return countRequest(
    input.events,
    {
      limits: input.limits,
      workingTime: input.workingTime,
      settings: { unratedCountsAs: settings.unratedCountsAs, ratingWindowDays: settings.ratingWindowDays },
      now: input.now,
      fallbackDivisionCode: input.fallbackDivisionCode,
    },
    input.snapshot,
  );
}
