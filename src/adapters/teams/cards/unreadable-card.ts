import { card, text, type AdaptiveCard } from './card.js';

/**
 * the answer to a click whose data the bot could not read (an old or altered card): nothing was changed,
 * and the way on is always there. a child gets the shortest words and where to go now.
 */
export function unreadableClickCard(reader: 'pupil' | 'adult'): AdaptiveCard {
  if (reader === 'pupil') {
    const words = 'Sorry, that did not work. Nothing was sent. Please type worried to try again, or tell a grown-up you trust.';
    return card(words, [text(words)]);
  }
  const words =
    'Sorry, I could not read what that card sent, so nothing was changed. Please use the newest card, or type help. If a child is at risk, do not wait: tell the designated safeguarding lead in person now.';
  return card(words, [text(words)]);
}
