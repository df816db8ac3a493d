// the incident store on SharePoint lists through Microsoft Graph (lists.ts). everything it reads is on
// the restricted site (the case team's): one details item per incident, one item per event (EventKey
// '<incidentId>#<seq>', unique), one counter per prefix and year. the shared site only ever gets a
// summary line per case (fields.ts, summaryFields), and none for a case kept off it (keptOffSharedSite):
// the summary is written after the case, and a failed summary write is put right by the next update.
// it needs both sites: with no restricted site there is nowhere to keep a case, so it refuses to start.
// SharePoint has no transactions, so what SQLite does in one transaction is done here in an order that
// keeps readers safe: the opening events are written first and the details item last, so an incident
// is never visible without its trail (a failure in between leaves unreachable events, never a bare
// incident); unique columns and eTags (If-Match) stand in for the database's constraints and locks.
// every read names its columns ($select, $expand=fields($select=...)) and filters or sorts only on
// indexed columns, because SharePoint refuses anything else on a big list.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { INCIDENT_STATES } from '../../domain/incident-lifecycle.js';
import { severitySchema } from '../../domain/severity.js';
import { backoffMs, type BackoffPolicy } from '../../app/retry.js';
import {
  ConcurrencyError,
  NotFoundError,
  type IncidentEvent,
  type IncidentPatch,
  type IncidentRecord,
  type IncidentStore,
  type NewIncident,
  type NewIncidentEvent,
  type WriteOptions,
} from '../../ports/incident-store.js';
import { eventActorSchema, jsonSchema, parseStored, parseStoredJson, type StoredAt } from '../../ports/stored-data.js';
import { batchError, type BatchAnswer, type GraphClient, type GraphRequest } from '../graph/graph-client.js';
import { GraphRequestError } from '../graph/graph-error.js';
import { detailFields, eventFields, keptOffSharedSite, scopedIdempotencyKey, summaryFields } from './fields.js';
import { resolveListIds, SiteLists, type ListIds } from './list-ids.js';
import type { ListKey } from './lists.js';

export interface SharePointIncidentStoreOptions {
  graph: GraphClient;
  /** the shared site (summaries) and the restricted one (the cases themselves): both are required */
  sites: { shared: string; restricted: string };
  listIds: ListIds;
  /** waits out Retry-After; tests pass one that does not wait */
  sleep?: (ms: number) => Promise<void>;
  /** tries per request when SharePoint throttles (429, or 503 with Retry-After), and per write that loses a race */
  maxAttempts?: number;
}

interface ListItem {
  id: string;
  eTag: string;
  fields: Record<string, unknown>;
}
interface Page {
  value: ListItem[];
  '@odata.nextLink'?: string;
}

const INCIDENT_FIELDS = [
  'Title',
  'IncidentId',
  'ReportedAt',
  'ReporterAadId',
  'ReporterName',
  'ReporterKind',
  'Status',
  'Severity',
  'Facts',
  'Plan',
  'Details',
  'Version',
  'UpdatedAt',
];
const EVENT_FIELDS = ['IncidentId', 'Seq', 'EventType', 'At', 'Actor', 'Reason', 'Data'];
/** SharePoint cannot answer `Status ne 'closed'` from its index, so the open queue asks for each open state by name */
const OPEN_STATES = INCIDENT_STATES.filter((s) => s !== 'closed');
const BATCH_LIMIT = 20;
const PATCH_COLUMNS = { status: 'Status', severity: 'Severity', plan: 'Plan', details: 'Details', facts: 'Facts' } as const;
/** the lists this store reads and writes */
const NEEDED: readonly ListKey[] = ['summary', 'details', 'events', 'counters'];

const definedOnly = (patch: IncidentPatch): IncidentPatch => Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));

/** an OData string literal */
const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;
const eq = (field: string, value: string) => `fields/${field} eq ${quoted(value)}`;
/** the query string, encoded here: the Graph SDK sends query values as given, and $batch urls carry their own */
const withQuery = (path: string, query: Record<string, string>) =>
  `${path}?${Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&')}`;
