import type { NewReminder, Reminder, ReminderOutbox } from '../../ports/reminder-outbox.js';
import { jsonSchema, parseStoredJson } from '../../ports/stored-data.js';
import type { SqliteDatabase } from './database.js';
import { claimDueRows } from './claim-due.js';

interface Row {
  id: number;
  key: string;
  kind: string;
  recipient: string;
  not_before: string;
  data: string;
  status: Reminder['status'];
  attempts: number;
  next_attempt_at: string;
  note: string | null;
}

const toReminder = (r: Row): Reminder => ({
  id: r.id,
  key: r.key,
  kind: r.kind,
  recipient: r.recipient,
  notBefore: r.not_before,
  data: parseStoredJson(jsonSchema, r.data, { table: 'reminders', row: r.id, column: 'data' }),
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  ...(r.note ? { note: r.note } : {}),
});

export class SqliteReminderOutbox implements ReminderOutbox {
  constructor(private readonly db: SqliteDatabase) {}

  async enqueue(items: readonly NewReminder[], at: Date): Promise<number> {
    const insert = this.db.prepare(
      `INSERT INTO reminders (key, kind, recipient, not_before, data, status, attempts, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
    );
    const when = at.toISOString();
    return this.db.transaction(() => {
      let added = 0;
      for (const r of items) {
        const notBefore = new Date(r.notBefore).toISOString();
        added += insert.run(r.key, r.kind, r.recipient, notBefore, JSON.stringify(r.data), notBefore, when, when).changes;
      }
      return added;
    })();
  }

  async claimDue(now: Date, limit: number, leaseMs: number, recipient?: string): Promise<Reminder[]> {
    return claimDueRows<Row>(this.db, 'reminders', now, limit, leaseMs, recipient === undefined ? {} : { recipient }).map(toReminder);
  }

  async complete(id: number, status: 'sent' | 'unreachable', at: Date, note?: string): Promise<void> {
    this.db
      .prepare(`UPDATE reminders SET status = ?, note = ?, updated_at = ? WHERE id = ? AND status = 'pending'`)
      .run(status, note ?? null, at.toISOString(), id);
  }

  async retryLater(id: number, at: Date, retryAt: Date, error: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE reminders SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, lease_owner = NULL, updated_at = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .run(retryAt.toISOString(), error.slice(0, 1000), at.toISOString(), id);
  }

  async list(filter: { kind?: string; recipient?: string } = {}): Promise<Reminder[]> {
    return this.db
      .prepare<[string | null, string | null, string | null, string | null], Row>(
        'SELECT * FROM reminders WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR recipient = ?) ORDER BY id',
      )
      .all(filter.kind ?? null, filter.kind ?? null, filter.recipient ?? null, filter.recipient ?? null)
      .map(toReminder);
  }

  async backlog(now: Date): Promise<{ due: number; pending: number }> {
    const row = this.db
      .prepare<[string], { due: number; pending: number }>(
        `SELECT COALESCE(SUM(next_attempt_at <= ?), 0) AS due, COUNT(*) AS pending FROM reminders WHERE status = 'pending'`,
      )
      .get(now.toISOString())!;
    return { due: row.due, pending: row.pending };
  }

  async wake(recipient: string, now: Date): Promise<number> {
    const at = now.toISOString();
    return this.db
      .prepare(
        `UPDATE reminders SET next_attempt_at = ? WHERE recipient = ? AND status = 'pending' AND next_attempt_at > ? AND not_before <= ?`,
      )
      .run(at, recipient, at, at).changes;
  }
}
