import { describe, expect, it } from 'vitest';
import { MemoryStorage } from 'botbuilder';
import { openDatabase, openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteBotStorage } from '../../src/adapters/sqlite/sqlite-bot-storage.js';
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
  return { store, cleanup: async () => { await store.close(); tmp.remove(); } };
});

botStorageContract('sqlite', async () => {
  const tmp = makeTempDir();
  const db = openDatabase(tmp.dir);
  return { storage: new SqliteBotStorage(db), cleanup: async () => { db.close(); tmp.remove(); } };
});

conversationDirectoryContract('sqlite', async () => {
  const tmp = makeTempDir();
  const db = openDatabase(tmp.dir);
  return { directory: new SqliteConversationDirectory(db), cleanup: async () => { db.close(); tmp.remove(); } };
});

notificationOutboxContract('sqlite', async () => {
  const tmp = makeTempDir();
  const db = openDatabase(tmp.dir);
  const store = new SqliteIncidentStore(db);
  return { store, outbox: new SqliteNotificationOutbox(db), cleanup: async () => { await store.close(); tmp.remove(); } };
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
      expect(() => db.prepare("UPDATE incident_events SET reason = 'changed' WHERE incident_id = ?").run(created.id)).toThrow(/append-only/);
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
  it("uses the rollback journal when asked (for DATA_DIR on a network share)", () => {
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
