import { describe, expect, it } from 'vitest';
import { AVA, personalMessage } from '../support/activities.js';
import { BotSession, exampleProfile, textOf, type AdaptiveCardContent } from '../support/test-bot.js';
import { PEOPLE, channelPost, clickInChannel, outboxOf, said, schoolDay, storeOf } from './support/casework.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const day = schoolDay(T0);
/** a school where Ava has opened her chat with the bot too */
const open = async () => {
  const s = await day.open();
  await s.send(personalMessage('hello', AVA));
  return s;
};

const WORDS = 'Ava is sad because a man asked for photos';

/** Ava opens the card (tap 1: the welcome card's big button) and sends it */
async function worry(session: BotSession, inputs: Record<string, string>): Promise<{ card: AdaptiveCardContent; text: string }> {
  const form = await session.click(AVA, 'worried.start', {});
  const cardId = (form.actions![0]!.data as { cardId: string }).cardId;
  const card = await session.click(AVA, 'worried.send', { cardId, danger: 'no', ...inputs });
  return { card, text: textOf(card) };
}

describe('a pupil tells a trusted adult through the "I\'m worried" card', () => {
  it.each([
    ['asked-for-pictures', 'Grooming', 'high', 'High'],
    ['asked-to-meet', 'Grooming', 'high', 'High'],
    ['keep-secret', 'Grooming', 'high', 'High'],
    ['unkind', 'Online bullying', 'medium', 'Medium'],
    ['picture', 'Images posted without consent', 'medium', 'Medium'],
    ['upset', 'Age-inappropriate site or app', 'medium', 'Medium'],
    ['friend', "A pupil's worry (kind not yet known)", 'medium', 'Medium'],
    ['something-else', "A pupil's worry (kind not yet known)", 'medium', 'Medium'],
    // retired from the card: an old copy left in a child's chat still reaches the DSL
    ['stranger', 'Grooming', 'high', 'High'],
  ] as const)(
    '%s: thanked, recorded as %s (%s), and the DSL is told first, 1:1, with the words as written',
    async (choice, typeLabel, severity, severityLabel) => {
      const session = await open();
      const { text } = await worry(session, { choice, words: WORDS });
      expect(text).toContain('You did the right thing telling us.');
      expect(text).toContain('You are not in trouble.');
      expect(text).toContain('Mrs Shah or another adult you trust will talk to you soon.');
      expect(text).toContain('Please do not delete or send on any messages or pictures.');
      const [record] = await storeOf(session).listByReporter(AVA.aadObjectId);
      expect(record).toMatchObject({ reference: 'OS-2026-0001', severity, reportedBy: { kind: 'pupil' }, details: { description: WORDS } });
      const calls = await session.deliver();
      const post = channelPost(calls);
      expect(said(post)).toContain(typeLabel);
      expect(said(post)).toContain(severityLabel);
      expect(said(post)).toContain('a pupil');
      const toPriya = session.connector.sentTo(PEOPLE.priya.id).map(said).join('\n');
      expect(toPriya).toContain('A pupil is worried: case OS-2026-0001');
      expect(toPriya).toContain(WORDS);
      // the child's class from the roster, for the DSL only (never in the channel post)
      expect(toPriya).toContain('Class\nYear 5');
      expect(said(post)).not.toContain('Year 5');
      // the DSL first: nobody else is told before she decides
      expect(calls.filter((c) => c.op === 'send').map((c) => c.conversationId)).toEqual([`personal-${PEOPLE.priya.id}`]);
    },
  );

  it('danger now: tells the child what to do right now (Childline, 999) and alerts the DSL, deputy and head as critical', async () => {
    const session = await open();
    const { text } = await worry(session, { choice: 'asked-to-meet', words: '', danger: 'yes' });
    expect(text).toContain('Tell an adult near you right now.');
    expect(text).toContain('0800 1111');
    expect(text).toContain('999');
    expect(text).toContain('We have told Mrs Shah straight away.');
    const [record] = await storeOf(session).listByReporter(AVA.aadObjectId);
    expect(record!.severity).toBe('critical');
    const calls = await session.deliver();
    expect(said(channelPost(calls))).toContain('Critical');
    const alerted = calls
      .filter((c) => c.op === 'send')
      .map((c) => c.conversationId)
      .sort();
    expect(alerted).toEqual([`personal-${PEOPLE.helen.id}`, `personal-${PEOPLE.priya.id}`, `personal-${PEOPLE.tom.id}`].sort());
  });

  it('the card says "You are not in trouble." and offers what happened, not whether the child knows the person', async () => {
    const session = await open();
    const form = textOf(await session.click(AVA, 'worried.start', {}));
    expect(form).toContain('You are not in trouble.');
    for (const words of [
      'Someone online asked me for pictures',
      'Someone online asked me to meet them',
      'Someone online told me to keep a secret',
    ])
      expect(form).toContain(words);
    expect(form).not.toContain("Someone I don't know");
  });

  it('a school that gives its DSL no pupilName: the child is told her first name', async () => {
    const profile = exampleProfile();
    for (const p of profile.roles.dsl) delete p.pupilName;
    const session = new BotSession({ now: day.now, profile });
    try {
      await session.send(personalMessage('hello', AVA));
      const { text } = await worry(session, { choice: 'keep-secret' });
      expect(text).toContain('Priya or another adult you trust will talk to you soon.');
      expect(text).not.toContain('Priya Shah');
    } finally {
      session.close();
    }
  });

  it('Send with nothing chosen asks again kindly and records nothing', async () => {
    const session = await open();
    const { text } = await worry(session, { words: 'something' });
    expect(text).toContain('Tap the one that fits best, then press Send.');
    expect(await storeOf(session).listByReporter(AVA.aadObjectId)).toEqual([]);
  });

  it('a double tap on Send records one report', async () => {
    const session = await open();
    const form = await session.click(AVA, 'worried.start', {});
    const cardId = (form.actions![0]!.data as { cardId: string }).cardId;
    await Promise.all([0, 1].map(() => session.click(AVA, 'worried.send', { cardId, choice: 'unkind', danger: 'no' })));
    expect(await storeOf(session).listByReporter(AVA.aadObjectId)).toHaveLength(1);
  });

  it('more than five in ten minutes: every one is recorded, the child is told a grown-up has them, and the DSL sees the count', async () => {
    const session = await open();
    const texts: string[] = [];
    for (let i = 0; i < 7; i++) {
      day.set(new Date(T0.getTime() + i * 60_000));
      texts.push((await worry(session, { choice: 'unkind', words: `message ${i}` })).text);
    }
    expect(texts.slice(0, 5).every((t) => t.includes('You did the right thing telling us.'))).toBe(true);
    expect(texts[5]).toContain('A grown-up has your messages.');
    expect(texts[6]).toContain('You do not need to send any more.');
    expect(texts.join('\n').replaceAll('You are not in trouble.', '')).not.toMatch(/too many|stop|trouble|spam/i);
    expect(texts[5]).toContain('You are not in trouble.');
    const records = await storeOf(session).listByReporter(AVA.aadObjectId);
    expect(records).toHaveLength(7);
    const calls = await session.deliver();
    const lastPost = calls.filter((c) => c.op === 'create').at(-1)!;
    expect(said(lastPost)).toContain('This pupil has sent 7 reports in the last 10 minutes');
  });

  it('a pupil cannot use any staff verb, and staff cannot send the pupil card', async () => {
    const session = await open();
    const { card } = await worry(session, { choice: 'unkind' });
    expect(textOf(card)).toContain('Thank you for telling us');
    const [record] = await storeOf(session).listByReporter(AVA.aadObjectId);
    const post = channelPost(await session.deliver());
    for (const verb of ['case.open', 'case.approve', 'case.details', 'case.close']) {
      expect(await clickInChannel(session, AVA, verb, { caseId: record!.id }, post)).toContain("You don't have permission to do that");
    }
    for (const verb of ['report.start', 'status.show']) expect(textOf(await session.click(AVA, verb, {}))).toContain("I'm worried");
    expect(textOf(await session.click(AVA, 'report.submit', { flowId: 'flow-x' }))).toContain(
      'This report was already sent or cancelled, so nothing was changed.',
    );
    const staffTry = textOf(await session.click(PEOPLE.sam, 'worried.send', { cardId: 'x', choice: 'unkind', danger: 'no' }));
    expect(staffTry).toContain('This card is for pupils');
    expect(await storeOf(session).listByReporter(PEOPLE.sam.aadObjectId)).toEqual([]);
    expect((await outboxOf(session).forIncident(record!.id)).every((n) => n.recipient !== AVA.aadObjectId)).toBe(true);
  });

  it('the DSL cannot send questions to a child through the bot: they talk in person', async () => {
    const session = await open();
    await worry(session, { choice: 'upset' });
    const [record] = await storeOf(session).listByReporter(AVA.aadObjectId);
    const post = channelPost(await session.deliver());
    const actions = await session.click(PEOPLE.priya, 'case.open', { caseId: record!.id }, { channelConversationId: post.conversationId });
    expect(actions.actions!.map((a) => a.title)).not.toContain('Ask the reporter for more');
    const asked = await clickInChannel(
      session,
      PEOPLE.priya,
      'case.ask.submit',
      { caseId: record!.id, formId: 'f1', question: 'What did you see?' },
      post,
    );
    expect(asked).toContain('talk to the pupil in person');
  });

  it('when the DSL approves, the child is told in simple words that a grown-up is helping, with no names', async () => {
    const session = await open();
    await worry(session, { choice: 'unkind', words: WORDS });
    const [record] = await storeOf(session).listByReporter(AVA.aadObjectId);
    const post = channelPost(await session.deliver());
    await clickInChannel(session, PEOPLE.priya, 'case.approve', { caseId: record!.id }, post);
    await session.deliver();
    const toAva = session.connector.sentTo(AVA.id).map(said).join('\n');
    expect(toAva).toContain('A grown-up has read your message. They are helping and will talk to you soon.');
    expect(toAva).not.toContain('Priya');
    expect(toAva).not.toContain('OS-2026');
  });

  it('a picture sent by a pupil is not kept, and the child is told simply what to do', async () => {
    const session = await open();
    const replies = await session.send({
      ...personalMessage('', AVA),
      attachments: [{ contentType: 'image/png', contentUrl: 'https://example.invalid/a.png' }],
    });
    expect(replies.map((r) => r.text)).toEqual([
      'Thank you. I did not keep the picture. Please do not send pictures here. Do not delete it or send it to anyone. Tell a grown-up you trust, or type **worried**.',
    ]);
    expect(await storeOf(session).listByReporter(AVA.aadObjectId)).toEqual([]);
  });
});
