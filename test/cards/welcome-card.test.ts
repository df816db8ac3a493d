import { describe, expect, it } from 'vitest';
import { pupilWelcomeCard, staffWelcomeCard } from '../../src/adapters/teams/cards/welcome-card.js';
import { actionsOf, checkCard, fallbacksOf } from '../support/adaptive-card.js';

const staffCards = {
  'staff welcome': staffWelcomeCard({
    schoolName: 'Oakfield Primary School',
    variant: 'welcome',
    dslNames: ['Priya Shah'],
    deputyNames: ['Tom Okafor'],
  }),
  'staff help, three deputies': staffWelcomeCard({
    schoolName: 'Oakfield',
    variant: 'help',
    dslNames: ['A One'],
    deputyNames: ['B Two', 'C Three', 'D Four'],
  }),
  'staff help, no deputy': staffWelcomeCard({ schoolName: 'Oakfield', variant: 'help', dslNames: ['A One'], deputyNames: [] }),
};
const allCards = { ...staffCards, 'pupil welcome': pupilWelcomeCard({ schoolName: 'Oakfield Primary School' }) };

const ALL_FOR_FALLBACK = allCards;

describe('welcome and help cards', () => {
  it.each(Object.entries(allCards))('%s parses in the Adaptive Cards SDK without warnings, v1.5, under 40 KB', (_name, card) => {
    const check = checkCard(card);
    expect(check.problems).toEqual([]);
    expect(card.version).toBe('1.5');
    expect(check.bytes).toBeLessThan(40_000);
    expect(card.fallbackText.length).toBeGreaterThan(40);
  });

  it.each(Object.entries(allCards))('%s uses Universal Actions carrying no data beyond the verb', (_name, card) => {
    for (const action of actionsOf(card)) {
      expect(action.type).toBe('Action.Execute');
      expect(action.data).toEqual({});
    }
  });

  it('lists deputies in plain English', () => {
    const text = JSON.stringify(staffCards['staff help, three deputies']);
    expect(text).toContain('A One (deputies: B Two, C Three and D Four)');
    expect(JSON.stringify(staffCards['staff help, no deputy'])).toContain('the designated safeguarding lead, A One, and to others');
  });

  it('the pupil card never shows staff procedure and does not rely on the emoji alone', () => {
    const card = allCards['pupil welcome'];
    const text = JSON.stringify(card);
    expect(text).not.toContain('designated safeguarding lead');
    expect(actionsOf(card).map((a) => a.title)).toEqual(["I'm worried"]);
    expect(card.fallbackText).toContain('type worried');
  });

  it.each(Object.entries(ALL_FOR_FALLBACK))(
    '%s: every button falls back to Action.Submit with the same ids and its verb',
    (_name, card) => {
      const pairs = fallbacksOf(card);
      expect(pairs.length).toBeGreaterThan(0);
      for (const { execute, fallback } of pairs) {
        expect(fallback).toMatchObject({
          type: 'Action.Submit',
          title: execute.title,
          data: { ...(execute.data as object), verb: execute.verb },
          ...(execute.style ? { style: execute.style } : {}),
        });
      }
    },
  );
});
