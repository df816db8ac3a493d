import type { ReplicationBacklog, ReplicationQueue, ReplicationTask } from '../../ports/replication-queue.js';
import type pg from 'pg';
import { claimDueRows, LEASE_OWNER } from './claim-due.js';
import { type Queryable, diagnostic } from './database.js';

interface TaskRow {
  id: number;
  kind: 'incident' | 'event';
  incident_id: string;
  seq: number;
  generation: number;
  attempts: number;
  created_at: string;
  last_error: string | null;
  next_attempt_at: string;
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
 * queues the copies a change owes SharePoint, on the change's own connection (inside its transaction).
 * an incident already queued is re-armed (its generation bumped), so the copy made is of its latest state
 */
export async function queueReplication(client: pg.PoolClient, incidentId: string, eventSeqs: readonly number[], at: string): Promise<void> {
  await client.query(
    `INSERT INTO replication_queue (kind, incident_id, seq, generation, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES ('incident', $1, 0, 1, 'pending', 0, $2, $3, $3)
     ON CONFLICT (kind, incident_id, seq) DO UPDATE SET generation = replication_queue.generation + 1, status = 'pending',
       next_attempt_at = LEAST(replication_queue.next_attempt_at, excluded.next_attempt_at), updated_at = excluded.updated_at`,
    [incidentId, new Date(at).toISOString(), at],
  );
  if (eventSeqs.length === 0) return;
  await client.query(
    `INSERT INTO replication_queue (kind, incident_id, seq, generation, status, attempts, next_attempt_at, created_at, updated_at)
     SELECT 'event', $1, seq, 1, 'pending', 0, $2, $3, $3 FROM unnest($4::int[]) AS seq
     ON CONFLICT (kind, incident_id, seq) DO NOTHING`,
    [incidentId, new Date(at).toISOString(), at, eventSeqs],
  );
}

export class PostgresReplicationQueue implements ReplicationQueue {
  constructor(
    private readonly db: Queryable,
    private readonly owner = LEASE_OWNER,
  ) {}

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<ReplicationTask[]> {
    return (await claimDueRows<TaskRow>(this.db, 'replication_queue', now, limit, leaseMs, { owner: this.owner })).map(toTask);
  }

  async done(task: ReplicationTask, at: Date): Promise<void> {
    // done if nothing changed since the claim; changed again while we copied: due now, so the latest state follows
    await this.db.query(
      `UPDATE replication_queue SET
         status = CASE WHEN generation = $3 THEN 'done' ELSE status END,
         last_error = CASE WHEN generation = $3 THEN NULL ELSE last_error END,
         updated_at = CASE WHEN generation = $3 THEN $1 ELSE updated_at END,
         next_attempt_at = CASE WHEN generation = $3 THEN next_attempt_at ELSE $4 END,
         lease_owner = CASE WHEN generation = $3 THEN lease_owner ELSE NULL END
       WHERE id = $2 AND status = 'pending'`,
      [at.toISOString(), task.id, task.generation, at.toISOString()],
    );
  }

  async retryLater(task: ReplicationTask, at: Date, retryAt: Date, error: string): Promise<void> {
    await this.db.query(
      `UPDATE replication_queue SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2, lease_owner = NULL, updated_at = $3
       WHERE id = $4 AND status = 'pending'`,
      [retryAt.toISOString(), diagnostic(error.slice(0, 1000)), at.toISOString(), task.id],
    );
  }

  async backlog(_now?: Date): Promise<ReplicationBacklog> {
    const { rows } = await this.db.query<{ pending: number; oldest: string | null }>(
      `SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM replication_queue WHERE status = 'pending'`,
    );
    const row = rows[0]!;
    return { pending: row.pending, ...(row.oldest ? { oldestQueuedAt: row.oldest } : {}) };
  }

  async rememberItem(list: string, naturalKey: string, itemId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO replica_items (list_key, natural_key, item_id) VALUES ($1, $2, $3)
       ON CONFLICT (list_key, natural_key) DO UPDATE SET item_id = excluded.item_id`,
      [list, naturalKey, itemId],
    );
  }

  async findItem(list: string, naturalKey: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ item_id: string }>(
      'SELECT item_id FROM replica_items WHERE list_key = $1 AND natural_key = $2',
      [list, naturalKey],
    );
    return rows[0]?.item_id;
  }
}
