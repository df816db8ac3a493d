// a worker that drains a queue now and then: one run at a time (a second call shares the run in
// flight and asks for one more after it, so what it queued is not left for the next interval), on an
// interval that does not keep the process alive, and a stop that waits for the run.
import type { Logger } from '../observability/logger.js';

export abstract class BackgroundWorker<Counts> {
  private running: Promise<Counts> | undefined;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  protected constructor(
    private readonly what: string,
    private readonly log: Logger,
    private readonly defaultLimit = 0,
  ) {}

  protected abstract drain(limit: number): Promise<Counts>;

  /** works through what is due now; concurrent calls share one run, and one more follows it */
  runOnce(limit = this.defaultLimit): Promise<Counts> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain(limit).finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
    return this.running;
  }

  /** a run that sees everything queued before this call: a run under way may have looked before it was */
  async runQueuedNow(): Promise<Counts> {
    await this.runOnce();
    return this.runOnce();
  }

  /** something was just queued: work on it straight after the current turn, not inside it */
  kick(): void {
    if (this.stopped) return;
    setImmediate(() => {
      this.runOnce().catch((error: unknown) => this.log.error({ err: { message: (error as Error).message } }, `${this.what} run failed`));
    });
  }

  start(intervalMs: number): void {
    this.stopped = false;
    this.timer ??= setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
