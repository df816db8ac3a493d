import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelPostOutbox, NewChannelPost } from '../../src/ports/channel-post-outbox.js';
import type { ComplianceRecords, DigestRecord } from '../../src/ports/compliance-records.js';

// the contract every ChannelPostOutbox adapter must keep, with the ComplianceRecords that queue into it.

const at = (time: string): Date => new Date(`2026-12-18T${time}.000Z`);
const post = (digestId: string, seq: number, time = '16:00:00'): NewChannelPost => ({
  key: `digest:${digestId}:${seq}`,
  kind: 'digest',
  channel: 'governors',
  notBefore: at(time).toISOString(),
  data: { digestId, seq },
});
const digest = (id: string, termKey = '2026-09-02'): DigestRecord & { termKey: string } => ({
  id,
  termName: 'Autumn 2026',
  termKey,
  createdAt: at('16:00:00').toISOString(),
  createdBy: 'the bot, at the end of term',
  digest: { incidents: 4 },
});

export function channelPostOutboxContract(
  adapterName: string,
  open: () => Promise<{ outbox: ChannelPostOutbox; records: ComplianceRecords; cleanup: () => Promise<void> }>,
): void {
  describe(`ChannelPostOutbox contract: ${adapterName}`, () => {
    let outbox: ChannelPostOutbox;
    let records: ComplianceRecords;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ outbox, records, cleanup } = await open()));
    afterEach(async () => cleanup());

    it('queues a key once, pending and due from notBefore, and leases what it hands out', async () => {
      expect(await outbox.enqueue([post('d1', 1), post('d1', 1)], at('16:00:00'))).toBe(1);
      expect(await outbox.enqueue([post('d1', 1)], at('16:00:01'))).toBe(0);
      expect(await outbox.claimDue(at('15:59:59'), 10, 60_000)).toEqual([]);
      const [claimed, ...rest] = await outbox.claimDue(at('16:00:00'), 10, 60_000);
      expect(rest).toEqual([]);
      expect(claimed).toEqual({
        ...post('d1', 1),
        id: expect.any(Number),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at('16:01:00').toISOString(),
      });
      // leased: nobody else gets it until the lease lapses
      expect(await outbox.claimDue(at('16:00:30'), 10, 60_000)).toEqual([]);
      expect((await outbox.claimDue(at('16:01:00'), 10, 60_000)).map((p) => p.key)).toEqual(['digest:d1:1']);
      expect(await outbox.backlog(at('16:01:00'))).toEqual({ due: 0, pending: 1 });
    });

    it('a post tried again later keeps its error and counts the attempt; a final post is left as it is', async () => {
      await outbox.enqueue([post('d1', 1)], at('16:00:00'));
      const [p] = await outbox.claimDue(at('16:00:00'), 10, 60_000);
      await outbox.retryLater(p!.id, at('16:00:01'), at('16:00:06'), 'Teams answered 503');
      expect(await outbox.find('digest:d1:1')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Teams answered 503' });
      expect(await outbox.claimDue(at('16:00:05'), 10, 60_000)).toEqual([]);
      expect(await outbox.backlog(at('16:00:06'))).toEqual({ due: 1, pending: 1 });
      await outbox.complete(p!.id, 'sent', at('16:00:07'));
      await outbox.complete(p!.id, 'failed', at('16:00:08'), 'too late');
      await outbox.retryLater(p!.id, at('16:00:09'), at('16:00:10'), 'too late');
      expect(await outbox.find('digest:d1:1')).toMatchObject({ status: 'sent', attempts: 1 });
      expect(await outbox.claimDue(at('17:00:00'), 10, 60_000)).toEqual([]);
      expect(await outbox.backlog(at('17:00:00'))).toEqual({ due: 0, pending: 0 });
      expect(await outbox.find('digest:nope:1')).toBeUndefined();
    });

    it('renews the lease of a post still being sent, so a crash frees it within one lease and a live sender keeps it', async () => {
      await outbox.enqueue([post('d1', 1), post('d2', 1)], at('16:00:00'));
      const [slow, done] = await outbox.claimDue(at('16:00:00'), 10, 15_000);
      await outbox.complete(done!.id, 'sent', at('16:00:02'));
      await outbox.renew([slow!.id, done!.id], at('16:00:10'), 15_000);
      expect(await outbox.claimDue(at('16:00:24'), 10, 15_000)).toEqual([]);
      expect(await outbox.find('digest:d1:1')).toMatchObject({ status: 'pending', nextAttemptAt: at('16:00:25').toISOString() });
      expect(await outbox.find('digest:d2:1')).toMatchObject({ status: 'sent' });
      expect((await outbox.claimDue(at('16:00:25'), 10, 15_000)).map((p) => p.key)).toEqual(['digest:d1:1']);
    });

    it('a failed post keeps why', async () => {
      await outbox.enqueue([post('d1', 1)], at('16:00:00'));
      const [p] = await outbox.claimDue(at('16:00:00'), 10, 60_000);
      await outbox.complete(p!.id, 'failed', at('16:00:01'), 'Teams answered 403');
      expect(await outbox.find('digest:d1:1')).toMatchObject({ status: 'failed', note: 'Teams answered 403' });
    });

    it("claiming a term's digest queues its post in the same step, and a lost claim queues nothing", async () => {
      expect(await records.claimDigest(digest('d1'), at('16:00:00'), { outbox: [post('d1', 1)] })).toEqual({ claimed: true });
      expect(await records.claimDigest(digest('d2'), at('16:00:01'), { outbox: [post('d2', 1)] })).toMatchObject({ claimed: false });
      expect((await outbox.claimDue(at('16:00:01'), 10, 60_000)).map((p) => p.key)).toEqual(['digest:d1:1']);
      expect(await outbox.find('digest:d2:1')).toBeUndefined();
      // the post is recorded as begun, not posted, until the channel takes it
      expect(await records.digestPosts('d1')).toEqual([
        { seq: 1, by: 'the bot, at the end of term', startedAt: at('16:00:00').toISOString() },
      ]);
    });

    it('claiming "post it again" queues that post in the same step, once however often it is pressed', async () => {
      await records.claimDigest(digest('d1'), at('16:00:00'), { outbox: [post('d1', 1)] });
      expect(await records.claimDigestPost('d1', 2, 'Priya Shah', at('16:10:00'), { outbox: [post('d1', 2, '16:10:00')] })).toBe(true);
      expect(await records.claimDigestPost('d1', 2, 'Priya Shah', at('16:10:01'), { outbox: [post('d1', 2, '16:10:01')] })).toBe(false);
      expect(await records.claimDigestPost('gone', 2, 'Priya Shah', at('16:10:02'), { outbox: [post('gone', 2, '16:10:02')] })).toBe(false);
      expect((await outbox.claimDue(at('16:11:00'), 10, 60_000)).map((p) => p.key)).toEqual(['digest:d1:1', 'digest:d1:2']);
      expect(await outbox.find('digest:gone:2')).toBeUndefined();
    });
  });
}
