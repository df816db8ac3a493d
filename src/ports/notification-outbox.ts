// the durable outbox of messages the bot owes people: channel cards, 1:1 notices, questions and
// timed alerts. a message is written in the same transaction as the change that causes it (see the
// `outbox` option of IncidentStore), so a crash can never record a decision yet lose its notice.
// timers are messages that wait: `notBefore` is when an alert falls due, and the dispatcher checks,
// when it is due, whether it is still needed (a case acknowledged in time cancels its alert).
// adapters: sqlite, postgres. contract: test/ports/notification-outbox.contract.ts.
import type { Json } from './incident-store.js';

export const NOTIFICATION_KINDS = [
  /** the case card in the safeguarding channel: posted the first time, updated after */
  'channel-card',
  /** the approver gets the case 1:1 when the channel cannot be used (the DSLs are implicated) or is not theirs */
  'approver-card',
  /** a person on the approved route is told what they need to know */
  'routed',
  /** the reporter is told how their report stands, without naming anyone else */
  'reporter-update',
  /** the approver's question to the reporter */
  'reporter-question',
  /** the approver is told the reporter answered */
  'answer-received',
  /** the whole case, 1:1 to a member of the team who pressed Open details in the channel */
  'case-details',
  /** a critical case nobody acknowledged within 15 minutes: the deputies and the headteacher */
  'unacknowledged-alert',
  /** a deadline of the plan passed without the action: its owner is reminded */
  'deadline-overdue',
  /**
   * IT support and the DSLs are told the bot can no longer post to a channel (refused for good):
   * about the bot, not a case, so it carries no case details; once per target and person for the school
   */
  'delivery-broken',
  /** the keeper of the incident log gets a closed case's summary, without names (first school 3.2) */
  'incident-log',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * kinds whose key is unique across the school, not within one incident: a notice about the bot itself
 * is queued once however many cases find the fault (it is stored with the first of them)
 */
export const SCHOOL_WIDE_KINDS: readonly NotificationKind[] = ['delivery-broken'];

/**
 * what is claimed before anything else: the alerts that must reach someone at once (a critical case's
 * alert to the leads, a child's report to the DSL, an unacknowledged case) and the case cards the team
 * acts from. After a crash these go first, ahead of ordinary notices.
 */
export function isUrgent(item: Pick<OutboxItem, 'kind' | 'data'>): boolean {
  if (item.kind === 'channel-card' || item.kind === 'approver-card' || item.kind === 'unacknowledged-alert') return true;
  if (item.kind !== 'routed') return false;
  const stage = item.data && typeof item.data === 'object' && !Array.isArray(item.data) ? item.data.stage : undefined;
  return stage === 'alert' || stage === 'pupil';
}

export type NotificationStatus = 'pending' | 'sent' | 'cancelled' | 'unreachable';

/** what a change queues; the store adds the incident id (create allocates it) */
export interface OutboxItem {
  /**
   * unique within the incident: the same key twice queues once (a retried or double-clicked action);
   * for SCHOOL_WIDE_KINDS unique across all incidents
   */
  key: string;
  kind: NotificationKind;
  /** the person's Entra object id; none for the channel card */
  recipient?: string;
  /** ISO instant before which it is not sent: now for notices, the deadline for alerts */
  notBefore: string;
  /** small ids and choices only (a question's id, a deadline's action), never the record itself */
  data?: Json;
}

export interface Notification extends OutboxItem {
  id: number;
  incidentId: string;
  status: NotificationStatus;
  attempts: number;
  /** when it may next be tried (notBefore, a Retry-After, a backoff or a lapsed lease) */
  nextAttemptAt: string;
  lastError?: string;
  /** why it was cancelled or could not be delivered, in plain English */
  note?: string;
  createdAt: string;
  updatedAt: string;
}

/** where a case's channel card was posted, so later changes update the same message */
export interface PostedCard {
  incidentId: string;
  conversationId: string;
  activityId: string;
  serviceUrl: string;
}

export interface OutboxBacklog {
  /** pending messages already due */
  due: number;
  /** pending messages, due or waiting (timers) */
  pending: number;
  /** the oldest due message's nextAttemptAt, ISO */
  oldestDueAt?: string;
}

export interface NotificationOutbox {
  /**
   * up to `limit` pending messages due at `now`, urgent ones (isUrgent) first, then oldest first, each
   * leased for `leaseMs`: no other claim returns it until the lease lapses, so a crashed worker's
   * messages are tried again later (at least once) and two workers never send the same message at
   * the same time
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<Notification[]>;
  /**
   * the heartbeat of a worker still sending: its messages stay leased until now + leaseMs. Leases are
   * kept short, so a worker that dies lets go of them within seconds; one that lives renews them
   * however long Teams makes it wait. A message already finished, or taken by another worker after
   * the lease lapsed, is left as it is.
   */
  renew(ids: readonly number[], now: Date, leaseMs: number): Promise<void>;
  /** a final outcome: sent, cancelled (no longer needed) or unreachable (with the reason) */
  complete(id: number, outcome: Exclude<NotificationStatus, 'pending'>, at: Date, note?: string): Promise<void>;
  /** not delivered this time: stays pending, tried again at `retryAt`; attempts + 1 */
  retryLater(id: number, at: Date, retryAt: Date, error: string): Promise<void>;
  /** every message of an incident, in the order queued */
  forIncident(incidentId: string): Promise<Notification[]>;
  backlog(now: Date): Promise<OutboxBacklog>;
  /**
   * notes that a case's first channel card is about to be posted. Returns true when an earlier post
   * of it was started and never finished: Teams may have shown it (the process died, or the connection
   * dropped, after sending), so the new copy should say it may be a second one
   */
  startPost(incidentId: string, at: Date): Promise<boolean>;
  /** the post that was started was refused (Teams answered): no copy of it exists */
  abandonPost(incidentId: string): Promise<void>;
  /** where the card was posted; finishes the post started */
  rememberPost(post: PostedCard): Promise<void>;
  findPost(incidentId: string): Promise<PostedCard | undefined>;
}
