// a polite sender for what the bot says unprompted: wraps another Messenger (TeamsMessenger) and keeps
// each call under Teams' rate limits before it is made, instead of finding them with 429s. Each
// conversation (a person's 1:1 chat, a channel) is a lane: its calls go one at a time, in the order
// they were asked for, each when the conversation's sliding windows and the tenant's allow it; lanes
// go side by side. A 429 that still comes back pauses the conversation (and, when several
// conversations get one at once, the whole tenant) for Retry-After, then the call is tried again, a
// few times, then the 429 goes to the caller (the outbox keeps the message and tries again later).
// The tenant's windows (and a tenant-wide pause) are kept in a RateBudget (src/ports/rate-budget.ts): in
// this process by default, in the database when several instances share one PostgreSQL.
import { backoffMs, type BackoffPolicy } from '../../app/retry.js';
import { DeliveryError, type ChannelTarget, type Messenger, type OutgoingMessage, type PostedMessage } from '../../ports/messenger.js';
import type { RateBudget } from '../../ports/rate-budget.js';
import {
  checkWindows,
  InProcessRateBudget,
  recordCall,
  waitForCapacity,
  type RateWindow,
  type TenantBudgetLimits,
} from '../in-process-rate-budget.js';

export { waitForCapacity, type RateWindow };

export interface RateLimits {
  /** per conversation (Teams: "per bot per thread") */
  conversation: readonly RateWindow[];
  /** all calls together (Teams: "per app per tenant"); the bot serves one school's tenant */
  tenant: readonly RateWindow[];
}

/**
 * Microsoft's documented limits for "send to conversation" and "create conversation", from
 * "Optimize your bot with rate limiting in Teams"
 * (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit): per bot per thread
 * 7 in 1 s, 8 in 2 s, 60 in 30 s, 1800 in 3600 s. The per-app-per-tenant limit has been published
 * as 30 requests per second (the page's source in MicrosoftDocs/msteams-docs) and as 50 (Microsoft Q&A
 * answers quoting the page): we take the lower. Microsoft says the values are subject to change.
 */
export const TEAMS_RATE_LIMITS: RateLimits = {
  conversation: [
    { windowMs: 1_000, max: 7 },
    { windowMs: 2_000, max: 8 },
    { windowMs: 30_000, max: 60 },
    { windowMs: 3_600_000, max: 1_800 },
  ],
  tenant: [{ windowMs: 1_000, max: 30 }],
};

/** the limits scaled by `fraction` (rounded down, at least 1 per window) */
export function withMargin(limits: RateLimits, fraction: number): RateLimits {
  const scale = (windows: readonly RateWindow[]) =>
    windows.map((w) => ({ windowMs: w.windowMs, max: Math.max(1, Math.floor(w.max * fraction)) }));
  return { conversation: scale(limits.conversation), tenant: scale(limits.tenant) };
}

/** what we keep to by default: 90% of Microsoft's (6/1 s, 7/2 s, 54/30 s, 1620/h per conversation; 27/s per tenant, 3 per 100 ms) */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  ...withMargin(TEAMS_RATE_LIMITS, 0.9),
  // and paced within the second (3 in any 100 ms): a second's calls spread out rather than leave in one
  // burst, which a connector counting its own seconds (or two instances' clocks a few ms apart) could see
  // as more than the second allows
  tenant: [...withMargin(TEAMS_RATE_LIMITS, 0.9).tenant, { windowMs: 100, max: 3 }],
};

export interface ThrottleEvent {
  /** the conversation the 429 came from */
  conversation: string;
  /** 1 for the first 429 of this call */
  attempt: number;
  /** how long the conversation (or the tenant) is paused */
  waitMs: number;
  tenantWide: boolean;
  /** the 429 goes to the caller: no retries left */
  givenUp: boolean;
}

