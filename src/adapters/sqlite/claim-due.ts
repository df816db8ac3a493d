import type { SqliteDatabase } from './database.js';

/** the queue tables that lease their due rows to a worker */
export type LeasedTable = 'notifications' | 'reminders' | 'replication_queue' | 'channel_outbox';

/**
 * the pending rows due at `now`, oldest first, each leased until now + leaseMs (their next_attempt_at
 * moves there, so no other claim returns them before the lease lapses). The write lock is taken before
 * reading, so two processes cannot both read the same rows. Returned rows show the new next_attempt_at.
 */
export function claimDueRows<Row extends { id: number; next_attempt_at: string }>(
  db: SqliteDatabase,
  table: LeasedTable,
  now: Date,
  limit: number,
  leaseMs: number,
): Row[] {
  // sqlite reads a negative limit as "no limit"
  if (limit <= 0) return [];
  const until = new Date(now.getTime() + leaseMs).toISOString();
  return db
    .transaction(() => {
      const rows = db
        .prepare<[string, number], Row>(
          `SELECT * FROM ${table} WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
        )
        .all(now.toISOString(), limit);
      const lease = db.prepare(`UPDATE ${table} SET next_attempt_at = ? WHERE id = ?`);
      for (const row of rows) lease.run(until, row.id);
      return rows.map((row) => ({ ...row, next_attempt_at: until }));
    })
    .immediate();
}
