import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { AVA, BOT, TENANT } from '../support/activities.js';
import { BotSession, textOf, type AdaptiveCardContent } from '../support/test-bot.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { PEOPLE, channelPost, clickCard, said, schoolDay, storeOf } from './support/casework.js';
import { VERB_CASE_DETAILS } from '../../src/adapters/teams/cards/case-cards.js';

// "Report a concern" on a Teams message: composeExtension/fetchTask and submitAction invokes carrying
// messagePayload, shaped as Teams sends them (ids, HTML body, mentions, emoji, attachments)

const T0 = new Date('2026-11-24T10:00:00Z');
const day = schoolDay(T0);

const LEO = { id: 'user-pupil-leo', name: 'Leo Green', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000007' };
const OMAR = { id: 'user-staff-omar', name: 'Omar Ali', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000011' };
const NIA = { id: 'user-staff-nia', name: 'Nia Jones', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000010' };
const GUEST = { id: 'user-guest', name: 'A Visitor', aadObjectId: 'a1b2c3d4-0000-4000-8000-0000000000ff' };
type Person = { id: string; name: string; aadObjectId: string };

const GROUP_CHAT = { id: '19:year3-chat_abc@unq.gbl.spaces', conversationType: 'groupChat', name: 'Year 3 class chat' };
const HUMAN_1TO1 = { id: '19:sam-omar_def@unq.gbl.spaces', conversationType: 'personal' };
const CHANNEL = { id: '19:year6-general@thread.tacv2;messageid=1764669600000', conversationType: 'channel' };
type Where = typeof GROUP_CHAT | typeof HUMAN_1TO1 | typeof CHANNEL;

/** the words of the chat message: a mention, an emoji, entities, two lines */
const CHAT_HTML =
  '<p><at id="0">Sam Taylor</at> look what <b>Leo</b> wrote:</p><p>nobody likes you &amp; you should leave &lt;3 <emoji id="laugh" alt="😆" title="Laughing"></emoji></p>';
const CHAT_TEXT = 'Sam Taylor look what Leo wrote:\nnobody likes you & you should leave <3 😆';
const LINK =
  'https://teams.microsoft.com/l/message/19:year3-chat_abc@unq.gbl.spaces/1764669600000?context=%7B%22contextType%22%3A%22chat%22%7D';

function payload(
  id: string,
  author: Person,
  html: string,
  extra: { attachments?: Record<string, unknown>[]; link?: string } = {},
): Record<string, unknown> {
  return {
    id,
    replyToId: null,
    createdDateTime: '2026-11-24T09:20:00.000Z',
    lastModifiedDateTime: null,
    deleted: false,
    subject: null,
    summary: null,
    importance: 'normal',
    locale: 'en-gb',
    linkToMessage: extra.link ?? LINK,
    from: {
      user: { '@odata.type': '#microsoft.graph.user', id: author.aadObjectId, displayName: author.name, userIdentityType: 'aadUser' },
      application: null,
      device: null,
    },
    body: { contentType: 'html', content: html },
    attachments: extra.attachments ?? [],
    mentions: [{ id: 0, mentionText: 'Sam Taylor', mentioned: { user: { id: PEOPLE.sam.aadObjectId, displayName: 'Sam Taylor' } } }],
    reactions: [],
  };
}

function invoke(
  name: 'composeExtension/fetchTask' | 'composeExtension/submitAction',
  from: Person,
  where: Where,
  messagePayload: Record<string, unknown>,
  data?: Record<string, unknown>,
): Partial<Activity> {
  const inChannel = where.conversationType === 'channel';
  return {
    type: 'invoke',
    name,
    channelId: 'msteams',
    serviceUrl: 'https://smba.invalid/',
    from,
    recipient: BOT,
    conversation: { name: '', ...where, tenantId: TENANT, isGroup: where.conversationType !== 'personal' },
    channelData: {
      tenant: { id: TENANT },
      source: { name: 'message' },
      ...(inChannel
        ? { team: { id: '19:year6-team@thread.tacv2', name: 'Year 6' }, channel: { id: '19:year6-general@thread.tacv2', name: 'General' } }
        : {}),
    },
    value: {
      commandId: 'reportMessage',
      commandContext: 'message',
      context: { theme: 'default' },
      messagePayload,
      ...(data ? { data } : {}),
    },
  };
}

interface Dialog {
  title: string;
  card: AdaptiveCardContent;
  text: string;
  /** every activity of the turn besides the invoke response (the bot must send none) */
  others: Partial<Activity>[];
}

async function dialogOf(session: BotSession, activity: Partial<Activity>): Promise<Dialog> {
  const replies = await session.send(activity);
  const response = replies.find((r) => r.type === 'invokeResponse');
  const body = (
    response?.value as {
      status: number;
      body: { task: { type: string; value: { title: string; card: { content: AdaptiveCardContent } } } };
    }
  ).body;
  expect(body.task.type).toBe('continue');
  const card = body.task.value.card.content;
  return { title: body.task.value.title, card, text: textOf(card), others: replies.filter((r) => r.type !== 'invokeResponse') };
}

const open = (s: BotSession, who: Person, where: Where, p: Record<string, unknown>) =>
  dialogOf(s, invoke('composeExtension/fetchTask', who, where, p));
const answer = (s: BotSession, who: Person, where: Where, p: Record<string, unknown>, data: Record<string, unknown>) =>
  dialogOf(s, invoke('composeExtension/submitAction', who, where, p, { messageId: p.id, ...data }));

/** Sam's whole report of a message: open, the first screen, the second */
async function reportIt(
  s: BotSession,
  who: Person,
  where: Where,
  p: Record<string, unknown>,
  first: Record<string, string>,
  kind = 'unkind',
  words = '',
) {
  const opened = await open(s, who, where, p);
  const second = await answer(s, who, where, p, { step: 'first', ...first });
  const sent = await answer(s, who, where, p, { step: 'second', kind, words });
  return { opened, second, sent };
}

const reference = (text: string) => /reference is \**(OS-\d{4}-\d{4})/.exec(text)?.[1];

describe('Report a concern, from a Teams message (message action)', () => {
  it('a group chat message with a mention, HTML and an emoji: the dialog holds it as plain text; three answers; a reference; the DSL gets it 1:1 with its link, the channel no name and no word of it', async () => {
    const s = await day.open();
    const p = payload('1764669600000', LEO, CHAT_HTML);
    const { opened, second, sent } = await reportIt(
      s,
      PEOPLE.sam,
      GROUP_CHAT,
      p,
      { danger: 'no', about: 'author' },
      'unkind',
      'Leo told me it was a joke',
    );

    expect(opened.title).toBe('Report a concern');
    expect(opened.text).toContain(CHAT_TEXT);
    expect(opened.text).toContain('Posted by: Leo Green');
    expect(opened.text).toContain('When: 24 Nov 2026, 09:20');
    expect(opened.text).toContain('Where: The group chat "Year 3 class chat"');
    expect(JSON.stringify(opened.card)).toContain('"label":"Is a child in danger right now?"');
    expect(opened.text).toContain('Leo Green, who posted it (a pupil)');
    expect(opened.text).toContain('Only you can see this. Nothing is posted in the chat');
    expect(JSON.stringify(second.card)).toContain('"label":"What kind of concern is it?"');
    expect(JSON.stringify(second.card)).toContain('"label":"Anything to add? (You can leave this empty)"');
    expect(sent.text).toContain('Report sent');
    expect(reference(sent.text)).toBe('OS-2026-0001');

    const [record] = await storeOf(s).listByReporter(PEOPLE.sam.aadObjectId);
    expect(record).toMatchObject({
      reference: 'OS-2026-0001',
      severity: 'medium',
      facts: {
        reportedBy: 'staff',
        types: ['cyberbullying'],
        involved: [
          { party: 'pupil', part: 'victim' },
          { party: 'pupil', part: 'instigator' },
        ],
      },
      details: {
        description: 'Leo told me it was a joke',
        childNames: 'Leo Green',
        date: '2026-11-24',
        time: '09:20',
        platform: 'Microsoft Teams',
        reportedMessage: {
          id: '1764669600000',
          text: CHAT_TEXT,
          authorName: 'Leo Green',
          authorAadObjectId: LEO.aadObjectId,
          postedAt: '2026-11-24T09:20:00.000Z',
          where: 'The group chat "Year 3 class chat"',
          link: LINK,
          leftInTeams: 0,
        },
      },
    });

    const calls = await s.deliver();
    const post = said(channelPost(calls));
    for (const secret of ['Leo', 'nobody likes you', '😆', 'Year 3 class chat', 'Sam Taylor look', LINK, 'a joke'])
      expect(post).not.toContain(secret);
    // the DSL opens the case's details in her 1:1 chat
    const details = await clickCard(s, PEOPLE.priya, VERB_CASE_DETAILS, { caseId: record!.id });
    const priyaCard = textOf(details);
    expect(priyaCard).toContain('The Teams message, as posted');
    expect(priyaCard).toContain(CHAT_TEXT);
    expect(priyaCard).toContain('Posted by: Leo Green');
    const actions = JSON.stringify(details);
    expect(actions).toContain('"Open the message in Teams"');
    expect(actions).toContain(JSON.stringify(LINK).slice(1, -1));
    // nothing at all went into the chat the message is in, in the turns or later
    for (const d of [opened, second, sent]) expect(d.others).toEqual([]);
    expect(s.connector.calls.filter((c) => c.conversationId.startsWith('19:year3-chat'))).toEqual([]);
  });

  it('a channel post by an adult of the school with a picture: danger now raises the early alert at once, the author is barred, the picture is never fetched or kept', async () => {
    const s = await day.open();
    const picture = 'https://us-api.asm.skype.com/v1/objects/0-weu-d1-abc/views/imgo';
    const html = `<div>send me a photo of you, our secret 🤫</div><div><img src="${picture}" alt="image" itemtype="http://schema.skype.com/AMSImage" width="250"></div>`;
    const file = {
      id: 'f1',
      contentType: 'reference',
      contentUrl: 'https://oakfield.sharepoint.com/sites/Year6/Shared%20Documents/photo.jpg',
      name: 'photo.jpg',
    };
    const channelLink =
      'https://teams.microsoft.com/l/message/19:year6-general@thread.tacv2/1764669600001?groupId=g&parentMessageId=1764669600001';
    const p = payload('1764669600001', OMAR, html, { attachments: [file], link: channelLink });

    const opened = await open(s, PEOPLE.sam, CHANNEL, p);
    expect(opened.text).toContain('send me a photo of you, our secret 🤫');
    expect(opened.text).toContain('[picture left in Teams]');
    expect(opened.text).toContain('Where: Year 6 (team), General (channel)');
    expect(opened.text).toContain('Omar Ali, who posted it (an adult at the school)');
    expect(opened.text).toContain('it is left where it is in Teams. Do not delete it and do not forward it to anyone.');

    const second = await answer(s, PEOPLE.sam, CHANNEL, p, { step: 'first', danger: 'yes', about: 'author' });
    expect(second.text).toContain('The safeguarding leads have been alerted now.');
    // the alert went before the rest of the report: a critical case exists already
    const [alerted] = await storeOf(s).listByReporter(PEOPLE.sam.aadObjectId);
    expect(alerted).toMatchObject({ severity: 'critical', details: { earlyAlert: true } });
    const alertCalls = await s.deliver();
    const alertedPeople = alertCalls.filter((c) => c.op === 'send').map((c) => c.conversationId);
    expect(alertedPeople).toEqual(
      expect.arrayContaining([`personal-${PEOPLE.priya.id}`, `personal-${PEOPLE.tom.id}`, `personal-${PEOPLE.helen.id}`]),
    );

    // the first screen sent again with "No" (an old screen, a second tap): the leads were alerted, so it stays a child in danger
    const resent = await answer(s, PEOPLE.sam, CHANNEL, p, { step: 'first', danger: 'no', about: 'author' });
    expect(resent.text).toContain('The safeguarding leads have been alerted now.');
    const sent = await answer(s, PEOPLE.sam, CHANNEL, p, { step: 'second', kind: 'grooming', words: '' });
    expect(reference(sent.text)).toBe(alerted!.reference);
    expect(sent.text).toContain('it is left where it is in Teams');
    const record = await storeOf(s).get(alerted!.id);
    expect(record).toMatchObject({
      severity: 'critical',
      facts: { immediateRisk: true, types: ['grooming'], implicatedPeople: [{ aadObjectId: OMAR.aadObjectId }] },
      details: {
        reportedMessage: { text: 'send me a photo of you, our secret 🤫\n[picture left in Teams]', leftInTeams: 2, link: channelLink },
      },
    });
    await s.deliver();
    // the picture and the file: never fetched (nock allows no other host), never in the record
    expect(JSON.stringify(record)).not.toContain(picture);
    expect(JSON.stringify(record)).not.toContain('photo.jpg');
    // the adult it is about hears nothing of it, and nothing was posted in the channel the message is in
    expect(s.connector.calls.filter((c) => c.conversationId === `personal-${OMAR.id}`)).toEqual([]);
    expect(s.connector.calls.filter((c) => c.conversationId.startsWith('19:year6'))).toEqual([]);
  });

  it('the same person reporting the same message again is told it is already reported; a second person makes a second report, linked, and the DSL reads "Also reported by 1 other" 1:1 only', async () => {
    const s = await day.open();
    const p = payload('1764669600002', LEO, CHAT_HTML);
    const first = await reportIt(s, PEOPLE.sam, GROUP_CHAT, p, { danger: 'no' });
    expect(reference(first.sent.text)).toBe('OS-2026-0001');
    const again = await open(s, PEOPLE.sam, GROUP_CHAT, p);
    expect(again.text).toContain('You have already reported this message');
    expect(reference(again.text)).toBe('OS-2026-0001');
    // a double tap on Send recognised the same way
    const doubleTap = await answer(s, PEOPLE.sam, GROUP_CHAT, p, { step: 'second', kind: 'unkind', words: '' });
    expect(reference(doubleTap.text)).toBe('OS-2026-0001');
    expect(await storeOf(s).listByReporter(PEOPLE.sam.aadObjectId)).toHaveLength(1);
    await s.deliver();

    const byNia = await reportIt(s, NIA, GROUP_CHAT, p, { danger: 'no' });
    expect(byNia.sent.text).toContain('Report sent');
    expect(reference(byNia.sent.text)).toBe('OS-2026-0002');
    const store = storeOf(s);
    const samsCase = await store.getByReference('OS-2026-0001');
    const niasCase = await store.getByReference('OS-2026-0002');
    expect((samsCase!.details as { linkedReports: unknown }).linkedReports).toEqual([{ id: niasCase!.id, reference: 'OS-2026-0002' }]);
    expect((niasCase!.details as { linkedReports: unknown }).linkedReports).toEqual([{ id: samsCase!.id, reference: 'OS-2026-0001' }]);
    expect((await store.events(samsCase!.id)).map((e) => e.type)).toContain('linked-report');

    await s.deliver();
    // the DSL opens either case's details in her 1:1 chat: each names the other by reference, never by who
    const niasDetails = textOf(await clickCard(s, PEOPLE.priya, VERB_CASE_DETAILS, { caseId: niasCase!.id }));
    expect(niasDetails).toContain('Also reported by 1 other (case OS-2026-0001)');
    expect(niasDetails).not.toContain('Sam Taylor (');
    const samsDetails = textOf(await clickCard(s, PEOPLE.priya, VERB_CASE_DETAILS, { caseId: samsCase!.id }));
    expect(samsDetails).toContain('Also reported by 1 other (case OS-2026-0002)');
    for (const c of s.connector.channelCalls()) {
      expect(JSON.stringify(c.activity)).not.toContain('Also reported');
      expect(JSON.stringify(c.activity)).not.toContain('Nia');
    }
  });

  it('a pupil: "I\'m worried about this message" in two taps, with their own words, the same thank-you, and the DSL told 1:1', async () => {
    const s = await day.open();
    const p = payload('1764669600003', LEO, '<p>if you tell anyone ill hurt you 😠</p>');
    const opened = await open(s, AVA, GROUP_CHAT, p);
    expect(opened.title).toBe("I'm worried");
    expect(opened.text).toContain("I'm worried about this message");
    expect(opened.text).toContain('if you tell anyone ill hurt you 😠');
    expect(opened.text).toContain('You are not in trouble.');
    const thanks = await answer(s, AVA, GROUP_CHAT, p, { step: 'pupil', words: 'Leo keeps saying this', danger: 'no' });
    expect(thanks.text).toContain('You did the right thing telling us.');
    expect(thanks.text).toContain('Mrs Shah or another adult you trust will talk to you soon.');
    expect(thanks.text).toContain('Please do not delete or send on any messages or pictures.');
    const [record] = await storeOf(s).listByReporter(AVA.aadObjectId);
    expect(record).toMatchObject({
      reportedBy: { kind: 'pupil' },
      details: {
        description: 'Leo keeps saying this',
        pupilChoice: "I'm worried about this message",
        reportedMessage: { text: 'if you tell anyone ill hurt you 😠', authorName: 'Leo Green' },
      },
    });
    const calls = await s.deliver();
    const toPriya = s.connector.sentTo(PEOPLE.priya.id).map(said).join('\n');
    expect(toPriya).toContain('A pupil is worried');
    expect(toPriya).toContain('if you tell anyone ill hurt you 😠');
    expect(said(channelPost(calls))).not.toContain('hurt');
    // again: recognised, nothing new
    const again = await open(s, AVA, GROUP_CHAT, p);
    expect(again.text).toContain('You did the right thing telling us.');
    expect(await storeOf(s).listByReporter(AVA.aadObjectId)).toHaveLength(1);
  });

  it('someone reporting their own message is not asked whether it is about themselves', async () => {
    const s = await day.open();
    const p = payload('1764669600006', PEOPLE.sam, '<p>I should not have sent this</p>');
    const opened = await open(s, PEOPLE.sam, GROUP_CHAT, p);
    expect(opened.text).toContain('Posted by: Sam Taylor');
    expect(JSON.stringify(opened.card)).not.toContain('"id":"about"');
  });

  it('someone not on the school lists is told where to go, and nothing is recorded', async () => {
    const s = await day.open();
    const p = payload('1764669600004', LEO, '<p>hello</p>');
    const opened = await open(s, GUEST, GROUP_CHAT, p);
    expect(opened.text).toContain("This is for Oakfield Primary School's pupils and staff.");
    expect(await storeOf(s).listByReporter(GUEST.aadObjectId)).toEqual([]);
  });

  it('from a 1:1 chat between two people: the bot keeps reaching Sam in his own chat with it, not in that chat', async () => {
    const s = await day.open();
    const before = await new SqliteConversationDirectory(s.db).find(PEOPLE.sam.aadObjectId);
    const p = payload('1764669600005', OMAR, '<p>can you cover my duty</p>');
    const opened = await open(s, PEOPLE.sam, HUMAN_1TO1, p);
    expect(opened.text).toContain('Where: A one-to-one chat');
    expect(await new SqliteConversationDirectory(s.db).find(PEOPLE.sam.aadObjectId)).toEqual(before);
  });
});
