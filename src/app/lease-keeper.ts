// the heartbeat of a queue worker: while it holds claimed rows (sending, or waiting out Teams'
// Retry-After inside the connector client), it renews their short leases every few seconds. If the
// process dies the renewals stop, and the rows are free again within one lease, not minutes later.
import type { Logger } from '../observability/logger.js';

export interface LeaseTimes {
  /** how long a claim or renewal holds a row */
  leaseMs: number;
  /** how often the rows held are renewed: well inside the lease, so one slow renewal does not lose it */
  renewEveryMs: number;
}

/** the outbox's holds: a crash frees a critical alert within 15 seconds on another instance, at once on this machine */
export const SHORT_LEASE: LeaseTimes = { leaseMs: 15_000, renewEveryMs: 4_000 };

export class LeaseKeeper {
  private readonly held = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;

  constructor(
    private readonly renew: (ids: readonly number[], now: Date, leaseMs: number) => Promise<void>,
    private readonly times: LeaseTimes,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  hold(ids: Iterable<number>): void {
    for (const id of ids) this.held.add(id);
    if (this.held.size > 0 && !this.timer) {
      this.timer = setInterval(() => void this.beat(), this.times.renewEveryMs);
      this.timer.unref();
    }
  }

  release(ids: Iterable<number>): void {
    for (const id of ids) this.held.delete(id);
    if (this.held.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** the ids held now (for tests and the log) */
  holding(): number[] {
    return [...this.held];
  }

  /** renews every row held now; one renewal at a time */
  async beat(): Promise<void> {
    if (this.renewing || this.held.size === 0) return this.renewing;
    this.renewing = this.renew([...this.held], this.now(), this.times.leaseMs)
      .catch((error: unknown) => this.logger.error({ err: { message: (error as Error).message } }, 'could not renew the leases held'))
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }
}
