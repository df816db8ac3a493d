// the durable outbox of posts the bot owes a school channel other than the case cards: today the
// governors' termly digest. a post is queued in the same transaction as the record it posts (see the
// `outbox` option of ComplianceRecords.claimDigest), so a digest is never saved without its post.
// the notification outbox is tied to a case and the reminder outbox to a person's chat; a channel post
// has neither, so it has this small queue of its own. the post is addressed when it is sent (the
// channel's stored service URL), never when it is queued.
// adapters: sqlite, postgres. contract: test/ports/channel-post-outbox.contract.ts.
import type { Json } from './incident-store.js';

/** the school channels (the profile's `channels`) such a post can go to */
export type SchoolChannel = 'governors';

export interface NewChannelPost {
  /** e.g. 'digest:<digest id>:1': the same key twice queues once */
  key: string;
  kind: 'digest';
  channel: SchoolChannel;
  /** ISO instant before which it is not sent */
  notBefore: string;
  /** small ids only (the digest's id and post number), never the record itself */
  data: Json;
}

export type ChannelPostStatus = 'pending' | 'sent' | 'failed';

export interface ChannelPost extends NewChannelPost {
  id: number;
  status: ChannelPostStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  /** why it failed for good, in plain English */
  note?: string;
}

export interface ChannelPostOutbox {
  /** queues each new key; returns how many were new */
  enqueue(items: readonly NewChannelPost[], at: Date): Promise<number>;
  /** up to `limit` pending posts due at `now`, oldest first, each leased for `leaseMs` (no other claim returns it meanwhile) */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<ChannelPost[]>;
  /** the heartbeat of a sender still posting: see NotificationOutbox.renew */
  renew(ids: readonly number[], now: Date, leaseMs: number): Promise<void>;
  /** sent, or refused for good (never tried again); a post already final is left as it is */
  complete(id: number, status: Exclude<ChannelPostStatus, 'pending'>, at: Date, note?: string): Promise<void>;
  /** not sent this time: stays pending, tried again at `retryAt`; attempts + 1 */
  retryLater(id: number, at: Date, retryAt: Date, error: string): Promise<void>;
  find(key: string): Promise<ChannelPost | undefined>;
  backlog(now: Date): Promise<{ due: number; pending: number }>;
}
