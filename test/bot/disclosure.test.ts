import { describe, expect, it } from 'vitest';
import { TestAdapter, type Activity } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { pino } from 'pino';
import { AVA, personalMessage } from '../support/activities.js';
import { exampleProfile, invokeActivity, textOf, type AdaptiveCardContent, type BotSession } from '../support/test-bot.js';
import { createBotApp } from '../../src/adapters/teams/bot-app.js';
import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteBotStorage } from '../../src/adapters/sqlite/sqlite-bot-storage.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { PERSONAL_CHAT_ONLY } from '../../src/adapters/teams/replies.js';
import { PEOPLE, said, schoolDay, storeOf } from './support/casework.js';

// issue 14, item 1: any message may be a disclosure
const T0 = new Date('2026-11-24T10:00:00Z');
const day = schoolDay(T0);
const LEO = { id: 'user-pupil-leo', name: 'Leo Green', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000007' };
const WORDS = 'a man on roblox keeps asking for pictures of me';
/** the DSL as pupils know her ("Mrs Shah" when the profile says so) */
const PRIYA_TO_PUPILS = exampleProfile().roles.dsl[0]!.pupilName ?? 'Priya';

/** a school where Ava and Leo have opened their chats with the bot too */
const open = async () => {
  const s = await day.open();
  for (const pupil of [AVA, LEO]) await s.send(personalMessage('hello', pupil));
  return s;
};

/** what someone types, and the one card the bot answers with */
async function type(
  session: BotSession,
  words: string,
  from: { id: string; name: string; aadObjectId: string },
): Promise<AdaptiveCardContent> {
  const replies = await session.send(personalMessage(words, from));
  expect(replies).toHaveLength(1);
  expect(replies[0]!.text ?? '').not.toMatch(/understand/i);
  return replies[0]!.attachments![0]!.content as AdaptiveCardContent;
}

const button = (card: AdaptiveCardContent, title: string) => {
  const found = card.actions!.find((a) => a.title === title);
  if (!found) throw new Error(`no "${title}" button on ${textOf(card)}`);
  return found as { verb: string; data: Record<string, string> };
};

/** presses a button with its data and the card's inputs (the danger toggle as the card shows it, unless changed) */
const press = (session: BotSession, who: typeof AVA, card: AdaptiveCardContent, title: string, inputs: Record<string, string> = {}) => {
  const b = button(card, title);
  const toggle = card.body.find((e) => (e as { type: string }).type === 'Input.Toggle') as { id: string; value: string } | undefined;
  return session.click(who, b.verb, { ...(toggle && title !== 'No thanks' ? { [toggle.id]: toggle.value } : {}), ...b.data, ...inputs });
};

describe('a pupil types what is wrong in her own words', () => {
  it('Ava types it and is asked, in her words, whether to send it to a grown-up; two taps and Priya has it 1:1, word for word', async () => {
    const session = await open();
    const offer = await type(session, WORDS, AVA); // tap 1: Enter
    const text = textOf(offer);
    expect(text).toContain('Do you want me to send this to a grown-up who can help?');
    expect(text).toContain(WORDS);
    expect(offer.body.find((e) => (e as { type: string }).type === 'Input.Toggle')).toMatchObject({
      label: 'Are you in danger right now?',
      value: 'no',
    });
    expect(text).not.toContain('You are not alone');
    expect(offer.actions!.map((a) => a.title)).toEqual(['Send', 'No thanks']);
    // nothing is recorded or sent before she chooses
    expect(await storeOf(session).listByReporter(AVA.aadObjectId)).toEqual([]);
    expect(await session.deliver()).toHaveLength(0);

    const thanks = textOf(await press(session, AVA, offer, 'Send')); // tap 2
    expect(thanks).toContain('You did the right thing telling us.');
    expect(thanks).toContain(`${PRIYA_TO_PUPILS} or another adult you trust will talk to you soon.`);
    const records = await storeOf(session).listByReporter(AVA.aadObjectId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      reportedBy: { kind: 'pupil', aadObjectId: AVA.aadObjectId },
      details: { description: WORDS, dangerNow: false },
    });

    const calls = await session.deliver();
    const toPriya = session.connector.sentTo(PEOPLE.priya.id).map(said).join('\n');
    expect(toPriya).toContain(WORDS);
    // the DSL first, 1:1; her words never in the channel
    expect(calls.filter((c) => c.op === 'send').map((c) => c.conversationId)).toEqual([`personal-${PEOPLE.priya.id}`]);
    for (const c of session.connector.channelCalls()) expect(JSON.stringify(c.activity)).not.toContain('roblox');
  });

  it('a double tap on Send records one report', async () => {
    const session = await open();
    const offer = await type(session, WORDS, AVA);
    await Promise.all([0, 1].map(() => press(session, AVA, offer, 'Send')));
    expect(await storeOf(session).listByReporter(AVA.aadObjectId)).toHaveLength(1);
  });

  it('"No thanks" records nothing and sends nothing', async () => {
    const session = await open();
    const offer = await type(session, WORDS, AVA);
    const card = textOf(await press(session, AVA, offer, 'No thanks'));
    expect(card).toContain('I have not sent it to anyone.');
    expect(card).not.toContain(WORDS);
    expect(await storeOf(session).listByReporter(AVA.aadObjectId)).toEqual([]);
    expect(await session.deliver()).toHaveLength(0);
  });

  it("a Send with another pupil's offer id records the second pupil's own report, and Ava's offer still sends hers", async () => {
    const session = await open();
    const avas = await type(session, WORDS, AVA);
    const { offerId } = button(avas, 'Send').data;
    await session.click(LEO, 'disclosure.send', { offerId, words: 'someone keeps messaging me', danger: 'no' });
    await press(session, AVA, avas, 'Send');
    const [leo] = await storeOf(session).listByReporter(LEO.aadObjectId);
    const [ava] = await storeOf(session).listByReporter(AVA.aadObjectId);
    expect(leo).toMatchObject({ reportedBy: { aadObjectId: LEO.aadObjectId }, details: { description: 'someone keeps messaging me' } });
    expect(ava).toMatchObject({ reportedBy: { aadObjectId: AVA.aadObjectId }, details: { description: WORDS } });
    expect(leo!.id).not.toBe(ava!.id);
  });

  it('"I want to kill myself": the danger words come first, the danger question already on, and Send alerts at once as critical', async () => {
    const session = await open();
    const offer = await type(session, 'I want to kill myself', AVA);
    const text = textOf(offer);
    const question = text.indexOf('Do you want me to send this to a grown-up who can help?');
    for (const words of ['You are not alone', 'Tell an adult near you right now.', '0800 1111', '999']) {
      expect(text.indexOf(words)).toBeGreaterThanOrEqual(0);
      expect(text.indexOf(words)).toBeLessThan(question);
    }
    expect(offer.body.find((e) => (e as { type: string }).type === 'Input.Toggle')).toMatchObject({ value: 'yes' });
    const after = textOf(await press(session, AVA, offer, 'Send'));
    expect(after).toContain(`We have told ${PRIYA_TO_PUPILS} straight away.`);
    const [record] = await storeOf(session).listByReporter(AVA.aadObjectId);
    expect(record).toMatchObject({ severity: 'critical', details: { description: 'I want to kill myself', dangerNow: true } });
    const alerted = (await session.deliver())
      .filter((c) => c.op === 'send')
      .map((c) => c.conversationId)
      .sort();
    expect(alerted).toEqual([`personal-${PEOPLE.helen.id}`, `personal-${PEOPLE.priya.id}`, `personal-${PEOPLE.tom.id}`].sort());
  });

  it('"No thanks" after danger words keeps the danger help on screen', async () => {
    const session = await open();
    const offer = await type(session, "he's outside my house", AVA);
    const card = textOf(await press(session, AVA, offer, 'No thanks'));
    expect(card).toContain('0800 1111');
    expect(await storeOf(session).listByReporter(AVA.aadObjectId)).toEqual([]);
  });

  it('words changed in transit are checked on the server: too long comes back to shorten (nothing recorded), none gets the worried card', async () => {
    const session = await open();
    const offer = await type(session, WORDS, AVA);
    const { offerId } = button(offer, 'Send').data;
    const long = textOf(await session.click(AVA, 'disclosure.send', { offerId, words: 'x'.repeat(2001), danger: 'no' }));
    expect(long).toContain('That is a lot of words!');
    expect(textOf(await session.click(AVA, 'disclosure.send', { offerId, words: '   ', danger: 'no' }))).toContain(
      'Tell us what happened.',
    );
    const noOffer = textOf(await session.click(AVA, 'disclosure.send', { offerId: '<script>', words: WORDS, danger: 'no' }));
    expect(noOffer).toContain('Please press Send again.');
    expect(await storeOf(session).listByReporter(AVA.aadObjectId)).toEqual([]);
  });

  it('a message over the limit is offered in a box to shorten, and sends once it fits', async () => {
    const session = await open();
    const long = `${WORDS} ${'and more '.repeat(250)}`.trim();
    const offer = await type(session, long, AVA);
    expect(textOf(offer)).toContain('That is a lot of words!');
    expect(button(offer, 'Send').data.words).toBeUndefined();
    await press(session, AVA, offer, 'Send', { words: WORDS });
    const [record] = await storeOf(session).listByReporter(AVA.aadObjectId);
    expect(record!.details).toMatchObject({ description: WORDS });
  });

  it('staff cannot send a pupil offer', async () => {
    const session = await open();
    expect(textOf(await session.click(PEOPLE.sam, 'disclosure.send', { offerId: 'x-1', words: WORDS, danger: 'no' }))).toContain(
      'This card is for pupils',
    );
    expect(await storeOf(session).listByReporter(PEOPLE.sam.aadObjectId)).toEqual([]);
  });

  it('"worried" and "help me" still give the "I\'m worried" card', async () => {
    const session = await open();
    for (const words of ['worried', 'help me'])
      expect(textOf(await type(session, words, AVA))).toContain('Tell us what happened. Tap the one that fits best.');
  });
});

