import type { ReplicationBacklog, ReplicationQueue, ReplicationTask } from '../../ports/replication-queue.js';
import type { SqliteDatabase } from './database.js';
import { claimDueRows } from './claim-due.js';

interface TaskRow {
  id: number;
  kind: 'incident' | 'event';
  incident_id: string;
  seq: number;
  generation: number;
  attempts: number;
  created_at: string;
  last_error: string | null;
}

const toTask = (r: TaskRow): ReplicationTask => ({
  id: r.id,
  kind: r.kind,
  incidentId: r.incident_id,
  seq: r.seq,
  generation: r.generation,
  attempts: r.attempts,
  createdAt: r.created_at,
  ...(r.last_error !== null ? { lastError: r.last_error } : {}),
});

/**
 * queues the copies a change owes SharePoint; called inside the change's transaction. an incident
 * already queued is re-armed (its generation bumped), so the copy made is always of its latest state
 */
export function queueReplication(db: SqliteDatabase, incidentId: string, eventSeqs: readonly number[], at: string): void {
  db.prepare(
    `INSERT INTO replication_queue (kind, incident_id, seq, generation, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES ('incident', ?, 0, 1, 'pending', 0, ?, ?, ?)
     ON CONFLICT (kind, incident_id, seq) DO UPDATE SET
       generation = generation + 1, status = 'pending', next_attempt_at = MIN(next_attempt_at, excluded.next_attempt_at), updated_at = excluded.updated_at`,
  ).run(incidentId, at, at, at);
  const event = db.prepare(
    `INSERT INTO replication_queue (kind, incident_id, seq, generation, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES ('event', ?, ?, 1, 'pending', 0, ?, ?, ?) ON CONFLICT (kind, incident_id, seq) DO NOTHING`,
  );
  for (const seq of eventSeqs) event.run(incidentId, seq, at, at, at);
}

export class SqliteReplicationQueue implements ReplicationQueue {
  constructor(private readonly db: SqliteDatabase) {}

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<ReplicationTask[]> {
    return claimDueRows<TaskRow & { next_attempt_at: string }>(this.db, 'replication_queue', now, limit, leaseMs).map(toTask);
  }

  async done(task: ReplicationTask, at: Date): Promise<void> {
    this.db
      .prepare(
        `UPDATE replication_queue SET status = 'done', last_error = NULL, updated_at = ? WHERE id = ? AND generation = ? AND status = 'pending'`,
      )
      .run(at.toISOString(), task.id, task.generation);
    // changed again while we copied: due now, so the latest state follows
    this.db
      .prepare(
        `UPDATE replication_queue SET next_attempt_at = ?, lease_owner = NULL WHERE id = ? AND generation <> ? AND status = 'pending'`,
      )
      .run(at.toISOString(), task.id, task.generation);
  }

  async retryLater(task: ReplicationTask, at: Date, retryAt: Date, error: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE replication_queue SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, lease_owner = NULL, updated_at = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .run(retryAt.toISOString(), error.slice(0, 1000), at.toISOString(), task.id);
  }

  async backlog(_now?: Date): Promise<ReplicationBacklog> {
    const row = this.db
      .prepare<[], { pending: number; oldest: string | null }>(
        `SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM replication_queue WHERE status = 'pending'`,
      )
      .get()!;
    return { pending: row.pending, ...(row.oldest ? { oldestQueuedAt: row.oldest } : {}) };
  }

  async rememberItem(list: string, naturalKey: string, itemId: string): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO replica_items (list_key, natural_key, item_id) VALUES (?, ?, ?) ON CONFLICT (list_key, natural_key) DO UPDATE SET item_id = excluded.item_id',
      )
      .run(list, naturalKey, itemId);
  }

  async findItem(list: string, naturalKey: string): Promise<string | undefined> {
    return this.db
      .prepare<[string, string], { item_id: string }>('SELECT item_id FROM replica_items WHERE list_key = ? AND natural_key = ?')
      .get(list, naturalKey)?.item_id;
  }
}
