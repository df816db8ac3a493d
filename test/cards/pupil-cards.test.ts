import { describe, expect, it } from 'vitest';
import {
  dangerCard,
  pupilUpdateCard,
  PUPIL_UPDATES,
  thankYouCard,
  tooManyCard,
  worriedCard,
} from '../../src/adapters/teams/cards/worried-cards.js';
import { pupilWelcomeCard } from '../../src/adapters/teams/cards/welcome-card.js';
import { PUPIL_IMAGE_NOT_KEPT } from '../../src/adapters/teams/replies.js';
import { cardText } from '../../src/adapters/teams/cards/card-text.js';
import { WORRY_CHOICES, WORRY_CHOICE_INFO } from '../../src/app/worried/worry-choices.js';
import { actionsOf, checkCard, fallbacksOf } from '../support/adaptive-card.js';

// every word a pupil reads: the cards, their fallback text, and the plain replies
const CARDS = {
  welcome: pupilWelcomeCard({ schoolName: 'Oakfield Primary' }),
  worried: worriedCard({ cardId: 'c-1' }),
  'worried, nothing chosen': worriedCard({
    cardId: 'c-1',
    error: 'Tap the one that fits best, then press Send.',
    values: { words: 'hello', danger: 'no' },
  }),
  'thank you': thankYouCard('Mrs Shah'),
  'thank you, no adult named': thankYouCard(),
  danger: dangerCard('Mrs Shah'),
  'a grown-up has your messages': tooManyCard('Mrs Shah'),
  'being helped': pupilUpdateCard(PUPIL_UPDATES.escalated!),
  finished: pupilUpdateCard(PUPIL_UPDATES.closed!),
};
const REPLIES = {
  'picture not kept': PUPIL_IMAGE_NOT_KEPT,
  // each choice on its own, as a child reads it (a retired choice is no longer shown to children)
  ...Object.fromEntries(WORRY_CHOICES.map((id) => [`choice ${id}`, WORRY_CHOICE_INFO[id].words])),
};

/** the words of a card as a child reads them: text, labels, choices, buttons, and the fallback */
function wordsOf(card: object): string {
  const parts: string[] = [cardText([card]), (card as { fallbackText: string }).fallbackText];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const key of ['label', 'title', 'errorMessage']) if (typeof o[key] === 'string') parts.push(o[key]);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return parts.join('\n');
}

const JARGON = [
  'incident',
  'safeguarding',
  'escalat',
  'LADO',
  'DSL',
  'designated',
  'referral',
  'severity',
  'sanction',
  'allegation',
  'perpetrator',
  'victim',
  'instigator',
  'evidence',
  'CEOP',
  'disclose',
  'inappropriate',
];

/** sentences of a text, emoji and markdown stripped */
function sentences(words: string): string[] {
  return words
    .replace(/\*\*/g, '')
    .replace(/\p{Extended_Pictographic}/gu, '')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[a-z]/i.test(s));
}
const wordCount = (s: string) => s.split(/\s+/).filter((w) => /[a-z0-9]/i.test(w)).length;

