import { describe, expect, it } from 'vitest';
import { reviewCard } from '../../src/adapters/teams/cards/compliance-cards.js';
import { cardText } from '../../src/adapters/teams/cards/card-text.js';
import { reviewEvery } from '../../src/app/compliance/reviews.js';
import { checkCard } from '../support/adaptive-card.js';
import { exampleProfile } from '../support/test-bot.js';

// issue 16: the policy review card says the school's own cycle (first school: every 24 months; Bentley: termly)
describe('the review card says how often the school reviews its policy', () => {
  it.each([
    [{}, undefined],
    [{ policyEveryMonths: 24 }, 'every 24 months'],
    [{ policyEveryMonths: 1 }, 'every month'],
    [{ policyReview: 'termly' as const }, 'every term'],
  ])('%o: %s', (reviews, every) => {
    const base = exampleProfile();
    expect(reviewEvery({ ...base, reviews: { ...base.reviews, ...reviews } }, 'policy')).toBe(every);
    expect(reviewEvery({ ...base, reviews: { ...base.reviews, ...reviews } }, 'filtering')).toBeUndefined();
  });

  it.each([
    [undefined, 'The online-safety policy is reviewed every year with the governors', 'asks again a year later.'],
    ['every term', 'The online-safety policy is reviewed every term with the governors', 'asks again next term.'],
    ['every 24 months', 'The online-safety policy is reviewed every 24 months with the governors', 'asks again 24 months later.'],
    ['every month', 'The online-safety policy is reviewed every month with the governors', 'asks again a month later.'],
  ])('%s', (every, says, again) => {
    const card = reviewCard({ review: 'policy', ...(every ? { every } : {}), last: { on: '2026-07-08' }, dueOn: '2027-01-05' });
    checkCard(card);
    expect(cardText(card)).toContain(`${says}; it was last reviewed on 8 Jul 2026.`);
    expect(cardText(card)).toContain(again);
  });

  it('once recorded, a termly review says the latest is done and when the next is due', () => {
    const card = reviewCard({
      review: 'policy',
      every: 'every term',
      last: { on: '2026-10-14', by: 'Priya Shah' },
      dueOn: '2027-01-05',
      done: true,
    });
    expect(cardText(card)).toContain('The online-safety policy is reviewed every term with the governors: the latest is done.');
    expect(cardText(card)).toContain('5 Jan 2027');
  });
});
