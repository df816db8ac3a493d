// how long to wait before trying again: the server's Retry-After when it gave one, else exponential
// backoff. pure (the clock and the jitter source are arguments), so every caller's timing is a table test.
// each caller keeps its own policy (bases and caps differ on purpose: a Teams 1:1 is retried within a
// minute, a SharePoint copy can wait ten); this file is the one place the arithmetic lives.

export interface BackoffPolicy {
  /** the first wait, at attempt 0 */
  baseMs: number;
  /** no wait is longer (before jitter); none when absent */
  capMs?: number;
  /** the wait is scaled by min + spread * random(): 0.8 and 0.4 give ±20 %; none when absent */
  jitter?: { min: number; spread: number };
  /** no wait is shorter, Retry-After included (default 0) */
  floorMs?: number;
}

/** baseMs * 2^attempt, capped, with jitter, rounded to the millisecond; attempt counts from 0 */
export function backoffMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.baseMs * 2 ** attempt, policy.capMs ?? Infinity);
  return policy.jitter ? Math.round(base * (policy.jitter.min + policy.jitter.spread * random())) : Math.round(base);
}

/** the wait before the next try: as the server asked when it did, else the policy's backoff; never below floorMs */
export function retryWaitMs(
  retryAfterMs: number | undefined,
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  return Math.max(policy.floorMs ?? 0, retryAfterMs ?? backoffMs(attempt, policy, random));
}

/**
 * an HTTP Retry-After header (RFC 9110 10.2.3: whole seconds, or an HTTP date) as milliseconds from `now`;
 * undefined when absent or unreadable (the caller backs off instead), 0 for a date already past.
 * `maxMs` caps what a server may ask for (a broken proxy asking for a day should not stall the queue).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now(), maxMs: number = Infinity): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Number(text) * 1000, maxMs);
  // only a date names a weekday or a month: a bare "-5" or "soon" is garbage, not a date Date.parse might guess at
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - now), maxMs);
}

/**
 * the outbox's messages and the compliance reminders (dispatcher.ts, reminder-dispatcher.ts): 5 s, 10 s,
 * 20 s ... up to 15 minutes, ±20 %, and never sooner than 1 s even when Retry-After says 0
 */
export const OUTBOX_BACKOFF: BackoffPolicy = { baseMs: 5_000, capMs: 15 * 60_000, jitter: { min: 0.8, spread: 0.4 }, floorMs: 1_000 };
