// moving a school's SQLite file to PostgreSQL (npm run move-to-postgres, issue 20): a file written through
// the real SQLite adapters is copied into a real PostgreSQL (test/support/postgres.ts) and read back through
// the PostgreSQL adapters: the same cases, the same trail, the counters carrying on, messages still owed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../src/adapters/sqlite/database.js';
import { openSchoolStores, schoolSchema, type SchoolStores } from '../../src/adapters/open-stores.js';
import { COPIED_TABLES, copySqliteToPostgres, MoveRefusedError } from '../../src/adapters/postgres/copy-from-sqlite.js';
import { openPostgresStore, type PostgresStore } from '../../src/adapters/postgres/store.js';
import { newIncident, reportedEvent } from '../ports/incident-store.contract.js';
import { stopTestPostgres, testPostgres } from '../support/postgres.js';

afterAll(stopTestPostgres);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const NOW = new Date('2026-11-24T10:00:00.000Z');
const dsl = { aadObjectId: 'aad-dsl', displayName: 'Dee Ess-Ell' };

/** a school's SQLite file with something in every kind of record, written as the bot writes them */
async function schoolFile(): Promise<{ dir: string; refs: string[]; ids: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'osb-move-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const s: SchoolStores = await openSchoolStores({ store: 'sqlite', dataDir: dir, sqliteJournalMode: 'wal' }, { replicate: true });
  try {
    const first = await s.store.create(newIncident(), reportedEvent, 'OS', {
      outbox: [
        { key: 'card', kind: 'channel-card', notBefore: '2026-11-24T09:15:00.000Z' },
        { key: 'dsl', kind: 'routed', recipient: 'aad-dsl', notBefore: '2026-11-24T09:15:00.000Z', data: { stage: 'alert' } },
      ],
    });
    const second = await s.store.create(
      newIncident({ severity: 'critical', details: { description: 'Quote " and back\\slash' } }),
      reportedEvent,
      'OS',
    );
    const approved = await s.store.update(
      first.id,
      first.version,
      { status: 'open' },
      { type: 'approved', at: '2026-11-24T09:20:00.000Z', actor: dsl, reason: 'Seen the messages; speaking to the class teacher.' },
    );
    await s.store.appendEvent(second.id, { type: 'note', at: '2026-11-24T09:30:00.000Z', actor: dsl, reason: 'Parent phoned.\u0000' });
    // one message sent, one held by the bot when it stopped (a lease), one never tried
    const [sent] = await s.outbox.claimDue(NOW, 1, 60_000);
    await s.outbox.complete(sent!.id, 'sent', NOW, 'delivered');
    await s.outbox.claimDue(NOW, 1, 60_000);
    await s.outbox.startPost(first.id, NOW);
    await s.outbox.rememberPost({
      incidentId: first.id,
      conversationId: '19:chan',
      activityId: 'act-1',
      serviceUrl: 'https://smba.example/uk/',
    });
    await s.records.recordAgreement({
      personId: 'aad-t1',
      personName: 'Tia Teacher',
      version: '2026-09',
      agreedAt: '2026-09-05T08:00:00.000Z',
    });
    await s.records.recordTraining(
      { personId: 'aad-t1', personName: 'Tia Teacher', courseId: 'kcsie', completedOn: '2026-09-01', provider: 'LA' },
      NOW,
    );
    await s.records.recordFinding({ accountId: 'aad-old', accountName: 'Old Account', periodKey: '2026-11', reasons: ['left'] });
    await s.records.decide('aad-old', '2026-11', { decision: 'disable', decidedBy: 'aad-dsl', reason: 'Left in July', at: NOW });
    await s.records.recordReview({
      review: 'filtering',
      reviewedOn: '2026-11-20',
      personId: 'aad-dsl',
      personName: 'Dee',
      recordedAt: NOW.toISOString(),
    });
    await s.conversations.remember({
      aadObjectId: 'aad-dsl',
      reference: { conversation: { id: 'a:1' }, serviceUrl: 'https://smba.example/uk/' },
      updatedAt: NOW.toISOString(),
    });
    await s.conversations.rememberServiceUrl('https://smba.example/uk/', '19:chan', NOW);
    await s.storage.write({ 'conv/1': { draft: { step: 2 } } });
    await s.reminders.enqueue(
      [{ key: 'aup-2026-09:aad-t2', kind: 'aup', recipient: 'aad-t2', notBefore: NOW.toISOString(), data: { version: '2026-09' } }],
      NOW,
    );
    await s.runs.claim('aup', '2026-09', 'host:1', NOW, 60_000);
    await s.runs.finish('aup', '2026-09', 'host:1', NOW, { queued: 1 });
    await s.mirror.apply([{ id: 'aad-t1', displayName: 'Tia Teacher', userPrincipalName: 't1@school.example', accountEnabled: true }], {
      full: true,
      signInActivityAvailable: false,
      at: NOW,
    });
    await s.mirror.updateGroup('staff', [{ id: 'aad-t1', displayName: 'Tia Teacher' }], NOW);
    // a post to the channel begun and never confirmed, a digest queued for the governors and read, a SharePoint item's id
    await s.outbox.startPost(second.id, NOW);
    const digest = {
      id: 'dig-1',
      termName: 'Autumn 2026',
      termKey: '2026-09-03',
      createdAt: NOW.toISOString(),
      createdBy: 'aad-dsl',
      digest: { cases: 2 },
    };
    await s.records.claimDigest(digest, NOW, {
      outbox: [
        { key: 'digest:dig-1:1', kind: 'digest', channel: 'governors', notBefore: NOW.toISOString(), data: { digestId: 'dig-1', seq: 1 } },
      ],
    });
    await s.records.recordRead('dig-1', { id: 'aad-gov', name: 'Gina Governor' }, NOW);
    await s.replication.rememberItem('cases', first.id, 'sp-item-7');
    return { dir, refs: [approved.reference, second.reference], ids: [first.id, second.id] };
  } finally {
    await s.close();
  }
}

