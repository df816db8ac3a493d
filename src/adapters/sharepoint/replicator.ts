// copies the embedded store's changes to the SharePoint lists, in the background. the person who
// reported or decided never waits for SharePoint: their change is already stored locally, with the
// copy it owes queued in the same transaction (ports/replication-queue.ts). this worker drains the
// queue. each incident is written to two places (lists.ts): the case in full to the restricted site's
// details list, and a summary line to the shared site's list, unless the case is kept off the shared
// site (fields.ts, keptOffSharedSite), when an earlier summary line is deleted instead. both writes go
// in one $batch: one request the first time, one per change; events go 20 to a $batch, to the
// restricted site. with no restricted site, the details and the events are not copied at all (they stay
// in the embedded store) and the shared site still gets only summaries: nothing falls back to it.
// throttling (429, 503, 504) waits for Retry-After, other failures back off with jitter, and nothing
// is ever dropped. a create whose answer was lost is looked up before it is sent again, and unique
// keys (IncidentId, EventKey) turn a repeated create into a harmless 409: never a duplicate.
import type { Logger } from '../../observability/logger.js';
import { BackgroundWorker } from '../../app/background-worker.js';
import { retryWaitMs, type BackoffPolicy } from '../../app/retry.js';
import type { IncidentEvent, IncidentStore } from '../../ports/incident-store.js';
import type { ReplicationQueue, ReplicationTask } from '../../ports/replication-queue.js';
import { batchError, type BatchAnswer, type GraphClient, type GraphRequest } from '../graph/graph-client.js';
import { GraphRequestError } from '../graph/graph-error.js';
import { detailFields, eventFields, eventKey, keptOffSharedSite, summaryFields } from './fields.js';
import { SiteLists, type ListIds, type SharePointSites } from './list-ids.js';
import type { ListKey } from './lists.js';

export interface ReplicatorDeps {
  queue: ReplicationQueue;
  /** the embedded store: the first copy, read at the time of copying */
  source: IncidentStore;
  graph: GraphClient;
  /** the shared site, and the restricted one (the case team's) when the school has set it up */
  sites: SharePointSites;
  /** the list ids, found once (the site may be unreachable at start: then the next run tries again) */
  listIds: () => Promise<ListIds>;
  logger: Logger;
  now: () => Date;
  random?: () => number;
}

export interface ReplicationCounts {
  copied: number;
  /** done without a copy: their only place is the restricted site, and there is none */
  withheld: number;
  retrying: number;
  /** Graph requests made (the bench's requests per incident) */
  requests: number;
}

const LEASE_MS = 5 * 60_000;
const BATCH = 20;
/** remembered item ids: a summary line's create was sent and its answer is not known yet (look before writing again) */
const MAYBE_CREATED = '?';
/** remembered item ids: there is no item (deleted, or a create that was refused): nothing to update or delete */
const NO_ITEM = '';
/** a refused write that surely did not happen; a timeout or a 500, 502 or 504 may have happened all the same */
const surelyNotDone = (status: number) => status === 429 || status === 503 || (status >= 400 && status < 500);

/** 2 s, 4 s, 8 s ... up to 10 minutes, each between half and one and a half times that; never under 1 s */
const REPLICATION_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 10 * 60_000, jitter: { min: 0.5, spread: 1 }, floorMs: 1_000 };

const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** a write's answer: its status, and the error when it was refused */
interface Answer {
  status: number;
  body?: unknown;
  error?: GraphRequestError;
}

/** one write of an incident's copy: which list's item, and the request that writes it */
interface ItemWrite {
  list: ListKey;
  incidentId: string;
  request: GraphRequest;
}

export class SharePointReplicator extends BackgroundWorker<ReplicationCounts> {
  private lists: SiteLists | undefined;

  constructor(private readonly deps: ReplicatorDeps) {
    super('replication', deps.logger);
    if (!deps.sites.restricted) {
      deps.logger.warn(
        { event: 'sharepoint-no-restricted-site' },
        'no restricted SharePoint site is set (SHAREPOINT_RESTRICTED_SITE_ID): case details, the decision log and cases about adults are kept in the embedded database only; the shared site gets summaries of the other cases',
      );
    }
  }