describe('pupil-facing words: short sentences, no jargon', () => {
  const all: Record<string, string> = { ...Object.fromEntries(Object.entries(CARDS).map(([k, c]) => [k, wordsOf(c)])), ...REPLIES };
  it.each(Object.entries(all))('%s: average sentence of 12 words or fewer, none over 20', (_name, words) => {
    const counts = sentences(words).map(wordCount);
    const average = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(average).toBeLessThanOrEqual(12);
    expect(Math.max(...counts)).toBeLessThanOrEqual(20);
  });
  it.each(Object.entries(all))('%s: no word from the jargon list', (_name, words) => {
    for (const term of JARGON) expect(words.toLowerCase()).not.toContain(term.toLowerCase());
  });
  it('never asks a child for pictures, never blames, and the thank-you and danger cards say not to delete or send anything on', () => {
    for (const words of Object.values(all)) {
      expect(words).not.toMatch(/(?<!not )send (us )?(a |the |me )?(picture|photo|screenshot)/i);
      expect(words).not.toMatch(/your fault|you should(n't| not) have|(?<!not )in trouble|why did you/i);
    }
    for (const name of ['thank you', 'danger'] as const)
      expect(all[name]).toContain('Please do not delete or send on any messages or pictures.');
  });
  it('"You are not in trouble." near the top of the worried card, and on the thank-you and many-messages cards', () => {
    const top = (CARDS.worried.body as { type: string; text?: string }[]).slice(0, 3).map((e) => e.text);
    expect(top).toContain('You are not in trouble.');
    for (const name of ['worried', 'thank you', 'a grown-up has your messages'] as const) {
      expect(cardText([CARDS[name]])).toContain('You are not in trouble.');
      expect(CARDS[name].fallbackText).toContain('You are not in trouble.');
    }
  });
  it('the adult is named as pupils know them, or simply "a grown-up at school"', () => {
    expect(all['thank you']).toContain('Mrs Shah or another adult you trust will talk to you soon.');
    expect(all['thank you, no adult named']).toContain('A grown-up at school or another adult you trust will talk to you soon.');
    expect(all.danger).toContain('We have told Mrs Shah straight away.');
    expect(all['a grown-up has your messages']).toContain('Mrs Shah will talk to you soon.');
  });
  it('the choices say what happened, not whether the child knows the person', () => {
    const offered = WORRY_CHOICES.map((c) => WORRY_CHOICE_INFO[c].words);
    expect(offered).toEqual([
      'Someone online asked me for pictures',
      'Someone online asked me to meet them',
      'Someone online told me to keep a secret',
      'Someone is being unkind to me',
      'Someone shared a picture of me',
      'I saw something that upset me',
      "I'm worried about a friend",
      'Something else',
    ]);
    for (const words of offered) {
      expect(words).not.toMatch(/know|stranger/i);
      expect(wordCount(words)).toBeLessThanOrEqual(8);
    }
  });
});

describe('pupil cards', () => {
  it.each(Object.entries(CARDS))('%s parses without problems, v1.5, small, every button with a fallback', (_name, c) => {
    const { problems, bytes } = checkCard(c);
    expect(problems).toEqual([]);
    expect(c.version).toBe('1.5');
    expect(bytes).toBeLessThan(10_000);
    expect(c.fallbackText.length).toBeGreaterThan(20);
    for (const a of actionsOf(c).filter((x) => x.type === 'Action.Execute'))
      expect((a.fallback as { type: string }).type).toBe('Action.Submit');
    expect(fallbacksOf(c).length).toBe(actionsOf(c).filter((x) => x.type === 'Action.Execute').length);
  });

  it('the worried card is one screen: eight labelled choices, each with words beside its emoji, own words and the danger question labelled, one Send', () => {
    const c = CARDS.worried;
    const inputs = (c.body as { type: string; id?: string; label?: string; choices?: { title: string; value: string }[] }[]).filter((e) =>
      e.type.startsWith('Input.'),
    );
    expect(inputs.map((i) => [i.id, i.label])).toEqual([
      ['choice', 'What happened?'],
      ['words', 'Tell us in your own words. You can skip this.'],
      ['danger', 'Is this happening right now? Are you in danger?'],
    ]);
    expect(inputs[0]!.choices!.map((ch) => ch.value)).toEqual([...WORRY_CHOICES]);
    expect(inputs[0]!.choices).toHaveLength(8);
    for (const ch of inputs[0]!.choices!) {
      const info = WORRY_CHOICE_INFO[ch.value as (typeof WORRY_CHOICES)[number]];
      expect(ch.title).toBe(`${info.emoji} ${info.words}`);
      expect(wordCount(info.words)).toBeGreaterThanOrEqual(2);
    }
    expect(actionsOf(c).map((a) => a.title)).toEqual(['Send']);
    expect(actionsOf(c)[0]!.data as Record<string, string>).toEqual({ cardId: 'c-1' });
  });

  it('shown again, the card keeps a choice it offers and drops a retired one (an old card), so the child taps again', () => {
    const choiceOf = (choice: string) =>
      (worriedCard({ cardId: 'c-1', values: { choice } }).body as { id?: string; value?: string }[]).find((e) => e.id === 'choice')!.value;
    expect(choiceOf('keep-secret')).toBe('keep-secret');
    expect(choiceOf('stranger')).toBeUndefined();
    expect(choiceOf('nonsense')).toBeUndefined();
  });

  it('every text wraps (Teams mobile width) and nothing has a fixed pixel width', () => {
    for (const c of Object.values(CARDS)) {
      const json = JSON.stringify(c);
      expect(json).not.toMatch(/"width":"\d+px"/);
      const texts = JSON.stringify(c).match(/"type":"TextBlock"[^}]*/g) ?? [];
      for (const t of texts) expect(t).toContain('"wrap":true');
    }
  });
});
