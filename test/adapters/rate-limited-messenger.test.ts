import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RATE_LIMITS,
  RateLimitedMessenger,
  TEAMS_RATE_LIMITS,
  waitForCapacity,
  withMargin,
  type RateLimitedMessengerOptions,
  type ThrottleEvent,
} from '../../src/adapters/teams/rate-limited-messenger.js';
import { InProcessRateBudget } from '../../src/adapters/in-process-rate-budget.js';
import { DeliveryError, type ChannelTarget, type Messenger, type OutgoingMessage, type PostedMessage } from '../../src/ports/messenger.js';

/** time that moves only when every piece of work is waiting on it: straight to the next timer due */
class FakeClock {
  private t = 0;
  private seq = 0;
  private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  readonly now = (): number => this.t;
  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.t + ms, seq: this.seq++, resolve });
    });

  /** runs the clock until `work` settles; its result */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    for (let steps = 0; steps < 100_000; steps++) {
      await new Promise((resolve) => setImmediate(resolve)); // every promise that can move has moved
      if (settled) return work;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next) throw new Error('stuck: the work is waiting on something other than the clock');
      this.t = Math.max(this.t, next.at);
      // every timer due now fires in the same turn, as Node's do: their sleepers race for capacity
      const due = this.timers.filter((timer) => timer.at <= this.t);
      this.timers = this.timers.filter((timer) => timer.at > this.t);
      for (const timer of due) timer.resolve();
    }
    throw new Error('the clock ran 100000 timers');
  }
}

interface Call {
  method: 'send' | 'postToChannel' | 'update';
  conversation: string;
  text: string;
  at: number;
  ok: boolean;
}

/** a Messenger that records every call and its time, and fails the calls `fail` picks */
class RecordingMessenger implements Messenger {
  readonly calls: Call[] = [];
  constructor(
    private readonly clock: FakeClock,
    private readonly fail: (call: Call, attempt: number) => Error | undefined = () => undefined,
  ) {}
  private attempts = new Map<string, number>();

