import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewReminder, ReminderOutbox } from '../../src/ports/reminder-outbox.js';

// the contract every ReminderOutbox adapter keeps (written from what the SQLite adapter does)
export function reminderOutboxContract(
  adapterName: string,
  open: () => Promise<{ reminders: ReminderOutbox; cleanup: () => Promise<void> }>,
): void {
  describe(`ReminderOutbox contract: ${adapterName}`, () => {
    let reminders: ReminderOutbox;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ reminders, cleanup } = await open()));
    afterEach(async () => cleanup());

    const at = new Date('2026-09-01T07:00:00.000Z');
    const reminder = (key: string, recipient: string, notBefore = '2026-09-01T07:00:00.000Z', kind = 'aup'): NewReminder => ({
      key,
      kind,
      recipient,
      notBefore,
      data: { version: '2026', due: '2026-09-15' },
    });

    it('queues each key once, pending and due from notBefore, and lists them in the order queued', async () => {
      expect(await reminders.enqueue([reminder('aup-2026-09:p1', 'p1'), reminder('aup-2026-09:p2', 'p2')], at)).toBe(2);
      expect(await reminders.enqueue([reminder('aup-2026-09:p1', 'p1'), reminder('training:p1', 'p1', undefined, 'training')], at)).toBe(1);
      expect((await reminders.list()).map((r) => [r.key, r.status, r.attempts, r.nextAttemptAt])).toEqual([
        ['aup-2026-09:p1', 'pending', 0, '2026-09-01T07:00:00.000Z'],
        ['aup-2026-09:p2', 'pending', 0, '2026-09-01T07:00:00.000Z'],
        ['training:p1', 'pending', 0, '2026-09-01T07:00:00.000Z'],
      ]);
      expect((await reminders.list({ kind: 'aup' })).map((r) => r.key)).toEqual(['aup-2026-09:p1', 'aup-2026-09:p2']);
      expect((await reminders.list({ recipient: 'p1' })).map((r) => r.key)).toEqual(['aup-2026-09:p1', 'training:p1']);
      expect((await reminders.list({ kind: 'aup', recipient: 'p2' }))[0]).toMatchObject({
        key: 'aup-2026-09:p2',
        kind: 'aup',
        recipient: 'p2',
        notBefore: '2026-09-01T07:00:00.000Z',
        data: { version: '2026', due: '2026-09-15' },
      });
    });

    it('claims what is due, oldest first, up to the limit, leased until the lease lapses; one person at a time if asked', async () => {
      await reminders.enqueue(
        [
          reminder('later', 'p1', '2026-09-01T08:00:00.000Z'),
          reminder('first', 'p2', '2026-09-01T06:00:00.000Z'),
          reminder('second', 'p1', '2026-09-01T06:30:00.000Z'),
          reminder('third', 'p3', '2026-09-01T06:45:00.000Z'),
        ],
        at,
      );
      const now = new Date('2026-09-01T07:00:00.000Z');
      expect((await reminders.claimDue(now, 10, 60_000, 'p1')).map((r) => r.key)).toEqual(['second']);
      const claimed = await reminders.claimDue(now, 1, 60_000);
      expect(claimed.map((r) => [r.key, r.nextAttemptAt])).toEqual([['first', '2026-09-01T07:01:00.000Z']]);
      expect((await reminders.claimDue(now, 10, 60_000)).map((r) => r.key)).toEqual(['third']);
      expect(await reminders.claimDue(now, 10, 60_000)).toEqual([]);
      // the lease lapses: claimed again (the worker died)
      const again = await reminders.claimDue(new Date('2026-09-01T07:01:00.000Z'), 10, 60_000);
      expect(again.map((r) => r.key)).toEqual(['first', 'second', 'third']);
      for (const r of again) await reminders.complete(r.id, 'sent', new Date('2026-09-01T07:01:00.000Z'));
      expect((await reminders.claimDue(new Date('2026-09-01T08:00:00.000Z'), 10, 60_000)).map((r) => r.key)).toEqual(['later']);
      expect(await reminders.claimDue(new Date('2026-09-01T09:00:00.000Z'), 0, 60_000)).toEqual([]);
    });

    it('completes: sent or unreachable with why, never claimed again, and the first outcome stands', async () => {
      await reminders.enqueue([reminder('a', 'p1'), reminder('b', 'p2')], at);
      const [a, b] = await reminders.claimDue(at, 10, 60_000);
      await reminders.complete(a!.id, 'sent', at);
      await reminders.complete(b!.id, 'unreachable', at, 'They have not opened the bot yet.');
      await reminders.complete(b!.id, 'sent', at);
      await reminders.retryLater(a!.id, at, new Date('2026-09-01T08:00:00.000Z'), 'late report');
      expect((await reminders.list()).map((r) => [r.key, r.status, r.note ?? null, r.attempts])).toEqual([
        ['a', 'sent', null, 0],
        ['b', 'unreachable', 'They have not opened the bot yet.', 0],
      ]);
      expect(await reminders.claimDue(new Date('2026-09-02T00:00:00.000Z'), 10, 60_000)).toEqual([]);
    });

    it('retries later: pending until retryAt, counting attempts', async () => {
      await reminders.enqueue([reminder('a', 'p1')], at);
      const [a] = await reminders.claimDue(at, 10, 60_000);
      await reminders.retryLater(a!.id, at, new Date('2026-09-01T07:30:00.000Z'), 'Teams said 503');
      expect(await reminders.claimDue(new Date('2026-09-01T07:29:59.000Z'), 10, 60_000)).toEqual([]);
      expect(await reminders.claimDue(new Date('2026-09-01T07:30:00.000Z'), 10, 60_000)).toMatchObject([
        { key: 'a', attempts: 1, status: 'pending' },
      ]);
    });

    it('counts the backlog: due now, and pending including those that wait', async () => {
      await reminders.enqueue([reminder('a', 'p1'), reminder('b', 'p1', '2026-09-02T07:00:00.000Z'), reminder('c', 'p2')], at);
      const [first] = await reminders.claimDue(at, 1, 60_000);
      await reminders.complete(first!.id, 'sent', at);
      expect(await reminders.backlog(at)).toEqual({ due: 1, pending: 2 });
      expect(await reminders.backlog(new Date('2026-09-02T07:00:00.000Z'))).toEqual({ due: 2, pending: 2 });
    });

    it("wakes a person's waiting reminders when they open the bot; one waiting for its day still waits", async () => {
      await reminders.enqueue(
        [
          reminder('retrying', 'p1'),
          reminder('leased', 'p1'),
          reminder('its-day', 'p1', '2026-09-05T07:00:00.000Z'),
          reminder('other', 'p2'),
        ],
        at,
      );
      const claimed = await reminders.claimDue(at, 3, 60_000);
      await reminders.retryLater(
        claimed.find((r) => r.key === 'retrying')!.id,
        at,
        new Date('2026-09-01T10:00:00.000Z'),
        'unreachable for now',
      );
      const now = new Date('2026-09-01T07:00:30.000Z');
      expect(await reminders.wake('p1', now)).toBe(2);
      const woken = await reminders.claimDue(now, 10, 60_000, 'p1');
      expect(woken.map((r) => r.key).sort()).toEqual(['leased', 'retrying']);
      for (const r of woken) await reminders.complete(r.id, 'sent', now);
      // nothing left waiting to reach them but the one whose day has not come
      expect(await reminders.wake('p1', now)).toBe(0);
      expect((await reminders.list({ recipient: 'p1', kind: 'aup' })).map((r) => [r.key, r.status])).toEqual([
        ['retrying', 'sent'],
        ['leased', 'sent'],
        ['its-day', 'pending'],
      ]);
    });
  });
}