  protected async drain(limit: number): Promise<ReplicationCounts> {
    limit ||= 100;
    const counts: ReplicationCounts = { copied: 0, withheld: 0, retrying: 0, requests: 0 };
    try {
      this.lists ??= new SiteLists(this.deps.sites, await this.deps.listIds());
    } catch (error) {
      const e = error as GraphRequestError;
      this.deps.logger.warn(
        { event: 'replication-waiting', status: e.status, code: e.code, requestId: e.requestId, message: e.message },
        'cannot find the SharePoint lists yet; nothing is lost, will retry',
      );
      return counts;
    }
    for (;;) {
      const tasks = await this.deps.queue.claimDue(this.deps.now(), limit, LEASE_MS);
      if (tasks.length === 0) break;
      // incidents first: a reader of the lists finds the incident before (or with) its trail
      for (const task of tasks.filter((t) => t.kind === 'incident')) await this.copyIncident(task, this.lists, counts);
      const events = tasks.filter((t) => t.kind === 'event');
      for (let i = 0; i < events.length; i += BATCH) await this.copyEvents(events.slice(i, i + BATCH), this.lists, counts);
    }
    const backlog = await this.deps.queue.backlog(this.deps.now());
    if (backlog.pending > 0) {
      this.deps.logger.warn(
        { event: 'replication-backlog', pending: backlog.pending, oldestQueuedAt: backlog.oldestQueuedAt },
        'SharePoint copy is behind',
      );
    }
    return counts;
  }

  private async copyIncident(task: ReplicationTask, lists: SiteLists, counts: ReplicationCounts): Promise<void> {
    try {
      const record = await this.deps.source.get(task.incidentId);
      if (!record) throw new Error(`incident ${task.incidentId} is not in the embedded store`);
      const writes: ItemWrite[] = [];
      if (lists.has('details'))
        writes.push(await this.upsert(task, lists, 'details', detailFields(record, `replica:${record.id}`), counts));
      if (!keptOffSharedSite(record)) {
        writes.push(await this.upsert(task, lists, 'summary', summaryFields(record), counts));
      } else {
        // a case that became one about an adult loses the summary line it had; one that never had one
        // sends nothing at all to the shared site
        const removal = await this.removal(lists, 'summary', record.id, counts);
        if (removal) writes.push(removal);
      }
      if (writes.length === 0) {
        await this.deps.queue.done(task, this.deps.now());
        counts.withheld++;
        return;
      }
      await this.write(writes, lists, counts);
      await this.deps.queue.done(task, this.deps.now());
      counts.copied++;
    } catch (error) {
      await this.later([task], error, counts);
    }
  }

  /**
   * the item to update, if there is one: remembered, or looked up when a create may have landed unheard
   * (marked so, or, on the lists that are not marked, any retry)
   */
  private async knownItem(task: ReplicationTask, lists: SiteLists, list: ListKey, counts: ReplicationCounts): Promise<string | undefined> {
    const remembered = await this.deps.queue.findItem(list, task.incidentId);
    if (remembered === MAYBE_CREATED || (remembered === undefined && task.attempts > 0))
      return this.lookUp(lists, list, 'IncidentId', task.incidentId, counts);
    return remembered === NO_ITEM ? undefined : remembered;
  }

  private async upsert(
    task: ReplicationTask,
    lists: SiteLists,
    list: ListKey,
    fields: Record<string, string | number>,
    counts: ReplicationCounts,
  ): Promise<ItemWrite> {
    const incidentId = task.incidentId;
    const itemId = await this.knownItem(task, lists, list, counts);
    if (itemId) return { list, incidentId, request: { method: 'PATCH', path: `${lists.items(list)}/${itemId}/fields`, body: fields } };
    // a summary line is marked before it is sent, so that even after a crash it can be found and deleted
    // if the case becomes one about an adult (one more local write; the other lists need no mark)
    if (list === 'summary') await this.deps.queue.rememberItem(list, incidentId, MAYBE_CREATED);
    return { list, incidentId, request: { method: 'POST', path: lists.items(list), body: { fields } } };
  }

  private async removal(lists: SiteLists, list: ListKey, incidentId: string, counts: ReplicationCounts): Promise<ItemWrite | undefined> {
    const remembered = await this.deps.queue.findItem(list, incidentId);
    // never written there (or already deleted): not a single request to that site
    if (remembered === undefined || remembered === NO_ITEM || !lists.has(list)) return undefined;
    const itemId = remembered === MAYBE_CREATED ? await this.lookUp(lists, list, 'IncidentId', incidentId, counts) : remembered;
    if (!itemId) {
      await this.deps.queue.rememberItem(list, incidentId, NO_ITEM);
      return undefined;
    }
    return { list, incidentId, request: { method: 'DELETE', path: `${lists.items(list)}/${itemId}` } };
  }