function sqliteFile(dir: string): SqliteDatabase {
  const db = openDatabase(dir);
  cleanups.push(() => void db.close());
  return db;
}

async function target(schema?: string): Promise<PostgresStore> {
  const database = await (await testPostgres()).database();
  const pg = await openPostgresStore({ databaseUrl: database.url, sharePointSiteId: 'on' }, schema ? { schema } : {});
  cleanups.push(async () => {
    await pg.close();
    await database.drop();
  });
  return pg;
}

describe('npm run move-to-postgres: a school from its SQLite file to PostgreSQL (issue 20)', () => {
  it('copies every table; the cases, trail, counters, queues and records read back the same through the PostgreSQL adapters', async () => {
    const { dir, refs, ids } = await schoolFile();
    const file = sqliteFile(dir);
    const before = await openSchoolStores({ store: 'sqlite', dataDir: dir, sqliteJournalMode: 'wal' }, { replicate: true });
    cleanups.push(() => before.close());
    const pg = await target();

    const counts = await copySqliteToPostgres(file, pg.pool, NOW);

    expect(counts.map((c) => c.table)).toEqual([...COPIED_TABLES]);
    for (const { table, rows } of counts) {
      expect(rows, table).toBe((file.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
    }
    // the fixture left something in every table, so each kind of row was really copied
    expect(counts.filter((c) => c.rows === 0).map((c) => c.table)).toEqual([]);
    // copies owed to SharePoint are still owed
    expect(await pg.replication.backlog(NOW)).toEqual(await before.replication.backlog(NOW));

    for (const id of ids) {
      expect(await pg.store.get(id)).toEqual(await before.store.get(id));
      expect(await pg.store.events(id)).toEqual(await before.store.events(id));
    }
    expect((await pg.store.getByReference(refs[0]!))?.id).toBe(ids[0]);
    expect((await pg.store.events(ids[1]!)).map((e) => e.reason)).toEqual([undefined, 'Parent phoned.\u0000']);
    // the next case's reference carries on from the file's counter
    const next = await pg.store.create(newIncident(), reportedEvent, 'OS');
    expect(next.reference).not.toBe(refs[0]);
    expect(Number(next.reference.split('-').at(-1))).toBe(Number(refs[1]!.split('-').at(-1)) + 1);

    // the message the stopped bot held is claimable again at once, with the one never tried; the sent one stays sent
    const owed = await before.outbox.forIncident(ids[0]!);
    const moved = await pg.outbox.forIncident(ids[0]!);
    expect(moved.map((n) => [n.id, n.key, n.status, n.attempts])).toEqual(owed.map((n) => [n.id, n.key, n.status, n.attempts]));
    const claimed = await pg.outbox.claimDue(NOW, 10, 60_000);
    expect(claimed.map((n) => n.key).sort()).toEqual(
      owed
        .filter((n) => n.status === 'pending')
        .map((n) => n.key)
        .sort(),
    );
    expect(await pg.outbox.findPost(ids[0]!)).toEqual(await before.outbox.findPost(ids[0]!));
    // a new row's id follows the copied ones (the identity sequence was moved on)
    await pg.store.appendEvent(
      ids[1]!,
      { type: 'note', at: NOW.toISOString(), actor: dsl },
      {
        outbox: [{ key: 'later', kind: 'routed', recipient: 'aad-dsl', notBefore: NOW.toISOString() }],
      },
    );
    const later = (await pg.outbox.forIncident(ids[1]!)).find((n) => n.key === 'later')!;
    expect(later.id).toBeGreaterThan(Math.max(...owed.map((n) => n.id)));

    expect(await pg.records.agreements()).toEqual(await before.records.agreements());
    expect(await pg.records.training()).toEqual(await before.records.training());
    expect(await pg.records.findings('2026-11')).toEqual(await before.records.findings('2026-11'));
    expect(await pg.records.latestReview('filtering')).toEqual(await before.records.latestReview('filtering'));
    expect(await pg.conversations.find('aad-dsl')).toEqual(await before.conversations.find('aad-dsl'));
    expect(await pg.conversations.serviceUrl('19:chan')).toBe('https://smba.example/uk/');
    expect(await pg.storage.read(['conv/1'])).toEqual(await before.storage.read(['conv/1']));
    expect(await pg.reminders.list()).toEqual(await before.reminders.list());
    expect(await pg.runs.list()).toEqual(await before.runs.list());
    expect(await pg.mirror.accounts()).toEqual(await before.mirror.accounts());
    expect(await pg.mirror.groupMembers(['staff'])).toEqual(await before.mirror.groupMembers(['staff']));
    expect(await pg.records.digest('dig-1')).toEqual(await before.records.digest('dig-1'));
    expect(await pg.records.digestPosts('dig-1')).toEqual(await before.records.digestPosts('dig-1'));
    expect(await pg.records.reads('dig-1')).toEqual(await before.records.reads('dig-1'));
    expect((await pg.channelPosts.claimDue(NOW, 10, 60_000)).map((p) => p.key)).toEqual(['digest:dig-1:1']);
    expect(await pg.replication.findItem('cases', ids[0]!)).toBe('sp-item-7');
    // the channel post begun before the move is still known as begun: a retry says it may be a second copy
    expect(await pg.outbox.startPost(ids[1]!, NOW)).toBe(await before.outbox.startPost(ids[1]!, NOW));
  });

  it('a second run is refused and changes nothing', async () => {
    const { dir } = await schoolFile();
    const file = sqliteFile(dir);
    const pg = await target();
    await copySqliteToPostgres(file, pg.pool, NOW);
    const { rows: before } = await pg.pool.query<{ n: number }>('SELECT count(*) AS n FROM incident_events');

    await expect(copySqliteToPostgres(file, pg.pool, NOW)).rejects.toThrow(MoveRefusedError);
    await expect(copySqliteToPostgres(file, pg.pool, NOW)).rejects.toThrow(/already holds records \(incidents \(2\), .*nothing was copied/);
    const { rows: after } = await pg.pool.query<{ n: number }>('SELECT count(*) AS n FROM incident_events');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("a trust's school goes into its own schema, and the database's default schema stays empty", async () => {
    const { dir, ids } = await schoolFile();
    const file = sqliteFile(dir);
    const school = await target(schoolSchema('st-marys'));
    await copySqliteToPostgres(file, school.pool, NOW);
    expect((await school.store.get(ids[0]!))?.id).toBe(ids[0]);
    const { rows } = await school.pool.query<{ n: number }>('SELECT count(*) AS n FROM school_st_marys.incidents');
    expect(rows[0]!.n).toBe(2);
    const { rows: shared } = await school.pool.query<{ n: number }>('SELECT count(*) AS n FROM public.incidents');
    expect(shared[0]!.n).toBe(0);
  });

  it('a failure part way leaves the target empty (one transaction)', async () => {
    const { dir } = await schoolFile();
    const file = sqliteFile(dir);
    const pg = await target();
    // a row PostgreSQL cannot take (a NUL in a name) in the last table but one fails the whole move
    file
      .prepare(
        "INSERT INTO channel_outbox (key, kind, channel, not_before, data, status, attempts, next_attempt_at, created_at, updated_at) VALUES ('k', 'digest', ?, '2026-11-24T10:00:00.000Z', '{}', 'pending', 0, '2026-11-24T10:00:00.000Z', '2026-11-24T10:00:00.000Z', '2026-11-24T10:00:00.000Z')",
      )
      .run('chan\u0000');
    await expect(copySqliteToPostgres(file, pg.pool, NOW)).rejects.toThrow(/invalid byte sequence .*0x00/);
    for (const table of COPIED_TABLES) {
      const { rows } = await pg.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
      expect(rows[0]!.n, table).toBe(0);
    }
  });
});
