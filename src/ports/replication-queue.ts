// the copies the embedded store owes a remote one (SharePoint lists): one task per incident (copy
// its current state) and per event (append it), queued in the same transaction as the change, and
// drained by a worker that can wait out throttling and outages for as long as it takes.
// adapters: sqlite, postgres. contract: test/ports/replication-queue.contract.ts.

export interface ReplicationTask {
  id: number;
  kind: 'incident' | 'event';
  incidentId: string;
  /** the event's seq; 0 for the incident itself */
  seq: number;
  /** bumped when the incident changes again while its copy is pending or in flight */
  generation: number;
  attempts: number;
  createdAt: string;
  lastError?: string;
}

export interface ReplicationBacklog {
  pending: number;
  /** when the oldest pending task was queued (how far behind the copy is) */
  oldestQueuedAt?: string;
}

export interface ReplicationQueue {
  /** up to `limit` due tasks, oldest first, leased for `leaseMs` (see NotificationOutbox.claimDue) */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<ReplicationTask[]>;
  /** copied: done, unless the incident changed again since the task was claimed (then it stays due) */
  done(task: ReplicationTask, at: Date): Promise<void>;
  retryLater(task: ReplicationTask, at: Date, retryAt: Date, error: string): Promise<void>;
  backlog(now: Date): Promise<ReplicationBacklog>;
  /** the remote item id of a natural key (a reference, an event key), once known */
  rememberItem(list: string, naturalKey: string, itemId: string): Promise<void>;
  findItem(list: string, naturalKey: string): Promise<string | undefined>;
}
