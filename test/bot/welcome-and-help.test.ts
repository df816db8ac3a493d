import { describe, expect, it } from 'vitest';
import { AVA, SAM, membersAdded, personalMessage } from '../support/activities.js';
import { BotSession, cardText, converse } from '../support/test-bot.js';
import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';

describe('bot turns: welcome, help and the unknown', () => {
  it('welcomes a new member of staff: what it is for, who it tells, what to type', async () => {
    const replies = await converse(membersAdded(SAM));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.attachments![0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const text = cardText(replies[0]!);
    expect(text).toContain('Welcome to Online Safety at Oakfield Primary School');
    expect(text).toContain('If a child is in immediate danger, call 999 now and tell Priya Shah in person.');
    expect(text).toContain('Your report goes to the designated safeguarding lead, Priya Shah (deputies: Tom Okafor)');
    expect(text).toMatch(/report\nreport a concern\nstatus\nsee the reports you have made\nhelp\nshow this message/);
  });

  it('welcomes a pupil with the simple card, not the staff one', async () => {
    const replies = await converse(membersAdded(AVA));
    const text = cardText(replies[0]!);
    expect(text).toContain('If something online has worried or upset you, you can tell us here.');
    expect(text).not.toContain('designated safeguarding lead');
  });

  it.each(['help', 'Help', ' HELP! ', '<at>Online Safety</at> help', 'hello'])('answers %j with the help card', async (typed) => {
    const replies = await converse(personalMessage(typed));
    expect(replies).toHaveLength(1);
    expect(cardText(replies[0]!)).toContain('Online Safety: help');
  });

  it('never answers a message it does not recognise with "did not understand" alone: staff are offered to report it (issue 14)', async () => {
    const replies = await converse(personalMessage('can you tell me the wifi password for Year 6?'));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text ?? '').not.toMatch(/understand/i);
    const text = cardText(replies[0]!);
    expect(text).toContain('Report this as a concern?');
    expect(text).toContain('can you tell me the wifi password for Year 6?');
  });

  it('a pupil is asked whether to send what she typed to a grown-up', async () => {
    const replies = await converse(personalMessage('someone keeps messaging me', AVA));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text ?? '').not.toMatch(/understand/i);
    expect(cardText(replies[0]!)).toContain('Do you want me to send this to a grown-up who can help?');
  });

  it('does not treat a sentence that contains a command word as the command', async () => {
    const replies = await converse(personalMessage('I need help with the report on the Year 4 trip'));
    const text = cardText(replies[0]!);
    expect(text).toContain('Report this as a concern?');
    expect(text).not.toContain('Online Safety: help');
    expect(text).not.toMatch(/step 1 of/);
  });

  it('refuses an attached image, keeps nothing and says what to do instead', async () => {
    const activity = {
      ...personalMessage(''),
      attachments: [{ contentType: 'image/png', contentUrl: 'https://smba.invalid/evidence.png', name: 'screenshot.png' }],
    };
    const replies = await converse(activity);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('I have not kept that picture or file. Evidence images are never stored or forwarded');
    expect(replies[0]!.text).toContain('describe what you saw in words instead');
    expect(replies[0]!.text).toContain('do not forward it to anyone');
    expect(replies[0]!.text).toContain('keep the device safe and untouched, and tell the designated safeguarding lead');
  });

  it('ignores activities from another tenant when a tenant is configured', async () => {
    const foreign = {
      ...personalMessage('help'),
      channelData: { tenant: { id: 'ffffffff-0000-4000-8000-000000000000' } },
      conversation: { id: 'x', conversationType: 'personal', tenantId: 'ffffffff-0000-4000-8000-000000000000', isGroup: false, name: '' },
    };
    expect(await converse(foreign, { tenantId: 'a1b2c3d4-0000-4000-8000-0000000000aa' })).toEqual([]);
    expect(await converse(personalMessage('help'), { tenantId: 'a1b2c3d4-0000-4000-8000-0000000000aa' })).toHaveLength(1);
  });

  it('remembers where each person can be reached 1:1, so cases can be routed to them later', async () => {
    const db = openDatabaseFile(':memory:');
    await converse(personalMessage('help'), { db });
    const saved = await new SqliteConversationDirectory(db).find(SAM.aadObjectId);
    expect(saved?.reference).toMatchObject({
      conversation: { id: 'personal-user-staff-sam' },
      serviceUrl: 'https://smba.invalid/',
      user: { aadObjectId: SAM.aadObjectId },
    });
    expect(await new SqliteConversationDirectory(db).find(AVA.aadObjectId)).toBeUndefined();
  });
});

describe('"worried" before the pupil card exists', () => {
  it.each(['worried', "I'm worried", 'help me', 'Help me!'])('a pupil typing %s gets the "I\'m worried" card', async (words) => {
    const replies = await converse(personalMessage(words, AVA));
    expect(replies).toHaveLength(1);
    expect(cardText(replies[0]!)).toContain('Tell us what happened. Tap the one that fits best.');
  });

  it('a member of staff who types worried starts a report', async () => {
    const replies = await converse(personalMessage('worried', SAM));
    expect(cardText(replies[0]!)).toContain('Is a child in danger right now?');
  });
});

describe('the safeguarding team hears of `cases` in their help', () => {
  it('Priya (the DSL) is told about cases; Sam (a teacher) is not', async () => {
    const session = new BotSession();
    const priya = { id: 'user-dsl-priya', name: 'Priya Shah', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000002' };
    expect(cardText((await session.send(personalMessage('help', priya)))[0]!)).toContain('the open cases you deal with, most urgent first');
    expect(cardText((await session.send(personalMessage('help', SAM)))[0]!)).not.toContain('open cases');
    session.close();
  });
});
