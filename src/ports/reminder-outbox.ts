// reminders the scheduled jobs owe people (an AUP to sign, training due, accounts to review...), kept
// until sent: queued with a key naming the period and the person, so a job run twice (a restart, a
// second instance) queues each reminder once. sent through the rate-limited messenger by the
// reminder dispatcher, a person's due reminders together in one card. adapters: sqlite, postgres (contract: test/ports/reminder-outbox.contract.ts).
import type { Json } from './incident-store.js';

export interface NewReminder {
  /** e.g. 'aup-2026-09:<person id>': the same key twice queues once */
  key: string;
  kind: string;
  /** the person's Entra object id, or 'channel:<channel id>' for a channel post */
  recipient: string;
  notBefore: string;
  /** what the card shows (names of staff, dates, counts); never pupils' details */
  data: Json;
}

export interface Reminder extends NewReminder {
  id: number;
  status: 'pending' | 'sent' | 'unreachable';
  attempts: number;
  nextAttemptAt: string;
  note?: string;
}

export interface ReminderOutbox {
  /** queues each new key; returns how many were new */
  enqueue(items: readonly NewReminder[], at: Date): Promise<number>;
  /**
   * the pending reminders due at `now`, oldest first, each leased until now + leaseMs so no other claim
   * takes them meanwhile; with `recipient`, only theirs (a person's reminders go together, as one card)
   */
  claimDue(now: Date, limit: number, leaseMs: number, recipient?: string): Promise<Reminder[]>;
  complete(id: number, status: 'sent' | 'unreachable', at: Date, note?: string): Promise<void>;
  retryLater(id: number, at: Date, retryAt: Date, error: string): Promise<void>;
  list(filter?: { kind?: string; recipient?: string }): Promise<Reminder[]>;
  backlog(now: Date): Promise<{ due: number; pending: number }>;
  /**
   * the person just opened the bot: their reminders waiting to reach them (or leased) are due now;
   * one that waits for its day (notBefore) still waits. returns how many
   */
  wake(recipient: string, now: Date): Promise<number>;
}
