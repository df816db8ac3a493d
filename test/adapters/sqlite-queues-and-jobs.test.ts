// the SQLite adapters that had no contract suite until the PostgreSQL ones were written: the same
// suites run here and in test/adapters/postgres.test.ts
import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteReminderOutbox } from '../../src/adapters/sqlite/sqlite-reminder-outbox.js';
import { SqliteReplicationQueue } from '../../src/adapters/sqlite/sqlite-replication-queue.js';
import { SqliteJobRuns } from '../../src/adapters/sqlite/sqlite-job-runs.js';
import { SqliteDirectoryMirror } from '../../src/adapters/sqlite/sqlite-directory-mirror.js';
import { reminderOutboxContract } from '../ports/reminder-outbox.contract.js';
import { replicationQueueContract } from '../ports/replication-queue.contract.js';
import { jobRunsContract } from '../ports/job-runs.contract.js';
import { directoryMirrorContract } from '../ports/directory-mirror.contract.js';

const memory = () => openDatabaseFile(':memory:');

reminderOutboxContract('sqlite', async () => {
  const db = memory();
  return { reminders: new SqliteReminderOutbox(db), cleanup: async () => void db.close() };
});

replicationQueueContract('sqlite', async () => {
  const db = memory();
  return {
    store: new SqliteIncidentStore(db, { replicate: true }),
    queue: new SqliteReplicationQueue(db),
    cleanup: async () => void db.close(),
  };
});

jobRunsContract('sqlite', async () => {
  const db = memory();
  return { runs: new SqliteJobRuns(db), cleanup: async () => void db.close() };
});

directoryMirrorContract('sqlite', async () => {
  const db = memory();
  return { mirror: new SqliteDirectoryMirror(db), cleanup: async () => void db.close() };
});
