// drains the outbox: renders each due message from the case as it is now, sends it, and records the
// outcome. nothing is dropped: a throttled or failed send waits (Retry-After, else backoff) and is
// tried again, across restarts; a person the bot cannot reach is recorded on the case and shown on
// the channel card, so the team knows to tell them directly. a message Teams refuses for good (403,
// 404, 413...) ends there: recorded once per case and target, never re-queued by its own failure;
// a channel refused for good is told to IT support and the DSLs once for the school, and a case
// the channel never showed goes to the safeguarding team 1:1 instead.
import { BackgroundWorker } from '../background-worker.js';
import { LeaseKeeper, SHORT_LEASE, type LeaseTimes } from '../lease-keeper.js';
import { OUTBOX_BACKOFF, retryWaitMs } from '../retry.js';
import { ROLE_INFO, type Role, type SchoolProfile } from '../../domain/index.js';
import type { Logger } from '../../observability/logger.js';
import type { ConversationDirectory } from '../../ports/conversation-directory.js';
import type { IncidentStore, NewIncidentEvent } from '../../ports/incident-store.js';
import { DeliveryError, type Messenger, type OutgoingMessage } from '../../ports/messenger.js';
import type { Notification, NotificationOutbox, OutboxItem } from '../../ports/notification-outbox.js';
import { deadlineMet, deliveryTargetOf } from './build-views.js';
import { barredPeople, caseTeam, loadCase, usesChannel, type CaseFile } from './case-file.js';
import { personById } from '../identity.js';
import { refreshChannel } from './case-outbox.js';

export type Composed = { message: OutgoingMessage } | { cancel: string };
/** draws the message for a notification (adapters/teams/case-messages.ts) */
export type Compose = (notification: Notification, file: CaseFile) => Composed;

export interface DispatcherDeps {
  outbox: NotificationOutbox;
  store: IncidentStore;
  messenger: Messenger;
  conversations: ConversationDirectory;
  profile: SchoolProfile;
  compose: Compose;
  logger: Logger;
  now: () => Date;
  /**
   * where Teams serves a channel from, as last seen in an activity from that channel (or, with no
   * channel, from anywhere); before either is known the message's own (the reporter's) is used.
   * production reads the conversation directory, so it holds across a restart
   */
  serviceUrl: (channelId?: string) => Promise<string | undefined> | string | undefined;
  tenantId?: string;
  /** jitter source, 0..1 (tests pass a constant) */
  random?: () => number;
  /** how long a claim holds a message and how often it is renewed while sending (tests shorten them) */
  lease?: LeaseTimes;
}

export interface DispatchCounts {
  sent: number;
  retrying: number;
  cancelled: number;
  unreachable: number;
}

const PARALLEL = 4;
const MAX_ROUNDS = 10;

/** the keys of the channel-card updates the outbox queues itself (see noteAlert, unreachable, refused) */
const OUTBOX_REFRESH = /^channel-card:(alert|unreachable|delivery-failed):/;

/** the data of a 'delivery-broken' notice: which of the school's channels the bot can no longer post to */
export interface DeliveryBroken {
  target: 'channel';
  channel: 'safeguarding';
  channelName: string;
}

/** the trail's note that a case card was posted again after a post whose outcome was unknown */
export const REPOSTED = 'channel-card-reposted';

/** what a 1:1 approver card queued because the channel refused the case carries */
export const CHANNEL_REFUSED = 'channel-refused';

/** why an alert or a timer is no longer needed when it falls due */
function noLongerNeeded(n: Notification, file: CaseFile, profile: SchoolProfile): string | undefined {
  if (n.recipient && barredPeople(file, profile).has(n.recipient)) return 'the person is implicated in the case';
  switch (n.kind) {
    case 'channel-card':
      return usesChannel(file) ? undefined : 'the case is kept out of the channel';
    case 'unacknowledged-alert':
      return file.acknowledged || file.decision || file.closed ? 'the case was acknowledged in time' : undefined;
    case 'deadline-overdue': {
      const action = (n.data as { action?: string } | undefined)?.action ?? '';
      return deadlineMet(file, action) ? 'the deadline was met' : file.closed ? 'the case is closed' : undefined;
    }
    case 'approver-card':
      return file.decision || file.closed ? 'the case was already decided' : undefined;
    default:
      return undefined;
  }
}