  /** the writes of one incident: one request alone, or one $batch; each answer settled, the first failure thrown */
  private async write(writes: ItemWrite[], lists: SiteLists, counts: ReplicationCounts): Promise<void> {
    counts.requests++;
    let answers: Answer[];
    try {
      answers =
        writes.length === 1 ? [{ status: 200, body: await this.deps.graph.send(writes[0]!.request) }] : await this.batchAnswers(writes);
    } catch (error) {
      if (!(error instanceof GraphRequestError)) throw error;
      // the request as a whole was refused: every write in it has that answer
      answers = writes.map(() => ({ status: error.status, error }));
    }
    let failure: unknown;
    for (const [i, write] of writes.entries()) {
      try {
        await this.settle(write, answers[i]!, lists, counts);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure) throw failure;
  }

  private async batchAnswers(writes: ItemWrite[]): Promise<Answer[]> {
    const got = await this.deps.graph.batch(writes.map((w, i) => ({ ...w.request, id: String(i + 1) })));
    return writes.map((w, i) => {
      const answer = got.find((a) => a.id === String(i + 1));
      if (!answer)
        return { status: 0, error: new GraphRequestError(`Graph $batch gave no answer for ${w.request.method} ${w.list}`, 0, 'no-answer') };
      return {
        status: answer.status,
        body: answer.body,
        ...(answer.status >= 300 ? { error: batchError(answer, `${w.request.method} ${w.list} item`) } : {}),
      };
    });
  }

  private async settle(write: ItemWrite, answer: Answer, lists: SiteLists, counts: ReplicationCounts): Promise<void> {
    const { list, incidentId, request } = write;
    const { queue, graph } = this.deps;
    if (!answer.error) {
      if (request.method === 'POST') await queue.rememberItem(list, incidentId, (answer.body as { id: string }).id);
      if (request.method === 'DELETE') await queue.rememberItem(list, incidentId, NO_ITEM);
      return;
    }
    // already gone (deleted by hand, or by an earlier attempt whose answer was lost)
    if (request.method === 'DELETE' && answer.status === 404) return queue.rememberItem(list, incidentId, NO_ITEM);
    // 409: the unique IncidentId is already there (an earlier create landed): update that item instead
    if (request.method === 'POST' && answer.status === 409) {
      const itemId = await this.lookUp(lists, list, 'IncidentId', incidentId, counts);
      if (!itemId) throw answer.error;
      counts.requests++;
      await graph.send({
        method: 'PATCH',
        path: `${lists.items(list)}/${itemId}/fields`,
        body: (request.body as { fields: unknown }).fields,
      });
      return;
    }
    // a create that surely did not happen needs no look-up before the next try
    if (request.method === 'POST' && surelyNotDone(answer.status)) await queue.rememberItem(list, incidentId, NO_ITEM);
    throw answer.error;
  }

  private async copyEvents(tasks: ReplicationTask[], lists: SiteLists, counts: ReplicationCounts): Promise<void> {
    if (!lists.has('events')) {
      // the decision log belongs on the restricted site only; without one it stays in the embedded store
      for (const task of tasks) await this.deps.queue.done(task, this.deps.now());
      counts.withheld += tasks.length;
      return;
    }
    const byIncident = new Map<string, IncidentEvent[]>();
    try {
      for (const id of new Set(tasks.map((t) => t.incidentId))) byIncident.set(id, await this.deps.source.events(id));
    } catch (error) {
      return this.later(tasks, error, counts);
    }
    const requests = tasks.flatMap((t) => {
      const event = byIncident.get(t.incidentId)?.find((e) => e.seq === t.seq);
      return event
        ? [
            {
              id: String(t.id),
              method: 'POST' as const,
              path: lists.items('events'),
              body: { fields: eventFields(t.incidentId, t.seq, event) },
            },
          ]
        : [];
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
        const error = answer
          ? batchError(answer, `copy event ${eventKey(task.incidentId, task.seq)}`)
          : new Error('the event is missing from the embedded store');
        await this.later([task], error, counts);
      }
    }
  }

  /** the item id of a natural key, by $filter on its indexed column (remembered when found) */
  private async lookUp(
    lists: SiteLists,
    list: ListKey,
    column: string,
    value: string,
    counts: ReplicationCounts,
  ): Promise<string | undefined> {
    counts.requests++;
    const page = await this.deps.graph.send<{ value: { id: string }[] }>({
      method: 'GET',
      path: lists.items(list),
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
      const waitMs = retryWaitMs(graphError?.retryAfterMs, task.attempts, REPLICATION_BACKOFF, this.deps.random);
      await this.deps.queue.retryLater(task, now, new Date(now.getTime() + waitMs), (error as Error).message);
      counts.retrying++;
    }
    const log = graphError?.transient === false ? 'error' : 'warn';
    this.deps.logger[log](
      {
        event: 'replication-retry',
        tasks: tasks.length,
        status: graphError?.status,
        code: graphError?.code,
        requestId: graphError?.requestId,
      },
      'could not copy to SharePoint yet; will retry',
    );
  }
}
