import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, NotFoundError, type IncidentStore, type NewIncidentEvent } from '../../src/ports/incident-store.js';
import type { NotificationOutbox, OutboxItem } from '../../src/ports/notification-outbox.js';
import { newIncident, reportedEvent, staffReporter } from './incident-store.contract.js';

// the contract every NotificationOutbox adapter must keep, with the IncidentStore that queues into it.

const t = (time: string): string => `2026-11-24T${time}.000Z`;
const at = (time: string): Date => new Date(t(time));

const priya = 'a1b2c3d4-0000-4000-8000-000000000002';
const approver = { aadObjectId: priya, displayName: 'Priya Shah' };
const event = (type: string, time: string): NewIncidentEvent => ({ type, at: t(time), actor: approver });

const card: OutboxItem = { key: 'channel-card', kind: 'channel-card', notBefore: t('09:15:00') };
const notice = (key: string, time = '09:15:00'): OutboxItem => ({
  key,
  kind: 'reporter-update',
  recipient: staffReporter.aadObjectId,
  notBefore: t(time),
});
const alert: OutboxItem = {
  key: 'unacknowledged-alert',
  kind: 'unacknowledged-alert',
  recipient: priya,
  notBefore: t('09:30:00'),
  data: { minutes: 15 },
};

export function notificationOutboxContract(
  adapterName: string,
  open: () => Promise<{ store: IncidentStore; outbox: NotificationOutbox; cleanup: () => Promise<void> }>,
): void {
  describe(`NotificationOutbox contract: ${adapterName}`, () => {
    let store: IncidentStore;
    let outbox: NotificationOutbox;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, outbox, cleanup } = await open()));
    afterEach(async () => cleanup());

    const keys = async (incidentId: string): Promise<string[]> => (await outbox.forIncident(incidentId)).map((n) => n.key);

    it('queues what create, update and appendEvent carry, pending, in the order queued', async () => {
      const created = await store.create(newIncident(), reportedEvent, 'OS', { outbox: [card] });
      const routed: OutboxItem = { key: 'routed:priya', kind: 'routed', recipient: priya, notBefore: t('09:20:00'), data: { role: 'dsl' } };
      await store.update(created.id, 1, { status: 'escalated' }, event('approved', '09:20:00'), { outbox: [routed] });
      const question: OutboxItem = {
        key: 'question:q1',
        kind: 'reporter-question',
        recipient: staffReporter.aadObjectId,
        notBefore: t('09:25:00'),
        data: { questionId: 'q1' },
      };
      await store.appendEvent(created.id, event('question-asked', '09:25:00'), { outbox: [question] });

      const queued = await outbox.forIncident(created.id);
      const fresh = (item: OutboxItem, time: string) => ({
        ...item,
        id: expect.any(Number),
        incidentId: created.id,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: item.notBefore,
        createdAt: t(time),
        updatedAt: t(time),
      });
      expect(queued).toEqual([fresh(card, '09:15:00'), fresh(routed, '09:20:00'), fresh(question, '09:25:00')]);
      expect(queued[0]!.recipient).toBeUndefined();
      expect(new Set(queued.map((n) => n.id)).size).toBe(3);
      expect(await outbox.forIncident('no-such-incident')).toEqual([]);
    });

    it('queues a key once per incident: a repeated submission, a repeated action, a repeat within one change', async () => {
      const input = newIncident({ idempotencyKey: 'flow-outbox-repeat' });
      const first = await store.create(input, reportedEvent, 'OS', { outbox: [card] });
      // the repeated submission writes nothing, not even an item the first did not carry
      await store.create(input, reportedEvent, 'OS', { outbox: [card, notice('received')] });
      await store.appendEvent(first.id, event('note', '09:20:00'), { outbox: [{ ...card, data: { changed: true } }, alert, alert] });
      const other = await store.create(newIncident(), reportedEvent, 'OS', { outbox: [card] });

      const queued = await outbox.forIncident(first.id);
      expect(queued.map((n) => [n.key, n.data ?? null])).toEqual([
        ['channel-card', null],
        ['unacknowledged-alert', { minutes: 15 }],
      ]);
      expect(await keys(other.id)).toEqual(['channel-card']);
    });

    it('queues a school-wide notice once across all incidents, whichever change carries it first', async () => {
      const broken = (who: string): OutboxItem => ({
        key: `delivery-broken:channel:19:safeguarding@thread.tacv2:${who}`,
        kind: 'delivery-broken',
        recipient: who,
        notBefore: t('09:20:00'),
        data: { target: 'channel', channel: 'safeguarding', channelName: 'Safeguarding' },
      });
      const first = await store.create(newIncident(), reportedEvent, 'OS', { outbox: [card] });
      const second = await store.create(newIncident(), reportedEvent, 'OS', { outbox: [card] });
      await store.appendEvent(first.id, event('delivery-failed', '09:20:00'), { outbox: [broken(priya)] });
      // a second case finding the same fault queues nothing for priya, and the first notice for someone else
      await store.appendEvent(second.id, event('delivery-failed', '09:21:00'), {
        outbox: [broken(priya), broken(staffReporter.aadObjectId)],
      });
      // an ordinary kind is still unique within its incident only
      await store.appendEvent(second.id, event('note', '09:22:00'), { outbox: [{ ...broken(priya), kind: 'reporter-update' }] });

      expect(await keys(first.id)).toEqual(['channel-card', broken(priya).key]);
      expect(await keys(second.id)).toEqual(['channel-card', broken(staffReporter.aadObjectId).key, broken(priya).key]);
      expect((await outbox.forIncident(first.id))[1]).toMatchObject({ ...broken(priya), status: 'pending', attempts: 0 });

      // finished or not, it is never queued again
      const claimed = await outbox.claimDue(at('09:30:00'), 10, 60_000);
      for (const n of claimed) await outbox.complete(n.id, 'unreachable', at('09:30:01'), 'Teams refused the notice (404)');
      const third = await store.create(newIncident(), reportedEvent, 'OS', { outbox: [broken(priya)] });
      expect(await keys(third.id)).toEqual([]);
    });

    it('does not claim a timer before it falls due, and claims it the moment it does', async () => {
      await store.create(newIncident(), reportedEvent, 'OS', { outbox: [notice('received'), alert] });
      const early = await outbox.claimDue(at('09:29:59'), 10, 60_000);
      expect(early.map((n) => n.key)).toEqual(['received']);
      expect(await outbox.claimDue(at('09:29:59'), 10, 60_000)).toEqual([]);
      expect((await outbox.claimDue(at('09:30:00'), 10, 60_000)).map((n) => n.key)).toEqual(['unacknowledged-alert']);
    });

    it('leases what it claims: oldest due first, up to the limit, and not again until the lease lapses', async () => {
      const a = await store.create(newIncident(), reportedEvent, 'OS', {
        outbox: [notice('a-late', '09:17:00'), notice('a-early', '09:15:00')],
      });
      await store.create(newIncident(), reportedEvent, 'OS', { outbox: [notice('b', '09:16:00')] });

      expect(await outbox.claimDue(at('09:20:00'), 0, 60_000)).toEqual([]);
      const first = await outbox.claimDue(at('09:20:00'), 2, 60_000);
      expect(first.map((n) => [n.key, n.status, n.attempts, n.nextAttemptAt])).toEqual([
        ['a-early', 'pending', 0, t('09:21:00')],
        ['b', 'pending', 0, t('09:21:00')],
      ]);
      // what was claimed is what the outbox now holds
      expect((await outbox.forIncident(a.id)).find((n) => n.key === 'a-early')).toEqual(first[0]);
      expect((await outbox.claimDue(at('09:20:00'), 10, 60_000)).map((n) => n.key)).toEqual(['a-late']);
      expect(await outbox.claimDue(at('09:20:00'), 10, 60_000)).toEqual([]);
      expect(await outbox.claimDue(new Date(at('09:21:00').getTime() - 1), 10, 60_000)).toEqual([]);

      // a worker that claimed and crashed: its messages come round again, not counted as attempts
      const again = await outbox.claimDue(at('09:21:00'), 10, 30_000);
      expect(again.map((n) => n.key).sort()).toEqual(['a-early', 'a-late', 'b']);
      expect(again.map((n) => [n.attempts, n.nextAttemptAt])).toEqual([
        [0, t('09:21:30')],
        [0, t('09:21:30')],
        [0, t('09:21:30')],
      ]);
    });

    it('retries later: stays pending until retryAt, counting attempts and keeping the last error', async () => {
      const created = await store.create(newIncident(), reportedEvent, 'OS', { outbox: [notice('received')] });
      const [claimed] = await outbox.claimDue(at('09:16:00'), 10, 60_000);
      await outbox.retryLater(claimed!.id, at('09:16:05'), at('09:18:00'), 'Teams answered 429');
      expect(await outbox.forIncident(created.id)).toEqual([
        {
          ...claimed,
          status: 'pending',
          attempts: 1,
          nextAttemptAt: t('09:18:00'),
          lastError: 'Teams answered 429',
          updatedAt: t('09:16:05'),
        },
      ]);
      expect(await outbox.claimDue(at('09:17:59'), 10, 60_000)).toEqual([]);

      const [retried] = await outbox.claimDue(at('09:18:00'), 10, 60_000);
      expect(retried).toMatchObject({ id: claimed!.id, attempts: 1, lastError: 'Teams answered 429' });
      await outbox.retryLater(claimed!.id, at('09:18:02'), at('09:22:00'), 'Teams answered 502');
      expect((await outbox.forIncident(created.id))[0]).toMatchObject({
        attempts: 2,
        nextAttemptAt: t('09:22:00'),
        lastError: 'Teams answered 502',
      });
    });

    it('completes: a message with an outcome is never claimed again, and shows its outcome and note', async () => {
      const created = await store.create(newIncident(), reportedEvent, 'OS', { outbox: [card, alert, notice('received')] });
      const claimed = await outbox.claimDue(at('09:30:00'), 10, 60_000);
      const id = (key: string): number => claimed.find((n) => n.key === key)!.id;
      await outbox.complete(id('channel-card'), 'sent', at('09:30:01'));
      await outbox.complete(id('unacknowledged-alert'), 'cancelled', at('09:30:02'), 'acknowledged in time');
      await outbox.complete(id('received'), 'unreachable', at('09:30:03'), 'Sam has not installed the bot');

      expect(await outbox.claimDue(at('12:00:00'), 10, 60_000)).toEqual([]);
      const done = await outbox.forIncident(created.id);
      expect(done.map((n) => [n.key, n.status, n.note ?? null, n.updatedAt])).toEqual([
        ['channel-card', 'sent', null, t('09:30:01')],
        ['unacknowledged-alert', 'cancelled', 'acknowledged in time', t('09:30:02')],
        ['received', 'unreachable', 'Sam has not installed the bot', t('09:30:03')],
      ]);
    });

    it('keeps the first outcome: a late report from a worker whose lease lapsed changes nothing', async () => {
      const created = await store.create(newIncident(), reportedEvent, 'OS', { outbox: [card, notice('received')] });
      const [c, r] = await outbox.claimDue(at('09:16:00'), 10, 60_000);
      await outbox.complete(c!.id, 'sent', at('09:16:01'));
      await outbox.complete(r!.id, 'cancelled', at('09:16:02'), 'closed');
      const before = await outbox.forIncident(created.id);
      await outbox.complete(c!.id, 'unreachable', at('09:17:01'), 'timed out');
      await outbox.retryLater(r!.id, at('09:17:02'), at('09:18:00'), 'Teams answered 503');
      expect(await outbox.forIncident(created.id)).toEqual(before);
      expect(await outbox.claimDue(at('12:00:00'), 10, 60_000)).toEqual([]);
    });

    it('counts the backlog: due, pending (timers too) and the oldest due', async () => {
      expect(await outbox.backlog(at('09:20:00'))).toEqual({ due: 0, pending: 0 });
      await store.create(newIncident(), reportedEvent, 'OS', {
        outbox: [notice('n1', '09:10:00'), notice('n2', '09:12:00'), alert, notice('done', '09:05:00')],
      });
      const [done] = await outbox.claimDue(at('09:06:00'), 1, 60_000);
      expect(done!.key).toBe('done');
      await outbox.complete(done!.id, 'sent', at('09:06:01'));

      expect(await outbox.backlog(at('09:20:00'))).toEqual({ due: 2, pending: 3, oldestDueAt: t('09:10:00') });
      await outbox.claimDue(at('09:20:00'), 1, 60_000); // n1, leased until 09:21
      expect(await outbox.backlog(at('09:20:00'))).toEqual({ due: 1, pending: 3, oldestDueAt: t('09:12:00') });
      expect(await outbox.backlog(at('10:00:00'))).toEqual({ due: 3, pending: 3, oldestDueAt: t('09:12:00') });
    });

    it('remembers where a case card was posted, and the newer post replaces the older', async () => {
      const created = await store.create(newIncident(), reportedEvent, 'OS');
      const post = {
        incidentId: created.id,
        conversationId: '19:safeguarding@thread.tacv2',
        activityId: '1732440000000',
        serviceUrl: 'https://smba.invalid/',
      };
      expect(await outbox.findPost(created.id)).toBeUndefined();
      await outbox.rememberPost(post);
      expect(await outbox.findPost(created.id)).toEqual(post);
      const reposted = { ...post, activityId: '1732440999999', serviceUrl: 'https://smba.invalid/emea/' };
      await outbox.rememberPost(reposted);
      expect(await outbox.findPost(created.id)).toEqual(reposted);
      expect(await outbox.findPost('no-such-incident')).toBeUndefined();
    });

    it('claims urgent messages first: a critical alert and a case card before older ordinary notices', async () => {
      const routedAlert: OutboxItem = {
        key: 'routed:priya',
        kind: 'routed',
        recipient: priya,
        notBefore: t('09:15:30'),
        data: { stage: 'alert' },
      };
      const routedLater: OutboxItem = {
        key: 'routed:it',
        kind: 'routed',
        recipient: priya,
        notBefore: t('09:10:00'),
        data: { stage: 'decided' },
      };
      await store.create(newIncident(), reportedEvent, 'OS', {
        outbox: [notice('old-notice', '09:05:00'), routedLater, { ...card, notBefore: t('09:15:45') }, routedAlert],
      });
      const order = (await outbox.claimDue(at('09:16:00'), 10, 60_000)).map((n) => n.key);
      expect(order).toEqual(['routed:priya', 'channel-card', 'old-notice', 'routed:it']);
    });

    it('renews the lease of what a worker still holds, and nothing it no longer holds', async () => {
      const created = await store.create(newIncident(), reportedEvent, 'OS', { outbox: [notice('slow'), notice('done')] });
      const [slow, done] = await outbox.claimDue(at('09:16:00'), 10, 15_000);
      await outbox.complete(done!.id, 'sent', at('09:16:05'));
      // the heartbeat at 09:16:10 holds the slow send until 09:16:25
      await outbox.renew([slow!.id, done!.id], at('09:16:10'), 15_000);
      expect(await outbox.claimDue(at('09:16:24'), 10, 15_000)).toEqual([]);
      const byKey = Object.fromEntries((await outbox.forIncident(created.id)).map((n) => [n.key, [n.status, n.nextAttemptAt]]));
      expect(byKey).toEqual({ slow: ['pending', t('09:16:25')], done: ['sent', t('09:16:15')] });
      // the heartbeat stopped (the worker died): another worker gets it when the lease lapses
      expect((await outbox.claimDue(at('09:16:25'), 10, 15_000)).map((n) => n.key)).toEqual(['slow']);
      await outbox.renew([], at('09:16:30'), 15_000);
    });

    it('keeps its retry time: a renewal after the worker let go of a message leaves its Retry-After alone', async () => {
      const created = await store.create(newIncident(), reportedEvent, 'OS', { outbox: [notice('throttled')] });
      const [claimed] = await outbox.claimDue(at('09:16:00'), 10, 15_000);
      await outbox.retryLater(claimed!.id, at('09:16:01'), at('09:20:00'), 'Teams answered 429');
      await outbox.renew([claimed!.id], at('09:16:04'), 15_000);
      expect((await outbox.forIncident(created.id))[0]).toMatchObject({ status: 'pending', nextAttemptAt: t('09:20:00') });
    });

    it('notes a case card post before it is sent: one started and never finished makes the next a possible second copy', async () => {
      const created = await store.create(newIncident(), reportedEvent, 'OS');
      const other = await store.create(newIncident(), reportedEvent, 'OS');
      const post = { incidentId: created.id, conversationId: '19:sg@thread.tacv2', activityId: '17', serviceUrl: 'https://smba.invalid/' };
      expect(await outbox.startPost(created.id, at('09:16:00'))).toBe(false);
      // the process died while Teams had the post: the next start says an earlier copy may exist
      expect(await outbox.startPost(created.id, at('09:16:20'))).toBe(true);
      await outbox.rememberPost(post);
      expect(await outbox.findPost(created.id)).toEqual(post);
      // finished: a later first post of the same case (after the card was lost) starts clean
      expect(await outbox.startPost(created.id, at('09:30:00'))).toBe(false);
      // a post Teams refused (it answered 429 or 403) left no copy: the next is a first post again
      expect(await outbox.startPost(other.id, at('09:16:00'))).toBe(false);
      await outbox.abandonPost(other.id);
      expect(await outbox.startPost(other.id, at('09:16:30'))).toBe(false);
    });

    it('queues nothing when the change is refused: a stale version, an unknown incident, an unreadable time', async () => {
      const created = await store.create(newIncident(), reportedEvent, 'OS', { outbox: [card] });
      await store.update(created.id, 1, { status: 'escalated' }, event('approved', '09:20:00'), { outbox: [notice('approved')] });
      await expect(
        store.update(created.id, 1, { status: 'closed' }, event('closed', '09:21:00'), { outbox: [notice('closed')] }),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.update('no-such-incident', 1, {}, event('x', '09:22:00'), { outbox: [card] })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(store.appendEvent('no-such-incident', event('x', '09:22:00'), { outbox: [card] })).rejects.toBeInstanceOf(NotFoundError);
      expect(await keys(created.id)).toEqual(['channel-card', 'approved']);
      expect(await outbox.forIncident('no-such-incident')).toEqual([]);

      // an item that cannot be queued takes the change down with it: all or nothing
      await expect(
        store.update(created.id, 2, { status: 'closed' }, event('closed', '09:23:00'), {
          outbox: [notice('ok'), { ...card, key: 'bad', notBefore: 'not a time' }],
        }),
      ).rejects.toThrow();
      expect(await store.get(created.id)).toMatchObject({ status: 'escalated', version: 2 });
      expect(await store.events(created.id)).toHaveLength(2);
      expect(await keys(created.id)).toEqual(['channel-card', 'approved']);
    });
  });
}
