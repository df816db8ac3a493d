// copies the embedded store's changes to the SharePoint lists, in the background. the person who
// reported or decided never waits for SharePoint: their change is already stored locally, with the
// copy it owes queued in the same transaction (ports/replication-queue.ts). this worker drains the
// queue: an incident is one POST the first time (then one PATCH per change), events go 20 to a
// $batch. throttling (429, 503, 504) waits for Retry-After, other failures back off with jitter, and
// nothing is ever dropped. a create that may have happened before a failure is looked up first, and
// unique keys (IncidentId, EventKey) turn a repeated create into a harmless 409: never a duplicate.
import type { Logger } from '../../observability/logger.js';
import { BackgroundWorker } from '../../app/background-worker.js';
import type { IncidentEvent, IncidentStore } from '../../ports/incident-store.js';
import type { ReplicationQueue, ReplicationTask } from '../../ports/replication-queue.js';
import { batchError, type BatchAnswer, type GraphClient } from '../graph/graph-client.js';
import { GraphRequestError } from '../graph/graph-error.js';
import { eventFields, eventKey, incidentFields } from './fields.js';
import type { ListKey } from './lists.js';

export interface ReplicatorDeps {
  queue: ReplicationQueue;
  /** the embedded store: the first copy, read at the time of copying */
  source: IncidentStore;
  graph: GraphClient;
  siteId: string;
  /** the list ids, found once (the site may be unreachable at start: then the next run tries again) */
  listIds: () => Promise<Record<ListKey, string>>;
  logger: Logger;
  now: () => Date;
  random?: () => number;
}

export interface ReplicationCounts {
  copied: number;
  retrying: number;
  /** Graph requests made (the bench's requests per incident) */
  requests: number;
}

const LEASE_MS = 5 * 60_000;
const BATCH = 20;

export function replicationBackoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(2_000 * 2 ** attempts, 10 * 60_000);
  return Math.round(base * (0.5 + random()));
}

const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;

export class SharePointReplicator extends BackgroundWorker<ReplicationCounts> {
  private lists: Record<ListKey, string> | undefined;

  constructor(private readonly deps: ReplicatorDeps) {
    super('replication', deps.logger);
  }

  private items(list: ListKey): string {
    return `/sites/${this.deps.siteId}/lists/${this.lists![list]}/items`;
  }

  protected async drain(limit: number): Promise<ReplicationCounts> {
    limit ||= 100;
    const counts: ReplicationCounts = { copied: 0, retrying: 0, requests: 0 };
    try {
      this.lists ??= await this.deps.listIds();
    } catch (error) {
      const e = error as GraphRequestError;
      this.deps.logger.warn({ event: 'replication-waiting', status: e.status, code: e.code, requestId: e.requestId, message: e.message }, 'cannot find the SharePoint lists yet; nothing is lost, will retry');
      return counts;
    }
    for (;;) {
      const tasks = await this.deps.queue.claimDue(this.deps.now(), limit, LEASE_MS);
      if (tasks.length === 0) break;
      // incidents first: a reader of the lists finds the incident before (or with) its trail
      for (const task of tasks.filter((t) => t.kind === 'incident')) await this.copyIncident(task, counts);
      const events = tasks.filter((t) => t.kind === 'event');
      for (let i = 0; i < events.length; i += BATCH) await this.copyEvents(events.slice(i, i + BATCH), counts);
    }
    const backlog = await this.deps.queue.backlog(this.deps.now());
    if (backlog.pending > 0) {
      this.deps.logger.warn({ event: 'replication-backlog', pending: backlog.pending, oldestQueuedAt: backlog.oldestQueuedAt }, 'SharePoint copy is behind');
    }
    return counts;
  }

