import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { toDeliveryError } from '../../src/adapters/teams/teams-messenger.js';
import { FakeConnector, type ConnectorCall } from '../support/fake-connector.js';
import { textOf, type BotSession } from '../support/test-bot.js';
import {
  PEOPLE,
  SAFEGUARDING,
  channelPost,
  clickInChannel,
  outboxOf,
  report,
  said,
  schoolDay,
  storeOf,
  type Who,
} from './support/casework.js';

// a message Teams refuses for good (403, 404, 413...) ends: recorded once per case and target, not
// retried, not re-queued; a channel that refuses the bot is told to IT support and the DSL once for
// the school. throttling and outages still wait and try again.

const T0 = new Date('2026-11-24T10:00:00Z'); // a Tuesday in the autumn term
const day = schoolDay(T0);
const { minutes } = day;
const NOTICE =
  'The bot can no longer post to the Safeguarding channel: it may have been removed from the team, or the channel deleted. Please check the bot is in the team.';
const CARD_LINE = 'The bot could not post to the Safeguarding channel';

/**
 * the connector refuses what matches with `status` (registered before the fake connector, so it is
 * asked first); counts the requests it refused
 */
function refuse(status: number, what: 'channel post' | Who): { calls: () => number } {
  let calls = 0;
  const answer = (): [number, unknown] => {
    calls++;
    return [status, { error: { code: status === 403 ? 'BotNotInConversationRoster' : 'NotFound', message: 'refused by the test' } }];
  };
  const scope = nock('https://smba.invalid').persist();
  if (what === 'channel post')
    scope
      .post('/v3/conversations', (body: { channelData?: { channel?: { id?: string } } }) => body.channelData?.channel?.id === SAFEGUARDING)
      .reply(answer);
  else scope.post(new RegExp(`^/v3/conversations/personal-${what.id}/activities(/[^/]+)?/?$`)).reply(answer);
  return { calls: () => calls };
}

/** a session whose connector refuses what `refusals` set up first */
async function openRefusing(setUp: () => void, opts: { unreachable?: Who[] } = {}): Promise<BotSession> {
  setUp();
  return day.open({ connector: new FakeConnector(), ...opts });
}

const notices = (calls: ConnectorCall[], who: Who) =>
  calls.filter((c) => c.op === 'send' && c.conversationId === `personal-${who.id}` && said(c).includes('can no longer post'));
const failures = async (session: BotSession, id: string) => (await storeOf(session).events(id)).filter((e) => e.type === 'delivery-failed');
const count = (text: string, part: string) => text.split(part).length - 1;

/** runs the outbox `times` times, 15 minutes apart from `fromMinute`: every connector call made */
async function runs(session: BotSession, times: number, fromMinute: number): Promise<ConnectorCall[]> {
  const calls: ConnectorCall[] = [];
  for (let i = 0; i < times; i++) {
    day.set(minutes(fromMinute + 15 * i));
    calls.push(...(await session.deliver()));
  }
  return calls;
}

