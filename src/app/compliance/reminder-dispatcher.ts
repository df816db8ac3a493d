// sends the queued reminders 1:1, politely (through the rate-limited messenger), keeping each until it
// is sent: throttled or failed sends wait (Retry-After, else backoff) and are tried again; a person who
// has never opened the bot is marked unreachable with the reason, and shows in the job's summary.
import type { Logger } from '../../observability/logger.js';
import type { ConversationDirectory } from '../../ports/conversation-directory.js';
import { DeliveryError, type Messenger, type OutgoingMessage } from '../../ports/messenger.js';
import type { Reminder, ReminderOutbox } from '../../ports/reminder-outbox.js';
import { backoffMs } from '../casework/dispatcher.js';
import { BackgroundWorker } from '../background-worker.js';

const UNREACHABLE_RETRY_MS = 6 * 60 * 60_000;

export type ComposeReminder = (reminder: Reminder) => OutgoingMessage;

type Counts = { sent: number; retrying: number; unreachable: number };

export class ReminderDispatcher extends BackgroundWorker<Counts> {
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

  protected async drain(limit: number): Promise<Counts> {
    limit ||= 50;
    const counts = { sent: 0, retrying: 0, unreachable: 0 };
    for (let round = 0; round < 100; round++) {
      const batch = await this.deps.outbox.claimDue(this.deps.now(), limit, 10 * 60_000);
      if (batch.length === 0) break;
      // the messenger keeps each conversation in order and within Teams' limits; people in parallel
      const outcomes = await Promise.all(batch.map((r) => this.deliver(r)));
      for (const o of outcomes) counts[o]++;
    }
    return counts;
  }

  private async deliver(r: Reminder): Promise<'sent' | 'retrying' | 'unreachable'> {
    const { outbox } = this.deps;
    const chat = await this.deps.conversations.find(r.recipient);
    if (!chat) {
      // kept, not dropped: it goes as soon as they open the bot (tried again every few hours)
      await outbox.retryLater(r.id, this.deps.now(), new Date(this.deps.now().getTime() + UNREACHABLE_RETRY_MS), 'they have not opened a chat with the bot in Teams yet');
      this.deps.logger.warn({ event: 'reminder-waiting', kind: r.kind }, 'a reminder waits until its person opens the bot');
      return 'unreachable';
    }
    try {
      await this.deps.messenger.send(chat.reference, this.deps.compose(r));
      await outbox.complete(r.id, 'sent', this.deps.now());
      return 'sent';
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message, true);
      if (!failure.transient) {
        await outbox.complete(r.id, 'unreachable', this.deps.now(), `Teams refused the message (${failure.status ?? 'error'})`);
        return 'unreachable';
      }
      const wait = Math.max(1_000, failure.retryAfterMs ?? backoffMs(r.attempts, this.deps.random));
      await outbox.retryLater(r.id, this.deps.now(), new Date(this.deps.now().getTime() + wait), failure.message);
      return 'retrying';
    }
  }
}