export interface RateLimitedMessengerOptions {
  limits?: RateLimits;
  /** 429s retried per call before the error goes to the caller (default 3: four tries in all) */
  maxRetries?: number;
  /** the pause after the n-th 429 (n from 1) when the 429 has no Retry-After (default 1 s, 2 s, 4 s ... up to 60 s, with jitter) */
  backoffMs?: (attempt: number) => number;
  /**
   * a 429 looks tenant-wide, and pauses every conversation, when `conversations` different
   * conversations get one within `withinMs` (default 3 in 1 s): we keep each conversation under
   * its own limits, so 429s from several at once point at the tenant's
   */
  tenantWide?: { conversations: number; withinMs: number };
  /** each 429 seen (for logs and figures) */
  onThrottle?: (event: ThrottleEvent) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** jitter source for the default backoff, 0..1 */
  random?: () => number;
  /**
   * the share of the tenant's windows that bulk sends (reminders, digests: see bulk()) may use
   * (default 0.75): the rest is kept free, so an alert about a child never queues behind a thousand
   * reminders
   */
  bulkShare?: number;
  /**
   * where the tenant's windows are kept (default: in this process, from `limits.tenant` and `bulkShare`).
   * several instances on one database pass the database's budget, so together they keep to one limit;
   * the budget then has its own windows and share, and `limits.tenant` is not used.
   */
  tenantBudget?: RateBudget;
}

interface Lane {
  /** the last call queued here: the next waits for it (FIFO) */
  tail: Promise<void>;
  /** calls queued or running */
  pending: number;
  /** when each of the recent calls was made, ascending */
  calls: number[];
  pausedUntil: number;
}

/** 1 s, 2 s, 4 s ... up to 60 s, ±20 % */
const THROTTLE_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000, jitter: { min: 0.8, spread: 0.4 } };
/** new calls between sweeps of the conversations nobody is sending to any more */
const SWEEP_EVERY = 500;

/** the conversation a call goes to: a channel post and a card update in it share the channel's */
const conversationOf = (id: string | undefined): string => (id ?? '(no conversation)').replace(/;messageid=\d+$/, '');

export class RateLimitedMessenger implements Messenger {
  private readonly limits: RateLimits;
  private readonly maxRetries: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly backoff: (attempt: number) => number;
  private readonly tenantWide: { conversations: number; withinMs: number };
  private readonly lanes = new Map<string, Lane>();
  private tenant: RateBudget;
  /** the tenant's windows and bulk share this sender keeps to: what a shared budget is opened with */
  readonly tenantLimits: TenantBudgetLimits;
  /** recent 429s, to tell a tenant-wide throttle from one conversation's */
  private recent429s: Array<{ conversation: string; at: number }> = [];
  private callsSinceSweep = 0;
  private readonly longestConversationWindow: number;

  constructor(
    private readonly inner: Messenger,
    private readonly options: RateLimitedMessengerOptions = {},
  ) {
    this.limits = options.limits ?? DEFAULT_RATE_LIMITS;
    checkWindows([...this.limits.conversation, ...this.limits.tenant]);
    this.maxRetries = options.maxRetries ?? 3;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    // attempt counts 429s from 1; the policy counts from 0
    this.backoff = options.backoffMs ?? ((attempt) => backoffMs(attempt - 1, THROTTLE_BACKOFF, random));
    this.tenantWide = options.tenantWide ?? { conversations: 3, withinMs: 1_000 };
    this.longestConversationWindow = Math.max(0, ...this.limits.conversation.map((w) => w.windowMs));
    this.tenantLimits = { windows: this.limits.tenant, bulkShare: options.bulkShare ?? 0.75 };
    this.tenant = options.tenantBudget ?? new InProcessRateBudget(this.tenantLimits);
  }

  /**
   * from now on the tenant's windows are kept in `budget` (the shared database's, once the stores are
   * open): calls already waiting take from it on their next try
   */
  shareTenantBudget(budget: RateBudget): void {
    this.tenant = budget;
  }

  /**
   * the same sender for what can wait (reminders, the digest): its calls share the conversations'
   * lanes and the tenant's count, but take only bulkShare of the tenant's windows, so the case
   * outbox's alerts and cards always find room at once
   */
  bulk(): Messenger {
    return {
      postToChannel: (target, message) =>
        this.inLane(conversationOf(target.channelId), () => this.inner.postToChannel(target, message), true),
      update: (posted, message) => this.inLane(conversationOf(posted.conversationId), () => this.inner.update(posted, message), true),
      send: (reference, message) => {
        const conversation = (reference as { conversation?: { id?: string } }).conversation;
        return this.inLane(conversationOf(conversation?.id), () => this.inner.send(reference, message), true);
      },
    };
  }

