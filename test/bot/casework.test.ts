import { describe, expect, it } from 'vitest';
import { cardText, textOf } from '../support/test-bot.js';
import { FakeConnector } from '../support/fake-connector.js';
import {
  CHILD_NAMES,
  DESCRIPTION,
  PEOPLE,
  SAFEGUARDING,
  channelPost,
  clickInChannel,
  eventTypes,
  report,
  said,
  storeOf,
  schoolDay,
} from './support/casework.js';

const T0 = new Date('2026-11-24T10:00:00Z'); // a Tuesday in the autumn term
const day = schoolDay(T0);
const { minutes } = day;
const open = (opts?: Parameters<typeof day.open>[0]) => day.open(opts);

describe('the DSL approves in the safeguarding channel', () => {
  it('a report puts a card with no names or details in the safeguarding channel, with the actions for the DSL, deputy and head only', async () => {
    const session = await open();
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
    expect((card.refresh as { userIds: string[] }).userIds).toEqual([
      PEOPLE.priya.aadObjectId,
      PEOPLE.tom.aadObjectId,
      PEOPLE.helen.aadObjectId,
    ]);
    // a high case is not broadcast 1:1 before the decision: only the channel hears of it
    expect(calls.filter((c) => c.op === 'send')).toEqual([]);
  });

  it('approving records the decision, updates the card for everyone, tells the routed people and the reporter', async () => {
    const session = await open();
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());

    day.set(minutes(3));
    const opened = await clickInChannel(session, PEOPLE.priya, 'case.open', { caseId: record.id }, post);
    expect(opened).toContain('Approve route');
    expect(opened).toContain('Acknowledged by Priya Shah');

    day.set(minutes(5));
    const approved = await clickInChannel(session, PEOPLE.priya, 'case.approve', { caseId: record.id }, post);
    expect(approved).toContain('Approved. The people on the route are being told');
    expect(approved).toContain('Record referral');

    expect((await storeOf(session).get(record.id))!.status).toBe('escalated');
    const events = await storeOf(session).events(record.id);
    expect(events.at(-1)).toMatchObject({
      type: 'approved',
      at: minutes(5).toISOString(),
      actor: { aadObjectId: PEOPLE.priya.aadObjectId, displayName: 'Priya Shah' },
      data: { route: ['dsl', 'it-support'], routeChanged: false },
    });

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
    const session = await open();
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());
    const before = await eventTypes(session, record.id);
    for (const verb of ['case.open', 'case.approve', 'case.details', 'case.route', 'case.ask', 'case.close']) {
      expect(await clickInChannel(session, PEOPLE.sam, verb, { caseId: record.id }, post)).toContain(
        "You don't have permission to do that",
      );
    }
    // a pupil, and a 1:1 click with a made-up case id, change nothing either
    const ava = { id: 'user-pupil-ava', name: 'Ava Brown', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000006' };
    expect(await clickInChannel(session, ava, 'case.approve', { caseId: record.id }, post)).toContain(
      "You don't have permission to do that",
    );
    expect(textOf(await session.click(PEOPLE.priya, 'case.approve', { caseId: 'no-such-case' }))).toContain(
      'This case could not be found. Nothing was changed.',
    );
    expect(await eventTypes(session, record.id)).toEqual(before);
    expect((await storeOf(session).get(record.id))!.status).toBe('awaiting-approval');
    expect([...(await session.deliver())]).toEqual([]);
  });

  it('a client without Universal Actions (Action.Submit fallback) gets its answer in the thread, never over the shared card', async () => {
    const session = await open();
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());
    const submit = (who: typeof PEOPLE.sam) => ({
      type: 'message' as const,
      channelId: 'msteams',
      serviceUrl: 'https://smba.invalid/',
      from: who,
      recipient: { id: '28:online-safety-bot', name: 'Online Safety' },
      replyToId: post.activityId,
      conversation: {
        id: post.conversationId,
        conversationType: 'channel',
        isGroup: true,
        tenantId: 'a1b2c3d4-0000-4000-8000-0000000000aa',
        name: '',
      },
      channelData: { tenant: { id: 'a1b2c3d4-0000-4000-8000-0000000000aa' }, channel: { id: SAFEGUARDING } },
      value: { verb: 'case.approve', caseId: record.id },
    });
    const refused = await session.send(submit(PEOPLE.sam));
    expect(refused.map((a) => a.type)).toEqual(['message']);
    expect(cardText(refused[0]!)).toContain("You don't have permission to do that");
    expect((await storeOf(session).get(record.id))!.status).toBe('awaiting-approval');
    const approved = await session.send(submit(PEOPLE.priya));
    expect(cardText(approved[0]!)).toContain('Approved.');
    expect((await storeOf(session).get(record.id))!.status).toBe('escalated');
  });

  it('Open details in the channel sends the details to the clicker 1:1, never to the channel, and records the look', async () => {
    const session = await open();
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());
    const inChannel = await clickInChannel(session, PEOPLE.tom, 'case.details', { caseId: record.id }, post);
    expect(inChannel).toContain('The details are in your chat with the bot');
    expect(inChannel).not.toContain(DESCRIPTION);
    const calls = await session.deliver();
    expect(calls.map((c) => c.conversationId)).toEqual([`personal-${PEOPLE.tom.id}`]);
    const details = said(calls[0]!);
    expect(details).toContain(DESCRIPTION);
    expect(details).toContain(CHILD_NAMES);
    expect(details).toContain('Sam Taylor');
    expect(details).toContain('Confidential');
    expect((await storeOf(session).events(record.id)).at(-1)).toMatchObject({
      type: 'details-opened',
      actor: { displayName: 'Tom Okafor' },
      data: { where: 'chat' },
    });
    // in a 1:1 chat the details are shown in place
    expect(textOf(await session.click(PEOPLE.priya, 'case.details', { caseId: record.id }))).toContain(DESCRIPTION);
    // the details sent 1:1 carry the decision buttons: Tom decides where he reads them, and the channel card follows
    expect((FakeConnector.card(calls[0]!)!.actions as { title: string }[]).map((a) => a.title)).toEqual([
      'Approve route',
      'Change route',
      'Ask the reporter for more',
    ]);
    const approved = textOf(await session.click(PEOPLE.tom, 'case.approve', { caseId: record.id }));
    expect(approved).toContain('Approved. The people on the route are being told');
    expect(approved).toContain('Record referral');
    const update = (await session.deliver()).find((c) => c.op === 'update')!;
    expect(update.conversationId).toBe(post.conversationId);
    expect(said(update)).toContain('Approved by Tom Okafor');
  });

  it('keeps the channel free of pupil names and report text', async () => {
    const session = await open();
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());
    await clickInChannel(session, PEOPLE.priya, 'case.approve', { caseId: record.id }, post);
    await session.deliver();
    for (const call of session.connector.channelCalls()) {
      const json = JSON.stringify(call.activity);
      for (const secret of [
        ...CHILD_NAMES.split(/ and |\(|\)/)
          .map((s) => s.trim())
          .filter(Boolean),
        DESCRIPTION,
        'Steve',
        'Roblox',
      ]) {
        expect(json, `${call.op} to ${call.conversationId}`).not.toContain(secret);
      }
    }
    expect(SAFEGUARDING).toBe(post.channelId);
  });
});

