/*
 * A deliberately small rate limiter for the citizens' public endpoints (tracking by receipt code, the rating link):
 * a fixed window per key (the client's IP) kept in this process's memory. It only slows down guessing receipt codes
 * from one address; with several servers each counts on its own, and a restart forgets everything. A shared limiter
 * (the database, or a proxy in front) replaces it when the public pages see real traffic.
 */

export interface PublicLimit {
  /** Attempts allowed per key in one window. */
  limit: number;
  windowMs: number;
}

/** 30 attempts per IP per 10 minutes, tracking and rating together. */
export const DEFAULT_PUBLIC_LIMIT: Readonly<PublicLimit> = Object.freeze({ limit: 30, windowMs: 10 * 60_000 });

/** Keys above which expired windows are swept, so a scan from many addresses cannot grow the map for ever. */
const SWEEP_ABOVE = 10_000;

export class PublicRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(private readonly options: PublicLimit = DEFAULT_PUBLIC_LIMIT) {}

  /** Counts one attempt for `key` at `now` (epoch ms); false when the key is over its limit in this window. */
  take(key: string, now: number): boolean {
    const window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.options.windowMs) {
      if (this.windows.size >= SWEEP_ABOVE) this.sweep(now);
      this.windows.set(key, { startedAt: now, count: 1 });
      return true;
    }
    window.count += 1;
    return window.count <= this.options.limit;
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (now - w.startedAt >= this.options.windowMs) this.windows.delete(key);
  }
}
