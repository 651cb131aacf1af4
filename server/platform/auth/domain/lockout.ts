/** The lockout counters kept on an account. */
export interface LockoutState {
  /** Consecutive failures since the last success, lock or unlock. */
  readonly failedAttempts: number;
  /** How many times the account has been locked since the last success or unlock; each lock doubles. */
  readonly lockoutCount: number;
  readonly lockedUntil: Date | null;
}

export interface LockoutPolicy {
  /** Consecutive failures that lock the account. */
  readonly threshold: number;
  /** Length of the first lock; each further lock doubles it. */
  readonly minutes: number;
}

/** No lock lasts longer than a day: an administrator can always unlock sooner. */
export const MAX_LOCK_MINUTES = 24 * 60;

export const UNLOCKED: LockoutState = { failedAttempts: 0, lockoutCount: 0, lockedUntil: null };

export type LockStatus = { locked: false } | { locked: true; lockedUntil: Date; retryAfterSeconds: number };

export interface FailureOutcome {
  readonly state: LockoutState;
  /** Whether this failure locked the account. */
  readonly locked: boolean;
  /** Seconds until the user may try again (0 when not locked). */
  readonly retryAfterSeconds: number;
}

/** Whether the account is locked at `now`, and for how many more seconds (rounded up so a client never retries early). */
export function lockStatus(state: LockoutState, now: Date): LockStatus {
  if (!state.lockedUntil || state.lockedUntil.getTime() <= now.getTime()) return { locked: false };
  return {
    locked: true,
    lockedUntil: state.lockedUntil,
    retryAfterSeconds: Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000),
  };
}

/** How long the n-th lock (1-based) lasts: the configured minutes, doubled for each earlier lock, at most a day. */
export function lockMinutesFor(lockNumber: number, policy: LockoutPolicy): number {
  const doubled = policy.minutes * 2 ** Math.min(Math.max(lockNumber - 1, 0), 20);
  return Math.min(doubled, MAX_LOCK_MINUTES);
}

/**
 * Record a failed sign-in (wrong password or one-time code): after `threshold` consecutive
 * failures the account locks for `minutes`, doubling with every further lock (capped at 24 h);
 * the failure counter then starts again, so each later lock needs another `threshold` failures.
 */
export function registerFailure(state: LockoutState, policy: LockoutPolicy, now: Date): FailureOutcome {
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts < policy.threshold) {
    const next = { failedAttempts, lockoutCount: state.lockoutCount, lockedUntil: state.lockedUntil };
    return { state: next, locked: false, retryAfterSeconds: 0 };
  }
  const lockoutCount = state.lockoutCount + 1;
  const minutes = lockMinutesFor(lockoutCount, policy);
  const lockedUntil = new Date(now.getTime() + minutes * 60_000);
  return { state: { failedAttempts: 0, lockoutCount, lockedUntil }, locked: true, retryAfterSeconds: minutes * 60 };
}

/** A successful sign-in proves the user: every counter and the lock history are cleared. */
export function registerSuccess(_state: LockoutState): LockoutState {
  return UNLOCKED;
}

/** An administrator's unlock clears the lock and its history, as a success would. */
export function unlock(_state: LockoutState): LockoutState {
  return UNLOCKED;
}
