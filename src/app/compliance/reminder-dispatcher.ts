// sends the queued reminders 1:1, politely (through the rate-limited messenger), keeping each until it
// is sent: throttled or failed sends wait (Retry-After, else backoff) and are tried again; a person who
// has never opened the bot is marked unreachable with the reason, and shows in the job's summary.
// a person's due reminders go together, as one card; each reminder's outcome is still kept on its own.
// someone opening the bot is answered first: their reminders are held while that turn runs, and follow it.
import type { Logger } from '../../observability/logger.js';
import type { ConversationDirectory } from '../../ports/conversation-directory.js';
import { DeliveryError, type Messenger, type OutgoingMessage } from '../../ports/messenger.js';
import type { Reminder, ReminderOutbox } from '../../ports/reminder-outbox.js';
import { OUTBOX_BACKOFF, retryWaitMs } from '../retry.js';
import { BackgroundWorker } from '../background-worker.js';

const UNREACHABLE_RETRY_MS = 6 * 60 * 60_000;
const LEASE_MS = 10 * 60_000;

/** one message for a person's reminders (one or more, oldest first) */
export type ComposeReminder = (reminders: readonly Reminder[]) => OutgoingMessage;

type Outcome = 'sent' | 'retrying' | 'unreachable';
type Counts = Record<Outcome, number>;

export class ReminderDispatcher extends BackgroundWorker<Counts> {
  /** people whose first turn is still being answered: what they are owed waits for its reply */
  private readonly held = new Set<string>();

  constructor(
    private readonly deps: {
      outbox: ReminderOutbox;
      messenger: Messenger;
      conversations: ConversationDirectory;
      compose: ComposeReminder;
      logger: Logger;
      now: () => Date;
      random?: () => number;
    },
  ) {
    super('reminder', deps.logger);
  }

  /** the person has just opened the bot and the turn answering them is running: hold their reminders */
  hold(recipient: string): void {
    this.held.add(recipient);
  }

  isHeld(recipient: string): boolean {
    return this.held.has(recipient);
  }

  /**
   * the turn that answered them has sent its reply (the welcome): what waited for them is due now and
   * goes at once, as one card after it; resolves when it has been tried
   */
  async release(recipient: string): Promise<void> {
    this.held.delete(recipient);
    await this.deps.outbox.wake(recipient, this.deps.now());
    await this.runQueuedNow();
  }

  protected async drain(limit: number): Promise<Counts> {
    limit ||= 50;
    const counts = { sent: 0, retrying: 0, unreachable: 0 };
    for (let round = 0; round < 100; round++) {
      const batch = await this.deps.outbox.claimDue(this.deps.now(), limit, LEASE_MS);
      if (batch.length === 0) break;
      const byPerson = new Map<string, Reminder[]>();
      for (const r of batch) byPerson.set(r.recipient, [...(byPerson.get(r.recipient) ?? []), r]);
      // the rest of each person's due reminders join theirs, so they get one card however the batch fell
      for (const [recipient, theirs] of byPerson)
        theirs.push(...(await this.deps.outbox.claimDue(this.deps.now(), limit, LEASE_MS, recipient)));
      // the messenger keeps each conversation in order and within Teams' limits; people in parallel
      const outcomes = await Promise.all(
        [...byPerson.values()].map(async (theirs) => ({
          outcome: await this.deliver(theirs.sort((a, b) => a.id - b.id)),
          count: theirs.length,
        })),
      );
      for (const o of outcomes) counts[o.outcome] += o.count;
    }
    return counts;
  }

  /** one person's reminders, as one message; each reminder keeps the outcome */
  private async deliver(theirs: Reminder[]): Promise<Outcome> {
    const { outbox } = this.deps;
    const recipient = theirs[0]!.recipient;
    // being welcomed right now: left leased, and sent when that turn has replied (release)
    if (this.held.has(recipient)) return 'retrying';
    const chat = await this.deps.conversations.find(recipient);
    if (!chat) {
      // kept, not dropped: they go as soon as the person opens the bot (tried again every few hours)
      const retryAt = new Date(this.deps.now().getTime() + UNREACHABLE_RETRY_MS);
      for (const r of theirs)
        await outbox.retryLater(r.id, this.deps.now(), retryAt, 'they have not opened a chat with the bot in Teams yet');
      // routine (most staff never open a bot until they need it), so not a warning
      this.deps.logger.info(
        { event: 'reminder-waiting', kinds: theirs.map((r) => r.kind) },
        'reminders wait until their person opens the bot',
      );
      return 'unreachable';
    }
    try {
      await this.deps.messenger.send(chat.reference, this.deps.compose(theirs));
      for (const r of theirs) await outbox.complete(r.id, 'sent', this.deps.now());
      return 'sent';
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message, true);
      if (!failure.transient) {
        for (const r of theirs)
          await outbox.complete(r.id, 'unreachable', this.deps.now(), `Teams refused the message (${failure.status ?? 'error'})`);
        return 'unreachable';
      }
      // one time for them all, so they are tried again together
      const wait = retryWaitMs(failure.retryAfterMs, Math.max(...theirs.map((r) => r.attempts)), OUTBOX_BACKOFF, this.deps.random);
      const retryAt = new Date(this.deps.now().getTime() + wait);
      for (const r of theirs) await outbox.retryLater(r.id, this.deps.now(), retryAt, failure.message);
      return 'retrying';
    }
  }
}