describe('a member of staff types something that is not a command', () => {
  it('"urgent" gets "Report this as a concern?"; the button opens step 1 of the report with the words kept as its description', async () => {
    const session = await open();
    const offer = await type(session, 'urgent', PEOPLE.sam);
    expect(textOf(offer)).toContain('Report this as a concern?');
    expect(textOf(offer)).toContain('urgent');
    expect(offer.actions!.map((a) => a.title)).toEqual(['Report this as a concern', 'No, thanks']);
    const step1 = textOf(await press(session, PEOPLE.sam, offer, 'Report this as a concern'));
    expect(step1).toMatch(/step 1 of/);
    expect(await storeOf(session).listByReporter(PEOPLE.sam.aadObjectId)).toEqual([]);
    // the draft, in the bot's state for Sam's chat, holds his words as the description
    // (needs the report flow's `reports.start(..., { description })` prefill from the lead engineer)
    const state = session.db
      .prepare<[string], { value: string }>('SELECT value FROM bot_state WHERE key LIKE ?')
      .all(`%personal-${PEOPLE.sam.id}%`);
    expect(state.map((s) => s.value).join('\n')).toContain('"description":"urgent"');
  });

  it('"I need to report something a child told me" gets the offer, and "No, thanks" keeps nothing', async () => {
    const session = await open();
    const offer = await type(session, 'I need to report something a child told me', PEOPLE.sam);
    expect(textOf(offer)).toContain('Report this as a concern?');
    expect(textOf(offer)).not.toContain('999');
    const card = textOf(await press(session, PEOPLE.sam, offer, 'No, thanks'));
    expect(card).toContain('Nothing has been recorded.');
    expect(await storeOf(session).listByReporter(PEOPLE.sam.aadObjectId)).toEqual([]);
  });

  it('danger words: the safety words (999, the DSL and deputy in person, by name) come above the offer', async () => {
    const session = await open();
    const text = textOf(await type(session, 'a pupil says he is going to meet him tonight', PEOPLE.sam));
    const offerAt = text.indexOf('Report this as a concern?');
    for (const words of [
      'Call 999 now',
      'Tell the designated safeguarding lead in person now: Priya Shah',
      'If you cannot reach them: Tom Okafor',
    ]) {
      expect(text.indexOf(words)).toBeGreaterThanOrEqual(0);
      expect(text.indexOf(words)).toBeLessThan(offerAt);
    }
  });

  it('"help" stays help, and "report" still starts a report', async () => {
    const session = await open();
    expect(textOf(await type(session, 'help', PEOPLE.sam))).toContain('Online Safety: help');
    expect(textOf(await type(session, 'report', PEOPLE.sam))).toMatch(/step 1 of/);
  });

  it('a pupil cannot use the staff button: she is offered to send her own words instead, and nothing is recorded until she does', async () => {
    const session = await open();
    const card = textOf(await session.click(AVA, 'disclosure.report', { offerId: 'x-1', words: WORDS }));
    expect(card).toContain('Do you want me to send this to a grown-up who can help?');
    expect(await storeOf(session).listByReporter(AVA.aadObjectId)).toEqual([]);
  });
});

