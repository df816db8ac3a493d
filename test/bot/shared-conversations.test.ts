// what a pupil or reporter types never goes to a channel or group chat, and what cannot be read is refused kindly
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { AVA, SAM, TENANT, personalMessage } from '../support/activities.js';
import { BotSession, cardText, invokeActivity, textOf } from '../support/test-bot.js';
import { storeOf } from './support/casework.js';
import { MESSAGE_TOO_LONG, PERSONAL_CHAT_ONLY, PERSONAL_CHAT_ONLY_CARD, PUPIL_MESSAGE_TOO_LONG } from '../../src/adapters/teams/replies.js';

const WORDS = 'zebra-kettle my cousin keeps sending me photos';
const CHAT_URL = 'https://teams.microsoft.com/l/chat/0/0?users=28:online-safety-bot';

type Where = 'channel' | 'groupChat';
const conversationOf = (where: Where) => ({
  id: where === 'channel' ? '19:general@thread.tacv2;messageid=1' : '19:group-chat@thread.v2',
  conversationType: where,
  tenantId: TENANT,
  isGroup: true,
  name: '',
});
const elsewhere = (activity: Partial<Activity>, where: Where): Partial<Activity> => ({
  ...activity,
  conversation: conversationOf(where),
  channelData: { tenant: { id: TENANT }, ...(where === 'channel' ? { channel: { id: '19:general@thread.tacv2' } } : {}) },
});

const openUrls = (replies: Partial<Activity>[]): unknown[] =>
  replies
    .flatMap((r) => (r.attachments ?? []).flatMap((a) => (a.content as { actions?: { type: string; url?: string }[] }).actions ?? []))
    .filter((a) => a.type === 'Action.OpenUrl')
    .map((a) => a.url);

describe('worried, report and status only in the 1:1 chat', () => {
  it.each([
    ['worried', AVA, 'channel'],
    ['worried', AVA, 'groupChat'],
    ['report', AVA, 'channel'],
    ['status', AVA, 'groupChat'],
    ['report', SAM, 'groupChat'],
    ['status', SAM, 'channel'],
    ['worried', SAM, 'channel'],
  ] as const)('%s typed by %s in a %s: the pointer and a button to the 1:1 chat, no card', async (command, who, where) => {
    const session = new BotSession();
    const replies = await session.send(elsewhere(personalMessage(command, who), where));
    expect(replies.map((r) => r.text)).toEqual([PERSONAL_CHAT_ONLY]);
    expect(openUrls(replies)).toEqual([CHAT_URL]);
    expect(cardText(replies[0]!)).not.toContain('worried');
  });
});

describe('cards that carry typed words, pressed in a channel or group chat', () => {
  it.each(['channel', 'groupChat'] as const)('a worry sent by the Action.Submit fallback in a %s is not echoed or kept', async (where) => {
    const session = new BotSession();
    const submit = {
      ...elsewhere(personalMessage('', AVA), where),
      text: undefined,
      value: { verb: 'worried.send', cardId: 'c1', words: WORDS, danger: 'no', choice: 'someone-online' },
    };
    const replies = await session.send(submit);
    expect(JSON.stringify(replies)).not.toContain('zebra-kettle');
    expect(replies.map((r) => cardText(r))).toEqual([`${PERSONAL_CHAT_ONLY_CARD}\nOpen my private chat`]);
    expect(openUrls(replies)).toEqual([CHAT_URL]);
    expect(await storeOf(session).listByReporter(AVA.aadObjectId)).toEqual([]);
  });

  it.each([
    ['worried.send', AVA, { cardId: 'c2', words: WORDS, danger: 'yes', choice: 'someone-online' }],
    ['disclosure.send', AVA, { offerId: 'o1', words: WORDS }],
    ['disclosure.report', SAM, { offerId: 'o2', words: WORDS }],
    ['report.next', SAM, { flowId: 'f1', description: WORDS }],
    ['case.answer.submit', SAM, { caseId: 'x', requestId: 'y', answer: WORDS }],
    ['worried.start', AVA, {}],
  ] as const)('%s by Action.Execute in a channel: refused with the button, nothing kept', async (verb, who, data) => {
    const session = new BotSession();
    const answer = await session.click(who, verb, data, { channelConversationId: '19:general@thread.tacv2;messageid=1' });
    expect(textOf(answer)).toBe(`${PERSONAL_CHAT_ONLY_CARD}\nOpen my private chat`);
    expect(JSON.stringify(answer)).not.toContain('zebra-kettle');
    expect(answer.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open my private chat', url: CHAT_URL }]);
    expect(await storeOf(session).listByReporter(who.aadObjectId)).toEqual([]);
  });
});

describe('command look-up uses its own keys only', () => {
  const withoutIds = (replies: Partial<Activity>[]) => JSON.stringify(replies.map((r) => cardText(r))).replace(/"offerId":"[^"]*"/g, '');

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    '%j gets the same answer as any other unknown words',
    async (text) => {
      const session = new BotSession();
      const replies = await session.send(personalMessage(text, SAM));
      const usual = await session.send(personalMessage('banana', SAM));
      expect(replies).toHaveLength(1);
      expect(withoutIds(replies).replace(text, 'X')).toBe(withoutIds(usual).replace('banana', 'X'));
    },
  );
});

describe('a message too long to read', () => {
  const long = (start: string) => `${start} ${'<'.repeat(40_000)}`;

  it('is refused unparsed, nothing kept, and no offer when nothing in its start is about danger', async () => {
    const session = new BotSession();
    const replies = await session.send(personalMessage(long('report'), SAM));
    expect(replies.map((r) => r.text)).toEqual([MESSAGE_TOO_LONG]);
    expect(replies[0]!.attachments ?? []).toEqual([]);
    expect(await storeOf(session).listByReporter(SAM.aadObjectId)).toEqual([]);
  });

  it('still brings a pupil the danger help when its first characters say they are in danger', async () => {
    const session = new BotSession();
    const replies = await session.send(personalMessage(long('he is outside my house and I am scared'), AVA));
    expect(replies.map((r) => r.text ?? '')).toEqual([PUPIL_MESSAGE_TOO_LONG, '']);
    expect(cardText(replies[1]!)).toContain('Childline on **0800 1111**');
    // the offer shows at most the scanned start, in the pupil's own chat, and keeps nothing until they press Send
    expect(JSON.stringify(replies[1]).length).toBeLessThan(20_000);
    expect(await storeOf(session).listByReporter(AVA.aadObjectId)).toEqual([]);
  });

  it('in a channel gets only the pointer to the 1:1 chat', async () => {
    const session = new BotSession();
    const replies = await session.send(elsewhere(personalMessage(long('I am scared'), AVA), 'channel'));
    expect(replies.map((r) => r.text)).toEqual([PERSONAL_CHAT_ONLY]);
    expect(JSON.stringify(replies)).not.toContain('scared');
  });
});

// the refusal is about the place only: in the 1:1 chat the same button works as before
describe('the same cards in the 1:1 chat', () => {
  it('worried.start by a pupil in the 1:1 chat still opens the worry card', async () => {
    const session = new BotSession();
    const replies = await session.send(invokeActivity(AVA, 'worried.start', {}));
    expect(JSON.stringify(replies)).toContain('worried.send');
  });
});
