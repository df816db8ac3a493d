import { describe, expect, it } from 'vitest';
import {
  expiredDialogCard,
  notListedCard,
  pupilMessageCard,
  staffFirstCard,
  staffSecondCard,
  staffSentCard,
} from '../../src/adapters/teams/cards/message-report-cards.js';
import type { CapturedMessage } from '../../src/app/message-report/captured-message.js';
import { actionsOf, checkCard } from '../support/adaptive-card.js';

const MESSAGE: CapturedMessage = {
  id: '1764669600000',
  text: 'nobody likes you [Open](https://evil.example) 😆\n[picture left in Teams]',
  authorName: 'Leo Green',
  authorAadObjectId: 'a1b2c3d4-0000-4000-8000-000000000007',
  postedAt: '2026-11-24T09:20:00.000Z',
  where: 'The group chat "Year 3 class chat"',
  link: 'https://teams.microsoft.com/l/message/19:abc/1764669600000',
  leftInTeams: 1,
};
const LONG = { ...MESSAGE, text: 'x'.repeat(30_000) };

// the dialog's cards: Adaptive Cards 1.5 a Teams client parses without complaint, Action.Submit only (a
// dialog has no Universal Actions), data with the message id and step only
const CARDS = {
  first: staffFirstCard({ message: MESSAGE, author: { kind: 'pupil', aadObjectId: MESSAGE.authorAadObjectId!, name: 'Leo Green' } }),
  'first, no author offered, an error': staffFirstCard({ message: MESSAGE, error: 'Answer whether a child is in danger right now' }),
  second: staffSecondCard({ messageId: MESSAGE.id, alerted: false }),
  'second, alerted, an error': staffSecondCard({
    messageId: MESSAGE.id,
    alerted: true,
    error: 'Choose',
    values: { kind: 'unkind', words: 'w' },
  }),
  sent: staffSentCard({ reference: 'OS-2026-0001', duplicate: false, leftInTeams: 1, critical: false }),
  duplicate: staffSentCard({ reference: 'OS-2026-0001', duplicate: true, leftInTeams: 0, critical: false }),
  pupil: pupilMessageCard({ message: MESSAGE }),
  'not listed': notListedCard('Oakfield Primary School'),
  expired: expiredDialogCard(),
};

describe('the message report dialog cards', () => {
  it.each(Object.entries(CARDS))('%s: parses without warnings, version 1.5, small, Action.Submit with only ids', (_name, c) => {
    const { problems, bytes } = checkCard(c);
    expect(problems).toEqual([]);
    expect(c.version).toBe('1.5');
    expect(bytes).toBeLessThan(20_000);
    for (const action of actionsOf(c)) {
      expect(action.type).toBe('Action.Submit');
      expect(Object.keys(action.data as object).sort()).toEqual(['messageId', 'step']);
    }
  });

  it('the message is drawn as typed words: a markdown link in it is no link', () => {
    const json = JSON.stringify(CARDS.first);
    expect(json).toContain('"type":"TextRun"');
    expect(json).not.toMatch(/"type":"TextBlock","text":"[^"]*\[Open\]/);
  });

  it('a message of 30,000 characters still makes a dialog Teams accepts', () => {
    expect(checkCard(staffFirstCard({ message: LONG })).bytes).toBeLessThan(40_000);
  });
});