  private async call(method: Call['method'], conversation: string, message: OutgoingMessage): Promise<void> {
    await Promise.resolve();
    const call: Call = { method, conversation, text: message.text ?? '', at: this.clock.now(), ok: true };
    const key = `${conversation}|${call.text}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const error = this.fail(call, attempt);
    call.ok = !error;
    this.calls.push(call);
    if (error) throw error;
  }
  async postToChannel(target: ChannelTarget, message: OutgoingMessage): Promise<PostedMessage> {
    await this.call('postToChannel', target.channelId, message);
    return { conversationId: `${target.channelId};messageid=1`, activityId: '1', serviceUrl: target.serviceUrl };
  }
  update(posted: PostedMessage, message: OutgoingMessage): Promise<void> {
    return this.call('update', posted.conversationId, message);
  }
  send(reference: Record<string, unknown>, message: OutgoingMessage): Promise<void> {
    return this.call('send', (reference as { conversation: { id: string } }).conversation.id, message);
  }
  sent(conversation?: string): Call[] {
    return this.calls.filter((c) => c.ok && (conversation === undefined || c.conversation === conversation));
  }
}

const chat = (id: string) => ({
  channelId: 'msteams',
  serviceUrl: 'https://smba.example/',
  conversation: { id, conversationType: 'personal' },
});
const throttled = (retryAfterMs?: number) => new DeliveryError('429: Too Many Requests', true, 429, retryAfterMs);

function setup(options: RateLimitedMessengerOptions = {}, fail?: (call: Call, attempt: number) => Error | undefined) {
  const clock = new FakeClock();
  const inner = new RecordingMessenger(clock, fail);
  const events: ThrottleEvent[] = [];
  const messenger = new RateLimitedMessenger(inner, {
    limits: TEAMS_RATE_LIMITS,
    now: clock.now,
    sleep: clock.sleep,
    onThrottle: (e) => events.push(e),
    ...options,
  });
  /** `count` messages into `conversation`, all asked for now */
  const burst = (conversation: string, count: number, from = 1) =>
    Array.from({ length: count }, (_, i) => messenger.send(chat(conversation), { text: `${conversation} #${from + i}` }));
  return { clock, inner, messenger, events, burst };
}

describe('RateLimitedMessenger', () => {
  it('sends 7 of 8 messages into one conversation at once and the 8th when the 1 s window allows', async () => {
    const { clock, inner, burst } = setup();
    await clock.run(Promise.all(burst('a:sam', 8)));
    expect(inner.sent().map((c) => c.at)).toEqual([0, 0, 0, 0, 0, 0, 0, 1000]);
  });

  it('holds the 61st message in a conversation until the 30 s window allows', async () => {
    const { clock, inner, burst } = setup();
    await clock.run(Promise.all(burst('a:sam', 61)));
    const times = inner.sent().map((c) => c.at);
    // 7 in 1 s and 8 in 2 s: 7 at each even second, 1 at each odd one, until 60 in 30 s stops them at 14 s
    const expected: number[] = [];
    for (let s = 0; expected.length < 60; s += 2) {
      expected.push(...Array<number>(Math.min(7, 60 - expected.length)).fill(s * 1000));
      if (expected.length < 60) expected.push((s + 1) * 1000);
    }
    expect(times.slice(0, 60)).toEqual(expected);
    expect(times[59]).toBe(14_000);
    expect(times[60]).toBe(30_000);
  });

  it("keeps a quarter of the tenant's rate for alerts: 40 reminders to 40 chats take 22 a second, and an alert asked for last goes at once", async () => {
    const { clock, inner, messenger } = setup();
    const bulk = messenger.bulk();
    const reminders = Array.from({ length: 40 }, (_, i) => bulk.send(chat(`a:staff-${i}`), { text: `reminder ${i}` }));
    const alert = messenger.send(chat('a:priya'), { text: 'Urgent: case OS-2026-0001' });
    await clock.run(Promise.all([...reminders, alert]));
    // 30 a second for the tenant: bulk sends take floor(0.75 x 30) = 22 of them
    const reminderTimes = inner
      .sent()
      .filter((c) => c.text.startsWith('reminder'))
      .map((c) => c.at);
    expect(reminderTimes.filter((t) => t === 0)).toHaveLength(22);
    expect(reminderTimes.filter((t) => t === 1000)).toHaveLength(18);
    expect(inner.sent('a:priya').map((c) => c.at)).toEqual([0]);
  });

  it('lets two conversations go side by side, meeting only at the tenant limit', async () => {
    const apart = setup();
    await apart.clock.run(Promise.all([...apart.burst('a:sam', 8), ...apart.burst('a:priya', 8)]));
    for (const id of ['a:sam', 'a:priya']) expect(apart.inner.sent(id).map((c) => c.at)).toEqual([0, 0, 0, 0, 0, 0, 0, 1000]);

    // a tenant allowing 10 a second: 10 of the 14 the conversations allow go at once, the other 6 a second later
    const shared = setup({ limits: { conversation: TEAMS_RATE_LIMITS.conversation, tenant: [{ windowMs: 1000, max: 10 }] } });
    await shared.clock.run(Promise.all([...shared.burst('a:sam', 8), ...shared.burst('a:priya', 8)]));
    const times = shared.inner.sent().map((c) => c.at);
    expect(times.filter((t) => t === 0)).toHaveLength(10);
    expect(times.filter((t) => t === 1000)).toHaveLength(6);
    expect(shared.inner.sent('a:sam').length + shared.inner.sent('a:priya').length).toBe(16);
  });

  it('never lets more through than the tenant allows when many conversations wake at once', async () => {
    // 40 chats x 3: at 10 a second, 12 seconds' worth; every second exactly 10 go
    const { clock, inner, burst } = setup({
      limits: { conversation: TEAMS_RATE_LIMITS.conversation, tenant: [{ windowMs: 1000, max: 10 }] },
    });
    await clock.run(Promise.all(Array.from({ length: 40 }, (_, c) => burst(`a:person-${c}`, 3)).flat()));
    const perSecond = new Map<number, number>();
    for (const c of inner.sent()) perSecond.set(Math.floor(c.at / 1000), (perSecond.get(Math.floor(c.at / 1000)) ?? 0) + 1);
    expect([...perSecond.values()]).toEqual(Array<number>(12).fill(10));
    expect(
      inner
        .sent()
        .map((c) => c.at)
        .every((t) => t % 1000 === 0),
    ).toBe(true);
  });

  it('two senders on one tenant budget (two instances) keep to one limit together; bulk keeps its share of it', async () => {
    const clock = new FakeClock();
    const budget = new InProcessRateBudget({ windows: [{ windowMs: 1000, max: 10 }], bulkShare: 0.75 });
    const options = { limits: TEAMS_RATE_LIMITS, now: clock.now, sleep: clock.sleep, tenantBudget: budget };
    const [innerA, innerB] = [new RecordingMessenger(clock), new RecordingMessenger(clock)];
    const [a, b] = [new RateLimitedMessenger(innerA, options), new RateLimitedMessenger(innerB, options)];
    // each instance alone would send its 30 reminders in 4 s (7 a second); together they share 7 a second
    const reminders = (m: RateLimitedMessenger, who: string) =>
      Array.from({ length: 30 }, (_, i) => m.bulk().send(chat(`a:${who}-${i}`), { text: `reminder ${i}` }));
    const alert = b.send(chat('a:priya'), { text: 'Urgent: case OS-2026-0001' });
    await clock.run(Promise.all([...reminders(a, 'x'), ...reminders(b, 'y'), alert]));
    const perSecond = new Map<number, number>();
    for (const c of [...innerA.sent(), ...innerB.sent()].filter((c) => c.text.startsWith('reminder')))
      perSecond.set(c.at / 1000, (perSecond.get(c.at / 1000) ?? 0) + 1);
    // 7 calls a second in all: in the first, the alert is one of them (bulk's share counts every call)
    expect([...perSecond.entries()].sort((x, y) => x[0] - y[0])).toEqual([
      [0, 6],
      [1, 7],
      [2, 7],
      [3, 7],
      [4, 7],
      [5, 7],
      [6, 7],
      [7, 7],
      [8, 5],
    ]);
    expect(innerB.sent('a:priya').map((c) => c.at)).toEqual([0]);
  });

  it('a tenant-wide 429 seen by one sender pauses the other sender on the same budget', async () => {
    const clock = new FakeClock();
    const budget = new InProcessRateBudget({ windows: DEFAULT_RATE_LIMITS.tenant, bulkShare: 0.75 });
    const options = { limits: TEAMS_RATE_LIMITS, now: clock.now, sleep: clock.sleep, tenantBudget: budget };
    const innerA = new RecordingMessenger(clock, (call, attempt) => (attempt === 1 && call.at === 0 ? throttled(5000) : undefined));
    const innerB = new RecordingMessenger(clock);
    const [a, b] = [new RateLimitedMessenger(innerA, options), new RateLimitedMessenger(innerB, options)];
    // three chats answered 429 at once: the tenant's, so b's message asked for at 1 s waits for the pause too
    const first = ['a:one', 'a:two', 'a:three'].map((id) => a.send(chat(id), { text: id }));
    const later = clock.sleep(1000).then(() => b.send(chat('a:four'), { text: 'a:four' }));
    await clock.run(Promise.all([...first, later]));
    // after the pause, the four go three in the first 100 ms and the fourth in the next (the tenant's pacing)
    expect(innerA.sent().map((c) => c.at)).toEqual([5000, 5000, 5000]);
    expect(innerB.sent().map((c) => c.at)).toEqual([5100]);
  });

  it('pauses a conversation for Retry-After on a 429, then sends the message once; other conversations go on', async () => {
    const { clock, inner, messenger, events } = setup({}, (call, attempt) =>
      call.text === 'a:sam #1' && attempt === 1 ? throttled(2000) : undefined,
    );
    await clock.run(
      Promise.all([
        messenger.send(chat('a:sam'), { text: 'a:sam #1' }),
        messenger.send(chat('a:sam'), { text: 'a:sam #2' }),
        messenger.send(chat('a:priya'), { text: 'a:priya #1' }),
      ]),
    );
    expect(inner.calls.map((c) => [c.text, c.at, c.ok])).toEqual([
      ['a:sam #1', 0, false],
      ['a:priya #1', 0, true],
      ['a:sam #1', 2000, true],
      ['a:sam #2', 2000, true],
    ]);
    expect(inner.sent().filter((c) => c.text === 'a:sam #1')).toHaveLength(1);
    expect(events).toEqual([{ conversation: 'a:sam', attempt: 1, waitMs: 2000, tenantWide: false, givenUp: false }]);
  });

  it('gives the 429 to the caller after maxRetries retries, and the conversation stays paused', async () => {
    const { clock, inner, messenger, events } = setup({ maxRetries: 2 }, (call) => (call.text === 'a:sam #1' ? throttled(500) : undefined));
    const first = messenger.send(chat('a:sam'), { text: 'a:sam #1' });
    const second = messenger.send(chat('a:sam'), { text: 'a:sam #2' });
    const [a, b] = await clock.run(Promise.allSettled([first, second]));
    expect(a.status).toBe('rejected');
    const error = (a as PromiseRejectedResult).reason as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect([error.status, error.transient, error.retryAfterMs]).toEqual([429, true, 500]);
    expect(b.status).toBe('fulfilled');
    expect(inner.calls.map((c) => [c.text, c.at, c.ok])).toEqual([
      ['a:sam #1', 0, false],
      ['a:sam #1', 500, false],
      ['a:sam #1', 1000, false],
      ['a:sam #2', 1500, true],
    ]);
    expect(events.map((e) => [e.attempt, e.givenUp])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });

  it('backs off when a 429 has no Retry-After', async () => {
    const { clock, inner, messenger } = setup({ backoffMs: (n) => 1000 * 2 ** (n - 1) }, (_call, attempt) =>
      attempt <= 2 ? throttled() : undefined,
    );
    await clock.run(messenger.send(chat('a:sam'), { text: 'hello' }));
    expect(inner.calls.map((c) => [c.at, c.ok])).toEqual([
      [0, false],
      [1000, false],
      [3000, true],
    ]);
  });

  it.each([
    [403, false],
    [404, false],
    [413, false],
    [408, true],
    [503, true],
  ])('sends other failures (%i) straight to the caller, without retrying or pausing the conversation', async (status, transient) => {
    const { clock, inner, messenger, events } = setup({}, (call) =>
      call.text === 'refused' ? new DeliveryError(`${status}`, transient, status) : undefined,
    );
    await expect(clock.run(messenger.send(chat('a:sam'), { text: 'refused' }))).rejects.toMatchObject({ status, transient });
    await clock.run(messenger.send(chat('a:sam'), { text: 'next' }));
    expect(inner.calls.map((c) => [c.text, c.at, c.ok])).toEqual([
      ['refused', 0, false],
      ['next', 0, true],
    ]);
    expect(events).toEqual([]);
  });

  it('a channel refusing a post for good does not hold up the posts queued behind it', async () => {
    const { clock, inner, messenger } = setup({}, (call) =>
      call.text === 'too large' ? new DeliveryError('413: Request Entity Too Large', false, 413) : undefined,
    );
    const target: ChannelTarget = { teamId: 'team', channelId: '19:safeguarding@thread.tacv2', serviceUrl: 'https://smba.example/' };
    const [refused, next] = await clock.run(
      Promise.allSettled([messenger.postToChannel(target, { text: 'too large' }), messenger.postToChannel(target, { text: 'fits' })]),
    );
    expect([refused.status, next.status]).toEqual(['rejected', 'fulfilled']);
    expect(inner.calls.map((c) => [c.text, c.ok])).toEqual([
      ['too large', false],
      ['fits', true],
    ]);
  });

  it('pauses every conversation when several get a 429 at once', async () => {
    const { clock, inner, messenger, events } = setup({}, (call, attempt) =>
      call.text.endsWith('#1') && call.conversation !== 'a:jo' && attempt === 1 ? throttled(3000) : undefined,
    );
    const throttledThree = ['a:sam', 'a:priya', 'a:tom'].map((id) => messenger.send(chat(id), { text: `${id} #1` }));
    // a fourth conversation asking just after, at 10 ms: the tenant is paused by then
    const later = clock.sleep(10).then(() => messenger.send(chat('a:jo'), { text: 'a:jo #1' }));
    await clock.run(Promise.all([...throttledThree, later]));
    expect(events.map((e) => e.tenantWide)).toEqual([false, false, true]);
    expect(inner.sent('a:jo').map((c) => c.at)).toEqual([3000]);
    expect(inner.sent().map((c) => c.at)).toEqual([3000, 3000, 3000, 3000]);
  });

  it('keeps each conversation in order, through windows and 429s', async () => {
    const { clock, inner, messenger } = setup({}, (call, attempt) =>
      call.text === 'a:sam #3' && attempt === 1 ? throttled(1500) : undefined,
    );
    const asked: Promise<void>[] = [];
    const order = new Map<string, string[]>();
    // interleaved, 12 each, into three conversations
    for (let i = 1; i <= 12; i++) {
      for (const id of ['a:sam', 'a:priya', 'a:tom']) {
        asked.push(messenger.send(chat(id), { text: `${id} #${i}` }));
        order.set(id, [...(order.get(id) ?? []), `${id} #${i}`]);
      }
    }
    await clock.run(Promise.all(asked));
    for (const [id, texts] of order) expect(inner.sent(id).map((c) => c.text)).toEqual(texts);
    expect(inner.sent()).toHaveLength(36);
  });

  it('counts a channel post and the updates of its card against the channel', async () => {
    const { clock, inner, messenger } = setup();
    const target: ChannelTarget = { teamId: 'team', channelId: '19:safeguarding@thread.tacv2', serviceUrl: 'https://smba.example/' };
    const posted = await clock.run(messenger.postToChannel(target, { text: 'card' }));
    await clock.run(Promise.all(Array.from({ length: 7 }, (_, i) => messenger.update(posted, { text: `update ${i}` }))));
    // the post and 6 updates in the first second, the 7th update (8th call) a second later
    expect(inner.sent().map((c) => c.at)).toEqual([0, 0, 0, 0, 0, 0, 0, 1000]);
  });

  it("keeps 90% of Microsoft's limits by default", () => {
    expect(DEFAULT_RATE_LIMITS).toEqual({
      conversation: [
        { windowMs: 1000, max: 6 },
        { windowMs: 2000, max: 7 },
        { windowMs: 30_000, max: 54 },
        { windowMs: 3_600_000, max: 1620 },
      ],
      tenant: [
        { windowMs: 1000, max: 27 },
        { windowMs: 100, max: 3 },
      ],
    });
    expect(withMargin({ conversation: [{ windowMs: 1000, max: 1 }], tenant: [] }, 0.5).conversation).toEqual([{ windowMs: 1000, max: 1 }]);
    expect(
      () =>
        new RateLimitedMessenger(new RecordingMessenger(new FakeClock()), {
          limits: { conversation: [{ windowMs: 0, max: 1 }], tenant: [] },
        }),
    ).toThrow(/windowMs/);
  });

  it('waitForCapacity: a call counts in a window until it is windowMs old', () => {
    const windows = [{ windowMs: 1000, max: 2 }];
    expect(waitForCapacity([], windows, 0)).toBe(0);
    expect(waitForCapacity([0], windows, 0)).toBe(0);
    expect(waitForCapacity([0, 400], windows, 500)).toBe(500);
    expect(waitForCapacity([0, 400], windows, 1000)).toBe(0);
    expect(waitForCapacity([0, 400, 1000], windows, 1000)).toBe(400);
  });
});
