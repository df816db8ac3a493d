import type pg from 'pg';
import type { NewReminder, Reminder, ReminderOutbox } from '../../ports/reminder-outbox.js';
import { jsonSchema, parseStored } from '../../ports/stored-data.js';
import { claimDueRows, LEASE_OWNER } from './claim-due.js';
import { inTransaction, diagnostic } from './database.js';
import { announceWork } from './wake.js';

interface Row {
  id: number;
  key: string;
  kind: string;
  recipient: string;
  not_before: string;
  data: unknown;
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
  data: parseStored(jsonSchema, r.data, { table: 'reminders', row: r.id, column: 'data' }),
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  ...(r.note ? { note: r.note } : {}),
});

export class PostgresReminderOutbox implements ReminderOutbox {
  constructor(
    private readonly pool: pg.Pool,
    private readonly owner = LEASE_OWNER,
  ) {}

  async enqueue(items: readonly NewReminder[], at: Date): Promise<number> {
    const when = at.toISOString();
    return inTransaction(this.pool, async (client) => {
      let added = 0;
      for (const r of items) {
        const notBefore = new Date(r.notBefore).toISOString();
        const inserted = await client.query(
          `INSERT INTO reminders (key, kind, recipient, not_before, data, status, attempts, next_attempt_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $7, $7) ON CONFLICT (key) DO NOTHING`,
          [r.key, r.kind, r.recipient, notBefore, JSON.stringify(r.data), notBefore, when],
        );
        added += inserted.rowCount ?? 0;
      }
      if (added > 0) await announceWork(client, 'reminders');
      return added;
    });
  }

  async claimDue(now: Date, limit: number, leaseMs: number, recipient?: string): Promise<Reminder[]> {
    const options = recipient === undefined ? { owner: this.owner } : { owner: this.owner, recipient };
    return (await claimDueRows<Row>(this.pool, 'reminders', now, limit, leaseMs, options)).map(toReminder);
  }

  async complete(id: number, status: 'sent' | 'unreachable', at: Date, note?: string): Promise<void> {
    await this.pool.query(
      `UPDATE reminders SET status = $1, note = $2, lease_owner = NULL, updated_at = $3 WHERE id = $4 AND status = 'pending'`,
      [status, diagnostic(note) ?? null, at.toISOString(), id],
    );
  }

  async retryLater(id: number, at: Date, retryAt: Date, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE reminders SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2, lease_owner = NULL, updated_at = $3
       WHERE id = $4 AND status = 'pending'`,
      [retryAt.toISOString(), diagnostic(error.slice(0, 1000)), at.toISOString(), id],
    );
  }

  async list(filter: { kind?: string; recipient?: string } = {}): Promise<Reminder[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM reminders WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR recipient = $2) ORDER BY id',
      [filter.kind ?? null, filter.recipient ?? null],
    );
    return rows.map(toReminder);
  }

  async backlog(now: Date): Promise<{ due: number; pending: number }> {
    const { rows } = await this.pool.query<{ due: number; pending: number }>(
      `SELECT COUNT(*) FILTER (WHERE next_attempt_at <= $1) AS due, COUNT(*) AS pending FROM reminders WHERE status = 'pending'`,
      [now.toISOString()],
    );
    return { due: rows[0]!.due, pending: rows[0]!.pending };
  }

  async wake(recipient: string, now: Date): Promise<number> {
    const at = now.toISOString();
    const woken = await this.pool.query(
      `UPDATE reminders SET next_attempt_at = $1 WHERE recipient = $2 AND status = 'pending' AND next_attempt_at > $1 AND not_before <= $3`,
      [at, recipient, at],
    );
    return woken.rowCount ?? 0;
  }
}
