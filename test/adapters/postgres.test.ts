// every PostgreSQL adapter against the contract its SQLite twin passes, on a real PostgreSQL this file
// starts itself (test/support/postgres.ts): a fresh database for each test, no mocks of the database.
import { hostname } from 'node:os';
import pg from 'pg';
import fc from 'fast-check';
import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteNotificationOutbox } from '../../src/adapters/sqlite/sqlite-notification-outbox.js';
import type { Notification, NotificationOutbox, OutboxItem } from '../../src/ports/notification-outbox.js';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migratePostgres, openPostgresPool } from '../../src/adapters/postgres/database.js';
import { POSTGRES_MIGRATIONS } from '../../src/adapters/postgres/migrations.js';
import { takeBackFromDeadHolders } from '../../src/adapters/postgres/claim-due.js';
import { openPostgresStore } from '../../src/adapters/postgres/store.js';
import { listenForWork } from '../../src/adapters/postgres/wake.js';
import { ConcurrencyError, type IncidentStore } from '../../src/ports/incident-store.js';
import { PostgresIncidentStore } from '../../src/adapters/postgres/pg-incident-store.js';
import { PostgresNotificationOutbox } from '../../src/adapters/postgres/pg-notification-outbox.js';
import { PostgresBotStorage } from '../../src/adapters/postgres/pg-bot-storage.js';
import { PostgresConversationDirectory } from '../../src/adapters/postgres/pg-conversation-directory.js';
import { BOT_STATE_TTL_MS } from '../../src/adapters/sqlite/sqlite-bot-storage.js';
import { incidentStoreContract, newIncident, reportedEvent } from '../ports/incident-store.contract.js';
import { notificationOutboxContract } from '../ports/notification-outbox.contract.js';
import { botStorageContract } from '../ports/bot-storage.contract.js';
import { conversationDirectoryContract } from '../ports/conversation-directory.contract.js';
import { PostgresComplianceRecords } from '../../src/adapters/postgres/pg-compliance-records.js';
import { PostgresChannelPostOutbox } from '../../src/adapters/postgres/pg-channel-post-outbox.js';
import { complianceRecordsContract } from '../ports/compliance-records.contract.js';
import { channelPostOutboxContract } from '../ports/channel-post-outbox.contract.js';
import { PostgresReminderOutbox } from '../../src/adapters/postgres/pg-reminder-outbox.js';
import { PostgresReplicationQueue } from '../../src/adapters/postgres/pg-replication-queue.js';
import { PostgresJobRuns } from '../../src/adapters/postgres/pg-job-runs.js';
import { PostgresDirectoryMirror } from '../../src/adapters/postgres/pg-directory-mirror.js';
import { reminderOutboxContract } from '../ports/reminder-outbox.contract.js';
import { replicationQueueContract } from '../ports/replication-queue.contract.js';
import { jobRunsContract } from '../ports/job-runs.contract.js';
import { directoryMirrorContract } from '../ports/directory-mirror.contract.js';
import { stopTestPostgres, testPostgres } from '../support/postgres.js';
import { PostgresRateBudget } from '../../src/adapters/postgres/pg-rate-budget.js';
import { rateBudgetContract } from '../ports/rate-budget.contract.js';

afterAll(stopTestPostgres);

/** a fresh database and a pool on it; cleanup ends the pool and drops the database */
async function freshPool() {
  const database = await (await testPostgres()).database();
  const pool = openPostgresPool(database.url, { max: 4 });
  let ended = false;
  return {
    pool,
    url: database.url,
    end: async () => {
      if (!ended) await pool.end();
      ended = true;
    },
    cleanup: async () => {
      if (!ended && !pool.ended) await pool.end();
      ended = true;
      await database.drop();
    },
  };
}

incidentStoreContract('postgres', async () => {
  const { pool, cleanup } = await freshPool();
  const store = new PostgresIncidentStore(pool);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await cleanup().catch(() => {});
    },
  };
});

notificationOutboxContract('postgres', async () => {
  const { pool, cleanup } = await freshPool();
  const store = new PostgresIncidentStore(pool);
  return { store, outbox: new PostgresNotificationOutbox(pool), cleanup };
});

