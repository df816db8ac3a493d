import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { openDatabaseFile, type SqliteDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteReplicationQueue } from '../../src/adapters/sqlite/sqlite-replication-queue.js';
import { GraphClient } from '../../src/adapters/graph/graph-client.js';
import { SharePointReplicator } from '../../src/adapters/sharepoint/replicator.js';
import { SharePointIncidentStore } from '../../src/adapters/sharepoint/sharepoint-incident-store.js';
import { submitReport } from '../../src/app/submit-report.js';
import { Casework } from '../../src/app/casework/case-actions.js';
import { identify } from '../../src/app/identity.js';
import { createLogger } from '../../src/observability/logger.js';
import type { Json, NewIncident } from '../../src/ports/incident-store.js';
import { FakeSharePoint, type RecordedRequest } from '../support/fake-sharepoint.js';
import { exampleProfile, silentLogger } from '../support/test-bot.js';
import { newIncident, reportedEvent } from '../ports/incident-store.contract.js';

const SITE = 'oakfield.sharepoint.com,0b1d7c5a-1111-4c1e-9a39-1f2a3b4c5d6e,7e6d5c4b-2222-4a3b-8c9d-0e1f2a3b4c5d';
const RESTRICTED = 'oakfield.sharepoint.com,5f0e2a11-3333-4d2c-8e4f-6a7b8c9d0e1f,9a8b7c6d-4444-4e5f-9a0b-1c2d3e4f5a6b';
const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }),
};
const T0 = new Date('2026-11-24T10:00:00Z');

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

let open: { sharepoint: FakeSharePoint; db: SqliteDatabase }[] = [];
afterEach(() => {
  for (const o of open) {
    o.sharepoint.close();
    o.db.close();
  }
  open = [];
});

/** the embedded store with replication on, the fake SharePoint sites, and a replicator on a clock the test moves */
function setUp(options: { restricted?: boolean } = {}) {
  const restricted = options.restricted ?? true;
  const sites = restricted ? { shared: SITE, restricted: RESTRICTED } : { shared: SITE };
  const sharepoint = new FakeSharePoint(SITE, restricted ? RESTRICTED : undefined).provisioned();
  const db = openDatabaseFile(':memory:');
  open.push({ sharepoint, db });
  const store = new SqliteIncidentStore(db, { replicate: true });
  const queue = new SqliteReplicationQueue(db);
  const graph = new GraphClient({ credential, userAgent: 'NONISV|Oakfield Primary|OnlineSafetyBot/0.1.0' });
  const clock = { now: T0 };
  const replicator = () =>
    new SharePointReplicator({
      queue,
      source: store,
      graph,
      sites,
      listIds: async () => sharepoint.listIds(),
      logger: silentLogger,
      now: () => clock.now,
      random: () => 0.5,
    });
  const remote = restricted
    ? new SharePointIncidentStore({
        graph,
        sites: { shared: SITE, restricted: RESTRICTED },
        listIds: sharepoint.listIds(),
        sleep: async () => {},
      })
    : undefined;
  const later = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
  return { sharepoint, db, store, queue, graph, clock, later, replicator, remote, lists: sharepoint.listIds(), sites };
}

/** runs the replicator, moving the clock past each wait, until nothing is pending (or it gives up) */
async function drainAll(s: ReturnType<typeof setUp>, worker = s.replicator(), rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await worker.runOnce();
    if ((await s.queue.backlog(s.clock.now)).pending === 0) return;
    s.later(15 * 60_000);
  }
  throw new Error('the copy never caught up');
}

const items = (site: string, listId: string) => `/sites/${site}/lists/${listId}/items`;
const eventsOf = (sp: FakeSharePoint) =>
  sp
    .items('Online Safety Decision Log')
    .map((f) => f.EventKey as string)
    .sort();

