// 3,000 reminders across two instances: each instance a RateLimitedMessenger(TeamsMessenger) sending its
// half as bulk (reminders take 75% of the tenant's windows), as two bot processes would after leasing
// half of the reminder outbox each. Teams is a stub that, like Teams, answers 429 (Retry-After 1 s) to
// any call beyond 30 in a second across the tenant. Three runs side by side, each with its own stub:
//   one instance (the in-process budget): the baseline;
//   two instances sharing the tenant budget in PostgreSQL (pg-rate-budget.ts): what the bot does now;
//   two instances each keeping its own budget: what two instances did before, for the 429s it costs.
// The floor is the least time the bulk share of the tenant's limit allows for all of them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { bulkWindows } from '../src/adapters/in-process-rate-budget.js';
import { openPostgresPool } from '../src/adapters/postgres/database.js';
import { PostgresRateBudget } from '../src/adapters/postgres/pg-rate-budget.js';
import { DEFAULT_RATE_LIMITS, RateLimitedMessenger } from '../src/adapters/teams/rate-limited-messenger.js';
import { TeamsMessenger } from '../src/adapters/teams/teams-messenger.js';
import type { RateBudget } from '../src/ports/rate-budget.js';
import { startTestPostgres } from '../test/support/postgres.js';
import { floorMs } from './reminders-429.js';

const TENANT = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const BOT = { id: '28:online-safety-bot', name: 'Online Safety' };
/** Microsoft's per-app-per-tenant limit, as the stub enforces it */
const TEAMS_TENANT_PER_SECOND = 30;

/** a connector that answers 429 beyond 30 calls in any second, and counts what it delivered per chat */
async function teamsLikeStub() {
  const calls: number[] = [];
  const delivered = new Map<string, number>();
  let throttled = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const now = performance.now();
      while (calls.length > 0 && calls[0]! <= now - 1_000) calls.shift();
      if (calls.length >= TEAMS_TENANT_PER_SECOND) {
        throttled++;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"error":{"code":"TooManyRequests"}}');
        return;
      }
      calls.push(now);
      const chat = decodeURIComponent(/^\/v3\/conversations\/([^/]+)\//.exec(req.url ?? '')?.[1] ?? '?');
      delivered.set(chat, (delivered.get(chat) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sent-${calls.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    delivered,
    throttled: () => throttled,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface RemindersRun {
  name: string;
  instances: number;
  reminders: number;
  elapsedMs: number;
  /** 429s Teams (the stub) answered */
  throttled: number;
  /** chats that got other than exactly one reminder */
  wrong: number;
  failed: number;
}

export async function runReminders(name: string, reminders: number, budgets: Array<RateBudget | undefined>): Promise<RemindersRun> {
  const stub = await teamsLikeStub();
  try {
    const senders = budgets.map(
      (budget) => new RateLimitedMessenger(new TeamsMessenger(new TeamsAdapter({}), ''), budget ? { tenantBudget: budget } : {}),
    );
    const reference = (c: number) => ({
      channelId: 'msteams',
      serviceUrl: stub.url,
      bot: BOT,
      user: { id: `29:bench-person-${c}`, name: `Person ${c}` },
      conversation: { id: `a:${name}-${c}`, conversationType: 'personal', tenantId: TENANT },
    });
    // the first send of a process loads and warms the connector client: not part of the figure
    await new TeamsMessenger(new TeamsAdapter({}), '').send(reference(-1), { text: 'warm-up' });
    stub.delivered.clear();
    const started = performance.now();
    const settled = await Promise.allSettled(
      Array.from({ length: reminders }, (_, c) =>
        senders[c % senders.length]!.bulk().send(reference(c), { text: `Reminder: please agree to the acceptable use policy (${c})` }),
      ),
    );
    const elapsedMs = performance.now() - started;
    const wrong = Array.from({ length: reminders }, (_, c) => stub.delivered.get(`a:${name}-${c}`) ?? 0).filter((n) => n !== 1).length;
    return {
      name,
      instances: budgets.length,
      reminders,
      elapsedMs,
      throttled: stub.throttled(),
      wrong,
      failed: settled.filter((s) => s.status === 'rejected').length,
    };
  } finally {
    await stub.close();
  }
}

export async function benchPostgresReminders(opts: { reminders: number }) {
  const floor = floorMs(opts.reminders, bulkWindows(DEFAULT_RATE_LIMITS.tenant, 0.75));
  const pg = await startTestPostgres();
  const database = await pg.database();
  const pools = [openPostgresPool(database.url, { max: 4 }), openPostgresPool(database.url, { max: 4 })];
  const limits = { windows: DEFAULT_RATE_LIMITS.tenant, bulkShare: 0.75 };
  try {
    // one after the other: side by side, the unshared run's thousands of 429s and retries took the CPU the
    // others' timers needed on a 2-core machine, and the ratios measured the machine, not the budget
    const one = await runReminders('one', opts.reminders, [undefined]);
    const shared = await runReminders(
      'two-shared',
      opts.reminders,
      pools.map((pool) => new PostgresRateBudget(pool, limits)),
    );
    const apart = await runReminders('two-apart', opts.reminders, [undefined, undefined]);
    return { floorMs: floor, one: one!, shared: shared!, apart: apart! };
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
    await pg.stop();
  }
}
