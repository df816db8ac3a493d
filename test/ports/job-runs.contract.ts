import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobRunStore } from '../../src/ports/job-runs.js';

// the contract every JobRunStore adapter keeps: each job period runs once, across restarts and instances
export function jobRunsContract(adapterName: string, open: () => Promise<{ runs: JobRunStore; cleanup: () => Promise<void> }>): void {
  describe(`JobRunStore contract: ${adapterName}`, () => {
    let runs: JobRunStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ runs, cleanup } = await open()));
    afterEach(async () => cleanup());

    const t0 = new Date('2026-09-01T06:00:00.000Z');
    const after = (ms: number) => new Date(t0.getTime() + ms);

    it('gives a period to one owner while its lease lasts, and to another once it lapses (the first died)', async () => {
      expect(await runs.claim('aup', '2026-09', 'a', t0, 60_000)).toEqual({
        job: 'aup',
        periodKey: '2026-09',
        status: 'running',
        owner: 'a',
        leaseUntil: '2026-09-01T06:01:00.000Z',
        startedAt: '2026-09-01T06:00:00.000Z',
      });
      expect(await runs.claim('aup', '2026-09', 'b', after(59_999), 60_000)).toBeUndefined();
      // the same owner may take its own claim again (a tick while it runs)
      expect(await runs.claim('aup', '2026-09', 'a', after(1_000), 60_000)).toMatchObject({
        owner: 'a',
        leaseUntil: '2026-09-01T06:01:01.000Z',
      });
      expect(await runs.claim('aup', '2026-09', 'b', after(61_000), 60_000)).toMatchObject({ owner: 'b', status: 'running' });
      // another period, or another job, is a run of its own
      expect(await runs.claim('aup', '2026-10', 'a', after(61_000), 60_000)).toMatchObject({ owner: 'a' });
      expect(await runs.claim('leavers', '2026-09', 'a', after(61_000), 60_000)).toMatchObject({ owner: 'a' });
    });

    it('a finished period is never run again; only its owner can finish it', async () => {
      await runs.claim('aup', '2026-09', 'a', t0, 60_000);
      await runs.finish('aup', '2026-09', 'b', after(10), { queued: 99 });
      expect((await runs.list('aup'))[0]).toMatchObject({ status: 'running' });
      await runs.finish('aup', '2026-09', 'a', after(20), { queued: 3, people: ['p1'] });
      expect(await runs.claim('aup', '2026-09', 'b', after(3_600_000), 60_000)).toBeUndefined();
      expect(await runs.claim('aup', '2026-09', 'a', after(3_600_000), 60_000)).toBeUndefined();
      expect(await runs.list('aup')).toEqual([
        {
          job: 'aup',
          periodKey: '2026-09',
          status: 'done',
          owner: 'a',
          leaseUntil: '2026-09-01T06:01:00.000Z',
          startedAt: '2026-09-01T06:00:00.000Z',
          finishedAt: '2026-09-01T06:00:00.020Z',
          summary: { queued: 3, people: ['p1'] },
        },
      ]);
    });

    it('a failed run keeps why, and the next tick may take the period again (the error then cleared)', async () => {
      await runs.claim('leavers', '2026-11', 'a', t0, 60_000);
      await runs.fail('leavers', '2026-11', 'a', after(5), 'Graph answered 503');
      expect((await runs.list('leavers'))[0]).toMatchObject({
        status: 'failed',
        error: 'Graph answered 503',
        finishedAt: '2026-09-01T06:00:00.005Z',
      });
      const again = await runs.claim('leavers', '2026-11', 'b', after(10), 60_000);
      expect(again).toMatchObject({ status: 'running', owner: 'b' });
      expect(again).not.toHaveProperty('error');
    });

    it('lists runs newest first, of one job or all, up to the limit', async () => {
      await runs.claim('aup', '2026-09', 'a', t0, 60_000);
      await runs.claim('aup', '2026-10', 'a', after(1_000), 60_000);
      await runs.claim('leavers', '2026-09', 'a', after(2_000), 60_000);
      expect((await runs.list('aup')).map((r) => r.periodKey)).toEqual(['2026-10', '2026-09']);
      expect((await runs.list()).map((r) => `${r.job}/${r.periodKey}`)).toEqual(['leavers/2026-09', 'aup/2026-10', 'aup/2026-09']);
      expect((await runs.list(undefined, 1)).map((r) => r.job)).toEqual(['leavers']);
    });

    it('two owners claiming one period at the same moment: exactly one gets it', async () => {
      const claims = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => runs.claim('digest', '2026-autumn', owner, t0, 60_000)));
      expect(claims.filter((c) => c !== undefined)).toHaveLength(1);
    });
  });
}
