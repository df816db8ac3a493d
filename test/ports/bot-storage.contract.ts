import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import type { ConversationStateStore as Storage, ExpiringStateStore as ExpiringStorage } from '../../src/ports/conversation-state.js';
export type { ExpiringStorage };

type Opened = { storage: Storage; cleanup: () => Promise<void> };

const DAY = 24 * 60 * 60_000;

// botbuilder's Storage contract as MemoryStorage keeps it: every state adapter must behave the same.
// adapters that expire state (a draft report names children) pass expiresAfterMs, and their open()
// must take the time from `now`.
export function botStorageContract(
  adapterName: string,
  open: (now: () => Date) => Promise<Opened>,
  expiry?: { expiresAfterMs: number },
): void {
  describe(`bot Storage contract: ${adapterName}`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    let clock = new Date('2026-03-02T08:00:00.000Z');
    const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
    beforeEach(async () => {
      clock = new Date('2026-03-02T08:00:00.000Z');
      ({ storage, cleanup } = await open(() => clock));
    });
    afterEach(async () => cleanup());

    it('reads back what was written, with an eTag, and omits unknown keys', async () => {
      await storage.write({ 'conv/1': { step: 'who-is-involved', answers: { danger: false } } });
      const items = await storage.read(['conv/1', 'conv/unknown']);
      expect(Object.keys(items)).toEqual(['conv/1']);
      expect(items['conv/1']).toMatchObject({ step: 'who-is-involved', answers: { danger: false } });
      expect(typeof items['conv/1']?.eTag).toBe('string');
    });

    it('accepts a write with the current eTag and rejects one with a stale eTag', async () => {
      await storage.write({ k: { n: 1 } });
      const first = (await storage.read(['k']))['k']!;
      await storage.write({ k: { n: 2, eTag: first.eTag } });
      await expect(storage.write({ k: { n: 3, eTag: first.eTag } })).rejects.toThrow(/eTag conflict/);
      expect((await storage.read(['k']))['k']).toMatchObject({ n: 2 });
    });

    it("lets a write with eTag '*' or none overwrite", async () => {
      await storage.write({ k: { n: 1 } });
      await storage.write({ k: { n: 2, eTag: '*' } });
      await storage.write({ k: { n: 3 } });
      expect((await storage.read(['k']))['k']).toMatchObject({ n: 3 });
    });

    it('deletes keys', async () => {
      await storage.write({ a: { n: 1 }, b: { n: 2 } });
      await storage.delete(['a']);
      expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['b']);
    });

    if (expiry) {
      const ttl = expiry.expiresAfterMs;

      it('forgets state nobody has written for longer than its time to live; a write starts the clock again', async () => {
        await storage.write({ abandoned: { draft: { child: 'A. Pupil' } }, active: { draft: { step: 1 } } });
        advance(ttl - DAY);
        await storage.write({ active: { draft: { step: 2 } } });
        advance(DAY + 60_000);
        expect(await storage.read(['abandoned', 'active'])).toEqual({ active: expect.objectContaining({ draft: { step: 2 } }) });
        // wiped, not hidden: with the clock turned back it is still gone
        advance(-2 * DAY);
        expect(Object.keys(await storage.read(['abandoned', 'active']))).toEqual(['active']);
      });

      it('keeps state for its whole time to live', async () => {
        await storage.write({ k: { n: 1 } });
        advance(ttl - 60_000);
        expect((await storage.read(['k']))['k']).toMatchObject({ n: 1 });
      });

      it('sweepExpired wipes the state nobody came back for, returns how many, and leaves the rest', async () => {
        const expiring = storage as ExpiringStorage;
        await storage.write({ old1: { n: 1 }, old2: { n: 2 } });
        advance(3 * DAY);
        await storage.write({ recent: { n: 3 } });
        advance(ttl - 2 * DAY);
        expect(await expiring.sweepExpired(clock)).toBe(2);
        expect(await expiring.sweepExpired(clock)).toBe(0);
        expect(Object.keys(await storage.read(['old1', 'old2', 'recent']))).toEqual(['recent']);
      });
    }
  });
}
