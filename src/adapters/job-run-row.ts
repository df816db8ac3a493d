// a job_runs row as both stores keep it (SQLite and PostgreSQL hold the same columns, the summary as JSON
// text), and the JobRun it reads as: one mapping, so the two adapters cannot drift apart
import type { JobRun } from '../ports/job-runs.js';
import { jsonSchema, parseStoredJson } from '../ports/stored-data.js';

export interface JobRunRow {
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

export const jobRunFromRow = (r: JobRunRow): JobRun => ({
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
