// drains the outbox: renders each due message from the case as it is now, sends it, and records the
// outcome. nothing is dropped: a throttled or failed send waits (Retry-After, else backoff) and is
// tried again, across restarts; a person the bot cannot reach is recorded on the case and shown on
// the channel card, so the team knows to tell them directly.
import { ROLE_INFO, type Role, type SchoolProfile } from '../../domain/index.js';
import type { Logger } from '../../observability/logger.js';
import type { ConversationDirectory } from '../../ports/conversation-directory.js';
import type { IncidentStore } from '../../ports/incident-store.js';
import { DeliveryError, type Messenger, type OutgoingMessage } from '../../ports/messenger.js';
import type { Notification, NotificationOutbox } from '../../ports/notification-outbox.js';
import { deadlineMet } from './build-views.js';
import { barredPeople, loadCase, type CaseFile } from './case-file.js';
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
   * channel, from anywhere); before either is known the message's own (the reporter's) is used
   */
  serviceUrl: (channelId?: string) => string | undefined;
  tenantId?: string;
  /** jitter source, 0..1 (tests pass a constant) */
  random?: () => number;
}

export interface DispatchCounts {
  sent: number;
  retrying: number;
  cancelled: number;
  unreachable: number;
}

// long enough for a batch whose sends each wait out Retry-After a few times inside the connector client
const LEASE_MS = 5 * 60_000;
const PARALLEL = 4;
const MAX_BACKOFF_MS = 15 * 60_000;
const MIN_RETRY_MS = 1_000;
const MAX_ROUNDS = 10;

/** exponential backoff with jitter: 5 s, 10 s, 20 s ... capped at 15 minutes */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(5_000 * 2 ** attempts, MAX_BACKOFF_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** why an alert or a timer is no longer needed when it falls due */
function noLongerNeeded(n: Notification, file: CaseFile, profile: SchoolProfile): string | undefined {
  if (n.recipient && barredPeople(file, profile).has(n.recipient)) return 'the person is implicated in the case';
  switch (n.kind) {
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

export class OutboxDispatcher {
  private running: Promise<DispatchCounts> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: DispatcherDeps) {}

  /** sends what is due now; concurrent calls share one run (and ask for another after it) */
  async runOnce(limit = 25): Promise<DispatchCounts> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain(limit).finally(() => {
      this.running = undefined;
    });
    const counts = await this.running;
    if (this.again) {
      this.again = false;
      void this.runOnce(limit).catch((error: unknown) => this.deps.logger.error({ err: { message: (error as Error).message } }, 'outbox run failed'));
    }
    return counts;
  }

  /** a change was just written: send its messages straight after the turn, not inside it */
  kick(): void {
    setImmediate(() => {
      this.runOnce().catch((error: unknown) => this.deps.logger.error({ err: { message: (error as Error).message } }, 'outbox run failed'));
    });
  }

  start(intervalMs = 5_000): void {
    this.timer ??= setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async drain(limit: number): Promise<DispatchCounts> {
    const counts: DispatchCounts = { sent: 0, retrying: 0, cancelled: 0, unreachable: 0 };
    // a few rounds per run: sending may queue more (a card update after an alert); a message that
    // failed waits at least a second, so a run never spins on it
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const batch = await this.deps.outbox.claimDue(this.deps.now(), limit, LEASE_MS);
      if (batch.length === 0) return counts;
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
              counts.cancelled++;
              continue;
            }
            counts[await this.deliver(n, cases)]++;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
    }
    return counts;
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
    try {
      if (n.kind === 'channel-card') await this.toChannel(n, composed.message);
      else {
        const chat = n.recipient ? await this.deps.conversations.find(n.recipient) : undefined;
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
        return this.unreachable(n, file, `Teams refused the message (${failure.status ?? 'error'})`);
      }
      const waitMs = Math.max(MIN_RETRY_MS, failure.retryAfterMs ?? backoffMs(n.attempts, this.deps.random));
      const retryAt = new Date(this.deps.now().getTime() + waitMs);
      await outbox.retryLater(n.id, this.deps.now(), retryAt, failure.message);
      logger.warn({ event: 'notification-retry', kind: n.kind, reference: file.record.reference, status: failure.status, attempts: n.attempts + 1, retryAt: retryAt.toISOString() }, 'notification will be retried');
      return 'retrying';
    }
  }

  private async toChannel(n: Notification, message: OutgoingMessage): Promise<void> {
    const posted = await this.deps.outbox.findPost(n.incidentId);
    if (posted) {
      await this.deps.messenger.update(posted, message);
      return;
    }
    const channel = this.deps.profile.channels.safeguarding;
    const serviceUrl = this.deps.serviceUrl(channel.channelId) ?? (n.data as { serviceUrl?: string } | undefined)?.serviceUrl ?? this.deps.serviceUrl();
    if (!serviceUrl) throw new DeliveryError('no Teams service URL is known yet: waiting for the first message to the bot', true);
    const post = await this.deps.messenger.postToChannel(
      { teamId: channel.teamId, channelId: channel.channelId, serviceUrl, ...(this.deps.tenantId ? { tenantId: this.deps.tenantId } : {}) },
      message,
    );
    await this.deps.outbox.rememberPost({ incidentId: n.incidentId, ...post });
  }

  /** the person cannot be reached: recorded on the case and shown on the channel card */
  private async unreachable(n: Notification, file: CaseFile, why: string): Promise<'unreachable'> {
    const now = this.deps.now();
    const person = this.personOf(n.recipient);
    const role = (n.data as { role?: Role } | undefined)?.role;
    const note = `could not reach ${person?.displayName ?? 'the recipient'}: ${why}`;
    await this.deps.outbox.complete(n.id, 'unreachable', now, note);
    this.deps.logger.warn({ event: 'notification-unreachable', kind: n.kind, reference: file.record.reference, why }, 'a person could not be reached');
    await this.deps.store.appendEvent(
      file.record.id,
      {
        type: 'notification-unreachable',
        at: now.toISOString(),
        actor: { system: 'outbox' },
        data: { kind: n.kind, name: person?.displayName ?? 'someone', ...(role ? { role: ROLE_INFO[role].label } : {}), why },
      },
      { outbox: refreshChannel(file, `unreachable:${n.id}`, now) },
    );
    return 'unreachable';
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