describe('a channel that refuses the bot for good (403)', () => {
  it('records one failure on the case, never tries the item again, tells IT support and the DSL once, and sends the case to the team 1:1', async () => {
    let channel!: ReturnType<typeof refuse>;
    const session = await openRefusing(() => (channel = refuse(403, 'channel post')));
    const record = await report(session, 'grooming', T0);
    const first = await session.deliver();
    expect(channel.calls()).toBe(1);
    expect(first.filter((c) => c.op === 'create')).toEqual([]);

    const failed = await failures(session, record.id);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      actor: { system: 'outbox' },
      data: { target: 'channel', channelId: SAFEGUARDING, channel: 'Safeguarding', status: 403 },
    });
    const card = (await outboxOf(session).forIncident(record.id)).find((n) => n.kind === 'channel-card')!;
    expect([card.status, card.attempts, card.note]).toEqual(['unreachable', 0, 'Teams refused the post to the Safeguarding channel (403)']);

    // one notice each to IT support and the DSL, with nothing of the case in it
    expect(notices(first, PEOPLE.chris)).toHaveLength(1);
    expect(notices(first, PEOPLE.priya)).toHaveLength(1);
    const notice = said(notices(first, PEOPLE.chris)[0]!);
    expect(notice).toContain(NOTICE);
    for (const secret of [record.reference, 'Grooming', 'High', 'Sam', 'Ava', 'Roblox']) expect(notice).not.toContain(secret);
    // the case the channel never showed reaches the safeguarding team 1:1 instead, with the one line
    const toTeam = first.filter(
      (c) =>
        c.op === 'send' && said(c).includes(`The bot could not post this case to the Safeguarding channel, so it is sent to you here.`),
    );
    expect(toTeam.map((c) => c.conversationId).sort()).toEqual(
      [PEOPLE.helen, PEOPLE.priya, PEOPLE.tom].map((p) => `personal-${p.id}`).sort(),
    );
    expect(count(said(toTeam[0]!), CARD_LINE)).toBe(1);

    // nothing loops: runs every 15 minutes for an hour and a half ask the channel for nothing more
    const later = await runs(session, 6, 15);
    expect(channel.calls()).toBe(1);
    expect(later).toEqual([]);
    expect(await failures(session, record.id)).toHaveLength(1);
    expect(await outboxOf(session).backlog(minutes(120))).toMatchObject({ due: 0 });
  });

  it('three failing cases: one failure on each, and still exactly one notice to IT support and one to the DSL', async () => {
    let channel!: ReturnType<typeof refuse>;
    const session = await openRefusing(() => (channel = refuse(403, 'channel post')));
    const records = [await report(session, 'grooming', T0), await report(session, 'grooming', T0), await report(session, 'critical', T0)];
    const calls = [...(await session.deliver()), ...(await runs(session, 4, 1))];
    expect(channel.calls()).toBe(3);
    for (const r of records) expect(await failures(session, r.id)).toHaveLength(1);
    expect(notices(calls, PEOPLE.chris)).toHaveLength(1);
    expect(notices(calls, PEOPLE.priya)).toHaveLength(1);
    expect(calls.flatMap((c) => (said(c).includes('can no longer post') ? [c.conversationId] : [])).sort()).toEqual(
      [`personal-${PEOPLE.chris.id}`, `personal-${PEOPLE.priya.id}`].sort(),
    );
    // stored with the first case, queued once for the school
    const stored = (await Promise.all(records.map((r) => outboxOf(session).forIncident(r.id))))
      .flat()
      .filter((n) => n.kind === 'delivery-broken');
    expect(stored.map((n) => [n.key, n.status])).toEqual([
      [`delivery-broken:channel:${SAFEGUARDING}:${PEOPLE.chris.aadObjectId}`, 'sent'],
      [`delivery-broken:channel:${SAFEGUARDING}:${PEOPLE.priya.aadObjectId}`, 'sent'],
    ]);
  });

  it('a later change tries the channel once more and adds nothing to the case or the card', async () => {
    let channel!: ReturnType<typeof refuse>;
    const session = await openRefusing(() => (channel = refuse(403, 'channel post')));
    const record = await report(session, 'grooming', T0);
    await session.deliver();
    day.set(minutes(5));
    expect(textOf(await session.click(PEOPLE.priya, 'case.approve', { caseId: record.id }))).toContain('Approved.');
    const after = await session.deliver();
    expect(channel.calls()).toBe(2);
    expect(notices(after, PEOPLE.chris)).toEqual([]);
    await runs(session, 4, 10);
    expect(channel.calls()).toBe(2);
    expect(await failures(session, record.id)).toHaveLength(1);
    // the card shows the one line, the trail the one event
    const details = textOf(await session.click(PEOPLE.priya, 'case.details', { caseId: record.id }));
    expect(count(details, CARD_LINE)).toBe(1);
    expect(count(details, 'Could not deliver a message')).toBe(1);
  });

  it('a case found to implicate someone after its card was queued is never posted, so it can tell nobody of the channel', async () => {
    let channel!: ReturnType<typeof refuse>;
    const session = await openRefusing(() => (channel = refuse(403, 'channel post')));
    const record = await report(session, 'grooming', T0);
    // the case turns out to be about IT support before the outbox runs
    const store = storeOf(session);
    const stored = (await store.get(record.id))!;
    const plan = stored.plan as { exclude: string[] };
    await store.update(
      record.id,
      stored.version,
      { plan: { ...plan, exclude: [...plan.exclude, 'it-support'] } as never },
      { type: 'route-checked', at: T0.toISOString(), actor: { system: 'test' } },
    );
    const calls = await session.deliver();
    expect(channel.calls()).toBe(0);
    expect(calls.filter((c) => said(c).includes('can no longer post'))).toEqual([]);
    const card = (await outboxOf(session).forIncident(record.id)).find((n) => n.kind === 'channel-card')!;
    expect([card.status, card.note]).toEqual(['cancelled', 'the case is kept out of the channel']);
    expect(await failures(session, record.id)).toEqual([]);
  });

  it('a notice refused for good itself ends there: not retried, nothing recorded on a case', async () => {
    let chris!: ReturnType<typeof refuse>;
    const session = await openRefusing(() => {
      refuse(403, 'channel post');
      chris = refuse(404, PEOPLE.chris);
    });
    const record = await report(session, 'grooming', T0);
    const calls = [...(await session.deliver()), ...(await runs(session, 4, 15))];
    expect(chris.calls()).toBe(1);
    expect(notices(calls, PEOPLE.priya)).toHaveLength(1);
    const notice = (await outboxOf(session).forIncident(record.id)).find(
      (n) => n.kind === 'delivery-broken' && n.recipient === PEOPLE.chris.aadObjectId,
    )!;
    expect([notice.status, notice.attempts, notice.note]).toEqual(['unreachable', 0, 'Teams refused the notice (404)']);
    expect((await storeOf(session).events(record.id)).map((e) => e.type)).toEqual(['reported', 'delivery-failed']);
  });

  it('413 (the card too large) ends the item without telling IT support: the channel itself is fine', async () => {
    let channel!: ReturnType<typeof refuse>;
    const session = await openRefusing(() => (channel = refuse(413, 'channel post')));
    const record = await report(session, 'grooming', T0);
    const calls = [...(await session.deliver()), ...(await runs(session, 3, 15))];
    expect(channel.calls()).toBe(1);
    expect(await failures(session, record.id)).toHaveLength(1);
    expect(notices(calls, PEOPLE.chris)).toEqual([]);
    expect(calls.some((c) => c.conversationId === `personal-${PEOPLE.priya.id}` && said(c).includes(CARD_LINE))).toBe(true);
  });
});

