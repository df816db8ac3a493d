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
import { FakeSharePoint } from '../support/fake-sharepoint.js';
import { exampleProfile, silentLogger } from '../support/test-bot.js';
import { newIncident, reportedEvent } from '../ports/incident-store.contract.js';

const SITE = 'oakfield.sharepoint.com,0b1d7c5a-1111-4c1e-9a39-1f2a3b4c5d6e,7e6d5c4b-2222-4a3b-8c9d-0e1f2a3b4c5d';
const credential: TokenCredential = { getToken: async (): Promise<AccessToken> => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
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

/** the embedded store with replication on, a fake SharePoint site, and a replicator on a clock the test moves */
function setUp() {
  const sharepoint = new FakeSharePoint(SITE).provisioned();
  const db = openDatabaseFile(':memory:');
  open.push({ sharepoint, db });
  const store = new SqliteIncidentStore(db, { replicate: true });
  const queue = new SqliteReplicationQueue(db);
  const graph = new GraphClient({ credential, userAgent: 'NONISV|Oakfield Primary|OnlineSafetyBot/0.1.0' });
  const clock = { now: T0 };
  const replicator = () =>
    new SharePointReplicator({ queue, source: store, graph, siteId: SITE, listIds: async () => sharepoint.listIds(), logger: silentLogger, now: () => clock.now, random: () => 0.5 });
  const remote = new SharePointIncidentStore({ graph, siteId: SITE, listIds: sharepoint.listIds(), sleep: async () => {} });
  const later = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
  return { sharepoint, db, store, queue, graph, clock, later, replicator, remote };
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

const eventsOf = (sp: FakeSharePoint) => sp.items('Online Safety Decision Log').map((f) => f.EventKey as string).sort();

describe('the SharePoint copy of the records', () => {
  it('a report and its approval are copied to the lists exactly as the embedded store has them, in few requests', async () => {
    const s = setUp();
    const profile = exampleProfile();
    const record = await submitReport({
      store: s.store,
      profile,
      draft: { flowId: 'f-1', step: 'review', startedAt: T0.toISOString(), answers: { victims: ['pupil'], instigators: ['unknown-adult'], types: ['grooming'], date: '2026-11-23', description: 'A man asked to meet.' } },
      reporter: { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000001', displayName: 'Sam Taylor', kind: 'staff' },
      now: T0,
    });
    const before = s.sharepoint.count;
    const first = await s.replicator().runOnce();
    // one create for the incident and one $batch for its events
    expect(s.sharepoint.count - before).toBe(2);
    expect(first).toMatchObject({ copied: 2, retrying: 0, requests: 2 });

    const priya = identify(profile, 'a1b2c3d4-0000-4000-8000-000000000002');
    const approved = await new Casework({ store: s.store, profile, now: () => new Date(T0.getTime() + 300_000) }).approve(record.id, { who: priya, displayName: 'Priya Shah' });
    expect(approved.ok).toBe(true);
    s.later(300_000);
    const second = await s.replicator().runOnce();
    // a change is one PATCH of the incident and one $batch for the new event
    expect(second).toMatchObject({ copied: 2, requests: 2 });
    expect(s.sharepoint.requests.at(-2)).toMatchObject({ method: 'PATCH', path: expect.stringMatching(/\/items\/\d+\/fields$/) });

    expect(await s.remote.get(record.id)).toEqual(await s.store.get(record.id));
    expect(await s.remote.events(record.id)).toEqual(await s.store.events(record.id));
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
    const incidents = s.sharepoint.items('Online Safety Incidents');
    expect(incidents).toHaveLength(500);
    expect(new Set(incidents.map((f) => f.Title)).size).toBe(500);
    expect(eventsOf(s.sharepoint)).toHaveLength(500);
    expect(new Set(eventsOf(s.sharepoint)).size).toBe(500);
  });

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
    expect(s.sharepoint.items('Online Safety Incidents')).toHaveLength(1);
  });

  it('a $batch with some sub-requests throttled: the rest are copied, the throttled ones retried, none twice', async () => {
    const s = setUp();
    const created = await s.store.create(newIncident(), [reportedEvent, { ...reportedEvent, type: 'note' }, { ...reportedEvent, type: 'note-2' }, { ...reportedEvent, type: 'note-3' }], 'OS');
    s.sharepoint.failInBatch(2, 429, { 'Retry-After': '1' });
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
    expect(s.sharepoint.items('Online Safety Incidents').filter((f) => String(f.Title).startsWith('OS-'))).toHaveLength(30);
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
    expect(s.sharepoint.items('Online Safety Incidents')).toHaveLength(1);
    expect(eventsOf(s.sharepoint)).toEqual([`${created.id}#1`, `${created.id}#2`]);
  });

  it('a site that cannot be reached at start is retried, and nothing queued is lost meanwhile', async () => {
    const s = setUp();
    await s.store.create(newIncident(), reportedEvent, 'OS');
    let reachable = false;
    const worker = new SharePointReplicator({
      queue: s.queue, source: s.store, graph: s.graph, siteId: SITE, logger: silentLogger, now: () => s.clock.now,
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