describe('approving twice, at once, or with another route', () => {
  it('a double click or a re-delivered invoke gives one decision', async () => {
    const session = await open();
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());
    await clickInChannel(session, PEOPLE.priya, 'case.approve', { caseId: record.id }, post);
    const again = await clickInChannel(session, PEOPLE.priya, 'case.approve', { caseId: record.id }, post);
    expect(again).toContain('Priya Shah already approved this case (Tue 24 Nov, 10:00). Nothing was changed.');
    expect((await eventTypes(session, record.id)).filter((t) => t === 'approved')).toHaveLength(1);
    await session.deliver();
    expect(session.connector.sentTo(PEOPLE.sam.id)).toHaveLength(1);
  });

  it('two DSLs approving at once on two bot instances produce one decision, and the second sees who decided', async () => {
    const first = await open();
    const record = await report(first, 'grooming', T0);
    const post = channelPost(await first.deliver());
    // a second instance of the bot on the same database (a scaled-out app service)
    const second = await open({ db: first.db, connector: first.connector });
    const [a, b] = await Promise.all([
      clickInChannel(first, PEOPLE.priya, 'case.approve', { caseId: record.id }, post),
      clickInChannel(second, PEOPLE.tom, 'case.approve', { caseId: record.id }, post),
    ]);
    const texts = [a, b].sort();
    expect(texts.filter((t) => t.includes('Approved. The people on the route are being told'))).toHaveLength(1);
    expect(texts.filter((t) => /(Priya Shah|Tom Okafor) already approved this case/.test(t))).toHaveLength(1);
    const approvals = (await storeOf(first).events(record.id)).filter((e) => e.type === 'approved');
    expect(approvals).toHaveLength(1);
  });

  it('changing the route needs a reason, never offers an implicated role, and is recorded with the engine route beside it', async () => {
    const session = await open();
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());
    const form = await session.click(PEOPLE.priya, 'case.route', { caseId: record.id }, { channelConversationId: post.conversationId });
    const formId = (form.actions!.find((a) => a.title === 'Approve this route')!.data as { formId: string }).formId;
    // each role with who receives it (a role nobody holds names its stand-in)
    const titles = (form.body as { id?: string; choices?: { title: string; value: string }[] }[])
      .find((e) => e.id === 'route')!
      .choices!.map((c) => c.title);
    expect(titles).toContain('Headteacher (Helen Marsh)');
    expect(titles).toContain('Designated safeguarding lead (Priya Shah)');
    expect(titles).toContain('Deputy safeguarding lead (Tom Okafor)');
    expect(titles).toContain('IT support (Chris Patel)');
    expect(titles.find((t) => t.startsWith('Online safety lead'))).toBe(
      'Online safety lead (nobody named: Priya Shah receives it instead)',
    );
    const withoutReason = textOf(
      await session.click(
        PEOPLE.priya,
        'case.route.submit',
        { caseId: record.id, formId, route: 'dsl,it-support,headteacher', reason: '' },
        { channelConversationId: post.conversationId },
      ),
    );
    expect(withoutReason).toContain('Say why the route differs from the one proposed');
    expect((await storeOf(session).get(record.id))!.status).toBe('awaiting-approval');
    const done = textOf(
      await session.click(
        PEOPLE.priya,
        'case.route.submit',
        { caseId: record.id, formId, route: 'dsl,it-support,headteacher', reason: 'The family asked for the headteacher to be involved' },
        { channelConversationId: post.conversationId },
      ),
    );
    expect(done).toContain('Approved.');
    expect(done).toContain('(changed by the approver)');
    const approved = (await storeOf(session).events(record.id)).find((e) => e.type === 'approved')!;
    expect(approved).toMatchObject({
      reason: 'The family asked for the headteacher to be involved',
      data: { route: ['dsl', 'it-support', 'headteacher'], engineRoute: ['dsl', 'it-support'], routeChanged: true },
    });
    await session.deliver();
    expect(session.connector.sentTo(PEOPLE.helen.id).map(said).join('\n')).toContain('decided you receive this case as Headteacher');

    // a case about the headteacher is handled 1:1: its route form never offers the headteacher
    const other = await report(session, 'aboutTheHead', T0);
    await session.deliver();
    const headForm = textOf(await session.click(PEOPLE.priya, 'case.route', { caseId: other.id }));
    expect(headForm).not.toContain('Headteacher');
    expect(headForm).not.toContain('Helen Marsh');
    expect(headForm).toContain('Chair of governors (David Rees)');
  });
});

