// the tenant's rate budget kept in memory: right for one process (SQLite is one process), and the
// sliding-window arithmetic the PostgreSQL budget (postgres/pg-rate-budget.ts) shares, so both keep the
// same windows to the millisecond.
import type { BudgetShare, RateBudget } from '../ports/rate-budget.js';

/** at most `max` calls in any `windowMs` */
export interface RateWindow {
  windowMs: number;
  max: number;
}

/**
 * how long until one more call fits in every window, given the times of the calls made (ascending,
 * none older than the longest window); a call made at t counts in a window of w ms until t + w
 */
export function waitForCapacity(calls: readonly number[], windows: readonly RateWindow[], now: number): number {
  let wait = 0;
  for (const { windowMs, max } of windows) {
    // the first call still inside this window
    let lo = 0;
    let hi = calls.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (calls[mid]! + windowMs > now) hi = mid;
      else lo = mid + 1;
    }
    const inside = calls.length - lo;
    // the (max)-th most recent call must leave the window first
    if (inside >= max) wait = Math.max(wait, calls[calls.length - max]! + windowMs - now);
  }
  return wait;
}

/** appends a call's time (kept ascending) and drops those older than the longest window */
export function recordCall(calls: number[], at: number, longestWindowMs: number): void {
  calls.push(Math.max(at, calls.at(-1) ?? at));
  let stale = 0;
  while (stale < calls.length && calls[stale]! + longestWindowMs <= at) stale++;
  if (stale > 0) calls.splice(0, stale);
}

/** the windows bulk calls keep to: `share` of each (rounded down, at least 1) */
export function bulkWindows(windows: readonly RateWindow[], share: number): RateWindow[] {
  return windows.map((w) => ({ windowMs: w.windowMs, max: Math.max(1, Math.floor(w.max * share)) }));
}

export interface TenantBudgetLimits {
  /** the tenant's windows */
  windows: readonly RateWindow[];
  /** the share of each window bulk calls may use (0..1) */
  bulkShare: number;
}

export function checkWindows(windows: readonly RateWindow[]): void {
  for (const w of windows) {
    if (!(w.windowMs > 0) || !Number.isInteger(w.max) || w.max < 1)
      throw new Error(`rate limit ${JSON.stringify(w)}: needs windowMs > 0 and a whole max >= 1`);
  }
}

export class InProcessRateBudget implements RateBudget {
  private readonly calls: number[] = [];
  private pausedUntil = 0;
  private readonly bulk: RateWindow[];
  private readonly longest: number;

  constructor(private readonly limits: TenantBudgetLimits) {
    checkWindows(limits.windows);
    this.bulk = bulkWindows(limits.windows, limits.bulkShare);
    this.longest = Math.max(0, ...limits.windows.map((w) => w.windowMs));
  }

  take(now: number, share: BudgetShare): Promise<number> {
    const wait = Math.max(this.pausedUntil - now, waitForCapacity(this.calls, share === 'bulk' ? this.bulk : this.limits.windows, now));
    if (wait > 0) return Promise.resolve(wait);
    recordCall(this.calls, now, this.longest);
    return Promise.resolve(0);
  }

  pause(untilMs: number): Promise<void> {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
    return Promise.resolve();
  }
}
