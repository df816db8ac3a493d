import { describe, expect, it } from 'vitest';
import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { SqliteJobRuns } from '../../src/adapters/sqlite/sqlite-job-runs.js';
import { SqliteReminderOutbox } from '../../src/adapters/sqlite/sqlite-reminder-outbox.js';
import { complianceJobs } from '../../src/app/compliance/jobs.js';
import { recordReview } from '../../src/app/compliance/reviews.js';
import { Scheduler } from '../../src/app/scheduler/scheduler.js';
import type { SchoolProfile } from '../../src/domain/index.js';
import { exampleProfile, silentLogger } from '../support/test-bot.js';

// a school year for Oakfield with the cycles its profile sets (issue 16): each day at 08:30 and 09:30
// London every job is ticked, as the scheduler would; which reminders come when
const SAM = 'a1b2c3d4-0000-4000-8000-000000000001';
const PRIYA = 'a1b2c3d4-0000-4000-8000-000000000002';
const HELEN = 'a1b2c3d4-0000-4000-8000-000000000004';

async function aYearOf(
  reviews: Partial<SchoolProfile['reviews']>,
  during?: (day: Date, deps: { records: SqliteComplianceRecords; profile: SchoolProfile }) => Promise<void>,
) {
  const db = openDatabaseFile(':memory:');
  const base = exampleProfile();
  const profile: SchoolProfile = { ...base, reviews: { ...base.reviews, ...reviews } };
  const records = new SqliteComplianceRecords(db);
  const reminders = new SqliteReminderOutbox(db);
  let clock = new Date('2026-09-01T07:30:00Z');
  const scheduler = new Scheduler({ jobs: [], runs: new SqliteJobRuns(db), logger: silentLogger, now: () => clock });
  const jobs = complianceJobs({ profile, records, reminders }).filter((j) => j.name === 'passwords' || j.name === 'policy-review');
  for (let day = new Date('2026-09-01T07:30:00Z'); day < new Date('2027-09-01T07:30:00Z'); day = new Date(day.getTime() + 86_400_000)) {
    clock = day;
    await during?.(day, { records, profile });
    for (const job of jobs) await scheduler.tick(job);
  }
  return { all: await reminders.list(), jobs };
}

describe('the password reminder comes as often as reviews.passwordEveryMonths says', () => {
  it.each([
    [3, ['passwords-2026-07', 'passwords-2026-10', 'passwords-2027-01', 'passwords-2027-04', 'passwords-2027-07']],
    [6, ['passwords-2026-H2', 'passwords-2027-H1', 'passwords-2027-H2']],
    [12, ['passwords-2026-01', 'passwords-2027-01']],
  ] as const)('every %i months', async (passwordEveryMonths, keys) => {
    const { all } = await aYearOf({ passwordEveryMonths });
    const sams = all.filter((r) => r.kind === 'notice' && r.recipient === SAM && r.key.startsWith('passwords-'));
    expect(sams.map((r) => r.key.split(':')[0])).toEqual(keys);
    expect((sams[0]!.data as { lines: string[] }).lines[0]).toBe(
      `Please change your school password now: the school asks everyone to change it every ${passwordEveryMonths} months.`,
    );
  });
});

describe('the policy review comes round as the profile says', () => {
  const policyReminders = (all: Awaited<ReturnType<typeof aYearOf>>['all'], who = PRIYA) =>
    all
      .filter((r) => r.kind === 'policy-review' && r.recipient === who)
      .map((r) => ({ period: r.key.split(':')[0], notBefore: r.notBefore, dueOn: (r.data as { dueOn?: string }).dueOn }));

  it('yearly by default: reviewed 8 July 2026, asked from 8 July 2027 (Camden 2.3.2)', async () => {
    const { all } = await aYearOf({});
    expect(policyReminders(all)).toEqual([{ period: 'policy-review-2026', notBefore: '2027-07-08T08:00:00.000Z', dueOn: '2027-07-08' }]);
    expect(policyReminders(all, HELEN)).toHaveLength(1);
  });

  it('every 24 months (first school): reviewed 8 July 2026, asked from 8 July 2028, once', async () => {
    const { all } = await aYearOf({ policyEveryMonths: 24 });
    expect(policyReminders(all)).toEqual([{ period: 'policy-review-2026-09', notBefore: '2028-07-08T08:00:00.000Z', dueOn: '2028-07-08' }]);
  });

  it('every 24 months, reviewed in September 2025: the block from September 2026 asks in September 2027', async () => {
    const { all } = await aYearOf({ policyEveryMonths: 24, policyReviewedOn: '2025-09-15' });
    expect(policyReminders(all)).toEqual([{ period: 'policy-review-2026-09', notBefore: '2027-09-15T08:00:00.000Z', dueOn: '2027-09-15' }]);
  });

  it('termly (Bentley 3.1): asked on the first day of each term, and "I\'ve done it" in the spring term moves the next to summer', async () => {
    const { all } = await aYearOf({ policyReview: 'termly' }, async (day, deps) => {
      // Priya records the light-touch review on 20 January 2027
      if (day.toISOString().startsWith('2027-01-20'))
        expect((await recordReview({ ...deps, now: day }, 'policy', PRIYA)).ok && 'recorded').toBe('recorded');
    });
    expect(policyReminders(all)).toEqual([
      // reviewed 8 July 2026 (in the summer holiday): due when the autumn term starts, 2 September
      { period: 'policy-review-term-2026-09-02', notBefore: '2026-09-02T07:30:00.000Z', dueOn: '2026-09-02' },
      // not done in the autumn: asked again when spring starts
      { period: 'policy-review-term-2027-01-05', notBefore: '2027-01-05T07:30:00.000Z', dueOn: '2026-09-02' },
      // done on 20 January: due when summer starts, 12 April
      { period: 'policy-review-term-2027-04-12', notBefore: '2027-04-12T07:30:00.000Z', dueOn: '2027-04-12' },
    ]);
    // the card the reminder becomes says "every term"
    expect(all.filter((r) => r.kind === 'policy-review').every((r) => (r.data as { every?: string }).every === 'every term')).toBe(true);
  });

  it('recording a termly review says when the next is due', async () => {
    const db = openDatabaseFile(':memory:');
    const base = exampleProfile();
    const profile: SchoolProfile = { ...base, reviews: { ...base.reviews, policyReview: 'termly' } };
    const result = await recordReview(
      { records: new SqliteComplianceRecords(db), profile, now: new Date('2026-10-14T10:00:00Z') },
      'policy',
      HELEN,
    );
    expect(result.ok && result.value.dueOn).toBe('2027-01-05');
  });
});
