import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentStore } from '../../src/ports/incident-store.js';
import type { ReplicationQueue } from '../../src/ports/replication-queue.js';
import { newIncident, reportedEvent } from './incident-store.contract.js';

// the contract every ReplicationQueue adapter keeps, with the incident store that queues its copies
// (opened to replicate: each change queues its copies in the change's own transaction)
export function replicationQueueContract(
  adapterName: string,
  open: () => Promise<{ store: IncidentStore; queue: ReplicationQueue; cleanup: () => Promise<void> }>,
): void {
  describe(`ReplicationQueue contract: ${adapterName}`, () => {
    let store: IncidentStore;
    let queue: ReplicationQueue;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, queue, cleanup } = await open()));
    afterEach(async () => cleanup());

    const now = new Date('2026-11-24T09:16:00.000Z');
    const note = (at: string) => ({ type: 'note', at, actor: { system: 'test' } });

    it('a new case queues a copy of itself and of each opening event, oldest first, leased while copied', async () => {
      const created = await store.create(newIncident(), [reportedEvent, note('2026-11-24T09:15:00.000Z')], 'OS');
      const tasks = await queue.claimDue(now, 10, 60_000);
      expect(tasks.map((t) => [t.kind, t.incidentId, t.seq, t.generation, t.attempts])).toEqual([
        ['incident', created.id, 0, 1, 0],
        ['event', created.id, 1, 1, 0],
        ['event', created.id, 2, 1, 0],
      ]);
      expect(tasks[0]!.createdAt).toBe('2026-11-24T09:15:00.000Z');
      expect(await queue.claimDue(now, 10, 60_000)).toEqual([]);
      expect(await queue.claimDue(new Date(now.getTime() + 60_000), 10, 60_000)).toHaveLength(3);
    });

    it('done: copied, never claimed again; but a case changed while it was copied stays due, for its latest state', async () => {
      const created = await store.create(newIncident(), reportedEvent, 'OS');
      const [incidentTask, eventTask] = await queue.claimDue(now, 10, 60_000);
      await queue.done(eventTask!, now);
      // changed while the copy was in flight: its generation moves on
      await store.update(created.id, 1, { status: 'escalated' }, note('2026-11-24T09:16:30.000Z'));
      await queue.done(incidentTask!, now);
      const later = new Date('2026-11-24T09:17:00.000Z');
      const again = await queue.claimDue(later, 10, 60_000);
      expect(again.map((t) => [t.kind, t.seq, t.generation])).toEqual([
        ['incident', 0, 2],
        ['event', 2, 1],
      ]);
      for (const task of again) await queue.done(task, later);
      expect(await queue.claimDue(new Date('2026-11-25T00:00:00.000Z'), 10, 60_000)).toEqual([]);
      expect(await queue.backlog(later)).toEqual({ pending: 0 });
    });

    it('retries later: due again at retryAt, counting attempts and keeping the last error', async () => {
      await store.create(newIncident(), reportedEvent, 'OS');
      const [task] = await queue.claimDue(now, 1, 60_000);
      await queue.retryLater(task!, now, new Date('2026-11-24T09:30:00.000Z'), 'SharePoint answered 503');
      expect((await queue.claimDue(new Date('2026-11-24T09:29:59.000Z'), 10, 60_000)).map((t) => t.kind)).toEqual(['event']);
      expect(await queue.claimDue(new Date('2026-11-24T09:30:00.000Z'), 10, 60_000)).toMatchObject([
        { kind: 'incident', attempts: 1, lastError: 'SharePoint answered 503' },
      ]);
    });

    it('counts what is still to copy, and since when', async () => {
      expect(await queue.backlog(now)).toEqual({ pending: 0 });
      await store.create(
        newIncident({ reportedAt: '2026-11-24T09:10:00.000Z' }),
        { ...reportedEvent, at: '2026-11-24T09:10:00.000Z' },
        'OS',
      );
      await store.create(newIncident(), reportedEvent, 'OS');
      expect(await queue.backlog(now)).toEqual({ pending: 4, oldestQueuedAt: '2026-11-24T09:10:00.000Z' });
    });

    it('remembers the remote item of a natural key, the newer replacing the older', async () => {
      expect(await queue.findItem('cases', 'OS-2026-0001')).toBeUndefined();
      await queue.rememberItem('cases', 'OS-2026-0001', '17');
      await queue.rememberItem('decisions', 'OS-2026-0001', '4');
      await queue.rememberItem('cases', 'OS-2026-0001', '18');
      expect(await queue.findItem('cases', 'OS-2026-0001')).toBe('18');
      expect(await queue.findItem('decisions', 'OS-2026-0001')).toBe('4');
    });
  });
}
