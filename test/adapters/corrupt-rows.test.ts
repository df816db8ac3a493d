import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { openDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteNotificationOutbox } from '../../src/adapters/sqlite/sqlite-notification-outbox.js';
import { GraphClient } from '../../src/adapters/graph/graph-client.js';
import { SharePointIncidentStore } from '../../src/adapters/sharepoint/sharepoint-incident-store.js';
import { CorruptRecordError } from '../../src/ports/stored-data.js';
import { newIncident, reportedEvent } from '../ports/incident-store.contract.js';
import { FakeSharePoint } from '../support/fake-sharepoint.js';
import { makeTempDir } from '../support/temp-dir.js';

// a damaged row (a hand edit, a half-restored backup) fails where it is read, naming the table, the row
// and the column, and never quoting what is stored (it may hold a child's words)

async function sqliteWithOneCase() {
  const tmp = makeTempDir();
  const db = openDatabase(tmp.dir);
  const store = new SqliteIncidentStore(db);
  const record = await store.create(newIncident({ details: { description: 'Sam Taylor said it' } }), reportedEvent, 'OS', {
    outbox: [{ key: 'channel-card', kind: 'channel-card', notBefore: '2026-11-24T09:15:00.000Z', data: { step: 1 } }],
  });
  return { db, store, record, cleanup: async () => (await store.close(), tmp.remove()) };
}

async function failure(promise: Promise<unknown>): Promise<CorruptRecordError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CorruptRecordError);
  return error as CorruptRecordError;
}

describe('a corrupt stored row, sqlite', () => {
  it('a JSON column that is not JSON names the table, the row and the column, and quotes nothing', async () => {
    const { db, store, record, cleanup } = await sqliteWithOneCase();
    db.prepare('UPDATE incidents SET details = ? WHERE id = ?').run('{"description":"Sam Tay', record.id);
    const error = await failure(store.get(record.id));
    expect(error.message).toBe(`incidents row ${record.id}: details cannot be read (not JSON)`);
    expect(error.at).toEqual({ table: 'incidents', row: record.id, column: 'details' });
    expect(error.message).not.toContain('Sam');
    await cleanup();
  });

  it("an event's actor of the wrong shape says where and what was expected", async () => {
    const { db, store, record, cleanup } = await sqliteWithOneCase();
    // the trail is append-only (a trigger refuses updates): a damaged entry can only arrive as written
    db.prepare('INSERT INTO incident_events (incident_id, seq, type, at, actor) VALUES (?, 2, ?, ?, ?)').run(
      record.id,
      'acknowledged',
      '2026-11-24T09:20:00.000Z',
      JSON.stringify({ aadObjectId: 'a1', displayName: 42 }),
    );
    const error = await failure(store.events(record.id));
    expect(error.at).toEqual({ table: 'incident_events', row: `${record.id}#2`, column: 'actor' });
    expect(error.message).toBe(
      `incident_events row ${record.id}#2: actor cannot be read ` +
        '(the value: none of its shapes (displayName: invalid_type, expected string | system: invalid_type, expected string))',
    );
    // the stored value (42) is not in it: the message is exactly the above, whose only digits are the row's id
    expect(error.message.replace(record.id, '')).not.toContain('42');
    await cleanup();
  });

  it("a notification's data that is not JSON names the notifications row", async () => {
    const { db, record, cleanup } = await sqliteWithOneCase();
    const outbox = new SqliteNotificationOutbox(db);
    const [queued] = await outbox.forIncident(record.id);
    db.prepare('UPDATE notifications SET data = ? WHERE id = ?').run('not json', queued!.id);
    const error = await failure(outbox.forIncident(record.id));
    expect(error.message).toBe(`notifications row ${queued!.id}: data cannot be read (not JSON)`);
    await cleanup();
  });
});

describe('a corrupt stored item, SharePoint', () => {
  const credential: TokenCredential = {
    getToken: async (): Promise<AccessToken> => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());

  it('a Plan column that is not JSON, or a severity outside the four, names the list, the incident and the column', async () => {
    const SITE = 'oakfield.sharepoint.com,0b1d7c5a-1111-4c1e-9a39-1f2a3b4c5d6e,7e6d5c4b-2222-4a3b-8c9d-0e1f2a3b4c5d';
    const RESTRICTED = 'oakfield.sharepoint.com,5f0e2a11-3333-4d2c-8e4f-6a7b8c9d0e1f,9a8b7c6d-4444-4e5f-9a0b-1c2d3e4f5a6b';
    const sharepoint = new FakeSharePoint(SITE, RESTRICTED).provisioned();
    const graph = new GraphClient({ credential, userAgent: 'NONISV|Oakfield Primary School|OnlineSafetyBot/0.1.0' });
    const store = new SharePointIncidentStore({
      graph,
      sites: { shared: SITE, restricted: RESTRICTED },
      listIds: sharepoint.listIds(),
      sleep: async () => {},
    });
    const record = await store.create(newIncident(), reportedEvent, 'OS');
    // the fake's list, reached past its test-only surface, stands for a hand edit in the SharePoint UI
    const details = (sharepoint as unknown as { list(name: string): { items: Map<string, { fields: Record<string, unknown> }> } }).list(
      'Online Safety Case Details',
    );
    const item = [...details.items.values()].find((i) => i.fields.IncidentId === record.id)!;
    item.fields.Plan = '{"severity":';
    const broken = await failure(store.get(record.id));
    expect(broken.message).toBe(`Online Safety Case Details row ${record.id}: Plan cannot be read (not JSON)`);
    item.fields.Plan = '{}';
    item.fields.Severity = 'urgent';
    const unknown = await failure(store.get(record.id));
    expect(unknown.at).toEqual({ table: 'Online Safety Case Details', row: record.id, column: 'Severity' });
    expect(unknown.message).toBe(
      `Online Safety Case Details row ${record.id}: Severity cannot be read (the value: expected one of critical, high, medium, low)`,
    );
    await store.close();
    sharepoint.close();
  });
});
