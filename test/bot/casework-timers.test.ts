import { describe, expect, it } from 'vitest';
import { FakeConnector } from '../support/fake-connector.js';
import { textOf } from '../support/test-bot.js';
import {
  PEOPLE,
  channelPost,
  clickCard,
  clickInChannel,
  eventTypes,
  outboxOf,
  report,
  said,
  storeOf,
  schoolDay,
} from './support/casework.js';

const T0 = new Date('2026-11-24T10:00:00Z'); // a Tuesday in the autumn term
const day = schoolDay(T0);
const { minutes } = day;
const open = (opts?: Parameters<typeof day.open>[0]) => day.open(opts);

const namesOf = (calls: { conversationId: string }[]) =>
  Object.values(PEOPLE)
    .filter((p) => calls.some((c) => c.conversationId === `personal-${p.id}`))
    .map((p) => p.name)
    .sort();

describe('people implicated in a case receive nothing', () => {
  it('an implicated headteacher: no channel card (anyone may be in the channel), no 1:1 message, no actions, and refused on a forwarded card', async () => {
    const session = await open();
    const record = await report(session, 'aboutTheHead', T0);
    const calls = await session.deliver();
    expect(session.connector.channelCalls()).toEqual([]);
    expect(namesOf(calls)).toEqual(['David Rees', 'Priya Shah', 'Tom Okafor']);
    const toDavid = FakeConnector.card(session.connector.sentTo(PEOPLE.david.id)[0]!)!;
    expect((toDavid as { refresh?: { userIds: string[] } }).refresh?.userIds ?? []).not.toContain(PEOPLE.helen.aadObjectId);
    expect(textOf(await clickCard(session, PEOPLE.helen, 'case.open', { caseId: record.id }))).toContain(
      "You don't have permission to do that",
    );
    const refused = textOf(await clickCard(session, PEOPLE.helen, 'case.approve', { caseId: record.id }));
    expect(refused).not.toContain(record.reference); // not even the status of the case
    expect(textOf(await clickCard(session, PEOPLE.david, 'case.approve', { caseId: record.id }))).toContain('Approved.');
    await session.deliver();
    expect(session.connector.sentTo(PEOPLE.helen.id)).toEqual([]);
  });

  it('an implicated DSL: no channel card at all; the approvers get the case 1:1 and the DSL nothing, ever', async () => {
    const session = await open();
    const record = await report(session, 'aboutTheDsl', T0);
    const calls = await session.deliver();
    expect(calls.filter((c) => c.op === 'create')).toEqual([]);
    expect(namesOf(calls)).toEqual(['Helen Marsh', 'Tom Okafor']);
    const toHelen = said(session.connector.sentTo(PEOPLE.helen.id)[0]!);
    expect(toHelen).toContain('You are asked to decide on this case.');
    expect(toHelen).toContain('Approve route');
    // the 1:1 approver card says what to do first and carries Acknowledge and Open case beside the decision
    expect(toHelen).toContain('What to do now\n- Acknowledge now, then decide the route.');
    const helenCard = FakeConnector.card(session.connector.sentTo(PEOPLE.helen.id)[0]!)!;
    expect((helenCard.actions as { title: string; verb: string }[]).map((a) => [a.title, a.verb])).toEqual([
      ['Acknowledge', 'case.acknowledge'],
      ['Approve route', 'case.approve'],
      ['Change route', 'case.route'],
      ['Open case', 'case.open'],
    ]);
    const approved = await session.click(PEOPLE.helen, 'case.approve', { caseId: record.id });
    expect(JSON.stringify(approved)).toContain('Approved.');
    day.set(minutes(60 * 24 * 3));
    await session.deliver();
    expect(session.connector.sentTo(PEOPLE.priya.id)).toEqual([]);
    expect(await session.click(PEOPLE.priya, 'case.details', { caseId: record.id }).then((c) => JSON.stringify(c))).toContain(
      "You don't have permission",
    );
  });
});

