import type { Json } from '../../ports/incident-store.js';
import type { JobRun, JobRunStore } from '../../ports/job-runs.js';
import { jobRunFromRow, type JobRunRow } from '../job-run-row.js';
import type { SqliteDatabase } from './database.js';

export class SqliteJobRuns implements JobRunStore {
  constructor(private readonly db: SqliteDatabase) {}

  async claim(job: string, periodKey: string, owner: string, now: Date, leaseMs: number): Promise<JobRun | undefined> {
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    return this.db
      .transaction((): JobRun | undefined => {
        const row = this.db
          .prepare<[string, string], JobRunRow>('SELECT * FROM job_runs WHERE job = ? AND period_key = ?')
          .get(job, periodKey);
        if (row?.status === 'done') return undefined;
        if (row?.status === 'running' && row.owner !== owner && row.lease_until > at) return undefined;
        this.db
          .prepare(
            `INSERT INTO job_runs (job, period_key, status, owner, lease_until, started_at) VALUES (?, ?, 'running', ?, ?, ?)
             ON CONFLICT (job, period_key) DO UPDATE SET status = 'running', owner = excluded.owner, lease_until = excluded.lease_until,
               started_at = excluded.started_at, error = NULL`,
          )
          .run(job, periodKey, owner, until, at);
        return jobRunFromRow(
          this.db.prepare<[string, string], JobRunRow>('SELECT * FROM job_runs WHERE job = ? AND period_key = ?').get(job, periodKey)!,
        );
      })
      .immediate();
  }

  async finish(job: string, periodKey: string, owner: string, at: Date, summary: Json): Promise<void> {
    this.db
      .prepare(
        `UPDATE job_runs SET status = 'done', finished_at = ?, summary = ? WHERE job = ? AND period_key = ? AND owner = ? AND status = 'running'`,
      )
      .run(at.toISOString(), JSON.stringify(summary), job, periodKey, owner);
  }

  async fail(job: string, periodKey: string, owner: string, at: Date, error: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE job_runs SET status = 'failed', finished_at = ?, error = ? WHERE job = ? AND period_key = ? AND owner = ? AND status = 'running'`,
      )
      .run(at.toISOString(), error.slice(0, 2000), job, periodKey, owner);
  }

  async list(job?: string, limit = 50): Promise<JobRun[]> {
    const rows = job
      ? this.db
          .prepare<[string, number], JobRunRow>('SELECT * FROM job_runs WHERE job = ? ORDER BY started_at DESC LIMIT ?')
          .all(job, limit)
      : this.db.prepare<[number], JobRunRow>('SELECT * FROM job_runs ORDER BY started_at DESC LIMIT ?').all(limit);
    return rows.map(jobRunFromRow);
  }
}
