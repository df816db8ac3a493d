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
import type { Json } from '../../ports/incident-store.js';
import { jsonSchema, parseStored } from '../../ports/stored-data.js';
import type pg from 'pg';
import { claimDueRows, LEASE_OWNER, renewLeases } from './claim-due.js';
import { type Queryable, diagnostic } from './database.js';
import { announceWork } from './wake.js';

interface NotificationRow {
  id: number;
  incident_id: string;
  key: string;
  kind: NotificationKind;
  recipient: string | null;
  not_before: string;
  data: unknown;
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
  ...(r.data !== null ? { data: parseStored<Json>(jsonSchema, r.data, { table: 'notifications', row: r.id, column: 'data' }) } : {}),
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  ...(r.last_error !== null ? { lastError: r.last_error } : {}),
  ...(r.note !== null ? { note: r.note } : {}),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * queues items for an incident on the connection of the change that owes them (inside its transaction).
 * a key already queued for the incident is skipped; a SCHOOL_WIDE_KINDS key already queued for any
 * incident too, under a transaction lock on that key so two changes at once cannot both queue it
 */
export async function insertOutboxItems(
  client: pg.PoolClient,
  incidentId: string,
  items: readonly OutboxItem[],
  at: string,
): Promise<void> {
  const columns = 'incident_id, key, kind, recipient, not_before, data, urgent, status, attempts, next_attempt_at, created_at, updated_at';
  for (const item of items) {
    // an unreadable notBefore throws here and so rolls the whole change back, rather than never falling due
    const due = new Date(item.notBefore).toISOString();
    const values = [
      incidentId,
      item.key,
      item.kind,
      item.recipient ?? null,
      item.notBefore,
      item.data === undefined ? null : JSON.stringify(item.data),
      isUrgent(item),
      due,
      at,
    ];
    if (SCHOOL_WIDE_KINDS.includes(item.kind)) {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`notifications:${item.kind}:${item.key}`]);
      await client.query(
        `INSERT INTO notifications (${columns}) SELECT $1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $9, $9
         WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE kind = $3 AND key = $2)
         ON CONFLICT (incident_id, key) DO NOTHING`,
        values,
      );
    } else {
      await client.query(
        `INSERT INTO notifications (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $9, $9)
         ON CONFLICT (incident_id, key) DO NOTHING`,
        values,
      );
    }
  }
  if (items.length > 0) await announceWork(client, 'notifications');
}

export class PostgresNotificationOutbox implements NotificationOutbox {
  constructor(
    private readonly db: Queryable,
    private readonly owner = LEASE_OWNER,
  ) {}

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<Notification[]> {
    const rows = await claimDueRows<NotificationRow>(this.db, 'notifications', now, limit, leaseMs, {
      urgentFirst: true,
      owner: this.owner,
    });
    return rows.map(toNotification);
  }

  async renew(ids: readonly number[], now: Date, leaseMs: number): Promise<void> {
    await renewLeases(this.db, 'notifications', ids, now, leaseMs, this.owner);
  }

  async complete(id: number, outcome: Exclude<NotificationStatus, 'pending'>, at: Date, note?: string): Promise<void> {
    // only a pending message: the first final outcome stands (a worker whose lease lapsed may report late)
    await this.db.query(
      `UPDATE notifications SET status = $1, note = $2, lease_owner = NULL, updated_at = $3 WHERE id = $4 AND status = 'pending'`,
      [outcome, diagnostic(note) ?? null, at.toISOString(), id],
    );
  }

  async retryLater(id: number, at: Date, retryAt: Date, error: string): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET next_attempt_at = $1, attempts = attempts + 1, last_error = $2, lease_owner = NULL, updated_at = $3
       WHERE id = $4 AND status = 'pending'`,
      [retryAt.toISOString(), diagnostic(error), at.toISOString(), id],
    );
  }

  async forIncident(incidentId: string): Promise<Notification[]> {
    const { rows } = await this.db.query<NotificationRow>('SELECT * FROM notifications WHERE incident_id = $1 ORDER BY id', [incidentId]);
    return rows.map(toNotification);
  }

  async backlog(now: Date): Promise<OutboxBacklog> {
    const { rows } = await this.db.query<{ due: number; pending: number; oldest_due_at: string | null }>(
      `SELECT COUNT(*) FILTER (WHERE next_attempt_at <= $1) AS due, COUNT(*) AS pending,
              MIN(next_attempt_at) FILTER (WHERE next_attempt_at <= $1) AS oldest_due_at
       FROM notifications WHERE status = 'pending'`,
      [now.toISOString()],
    );
    const row = rows[0]!;
    return { due: row.due, pending: row.pending, ...(row.oldest_due_at !== null ? { oldestDueAt: row.oldest_due_at } : {}) };
  }

  async startPost(incidentId: string, at: Date): Promise<boolean> {
    const inserted = await this.db.query(
      'INSERT INTO channel_post_attempts (incident_id, started_at) VALUES ($1, $2) ON CONFLICT (incident_id) DO NOTHING',
      [incidentId, at.toISOString()],
    );
    return inserted.rowCount === 0;
  }

  async abandonPost(incidentId: string): Promise<void> {
    await this.db.query('DELETE FROM channel_post_attempts WHERE incident_id = $1', [incidentId]);
  }

  async rememberPost(post: PostedCard): Promise<void> {
    // one statement, so the attempt is finished exactly when the post is remembered
    await this.db.query(
      `WITH finished AS (DELETE FROM channel_post_attempts WHERE incident_id = $1)
       INSERT INTO channel_posts (incident_id, conversation_id, activity_id, service_url, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (incident_id) DO UPDATE SET conversation_id = excluded.conversation_id,
         activity_id = excluded.activity_id, service_url = excluded.service_url, updated_at = excluded.updated_at`,
      [post.incidentId, post.conversationId, post.activityId, post.serviceUrl],
    );
  }

  async findPost(incidentId: string): Promise<PostedCard | undefined> {
    const { rows } = await this.db.query<{ conversation_id: string; activity_id: string; service_url: string }>(
      'SELECT conversation_id, activity_id, service_url FROM channel_posts WHERE incident_id = $1',
      [incidentId],
    );
    const row = rows[0];
    return row && { incidentId, conversationId: row.conversation_id, activityId: row.activity_id, serviceUrl: row.service_url };
  }
}
