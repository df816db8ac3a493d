// leases on the queue tables, as the SQLite adapters keep them (src/adapters/sqlite/claim-due.ts), with
// PostgreSQL's row locks: a claim skips the rows another instance is claiming at that moment
// (FOR UPDATE SKIP LOCKED) instead of waiting for them, so instances never hand out the same row.
import { LEASE_OWNER, holderIsGone, type LeasedTable } from '../sqlite/claim-due.js';
import type { Queryable } from './database.js';

export { LEASE_OWNER };
const LEASED_TABLES: readonly LeasedTable[] = ['notifications', 'reminders', 'replication_queue', 'channel_outbox'];

export interface ClaimOptions {
  /** order before the due time: the notifications' urgent first */
  urgentFirst?: boolean;
  /** only this person's rows (the reminders of one chat) */
  recipient?: string;
  owner?: string;
}

/**
 * the pending rows due at `now`, urgent first if asked then oldest first, each leased to `owner` until
 * now + leaseMs; returned in that order, showing the new next_attempt_at
 */
export async function claimDueRows<Row extends { id: number; next_attempt_at: string }>(
  db: Queryable,
  table: LeasedTable,
  now: Date,
  limit: number,
  leaseMs: number,
  options: ClaimOptions = {},
): Promise<Row[]> {
  if (limit <= 0) return [];
  const order = `${options.urgentFirst ? 'urgent DESC, ' : ''}next_attempt_at, id`;
  const params: unknown[] = [now.toISOString(), limit, new Date(now.getTime() + leaseMs).toISOString(), options.owner ?? LEASE_OWNER];
  const byRecipient = options.recipient === undefined ? '' : `AND recipient = $${params.push(options.recipient)}`;
  // the original due time comes back beside the row, so the rows can be put back in claim order
  const { rows } = await db.query<Row & { was_due: string; urgent?: boolean }>(
    `WITH picked AS (
       SELECT id, next_attempt_at AS was_due FROM ${table} WHERE status = 'pending' AND next_attempt_at <= $1 ${byRecipient}
       ORDER BY ${order} LIMIT $2 FOR UPDATE SKIP LOCKED
     )
     UPDATE ${table} t SET next_attempt_at = $3, lease_owner = $4 FROM picked WHERE t.id = picked.id
     RETURNING t.*, picked.was_due`,
    params,
  );
  const urgency = (r: { urgent?: boolean }) => (options.urgentFirst && r.urgent ? 0 : 1);
  return rows
    .sort((a, b) => urgency(a) - urgency(b) || (a.was_due < b.was_due ? -1 : a.was_due > b.was_due ? 1 : a.id - b.id))
    .map(({ was_due: _, ...row }) => row as unknown as Row);
}

/** the heartbeat: rows `owner` still holds stay held until now + leaseMs; others are left alone */
export async function renewLeases(
  db: Queryable,
  table: LeasedTable,
  ids: readonly number[],
  now: Date,
  leaseMs: number,
  owner = LEASE_OWNER,
): Promise<void> {
  if (ids.length === 0) return;
  await db.query(`UPDATE ${table} SET next_attempt_at = $1 WHERE id = ANY($2::bigint[]) AND lease_owner = $3 AND status = 'pending'`, [
    new Date(now.getTime() + leaseMs).toISOString(),
    ids,
    owner,
  ]);
}

/**
 * on start-up: every pending row held by a process of this machine that has died is due again now
 * (see the SQLite version). Holders on other machines keep their leases until they lapse.
 */
export async function takeBackFromDeadHolders(db: Queryable, now: Date, self = LEASE_OWNER): Promise<Partial<Record<LeasedTable, number>>> {
  const taken: Partial<Record<LeasedTable, number>> = {};
  for (const table of LEASED_TABLES) {
    const { rows } = await db.query<{ lease_owner: string }>(
      `SELECT DISTINCT lease_owner FROM ${table} WHERE status = 'pending' AND lease_owner IS NOT NULL`,
    );
    const gone = rows.map((r) => r.lease_owner).filter((owner) => holderIsGone(owner, self));
    if (gone.length === 0) continue;
    const released = await db.query(
      `UPDATE ${table} SET next_attempt_at = LEAST(next_attempt_at, $1), lease_owner = NULL
       WHERE status = 'pending' AND lease_owner = ANY($2::text[])`,
      [now.toISOString(), gone],
    );
    if (released.rowCount) taken[table] = released.rowCount;
  }
  return taken;
}
