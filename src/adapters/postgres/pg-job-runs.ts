import type pg from 'pg';
import type { Json } from '../../ports/incident-store.js';
import type { JobRun, JobRunStore } from '../../ports/job-runs.js';
import { jobRunFromRow, type JobRunRow } from '../job-run-row.js';
import { inTransaction, diagnostic } from './database.js';

/** each job period runs once across every instance: the claim is one row, locked while it is decided */
export class PostgresJobRuns implements JobRunStore {
  constructor(private readonly pool: pg.Pool) {}

  async claim(job: string, periodKey: string, owner: string, now: Date, leaseMs: number): Promise<JobRun | undefined> {
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    return inTransaction(this.pool, async (client) => {
      // the first claim of a period creates its row; every claim then holds that row until commit, so
      // two instances ticking at once decide one after the other
      await client.query(
        `INSERT INTO job_runs (job, period_key, status, owner, lease_until, started_at) VALUES ($1, $2, 'failed', '', $3, $4)
         ON CONFLICT (job, period_key) DO NOTHING`,
        [job, periodKey, at, at],
      );
      const { rows } = await client.query<JobRunRow & { lapsed: boolean }>(
        'SELECT *, lease_until <= $3 AS lapsed FROM job_runs WHERE job = $1 AND period_key = $2 FOR UPDATE',
        [job, periodKey, at],
      );
      const row = rows[0]!;
      if (row.status === 'done') return undefined;
      if (row.status === 'running' && row.owner !== owner && !row.lapsed) return undefined;
      const claimed = await client.query<JobRunRow>(
        `UPDATE job_runs SET status = 'running', owner = $3, lease_until = $4, started_at = $5, error = NULL
         WHERE job = $1 AND period_key = $2 RETURNING *`,
        [job, periodKey, owner, until, at],
      );
      return jobRunFromRow(claimed.rows[0]!);
    });
  }

  async finish(job: string, periodKey: string, owner: string, at: Date, summary: Json): Promise<void> {
    await this.pool.query(
      `UPDATE job_runs SET status = 'done', finished_at = $1, summary = $2
       WHERE job = $3 AND period_key = $4 AND owner = $5 AND status = 'running'`,
      [at.toISOString(), JSON.stringify(summary), job, periodKey, owner],
    );
  }

  async fail(job: string, periodKey: string, owner: string, at: Date, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE job_runs SET status = 'failed', finished_at = $1, error = $2
       WHERE job = $3 AND period_key = $4 AND owner = $5 AND status = 'running'`,
      [at.toISOString(), diagnostic(error.slice(0, 2000)), job, periodKey, owner],
    );
  }

  async list(job?: string, limit = 50): Promise<JobRun[]> {
    const { rows } = job
      ? await this.pool.query<JobRunRow>('SELECT * FROM job_runs WHERE job = $1 ORDER BY started_at DESC LIMIT $2', [job, limit])
      : await this.pool.query<JobRunRow>('SELECT * FROM job_runs ORDER BY started_at DESC LIMIT $1', [limit]);
    return rows.map(jobRunFromRow);
  }
}
