import { afterEach, describe, expect, it } from 'vitest';
import type { BotSession } from '../support/test-bot.js';
import { FakeConnector } from '../support/fake-connector.js';
import { CHILD_NAMES, DESCRIPTION, PEOPLE, SAFEGUARDING, channelPost, clickInChannel, eventTypes, report, said, schoolSession, storeOf } from './support/casework.js';

const T0 = new Date('2026-11-24T10:00:00Z'); // a Tuesday in the autumn term
let clock = T0;
const now = () => clock;
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
let sessions: BotSession[] = [];
const open = async (...args: Parameters<typeof schoolSession>) => {
  const s = await schoolSession(...args);
  sessions.push(s);
  return s;
};
afterEach(() => {
  for (const s of sessions) s.close();
  sessions = [];
  clock = T0;
});

describe('the DSL approves in the safeguarding channel', () => {
  it('a report puts a card with no names or details in the safeguarding channel, with the actions for the DSL, deputy and head only', async () => {
    const session = await open(now);
    const record = await report(session, 'grooming', T0);
    const calls = await session.deliver();
    const post = channelPost(calls);
    const card = FakeConnector.card(post)!;
    const text = said(post);
    expect(text).toContain(`Online-safety case ${record.reference}`);
    expect(text).toContain('Grooming');
    expect(text).toContain('High');
    expect(text).toContain('Waiting for a decision');
    expect(text).toContain('Designated safeguarding lead');
    expect(text).not.toContain('Ava');
    expect(text).not.toContain('Steve');
    expect(JSON.stringify(card)).not.toContain(DESCRIPTION);
    expect((card.refresh as { userIds: string[] }).userIds).toEqual([PEOPLE.priya.aadObjectId, PEOPLE.tom.aadObjectId, PEOPLE.helen.aadObjectId]);
    // a high case is not broadcast 1:1 before the decision: only the channel hears of it
    expect(calls.filter((c) => c.op === 'send')).toEqual([]);
  });

  it('approving records the decision, updates the card for everyone, tells the routed people and the reporter', async () => {
    const session = await open(now);
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());

    clock = minutes(3);
    const opened = await clickInChannel(session, PEOPLE.priya, 'case.open', { caseId: record.id }, post);
    expect(opened).toContain('Approve route');
    expect(opened).toContain('Acknowledged by Priya Shah');

    clock = minutes(5);
    const approved = await clickInChannel(session, PEOPLE.priya, 'case.approve', { caseId: record.id }, post);
    expect(approved).toContain('Approved. The people on the route are being told');
    expect(approved).toContain('Record referral');

    expect((await storeOf(session).get(record.id))!.status).toBe('escalated');
    const events = await storeOf(session).events(record.id);
    expect(events.at(-1)).toMatchObject({ type: 'approved', at: minutes(5).toISOString(), actor: { aadObjectId: PEOPLE.priya.aadObjectId, displayName: 'Priya Shah' }, data: { route: ['dsl', 'it-support'], routeChanged: false } });

    const calls = await session.deliver();
    const update = calls.find((c) => c.op === 'update')!;
    expect(update.conversationId).toBe(post.conversationId);
    expect(update.activityId).toBe(post.activityId);
    expect(said(update)).toContain('Approved by Priya Shah, Tue 24 Nov, 10:05');
    const toPriya = session.connector.sentTo(PEOPLE.priya.id).map(said);
    expect(toPriya.join('\n')).toContain(`Case ${record.reference} passed to you`);
    expect(toPriya.join('\n')).toContain(DESCRIPTION); // the DSL is entitled to the details, 1:1
    // IT support is told its part (preserve the evidence, check filtering), not the child's story
    const toChris = session.connector.sentTo(PEOPLE.chris.id).map(said).join('\n');
    expect(toChris).toContain('decided you receive this case as IT support');
    expect(toChris).not.toContain(DESCRIPTION);
    expect(toChris).not.toContain('Ava');
    const toSam = session.connector.sentTo(PEOPLE.sam.id).map(said).join('\n');
    expect(toSam).toContain(`Your report ${record.reference}`);
    expect(toSam).toContain('Being dealt with');
    expect(toSam).not.toContain('Priya');
  });

  it('a member of staff who is not on the team clicking an old or forwarded card is refused, and nothing changes', async () => {
    const session = await open(now);
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());
    const before = await eventTypes(session, record.id);
    for (const verb of ['case.open', 'case.approve', 'case.details', 'case.route', 'case.ask', 'case.close']) {
      expect(await clickInChannel(session, PEOPLE.sam, verb, { caseId: record.id }, post)).toContain("You don't have permission to do that");
    }
    expect(await eventTypes(session, record.id)).toEqual(before);
    expect((await storeOf(session).get(record.id))!.status).toBe('awaiting-approval');
    expect([...(await session.deliver())]).toEqual([]);
  });

  it('keeps the channel free of pupil names and report text', async () => {
    const session = await open(now);
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());
    await clickInChannel(session, PEOPLE.priya, 'case.approve', { caseId: record.id }, post);
    await session.deliver();
    for (const call of session.connector.channelCalls()) {
      const json = JSON.stringify(call.activity);
      for (const secret of [...CHILD_NAMES.split(/ and |\(|\)/).map((s) => s.trim()).filter(Boolean), DESCRIPTION, 'Steve', 'Roblox']) {
        expect(json, `${call.op} to ${call.conversationId}`).not.toContain(secret);
      }
    }
    expect(SAFEGUARDING).toBe(post.channelId);
  });
});
