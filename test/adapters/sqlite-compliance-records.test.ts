import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/adapters/sqlite/migrations.js';
import { migrate, openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { complianceRecordsContract } from '../ports/compliance-records.contract.js';

complianceRecordsContract('sqlite', async () => {
  const db = openDatabaseFile(':memory:');
  return { records: new SqliteComplianceRecords(db), cleanup: async () => void db.close() };
});

describe('the migration that lets compliance_reviews keep named checks', () => {
  it('keeps the reviews already recorded, takes check:<id>, and still refuses any other kind', async () => {
    const db = new Database(':memory:');
    const widening = MIGRATIONS.findIndex((m) => m.includes('compliance_reviews_widened'));
    expect(widening).toBeGreaterThan(0);
    // a database as the bot left it before this migration, with a policy review recorded
    for (let v = 0; v < widening; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${widening}`);
    db.prepare(
      "INSERT INTO compliance_reviews (review, reviewed_on, person_id, person_name, recorded_at) VALUES ('policy', '2026-07-08', 'p1', 'Priya Shah', '2026-07-08T09:00:00.000Z')",
    ).run();
    migrate(db);
    const records = new SqliteComplianceRecords(db);
    expect(await records.latestReview('policy')).toEqual({
      review: 'policy',
      reviewedOn: '2026-07-08',
      personId: 'p1',
      personName: 'Priya Shah',
      recordedAt: '2026-07-08T09:00:00.000Z',
    });
    await records.recordReview({
      review: 'check:licences',
      reviewedOn: '2027-01-20',
      personId: 'p7',
      personName: 'Dawn Whitaker',
      recordedAt: '2027-01-20T10:00:00.000Z',
    });
    expect(await records.latestReview('check:licences')).toMatchObject({ personName: 'Dawn Whitaker' });
    expect(() =>
      db
        .prepare(
          "INSERT INTO compliance_reviews (review, reviewed_on, person_id, person_name, recorded_at) VALUES ('anything', '2027-01-20', 'p7', 'x', 'y')",
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
    db.close();
  });
});