describe('typed text in a team channel or group chat', () => {
  const elsewhere = (words: string, from: typeof AVA, conversationType: 'channel' | 'groupChat'): Partial<Activity> => {
    const base = personalMessage(words, from);
    const id = conversationType === 'channel' ? '19:general@thread.tacv2;messageid=1' : '19:group-chat@thread.v2';
    return {
      ...base,
      conversation: { ...base.conversation!, id, conversationType, isGroup: true },
      channelData: {
        ...(base.channelData as object),
        ...(conversationType === 'channel' ? { channel: { id: '19:general@thread.tacv2' } } : {}),
      },
    };
  };

  it.each([
    ['channel', 'Sam', PEOPLE.sam, 'I need to report something a child told me'],
    ['channel', 'Ava', AVA, WORDS],
    ['groupChat', 'Sam', PEOPLE.sam, 'urgent he is outside'],
    ['groupChat', 'Ava', AVA, 'I want to kill myself'],
  ] as const)('%s: %s gets only the 1:1 pointer, never the words back', async (where, _name, who, words) => {
    const session = await open();
    const replies = await session.send(elsewhere(words, who, where));
    expect(replies.map((r) => r.text)).toEqual([PERSONAL_CHAT_ONLY]);
    expect(JSON.stringify(replies)).not.toContain(words);
    expect(await storeOf(session).listByReporter(who.aadObjectId)).toEqual([]);
  });
});

