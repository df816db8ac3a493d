import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from './database.js';

/** the queue tables that lease their due rows to a worker */
export type LeasedTable = 'notifications' | 'reminders' | 'replication_queue' | 'channel_outbox';
const LEASED_TABLES: readonly LeasedTable[] = ['notifications', 'reminders', 'replication_queue', 'channel_outbox'];

/**
 * who holds a lease: this machine, this process and this start of it. The nonce tells a process
 * restarted under the same pid (pid 1 in a container) from the one that died.
 */
export const LEASE_OWNER = `${hostname()}#${process.pid}#${randomUUID().slice(0, 8)}`;

export interface ClaimOptions {
  /** extra ORDER BY terms before the due time (the notifications' urgent first) */
  firstBy?: string;
  /** only this person's rows (the reminders of one chat) */
  recipient?: string;
  owner?: string;
}

/**
 * the pending rows due at `now`, oldest first, each leased to this process until now + leaseMs (their
 * next_attempt_at moves there, so no other claim returns them before the lease lapses or is taken
 * back). The write lock is taken before reading, so two processes cannot both read the same rows.
 * Returned rows show the new next_attempt_at.
 */
export function claimDueRows<Row extends { id: number; next_attempt_at: string }>(
  db: SqliteDatabase,
  table: LeasedTable,
  now: Date,
  limit: number,
  leaseMs: number,
  options: ClaimOptions = {},
): Row[] {
  // sqlite reads a negative limit as "no limit"
  if (limit <= 0) return [];
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const owner = options.owner ?? LEASE_OWNER;
  const order = [options.firstBy, 'next_attempt_at', 'id'].filter(Boolean).join(', ');
  const byRecipient = options.recipient === undefined ? '' : 'AND recipient = ?';
  const params: Array<string | number> = [now.toISOString(), ...(options.recipient === undefined ? [] : [options.recipient]), limit];
  return db
    .transaction(() => {
      const rows = db
        .prepare<Array<string | number>, Row>(
          `SELECT * FROM ${table} WHERE status = 'pending' AND next_attempt_at <= ? ${byRecipient} ORDER BY ${order} LIMIT ?`,
        )
        .all(...params);
      const lease = db.prepare(`UPDATE ${table} SET next_attempt_at = ?, lease_owner = ? WHERE id = ?`);
      for (const row of rows) lease.run(until, owner, row.id);
      return rows.map((row) => ({ ...row, next_attempt_at: until }));
    })
    .immediate();
}

/**
 * the heartbeat: the rows this process still holds stay held until now + leaseMs. A row another
 * process took back after this one's lease lapsed, or one already finished, is left alone.
 */
export function renewLeases(
  db: SqliteDatabase,
  table: LeasedTable,
  ids: readonly number[],
  now: Date,
  leaseMs: number,
  owner = LEASE_OWNER,
): void {
  if (ids.length === 0) return;
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const renew = db.prepare(`UPDATE ${table} SET next_attempt_at = ? WHERE id = ? AND lease_owner = ? AND status = 'pending'`);
  db.transaction(() => {
    for (const id of ids) renew.run(until, id, owner);
  })();
}

/** whether a process with this pid runs on this machine (EPERM: it runs, as another user) */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * whether the holder is a process of this machine that is gone: a pid that no longer runs, or this
 * very pid started again. A holder on another machine (or a live process here) keeps its lease until
 * it lapses; its heartbeat stops when it dies, so that is seconds.
 */
export function holderIsGone(owner: string, self = LEASE_OWNER): boolean {
  if (owner === self) return false;
  const [host, pidText] = owner.split('#');
  const [selfHost, selfPid] = self.split('#');
  if (host !== selfHost) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  return pidText === selfPid || !processRuns(pid);
}

/**
 * on start-up: every pending row held by a process of this machine that has died is due again now,
 * so what a crash interrupted (a critical alert among it) goes at once, not when the lease lapses.
 * Returns how many rows were taken back, per table.
 */
export function takeBackFromDeadHolders(db: SqliteDatabase, now: Date, self = LEASE_OWNER): Partial<Record<LeasedTable, number>> {
  const taken: Partial<Record<LeasedTable, number>> = {};
  const at = now.toISOString();
  db.transaction(() => {
    for (const table of LEASED_TABLES) {
      const holders = db
        .prepare<[], { lease_owner: string }>(
          `SELECT DISTINCT lease_owner FROM ${table} WHERE status = 'pending' AND lease_owner IS NOT NULL`,
        )
        .all()
        .map((r) => r.lease_owner)
        .filter((owner) => holderIsGone(owner, self));
      const release = db.prepare(
        `UPDATE ${table} SET next_attempt_at = MIN(next_attempt_at, ?), lease_owner = NULL WHERE status = 'pending' AND lease_owner = ?`,
      );
      let n = 0;
      for (const owner of holders) n += release.run(at, owner).changes;
      if (n > 0) taken[table] = n;
    }
  }).immediate();
  return taken;
}
