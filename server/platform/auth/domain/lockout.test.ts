import { describe, expect, it } from 'vitest';
import {
  type LockoutState,
  lockMinutesFor,
  lockStatus,
  MAX_LOCK_MINUTES,
  registerFailure,
  registerSuccess,
  UNLOCKED,
  unlock,
} from './lockout.js';

const policy = { threshold: 5, minutes: 15 };
const t0 = new Date('2026-11-20T02:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

function failTimes(state: LockoutState, n: number, now: Date) {
  let s = state;
  let last = { state, locked: false, retryAfterSeconds: 0 };
  for (let i = 0; i < n; i++) {
    last = registerFailure(s, policy, now);
    s = last.state;
  }
  return last;
}

describe('progressive lockout', () => {
  it('four failures do not lock; the fifth locks for 15 minutes and says when to retry', () => {
    const four = failTimes(UNLOCKED, 4, t0);
    expect(four.locked).toBe(false);
    expect(four.state.failedAttempts).toBe(4);
    const fifth = registerFailure(four.state, policy, t0);
    expect(fifth.locked).toBe(true);
    expect(fifth.retryAfterSeconds).toBe(15 * 60);
    expect(fifth.state).toEqual({ failedAttempts: 0, lockoutCount: 1, lockedUntil: at(15) });
  });

  it.each([
    [1, 15],
    [2, 30],
    [3, 60],
    [4, 120],
    [7, 960],
    [8, MAX_LOCK_MINUTES], // 1920 minutes capped at a day
    [40, MAX_LOCK_MINUTES],
  ])('lock number %i lasts %i minutes (doubling, capped at 24 h)', (n, minutes) => {
    expect(lockMinutesFor(n, policy)).toBe(minutes);
  });

  it('after a lock runs out, another five failures lock for twice as long', () => {
    const first = failTimes(UNLOCKED, 5, t0);
    expect(lockStatus(first.state, at(15)).locked).toBe(false);
    const second = failTimes(first.state, 5, at(16));
    expect(second.locked).toBe(true);
    expect(second.state.lockedUntil).toEqual(at(16 + 30));
  });

  it('reports the remaining seconds while locked, rounded up, and nothing once expired', () => {
    const { state } = failTimes(UNLOCKED, 5, t0);
    expect(lockStatus(state, at(0))).toEqual({ locked: true, lockedUntil: at(15), retryAfterSeconds: 900 });
    expect(lockStatus(state, new Date(at(14).getTime() + 500))).toMatchObject({ retryAfterSeconds: 60 });
    expect(lockStatus(state, at(15))).toEqual({ locked: false });
  });

  it('a success clears the failures and the lock history', () => {
    const { state } = failTimes(UNLOCKED, 7, t0);
    expect(registerSuccess(state)).toEqual(UNLOCKED);
  });

  it('an administrator unlock clears the lock at once, so the next lock is the short one again', () => {
    const { state } = failTimes(UNLOCKED, 5, t0);
    const unlocked = unlock(state);
    expect(lockStatus(unlocked, at(1)).locked).toBe(false);
    expect(failTimes(unlocked, 5, at(1)).retryAfterSeconds).toBe(15 * 60);
  });

  it('honours a configured threshold and duration', () => {
    const strict = { threshold: 3, minutes: 5 };
    const a = registerFailure(UNLOCKED, strict, t0);
    const b = registerFailure(a.state, strict, t0);
    const c = registerFailure(b.state, strict, t0);
    expect([a.locked, b.locked, c.locked]).toEqual([false, false, true]);
    expect(c.retryAfterSeconds).toBe(300);
  });
});