  private async copyIncident(task: ReplicationTask, counts: ReplicationCounts): Promise<void> {
    const { graph, queue } = this.deps;
    try {
      const record = await this.deps.source.get(task.incidentId);
      if (!record) throw new Error(`incident ${task.incidentId} is not in the embedded store`);
      const fields = incidentFields(record, `replica:${record.id}`);
      let itemId = await queue.findItem('incidents', record.id);
      // a first attempt creates; a retry first looks, since the create may have landed before the failure
      if (!itemId && task.attempts > 0) itemId = await this.lookUp('incidents', 'IncidentId', record.id, counts);
      if (itemId) {
        counts.requests++;
        await graph.send({ method: 'PATCH', path: `${this.items('incidents')}/${itemId}/fields`, body: fields });
      } else {
        counts.requests++;
        try {
          const created = await graph.send<{ id: string }>({ method: 'POST', path: this.items('incidents'), body: { fields } });
          itemId = created.id;
        } catch (error) {
          if (!(error instanceof GraphRequestError && error.status === 409)) throw error;
          itemId = await this.lookUp('incidents', 'IncidentId', record.id, counts);
          if (!itemId) throw error;
          counts.requests++;
          await graph.send({ method: 'PATCH', path: `${this.items('incidents')}/${itemId}/fields`, body: fields });
        }
        await queue.rememberItem('incidents', record.id, itemId);
      }
      await queue.done(task, this.deps.now());
      counts.copied++;
    } catch (error) {
      await this.later([task], error, counts);
    }
  }

  private async copyEvents(tasks: ReplicationTask[], counts: ReplicationCounts): Promise<void> {
    const byIncident = new Map<string, IncidentEvent[]>();
    try {
      for (const id of new Set(tasks.map((t) => t.incidentId))) byIncident.set(id, await this.deps.source.events(id));
    } catch (error) {
      return this.later(tasks, error, counts);
    }
    const requests = tasks.flatMap((t) => {
      const event = byIncident.get(t.incidentId)?.find((e) => e.seq === t.seq);
      return event ? [{ id: String(t.id), method: 'POST' as const, path: this.items('events'), body: { fields: eventFields(t.incidentId, t.seq, event) } }] : [];
    });
    let answers: BatchAnswer[];
    try {
      counts.requests++;
      answers = await this.deps.graph.batch(requests);
    } catch (error) {
      return this.later(tasks, error, counts);
    }
    for (const task of tasks) {
      const answer = answers.find((a) => a.id === String(task.id));
      // 201 created; 409 the unique EventKey is already there (a retried create): copied either way
      if (answer && (answer.status === 201 || answer.status === 200 || answer.status === 409)) {
        await this.deps.queue.done(task, this.deps.now());
        counts.copied++;
      } else {
        const error = answer ? batchError(answer, `copy event ${eventKey(task.incidentId, task.seq)}`) : new Error('the event is missing from the embedded store');
        await this.later([task], error, counts);
      }
    }
  }

  /** the item id of a natural key, by $filter on its indexed column */
  private async lookUp(list: ListKey, column: string, value: string, counts: ReplicationCounts): Promise<string | undefined> {
    counts.requests++;
    const page = await this.deps.graph.send<{ value: { id: string }[] }>({
      method: 'GET',
      path: this.items(list),
      query: { $select: 'id', $filter: `fields/${column} eq ${quoted(value)}`, $top: '1' },
    });
    const found = page.value[0]?.id;
    if (found) await this.deps.queue.rememberItem(list, value, found);
    return found;
  }

  private async later(tasks: ReplicationTask[], error: unknown, counts: ReplicationCounts): Promise<void> {
    const now = this.deps.now();
    const graphError = error instanceof GraphRequestError ? error : undefined;
    for (const task of tasks) {
      const waitMs = graphError?.retryAfterMs ?? replicationBackoffMs(task.attempts, this.deps.random);
      await this.deps.queue.retryLater(task, now, new Date(now.getTime() + Math.max(waitMs, 1_000)), (error as Error).message);
      counts.retrying++;
    }
    const log = graphError?.transient === false ? 'error' : 'warn';
    this.deps.logger[log](
      { event: 'replication-retry', tasks: tasks.length, status: graphError?.status, code: graphError?.code, requestId: graphError?.requestId },
      'could not copy to SharePoint yet; will retry',
    );
  }
}