describe('service levels', () => {
  it('a critical case alerts everyone on the route at once, and the deputy and head after 15 minutes unacknowledged, once', async () => {
    const session = await open();
    const record = await report(session, 'critical', T0);
    const first = await session.deliver();
    expect(namesOf(first.filter((c) => c.op === 'send'))).toEqual(['Helen Marsh', 'Priya Shah', 'Tom Okafor']);
    expect(said(first.find((c) => c.conversationId === `personal-${PEOPLE.priya.id}`)!)).toContain(
      `Urgent: critical case ${record.reference}`,
    );
    expect(said(first.find((c) => c.conversationId === `personal-${PEOPLE.priya.id}`)!)).not.toMatch(/tell the DSL/i);

    day.set(minutes(14));
    expect([...(await session.deliver())]).toEqual([]);
    day.set(minutes(16));
    const alerts = await session.deliver();
    const oneToOne = alerts.filter((c) => c.op === 'send');
    expect(namesOf(oneToOne)).toEqual(['Helen Marsh', 'Tom Okafor']);
    expect(said(oneToOne[0]!)).toContain('Critical case not acknowledged');
    expect(said(oneToOne[0]!)).toContain(
      'What to do now\n- Make sure 999 has been called and the child is safe.\n- Acknowledge now, then decide the route.',
    );
    expect((FakeConnector.card(oneToOne[0]!)!.actions as { title: string }[]).map((a) => a.title)).toEqual(['Acknowledge', 'Open case']);
    expect(said(alerts.find((c) => c.op === 'update')!)).toContain('alerted: nobody acknowledged the case within 15 minutes');
    // a restart and another run send nothing again
    session.restart();
    day.set(minutes(30));
    expect((await session.deliver()).filter((c) => c.op === 'send')).toEqual([]);
    expect((await eventTypes(session, record.id)).filter((t) => t === 'alert-sent')).toHaveLength(2);
  });

  it('a critical case acknowledged within 15 minutes alerts nobody else', async () => {
    const session = await open();
    const record = await report(session, 'critical', T0);
    const post = channelPost(await session.deliver());
    day.set(minutes(4));
    expect(await clickInChannel(session, PEOPLE.priya, 'case.open', { caseId: record.id }, post)).toContain('Acknowledged by Priya Shah');
    day.set(minutes(20));
    expect((await session.deliver()).filter((c) => c.op === 'send')).toEqual([]);
    const cancelled = (await outboxOf(session).forIncident(record.id)).filter((n) => n.kind === 'unacknowledged-alert');
    expect(cancelled.map((n) => [n.status, n.note])).toEqual([
      ['cancelled', 'the case was acknowledged in time'],
      ['cancelled', 'the case was acknowledged in time'],
    ]);
  });

  it('an automatic card refresh is not an acknowledgement', async () => {
    const session = await open();
    const record = await report(session, 'critical', T0);
    const post = channelPost(await session.deliver());
    await session.click(
      PEOPLE.priya,
      'case.open',
      { caseId: record.id },
      { channelConversationId: post.conversationId, trigger: 'automatic' },
    );
    expect(await eventTypes(session, record.id)).not.toContain('acknowledged');
  });

  it('timers survive a restart: a high case not decided by the end of the school day reminds the DSL the next run after 18:00', async () => {
    const session = await open();
    const record = await report(session, 'grooming', T0);
    await session.deliver();
    session.restart();
    day.set(new Date('2026-11-24T17:59:00Z'));
    expect((await session.deliver()).filter((c) => c.op === 'send')).toEqual([]);
    day.set(new Date('2026-11-24T18:01:00Z'));
    const reminders = (await session.deliver()).filter((c) => c.op === 'send');
    expect(namesOf(reminders)).toEqual(['Priya Shah']);
    expect(said(reminders[0]!)).toContain(`${record.reference}: Decide (due Tue 24 Nov, 18:00) has passed`);
    day.set(new Date('2026-11-25T09:00:00Z'));
    expect((await session.deliver()).filter((c) => c.op === 'send')).toEqual([]);
  });
});

