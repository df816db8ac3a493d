import { describe, expect, it } from 'vitest';
import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { SqliteJobRuns } from '../../src/adapters/sqlite/sqlite-job-runs.js';
import { SqliteReminderOutbox } from '../../src/adapters/sqlite/sqlite-reminder-outbox.js';
import { complianceJobs } from '../../src/app/compliance/jobs.js';
import { Scheduler } from '../../src/app/scheduler/scheduler.js';
import { exampleProfile, silentLogger } from '../support/test-bot.js';

// a whole school year for Oakfield (9 staff and governors on the roster), on a fake clock: each school
// day at 08:30 London every job is ticked by two instances of the bot, and one of them restarts at
// Christmas. Periods make each reminder happen once.
const SAM = 'a1b2c3d4-0000-4000-8000-000000000001';
const PRIYA = 'a1b2c3d4-0000-4000-8000-000000000002';
const HELEN = 'a1b2c3d4-0000-4000-8000-000000000004';

describe('a school year of reminders', () => {
  it('reminds each person of each duty once per period, across a restart and a second instance', async () => {
    const db = openDatabaseFile(':memory:');
    const profile = exampleProfile();
    const records = new SqliteComplianceRecords(db);
    const reminders = new SqliteReminderOutbox(db);
    const runs = new SqliteJobRuns(db);
    let clock = new Date('2026-09-01T07:30:00Z');
    const instance = () =>
      new Scheduler({ jobs: complianceJobs({ profile, records, reminders }), runs, logger: silentLogger, now: () => clock });
    let a = instance();
    const b = instance();
    const jobs = complianceJobs({ profile, records, reminders });

    for (let day = new Date('2026-09-01T07:30:00Z'); day < new Date('2027-09-01T07:30:00Z'); day = new Date(day.getTime() + 86_400_000)) {
      clock = day;
      if (day.toISOString().startsWith('2026-12-25')) a = instance(); // a restart
      // Sam agrees to the AUP on 12 October; Priya records her DSL training on 2 November
      if (day.toISOString().startsWith('2026-10-12'))
        await records.recordAgreement({
          personId: SAM,
          personName: 'Sam Taylor',
          version: profile.aup!.version,
          agreedAt: day.toISOString(),
        });
      if (day.toISOString().startsWith('2026-11-02')) {
        for (const courseId of profile.training.courses
          .filter((c) => c.audience.includes('dsl') || c.audience.includes('staff'))
          .map((c) => c.id)) {
          await records.recordTraining({ personId: PRIYA, personName: 'Priya Shah', courseId, completedOn: '2026-11-02' }, day);
        }
      }
      for (const job of jobs) await Promise.all([a.tick(job), b.tick(job)]);
    }

    const all = await reminders.list();
    expect(new Set(all.map((r) => r.key)).size).toBe(all.length);
    const count = (kind: string, who?: string) => all.filter((r) => r.kind === kind && (!who || r.recipient === who)).length;
    // the AUP: Sam is asked on 1 September and 1 October, then agrees on 12 October and is not asked again
    // this year; Priya, who never agrees, every month
    expect(all.filter((r) => r.kind === 'aup' && r.recipient === SAM).map((r) => r.key)).toEqual([
      `aup-2026-09:${SAM}`,
      `aup-2026-10:${SAM}`,
    ]);
    expect(count('aup', PRIYA)).toBe(12);
    // passwords twice a year: H2 2026 (September), H1 2027 (January) and H2 2027 (July)
    expect(
      all.filter((r) => r.kind === 'notice' && r.recipient === SAM && r.key.startsWith('passwords-')).map((r) => r.key.split(':')[0]),
    ).toEqual(['passwords-2026-H2', 'passwords-2027-H1', 'passwords-2027-H2']);
    // the yearly reviews in September (this school year and the next begins on 1 September 2027: not reached)
    expect(
      all
        .filter((r) => r.key.startsWith('policy-review-'))
        .map((r) => r.recipient)
        .sort(),
    ).toEqual([PRIYA, HELEN].sort());
    expect(all.filter((r) => r.key.startsWith('safer-internet-day-2027') && r.recipient === SAM)).toHaveLength(1);
    // each September the DSL (the school has no online-safety lead) gets the pupils whose paper agreement is not confirmed
    const pupilCheck = all.filter((r) => r.kind === 'pupil-aup-check');
    expect(pupilCheck.map((r) => [r.key.split(':')[0], r.recipient])).toEqual([['aup-2026-09', PRIYA]]);
    expect((pupilCheck[0]!.data as { missing: { name: string }[] }).missing.map((p) => p.name)).toEqual(['Ava Brown', 'Leo Green']);
    // the headteacher's overdue training list comes monthly
    expect(count('training-overdue-list', HELEN)).toBe(12);
    // every job ran once per period, and the job-run store says so
    const aupRuns = (await runs.list('aup', 100)).map((r) => [r.periodKey, r.status]);
    expect(aupRuns).toHaveLength(12);
    expect(aupRuns.every(([, s]) => s === 'done')).toBe(true);
  });
});
