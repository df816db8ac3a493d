// a worker that drains a queue now and then: one run at a time (a second call shares the run in
// flight), on an interval that does not keep the process alive, and a stop that waits for the run.
import type { Logger } from '../observability/logger.js';

export abstract class BackgroundWorker<Counts> {
  private running: Promise<Counts> | undefined;
  private timer: NodeJS.Timeout | undefined;

  protected constructor(
    private readonly what: string,
    private readonly log: Logger,
  ) {}

  protected abstract drain(limit: number): Promise<Counts>;

  /** works through what is due now; concurrent calls share one run */
  runOnce(limit?: number): Promise<Counts> {
    this.running ??= this.drain(limit ?? 0).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(intervalMs: number): void {
    this.timer ??= setInterval(() => {
      this.runOnce().catch((error: unknown) => this.log.error({ err: { message: (error as Error).message } }, `${this.what} run failed`));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