export class OutboxDispatcher extends BackgroundWorker<DispatchCounts> {
  private readonly lease: LeaseTimes;
  private readonly leases: LeaseKeeper;

  constructor(private readonly deps: DispatcherDeps) {
    super('outbox', deps.logger, 25);
    this.lease = deps.lease ?? SHORT_LEASE;
    this.leases = new LeaseKeeper((ids, now, ms) => deps.outbox.renew(ids, now, ms), this.lease, deps.now, deps.logger);
  }

  /**
   * sends what is due now and waits for it, for at most capMs: a danger alert must leave before the
   * reporter's next screen is shown.
   */
  async sendNow(capMs = 3_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, capMs);
    });
    const run = this.runQueuedNow().catch((error: unknown) =>
      this.deps.logger.error({ err: { message: (error as Error).message } }, 'outbox run failed'),
    );
    await Promise.race([run, cap]);
    clearTimeout(timer);
  }

  override start(intervalMs = 5_000): void {
    super.start(intervalMs);
  }

  protected async drain(limit: number): Promise<DispatchCounts> {
    const counts: DispatchCounts = { sent: 0, retrying: 0, cancelled: 0, unreachable: 0 };
    // a few rounds per run: sending may queue more (a card update after an alert); a message that
    // failed waits at least a second, so a run never spins on it
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const batch = await this.deps.outbox.claimDue(this.deps.now(), limit, this.lease.leaseMs);
      if (batch.length === 0) return counts;
      // held, and renewed every few seconds, until each message has its outcome
      this.leases.hold(batch.map((n) => n.id));
      try {
        await this.sendBatch(batch, counts);
      } finally {
        this.leases.release(batch.map((n) => n.id));
      }
    }
    return counts;
  }

  private async sendBatch(batch: Notification[], counts: DispatchCounts): Promise<void> {
    // one channel-card update per case per batch: each draws the case as it is now
    const lastChannelCard = new Map<string, number>();
    // each case is read once per batch (a new report queues several messages for it); a message that
    // writes to the case (an alert noted, someone unreachable) drops its copy, and queues a card update
    const cases = new Map<string, Promise<CaseFile | undefined>>();
    for (const n of batch) if (n.kind === 'channel-card') lastChannelCard.set(n.incidentId, n.id);
    // one lane per destination (a case's channel card, a person's chat): order kept within a lane,
    // lanes sent side by side, so one throttled conversation does not hold up a critical alert elsewhere
    const lanes = new Map<string, Notification[]>();
    for (const n of batch) {
      const lane = n.kind === 'channel-card' ? `channel:${n.incidentId}` : `person:${n.recipient ?? n.id}`;
      lanes.set(lane, [...(lanes.get(lane) ?? []), n]);
    }
    const queue = [...lanes.values()];
    const worker = async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const n of lane) {
          if (n.kind === 'channel-card' && lastChannelCard.get(n.incidentId) !== n.id && (await this.deps.outbox.findPost(n.incidentId))) {
            await this.deps.outbox.complete(n.id, 'cancelled', this.deps.now(), 'superseded by a later update of the same card');
            this.leases.release([n.id]);
            counts.cancelled++;
            continue;
          }
          try {
            counts[await this.deliver(n, cases)]++;
          } finally {
            this.leases.release([n.id]);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  }

  private async deliver(n: Notification, cases: Map<string, Promise<CaseFile | undefined>>): Promise<keyof DispatchCounts> {
    const { outbox, logger } = this.deps;
    const now = this.deps.now();
    if (!cases.has(n.incidentId)) cases.set(n.incidentId, loadCase(this.deps.store, n.incidentId));
    const file = await cases.get(n.incidentId);
    if (!file) {
      await outbox.complete(n.id, 'cancelled', now, 'the case was not found');
      return 'cancelled';
    }
    const stale = noLongerNeeded(n, file, this.deps.profile);
    const composed: Composed = stale ? { cancel: stale } : this.deps.compose(n, file);
    if ('cancel' in composed) {
      await outbox.complete(n.id, 'cancelled', now, composed.cancel);
      return 'cancelled';
    }
    if (await this.channelRefusedBefore(n)) {
      await outbox.complete(n.id, 'cancelled', now, "the channel refused this case's card: the next change by a person tries it again");
      return 'cancelled';
    }
    try {
      if (n.kind === 'channel-card') await this.toChannel(n, file, composed.message);
      else {
        const chat = n.recipient ? await this.deps.conversations.find(n.recipient) : undefined;
        if (!chat && n.kind === 'delivery-broken') return await this.noticeEnds(n, 'they have not opened a chat with the bot in Teams yet');
        if (!chat) {
          cases.delete(n.incidentId);
          return await this.unreachable(n, file, 'they have not opened a chat with the bot in Teams yet');
        }
        await this.deps.messenger.send(chat.reference, composed.message);
      }
      await outbox.complete(n.id, 'sent', this.deps.now());
      logger.info({ event: 'notification-sent', kind: n.kind, reference: file.record.reference }, 'notification sent');
      if (n.kind === 'unacknowledged-alert' || n.kind === 'deadline-overdue') {
        cases.delete(n.incidentId);
        await this.noteAlert(n, file);
      }
      return 'sent';
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message, true);
      if (!failure.transient) {
        cases.delete(n.incidentId);
        return this.refused(n, file, failure);
      }
      const waitMs = retryWaitMs(failure.retryAfterMs, n.attempts, OUTBOX_BACKOFF, this.deps.random);
      const retryAt = new Date(this.deps.now().getTime() + waitMs);
      await outbox.retryLater(n.id, this.deps.now(), retryAt, failure.message);
      logger.warn(
        {
          event: 'notification-retry',
          kind: n.kind,
          reference: file.record.reference,
          status: failure.status,
          attempts: n.attempts + 1,
          retryAt: retryAt.toISOString(),
        },
        'notification will be retried',
      );
      return 'retrying';
    }
  }

  /**
   * a card update the outbox itself queued (an alert noted, someone unreachable) for a case whose first
   * card the channel refused: not tried, so a refused channel is asked once per case, not once per
   * alert. sending may run side by side, so the refusal is read from the trail, not the batch's copy.
   */
  private async channelRefusedBefore(n: Notification): Promise<boolean> {
    if (n.kind !== 'channel-card' || !OUTBOX_REFRESH.test(n.key)) return false;
    if (await this.deps.outbox.findPost(n.incidentId)) return false;
    const events = await this.deps.store.events(n.incidentId);
    return events.some((e) => e.type === 'delivery-failed' && (e.data as { target?: unknown } | undefined)?.target === 'channel');
  }

  private async toChannel(n: Notification, file: CaseFile, message: OutgoingMessage): Promise<void> {
    const posted = await this.deps.outbox.findPost(n.incidentId);
    if (posted) {
      await this.deps.messenger.update(posted, message);
      return;
    }
    const channel = this.deps.profile.channels.safeguarding;
    const serviceUrl =
      (await this.deps.serviceUrl(channel.channelId)) ??
      // cards queued by versions before the stored addresses carried their reporter's service URL
      (n.data as { serviceUrl?: string } | undefined)?.serviceUrl ??
      (await this.deps.serviceUrl());
    if (!serviceUrl) throw new DeliveryError('no Teams service URL is known yet: waiting for the first message to the bot', true);
    // Teams has no way to post "only once": a post whose answer never came back (the process died,
    // the connection dropped) may be in the channel. Noted before sending, so the copy that follows
    // such a post says on the case that an earlier one may be above it, rather than two cards
    // looking like two cases
    let toPost = message;
    if (await this.deps.outbox.startPost(n.incidentId, this.deps.now())) {
      const event: NewIncidentEvent = { type: REPOSTED, at: this.deps.now().toISOString(), actor: { system: 'outbox' } };
      await this.deps.store.appendEvent(file.record.id, event);
      const now = await loadCase(this.deps.store, file.record.id);
      const redrawn = now ? this.deps.compose(n, now) : undefined;
      if (redrawn && 'message' in redrawn) toPost = redrawn.message;
      this.deps.logger.warn(
        { event: 'channel-card-reposted', reference: file.record.reference },
        'a case card is posted again after a post whose outcome was unknown: it says an earlier copy may exist',
      );
    }
    const target = {
      teamId: channel.teamId,
      channelId: channel.channelId,
      serviceUrl,
      ...(this.deps.tenantId ? { tenantId: this.deps.tenantId } : {}),
    };
    const post = await this.deps.messenger.postToChannel(target, toPost).catch(async (error: unknown) => {
      // Teams refused it (a 429, a 403...): nothing was posted, so the next try is a first post again.
      // a 5xx may have come after the post was made, so that stays unknown
      if (error instanceof DeliveryError && error.status !== undefined && error.status < 500)
        await this.deps.outbox.abandonPost(n.incidentId);
      throw error;
    });
    await this.deps.outbox.rememberPost({ incidentId: n.incidentId, ...post });
  }

  /** the person cannot be reached: recorded on the case (once per person) and shown on the channel card */
  private async unreachable(n: Notification, file: CaseFile, why: string): Promise<'unreachable'> {
    const now = this.deps.now();
    const person = this.personOf(n.recipient);
    const note = `could not reach ${person?.displayName ?? 'the recipient'}: ${why}`;
    this.deps.logger.warn(
      { event: 'notification-unreachable', kind: n.kind, reference: file.record.reference, why },
      'a person could not be reached',
    );
    // recorded before the message is finished: a crash in between tries it once more, and records nothing twice
    const data = { kind: n.kind, ...this.personData(n), why };
    await this.recordOnce(file, 'notification-unreachable', data, () => refreshChannel(file, `unreachable:${n.id}`, now));
    await this.deps.outbox.complete(n.id, 'unreachable', now, note);
    return 'unreachable';
  }

  /**
   * Teams refused the message for good: it ends here, not retried. the case records it once per
   * target; a person's failure is shown on the channel card; a channel that refuses the bot is told
   * to IT support and the DSLs (once for the school) and, when the channel never showed the case, the
   * safeguarding team get it 1:1. nothing here queues another post to the channel, so a refused
   * channel cannot loop; a later change to the case tries once more (a channel fixed shows it again).
   */
  private async refused(n: Notification, file: CaseFile, failure: DeliveryError): Promise<'unreachable'> {
    const now = this.deps.now();
    const status = failure.status ?? 'error';
    if (n.kind === 'delivery-broken') return this.noticeEnds(n, `Teams refused the notice (${status})`);
    const toChannel = n.kind === 'channel-card';
    const channel = this.deps.profile.channels.safeguarding;
    const channelName = channel.name ?? 'Safeguarding';
    const note = toChannel
      ? `Teams refused the post to the ${channelName} channel (${status})`
      : `could not reach ${this.personOf(n.recipient)?.displayName ?? 'the recipient'}: Teams refused the message (${status})`;
    this.deps.logger.warn(
      {
        event: 'delivery-failed',
        target: toChannel ? 'channel' : 'person',
        kind: n.kind,
        reference: file.record.reference,
        status: failure.status,
      },
      'Teams refused a message for good: it will not be retried',
    );
    if (toChannel) {
      const posted = await this.deps.outbox.findPost(file.record.id);
      // 403: the bot is not in the team (or is blocked); 404 to a new post: the team or channel is gone.
      // a 404 to an update is one deleted message, a 413 or 400 one message: the channel itself is fine
      const channelBroken = failure.status === 403 || (failure.status === 404 && !posted);
      const data = { target: 'channel', channel: channelName, channelId: channel.channelId, kind: n.kind, status };
      await this.recordOnce(file, 'delivery-failed', data, () => [
        ...(channelBroken ? this.brokenChannelNotices(file, now) : []),
        ...(posted ? [] : this.toTeamInstead(file, now)),
      ]);
    } else {
      const data = { target: 'person', kind: n.kind, ...this.personData(n), status };
      await this.recordOnce(file, 'delivery-failed', data, () =>
        refreshChannel(file, `delivery-failed:person:${n.recipient ?? n.id}`, now),
      );
    }
    await this.deps.outbox.complete(n.id, 'unreachable', now, note);
    return 'unreachable';
  }

  /** IT support and the DSLs, each told once for the school (the key), never anyone implicated in this case */
  private brokenChannelNotices(file: CaseFile, now: Date): OutboxItem[] {
    const { profile } = this.deps;
    const channel = profile.channels.safeguarding;
    const barred = barredPeople(file, profile);
    const people = new Set(
      [...profile.roles['it-support'], ...profile.roles.dsl].map((p) => p.aadObjectId).filter((id) => !barred.has(id)),
    );
    const data: DeliveryBroken = { target: 'channel', channel: 'safeguarding', channelName: channel.name ?? 'Safeguarding' };
    return [...people].map((id) => ({
      key: `delivery-broken:channel:${channel.channelId}:${id}`,
      kind: 'delivery-broken',
      recipient: id,
      notBefore: now.toISOString(),
      data: { ...data },
    }));
  }

  /** the case the channel never showed, to the safeguarding team 1:1 (a key already queued is not queued again) */
  private toTeamInstead(file: CaseFile, now: Date): OutboxItem[] {
    if (file.decision || file.closed) return [];
    return caseTeam(file, this.deps.profile).map((p) => ({
      key: `approver-card:${p.aadObjectId}`,
      kind: 'approver-card',
      recipient: p.aadObjectId,
      notBefore: now.toISOString(),
      data: { why: CHANNEL_REFUSED },
    }));
  }

  /** a notice about the bot that cannot be delivered ends: no case records it and nothing is queued */
  private async noticeEnds(n: Notification, why: string): Promise<'unreachable'> {
    await this.deps.outbox.complete(n.id, 'unreachable', this.deps.now(), why);
    this.deps.logger.warn(
      { event: 'delivery-broken-notice-failed', why },
      'a notice about a channel the bot cannot post to could not be delivered',
    );
    return 'unreachable';
  }

  /**
   * appends a delivery failure to the case and queues what follows, unless the case already records
   * one for the same target (read afresh: another message to it may have failed since this batch began)
   */
  private async recordOnce(
    file: CaseFile,
    type: string,
    data: Record<string, string | number>,
    follows: () => OutboxItem[],
  ): Promise<void> {
    const now = this.deps.now();
    const event: NewIncidentEvent = { type, at: now.toISOString(), actor: { system: 'outbox' }, data };
    const target = deliveryTargetOf(event);
    const events = await this.deps.store.events(file.record.id);
    if (events.some((e) => deliveryTargetOf(e) === target)) return;
    await this.deps.store.appendEvent(file.record.id, event, { outbox: follows() });
  }

  /** the person a message was for, as the case records them: name and role, and their id for once-per-person */
  private personData(n: Notification): Record<string, string> {
    const person = this.personOf(n.recipient);
    const role = (n.data as { role?: Role } | undefined)?.role;
    return {
      ...(n.recipient ? { recipient: n.recipient } : {}),
      name: person?.displayName ?? 'someone',
      ...(role && Object.hasOwn(ROLE_INFO, role) ? { role: ROLE_INFO[role].label } : {}),
    };
  }

  private async noteAlert(n: Notification, file: CaseFile): Promise<void> {
    const now = this.deps.now();
    const name = this.personOf(n.recipient)?.displayName ?? 'someone';
    const what =
      n.kind === 'unacknowledged-alert'
        ? `${name} alerted: nobody acknowledged the case within 15 minutes`
        : `${name} reminded: a deadline passed`;
    await this.deps.store.appendEvent(
      file.record.id,
      { type: 'alert-sent', at: now.toISOString(), actor: { system: 'outbox' }, data: { kind: n.kind, what } },
      { outbox: refreshChannel(file, `alert:${n.id}`, now) },
    );
  }

  private personOf(aadObjectId: string | undefined) {
    return personById(this.deps.profile, aadObjectId);
  }
}
