import type pg from 'pg';
import type { Json } from '../../ports/incident-store.js';
import type { ChannelPost, ChannelPostOutbox, ChannelPostStatus, NewChannelPost } from '../../ports/channel-post-outbox.js';
import { jsonSchema, parseStored } from '../../ports/stored-data.js';
import { claimDueRows, LEASE_OWNER, renewLeases } from './claim-due.js';
import { inTransaction, type Queryable, diagnostic } from './database.js';
import { announceWork } from './wake.js';

interface Row {
  id: number;
  key: string;
  kind: NewChannelPost['kind'];
  channel: NewChannelPost['channel'];
  not_before: string;
  data: unknown;
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
  data: parseStored<Json>(jsonSchema, r.data, { table: 'channel_outbox', row: r.id, column: 'data' }),
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  ...(r.last_error ? { lastError: r.last_error } : {}),
  ...(r.note ? { note: r.note } : {}),
});

/** queues the posts on `db`: inside the caller's transaction when it passes its connection (the records that post them) */
export async function insertChannelPosts(db: Queryable, items: readonly NewChannelPost[], at: Date): Promise<number> {
  const when = at.toISOString();
  let added = 0;
  for (const p of items) {
    const notBefore = new Date(p.notBefore).toISOString();
    const inserted = await db.query(
      `INSERT INTO channel_outbox (key, kind, channel, not_before, data, status, attempts, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $7, $7) ON CONFLICT (key) DO NOTHING`,
      [p.key, p.kind, p.channel, notBefore, JSON.stringify(p.data), notBefore, when],
    );
    added += inserted.rowCount ?? 0;
  }
  if (added > 0) await announceWork(db, 'channel_outbox');
  return added;
}

export class PostgresChannelPostOutbox implements ChannelPostOutbox {
  constructor(
    private readonly pool: pg.Pool,
    private readonly owner = LEASE_OWNER,
  ) {}

  async enqueue(items: readonly NewChannelPost[], at: Date): Promise<number> {
    return inTransaction(this.pool, (client) => insertChannelPosts(client, items, at));
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<ChannelPost[]> {
    return (await claimDueRows<Row>(this.pool, 'channel_outbox', now, limit, leaseMs, { owner: this.owner })).map(toPost);
  }

  async renew(ids: readonly number[], now: Date, leaseMs: number): Promise<void> {
    await renewLeases(this.pool, 'channel_outbox', ids, now, leaseMs, this.owner);
  }

  async complete(id: number, status: Exclude<ChannelPostStatus, 'pending'>, at: Date, note?: string): Promise<void> {
    await this.pool.query(
      `UPDATE channel_outbox SET status = $1, note = $2, lease_owner = NULL, updated_at = $3 WHERE id = $4 AND status = 'pending'`,
      [status, diagnostic(note) ?? null, at.toISOString(), id],
    );
  }

  async retryLater(id: number, at: Date, retryAt: Date, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE channel_outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2, lease_owner = NULL, updated_at = $3
       WHERE id = $4 AND status = 'pending'`,
      [retryAt.toISOString(), diagnostic(error.slice(0, 1000)), at.toISOString(), id],
    );
  }

  async find(key: string): Promise<ChannelPost | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM channel_outbox WHERE key = $1', [key]);
    return rows[0] && toPost(rows[0]);
  }

  async backlog(now: Date): Promise<{ due: number; pending: number }> {
    const { rows } = await this.pool.query<{ due: number; pending: number }>(
      `SELECT COUNT(*) FILTER (WHERE next_attempt_at <= $1) AS due, COUNT(*) AS pending FROM channel_outbox WHERE status = 'pending'`,
      [now.toISOString()],
    );
    return { due: rows[0]!.due, pending: rows[0]!.pending };
  }
}