describe('the SharePoint copy of the records', () => {
  it('a report and its approval are copied to the lists exactly as the embedded store has them, in few requests', async () => {
    const s = setUp();
    const profile = exampleProfile();
    const record = await submitReport({
      store: s.store,
      profile,
      draft: {
        flowId: 'f-1',
        step: 'review',
        startedAt: T0.toISOString(),
        answers: {
          victims: ['pupil'],
          instigators: ['unknown-adult'],
          types: ['grooming'],
          date: '2026-11-23',
          description: 'A man asked to meet.',
        },
      },
      reporter: { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000001', displayName: 'Sam Taylor', kind: 'staff' },
      now: T0,
    });
    const before = s.sharepoint.count;
    const first = await s.replicator().runOnce();
    // one $batch for the incident (the case, and its summary line) and one $batch for its events
    expect(s.sharepoint.count - before).toBe(2);
    expect(first).toMatchObject({ copied: 2, retrying: 0, requests: 2 });

    const priya = identify(profile, 'a1b2c3d4-0000-4000-8000-000000000002');
    const approved = await new Casework({ store: s.store, profile, now: () => new Date(T0.getTime() + 300_000) }).approve(record.id, {
      who: priya,
      displayName: 'Priya Shah',
    });
    expect(approved.ok).toBe(true);
    s.later(300_000);
    const second = await s.replicator().runOnce();
    // a change is one $batch (PATCH the case, PATCH its summary line) and one $batch for the new event
    expect(second).toMatchObject({ copied: 2, requests: 2 });
    const change = s.sharepoint.requests.at(-2)!;
    expect(
      s.sharepoint.subRequests.filter((r) => r.batch === s.sharepoint.requests.indexOf(change)).map((r) => `${r.method} ${r.path}`),
    ).toEqual([`PATCH ${items(RESTRICTED, s.lists.details!)}/1/fields`, `PATCH ${items(SITE, s.lists.summary!)}/1/fields`]);

    expect(await s.remote!.get(record.id)).toEqual(await s.store.get(record.id));
    expect(await s.remote!.events(record.id)).toEqual(await s.store.events(record.id));
  });

  it('Graph answering 503 to 1,000 queued writes, then recovering: every record is there exactly once', async () => {
    const s = setUp();
    for (let i = 0; i < 500; i++) await s.store.create(newIncident({ idempotencyKey: `k-${i}` }), reportedEvent, 'OS');
    s.sharepoint.down();
    const down = await s.replicator().runOnce();
    expect(down.copied).toBe(0);
    expect((await s.queue.backlog(s.clock.now)).pending).toBe(1000);
    s.sharepoint.up();
    await drainAll(s);
    const incidents = s.sharepoint.items('Online Safety Case Details');
    expect(incidents).toHaveLength(500);
    expect(new Set(incidents.map((f) => f.Title)).size).toBe(500);
    expect(s.sharepoint.items('Online Safety Incident Summary')).toHaveLength(500);
    expect(eventsOf(s.sharepoint)).toHaveLength(500);
    expect(new Set(eventsOf(s.sharepoint)).size).toBe(500);
    // a few seconds alone; on a machine busy with other test runs it has taken 15 (before and after the second site)
  }, 60_000);

  it('honours Retry-After: 2 on a 429: nothing is tried again before two seconds have passed', async () => {
    const s = setUp();
    await s.store.create(newIncident(), reportedEvent, 'OS');
    s.sharepoint.failNext(1, 429, { 'Retry-After': '2' });
    const worker = s.replicator();
    expect((await worker.runOnce()).retrying).toBe(1);
    const tried = s.sharepoint.count;
    s.later(1_900);
    await worker.runOnce();
    expect(s.sharepoint.count).toBe(tried);
    s.later(100);
    await worker.runOnce();
    expect(s.sharepoint.items('Online Safety Case Details')).toHaveLength(1);
  });

  it('a $batch with some sub-requests throttled: the rest are copied, the throttled ones retried, none twice', async () => {
    const s = setUp();
    const created = await s.store.create(
      newIncident(),
      [reportedEvent, { ...reportedEvent, type: 'note' }, { ...reportedEvent, type: 'note-2' }, { ...reportedEvent, type: 'note-3' }],
      'OS',
    );
    // two of the four events (the incident's own $batch goes first, untouched)
    s.sharepoint.failInBatch((r) => r.path.startsWith(items(RESTRICTED, s.lists.events!)), 429, { 'Retry-After': '1' }, 2);
    const first = await s.replicator().runOnce();
    expect(first).toMatchObject({ copied: 3, retrying: 2 });
    expect(eventsOf(s.sharepoint)).toHaveLength(2);
    await drainAll(s);
    expect(eventsOf(s.sharepoint)).toEqual([1, 2, 3, 4].map((n) => `${created.id}#${n}`));
  });

  it('a restart in the middle of copying loses nothing and duplicates nothing', async () => {
    const s = setUp();
    for (let i = 0; i < 30; i++) await s.store.create(newIncident({ idempotencyKey: `r-${i}` }), reportedEvent, 'OS');
    // the first process copies everything but dies before recording any of it (nor the item ids)
    await s.replicator().runOnce();
    s.db.prepare("UPDATE replication_queue SET status = 'pending'").run();
    s.db.prepare('DELETE FROM replica_items').run();
    // until its lease lapses nobody takes the work over; then a new process does
    expect(await s.queue.claimDue(s.clock.now, 100, 5 * 60_000)).toEqual([]);
    s.later(6 * 60_000);
    await drainAll(s);
    expect(s.sharepoint.items('Online Safety Case Details').filter((f) => String(f.Title).startsWith('OS-'))).toHaveLength(30);
    expect(eventsOf(s.sharepoint)).toHaveLength(30);
    expect(new Set(eventsOf(s.sharepoint)).size).toBe(30);
  });

  it('a create that landed but whose answer was lost is found, not made twice (unique IncidentId)', async () => {
    const s = setUp();
    const created = await s.store.create(newIncident(), reportedEvent, 'OS');
    // as if an earlier attempt had created the item and then failed to hear back
    await s.replicator().runOnce();
    s.db.prepare('DELETE FROM replica_items').run();
    await s.store.appendEvent(created.id, { ...reportedEvent, type: 'note' });
    s.db.prepare("UPDATE replication_queue SET attempts = 1 WHERE kind = 'incident'").run();
    await drainAll(s);
    expect(s.sharepoint.items('Online Safety Case Details')).toHaveLength(1);
    expect(eventsOf(s.sharepoint)).toEqual([`${created.id}#1`, `${created.id}#2`]);
  });

  it('a site that cannot be reached at start is retried, and nothing queued is lost meanwhile', async () => {
    const s = setUp();
    await s.store.create(newIncident(), reportedEvent, 'OS');
    let reachable = false;
    const worker = new SharePointReplicator({
      queue: s.queue,
      source: s.store,
      graph: s.graph,
      sites: s.sites,
      logger: silentLogger,
      now: () => s.clock.now,
      listIds: async () => {
        if (!reachable) throw new Error('getaddrinfo ENOTFOUND graph.microsoft.com');
        return s.sharepoint.listIds();
      },
    });
    expect((await worker.runOnce()).copied).toBe(0);
    reachable = true;
    expect((await worker.runOnce()).copied).toBe(2);
  });
});

/** an incident with details that must never reach the shared site */
function detailed(overrides: Partial<NewIncident> = {}): NewIncident {
  return newIncident({
    idempotencyKey: `walls-${Math.random().toString(36).slice(2)}`,
    details: {
      description: 'Year 5 chat: messages calling Jamie Doe names.',
      childNames: 'Jamie Doe, Alex Roe',
      evidence: 'screenshots on the class iPad',
    },
    facts: {
      reportedBy: 'staff',
      types: ['cyberbullying'],
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
}
const ALLEGATIONS: [string, Partial<NewIncident>][] = [
  [
    'plan.exclude names an implicated role',
    { plan: { severity: 'high', riskAreas: ['conduct'], notify: ['headteacher'], exclude: ['dsl'], approver: 'headteacher' } },
  ],
  [
    'plan.excludePeople names the person it is about',
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
];
const approval = { ...reportedEvent, type: 'approved', at: '2026-11-24T09:30:00.000Z', reason: 'Parents of Jamie Doe to be called' };
const shape = (r: RecordedRequest) => ({ method: r.method, path: r.path, ...(r.body !== undefined ? { body: r.body } : {}) });

describe('the SharePoint copy keeps the same walls', () => {
  it('a normal case: the case in full and its trail to the restricted site, a line without names or words to the shared site', async () => {
    const s = setUp();
    const record = await s.store.create(detailed(), reportedEvent, 'OS');
    await s.store.update(record.id, 1, { status: 'escalated' }, approval);
    const before = s.sharepoint.count;
    expect(await s.replicator().runOnce()).toMatchObject({ copied: 3, withheld: 0, retrying: 0, requests: 2 });
    const [incident, events] = s.sharepoint.requests.slice(before);
    const stored = (await s.store.get(record.id))!;
    expect(shape(incident!)).toEqual({
      method: 'POST',
      path: '/$batch',
      body: {
        requests: [
          {
            id: '1',
            method: 'POST',
            url: items(RESTRICTED, s.lists.details!),
            headers: { 'Content-Type': 'application/json' },
            body: {
              fields: {
                Title: 'OS-2026-0001',
                IncidentId: record.id,
                IdempotencyKey: `replica:${record.id}`,
                ReportedAt: '2026-11-24T09:15:00.000Z',
                ReporterAadId: stored.reportedBy.aadObjectId,
                ReporterName: 'Sam Taylor',
                ReporterKind: 'staff',
                Status: 'escalated',
                Severity: 'high',
                Facts: JSON.stringify(stored.facts),
                Plan: JSON.stringify(stored.plan),
                Details: JSON.stringify(stored.details),
                Version: 2,
                UpdatedAt: '2026-11-24T09:30:00.000Z',
              },
            },
          },
          {
            id: '2',
            method: 'POST',
            url: items(SITE, s.lists.summary!),
            headers: { 'Content-Type': 'application/json' },
            body: {
              fields: {
                Title: 'OS-2026-0001',
                IncidentId: record.id,
                ReportedOn: '2026-11-24T00:00:00Z',
                IncidentTypes: 'cyberbullying',
                Severity: 'high',
                Status: 'escalated',
                RiskAreas: 'conduct',
              },
            },
          },
        ],
      },
    });
    // the trail, reasons and all, to the restricted site only
    const eventUrls = (events!.body as { requests: { method: string; url: string }[] }).requests.map((r) => `${r.method} ${r.url}`);
    expect(eventUrls).toEqual([`POST ${items(RESTRICTED, s.lists.events!)}`, `POST ${items(RESTRICTED, s.lists.events!)}`]);
    const shared = JSON.stringify(s.sharepoint.toSite(SITE).map((r) => r.body ?? null));
    for (const word of ['Jamie', 'Alex', 'iPad', 'Sam Taylor', stored.reportedBy.aadObjectId, 'Parents', 'R7', 'dsl'])
      expect(shared).not.toContain(word);
    expect(s.sharepoint.toSite(SITE).map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${items(SITE, s.lists.summary!)}`]);
  });

  it.each(ALLEGATIONS)('a case where %s: not one request to the shared site, first copy or later ones', async (_why, overrides) => {
    const s = setUp();
    const record = await s.store.create(detailed(overrides), reportedEvent, 'OS');
    const first = await s.replicator().runOnce();
    expect(first).toMatchObject({ copied: 2, withheld: 0, requests: 2 });
    await s.store.update(record.id, 1, { status: 'escalated' }, approval);
    s.later(60_000);
    expect(await s.replicator().runOnce()).toMatchObject({ copied: 2, requests: 2 });
    expect(s.sharepoint.toSite(SITE)).toEqual([]);
    expect(s.sharepoint.items('Online Safety Incident Summary')).toEqual([]);
    // the case, its summary included, is on the restricted site: a single write there, not a $batch
    const writes = s.sharepoint.requests.filter((r) => r.path !== '/$batch').map((r) => ({ method: r.method, path: r.path }));
    expect(writes).toEqual([
      { method: 'POST', path: items(RESTRICTED, s.lists.details!) },
      { method: 'PATCH', path: `${items(RESTRICTED, s.lists.details!)}/1/fields` },
    ]);
    expect(s.sharepoint.items('Online Safety Case Details')).toMatchObject([
      { Title: 'OS-2026-0001', Status: 'escalated', Severity: 'high', Plan: JSON.stringify((await s.store.get(record.id))!.plan) },
    ]);
  });

  it('a case that becomes one about an adult: its summary line is deleted, then the shared site hears nothing more of it', async () => {
    const s = setUp();
    const record = await s.store.create(detailed(), reportedEvent, 'OS');
    await s.replicator().runOnce();
    expect(s.sharepoint.items('Online Safety Incident Summary')).toHaveLength(1);
    const plan: Json = {
      severity: 'high',
      riskAreas: ['conduct'],
      notify: ['headteacher'],
      exclude: [],
      excludePeople: ['a1b2c3d4-0000-4000-8000-000000000077'],
      approver: 'headteacher',
    };
    await s.store.update(record.id, 1, { plan }, { ...reportedEvent, type: 'reclassified' });
    s.later(60_000);
    const before = s.sharepoint.toSite(SITE).length;
    await s.replicator().runOnce();
    expect(s.sharepoint.toSite(SITE).slice(before).map(shape)).toEqual([{ method: 'DELETE', path: `${items(SITE, s.lists.summary!)}/1` }]);
    expect(s.sharepoint.items('Online Safety Incident Summary')).toEqual([]);
    await s.store.update(record.id, 2, { status: 'escalated' }, approval);
    s.later(60_000);
    await s.replicator().runOnce();
    expect(s.sharepoint.toSite(SITE)).toHaveLength(before + 1);
  });

  it('a summary line whose create was refused is not looked for when the case becomes one about an adult', async () => {
    const s = setUp();
    const record = await s.store.create(detailed(), reportedEvent, 'OS');
    s.sharepoint.failInBatch((r) => r.path === items(SITE, s.lists.summary!), 503, { 'Retry-After': '1' });
    expect(await s.replicator().runOnce()).toMatchObject({ retrying: 1 });
    await s.store.update(
      record.id,
      1,
      { plan: { ...(detailed().plan as object), exclude: ['headteacher'] } },
      { ...reportedEvent, type: 'reclassified' },
    );
    s.later(60_000);
    await drainAll(s);
    // the refused create, and nothing after it
    expect(s.sharepoint.toSite(SITE).map((r) => `${r.method} ${r.status}`)).toEqual(['POST 503']);
    expect(s.sharepoint.items('Online Safety Incident Summary')).toEqual([]);
    expect(s.sharepoint.items('Online Safety Case Details')).toHaveLength(1);
  });

  describe('with no restricted site', () => {
    it('copies only the summary line of a normal case: no details, no trail, and never to the shared site instead', async () => {
      const s = setUp({ restricted: false });
      const record = await s.store.create(
        detailed(),
        [reportedEvent, { ...reportedEvent, type: 'note', reason: 'Jamie Doe spoken to' }],
        'OS',
      );
      expect(await s.replicator().runOnce()).toMatchObject({ copied: 1, withheld: 2, retrying: 0, requests: 1 });
      expect(s.sharepoint.requests.map(shape)).toEqual([
        {
          method: 'POST',
          path: items(SITE, s.lists.summary!),
          body: {
            fields: {
              Title: 'OS-2026-0001',
              IncidentId: record.id,
              ReportedOn: '2026-11-24T00:00:00Z',
              IncidentTypes: 'cyberbullying',
              Severity: 'high',
              Status: 'awaiting-approval',
              RiskAreas: 'conduct',
            },
          },
        },
      ]);
      expect(s.sharepoint.subRequests).toEqual([]);
      expect((await s.queue.backlog(s.clock.now)).pending).toBe(0);
      // the details and the trail are still in the embedded store, whole
      expect((await s.store.events(record.id)).map((e) => e.reason ?? null)).toEqual([null, 'Jamie Doe spoken to']);
    });

    it.each(ALLEGATIONS)('a case where %s is not copied at all', async (_why, overrides) => {
      const s = setUp({ restricted: false });
      await s.store.create(detailed(overrides), reportedEvent, 'OS');
      expect(await s.replicator().runOnce()).toMatchObject({ copied: 0, withheld: 2, requests: 0 });
      expect(s.sharepoint.requests).toEqual([]);
      expect((await s.queue.backlog(s.clock.now)).pending).toBe(0);
    });

    it('says so once, at start-up, as a warning', async () => {
      const lines: string[] = [];
      const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
      const s = setUp({ restricted: false });
      const worker = new SharePointReplicator({
        queue: s.queue,
        source: s.store,
        graph: s.graph,
        sites: s.sites,
        listIds: async () => s.sharepoint.listIds(),
        logger,
        now: () => s.clock.now,
      });
      await s.store.create(detailed(), reportedEvent, 'OS');
      await worker.runOnce();
      await worker.runOnce();
      const warnings = lines
        .map((l) => JSON.parse(l) as { level: number; event?: string; msg: string })
        .filter((l) => l.event === 'sharepoint-no-restricted-site');
      expect(warnings).toEqual([
        expect.objectContaining({ level: 40, msg: expect.stringMatching(/SHAREPOINT_RESTRICTED_SITE_ID.*embedded database only/) }),
      ]);
      // and not when there is one
      lines.length = 0;
      const withSite = setUp();
      new SharePointReplicator({
        queue: withSite.queue,
        source: withSite.store,
        graph: withSite.graph,
        sites: withSite.sites,
        listIds: async () => withSite.sharepoint.listIds(),
        logger,
        now: () => withSite.clock.now,
      });
      expect(lines.filter((l) => l.includes('sharepoint-no-restricted-site'))).toEqual([]);
    });
  });
});
