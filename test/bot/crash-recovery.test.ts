import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteNotificationOutbox } from '../../src/adapters/sqlite/sqlite-notification-outbox.js';
import { caseMessages } from '../../src/adapters/teams/case-messages.js';
import { TeamsMessenger } from '../../src/adapters/teams/teams-messenger.js';
import { OutboxDispatcher } from '../../src/app/casework/dispatcher.js';
import type { LeaseTimes } from '../../src/app/lease-keeper.js';
import { FakeConnector } from '../support/fake-connector.js';
import { exampleProfile, silentLogger, type BotSession } from '../support/test-bot.js';
import { PEOPLE, channelPost, clickInChannel, eventTypes, outboxOf, report, said, schoolDay, schoolSession } from './support/casework.js';

// what a crash leaves behind: a channel card whose post Teams may have shown, and messages a dead
// worker held. The card is never shown twice without saying so; what a live worker holds is never
// sent twice however long Teams keeps it waiting.

const T0 = new Date('2026-11-24T10:00:00Z');
const day = schoolDay(T0);
const REPOSTED = 'Card posted again after the bot restarted (Tue 24 Nov, 10:01): if an earlier copy is in the channel, use this one';

afterEach(() => nock.cleanAll());

describe('a channel card whose first post may have reached Teams', () => {
  it('is posted once more, saying an earlier copy may be above, and keeps saying so when it is updated', async () => {
    const session = await day.open();
    const record = await report(session, 'grooming', T0);
    // the process that started posting it died before Teams' answer was stored
    expect(await outboxOf(session).startPost(record.id, T0)).toBe(false);
    day.set(day.minutes(1));
    const calls = await session.deliver();
    const post = channelPost(calls);
    expect(said(post)).toContain(REPOSTED);
    expect(await eventTypes(session, record.id)).toContain('channel-card-reposted');
    // Teams refreshes the card for the team from the case: the note stays
    expect(await clickInChannel(session, PEOPLE.priya, 'case.open', { caseId: record.id }, post)).toContain(REPOSTED);
    // a case whose post was never interrupted says nothing of the kind
    const second = await report(session, 'grooming', day.minutes(1));
    const secondPost = channelPost(await session.deliver());
    expect(said(secondPost)).toContain('Online-safety case');
    expect(said(secondPost)).not.toContain('posted again');
    expect(await eventTypes(session, second.id)).not.toContain('channel-card-reposted');
  });

  it('a first post Teams refused (429) is not a possible copy: the retry is an ordinary first post', async () => {
    const session = await day.open();
    // four refusals: the connector client itself tries three times
    session.connector.failNext(4, 429, { 'Retry-After': '0' });
    const record = await report(session, 'grooming', T0);
    expect((await session.deliver()).filter((c) => c.op === 'create')).toEqual([]);
    day.set(day.minutes(2));
    const post = channelPost(await session.deliver());
    expect(said(post)).not.toContain('posted again');
    expect(await eventTypes(session, record.id)).not.toContain('channel-card-reposted');
  });
});

/** a second bot instance's dispatcher on the same database: its own lease holder and lease times */
function dispatcherOf(session: BotSession, owner: string, lease: LeaseTimes): OutboxDispatcher {
  const profile = exampleProfile();
  const conversations = new SqliteConversationDirectory(session.db);
  const now = () => new Date();
  return new OutboxDispatcher({
    outbox: new SqliteNotificationOutbox(session.db, owner),
    store: new SqliteIncidentStore(session.db),
    messenger: new TeamsMessenger(new TeamsAdapter({}), ''),
    conversations,
    profile,
    compose: caseMessages(profile, now),
    logger: silentLogger,
    now,
    serviceUrl: () => session.connector.serviceUrl,
    random: () => 0.5,
    lease,
  });
}

describe('a worker still sending keeps what it holds (the heartbeat)', () => {
  it("Teams keeps the DSL's alert waiting for longer than a lease: the other instance never sends it a second time", async () => {
    // the alert to Priya takes 1.2 s to be answered; a lease is 0.3 s, renewed every 0.1 s (set up
    // before the fake connector, so it is asked first)
    let priyaAlerts = 0;
    nock('https://smba.invalid')
      .post(new RegExp(`^/v3/conversations/personal-${PEOPLE.priya.id}/activities`))
      .delay(1200)
      .reply(() => {
        priyaAlerts++;
        return [200, { id: 'slow-1' }];
      });
    const session = await schoolSession(() => new Date(), { connector: new FakeConnector() });
    const record = await report(session, 'critical', new Date());
    const lease = { leaseMs: 300, renewEveryMs: 100 };
    const first = dispatcherOf(session, 'host-a#101#aaaa0000', lease);
    const second = dispatcherOf(session, 'host-b#202#bbbb0000', lease);
    const sending = first.runOnce();
    // the other instance looks every 100 ms while the first is still waiting for Teams
    const started = Date.now();
    while (Date.now() - started < 1100) {
      await second.runOnce();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await sending;
    await second.runOnce();
    const toPriya = session.connector.calls.filter((c) => c.op === 'send' && c.conversationId === `personal-${PEOPLE.priya.id}`);
    // the slow alert went once (answered by the delayed reply), nothing else went to Priya twice
    expect(priyaAlerts).toBe(1);
    expect(toPriya.filter((c) => said(c).includes(record.reference))).toHaveLength(0);
    const alert = (await outboxOf(session).forIncident(record.id)).find(
      (n) => n.recipient === PEOPLE.priya.aadObjectId && n.kind === 'routed',
    );
    expect(alert).toMatchObject({ status: 'sent', attempts: 0 });
  });
});