describe('the 1:1 alert is where the DSL acts (issue 14, item 5)', () => {
  it('the critical alert says what to do, never "tell the DSL", and Acknowledge then Approve work in the 1:1 chat, updating the channel card', async () => {
    const session = await open();
    const record = await report(session, 'critical', T0);
    const first = await session.deliver();
    const post = channelPost(first);
    const alert = first.find((c) => c.conversationId === `personal-${PEOPLE.priya.id}`)!;
    const text = said(alert);
    expect(text).toContain(
      'What to do now\n- Make sure 999 has been called and the child is safe.\n- Acknowledge now, then decide the route.',
    );
    expect(text).toContain('Nobody has decided the route yet.');
    expect(text).not.toMatch(/tell the DSL/i);
    const card = FakeConnector.card(alert)!;
    expect((card.actions as { title: string; verb: string; data: object }[]).map((a) => [a.title, a.verb, a.data])).toEqual([
      ['Acknowledge', 'case.acknowledge', { caseId: record.id }],
      ['Open case', 'case.open', { caseId: record.id }],
    ]);
    expect(card.refresh).toBeUndefined();

    day.set(minutes(2));
    const acknowledged = textOf(await clickCard(session, PEOPLE.priya, 'case.acknowledge', { caseId: record.id }));
    expect(acknowledged).toContain('Acknowledged. Now decide the route.');
    expect(acknowledged).toContain('Acknowledged by Priya Shah, Tue 24 Nov, 10:02');
    expect(acknowledged).toContain('Approve route');
    expect((await eventTypes(session, record.id)).filter((t) => t === 'acknowledged')).toHaveLength(1);
    // a second press says who acknowledged and records nothing more
    expect(textOf(await clickCard(session, PEOPLE.tom, 'case.acknowledge', { caseId: record.id }))).toContain(
      'Acknowledged by Priya Shah.',
    );
    expect((await eventTypes(session, record.id)).filter((t) => t === 'acknowledged')).toHaveLength(1);
    expect(said((await session.deliver()).find((c) => c.op === 'update')!)).toContain('Acknowledged by Priya Shah');

    day.set(minutes(4));
    expect(textOf(await clickCard(session, PEOPLE.priya, 'case.approve', { caseId: record.id }))).toContain('Approved.');
    expect((await storeOf(session).get(record.id))!.status).toBe('escalated');
    const after = await session.deliver();
    const update = after.find((c) => c.op === 'update')!;
    expect([update.conversationId, update.activityId]).toEqual([post.conversationId, post.activityId]);
    expect(said(update)).toContain('Approved by Priya Shah, Tue 24 Nov, 10:04');
    // acknowledged in time: nobody else is alerted
    day.set(minutes(20));
    expect((await session.deliver()).filter((c) => c.op === 'send' && said(c).includes('Critical case not acknowledged'))).toEqual([]);
  });

  it('someone outside the case team pressing Acknowledge is refused and nothing is recorded', async () => {
    const session = await open();
    const record = await report(session, 'critical', T0);
    await session.deliver();
    expect(textOf(await clickCard(session, PEOPLE.sam, 'case.acknowledge', { caseId: record.id }))).toContain(
      "You don't have permission to do that",
    );
    expect(await eventTypes(session, record.id)).not.toContain('acknowledged');
  });
});

describe('delivery', () => {
  it('a person who has never opened the bot is shown on the card as not reached, and logged, instead of silently missed', async () => {
    const session = await open({ unreachable: [PEOPLE.chris] });
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());
    await clickInChannel(session, PEOPLE.priya, 'case.approve', { caseId: record.id }, post);
    const card = (await session.deliver()).filter((c) => c.op === 'update').at(-1);
    expect(card && said(card)).toContain('Could not reach Chris Patel (IT support) through the bot: tell them directly');
    const chris = (await outboxOf(session).forIncident(record.id)).find((n) => n.recipient === PEOPLE.chris.aadObjectId)!;
    expect([chris.status, chris.note]).toEqual([
      'unreachable',
      'could not reach Chris Patel: they have not opened a chat with the bot in Teams yet',
    ]);
  });

  it('Teams throttling (429 with Retry-After) or an outage delays a message but never loses it', async () => {
    const session = await open();
    const record = await report(session, 'grooming', T0);
    // the connector client retries three times itself; the fourth failure reaches the outbox
    session.connector.failNext(4, 429, { 'Retry-After': '0' });
    expect([...(await session.deliver())]).toEqual([]);
    const waiting = (await outboxOf(session).forIncident(record.id)).find((n) => n.kind === 'channel-card')!;
    expect([waiting.status, waiting.attempts]).toEqual(['pending', 1]);
    session.connector.failNext(4, 503, { 'Retry-After': '0' });
    day.set(minutes(1));
    expect([...(await session.deliver())]).toEqual([]);
    day.set(minutes(5));
    const post = channelPost(await session.deliver());
    expect(post.channelId).toBe('19:oakfield-safeguarding@thread.tacv2');
    expect((await outboxOf(session).forIncident(record.id)).find((n) => n.kind === 'channel-card')!.status).toBe('sent');
    expect((await storeOf(session).get(record.id))!.status).toBe('awaiting-approval');
  });
});