describe('a 1:1 chat that is gone (404)', () => {
  it('ends the message, records the person once however many messages fail, and shows one line on the channel card', async () => {
    let tom!: ReturnType<typeof refuse>;
    const session = await openRefusing(() => (tom = refuse(404, PEOPLE.tom)));
    const record = await report(session, 'critical', T0);
    const first = await session.deliver();
    const post = channelPost(first);
    expect(tom.calls()).toBe(1); // the critical alert at once
    // the 15-minute alert fails too: two failed messages, one failure on the case
    day.set(minutes(16));
    const second = await session.deliver();
    expect(tom.calls()).toBe(2);
    await runs(session, 4, 31);
    expect(tom.calls()).toBe(2);
    const failed = await failures(session, record.id);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data).toMatchObject({ target: 'person', recipient: PEOPLE.tom.aadObjectId, name: 'Tom Okafor', status: 404 });
    const toTom = (await outboxOf(session).forIncident(record.id)).filter((n) => n.recipient === PEOPLE.tom.aadObjectId);
    expect(toTom.map((n) => [n.kind, n.status])).toEqual([
      ['routed', 'unreachable'],
      ['unacknowledged-alert', 'unreachable'],
    ]);
    // nobody is told about a person's chat: it would say who the bot was writing to
    expect([...first, ...second].filter((c) => said(c).includes('can no longer'))).toEqual([]);
    const line = 'Could not reach Tom Okafor (Deputy safeguarding lead) through the bot: tell them directly';
    expect(count(said(first.filter((c) => c.op === 'update').at(-1)!), line)).toBe(1);
    expect(count(await clickInChannel(session, PEOPLE.priya, 'case.open', { caseId: record.id }, post), line)).toBe(1);
  });
});

describe('throttling and outages still wait and try again', () => {
  it('a 429, then a 503, delays the channel post; it is sent, and nothing is recorded as failed', async () => {
    const session = await day.open();
    const record = await report(session, 'grooming', T0);
    session.connector.failNext(4, 429, { 'Retry-After': '0' }); // the connector client retries three times itself
    expect([...(await session.deliver())]).toEqual([]);
    session.connector.failNext(4, 503, { 'Retry-After': '0' });
    day.set(minutes(1));
    expect([...(await session.deliver())]).toEqual([]);
    day.set(minutes(5));
    channelPost(await session.deliver());
    const card = (await outboxOf(session).forIncident(record.id)).find((n) => n.kind === 'channel-card')!;
    expect([card.status, card.attempts]).toEqual(['sent', 2]);
    expect(await failures(session, record.id)).toEqual([]);
    expect((await outboxOf(session).forIncident(record.id)).filter((n) => n.kind === 'delivery-broken')).toEqual([]);
  });

  it('the connector errors that are worth another try, and those that are not', () => {
    const answer = (statusCode?: number) =>
      toDeliveryError(
        statusCode === undefined
          ? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
          : Object.assign(new Error('x'), { statusCode }),
      );
    const table = [undefined, 400, 401, 403, 404, 408, 412, 413, 429, 500, 502, 503, 504].map((s) => [s ?? 'network', answer(s).transient]);
    expect(table).toEqual([
      ['network', true],
      [400, false],
      [401, true],
      [403, false],
      [404, false],
      [408, true],
      [412, true],
      [413, false],
      [429, true],
      [500, true],
      [502, true],
      [503, true],
      [504, true],
    ]);
  });
});
