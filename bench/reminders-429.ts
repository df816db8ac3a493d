// The reminders bench: 1:1 reminders sent through RateLimitedMessenger(TeamsMessenger) to a stub
// connector that answers some sends 429 with Retry-After, on the real clock, with the limits the
// bot uses (DEFAULT_RATE_LIMITS: 90% of Microsoft's). Two phases, each with one limit setting the pace:
//   per conversation: a few people with many reminders each (6 in 1 s, 7 in 2 s per chat);
//   per tenant: many people with a couple each (27 a second for the whole school).
// Each phase has its own stub and its own sender, so one's windows do not spill into the other's.
// In both, one send in `throttleEvery` is refused once: botbuilder's connector client waits out the
// Retry-After and sends it again itself. In the tenant phase three sends, early on, are refused four
// times, beyond the client's three retries: the sender gets the 429, pauses the conversation (three
// chats at once: the tenant) and tries again. The floor is the least time the limits allow for the
// phase's sends (the last one's start, when every send goes as early as the windows let it); at the
// end each chat must hold exactly its reminders, in order.
//
// Why not 5,000 reminders: the tenant limit sets the pace of any large workload, whatever the number
// of chats: 5,000 at 27 a second cannot take less than 185 s (fullWorkloadFloorMs; 250 chats x 20 run
// once with benchReminders({ heavyConversations: 250, heavyReminders: 20 }) took 187.3 s, 500 429s, all
// delivered once and in order), too long for a bench run. The phases keep each floor at a few seconds,
// and Retry-After at 0.2 s, so that a real 1 s wait out of a 4 s floor does not swamp the figure: the
// sender honours whatever Retry-After it is given (test/adapters/rate-limited-messenger.test.ts).
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { TeamsAdapter } from '@microsoft/teams-ai';
import {
  DEFAULT_RATE_LIMITS,
  RateLimitedMessenger,
  waitForCapacity,
  type RateLimits,
  type RateWindow,
  type ThrottleEvent,
} from '../src/adapters/teams/rate-limited-messenger.js';
import { TeamsMessenger } from '../src/adapters/teams/teams-messenger.js';
import type { Messenger } from '../src/ports/messenger.js';
import { httpRequest } from './lib.js';
import { createStubConnector, type StubStats } from './stub-connector.js';

const TENANT = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const BOT = { id: '28:online-safety-bot', name: 'Online Safety' };

export interface PhaseResult {
  name: string;
  conversations: number;
  perConversation: number;
  reminders: number;
  elapsedMs: number;
  /** the least time the limits allow, and which limit sets it */
  floorMs: number;
  conversationFloorMs: number;
  tenantFloorMs: number;
  /** reminders the stub received (answered 200) */
  delivered: number;
  /** 429s the stub answered */
  throttled: number;
  /** sends the connector client repeated itself after a 429 */
  clientRetries: number;
  /** 429s that reached the rate-limited sender (each paused a conversation and was tried again) */
  senderRetries: number;
  /** of those, the ones that paused every conversation */
  tenantPauses: number;
}

export interface RemindersResult {
  limits: RateLimits;
  phases: PhaseResult[];
  reminders: number;
  elapsedMs: number;
  floorMs: number;
  ratio: number;
  retryAfterSeconds: number;
  throttleEvery: number;
  problems: string[];
}

/** when the last of `count` calls into one key starts, each as early as `windows` let it (greedy is optimal for one key) */
export function floorMs(count: number, windows: readonly RateWindow[]): number {
  const calls: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    t += waitForCapacity(calls, windows, t);
    calls.push(t);
  }
  return t;
}

/** the floor of `conversations` x `perConversation` reminders: the slower of one chat's and the tenant's */
export function workloadFloorMs(conversations: number, perConversation: number, limits: RateLimits = DEFAULT_RATE_LIMITS) {
  const conversation = floorMs(perConversation, limits.conversation);
  const tenant = floorMs(conversations * perConversation, limits.tenant);
  return { conversation, tenant, floor: Math.max(conversation, tenant) };
}

/** the brief's workload, 5,000 reminders in 250 chats, under the default limits */
export const fullWorkloadFloorMs = (): ReturnType<typeof workloadFloorMs> => workloadFloorMs(250, 20);

