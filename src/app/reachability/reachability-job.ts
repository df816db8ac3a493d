// the reachability check, run when the bot starts (after it listens) and every morning by the scheduler.
// the two can fall together at start-up (the scheduler catches up today's run): a check asked for while
// one is running shares its answer, so Graph is asked once.
import { londonDate } from '../../domain/index.js';
import type { Json } from '../../ports/incident-store.js';
import type { ScheduledJob } from '../scheduler/scheduler.js';
import { checkReachability, countReach, type PersonReach, type ReachabilityDeps } from './check-reachability.js';

export class ReachabilityCheck {
  private running: Promise<PersonReach[]> | undefined;
  constructor(private readonly deps: ReachabilityDeps) {}

  /** checks and repairs; a call while a check runs gets that check's answer */
  run(): Promise<PersonReach[]> {
    this.running ??= checkReachability(this.deps, { repair: true }).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** a look only: nothing installed, nobody told (a dry run of the job) */
  look(): Promise<PersonReach[]> {
    return checkReachability(this.deps, { repair: false });
  }
}

export function reachabilityJob(check: ReachabilityCheck): ScheduledJob {
  return {
    name: 'reachability',
    description:
      'Every morning at 07:00: checks that the bot can message everyone it may have to alert (role holders and governors), installs the Teams app for those it cannot (when allowed), and tells IT support who is left.',
    cron: '0 7 * * *',
    periodKey: (now) => `reachability-${londonDate(now)}`,
    run: async (context): Promise<Json> => {
      const results = context.dryRun ? await check.look() : await check.run();
      const counts = countReach(results);
      context.report(
        `${counts.reachable} reachable, ${counts.repaired} reached by installing the app, ${counts.installed} installed and waiting for Teams, ${counts.unreachable} cannot be reached`,
      );
      return counts;
    },
  };
}
