// scheduled jobs run once per period (aup-2026-09, leavers-2026-11...): the run is claimed with a lease,
// so across restarts and several instances exactly one runs it; a failed run releases its claim, so
// the next tick tries again. adapters: sqlite, postgres. contract: test/ports/job-runs.contract.ts.
import type { Json } from './incident-store.js';

export interface JobRun {
  job: string;
  periodKey: string;
  status: 'running' | 'done' | 'failed';
  /** which process holds (or held) it */
  owner: string;
  leaseUntil: string;
  startedAt: string;
  finishedAt?: string;
  summary?: Json;
  error?: string;
}

export interface JobRunStore {
  /**
   * takes the period's run for `owner`: undefined when it is already done, or another owner's lease
   * has not lapsed. a failed run, or a lapsed lease (the owner died), can be taken again.
   */
  claim(job: string, periodKey: string, owner: string, now: Date, leaseMs: number): Promise<JobRun | undefined>;
  finish(job: string, periodKey: string, owner: string, at: Date, summary: Json): Promise<void>;
  fail(job: string, periodKey: string, owner: string, at: Date, error: string): Promise<void>;
  list(job?: string, limit?: number): Promise<JobRun[]>;
}