botStorageContract(
  'postgres',
  async (now) => {
    const { pool, cleanup } = await freshPool();
    return { storage: new PostgresBotStorage(pool, { now }), cleanup };
  },
  { expiresAfterMs: BOT_STATE_TTL_MS },
);

conversationDirectoryContract('postgres', async () => {
  const { pool, cleanup } = await freshPool();
  return { directory: new PostgresConversationDirectory(pool), cleanup };
});

complianceRecordsContract('postgres', async () => {
  const { pool, cleanup } = await freshPool();
  return { records: new PostgresComplianceRecords(pool), cleanup };
});

channelPostOutboxContract('postgres', async () => {
  const { pool, cleanup } = await freshPool();
  return { outbox: new PostgresChannelPostOutbox(pool), records: new PostgresComplianceRecords(pool), cleanup };
});

reminderOutboxContract('postgres', async () => {
  const { pool, cleanup } = await freshPool();
  return { reminders: new PostgresReminderOutbox(pool), cleanup };
});

replicationQueueContract('postgres', async () => {
  const { pool, cleanup } = await freshPool();
  return { store: new PostgresIncidentStore(pool, { replicate: true }), queue: new PostgresReplicationQueue(pool), cleanup };
});

jobRunsContract('postgres', async () => {
  const { pool, cleanup } = await freshPool();
  return { runs: new PostgresJobRuns(pool), cleanup };
});

directoryMirrorContract('postgres', async () => {
  const { pool, cleanup } = await freshPool();
  return { mirror: new PostgresDirectoryMirror(pool), cleanup };
});

// two instances' budgets: each its own pool on the one database, as two bot processes hold them
rateBudgetContract('postgres', async (limits) => {
  const first = await freshPool();
  const second = openPostgresPool(first.url, { max: 4 });
  return {
    a: new PostgresRateBudget(first.pool, limits),
    b: new PostgresRateBudget(second, limits),
    cleanup: async () => {
      await second.end();
      await first.cleanup();
    },
  };
});

