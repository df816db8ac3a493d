import { describe, expect, it } from 'vitest';
import { OUTBOX_BACKOFF, backoffMs, parseRetryAfter, retryWaitMs, type BackoffPolicy } from '../../src/app/retry.js';

const NOW = Date.parse('2026-11-24T09:15:00.000Z');

describe('parseRetryAfter', () => {
  it.each([
    ['whole seconds', '2', 2_000],
    ['seconds with spaces around', ' 120 ', 120_000],
    ['zero', '0', 0],
    ['fractional seconds (not in the RFC, sent by some proxies)', '1.5', 1_500],
    ['an HTTP date 30 s ahead', 'Tue, 24 Nov 2026 09:15:30 GMT', 30_000],
    ['an HTTP date already past', 'Tue, 24 Nov 2026 09:14:00 GMT', 0],
    ['missing (undefined)', undefined, undefined],
    ['missing (null, as Headers.get gives)', null, undefined],
    ['empty', '', undefined],
    ['garbage', 'soon', undefined],
    ['a negative number', '-5', undefined],
    ['hex', '0x10', undefined],
    ['an unreadable date', 'Tue, 99 Foo 2026 25:00:00 GMT', undefined],
  ])('%s: %j -> %j ms', (_, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it('caps what the server asks for at maxMs, seconds and dates alike', () => {
    expect(parseRetryAfter('86400', NOW, 600_000)).toBe(600_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:15:00 GMT', NOW, 600_000)).toBe(600_000);
    expect(parseRetryAfter('30', NOW, 600_000)).toBe(30_000);
  });
});

describe('backoffMs', () => {
  // the callers' policies, as they were before this helper: the table pins their timing
  const outbox = OUTBOX_BACKOFF;
  const replicator: BackoffPolicy = { baseMs: 2_000, capMs: 10 * 60_000, jitter: { min: 0.5, spread: 1 } };
  const messenger: BackoffPolicy = { baseMs: 1_000, capMs: 60_000, jitter: { min: 0.8, spread: 0.4 } };
  const sharePointThrottle: BackoffPolicy = { baseMs: 500 };

  it.each([
    ['outbox, attempt 0, middle jitter', outbox, 0, 0.5, 5_000],
    ['outbox, attempt 2, lowest jitter', outbox, 2, 0, 16_000],
    ['outbox, attempt 2, highest jitter', outbox, 2, 1, 24_000],
    ['outbox, capped at 15 min', outbox, 20, 0.5, 900_000],
    ['replicator, attempt 0, middle jitter', replicator, 0, 0.5, 2_000],
    ['replicator, attempt 3, lowest jitter', replicator, 3, 0, 8_000],
    ['replicator, capped at 10 min, highest jitter', replicator, 30, 1, 900_000],
    ['messenger, first retry', messenger, 0, 0.5, 1_000],
    ['messenger, capped at 60 s', messenger, 10, 0.5, 60_000],
    ['SharePoint throttle, no jitter, no cap', sharePointThrottle, 3, 0.9, 4_000],
  ])('%s', (_, policy, attempt, random, expected) => {
    expect(backoffMs(attempt, policy, () => random)).toBe(expected);
  });

  it("the outbox's policy gives what dispatcher.ts's backoffMs gave: round(min(5000 * 2^n, 15 min) * (0.8 + 0.4 r))", () => {
    for (const attempts of [0, 1, 2, 5, 8, 12]) {
      for (const r of [0, 0.123, 0.5, 0.77, 0.999]) {
        expect(backoffMs(attempts, OUTBOX_BACKOFF, () => r)).toBe(
          Math.round(Math.min(5_000 * 2 ** attempts, 15 * 60_000) * (0.8 + 0.4 * r)),
        );
      }
    }
  });

  it('rounds to the millisecond', () => {
    expect(backoffMs(0, { baseMs: 1_000, jitter: { min: 0.8, spread: 0.4 } }, () => 1 / 3)).toBe(933);
  });

  it('waits as the server asked when it did, never below the floor', () => {
    expect(retryWaitMs(30_000, 0, outbox, () => 0.5)).toBe(30_000);
    expect(retryWaitMs(0, 0, outbox, () => 0.5)).toBe(1_000);
    expect(retryWaitMs(undefined, 1, outbox, () => 0.5)).toBe(10_000);
    expect(retryWaitMs(0, 5, messenger, () => 0.5)).toBe(0);
  });
});
