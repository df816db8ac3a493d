import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { GraphClient } from '../../src/adapters/graph/graph-client.js';
import { GraphRequestError } from '../../src/adapters/graph/graph-error.js';
import { SharePointIncidentStore } from '../../src/adapters/sharepoint/sharepoint-incident-store.js';
import { ConcurrencyError, type NewIncident, type NewIncidentEvent } from '../../src/ports/incident-store.js';
import { incidentStoreContract, newIncident, reportedEvent, staffReporter } from '../ports/incident-store.contract.js';
import { FakeSharePoint, type RecordedRequest } from '../support/fake-sharepoint.js';

const SITE = 'oakfield.sharepoint.com,0b1d7c5a-1111-4c1e-9a39-1f2a3b4c5d6e,7e6d5c4b-2222-4a3b-8c9d-0e1f2a3b4c5d';
const RESTRICTED = 'oakfield.sharepoint.com,5f0e2a11-3333-4d2c-8e4f-6a7b8c9d0e1f,9a8b7c6d-4444-4e5f-9a0b-1c2d3e4f5a6b';
const SITES = { shared: SITE, restricted: RESTRICTED };
const UA = 'NONISV|Oakfield Primary School|OnlineSafetyBot/0.1.0';
const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

function openSharePoint() {
  const sharepoint = new FakeSharePoint(SITE, RESTRICTED).provisioned();
  const graph = new GraphClient({ credential, userAgent: UA });
  const slept: number[] = [];
  const store = new SharePointIncidentStore({
    graph,
    sites: SITES,
    listIds: sharepoint.listIds(),
    sleep: async (ms) => void slept.push(ms),
  });
  return { sharepoint, graph, store, slept, lists: sharepoint.allListIds() };
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

incidentStoreContract('sharepoint (Graph, played by nock)', async () => {
  const { sharepoint, store } = openSharePoint();
  return {
    store,
    cleanup: async () => {
      await store.close();
      sharepoint.close();
    },
  };
});

// the same contract with pages of 2 items, so every read that can span pages does
incidentStoreContract('sharepoint, 2 items a page', async () => {
  const { sharepoint, store } = openSharePoint();
  sharepoint.pageSize = 2;
  return {
    store,
    cleanup: async () => {
      await store.close();
      sharepoint.close();
    },
  };
});

const step = (n: number): NewIncidentEvent => ({
  type: 'step-completed',
  at: `2026-11-24T09:1${n}:00.000Z`,
  actor: reportedEvent.actor,
  data: { step: `s${n}` },
});
const shape = (r: RecordedRequest) => ({
  method: r.method,
  path: r.path,
  query: r.query,
  ...(r.body !== undefined ? { body: r.body } : {}),
});
/** the items of a list on the restricted site (everything but the summary) */
const itemsPath = (listId: string) => `/sites/${RESTRICTED}/lists/${listId}/items`;
const sharedItems = (listId: string) => `/sites/${SITE}/lists/${listId}/items`;

describe('SharePoint incident store', () => {
  let sp: ReturnType<typeof openSharePoint>;
  beforeEach(() => (sp = openSharePoint()));
  afterEach(() => sp.sharepoint.close());

  it('creates an incident with 3 opening events in 5 requests: reads, counter, events, the case, its summary line', async () => {
    const { sharepoint, store, lists } = sp;
    await store.create(newIncident(), reportedEvent, 'OS'); // the year's counter now exists
    const before = sharepoint.count;
    const input = newIncident({ idempotencyKey: "flow-it's-mine" });
    const created = await store.create(input, [step(1), step(2), reportedEvent], 'OS');
    const made = sharepoint.requests.slice(before);
    expect(made.map(shape)).toEqual([
      {
        method: 'POST',
        path: '/$batch',
        query: {},
        body: {
          requests: [
            {
              id: '1',
              method: 'GET',
              url: expect.stringMatching(
                new RegExp(
                  `^${itemsPath(lists.details)}\\?\\$select=id%2CeTag&\\$expand=fields\\(%24select%3DTitle%2CIncidentId%2C.*&\\$filter=fields%2FIdempotencyKey%20eq%20'${input.reportedBy.aadObjectId}%3Aflow-it''s-mine'&\\$top=1$`,
                ),
              ),
            },
            {
              id: '2',
              method: 'GET',
              url: `${itemsPath(lists.counters)}?$select=id%2CeTag&$expand=fields(%24select%3DTitle%2CLast)&$filter=fields%2FTitle%20eq%20'OS-2026'&$top=1`,
            },
          ],
        },
      },
      { method: 'PATCH', path: `${itemsPath(lists.counters)}/1/fields`, query: {}, body: { Last: 2 } },
      {
        method: 'POST',
        path: '/$batch',
        query: {},
        body: {
          requests: [1, 2, 3].map((seq) => ({
            id: String(seq),
            method: 'POST',
            url: itemsPath(lists.events),
            headers: { 'Content-Type': 'application/json' },
            body: {
              fields: expect.objectContaining({
                Title: `${created.id}#${seq}`,
                EventKey: `${created.id}#${seq}`,
                IncidentId: created.id,
                Seq: seq,
              }),
            },
          })),
        },
      },
      {
        method: 'POST',
        path: itemsPath(lists.details),
        query: {},
        body: {
          fields: expect.objectContaining({
            Title: 'OS-2026-0002',
            IncidentId: created.id,
            IdempotencyKey: `${input.reportedBy.aadObjectId}:flow-it's-mine`,
            Version: 1,
            Facts: JSON.stringify(input.facts),
          }),
        },
      },
      {
        method: 'POST',
        path: sharedItems(lists.summary),
        query: {},
        body: {
          fields: {
            Title: 'OS-2026-0002',
            IncidentId: created.id,
            ReportedOn: '2026-11-24T00:00:00Z',
            IncidentTypes: 'cyberbullying',
            Severity: 'high',
            Status: 'awaiting-approval',
            RiskAreas: '',
          },
        },
      },
    ]);
    expect(made[1]!.headers['if-match']).toMatch(/^".+,1"$/);
    // a repeat is one request (the reads) and writes nothing
    await store.create(input, [step(1), step(2), reportedEvent], 'OS');
    expect(sharepoint.count).toBe(before + 6);
  });

  it('names its columns in every read and filters and sorts only on indexed columns', async () => {
    const { sharepoint, store, graph } = sp;
    await SharePointIncidentStore.open(graph, SITES);
    const a = await store.create(newIncident(), [step(1), reportedEvent], 'OS');
    await store.get(a.id);
    await store.getByReference(a.reference);
    await store.listByReporter(a.reportedBy.aadObjectId);
    await store.listOpen();
    await store.update(a.id, 1, { status: 'escalated' }, { ...reportedEvent, type: 'approved' });
    await store.appendEvent(a.id, { ...reportedEvent, type: 'note' });
    await store.events(a.id);
    await store.ping();
    const gets = [...sharepoint.requests, ...sharepoint.subRequests].filter((r) => r.method === 'GET');
    expect(gets.length).toBeGreaterThan(10);
    for (const r of gets) {
      expect(r.query.$select, `${r.path} ${JSON.stringify(r.query)}`).toBeTruthy();
      if (r.path.endsWith('/items')) expect(r.query.$expand).toMatch(/^fields\(\$select=\w+(,\w+)*\)$/);
    }
    expect([...sharepoint.requests, ...sharepoint.subRequests].filter((r) => r.status >= 400)).toEqual([]);
    // and the fake does refuse what SharePoint refuses on a big list
    const refused = await graph
      .send({ method: 'GET', path: itemsPath(sp.lists.events), query: { $select: 'id', $filter: 'fields/Seq eq 1' } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      status: 400,
      code: 'invalidRequest',
      message: expect.stringContaining("Field 'Seq' cannot be referenced in filter or orderby as it is not indexed"),
    });
  });

  it('retries the counter when another writer took the number first (412) or created the counter first (409)', async () => {
    const { sharepoint, store } = sp;
    const first = await Promise.all([1, 2, 3].map(() => store.create(newIncident(), reportedEvent, 'OS')));
    const more = await Promise.all([1, 2, 3].map(() => store.create(newIncident(), reportedEvent, 'OS')));
    expect([...first, ...more].map((i) => i.reference).sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `OS-2026-000${n}`));
    const counterWrites = sharepoint.requests.filter((r) => r.path.startsWith(itemsPath(sp.lists.counters)) && r.method !== 'GET');
    expect(counterWrites.map((r) => r.status)).toEqual(expect.arrayContaining([201, 409, 200, 412]));
    expect(sharepoint.items('Online Safety Reference Counters')).toMatchObject([{ Title: 'OS-2026', Last: 6 }]);
  });

  it('lets one of two writers of the same version win; the other gets ConcurrencyError', async () => {
    const { store } = sp;
    const created = await store.create(newIncident(), reportedEvent, 'OS');
    const approve = { ...reportedEvent, type: 'approved', at: '2026-11-24T09:20:00.000Z' };
    const results = await Promise.allSettled([
      store.update(created.id, 1, { status: 'escalated' }, approve),
      store.update(created.id, 1, { status: 'closed' }, approve),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(ConcurrencyError) });
    expect((await store.get(created.id))!.version).toBe(2);
    expect((await store.events(created.id)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('goes on after a hand edit in SharePoint between its read and its write (412, version unchanged)', async () => {
    const { sharepoint, store, graph, lists } = sp;
    const created = await store.create(newIncident(), reportedEvent, 'OS');
    // someone edits the item in SharePoint just after the store has read it
    let edited = false;
    const racing = Object.assign(Object.create(graph) as GraphClient, {
      batch: async (requests: Parameters<GraphClient['batch']>[0]) => {
        const answers = await graph.batch(requests);
        if (!edited) {
          edited = true;
          await graph.send({ method: 'PATCH', path: `${itemsPath(lists.details)}/1/fields`, body: { ReporterName: 'Sam Taylor (DSL)' } });
        }
        return answers;
      },
    });
    const editedStore = new SharePointIncidentStore({ graph: racing, sites: SITES, listIds: lists, sleep: async () => {} });
    const updated = await editedStore.update(created.id, 1, { status: 'escalated' }, { ...reportedEvent, type: 'approved' });
    expect(updated).toMatchObject({ version: 2, status: 'escalated', reportedBy: { displayName: 'Sam Taylor (DSL)' } });
    const patches = sharepoint.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith(itemsPath(lists.details)));
    expect(patches.map((r) => r.status)).toEqual([200, 412, 200]); // the hand edit, ours refused, ours again
  });

  it('sends again only the throttled events of a $batch, after Retry-After', async () => {
    const { sharepoint, store, slept } = sp;
    const eventsPath = itemsPath(sp.lists.events);
    sharepoint.failInBatch((r) => r.path === eventsPath && (r.body as { fields: { Seq: number } }).fields.Seq === 2, 429, {
      'Retry-After': '3',
    });
    const created = await store.create(newIncident(), [step(1), step(2), reportedEvent], 'OS');
    expect(slept).toEqual([3000]);
    const eventBatches = sharepoint.requests.filter((r) => r.path === '/$batch').slice(1);
    expect(eventBatches.map((b) => (b.body as { requests: { id: string }[] }).requests.map((s) => s.id))).toEqual([['1', '2', '3'], ['2']]);
    expect((await store.events(created.id)).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('writes more than 20 opening events in $batches of 20, in order', async () => {
    const { sharepoint, store } = sp;
    const opening = Array.from({ length: 25 }, (_, i): NewIncidentEvent => ({
      ...reportedEvent,
      type: 'step-completed',
      data: { n: i + 1 },
    }));
    const created = await store.create(newIncident(), opening, 'OS');
    const eventsPath = itemsPath(sp.lists.events);
    const batches = sharepoint.requests.filter(
      (r) => r.path === '/$batch' && (r.body as { requests: { url: string }[] }).requests[0]!.url === eventsPath,
    );
    expect(batches.map((b) => (b.body as { requests: unknown[] }).requests.length)).toEqual([20, 5]);
    expect((await store.events(created.id)).map((e) => [e.seq, e.data])).toEqual(opening.map((_, i) => [i + 1, { n: i + 1 }]));
  });

  it('gives two events appended at once the next two numbers (the loser of a seq reads again)', async () => {
    const { sharepoint, store } = sp;
    const created = await store.create(newIncident(), reportedEvent, 'OS');
    const note = (n: number): NewIncidentEvent => ({
      type: 'note',
      at: '2026-11-24T10:00:00.000Z',
      actor: { system: 'test' },
      data: { n },
    });
    const appended = await Promise.all([store.appendEvent(created.id, note(1)), store.appendEvent(created.id, note(2))]);
    expect(appended.map((e) => e.seq).sort()).toEqual([2, 3]);
    expect(sharepoint.subRequests.filter((r) => r.method === 'POST' && r.status === 409)).toHaveLength(1);
    expect((await store.events(created.id)).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('waits out a throttled request and gives up with the error when SharePoint stays down', async () => {
    const { sharepoint, store, slept } = sp;
    sharepoint.failNext(1, 429, { 'Retry-After': '2' });
    await expect(store.get('no-such-incident')).resolves.toBeUndefined();
    expect(slept).toEqual([2000]);
    sharepoint.down();
    const error = await store.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 503, transient: true });
    sharepoint.up();
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('refuses an outbox, writing nothing: notices are queued by the embedded store, which replicates here', async () => {
    const { sharepoint, store } = sp;
    const outbox = [{ key: 'channel-card', kind: 'channel-card' as const, notBefore: '2026-11-24T09:15:00.000Z', data: {} }];
    await expect(store.create(newIncident(), reportedEvent, 'OS', { outbox })).rejects.toThrow(/keeps no notification outbox/);
    expect(sharepoint.count).toBe(0);
    await expect(store.create(newIncident(), reportedEvent, 'OS', { outbox: [] })).resolves.toMatchObject({ reference: 'OS-2026-0001' });
  });

  it('finds its lists by display name, and says which are missing', async () => {
    const { graph } = sp;
    const opened = await SharePointIncidentStore.open(graph, SITES);
    await expect(opened.create(newIncident(), reportedEvent, 'OS')).resolves.toMatchObject({ reference: 'OS-2026-0001' });
    sp.sharepoint.close();
    const bare = new FakeSharePoint(SITE, RESTRICTED); // not provisioned
    try {
      await expect(SharePointIncidentStore.open(graph, SITES)).rejects.toThrow(
        /no list 'Online Safety Incident Summary'.*provision:sharepoint/,
      );
    } finally {
      bare.close();
    }
  });

  it('keeps instants to the second, as SharePoint does (SQLite keeps the milliseconds)', async () => {
    const created = await sp.store.create(newIncident({ reportedAt: '2026-11-24T09:15:00.123Z' }), reportedEvent, 'OS');
    expect((await sp.store.get(created.id))!.reportedAt).toBe('2026-11-24T09:15:00.000Z');
  });
});

describe('SharePoint incident store: the shared site sees a summary line, and nothing of a case about an adult', () => {
  let sp: ReturnType<typeof openSharePoint>;
  beforeEach(() => (sp = openSharePoint()));
  afterEach(() => sp.sharepoint.close());

  const detailed = (overrides: Partial<NewIncident> = {}) =>
    newIncident({
      details: {
        description: 'Year 5 chat: messages calling Jamie Doe names.',
        childNames: 'Jamie Doe, Alex Roe',
        evidence: 'screenshots on the class iPad',
      },
      facts: {
        reportedBy: 'staff',
        types: ['cyberbullying', 'images-without-consent'],
        involved: [
          { party: 'pupil', part: 'victim' },
          { party: 'pupil', part: 'instigator' },
        ],
      },
      plan: {
        severity: 'high',
        riskAreas: ['conduct'],
        notify: ['dsl'],
        exclude: [],
        approver: 'dsl',
        rationale: ['R7 peer-on-peer: the DSL decides'],
      },
      ...overrides,
    });
  const sentTo = (site: string) => JSON.stringify(sp.sharepoint.toSite(site).map((r) => r.body ?? null));

  it('writes the summary line with exactly reference, date, types, severity, status and risk areas', async () => {
    const { sharepoint, store, lists } = sp;
    const created = await store.create(detailed(), reportedEvent, 'OS');
    await store.update(
      created.id,
      1,
      { status: 'escalated' },
      { ...reportedEvent, type: 'approved', reason: 'Parents of Jamie Doe to be called' },
    );
    const writes = sharepoint.toSite(SITE).filter((r) => r.method !== 'GET');
    expect(writes.map(shape)).toEqual([
      {
        method: 'POST',
        path: sharedItems(lists.summary),
        query: {},
        body: {
          fields: {
            Title: 'OS-2026-0001',
            IncidentId: created.id,
            ReportedOn: '2026-11-24T00:00:00Z',
            IncidentTypes: 'cyberbullying, images-without-consent',
            Severity: 'high',
            Status: 'awaiting-approval',
            RiskAreas: 'conduct',
          },
        },
      },
      {
        method: 'PATCH',
        path: `${sharedItems(lists.summary)}/1/fields`,
        query: {},
        body: {
          Title: 'OS-2026-0001',
          IncidentId: created.id,
          ReportedOn: '2026-11-24T00:00:00Z',
          IncidentTypes: 'cyberbullying, images-without-consent',
          Severity: 'high',
          Status: 'escalated',
          RiskAreas: 'conduct',
        },
      },
    ]);
    for (const word of ['Jamie', 'Alex', 'Sam Taylor', staffReporter.aadObjectId, 'iPad', 'Parents', 'R7', 'dsl', 'flow-'])
      expect(sentTo(SITE)).not.toContain(word);
    // the case in full, and its trail with the reason, are on the restricted site
    expect(sharepoint.items('Online Safety Case Details')).toMatchObject([
      { ReporterName: 'Sam Taylor', Details: expect.stringContaining('Jamie Doe') },
    ]);
    expect(sharepoint.items('Online Safety Decision Log').map((f) => f.Reason ?? null)).toEqual([
      null,
      'Parents of Jamie Doe to be called',
    ]);
  });

  it.each([
    [
      'an implicated role (plan.exclude)',
      { plan: { severity: 'high', riskAreas: ['conduct'], notify: ['headteacher'], exclude: ['dsl'], approver: 'headteacher' } },
    ],
    [
      'a person excluded by id (plan.excludePeople)',
      {
        plan: {
          severity: 'high',
          riskAreas: ['conduct'],
          notify: ['dsl'],
          exclude: [],
          excludePeople: ['a1b2c3d4-0000-4000-8000-000000000077'],
          approver: 'dsl',
        },
      },
    ],
    [
      'a member of staff as instigator',
      {
        facts: {
          reportedBy: 'staff',
          types: ['sexual-harassment'],
          involved: [
            { party: 'pupil', part: 'victim' },
            { party: 'staff', part: 'instigator' },
          ],
        },
      },
    ],
  ] as [string, Partial<NewIncident>][])('a case about an adult, %s, sends the shared site nothing at all', async (_why, overrides) => {
    const { sharepoint, store } = sp;
    const created = await store.create(detailed(overrides), [step(1), reportedEvent], 'OS');
    await store.update(created.id, 1, { status: 'escalated' }, { ...reportedEvent, type: 'approved', reason: 'LADO consulted' });
    await store.appendEvent(created.id, { ...reportedEvent, type: 'note' });
    await store.get(created.id);
    await store.listOpen();
    expect(sharepoint.toSite(SITE)).toEqual([]);
    expect(sharepoint.items('Online Safety Incident Summary')).toEqual([]);
    expect(sharepoint.items('Online Safety Case Details')).toHaveLength(1);
  });

  it('a case that becomes one about an adult loses its summary line before the change is written', async () => {
    const { sharepoint, store, lists } = sp;
    const created = await store.create(detailed(), reportedEvent, 'OS');
    expect(sharepoint.items('Online Safety Incident Summary')).toHaveLength(1);
    const plan = {
      severity: 'high',
      riskAreas: ['conduct'],
      notify: ['headteacher'],
      exclude: [],
      excludePeople: ['a1b2c3d4-0000-4000-8000-000000000077'],
      approver: 'headteacher',
    };
    await store.update(created.id, 1, { plan }, { ...reportedEvent, type: 'reclassified' });
    const writes = sharepoint.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    expect(writes.slice(-3)).toEqual([
      `DELETE ${sharedItems(lists.summary)}/1`,
      `PATCH ${itemsPath(lists.details)}/1/fields`,
      'POST /$batch',
    ]); // the event, last
    expect(sharepoint.items('Online Safety Incident Summary')).toEqual([]);
    // and stays off from then on
    const before = sharepoint.toSite(SITE).length;
    await store.update(created.id, 2, { status: 'escalated' }, { ...reportedEvent, type: 'approved' });
    expect(sharepoint.toSite(SITE)).toHaveLength(before);
  });

  it('an idempotency key another reporter used creates their own incident, never returns the other one', async () => {
    const { store } = sp;
    const first = await store.create(newIncident({ idempotencyKey: 'flow-shared' }), reportedEvent, 'OS');
    const other = { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000009', displayName: 'Robin Lee', kind: 'staff' as const };
    const second = await store.create(newIncident({ idempotencyKey: 'flow-shared', reportedBy: other }), reportedEvent, 'OS');
    expect(second.id).not.toBe(first.id);
    expect(second.reportedBy).toEqual(other);
    // each reporter's repeat still finds their own
    expect((await store.create(newIncident({ idempotencyKey: 'flow-shared', reportedBy: other }), reportedEvent, 'OS')).id).toBe(second.id);
    expect((await store.create(newIncident({ idempotencyKey: 'flow-shared' }), reportedEvent, 'OS')).id).toBe(first.id);
  });

  it('will not start without the restricted site: there would be nowhere to keep a case', () => {
    const { graph, lists } = sp;
    expect(() => new SharePointIncidentStore({ graph, sites: { shared: SITE, restricted: '' }, listIds: lists })).toThrow(
      /SHAREPOINT_RESTRICTED_SITE_ID/,
    );
  });
});

describe('the fake SharePoint', () => {
  let sharepoint: FakeSharePoint;
  let graph: GraphClient;
  beforeEach(() => {
    sharepoint = new FakeSharePoint(SITE, RESTRICTED);
    graph = new GraphClient({ credential, userAgent: UA });
  });
  afterEach(() => sharepoint.close());

  it('creates lists with columns, finds them by display name, and refuses a second with the same name', async () => {
    const body = {
      displayName: 'Things',
      list: { template: 'genericList' },
      columns: [
        { name: 'Key', text: {}, indexed: true, enforceUniqueValues: true },
        { name: 'Count', number: {} },
      ],
    };
    const made = await graph.send<{ id: string }>({ method: 'POST', path: `/sites/${SITE}/lists`, body });
    await expect(graph.send({ method: 'POST', path: `/sites/${SITE}/lists`, body })).rejects.toMatchObject({
      status: 409,
      code: 'nameAlreadyExists',
    });
    expect(
      await graph.send({
        method: 'GET',
        path: `/sites/${SITE}/lists`,
        query: { $select: 'id,displayName', $filter: "displayName eq 'Things'" },
      }),
    ).toEqual({ value: [{ id: made.id, displayName: 'Things' }] });
    const columns = await graph.send<{ value: { name: string; indexed: boolean; enforceUniqueValues: boolean }[] }>({
      method: 'GET',
      path: `/sites/${SITE}/lists/${made.id}/columns`,
      query: { $select: 'name,indexed,enforceUniqueValues' },
    });
    expect(columns.value).toEqual([
      { name: 'Title', indexed: false, enforceUniqueValues: false },
      { name: 'Key', indexed: true, enforceUniqueValues: true },
      { name: 'Count', indexed: false, enforceUniqueValues: false },
    ]);
  });

  it('keeps items as SharePoint does: unique values (409), eTags (412), pages, and $batch of at most 20', async () => {
    sharepoint.provisioned();
    sharepoint.pageSize = 2;
    const counters = itemsPath(sharepoint.allListIds().counters);
    const made = await graph.send<{ id: string; eTag: string; fields: Record<string, unknown> }>({
      method: 'POST',
      path: counters,
      body: { fields: { Title: 'OS-2026', Last: 1 } },
    });
    expect(made).toMatchObject({ id: '1', eTag: expect.stringMatching(/^".+,1"$/), fields: { Title: 'OS-2026', Last: 1 } });
    await expect(graph.send({ method: 'POST', path: counters, body: { fields: { Title: 'os-2026', Last: 1 } } })).rejects.toMatchObject({
      status: 409,
      code: 'nameAlreadyExists',
    });
    await graph.send({ method: 'PATCH', path: `${counters}/1/fields`, body: { Last: 2 }, headers: { 'If-Match': made.eTag } });
    await expect(
      graph.send({ method: 'PATCH', path: `${counters}/1/fields`, body: { Last: 3 }, headers: { 'If-Match': made.eTag } }),
    ).rejects.toMatchObject({ status: 412 });
    for (const t of ['ST-2026', 'XX-2026']) await graph.send({ method: 'POST', path: counters, body: { fields: { Title: t, Last: 7 } } });
    const seen: unknown[] = [];
    for await (const page of graph.pages<{ fields: { Title: string } }>(counters, {
      $select: 'id',
      $expand: 'fields($select=Title)',
      $orderby: 'fields/Title desc',
    }))
      seen.push(page.map((i) => i.fields.Title));
    expect(seen).toEqual([['XX-2026', 'ST-2026'], ['OS-2026']]);
    const tooMany = { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: `${counters}/1` })) };
    await expect(graph.send({ method: 'POST', path: '/$batch', body: tooMany })).rejects.toMatchObject({ status: 400 });
    expect(sharepoint.count).toBe(9);
  });
});