const itemsQuery = (fields: readonly string[], extra: Record<string, string> = {}) => ({
  $select: 'id,eTag',
  $expand: `fields($select=${fields.join(',')})`,
  ...extra,
});
/** SharePoint keeps instants to the second and gives them back without milliseconds */
const instant = (value: unknown) => new Date(String(value)).toISOString().replace(/\.\d{3}Z$/, '.000Z');
const text = (value: unknown) => (value === undefined || value === null ? undefined : String(value));
/** SharePoint throttled without saying how long: 1 s, 2 s, 4 s ... (attempt from 1), as few tries as maxAttempts allows */
const THROTTLE_BACKOFF: BackoffPolicy = { baseMs: 500 };
const throttled = (status: number, retryAfterMs: number | undefined) => status === 429 || (status === 503 && retryAfterMs !== undefined);

// where a damaged item is: the list and the item's incident id (and seq), as CorruptRecordError names them
const DETAILS_LIST = 'Online Safety Case Details';
const EVENTS_LIST = 'Online Safety Decision Log';
const REPORTER_KINDS = z.enum(['staff', 'pupil']);
/** a JSON column as written by fields.ts; an absent one is as unreadable as a broken one */
const jsonField = (value: unknown, at: StoredAt) => parseStoredJson(jsonSchema, typeof value === 'string' ? value : '', at);

function toRecord(f: Record<string, unknown>): IncidentRecord {
  const at = (column: string): StoredAt => ({ table: DETAILS_LIST, row: String(f.IncidentId), column });
  return {
    id: String(f.IncidentId),
    reference: String(f.Title),
    reportedAt: instant(f.ReportedAt),
    reportedBy: {
      aadObjectId: String(f.ReporterAadId),
      displayName: String(f.ReporterName),
      kind: parseStored(REPORTER_KINDS, f.ReporterKind, at('ReporterKind')),
    },
    status: String(f.Status),
    severity: parseStored(severitySchema, f.Severity, at('Severity')),
    facts: jsonField(f.Facts, at('Facts')),
    plan: jsonField(f.Plan, at('Plan')),
    details: jsonField(f.Details, at('Details')),
    version: Number(f.Version),
    updatedAt: instant(f.UpdatedAt),
  };
}

function toEvent(f: Record<string, unknown>): IncidentEvent {
  const at = (column: string): StoredAt => ({ table: EVENTS_LIST, row: `${String(f.IncidentId)}#${String(f.Seq)}`, column });
  const reason = text(f.Reason);
  const data = text(f.Data);
  return {
    incidentId: String(f.IncidentId),
    seq: Number(f.Seq),
    type: String(f.EventType),
    at: instant(f.At),
    actor: parseStoredJson(eventActorSchema, typeof f.Actor === 'string' ? f.Actor : '', at('Actor')),
    ...(reason !== undefined ? { reason } : {}),
    ...(data !== undefined ? { data: parseStoredJson(jsonSchema, data, at('Data')) } : {}),
  };
}

function assertKnownStatus(status: string | undefined): void {
  // listOpen asks for the open states by name; a status outside the lifecycle would drop out of the queue
  if (status !== undefined && !(INCIDENT_STATES as readonly string[]).includes(status)) {
    throw new Error(`the SharePoint incident store keeps only the lifecycle's states (${INCIDENT_STATES.join(', ')}), not '${status}'`);
  }
}

function assertNoOutbox(options: WriteOptions | undefined): void {
  // this store keeps no outbox: SharePoint cannot write an item and its notices atomically, so in
  // production SharePoint sits behind the embedded store (which queues the outbox in the same
  // transaction as the change) and a replicator copies changes here. accepting the items and
  // dropping them would lose notices silently, so refuse loudly.
  if (options?.outbox && options.outbox.length > 0) {
    throw new Error(
      'the SharePoint incident store keeps no notification outbox: write through the embedded store, which replicates to SharePoint',
    );
  }
}