async function runPhase(opts: {
  name: string;
  conversations: number;
  perConversation: number;
  retryAfterSeconds: number;
  throttle: (n: number) => number;
  problems: string[];
}): Promise<PhaseResult> {
  const stub = createStubConnector({ throttle: opts.throttle, throttleSends: true, retryAfterSeconds: opts.retryAfterSeconds });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/`;
  try {
    const teams = new TeamsMessenger(new TeamsAdapter({}), '');
    /** what each chat got, in the order the sends finished */
    const done = new Map<string, number[]>();
    const recording: Messenger = {
      postToChannel: (target, message) => teams.postToChannel(target, message),
      update: (posted, message) => teams.update(posted, message),
      send: async (reference, message) => {
        await teams.send(reference, message);
        const id = (reference as { conversation: { id: string } }).conversation.id;
        done.set(id, [...(done.get(id) ?? []), Number(/#(\d+)/.exec(message.text ?? '')?.[1])]);
      },
    };
    const events: ThrottleEvent[] = [];
    const sender = new RateLimitedMessenger(recording, { onThrottle: (e) => events.push(e) });
    const chats = Array.from({ length: opts.conversations }, (_, c) => `a:bench-reminders-${opts.name}-${c}`);
    const reference = (id: string, c: number) => ({
      channelId: 'msteams',
      serviceUrl,
      bot: BOT,
      user: { id: `29:bench-person-${c}`, name: `Person ${c}` },
      conversation: { id, conversationType: 'personal', tenantId: TENANT },
    });

    // one send straight to the stub first, untimed and outside the sender: the first request's setup
    // (modules, the connection) is not the limiter's doing
    await teams.send(reference('a:bench-reminders-warm-up', -1), { text: 'warm-up' });

    const started = performance.now();
    // all asked for at once, a chat's reminders in order, chats interleaved as a due-reminders sweep would
    const sends: Array<Promise<void>> = [];
    for (let i = 1; i <= opts.perConversation; i++) {
      chats.forEach((id, c) =>
        sends.push(
          sender.send(reference(id, c), {
            text: `Reminder #${i}: the deadline on case OS-2026-${String(c).padStart(4, '0')} has passed`,
            summary: 'A safeguarding deadline has passed',
          }),
        ),
      );
    }
    const settled = await Promise.allSettled(sends);
    const elapsedMs = performance.now() - started;

    const failed = settled.filter((s) => s.status === 'rejected');
    if (failed.length > 0)
      opts.problems.push(`${opts.name}: ${failed.length} sends failed, first: ${String((failed[0] as PromiseRejectedResult).reason)}`);
    const stats = JSON.parse((await httpRequest(`${serviceUrl}_stats`)).body) as StubStats;
    const wrongCount = chats.filter((id) => stats.conversations[id]?.messages !== opts.perConversation);
    if (wrongCount.length > 0) {
      opts.problems.push(
        `${opts.name}: ${wrongCount.length} chats without exactly ${opts.perConversation} reminders at the stub: ${wrongCount
          .slice(0, 3)
          .map((id) => `${id} x${stats.conversations[id]?.messages ?? 0}`)
          .join(', ')}`,
      );
    }
    const expectedOrder = Array.from({ length: opts.perConversation }, (_, i) => i + 1);
    const outOfOrder = chats.filter((id) => JSON.stringify(done.get(id)) !== JSON.stringify(expectedOrder));
    if (outOfOrder.length > 0)
      opts.problems.push(
        `${opts.name}: ${outOfOrder.length} chats got their reminders out of order, first ${outOfOrder[0]}: ${done.get(outOfOrder[0]!)?.join(',')}`,
      );
    if (stats.unhandledCount > 0) opts.problems.push(`${opts.name}: the stub had no route for ${stats.unhandled.join(', ')}`);
    const delivered = chats.reduce((sum, id) => sum + (stats.conversations[id]?.messages ?? 0), 0);
    const floors = workloadFloorMs(opts.conversations, opts.perConversation);
    return {
      name: opts.name,
      conversations: opts.conversations,
      perConversation: opts.perConversation,
      reminders: sends.length,
      elapsedMs,
      floorMs: floors.floor,
      conversationFloorMs: floors.conversation,
      tenantFloorMs: floors.tenant,
      delivered,
      throttled: stats.throttled,
      clientRetries: stats.retries,
      senderRetries: events.length,
      tenantPauses: events.filter((e) => e.tenantWide).length,
    };
  } finally {
    await new Promise<void>((resolve) => stub.close(() => resolve()));
  }
}

export async function benchReminders(
  opts: {
    /** the per-conversation phase: this many chats with `heavyReminders` each */
    heavyConversations?: number;
    heavyReminders?: number;
    /** the per-tenant phase: this many people with `perPerson` each */
    people?: number;
    perPerson?: number;
    throttleEvery?: number;
    retryAfterSeconds?: number;
  } = {},
): Promise<RemindersResult> {
  const every = opts.throttleEvery ?? 10;
  const retryAfterSeconds = opts.retryAfterSeconds ?? 0.2;
  const problems: string[] = [];
  const phases: PhaseResult[] = [];
  // 4 chats x 20: 24 sends in the first second, under the tenant's 27, so the chats' windows set the pace
  phases.push(
    await runPhase({
      name: 'per-conversation',
      conversations: opts.heavyConversations ?? 4,
      perConversation: opts.heavyReminders ?? 20,
      retryAfterSeconds,
      problems,
      throttle: (n) => (n % every === 0 ? 1 : 0),
    }),
  );
  // 50 people x 2: 100 sends at 27 a second, the last at 3 s (81 fit in the first three seconds); sends
  // 5 to 7 refused past the client's retries: the sender's three retries take tenant places too, and
  // there is room for them before 4 s (108 would fill the fourth second exactly, and a retry spill over)
  phases.push(
    await runPhase({
      name: 'per-tenant',
      conversations: opts.people ?? 50,
      perConversation: opts.perPerson ?? 2,
      retryAfterSeconds,
      problems,
      throttle: (n) => (n >= 5 && n <= 7 ? 4 : n % every === 0 ? 1 : 0),
    }),
  );
  const sum = (f: (p: PhaseResult) => number) => phases.reduce((s, p) => s + f(p), 0);
  const elapsedMs = sum((p) => p.elapsedMs);
  const floor = sum((p) => p.floorMs);
  return {
    limits: DEFAULT_RATE_LIMITS,
    phases,
    reminders: sum((p) => p.reminders),
    elapsedMs,
    floorMs: floor,
    ratio: elapsedMs / floor,
    retryAfterSeconds,
    throttleEvery: every,
    problems,
  };
}
