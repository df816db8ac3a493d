import { describe, expect, it } from 'vitest';
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MemoryStorage } from 'botbuilder';
import { DATABASE_FILE, openDatabase, openDatabaseFile, type SqliteDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { BOT_STATE_TTL_MS, SqliteBotStorage } from '../../src/adapters/sqlite/sqlite-bot-storage.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { SqliteNotificationOutbox } from '../../src/adapters/sqlite/sqlite-notification-outbox.js';
import { conversationDirectoryContract } from '../ports/conversation-directory.contract.js';
import { MIGRATIONS } from '../../src/adapters/sqlite/migrations.js';
import { incidentStoreContract, newIncident, reportedEvent } from '../ports/incident-store.contract.js';
import { botStorageContract } from '../ports/bot-storage.contract.js';
import { notificationOutboxContract } from '../ports/notification-outbox.contract.js';
import { makeTempDir } from '../support/temp-dir.js';

incidentStoreContract('sqlite', async () => {
  const tmp = makeTempDir();
  const db = openDatabase(tmp.dir);
  const store = new SqliteIncidentStore(db);
  return {
    store,
    cleanup: async () => {
      await store.close();
      tmp.remove();
    },
  };
});

botStorageContract(
  'sqlite',
  async (now) => {
    const tmp = makeTempDir();
    const db = openDatabase(tmp.dir);
    return {
      storage: new SqliteBotStorage(db, { now }),
      cleanup: async () => {
        db.close();
        tmp.remove();
      },
    };
  },
  { expiresAfterMs: BOT_STATE_TTL_MS },
);

conversationDirectoryContract('sqlite', async () => {
  const tmp = makeTempDir();
  const db = openDatabase(tmp.dir);
  return {
    directory: new SqliteConversationDirectory(db),
    cleanup: async () => {
      db.close();
      tmp.remove();
    },
  };
});

notificationOutboxContract('sqlite', async () => {
  const tmp = makeTempDir();
  const db = openDatabase(tmp.dir);
  const store = new SqliteIncidentStore(db);
  return {
    store,
    outbox: new SqliteNotificationOutbox(db),
    cleanup: async () => {
      await store.close();
      tmp.remove();
    },
  };
});

// the reference implementation the contract was written from: keeps the contract honest
botStorageContract('botbuilder MemoryStorage (reference)', async () => ({ storage: new MemoryStorage(), cleanup: async () => {} }));

describe('sqlite store on disk', () => {
  it('keeps incidents, events and conversation state across a restart (close and reopen)', async () => {
    const tmp = makeTempDir();
    try {
      const db1 = openDatabase(tmp.dir);
      const created = await new SqliteIncidentStore(db1).create(newIncident(), reportedEvent, 'OS');
      await new SqliteBotStorage(db1).write({ 'msteams/conversations/personal-chat-sam': { flow: { step: 'details' } } });
      db1.close();

      const db2 = openDatabase(tmp.dir);
      const store2 = new SqliteIncidentStore(db2);
      expect((await store2.get(created.id))!.reference).toBe('OS-2026-0001');
      expect(await store2.events(created.id)).toHaveLength(1);
      const state = await new SqliteBotStorage(db2).read(['msteams/conversations/personal-chat-sam']);
      expect(state['msteams/conversations/personal-chat-sam']).toMatchObject({ flow: { step: 'details' } });
      expect(db2.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db2.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      db2.close();
    } finally {
      tmp.remove();
    }
  });

  it('keeps queued notifications across a restart, still due', async () => {
    const tmp = makeTempDir();
    try {
      const db1 = openDatabase(tmp.dir);
      const item = { key: 'channel-card', kind: 'channel-card' as const, notBefore: '2026-11-24T09:15:00.000Z', data: { first: true } };
      const created = await new SqliteIncidentStore(db1).create(newIncident(), reportedEvent, 'OS', { outbox: [item] });
      db1.close();

      const db2 = openDatabase(tmp.dir);
      const claimed = await new SqliteNotificationOutbox(db2).claimDue(new Date('2026-11-24T09:16:00.000Z'), 10, 60_000);
      expect(claimed).toMatchObject([{ ...item, incidentId: created.id, status: 'pending', attempts: 0 }]);
      db2.close();
    } finally {
      tmp.remove();
    }
  });

  it('refuses to edit or delete the decision trail, even by hand', async () => {
    const tmp = makeTempDir();
    try {
      const db = openDatabase(tmp.dir);
      const created = await new SqliteIncidentStore(db).create(newIncident(), reportedEvent, 'OS');
      expect(() => db.prepare("UPDATE incident_events SET reason = 'changed' WHERE incident_id = ?").run(created.id)).toThrow(
        /append-only/,
      );
      expect(() => db.prepare('DELETE FROM incident_events WHERE incident_id = ?').run(created.id)).toThrow(/append-only/);
      db.close();
    } finally {
      tmp.remove();
    }
  });

  it('refuses a database written by a newer version of the bot', () => {
    const tmp = makeTempDir();
    try {
      const file = `${tmp.dir}/db.sqlite`;
      const db = openDatabaseFile(file);
      db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
      db.close();
      expect(() => openDatabaseFile(file)).toThrow(/newer than this version of the bot/);
    } finally {
      tmp.remove();
    }
  });
});

describe('journal mode', () => {
  it('uses the rollback journal when asked (for DATA_DIR on a network share)', () => {
    const tmp = makeTempDir();
    try {
      const db = openDatabase(tmp.dir, 'delete');
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
      db.close();
    } finally {
      tmp.remove();
    }
  });
});

describe('who may read the database file', () => {
  const modeOf = (path: string) => statSync(path).mode & 0o777;
  const dbFile = (dir: string) => join(dir, DATABASE_FILE);

  it('creates the data folder 0700 and the database, its WAL and shared-memory files 0600', async () => {
    const tmp = makeTempDir();
    try {
      const dataDir = join(tmp.dir, 'data', 'nested');
      const db = openDatabase(dataDir);
      await new SqliteBotStorage(db).write({ 'conv/1': { draft: { child: 'A. Pupil' } } });
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(join(tmp.dir, 'data'))).toBe(0o700);
      expect(modeOf(dbFile(dataDir))).toBe(0o600);
      expect(modeOf(`${dbFile(dataDir)}-wal`)).toBe(0o600);
      expect(modeOf(`${dbFile(dataDir)}-shm`)).toBe(0o600);
      db.close();
    } finally {
      tmp.remove();
    }
  });

  it('gives the rollback journal 0600 too (DATA_DIR on a network share)', () => {
    const tmp = makeTempDir();
    try {
      const db = openDatabase(tmp.dir, 'delete');
      db.exec('CREATE TABLE t (n INTEGER)');
      db.transaction(() => {
        db.prepare('INSERT INTO t VALUES (1)').run();
        // the journal exists only while a write transaction is open
        expect(modeOf(`${dbFile(tmp.dir)}-journal`)).toBe(0o600);
      })();
      db.close();
    } finally {
      tmp.remove();
    }
  });

  it('takes group and other access away from a folder and files an older version left open', () => {
    const tmp = makeTempDir();
    try {
      openDatabase(tmp.dir).close();
      writeFileSync(`${dbFile(tmp.dir)}-wal`, '');
      writeFileSync(`${dbFile(tmp.dir)}-shm`, '');
      for (const suffix of ['', '-wal', '-shm']) chmodSync(`${dbFile(tmp.dir)}${suffix}`, 0o644);
      chmodSync(tmp.dir, 0o755);

      const db = openDatabase(tmp.dir);
      expect(modeOf(tmp.dir)).toBe(0o700);
      for (const suffix of ['', '-wal', '-shm']) expect(modeOf(`${dbFile(tmp.dir)}${suffix}`)).toBe(0o600);
      db.close();
    } finally {
      tmp.remove();
    }
  });
});

describe('abandoned report drafts', () => {
  const KEY = 'msteams/conversations/personal-chat-sam';
  const rows = (db: SqliteDatabase) =>
    db
      .prepare<[], { key: string }>('SELECT key FROM bot_state')
      .all()
      .map((r) => r.key);

  it('are deleted from the table by the sweep once nobody has written them for 8 days', async () => {
    const tmp = makeTempDir();
    try {
      const db = openDatabase(tmp.dir);
      let now = new Date('2026-03-02T08:00:00.000Z');
      const storage = new SqliteBotStorage(db, { now: () => now });
      await storage.write({ [KEY]: { draft: { step: 'who-is-involved', children: 'A. Pupil' } } });
      now = new Date('2026-03-08T08:00:00.000Z');
      await storage.write({ 'conv/recent': { draft: { step: 1 } } });

      expect(await storage.sweepExpired(new Date('2026-03-10T08:00:00.000Z'))).toBe(1);
      expect(rows(db)).toEqual(['conv/recent']);
      expect(JSON.stringify(db.prepare('SELECT * FROM bot_state').all())).not.toContain('A. Pupil');
      db.close();
    } finally {
      tmp.remove();
    }
  });

  it('are deleted from the table when read after 8 days, and the turn starts afresh', async () => {
    const tmp = makeTempDir();
    try {
      const db = openDatabase(tmp.dir);
      let now = new Date('2026-03-02T08:00:00.000Z');
      const storage = new SqliteBotStorage(db, { now: () => now });
      await storage.write({ [KEY]: { draft: { children: 'A. Pupil' } } });
      now = new Date('2026-03-10T08:00:00.000Z');
      expect(await storage.read([KEY])).toEqual({});
      expect(rows(db)).toEqual([]);
      db.close();
    } finally {
      tmp.remove();
    }
  });

  it('already stored when the bot is upgraded get a week from the upgrade', async () => {
    const tmp = makeTempDir();
    try {
      // a database as the previous version left it, with a draft in it
      const file = join(tmp.dir, DATABASE_FILE);
      const old = new Database(file);
      const upgrade = MIGRATIONS.findIndex((m) => m.includes('bot_state_by_age'));
      for (const sql of MIGRATIONS.slice(0, upgrade)) old.exec(sql);
      old.pragma(`user_version = ${upgrade}`);
      old.prepare("INSERT INTO bot_state (key, value, etag) VALUES (?, '{\"draft\":{}}', 'e1')").run(KEY);
      old.close();

      const before = new Date(Date.now() - 1000);
      const db = openDatabase(tmp.dir);
      const storage = new SqliteBotStorage(db);
      expect(await storage.read([KEY])).toMatchObject({ [KEY]: { draft: {} } });
      expect(await storage.sweepExpired(new Date(before.getTime() + BOT_STATE_TTL_MS))).toBe(0);
      expect(await storage.sweepExpired(new Date(Date.now() + BOT_STATE_TTL_MS + 60_000))).toBe(1);
      expect(rows(db)).toEqual([]);
      db.close();
    } finally {
      tmp.remove();
    }
  });
});