  postToChannel(target: ChannelTarget, message: OutgoingMessage): Promise<PostedMessage> {
    return this.inLane(conversationOf(target.channelId), () => this.inner.postToChannel(target, message));
  }

  update(posted: PostedMessage, message: OutgoingMessage): Promise<void> {
    return this.inLane(conversationOf(posted.conversationId), () => this.inner.update(posted, message));
  }

  send(reference: Record<string, unknown>, message: OutgoingMessage): Promise<void> {
    const conversation = (reference as { conversation?: { id?: string } }).conversation;
    return this.inLane(conversationOf(conversation?.id), () => this.inner.send(reference, message));
  }

  private async inLane<T>(key: string, call: () => Promise<T>, bulk = false): Promise<T> {
    if (++this.callsSinceSweep >= SWEEP_EVERY) this.sweep();
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { tail: Promise.resolve(), pending: 0, calls: [], pausedUntil: 0 };
      this.lanes.set(key, lane);
    }
    const own = lane;
    own.pending++;
    const result = own.tail.then(() => this.attempt(key, own, call, bulk));
    own.tail = result.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await result;
    } finally {
      own.pending--;
    }
  }

  private async attempt<T>(key: string, lane: Lane, call: () => Promise<T>, bulk: boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.reserve(lane, bulk);
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof DeliveryError) || error.status !== 429) throw error;
        const now = this.now();
        const waitMs = Math.max(0, error.retryAfterMs ?? this.backoff(attempt));
        lane.pausedUntil = Math.max(lane.pausedUntil, now + waitMs);
        const tenantWide = this.note429(key, now);
        // every instance pauses too when the budget is shared: the 429s were the tenant's
        if (tenantWide) await this.tenant.pause(now + waitMs);
        const givenUp = attempt > this.maxRetries;
        this.options.onThrottle?.({ conversation: key, attempt, waitMs, tenantWide, givenUp });
        if (givenUp) throw error;
      }
    }
  }

  /**
   * waits until the conversation is not paused and has room for one more call, then takes a place in
   * the tenant's budget (the check and the taking in one step there, so lanes woken together, in this
   * process or another, cannot both take the tenant's last place; a call counts when it is made,
   * whatever the answer). the lane runs one call at a time, so its own room cannot go meanwhile.
   */
  private async reserve(lane: Lane, bulk: boolean): Promise<void> {
    for (;;) {
      let now = this.now();
      const laneWait = Math.max(lane.pausedUntil - now, waitForCapacity(lane.calls, this.limits.conversation, now));
      if (laneWait > 0) {
        await this.sleep(laneWait);
        continue;
      }
      const tenantWait = await this.tenant.take(now, bulk ? 'bulk' : 'all');
      if (tenantWait > 0) {
        await this.sleep(tenantWait);
        continue;
      }
      now = Math.max(now, this.now());
      recordCall(lane.calls, now, this.longestConversationWindow);
      return;
    }
  }

  /** records a 429 and says whether, with the others just before it, it looks tenant-wide */
  private note429(conversation: string, now: number): boolean {
    this.recent429s = this.recent429s.filter((r) => r.at > now - this.tenantWide.withinMs);
    this.recent429s.push({ conversation, at: now });
    return new Set(this.recent429s.map((r) => r.conversation)).size >= this.tenantWide.conversations;
  }

  /** forgets the conversations with nothing queued, no pause and no call left in their windows */
  private sweep(): void {
    this.callsSinceSweep = 0;
    const now = this.now();
    for (const [key, lane] of this.lanes) {
      const last = lane.calls.at(-1);
      if (lane.pending === 0 && lane.pausedUntil <= now && (last === undefined || last + this.longestConversationWindow <= now))
        this.lanes.delete(key);
    }
  }
}
