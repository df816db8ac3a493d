import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { complianceRecordsContract } from '../ports/compliance-records.contract.js';

complianceRecordsContract('sqlite', async () => {
  const db = openDatabaseFile(':memory:');
  return { records: new SqliteComplianceRecords(db), cleanup: async () => void db.close() };
});