// what only a shared database can show: several pools (as several instances would hold) on one database
describe('postgres store: several instances on one database', () => {
  let db: { url: string; drop: () => Promise<void> };
  let pools: pg.Pool[];
  beforeEach(async () => {
    db = await (await testPostgres()).database();
    pools = [openPostgresPool(db.url, { max: 4 }), openPostgresPool(db.url, { max: 4 })];
  });
  afterEach(async () => {
    await Promise.all(pools.filter((p) => !p.ended).map((p) => p.end()));
    await db.drop();
  });

  it('allocates references without gaps or repeats when two instances file 40 reports at once, and a refused report takes no number', async () => {
    const stores = pools.map((p) => new PostgresIncidentStore(p));
    // an unreadable time in its outbox rolls this report back, number and all
    const refused = stores[0]!
      .create(newIncident(), reportedEvent, 'OS', { outbox: [{ key: 'bad', kind: 'routed', recipient: 'x', notBefore: 'not a time' }] })
      .then(
        () => 'stored',
        (error: Error) => error.message,
      );
    const created = await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % 2]!.create(newIncident(), reportedEvent, 'OS')));
    expect(await refused).toBe('Invalid time value');
    expect(created.map((c) => c.reference).sort()).toEqual(
      Array.from({ length: 40 }, (_, i) => `OS-2026-${String(i + 1).padStart(4, '0')}`),
    );
  });

  it('records one incident when the same submission reaches both instances at once', async () => {
    const stores = pools.map((p) => new PostgresIncidentStore(p));
    const input = newIncident({ idempotencyKey: 'flow-both-instances' });
    const [a, b] = await Promise.all(stores.map((s) => s.create(input, reportedEvent, 'OS')));
    expect(a!.id).toBe(b!.id);
    expect(await stores[0]!.listByReporter(input.reportedBy.aadObjectId)).toHaveLength(1);
    expect(await stores[0]!.events(a!.id)).toHaveLength(1);
  });

  it('numbers events appended by both instances at once 1..n, each once', async () => {
    const stores = pools.map((p) => new PostgresIncidentStore(p));
    const created = await stores[0]!.create(newIncident(), reportedEvent, 'OS');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        stores[i % 2]!.appendEvent(created.id, { type: 'note', at: '2026-11-24T10:00:00.000Z', actor: { system: 'test' }, data: { i } }),
      ),
    );
    expect((await stores[0]!.events(created.id)).map((e) => e.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  });

  it('keeps the decision trail append-only: an UPDATE, a DELETE or a TRUNCATE is refused by the database itself', async () => {
    const store = new PostgresIncidentStore(pools[0]!);
    const created = await store.create(newIncident(), reportedEvent, 'OS');
    const refusal = /the incident event log is append-only/;
    await expect(pools[0]!.query(`UPDATE incident_events SET type = 'changed' WHERE incident_id = $1`, [created.id])).rejects.toThrow(
      refusal,
    );
    await expect(pools[0]!.query('DELETE FROM incident_events WHERE incident_id = $1', [created.id])).rejects.toThrow(refusal);
    await expect(pools[0]!.query('TRUNCATE incident_events CASCADE')).rejects.toThrow(refusal);
    expect(await store.events(created.id)).toEqual([{ ...reportedEvent, incidentId: created.id, seq: 1 }]);
  });

  it('hands each due message to one instance only when both claim at once (FOR UPDATE SKIP LOCKED)', async () => {
    const store = new PostgresIncidentStore(pools[0]!);
    const outbox = [new PostgresNotificationOutbox(pools[0]!, 'host-a#1#aaaa'), new PostgresNotificationOutbox(pools[1]!, 'host-b#1#bbbb')];
    const items = Array.from({ length: 60 }, (_, i) => ({
      key: `n${i}`,
      kind: 'reporter-update' as const,
      recipient: 'r',
      notBefore: '2026-11-24T09:15:00.000Z',
    }));
    await store.create(newIncident(), reportedEvent, 'OS', { outbox: items });
    const now = new Date('2026-11-24T09:16:00.000Z');
    const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => outbox[i % 2]!.claimDue(now, 7, 30_000)));
    const ids = claims.flat().map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(60);
    const { rows } = await pools[0]!.query<{ lease_owner: string; n: number }>(
      'SELECT lease_owner, COUNT(*)::int AS n FROM notifications GROUP BY lease_owner ORDER BY lease_owner',
    );
    expect(rows.reduce((sum, r) => sum + r.n, 0)).toBe(60);
    expect(rows.every((r) => r.lease_owner === 'host-a#1#aaaa' || r.lease_owner === 'host-b#1#bbbb')).toBe(true);
  });

  it('wakes every listening instance when work is committed (LISTEN/NOTIFY), and not for a change refused', async () => {
    const heard: string[] = [];
    const listener = await listenForWork(db.url, (queue) => heard.push(queue));
    try {
      const store = new PostgresIncidentStore(pools[0]!);
      const created = await store.create(newIncident(), reportedEvent, 'OS');
      const notice = { key: 'n1', kind: 'reporter-update' as const, recipient: 'r', notBefore: '2026-11-24T09:15:00.000Z' };
      // refused (stale version): rolled back, so no word of it goes out
      await expect(store.update(created.id, 7, {}, reportedEvent, { outbox: [notice] })).rejects.toBeInstanceOf(ConcurrencyError);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard).toEqual([]);
      await store.appendEvent(created.id, reportedEvent, { outbox: [notice] });
      await new PostgresReminderOutbox(pools[1]!).enqueue(
        [{ key: 'aup:p1', kind: 'aup', recipient: 'p1', notBefore: '2026-09-01T07:00:00.000Z', data: {} }],
        new Date(),
      );
      await expect.poll(() => heard, { timeout: 2_000 }).toEqual(['notifications', 'reminders']);
    } finally {
      await listener.stop();
    }
  });

  it("records a delivery error or note holding a NUL (PostgreSQL's text cannot) with U+FFFD in its place, rather than failing", async () => {
    const store = new PostgresIncidentStore(pools[0]!);
    const outbox = new PostgresNotificationOutbox(pools[0]!);
    const created = await store.create(newIncident(), reportedEvent, 'OS', {
      outbox: ['a', 'b'].map((key) => ({ key, kind: 'reporter-update' as const, recipient: 'r', notBefore: '2026-11-24T09:15:00.000Z' })),
    });
    const [a, b] = await outbox.claimDue(new Date('2026-11-24T09:16:00.000Z'), 2, 60_000);
    await outbox.retryLater(a!.id, new Date(), new Date('2026-11-24T10:00:00.000Z'), 'bad gateway\u0000<html>');
    await outbox.complete(b!.id, 'unreachable', new Date(), 'refused\u0000');
    expect((await outbox.forIncident(created.id)).map((n) => n.lastError ?? n.note)).toEqual(['bad gateway\uFFFD<html>', 'refused\uFFFD']);
  });

  it('takes back at start-up what a dead process of this machine held, and leaves another machine its lease', async () => {
    const store = new PostgresIncidentStore(pools[0]!);
    const items = ['a', 'b'].map((key) => ({
      key,
      kind: 'reporter-update' as const,
      recipient: 'r',
      notBefore: '2026-11-24T09:15:00.000Z',
    }));
    await store.create(newIncident(), reportedEvent, 'OS', { outbox: items });
    const self = `${hostname()}#${process.pid}#self`;
    // no process runs with pid 2^22 + 1 (above Linux's pid_max default)
    const dead = new PostgresNotificationOutbox(pools[0]!, `${hostname()}#4194305#dead`);
    const elsewhere = new PostgresNotificationOutbox(pools[0]!, 'another-machine#12#live');
    const claimedAt = new Date('2026-11-24T09:16:00.000Z');
    await dead.claimDue(claimedAt, 1, 60_000);
    await elsewhere.claimDue(claimedAt, 1, 60_000);
    const restart = new Date('2026-11-24T09:16:05.000Z');
    expect(await takeBackFromDeadHolders(pools[0]!, restart, self)).toEqual({ notifications: 1 });
    const mine = await new PostgresNotificationOutbox(pools[0]!, self).claimDue(restart, 10, 60_000);
    expect(mine.map((n) => n.key)).toEqual(['a']);
  });
});