describe('the logs', () => {
  it("carry ids and outcomes, never what was typed or anyone's name", async () => {
    const lines: string[] = [];
    const db = openDatabaseFile(':memory:');
    let ids = 0;
    const app = createBotApp({
      adapter: new TeamsAdapter({}),
      storage: new SqliteBotStorage(db),
      conversations: new SqliteConversationDirectory(db),
      store: new SqliteIncidentStore(db),
      profile: exampleProfile(),
      logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }),
      newId: () => `offer-${++ids}`,
    });
    const adapter = new TestAdapter(async (context) => {
      await app.run(context);
    });
    const turn = async (activity: Partial<Activity>) => {
      await adapter.processActivity(activity);
      return adapter.activeQueue.splice(0);
    };
    const [reply] = await turn(personalMessage(WORDS, AVA));
    const offer = reply!.attachments![0]!.content as AdaptiveCardContent;
    await turn(invokeActivity(AVA, 'disclosure.send', { ...button(offer, 'Send').data, danger: 'no' }));
    const [staffReply] = await turn(personalMessage('I need to report something a child told me about Leo Green', PEOPLE.sam));
    const staffOffer = staffReply!.attachments![0]!.content as AdaptiveCardContent;
    await turn(invokeActivity(PEOPLE.sam, 'disclosure.dismiss', button(staffOffer, 'No, thanks').data));
    const log = lines.join('');
    expect(log).toContain('"event":"disclosure-offered"');
    expect(log).toContain('"event":"disclosure-sent"');
    expect(log).toContain('"event":"disclosure-dismissed"');
    for (const secret of [WORDS, 'roblox', 'pictures', 'a child told me', 'Leo Green', 'Ava', 'Sam Taylor', 'Priya', 'Shah'])
      expect(log).not.toContain(secret);
  });
});
