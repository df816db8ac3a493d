// The channel-429 bench: M reports filed, their channel cards posted by the outbox dispatcher through
// the real TeamsMessenger to a stub connector that throttles (429 with Retry-After) some of the posts.
// Every `throttleEvery`-th post is refused once, which botbuilder's connector client retries by itself
// after Retry-After (a real wait); every tenth of those is refused four times, beyond the client's
// three retries, so the dispatcher gets the 429 and must retry it later itself. The dispatcher runs on
// a clock the bench moves past Retry-After or backoff, so its own waits take no real time. At the end
// every case must have exactly one post at the stub: none lost, none twice.
import { performance } from 'node:perf_hooks';
import type { IncidentRecord } from '../src/ports/incident-store.js';
import { startCasework } from './approval.js';

export interface Channel429Result {
  reports: number;
  posts: number;
  throttled: number;
  /** requests the connector client sent again itself after a 429 */
  clientRetries: number;
  /** sends the dispatcher put back in the outbox for later (a 429 that got through the client) */
  dispatcherRetries: number;
  /** times the bench moved the dispatcher's clock on to the next retry */
  clockJumps: number;
  /** how long the dispatcher put each retry off for, in ms (Retry-After honoured: 1000 each) */
  dispatcherWaitsMs: number[];
  elapsedMs: number;
  /** what is wrong: cases without exactly one post, and the like */
  problems: string[];
}

const REFERENCE = /OS-\d{4}-\d{4,}/;

export async function benchChannel429(opts: {
  reports: number;
  throttleEvery: number;
  retryAfterSeconds?: number;
}): Promise<Channel429Result> {
  let clock = new Date();
  const every = opts.throttleEvery;
  const throttle = (n: number): number => (n % every !== 0 ? 0 : n % (every * 10) === 0 ? 4 : 1);
  const cw = await startCasework({ now: () => clock, stub: { throttle, retryAfterSeconds: opts.retryAfterSeconds ?? 1 } });
  try {
    const records: IncidentRecord[] = [];
    for (let i = 0; i < opts.reports; i++) records.push(await cw.fileReport());
    const pendingCards = async () => {
      const all = await Promise.all(records.map((r) => cw.outbox.forIncident(r.id)));
      return all.flat().filter((n) => n.kind === 'channel-card' && n.status === 'pending');
    };

    const result: Channel429Result = {
      reports: opts.reports,
      posts: 0,
      throttled: 0,
      clientRetries: 0,
      dispatcherRetries: 0,
      clockJumps: 0,
      dispatcherWaitsMs: [],
      elapsedMs: 0,
      problems: [],
    };
    const started = performance.now();
    for (let round = 0; ; round++) {
      const counts = await cw.dispatcher.runOnce();
      result.dispatcherRetries += counts.retrying;
      const pending = await pendingCards();
      if (pending.length === 0) break;
      if (round >= 50) throw new Error(`${pending.length} channel cards still pending after 50 dispatcher runs`);
      result.dispatcherWaitsMs.push(...pending.map((n) => Date.parse(n.nextAttemptAt) - clock.getTime()));
      // on to the latest retry time: everything waiting is due at the next run
      clock = new Date(Math.max(...pending.map((n) => Date.parse(n.nextAttemptAt))) + 1);
      result.clockJumps++;
    }
    result.elapsedMs = performance.now() - started;

    const stats = await cw.stubStats();
    Object.assign(result, { posts: stats.created, throttled: stats.throttled, clientRetries: stats.retries });
    const postsOf = new Map<string, number>();
    for (const summary of stats.postSummaries) {
      const reference = REFERENCE.exec(summary)?.[0] ?? '(no reference)';
      postsOf.set(reference, (postsOf.get(reference) ?? 0) + 1);
    }
    const wrong = records.filter((r) => postsOf.get(r.reference) !== 1);
    if (wrong.length > 0) {
      result.problems.push(
        `${wrong.length} of ${records.length} cases without exactly one channel post: ${wrong
          .slice(0, 5)
          .map((r) => `${r.reference} x${postsOf.get(r.reference) ?? 0}`)
          .join(', ')}`,
      );
    }
    if (stats.created !== records.length) result.problems.push(`${stats.created} channel posts for ${records.length} cases`);
    return result;
  } finally {
    await cw.close();
  }
}
