import type { Json } from '../../ports/incident-store.js';
import type { ChannelPost, ChannelPostOutbox, ChannelPostStatus, NewChannelPost } from '../../ports/channel-post-outbox.js';
import type { SqliteDatabase } from './database.js';
import { claimDueRows, LEASE_OWNER, renewLeases } from './claim-due.js';

interface Row {
  id: number;
  key: string;
  kind: NewChannelPost['kind'];
  channel: NewChannelPost['channel'];
  not_before: string;
  data: string;
  status: ChannelPostStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  note: string | null;
}

const toPost = (r: Row): ChannelPost => ({
  id: r.id,
  key: r.key,
  kind: r.kind,
  channel: r.channel,
  notBefore: r.not_before,
  data: JSON.parse(r.data) as Json,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  ...(r.last_error ? { lastError: r.last_error } : {}),
  ...(r.note ? { note: r.note } : {}),
});

/** queues the posts on `db`, inside the caller's transaction when there is one (the records that post them) */
export function insertChannelPosts(db: SqliteDatabase, items: readonly NewChannelPost[], at: Date): number {
  const insert = db.prepare(
    `INSERT INTO channel_outbox (key, kind, channel, not_before, data, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
  );
  const when = at.toISOString();
  let added = 0;
  for (const p of items) {
    const notBefore = new Date(p.notBefore).toISOString();
    added += insert.run(p.key, p.kind, p.channel, notBefore, JSON.stringify(p.data), notBefore, when, when).changes;
  }
  return added;
}

export class SqliteChannelPostOutbox implements ChannelPostOutbox {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly owner = LEASE_OWNER,
  ) {}

  async enqueue(items: readonly NewChannelPost[], at: Date): Promise<number> {
    return this.db.transaction(() => insertChannelPosts(this.db, items, at))();
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<ChannelPost[]> {
    return claimDueRows<Row>(this.db, 'channel_outbox', now, limit, leaseMs, { owner: this.owner }).map(toPost);
  }

  async renew(ids: readonly number[], now: Date, leaseMs: number): Promise<void> {
    renewLeases(this.db, 'channel_outbox', ids, now, leaseMs, this.owner);
  }

  async complete(id: number, status: Exclude<ChannelPostStatus, 'pending'>, at: Date, note?: string): Promise<void> {
    this.db
      .prepare(`UPDATE channel_outbox SET status = ?, note = ?, lease_owner = NULL, updated_at = ? WHERE id = ? AND status = 'pending'`)
      .run(status, note ?? null, at.toISOString(), id);
  }

  async retryLater(id: number, at: Date, retryAt: Date, error: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE channel_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, lease_owner = NULL, updated_at = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .run(retryAt.toISOString(), error.slice(0, 1000), at.toISOString(), id);
  }

  async find(key: string): Promise<ChannelPost | undefined> {
    const row = this.db.prepare<[string], Row>('SELECT * FROM channel_outbox WHERE key = ?').get(key);
    return row && toPost(row);
  }

  async backlog(now: Date): Promise<{ due: number; pending: number }> {
    const row = this.db
      .prepare<[string], { due: number; pending: number }>(
        `SELECT COALESCE(SUM(next_attempt_at <= ?), 0) AS due, COUNT(*) AS pending FROM channel_outbox WHERE status = 'pending'`,
      )
      .get(now.toISOString())!;
    return { due: row.due, pending: row.pending };
  }
}
