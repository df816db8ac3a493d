import { describe, expect, it } from 'vitest';
import { remindersCard, reviewCard } from '../../src/adapters/teams/cards/compliance-cards.js';
import { cardText } from '../../src/adapters/teams/cards/card-text.js';
import { actionsOf, checkCard } from '../support/adaptive-card.js';

// issue 16: a school's named check (Bentley 3.4's monthly ICT security check) as its reminder and its answer
describe('the card of a named check', () => {
  it("due: its name, how often, when it was last done, and I've done it carrying only the check", () => {
    const card = reviewCard({
      review: 'check:ict-security',
      name: 'ICT security check',
      every: 'every month',
      last: { on: '2027-03-04', by: 'Dean Holloway' },
      dueOn: '2027-05-01',
    });
    checkCard(card);
    expect(cardText(card)).toContain('Time for the ICT security check');
    expect(cardText(card)).toContain(
      'The school asks for the ICT security check every month. It was last done on 4 Mar 2027 (recorded by Dean Holloway).',
    );
    expect(cardText(card)).toContain('Please do it before 1 May 2027.');
    expect(actionsOf(card).map((a) => [a.title, a.verb, a.data])).toEqual([
      ["I've done it", 'review.done', { review: 'check:ict-security' }],
    ]);
  });

  it('just recorded: thanks, who and when, and when the next one is due; no button', () => {
    const card = reviewCard({
      review: 'check:licences',
      name: 'software licence check',
      every: 'every term',
      last: { on: '2027-01-20', by: 'Dawn Whitaker' },
      dueOn: '2027-04-12',
      done: true,
      justRecorded: true,
    });
    checkCard(card);
    expect(cardText(card)).toContain('Recorded: thank you');
    expect(cardText(card)).toContain('The software licence check is done every term: this one is recorded.');
    expect(cardText(card)).toContain('20 Jan 2027');
    expect(cardText(card)).toContain('12 Apr 2027');
    expect(actionsOf(card)).toEqual([]);
  });

  it("in a card of reminders, its button names the card's sections so the answer redraws them", () => {
    const card = remindersCard({
      sections: [
        { kind: 'review', review: { review: 'policy' } },
        { kind: 'review', review: { review: 'check:ict-security', name: 'ICT security check', every: 'every month' } },
      ],
    });
    checkCard(card);
    expect(actionsOf(card).map((a) => a.data)).toEqual([
      { review: 'policy', group: 'policy-review,check:ict-security' },
      { review: 'check:ict-security', group: 'policy-review,check:ict-security' },
    ]);
  });
});