describe('asking the reporter, referrals and closing', () => {
  it('the reporter gets the question, the answer is added to the record, and the channel card shows information received', async () => {
    const session = await open();
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());
    const form = await session.click(PEOPLE.priya, 'case.ask', { caseId: record.id }, { channelConversationId: post.conversationId });
    const formId = (form.actions!.find((a) => a.title === 'Send question')!.data as { formId: string }).formId;
    const asked = textOf(
      await session.click(
        PEOPLE.priya,
        'case.ask.submit',
        { caseId: record.id, formId, question: 'Did Ava reply to him?' },
        { channelConversationId: post.conversationId },
      ),
    );
    expect(asked).toContain('Your question was sent to the reporter');
    const delivered = await session.deliver();
    const question = delivered.find((c) => c.conversationId === `personal-${PEOPLE.sam.id}`)!;
    expect(said(question)).toContain('Did Ava reply to him?');
    expect(said(question)).not.toContain('Priya');
    expect(said(delivered.find((c) => c.op === 'update')!)).toContain('Information requested from the reporter');

    const requestId = (FakeConnector.card(question)!.actions as { data: { requestId: string } }[])[0]!.data.requestId;
    expect(textOf(await session.click(PEOPLE.tom, 'case.answer.submit', { caseId: record.id, requestId, answer: 'not me' }))).toContain(
      "You don't have permission",
    );
    const thanks = textOf(
      await session.click(PEOPLE.sam, 'case.answer.submit', { caseId: record.id, requestId, answer: 'No, she showed me straight away.' }),
    );
    expect(thanks).toContain(`Your answer was added to report ${record.reference}`);
    const again = textOf(
      await session.click(PEOPLE.sam, 'case.answer.submit', { caseId: record.id, requestId, answer: 'No, she showed me straight away.' }),
    );
    expect(again).toContain(record.reference);
    const answers = (await storeOf(session).events(record.id)).filter((e) => e.type === 'information-provided');
    expect(answers.map((e) => e.data)).toEqual([{ requestId, answer: 'No, she showed me straight away.' }]);
    const after = await session.deliver();
    expect(said(after.find((c) => c.op === 'update')!)).toContain('Information received from the reporter');
    expect(
      after.some((c) => c.conversationId === `personal-${PEOPLE.priya.id}` && said(c).includes('The reporter answered your question')),
    ).toBe(true);
  });

  it('records a referral with agency, time, who and reference, then closes with the outcome', async () => {
    const session = await open();
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());
    const where = { channelConversationId: post.conversationId };
    await session.click(PEOPLE.priya, 'case.approve', { caseId: record.id }, where);
    day.set(minutes(40));
    const form = await session.click(PEOPLE.tom, 'case.referral', { caseId: record.id }, where);
    const formId = (form.actions!.find((a) => a.title === 'Record referral')!.data as { formId: string }).formId;
    const future = textOf(
      await session.click(
        PEOPLE.tom,
        'case.referral.submit',
        { caseId: record.id, formId, agency: 'ceop', date: '2026-11-25', time: '09:00', madeBy: 'Tom Okafor', reference: '' },
        where,
      ),
    );
    expect(future).toContain('The referral cannot be in the future.');
    const recorded = textOf(
      await session.click(
        PEOPLE.tom,
        'case.referral.submit',
        { caseId: record.id, formId, agency: 'ceop', date: '2026-11-24', time: '10:30', madeBy: 'Tom Okafor', reference: 'CEOP-2026-118' },
        where,
      ),
    );
    expect(recorded).toContain('Referral recorded.');
    expect(recorded).toContain('CEOP: referred 24 Nov 10:30');
    expect(recorded).not.toContain('CEOP (consider)');
    await session.click(
      PEOPLE.tom,
      'case.referral.submit',
      { caseId: record.id, formId, agency: 'ceop', date: '2026-11-24', time: '10:30', madeBy: 'Tom Okafor', reference: 'CEOP-2026-118' },
      where,
    );
    const referrals = (await storeOf(session).events(record.id)).filter((e) => e.type === 'referral-recorded');
    expect(referrals.map((e) => e.data)).toEqual([
      { formId, agency: 'ceop', madeAt: '2026-11-24T10:30:00.000Z', madeBy: 'Tom Okafor', reference: 'CEOP-2026-118' },
    ]);

    const closeForm = await session.click(PEOPLE.priya, 'case.close', { caseId: record.id }, where);
    const closeId = (closeForm.actions!.find((a) => a.title === 'Close case')!.data as { formId: string }).formId;
    expect(
      textOf(await session.click(PEOPLE.priya, 'case.close.submit', { caseId: record.id, formId: closeId, outcome: '' }, where)),
    ).toContain('Record the outcome');
    const closed = textOf(
      await session.click(
        PEOPLE.priya,
        'case.close.submit',
        {
          caseId: record.id,
          formId: closeId,
          outcome: 'Parents informed; CEOP report made; account blocked.',
          parentsInformed: 'true',
          sanction: 'none',
          support: 'Weekly check-ins with the pastoral lead',
          policyReview: 'false',
        },
        where,
      ),
    );
    expect(closed).toContain('Case closed.');
    expect(closed).not.toContain('Approve route');
    expect((await storeOf(session).get(record.id))!.status).toBe('closed');
    expect((await storeOf(session).events(record.id)).at(-1)).toMatchObject({
      type: 'closed',
      reason: 'Parents informed; CEOP report made; account blocked.',
      data: { parentsInformed: true, sanction: null, support: 'Weekly check-ins with the pastoral lead', policyReviewNeeded: false },
    });
    const calls = await session.deliver();
    const closedCard = calls.filter((c) => c.op === 'update').at(-1)!;
    expect(said(closedCard)).toContain('Closed by Priya Shah, Tue 24 Nov, 10:40');
    // a recorded referral replaces its "consider"
    expect(said(closedCard)).toContain('CEOP: referred 24 Nov 10:30');
    expect(said(closedCard)).not.toContain('CEOP (consider)');
    // and a closed case looks closed: no attention colour, a Closed heading, View details rather than Open case
    const closedJson = JSON.stringify(FakeConnector.card(closedCard));
    expect(closedJson).not.toContain('"style":"attention"');
    expect(said(closedCard)).toContain(`Closed: online-safety case ${record.reference}`);
    expect(said(closedCard)).not.toContain('Open case');
    expect(said(closedCard)).not.toContain('OVERDUE');
    expect((FakeConnector.card(closedCard)!.actions as { title: string; verb: string }[]).map((a) => [a.title, a.verb])).toEqual([
      ['View details', 'case.details'],
    ]);
    // who made the referral and its reference were typed: they are in the details, never in the channel
    for (const call of session.connector.channelCalls()) expect(JSON.stringify(call.activity)).not.toMatch(/CEOP-2026-118|made by/);
    const details = await session.click(PEOPLE.priya, 'case.details', { caseId: record.id });
    expect(textOf(details)).toContain('made by Tom Okafor, reference CEOP-2026-118');
    expect(textOf(details)).toContain(`Closed case ${record.reference}: details`);
    expect(details.actions).toBeUndefined();
    expect(session.connector.sentTo(PEOPLE.sam.id).map(said).join('\n')).toContain('Status: Closed');
  });
});
