// sends the governors' digest posts queued in the channel-post outbox, keeping each until it is sent:
// a throttled or failed post waits (Retry-After, else backoff) and is tried again, across restarts. the
// channel is addressed when the post is sent, from the service URL the bot last saw stored in the
// conversation directory, never from memory, so a post owed after a restart goes before anyone writes
// to the bot. the digest is recorded as posted only when Teams took it; a post refused for good is
// forgotten (and with it a digest no one has seen), so the term's digest can be asked for again.
import type { Digest, SchoolProfile } from '../../domain/index.js';
import type { Logger } from '../../observability/logger.js';
import type { ChannelPost, ChannelPostOutbox, NewChannelPost } from '../../ports/channel-post-outbox.js';
import type { ComplianceRecords } from '../../ports/compliance-records.js';
import type { ConversationDirectory } from '../../ports/conversation-directory.js';
import { DeliveryError, type Messenger, type OutgoingMessage } from '../../ports/messenger.js';
import { BackgroundWorker } from '../background-worker.js';
import { LeaseKeeper, SHORT_LEASE } from '../lease-keeper.js';
import { OUTBOX_BACKOFF, retryWaitMs } from '../retry.js';
import { digestOf } from './stored-digest.js';

/** how a post queued a moment ago went when it was sent straight away */
export type SendOutcome = { outcome: 'sent' } | { outcome: 'waiting'; why: string } | { outcome: 'refused'; why: string };

/** the outbox key of post number `seq` of a digest */
export const digestPostKey = (digestId: string, seq: number): string => `digest:${digestId}:${seq}`;

/** post number `seq` of a digest to the governors' channel, as queued with it (only its id and number) */
export function digestPost(digestId: string, seq: number, at: Date): NewChannelPost {
  return { key: digestPostKey(digestId, seq), kind: 'digest', channel: 'governors', notBefore: at.toISOString(), data: { digestId, seq } };
}

export interface DigestSenderDeps {
  outbox: ChannelPostOutbox;
  records: ComplianceRecords;
  messenger: Messenger;
  conversations: Pick<ConversationDirectory, 'serviceUrl'>;
  profile: SchoolProfile;
  /** the digest's card for the channel (adapters/teams/cards/digest-card.ts, with its chart) */
  compose: (digestId: string, digest: Digest) => OutgoingMessage;
  logger: Logger;
  now: () => Date;
  tenantId?: string;
  /** jitter source, 0..1 (tests pass a constant) */
  random?: () => number;
}

type Counts = Record<'sent' | 'retrying' | 'failed', number>;

export class DigestSender extends BackgroundWorker<Counts> {
  private readonly leases: LeaseKeeper;

  constructor(private readonly deps: DigestSenderDeps) {
    super('digest post', deps.logger);
    this.leases = new LeaseKeeper((ids, now, ms) => deps.outbox.renew(ids, now, ms), SHORT_LEASE, deps.now, deps.logger);
  }

  /** sends what is due, the post `key` among it, and says how that post went */
  async sendNow(key: string): Promise<SendOutcome> {
    await this.runQueuedNow();
    const post = await this.deps.outbox.find(key);
    if (post?.status === 'sent') return { outcome: 'sent' };
    if (!post || post.status === 'failed') return { outcome: 'refused', why: post?.note ?? 'the post was not queued' };
    return { outcome: 'waiting', why: post.lastError ?? 'not sent yet' };
  }

  protected async drain(limit: number): Promise<Counts> {
    const counts: Counts = { sent: 0, retrying: 0, failed: 0 };
    for (let round = 0; round < 10; round++) {
      const batch = await this.deps.outbox.claimDue(this.deps.now(), limit || 10, SHORT_LEASE.leaseMs);
      if (batch.length === 0) break;
      // held, and renewed every few seconds, while each is posted (a crash frees them in seconds)
      this.leases.hold(batch.map((p) => p.id));
      for (const post of batch) {
        try {
          counts[await this.deliver(post)]++;
        } finally {
          this.leases.release([post.id]);
        }
      }
    }
    return counts;
  }

  private async deliver(post: ChannelPost): Promise<keyof Counts> {
    const { outbox, records, logger } = this.deps;
    const { digestId, seq } = (post.data ?? {}) as { digestId?: string; seq?: number };
    const record = digestId ? await records.digest(digestId) : undefined;
    if (!record || typeof seq !== 'number') {
      await outbox.complete(post.id, 'failed', this.deps.now(), 'the digest was not found');
      return 'failed';
    }
    const channel = this.deps.profile.channels[post.channel];
    try {
      const serviceUrl = (await this.deps.conversations.serviceUrl(channel.channelId)) ?? (await this.deps.conversations.serviceUrl());
      if (!serviceUrl) throw new DeliveryError('no Teams service URL is known yet: waiting for the first message to the bot', true);
      const target = { teamId: channel.teamId, channelId: channel.channelId, serviceUrl };
      await this.deps.messenger.postToChannel(
        this.deps.tenantId ? { ...target, tenantId: this.deps.tenantId } : target,
        this.deps.compose(record.id, digestOf(record)),
      );
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message, true);
      if (!failure.transient) {
        // nothing reached the governors: the claim is freed, so asking again (or the next tick) tries again
        await records.digestPostFailed(record.id, seq);
        await outbox.complete(post.id, 'failed', this.deps.now(), failure.message);
        logger.warn({ event: 'channel-post-refused', kind: post.kind, status: failure.status }, 'Teams refused the post for good');
        return 'failed';
      }
      const wait = retryWaitMs(failure.retryAfterMs, post.attempts, OUTBOX_BACKOFF, this.deps.random);
      const retryAt = new Date(this.deps.now().getTime() + wait);
      await outbox.retryLater(post.id, this.deps.now(), retryAt, failure.message);
      logger.warn(
        {
          event: 'channel-post-retry',
          kind: post.kind,
          status: failure.status,
          attempts: post.attempts + 1,
          retryAt: retryAt.toISOString(),
        },
        'the post will be retried',
      );
      return 'retrying';
    }
    // the record first: a crash before the outbox is told may post twice, never leave a post unrecorded
    await records.digestPosted(record.id, seq, this.deps.now());
    await outbox.complete(post.id, 'sent', this.deps.now());
    logger.info({ event: 'channel-post-sent', kind: post.kind }, 'posted to the channel');
    return 'sent';
  }
}
