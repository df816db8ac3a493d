import type pg from 'pg';
import type { Json } from '../../ports/incident-store.js';
import type { JobRun, JobRunStore } from '../../ports/job-runs.js';
import { jsonSchema, parseStoredJson } from '../../ports/stored-data.js';
import { inTransaction, diagnostic } from './database.js';

interface Row {
  job: string;
  period_key: string;
  status: JobRun['status'];
  owner: string;
  lease_until: string;
  started_at: string;
  finished_at: string | null;
  summary: string | null;
  error: string | null;
}

const toRun = (r: Row): JobRun => ({
  job: r.job,
  periodKey: r.period_key,
  status: r.status,
  owner: r.owner,
  leaseUntil: r.lease_until,
  startedAt: r.started_at,
  ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
  ...(r.summary
    ? { summary: parseStoredJson(jsonSchema, r.summary, { table: 'job_runs', row: `${r.job}/${r.period_key}`, column: 'summary' }) }
    : {}),
  ...(r.error ? { error: r.error } : {}),
});

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
      const { rows } = await client.query<Row & { lapsed: boolean }>(
        'SELECT *, lease_until <= $3 AS lapsed FROM job_runs WHERE job = $1 AND period_key = $2 FOR UPDATE',
        [job, periodKey, at],
      );
      const row = rows[0]!;
      if (row.status === 'done') return undefined;
      if (row.status === 'running' && row.owner !== owner && !row.lapsed) return undefined;
      const claimed = await client.query<Row>(
        `UPDATE job_runs SET status = 'running', owner = $3, lease_until = $4, started_at = $5, error = NULL
         WHERE job = $1 AND period_key = $2 RETURNING *`,
        [job, periodKey, owner, until, at],
      );
      return toRun(claimed.rows[0]!);
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
      ? await this.pool.query<Row>('SELECT * FROM job_runs WHERE job = $1 ORDER BY started_at DESC LIMIT $2', [job, limit])
      : await this.pool.query<Row>('SELECT * FROM job_runs ORDER BY started_at DESC LIMIT $1', [limit]);
    return rows.map(toRun);
  }
}
