import type { Json } from '../../ports/incident-store.js';
import type { JobRun, JobRunStore } from '../../ports/job-runs.js';
import { jsonSchema, parseStoredJson } from '../../ports/stored-data.js';
import type { SqliteDatabase } from './database.js';

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

export class SqliteJobRuns implements JobRunStore {
  constructor(private readonly db: SqliteDatabase) {}

  async claim(job: string, periodKey: string, owner: string, now: Date, leaseMs: number): Promise<JobRun | undefined> {
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    return this.db
      .transaction((): JobRun | undefined => {
        const row = this.db.prepare<[string, string], Row>('SELECT * FROM job_runs WHERE job = ? AND period_key = ?').get(job, periodKey);
        if (row?.status === 'done') return undefined;
        if (row?.status === 'running' && row.owner !== owner && row.lease_until > at) return undefined;
        this.db
          .prepare(
            `INSERT INTO job_runs (job, period_key, status, owner, lease_until, started_at) VALUES (?, ?, 'running', ?, ?, ?)
             ON CONFLICT (job, period_key) DO UPDATE SET status = 'running', owner = excluded.owner, lease_until = excluded.lease_until,
               started_at = excluded.started_at, error = NULL`,
          )
          .run(job, periodKey, owner, until, at);
        return toRun(
          this.db.prepare<[string, string], Row>('SELECT * FROM job_runs WHERE job = ? AND period_key = ?').get(job, periodKey)!,
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
      ? this.db.prepare<[string, number], Row>('SELECT * FROM job_runs WHERE job = ? ORDER BY started_at DESC LIMIT ?').all(job, limit)
      : this.db.prepare<[number], Row>('SELECT * FROM job_runs ORDER BY started_at DESC LIMIT ?').all(limit);
    return rows.map(toRun);
  }
}
