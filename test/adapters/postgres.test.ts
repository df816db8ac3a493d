// every PostgreSQL adapter against the contract its SQLite twin passes, on a real PostgreSQL this file
// starts itself (test/support/postgres.ts): a fresh database for each test, no mocks of the database.
import { afterAll } from 'vitest';
import { openPostgresPool } from '../../src/adapters/postgres/database.js';
import { PostgresIncidentStore } from '../../src/adapters/postgres/pg-incident-store.js';
import { PostgresNotificationOutbox } from '../../src/adapters/postgres/pg-notification-outbox.js';
import { PostgresBotStorage } from '../../src/adapters/postgres/pg-bot-storage.js';
import { PostgresConversationDirectory } from '../../src/adapters/postgres/pg-conversation-directory.js';
import { BOT_STATE_TTL_MS } from '../../src/adapters/sqlite/sqlite-bot-storage.js';
import { incidentStoreContract } from '../ports/incident-store.contract.js';
import { notificationOutboxContract } from '../ports/notification-outbox.contract.js';
import { botStorageContract } from '../ports/bot-storage.contract.js';
import { conversationDirectoryContract } from '../ports/conversation-directory.contract.js';
import { PostgresComplianceRecords } from '../../src/adapters/postgres/pg-compliance-records.js';
import { PostgresChannelPostOutbox } from '../../src/adapters/postgres/pg-channel-post-outbox.js';
import { complianceRecordsContract } from '../ports/compliance-records.contract.js';
import { channelPostOutboxContract } from '../ports/channel-post-outbox.contract.js';
import { stopTestPostgres, testPostgres } from '../support/postgres.js';

afterAll(stopTestPostgres);

/** a fresh database and a pool on it; cleanup ends the pool and drops the database */
async function freshPool() {
  const database = await (await testPostgres()).database();
  const pool = openPostgresPool(database.url, { max: 4 });
  let ended = false;
  return {
    pool,
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
