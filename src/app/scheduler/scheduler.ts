// runs each scheduled job once per period, in Europe/London time (croner). every run is claimed in
// the job-run store with a lease, so a restart or a second instance never runs a period twice; a
// period missed while the bot was down is run at start-up (the current period only: a reminder
// for last month is replaced by this month's). a failed run is tried again at the next tick.
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Json } from '../../ports/incident-store.js';
import type { JobRunStore } from '../../ports/job-runs.js';
import type { Logger } from '../../observability/logger.js';

export interface JobContext {
  now: Date;
  periodKey: string;
  /** write nothing, queue nothing: say what would be done */
  dryRun: boolean;
  /** progress and what is (or would be) sent, in plain English; never a person's name (it goes to the log) */
  report: (line: string) => void;
  /**
   * a line naming someone (who is reminded, who is new): shown to the person running `npm run job`,
   * never written to the log, which promises no names
   */
  detail?: (line: string) => void;
}

export interface ScheduledJob {
  name: string;
  description: string;
  /** croner pattern, evaluated in Europe/London */
  cron: string;
  periodKey: (now: Date) => string;
  run: (context: JobContext) => Promise<Json>;
}

export type RunOutcome =
  { ran: true; summary: Json } | { ran: false; why: 'done-already' | 'taken-by-another' } | { ran: false; why: 'failed'; error: string };

const LEASE_MS = 30 * 60_000;

export class Scheduler {
  private readonly owner = `bot-${randomUUID().slice(0, 8)}`;
  private readonly crons: Cron[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly deps: { jobs: readonly ScheduledJob[]; runs: JobRunStore; logger: Logger; now?: () => Date }) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** runs the job for the current period, unless it is done or another instance has it */
  async tick(job: ScheduledJob): Promise<RunOutcome> {
    const now = this.now();
    const periodKey = job.periodKey(now);
    const claimed = await this.deps.runs.claim(job.name, periodKey, this.owner, now, LEASE_MS);
    if (!claimed) {
      const done = (await this.deps.runs.list(job.name, 5)).some((r) => r.periodKey === periodKey && r.status === 'done');
      return { ran: false, why: done ? 'done-already' : 'taken-by-another' };
    }
    const log = this.deps.logger.child({ job: job.name, periodKey });
    log.info({ event: 'job-started' }, 'scheduled job started');
    try {
      const summary = await job.run({ now, periodKey, dryRun: false, report: (line) => log.info({ event: 'job-progress' }, line) });
      await this.deps.runs.finish(job.name, periodKey, this.owner, this.now(), summary);
      log.info({ event: 'job-finished', summary }, 'scheduled job finished');
      return { ran: true, summary };
    } catch (error) {
      const message = (error as Error).message;
      await this.deps.runs.fail(job.name, periodKey, this.owner, this.now(), message);
      log.error({ event: 'job-failed', err: { message } }, 'scheduled job failed; it runs again at the next tick');
      return { ran: false, why: 'failed', error: message };
    }
  }

  /** catches up what was missed, then keeps to each job's schedule */
  start(): void {
    for (const job of this.deps.jobs) {
      this.track(this.tick(job));
      this.crons.push(new Cron(job.cron, { timezone: 'Europe/London', protect: true }, () => this.track(this.tick(job))));
    }
  }

  async stop(): Promise<void> {
    for (const c of this.crons) c.stop();
    this.crons.length = 0;
    await Promise.allSettled([...this.inFlight]);
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((error: unknown) =>
      this.deps.logger.error({ err: { message: (error as Error).message } }, 'scheduler tick failed'),
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}