export class SharePointIncidentStore implements IncidentStore {
  private readonly graph: GraphClient;
  private readonly sites: { shared: string; restricted: string };
  private readonly lists: SiteLists;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;

  constructor(options: SharePointIncidentStoreOptions) {
    this.graph = options.graph;
    this.sites = options.sites;
    if (!options.sites.restricted) {
      throw new Error(
        'the SharePoint incident store keeps cases in full, which belong on the restricted site only: set SHAREPOINT_RESTRICTED_SITE_ID',
      );
    }
    this.lists = new SiteLists(options.sites, options.listIds);
    const missing = NEEDED.filter((l) => !this.lists.has(l));
    if (missing.length > 0) throw new Error(`the SharePoint incident store has no list id for ${missing.join(', ')}`);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /** finds the provisioned lists by display name (npm run provision:sharepoint creates them) */
  static async open(
    graph: GraphClient,
    sites: { shared: string; restricted: string },
    options: Omit<SharePointIncidentStoreOptions, 'graph' | 'sites' | 'listIds'> = {},
  ): Promise<SharePointIncidentStore> {
    return new SharePointIncidentStore({ graph, sites, listIds: await resolveListIds(graph, sites), ...options });
  }

  async create(
    incident: NewIncident,
    events: NewIncidentEvent | readonly NewIncidentEvent[],
    referencePrefix: string,
    options?: WriteOptions,
  ): Promise<IncidentRecord> {
    assertNoOutbox(options);
    assertKnownStatus(incident.status);
    // january the first is in GMT, so the UTC year is the school's year
    const counterKey = `${referencePrefix}-${new Date(incident.reportedAt).getUTCFullYear()}`;
    // one round trip for both reads: a repeat is answered from the first, and writes nothing
    const key = scopedIdempotencyKey(incident.reportedBy.aadObjectId, incident.idempotencyKey);
    const [existing, counter] = await this.readAll([this.byKeyRequest(key), this.counterRequest(counterKey)]);
    const repeat = existing![0] && toRecord(existing![0].fields);
    // the key is the reporter's own: another person's report under the same key is never theirs to see
    if (repeat && repeat.reportedBy.aadObjectId === incident.reportedBy.aadObjectId) return repeat;
    const last = await this.nextNumber(counterKey, counter![0]);
    const id = randomUUID();
    const opening = Array.isArray(events) ? (events as readonly NewIncidentEvent[]) : [events as NewIncidentEvent];
    // the trail first, the case next: the details item is the commit point; the summary line last
    await this.writeEvents(
      opening.map((e, i) => this.eventRequest(id, i + 1, e)),
      id,
    );
    const { idempotencyKey: _key, ...rest } = incident;
    const record: IncidentRecord = {
      ...rest,
      id,
      reference: `${counterKey}-${String(last).padStart(4, '0')}`,
      version: 1,
      updatedAt: incident.reportedAt,
    };
    const fields = detailFields(record, key);
    try {
      await this.call({ method: 'POST', path: this.items('details'), body: { fields } });
    } catch (error) {
      // the same submission, twice at once: the other one won (its number and our events are spent)
      if (error instanceof GraphRequestError && error.status === 409) {
        const [winner] = await this.readItems(this.byKeyRequest(key).path);
        if (winner) return toRecord(winner.fields);
      }
      throw error;
    }
    if (!keptOffSharedSite(record))
      await this.call({ method: 'POST', path: this.items('summary'), body: { fields: summaryFields(record) } });
    return toRecord(fields);
  }

  async get(id: string): Promise<IncidentRecord | undefined> {
    const [item] = await this.readItems(this.byIdRequest(id, INCIDENT_FIELDS).path);
    return item && toRecord(item.fields);
  }

  async getByReference(reference: string): Promise<IncidentRecord | undefined> {
    const [item] = await this.readItems(
      withQuery(this.items('details'), itemsQuery(INCIDENT_FIELDS, { $filter: eq('Title', reference), $top: '1' })),
    );
    return item && toRecord(item.fields);
  }

  async listByReporter(aadObjectId: string, limit = 20): Promise<IncidentRecord[]> {
    const path = withQuery(
      this.items('details'),
      itemsQuery(INCIDENT_FIELDS, {
        $filter: eq('ReporterAadId', aadObjectId),
        $orderby: 'fields/ReportedAt desc,fields/Title desc',
        $top: String(limit),
      }),
    );
    return (await this.readItems(path, limit)).map((i) => toRecord(i.fields));
  }

  async listReportedBetween(from: string, to: string): Promise<IncidentRecord[]> {
    // ReportedAt is indexed; SharePoint keeps instants to the second, so the bounds are too
    const $filter = `fields/ReportedAt ge '${instant(from)}' and fields/ReportedAt lt '${instant(to)}'`;
    const path = withQuery(
      this.items('details'),
      itemsQuery(INCIDENT_FIELDS, { $filter, $orderby: 'fields/ReportedAt asc,fields/Title asc' }),
    );
    return (await this.readItems(path)).map((i) => toRecord(i.fields));
  }

  async listOpen(limit = 50): Promise<IncidentRecord[]> {
    const $filter = OPEN_STATES.map((s) => eq('Status', s)).join(' or ');
    const path = withQuery(
      this.items('details'),
      itemsQuery(INCIDENT_FIELDS, { $filter, $orderby: 'fields/ReportedAt asc,fields/Title asc', $top: String(limit) }),
    );
    return (await this.readItems(path, limit)).map((i) => toRecord(i.fields));
  }

  async update(
    id: string,
    expectedVersion: number,
    patch: IncidentPatch,
    event: NewIncidentEvent,
    options?: WriteOptions,
  ): Promise<IncidentRecord> {
    assertNoOutbox(options);
    assertKnownStatus(patch.status);
    const [first, seqs] = await this.readAll([this.byIdRequest(id, INCIDENT_FIELDS), this.seqRequest(id)]);
    let found = first!;
    // the summary line, looked up only when the case has or gets one: a case kept off the shared site
    // before and after this change sends that site nothing, not even a read
    let summary: ListItem | undefined;
    let summaryRead = false;
    for (let attempt = 1; ; attempt++) {
      const item = found[0];
      if (!item) throw new NotFoundError('incident', id);
      const version = Number(item.fields.Version);
      if (version !== expectedVersion) throw new ConcurrencyError(id, expectedVersion, version);
      const updated: IncidentRecord = { ...toRecord(item.fields), ...definedOnly(patch), version: version + 1, updatedAt: event.at };
      const all = detailFields(updated, '');
      const changed = [
        'Version',
        'UpdatedAt',
        ...(['status', 'severity', 'plan', 'details', 'facts'] as const).filter((k) => patch[k] !== undefined).map((k) => PATCH_COLUMNS[k]),
      ];
      const changes = Object.fromEntries(changed.map((c) => [c, all[c]]));
      const offShared = keptOffSharedSite(updated);
      if (!summaryRead && (!offShared || !keptOffSharedSite(toRecord(item.fields)))) {
        [summary] = await this.readItems(this.summaryRequest(id).path);
        summaryRead = true;
      }
      if (offShared && summary) {
        // a case that has become one about an adult loses its summary line before anything else is written
        await this.call({ method: 'DELETE', path: `${this.items('summary')}/${summary.id}` }).catch((error: unknown) => {
          if (!(error instanceof GraphRequestError && error.status === 404)) throw error;
        });
        summary = undefined;
      }
      try {
        // If-Match: of two writers that read the same version, SharePoint lets one through
        await this.call({
          method: 'PATCH',
          path: `${this.items('details')}/${item.id}/fields`,
          body: changes,
          headers: { 'If-Match': item.eTag },
        });
      } catch (error) {
        // 412: the item changed since we read it; read again, and go on only if the version did not move (a hand edit)
        if (!(error instanceof GraphRequestError && error.status === 412) || attempt >= this.maxAttempts) throw error;
        found = await this.readItems(this.byIdRequest(id, INCIDENT_FIELDS).path);
        continue;
      }
      await this.appendAfter(id, event, seqs!);
      if (!offShared) {
        const line = summaryFields(updated);
        await this.call(
          summary
            ? { method: 'PATCH', path: `${this.items('summary')}/${summary.id}/fields`, body: line }
            : { method: 'POST', path: this.items('summary'), body: { fields: line } },
        );
      }
      return toRecord({ ...item.fields, ...changes });
    }
  }

  async appendEvent(id: string, event: NewIncidentEvent, options?: WriteOptions): Promise<IncidentEvent> {
    assertNoOutbox(options);
    const [found, seqs] = await this.readAll([this.byIdRequest(id, ['IncidentId']), this.seqRequest(id)]);
    if (!found![0]) throw new NotFoundError('incident', id);
    return this.appendAfter(id, event, seqs!);
  }

  async events(id: string): Promise<IncidentEvent[]> {
    // Seq is not indexed, so SharePoint cannot sort by it: the trail is sorted here
    const items = await this.readItems(withQuery(this.items('events'), itemsQuery(EVENT_FIELDS, { $filter: eq('IncidentId', id) })));
    return items.map((i) => toEvent(i.fields)).sort((a, b) => a.seq - b.seq);
  }

  /** the restricted site, where every read goes */
  async ping(): Promise<void> {
    await this.call({ method: 'GET', path: `/sites/${this.sites.restricted}`, query: { $select: 'id' } });
  }

  async close(): Promise<void> {}

  private items(list: ListKey): string {
    return this.lists.items(list);
  }

  private byKeyRequest(scopedKey: string): GraphRequest {
    return {
      method: 'GET',
      path: withQuery(this.items('details'), itemsQuery(INCIDENT_FIELDS, { $filter: eq('IdempotencyKey', scopedKey), $top: '1' })),
    };
  }

  private byIdRequest(id: string, fields: readonly string[]): GraphRequest {
    return { method: 'GET', path: withQuery(this.items('details'), itemsQuery(fields, { $filter: eq('IncidentId', id), $top: '1' })) };
  }

  private summaryRequest(id: string): GraphRequest {
    return {
      method: 'GET',
      path: withQuery(this.items('summary'), itemsQuery(['IncidentId'], { $filter: eq('IncidentId', id), $top: '1' })),
    };
  }

  private counterRequest(counterKey: string): GraphRequest {
    return {
      method: 'GET',
      path: withQuery(this.items('counters'), itemsQuery(['Title', 'Last'], { $filter: eq('Title', counterKey), $top: '1' })),
    };
  }

  private seqRequest(id: string): GraphRequest {
    return { method: 'GET', path: withQuery(this.items('events'), itemsQuery(['Seq'], { $filter: eq('IncidentId', id) })) };
  }

  private eventRequest(incidentId: string, seq: number, event: NewIncidentEvent): GraphRequest & { id: string } {
    const fields = eventFields(incidentId, seq, event);
    return { id: String(seq), method: 'POST', path: this.items('events'), body: { fields } };
  }

  /** the next reference number: Last + 1 on the counter item, written with If-Match so no two writers get the same */
  private async nextNumber(counterKey: string, read: ListItem | undefined): Promise<number> {
    let counter = read;
    for (let attempt = 1; ; attempt++) {
      try {
        if (!counter) {
          await this.call({ method: 'POST', path: this.items('counters'), body: { fields: { Title: counterKey, Last: 1 } } });
          return 1;
        }
        const next = Number(counter.fields.Last) + 1;
        await this.call({
          method: 'PATCH',
          path: `${this.items('counters')}/${counter.id}/fields`,
          body: { Last: next },
          headers: { 'If-Match': counter.eTag },
        });
        return next;
      } catch (error) {
        // 412: another writer took the number; 409: another writer created the counter first
        const lost = error instanceof GraphRequestError && (error.status === 412 || error.status === 409);
        if (!lost || attempt >= this.maxAttempts) throw error;
        [counter] = await this.readItems(this.counterRequest(counterKey).path);
      }
    }
  }

  /** appends one event after the highest seq read; another writer taking that seq (409 on EventKey) means read again */
  private async appendAfter(id: string, event: NewIncidentEvent, seqs: ListItem[]): Promise<IncidentEvent> {
    let read = seqs;
    for (let attempt = 1; ; attempt++) {
      const seq = Math.max(0, ...read.map((i) => Number(i.fields.Seq))) + 1;
      try {
        await this.writeEvents([this.eventRequest(id, seq, event)], id);
        return { ...event, incidentId: id, seq };
      } catch (error) {
        if (!(error instanceof GraphRequestError && error.status === 409) || attempt >= this.maxAttempts) throw error;
        read = await this.readItems(this.seqRequest(id).path);
      }
    }
  }

  /** event items through $batch, 20 at a time; throttled sub-requests are sent again, alone */
  private async writeEvents(requests: (GraphRequest & { id: string })[], incidentId: string): Promise<void> {
    for (let from = 0; from < requests.length; from += BATCH_LIMIT) {
      const answers = await this.batch(requests.slice(from, from + BATCH_LIMIT));
      const failed = answers.find((a) => a.status >= 300);
      if (failed) throw batchError(failed, `POST event ${failed.id} of incident ${incidentId}`);
    }
  }

  /** GETs in one $batch (each answer's later pages are read one by one) */
  private async readAll(requests: GraphRequest[]): Promise<ListItem[][]> {
    const answers = await this.batch(requests.map((r, i) => ({ ...r, id: String(i + 1) })));
    return Promise.all(
      answers.map(async (a, i) => {
        if (a.status >= 300) throw batchError(a, `GET ${requests[i]!.path.split('?')[0]}`);
        const page = a.body as Page;
        return page['@odata.nextLink'] ? [...page.value, ...(await this.readItems(page['@odata.nextLink']))] : page.value;
      }),
    );
  }

  /** one $batch of up to 20, answers in request order; throttled sub-requests are retried after Retry-After */
  private async batch(requests: (GraphRequest & { id: string })[]): Promise<BatchAnswer[]> {
    const done = new Map<string, BatchAnswer>();
    let pending = requests;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const answers = new Map((await this.withRetry(() => this.graph.batch(pending))).map((a) => [a.id, a]));
      const again: typeof pending = [];
      let wait = 0;
      for (const request of pending) {
        const answer = answers.get(request.id);
        if (!answer) throw new Error(`Graph $batch gave no answer for request ${request.id}`);
        const error = answer.status >= 300 ? batchError(answer, request.method) : undefined;
        if (error && throttled(error.status, error.retryAfterMs) && attempt < this.maxAttempts) {
          again.push(request);
          wait = Math.max(wait, error.retryAfterMs ?? backoffMs(attempt, THROTTLE_BACKOFF));
        } else done.set(request.id, answer);
      }
      if (again.length > 0) await this.sleep(wait);
      pending = again;
    }
    return requests.map((r) => done.get(r.id)!);
  }

  /** every item of a query, following @odata.nextLink, up to `limit` */
  private async readItems(path: string, limit = Infinity): Promise<ListItem[]> {
    const items: ListItem[] = [];
    let next: string | undefined = path;
    while (next && items.length < limit) {
      const page: Page = await this.call<Page>({ method: 'GET', path: next });
      items.push(...page.value);
      next = page['@odata.nextLink'];
    }
    return items.slice(0, limit);
  }

  private call<T = unknown>(request: GraphRequest): Promise<T> {
    return this.withRetry(() => this.graph.send<T>(request));
  }

  /** SharePoint's throttling (429, or 503 with Retry-After) means not done: wait as asked and send again */
  private async withRetry<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (!(error instanceof GraphRequestError && throttled(error.status, error.retryAfterMs)) || attempt >= this.maxAttempts)
          throw error;
        await this.sleep(error.retryAfterMs ?? backoffMs(attempt, THROTTLE_BACKOFF));
      }
    }
  }
}
