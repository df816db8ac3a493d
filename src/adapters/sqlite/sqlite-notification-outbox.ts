import {
  SCHOOL_WIDE_KINDS,
  isUrgent,
  type Notification,
  type NotificationKind,
  type NotificationOutbox,
  type NotificationStatus,
  type OutboxBacklog,
  type OutboxItem,
  type PostedCard,
} from '../../ports/notification-outbox.js';
import { jsonSchema, parseStoredJson } from '../../ports/stored-data.js';
import type { SqliteDatabase } from './database.js';
import { claimDueRows, LEASE_OWNER, renewLeases } from './claim-due.js';

interface NotificationRow {
  id: number;
  incident_id: string;
  key: string;
  kind: NotificationKind;
  recipient: string | null;
  not_before: string;
  data: string | null;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

const toNotification = (r: NotificationRow): Notification => ({
  id: r.id,
  incidentId: r.incident_id,
  key: r.key,
  kind: r.kind,
  ...(r.recipient !== null ? { recipient: r.recipient } : {}),
  notBefore: r.not_before,
  ...(r.data !== null ? { data: parseStoredJson(jsonSchema, r.data, { table: 'notifications', row: r.id, column: 'data' }) } : {}),
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  ...(r.last_error !== null ? { lastError: r.last_error } : {}),
  ...(r.note !== null ? { note: r.note } : {}),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * queues items for an incident; call inside the transaction of the change that owes them.
 * a key already queued for the incident is skipped (a retried or double-clicked action), and for
 * SCHOOL_WIDE_KINDS a key already queued for any incident (the write lock held by the transaction
 * makes the check and the insert one step, across processes too)
 */
export function insertOutboxItems(db: SqliteDatabase, incidentId: string, items: readonly OutboxItem[], at: string): void {
  const columns = 'incident_id, key, kind, recipient, not_before, data, urgent, status, attempts, next_attempt_at, created_at, updated_at';
  const insert = db.prepare(
    `INSERT INTO notifications (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)
     ON CONFLICT (incident_id, key) DO NOTHING`,
  );
  // rare (a fault of the bot's own), so a scan of the table is fine
  const insertOnce = db.prepare(
    `INSERT INTO notifications (${columns}) SELECT ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?
     WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE kind = ? AND key = ?)
     ON CONFLICT (incident_id, key) DO NOTHING`,
  );
  for (const item of items) {
    // times are compared as strings, so the due time must be in toISOString's one format;
    // an unreadable notBefore throws here and so rolls the whole change back, rather than never falling due
    const due = new Date(item.notBefore).toISOString();
    const values = [
      incidentId,
      item.key,
      item.kind,
      item.recipient ?? null,
      item.notBefore,
      item.data === undefined ? null : JSON.stringify(item.data),
      isUrgent(item) ? 1 : 0,
      due,
      at,
      at,
    ];
    if (SCHOOL_WIDE_KINDS.includes(item.kind)) insertOnce.run(...values, item.kind, item.key);
    else insert.run(...values);
  }
}

export class SqliteNotificationOutbox implements NotificationOutbox {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly owner = LEASE_OWNER,
  ) {}

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<Notification[]> {
    const options = { firstBy: 'urgent DESC', owner: this.owner };
    return claimDueRows<NotificationRow>(this.db, 'notifications', now, limit, leaseMs, options).map(toNotification);
  }

  async renew(ids: readonly number[], now: Date, leaseMs: number): Promise<void> {
    renewLeases(this.db, 'notifications', ids, now, leaseMs, this.owner);
  }

  async complete(id: number, outcome: Exclude<NotificationStatus, 'pending'>, at: Date, note?: string): Promise<void> {
    // only a pending message: the first final outcome stands (a worker whose lease lapsed may report late)
    this.db
      .prepare(`UPDATE notifications SET status = ?, note = ?, lease_owner = NULL, updated_at = ? WHERE id = ? AND status = 'pending'`)
      .run(outcome, note ?? null, at.toISOString(), id);
  }

  async retryLater(id: number, at: Date, retryAt: Date, error: string): Promise<void> {
    // never reopens a message that already has a final outcome
    this.db
      .prepare(
        `UPDATE notifications SET next_attempt_at = ?, attempts = attempts + 1, last_error = ?, lease_owner = NULL, updated_at = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .run(retryAt.toISOString(), error, at.toISOString(), id);
  }

  async forIncident(incidentId: string): Promise<Notification[]> {
    return this.db
      .prepare<[string], NotificationRow>('SELECT * FROM notifications WHERE incident_id = ? ORDER BY id')
      .all(incidentId)
      .map(toNotification);
  }

  async backlog(now: Date): Promise<OutboxBacklog> {
    const row = this.db
      .prepare<[string, string], { due: number; pending: number; oldest_due_at: string | null }>(
        `SELECT COUNT(*) FILTER (WHERE next_attempt_at <= ?) AS due, COUNT(*) AS pending,
                MIN(next_attempt_at) FILTER (WHERE next_attempt_at <= ?) AS oldest_due_at
         FROM notifications WHERE status = 'pending'`,
      )
      .get(now.toISOString(), now.toISOString())!;
    return { due: row.due, pending: row.pending, ...(row.oldest_due_at !== null ? { oldestDueAt: row.oldest_due_at } : {}) };
  }

  async startPost(incidentId: string, at: Date): Promise<boolean> {
    const earlier = this.db
      .prepare('INSERT INTO channel_post_attempts (incident_id, started_at) VALUES (?, ?) ON CONFLICT (incident_id) DO NOTHING')
      .run(incidentId, at.toISOString());
    return earlier.changes === 0;
  }

  async abandonPost(incidentId: string): Promise<void> {
    this.db.prepare('DELETE FROM channel_post_attempts WHERE incident_id = ?').run(incidentId);
  }

  async rememberPost(post: PostedCard): Promise<void> {
    this.db.prepare('DELETE FROM channel_post_attempts WHERE incident_id = ?').run(post.incidentId);
    this.db
      .prepare(
        `INSERT INTO channel_posts (incident_id, conversation_id, activity_id, service_url, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (incident_id) DO UPDATE SET conversation_id = excluded.conversation_id,
           activity_id = excluded.activity_id, service_url = excluded.service_url, updated_at = excluded.updated_at`,
      )
      .run(post.incidentId, post.conversationId, post.activityId, post.serviceUrl, new Date().toISOString());
  }

  async findPost(incidentId: string): Promise<PostedCard | undefined> {
    const row = this.db
      .prepare<[string], { conversation_id: string; activity_id: string; service_url: string }>(
        'SELECT conversation_id, activity_id, service_url FROM channel_posts WHERE incident_id = ?',
      )
      .get(incidentId);
    return row && { incidentId, conversationId: row.conversation_id, activityId: row.activity_id, serviceUrl: row.service_url };
  }
}
