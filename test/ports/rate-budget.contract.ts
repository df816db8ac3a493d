import { afterEach, describe, expect, it } from 'vitest';
import type { RateBudget } from '../../src/ports/rate-budget.js';
import type { TenantBudgetLimits } from '../../src/adapters/in-process-rate-budget.js';

/**
 * the contract every RateBudget adapter keeps. `open` gives two handles on one budget: what two
 * instances of the bot would hold (the same object for the in-process budget, which one process shares;
 * two connections' worth for the database's), so every check here also holds across instances.
 */
export function rateBudgetContract(
  adapterName: string,
  open: (limits: TenantBudgetLimits) => Promise<{ a: RateBudget; b: RateBudget; cleanup: () => Promise<void> }>,
): void {
  describe(`RateBudget contract: ${adapterName}`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });
    const budget = async (limits: TenantBudgetLimits) => {
      const opened = await open(limits);
      cleanup = opened.cleanup;
      return opened;
    };
    const t0 = Date.parse('2026-09-01T08:00:00.000Z');

    it('takes max places in a window, then answers the ms until the oldest leaves it, and takes again then', async () => {
      const { a } = await budget({ windows: [{ windowMs: 1_000, max: 4 }], bulkShare: 0.75 });
      const answers = [];
      for (const at of [0, 100, 200, 300, 400, 999]) answers.push(await a.take(t0 + at, 'all'));
      // the fifth waits for the call at t0 to leave (t0 + 1000); asking again later waits less
      expect(answers).toEqual([0, 0, 0, 0, 600, 1]);
      expect(await a.take(t0 + 1_000, 'all')).toBe(0);
      // the window now holds 100, 200, 300, 1000: the next place is at 1100
      expect(await a.take(t0 + 1_000, 'all')).toBe(100);
      expect(await a.take(t0 + 1_100, 'all')).toBe(0);
    });

    it('two holders share one cap: what one takes the other cannot', async () => {
      const { a, b } = await budget({ windows: [{ windowMs: 1_000, max: 4 }], bulkShare: 0.75 });
      expect(await a.take(t0, 'all')).toBe(0);
      expect(await b.take(t0 + 10, 'all')).toBe(0);
      expect(await a.take(t0 + 20, 'all')).toBe(0);
      expect(await b.take(t0 + 30, 'all')).toBe(0);
      expect(await a.take(t0 + 40, 'all')).toBe(960);
      expect(await b.take(t0 + 40, 'all')).toBe(960);
      expect(await b.take(t0 + 1_000, 'all')).toBe(0);
      expect(await a.take(t0 + 1_000, 'all')).toBe(10);
    });

    it('takes exactly max places when both holders ask many times at once', async () => {
      const { a, b } = await budget({ windows: [{ windowMs: 1_000, max: 5 }], bulkShare: 0.75 });
      const asks = Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).take(t0 + 500, 'all'));
      const answers = await Promise.all(asks);
      expect(answers.filter((w) => w === 0)).toHaveLength(5);
      expect(answers.filter((w) => w !== 0).every((w) => w === 1_000)).toBe(true);
    });

    it('bulk calls take only their share of each window; calls that cannot wait still find the rest', async () => {
      // 10 a second: bulk may use 7 (75%, rounded down)
      const { a, b } = await budget({ windows: [{ windowMs: 1_000, max: 10 }], bulkShare: 0.75 });
      for (let i = 0; i < 7; i++) expect(await (i % 2 ? a : b).take(t0 + i, 'bulk')).toBe(0);
      expect(await a.take(t0 + 7, 'bulk')).toBe(993);
      expect(await b.take(t0 + 7, 'bulk')).toBe(993);
      for (let i = 0; i < 3; i++) expect(await b.take(t0 + 8, 'all')).toBe(0);
      expect(await a.take(t0 + 9, 'all')).toBe(991);
      // the bulk share counts every call in the window, not only bulk ones: at t0 + 1000 nine are
      // inside (t0+1 .. t0+6 and three at t0+8), so bulk waits for t0+3's to leave
      expect(await a.take(t0 + 1_000, 'bulk')).toBe(3);
      expect(await a.take(t0 + 1_003, 'bulk')).toBe(0);
    });

    it('keeps every window: the longer one sets the wait when it is the fuller', async () => {
      const { a } = await budget({
        windows: [
          { windowMs: 1_000, max: 2 },
          { windowMs: 3_000, max: 3 },
        ],
        bulkShare: 1,
      });
      expect(await a.take(t0, 'all')).toBe(0);
      expect(await a.take(t0 + 100, 'all')).toBe(0);
      expect(await a.take(t0 + 200, 'all')).toBe(800);
      expect(await a.take(t0 + 1_000, 'all')).toBe(0);
      // three in 3 s: the next when t0's leaves the long window
      expect(await a.take(t0 + 2_000, 'all')).toBe(1_000);
      expect(await a.take(t0 + 3_000, 'all')).toBe(0);
      // 100, 1000 and 3000 in the long window now: the next when 100's leaves it
      expect(await a.take(t0 + 3_000, 'all')).toBe(100);
      expect(await a.take(t0 + 3_100, 'all')).toBe(0);
    });

    it('a pause holds every holder until it ends; a shorter pause does not cut a longer one short', async () => {
      const { a, b } = await budget({ windows: [{ windowMs: 1_000, max: 4 }], bulkShare: 0.75 });
      await a.pause(t0 + 2_000);
      await b.pause(t0 + 500);
      expect(await b.take(t0, 'all')).toBe(2_000);
      expect(await a.take(t0 + 1_500, 'bulk')).toBe(500);
      expect(await b.take(t0 + 2_000, 'all')).toBe(0);
    });

    it('forgets calls older than its longest window: a quiet budget has all its places again', async () => {
      const { a, b } = await budget({ windows: [{ windowMs: 1_000, max: 3 }], bulkShare: 0.75 });
      for (let i = 0; i < 3; i++) expect(await a.take(t0 + i, 'all')).toBe(0);
      for (let i = 0; i < 3; i++) expect(await b.take(t0 + 60_000 + i, 'all')).toBe(0);
      expect(await a.take(t0 + 60_003, 'all')).toBe(997);
    });
  });
}