describe('postgres schema migrations', () => {
  it('records each migration once, runs none twice, and refuses a database newer than the code', async () => {
    const db = await (await testPostgres()).database();
    const pool = openPostgresPool(db.url);
    try {
      // the template was migrated already: opening it again (two instances starting at once) changes nothing
      await Promise.all([migratePostgres(pool), migratePostgres(pool)]);
      const { rows } = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((_, i) => i + 1));
      await pool.query('INSERT INTO schema_migrations (version) VALUES ($1)', [POSTGRES_MIGRATIONS.length + 1]);
      await expect(migratePostgres(pool)).rejects.toThrow(
        `the database schema (version ${POSTGRES_MIGRATIONS.length + 1}) is newer than this version of the bot understands (${POSTGRES_MIGRATIONS.length}); upgrade the bot`,
      );
    } finally {
      await pool.end();
      await db.drop();
    }
  });

  it('openPostgresStore migrates an empty database and every adapter works on it; an unreachable server fails at once', async () => {
    const server = await testPostgres();
    const admin = new pg.Client({ connectionString: server.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE osb_empty');
    try {
      const opened = await openPostgresStore({ databaseUrl: server.url('osb_empty') });
      const created = await opened.store.create(newIncident(), reportedEvent, 'OS');
      expect(created.reference).toBe('OS-2026-0001');
      await opened.storage.write({ 'conv/1': { step: 'details' } });
      expect(await opened.storage.read(['conv/1'])).toMatchObject({ 'conv/1': { step: 'details' } });
      await opened.close();
      await expect(openPostgresStore({ databaseUrl: 'postgres://nobody:x@127.0.0.1:1/none' })).rejects.toThrow();
    } finally {
      await admin.query('DROP DATABASE IF EXISTS osb_empty WITH (FORCE)');
      await admin.end();
    }
  });
});

describe('postgres: one schema per school in a trust database', () => {
  it("each school's store lives in its own schema: references count per school, and neither sees the other's case or trail", async () => {
    const db = await (await testPostgres()).database();
    const rowan = await openPostgresStore({ databaseUrl: db.url }, { schema: 'school_rowan' });
    const bawtry = await openPostgresStore({ databaseUrl: db.url }, { schema: 'school_bawtry' });
    try {
      const a = await rowan.store.create(newIncident(), reportedEvent, 'RF');
      const b = await bawtry.store.create(newIncident(), reportedEvent, 'BA');
      expect([a.reference, b.reference]).toEqual(['RF-2026-0001', 'BA-2026-0001']);
      expect(await bawtry.store.get(a.id)).toBeUndefined();
      expect(await rowan.store.get(b.id)).toBeUndefined();
      expect((await rowan.store.listOpen()).map((c) => c.reference)).toEqual(['RF-2026-0001']);
      expect((await bawtry.store.listOpen()).map((c) => c.reference)).toEqual(['BA-2026-0001']);
      const admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
      const { rows } = await admin.query<{ schema: string; n: number }>(
        "SELECT table_schema AS schema, count(*)::int AS n FROM information_schema.tables WHERE table_name = 'incidents' GROUP BY 1 ORDER BY 1",
      );
      await admin.end();
      // the template's own (public) tables stay empty beside the schools' two
      expect(rows.map((r) => r.schema)).toEqual(['public', 'school_bawtry', 'school_rowan']);
      expect(() => openPostgresPool(db.url, { schema: 'Rowan; DROP TABLE incidents' })).toThrow('not a schema name the bot uses');
      // work queued at one school wakes that school's workers only
      const heard: string[] = [];
      const listening = await Promise.all([
        rowan.onWork((queue) => heard.push(`rowan ${queue}`)),
        bawtry.onWork((queue) => heard.push(`bawtry ${queue}`)),
      ]);
      try {
        await bawtry.reminders.enqueue(
          [{ key: 'aup:p1', kind: 'aup', recipient: 'p1', notBefore: '2026-09-01T07:00:00.000Z', data: {} }],
          new Date(),
        );
        await expect.poll(() => heard, { timeout: 2_000 }).toEqual(['bawtry reminders']);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(heard).toEqual(['bawtry reminders']);
      } finally {
        await Promise.all(listening.map((l) => l.stop()));
      }
    } finally {
      await rowan.close();
      await bawtry.close();
      await db.drop();
    }
  });
});

// the contract checks chosen cases; this runs random sequences of reports, decisions, claims and outcomes
// against SQLite and PostgreSQL side by side, and every answer and the final state must be the same
describe('postgres and sqlite give the same answers (random sequences)', () => {
  const minute = (m: number) => new Date(Date.UTC(2026, 10, 24, 9, m)).toISOString();
  const item = fc.record({
    key: fc.constantFrom('a', 'b', 'c'),
    kind: fc.constantFrom('channel-card', 'reporter-update', 'routed-alert', 'delivery-broken'),
    delay: fc.integer({ min: 0, max: 30 }),
  });
  const op = fc.oneof(
    fc.record({
      op: fc.constant('create' as const),
      reporter: fc.integer({ min: 0, max: 2 }),
      key: fc.integer({ min: 0, max: 3 }),
      year: fc.constantFrom(2026, 2027),
      items: fc.array(item, { maxLength: 3 }),
    }),
    fc.record({
      op: fc.constant('update' as const),
      incident: fc.nat(5),
      stale: fc.boolean(),
      status: fc.constantFrom('escalated', 'closed'),
      items: fc.array(item, { maxLength: 2 }),
    }),
    fc.record({ op: fc.constant('append' as const), incident: fc.nat(5), items: fc.array(item, { maxLength: 2 }) }),
    fc.record({ op: fc.constant('claim' as const), at: fc.integer({ min: 0, max: 90 }), limit: fc.integer({ min: 1, max: 4 }) }),
    fc.record({
      op: fc.constant('complete' as const),
      pick: fc.nat(10),
      outcome: fc.constantFrom('sent' as const, 'cancelled' as const, 'unreachable' as const),
    }),
    fc.record({ op: fc.constant('retry' as const), pick: fc.nat(10), delay: fc.integer({ min: 1, max: 40 }) }),
  );
  type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
  const toItems = (items: { key: string; kind: string; delay: number }[]): OutboxItem[] =>
    items.map((i) =>
      i.kind === 'routed-alert'
        ? { key: i.key, kind: 'routed', recipient: 'p1', notBefore: minute(i.delay), data: { stage: 'alert' } }
        : i.kind === 'channel-card'
          ? { key: i.key, kind: 'channel-card', notBefore: minute(i.delay) }
          : { key: i.key, kind: i.kind as 'reporter-update' | 'delivery-broken', recipient: 'p1', notBefore: minute(i.delay) },
    );

  /** runs the ops on one adapter pair; every answer in terms both share (references and keys, never ids) */
  async function run(store: IncidentStore, outbox: NotificationOutbox, ops: Op[]): Promise<unknown[]> {
    const incidents: { id: string; reference: string; version: number }[] = [];
    const claimed: Notification[] = [];
    const refOf = (id: string) => incidents.find((i) => i.id === id)?.reference;
    const answers: unknown[] = [];
    const attempt = async (work: () => Promise<unknown>) => {
      try {
        answers.push(await work());
      } catch (error) {
        answers.push((error as Error).name);
      }
    };
    for (const o of ops) {
      if (o.op === 'create') {
        const reporter = { aadObjectId: `r${o.reporter}`, displayName: `Reporter ${o.reporter}`, kind: 'staff' as const };
        const input = newIncident({ idempotencyKey: `k${o.key}`, reportedBy: reporter, reportedAt: `${o.year}-11-24T09:00:00.000Z` });
        await attempt(async () => {
          const created = await store.create(input, reportedEvent, 'OS', { outbox: toItems(o.items) });
          if (!incidents.some((i) => i.id === created.id)) incidents.push(created);
          return created.reference;
        });
      } else if ((o.op === 'update' || o.op === 'append') && incidents.length > 0) {
        const target = incidents[o.incident % incidents.length]!;
        const event = { type: o.op, at: minute(5), actor: { system: 'test' } };
        if (o.op === 'append') await attempt(async () => (await store.appendEvent(target.id, event, { outbox: toItems(o.items) })).seq);
        else
          await attempt(async () => {
            const updated = await store.update(target.id, target.version + (o.stale ? -1 : 0), { status: o.status }, event, {
              outbox: toItems(o.items),
            });
            target.version = updated.version;
            return [updated.version, updated.status];
          });
      } else if (o.op === 'claim') {
        const got = await outbox.claimDue(new Date(minute(o.at)), o.limit, 60_000);
        claimed.push(...got);
        answers.push(got.map((n) => [refOf(n.incidentId), n.key, n.kind, n.nextAttemptAt]));
      } else if (o.op === 'complete' && claimed.length > 0) {
        await outbox.complete(claimed[o.pick % claimed.length]!.id, o.outcome, new Date(minute(60)), 'done');
      } else if (o.op === 'retry' && claimed.length > 0) {
        await outbox.retryLater(claimed[o.pick % claimed.length]!.id, new Date(minute(60)), new Date(minute(60 + o.delay)), 'busy');
      }
    }
    for (const i of incidents) {
      answers.push(await store.get(i.id).then((r) => r && [r.reference, r.status, r.version]));
      answers.push((await store.events(i.id)).map((e) => [e.seq, e.type]));
      answers.push((await outbox.forIncident(i.id)).map((n) => [n.key, n.kind, n.status, n.attempts, n.nextAttemptAt, n.note ?? null]));
    }
    answers.push(await outbox.backlog(new Date(minute(200))));
    return answers;
  }

  it('the same reports, decisions, claims and outcomes on both stores end the same way', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
        const sqlite = openDatabaseFile(':memory:');
        const { pool, cleanup } = await freshPool();
        try {
          const expected = await run(new SqliteIncidentStore(sqlite), new SqliteNotificationOutbox(sqlite, 'same-owner'), ops);
          const actual = await run(new PostgresIncidentStore(pool), new PostgresNotificationOutbox(pool, 'same-owner'), ops);
          expect(actual).toEqual(expected);
        } finally {
          sqlite.close();
          await cleanup();
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
