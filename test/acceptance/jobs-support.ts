import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { SqliteJobRuns } from '../../src/adapters/sqlite/sqlite-job-runs.js';
import { SqliteReminderOutbox } from '../../src/adapters/sqlite/sqlite-reminder-outbox.js';
import { complianceJobs } from '../../src/app/compliance/jobs.js';
import { recordReview } from '../../src/app/compliance/reviews.js';
import { Scheduler } from '../../src/app/scheduler/scheduler.js';
import { complianceRoster, londonDate, type SchoolProfile } from '../../src/domain/index.js';
import type { ReviewKind } from '../../src/ports/compliance-records.js';
import { silentLogger } from '../support/test-bot.js';

// a stretch of a school's days with its scheduled jobs ticked each morning, as the scheduler would, on a
// real (in-memory SQLite) store and reminder outbox: which reminders come to whom, and when

/** a reminder as a reader of the seed checks it: "<London day it may go> <name>: <kind>" */
export type Reminded = string;

export interface SchoolDays {
  reminded: Reminded[];
  /** "I've done it" pressed by someone (by name) on a day, through the same use case the card's button calls */
  results: string[];
}

export async function runDays(
  profile: SchoolProfile,
  options: {
    from: string;
    to: string;
    /** the jobs to tick, by name (e.g. check-ict-security, policy-review) */
    jobs: readonly string[];
    /** "I've done it" for a review, pressed by a person on a day (YYYY-MM-DD), during that day's morning */
    presses?: readonly { on: string; by: string; review: ReviewKind }[];
  },
): Promise<SchoolDays> {
  const db = openDatabaseFile(':memory:');
  const records = new SqliteComplianceRecords(db);
  const reminders = new SqliteReminderOutbox(db);
  const people = complianceRoster(profile);
  const idOf = (name: string) => people.find((p) => p.displayName === name)?.aadObjectId ?? name;
  const nameOf = (id: string) => people.find((p) => p.aadObjectId === id)?.displayName ?? id;
  let clock = new Date(`${options.from}T07:30:00Z`);
  const scheduler = new Scheduler({ jobs: [], runs: new SqliteJobRuns(db), logger: silentLogger, now: () => clock });
  const jobs = complianceJobs({ profile, records, reminders }).filter((j) => options.jobs.includes(j.name));
  if (jobs.length !== options.jobs.length) throw new Error(`not every job is scheduled: ${options.jobs.join(', ')}`);
  const results: string[] = [];
  for (let day = clock; londonDate(day) <= options.to; day = new Date(day.getTime() + 86_400_000)) {
    clock = day;
    for (const job of jobs) await scheduler.tick(job);
    // pressed later that morning, after the day's reminders went out
    for (const press of options.presses?.filter((p) => p.on === londonDate(day)) ?? []) {
      const result = await recordReview({ records, profile, now: new Date(day.getTime() + 3_600_000) }, press.review, idOf(press.by));
      results.push(
        result.ok
          ? `${press.on} ${press.by}: recorded, next due ${result.value.dueOn}`
          : `${press.on} ${press.by}: ${result.error}, nothing recorded`,
      );
    }
  }
  const reminded = (await reminders.list()).map((r) => `${londonDate(new Date(r.notBefore))} ${nameOf(r.recipient)}: ${r.kind}`);
  db.close();
  return { reminded, results };
}
