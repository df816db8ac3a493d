import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import type { Storage } from 'botbuilder';

// botbuilder's Storage contract as MemoryStorage keeps it: every state adapter must behave the same.
export function botStorageContract(adapterName: string, open: () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>): void {
  describe(`bot Storage contract: ${adapterName}`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ storage, cleanup } = await open()));
    afterEach(async () => cleanup());

    it('reads back what was written, with an eTag, and omits unknown keys', async () => {
      await storage.write({ 'conv/1': { step: 'who-is-involved', answers: { danger: false } } });
      const items = await storage.read(['conv/1', 'conv/unknown']);
      expect(Object.keys(items)).toEqual(['conv/1']);
      expect(items['conv/1']).toMatchObject({ step: 'who-is-involved', answers: { danger: false } });
      expect(typeof items['conv/1'].eTag).toBe('string');
    });

    it('accepts a write with the current eTag and rejects one with a stale eTag', async () => {
      await storage.write({ k: { n: 1 } });
      const first = (await storage.read(['k']))['k'];
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
  });
}
