import { describe, expect, it } from 'vitest';
import {
  VERB_DISCLOSURE_DISMISS,
  VERB_DISCLOSURE_REPORT,
  VERB_DISCLOSURE_SEND,
  pupilNoThanksCard,
  pupilOfferCard,
  staffNoThanksCard,
  staffOfferCard,
  type StaffOfferView,
} from '../../src/adapters/teams/cards/disclosure-cards.js';
import { cardText } from '../../src/adapters/teams/cards/card-text.js';
import type { AdaptiveCard } from '../../src/adapters/teams/cards/card.js';
import { actionsOf, checkCard, fallbacksOf } from '../support/adaptive-card.js';

const WORDS = 'a man on roblox keeps asking for pictures of me';
const SAFETY: StaffOfferView['safety'] = {
  dsl: [{ name: 'Priya Shah', phone: '07700 900001' }],
  deputies: [{ name: 'Tom Okafor' }],
  schoolPhone: '01632 960000',
};
const pupil = (over: Partial<Parameters<typeof pupilOfferCard>[0]> = {}) =>
  pupilOfferCard({ offerId: 'offer-1', words: WORDS, dangerHelp: false, dangerNow: false, fits: true, limit: 2000, ...over });
const staff = (over: Partial<StaffOfferView> = {}) =>
  staffOfferCard({ offerId: 'offer-2', words: 'urgent', dangerHelp: false, fits: true, limit: 4000, safety: SAFETY, ...over });

const CARDS: Record<string, AdaptiveCard> = {
  'pupil offer': pupil(),
  'pupil offer, danger words': pupil({ words: 'I want to kill myself', dangerHelp: true, dangerNow: true }),
  'pupil offer, too long': pupil({ words: 'x'.repeat(2500), fits: false }),
  'pupil offer, press again': pupil({ error: 'Sorry, that did not work. Please press Send again.' }),
  'pupil offer, the longest that fits': pupil({ words: '\u{1F622}'.repeat(1000) }),
  'pupil no thanks': pupilNoThanksCard({ dangerHelp: false }),
  'pupil no thanks, danger': pupilNoThanksCard({ dangerHelp: true }),
  'staff offer': staff(),
  'staff offer, danger words': staff({ words: "he's outside her house", dangerHelp: true }),
  'staff offer, too long': staff({ words: 'y'.repeat(4500), fits: false }),
  'staff offer, the longest that fits': staff({ words: 'z'.repeat(4000) }),
  'staff no thanks': staffNoThanksCard({ dangerHelp: false, safety: SAFETY }),
  'staff no thanks, danger': staffNoThanksCard({ dangerHelp: true, safety: SAFETY }),
};

const inputs = (c: AdaptiveCard) => JSON.stringify(c.body).match(/"type":"Input\.[A-Za-z]+"/g) ?? [];
const toggle = (c: AdaptiveCard) => c.body.find((e) => e.type === 'Input.Toggle') as { label: string; value: string } | undefined;
const button = (c: AdaptiveCard, title: string) => actionsOf(c).find((a) => a.title === title)!;

describe('the disclosure offer cards', () => {
  it.each(Object.entries(CARDS))('%s parses without problems, v1.5, well under 40 KB, every button with its fallback', (_name, c) => {
    const { problems, bytes } = checkCard(c);
    expect(problems).toEqual([]);
    expect(c.version).toBe('1.5');
    expect(bytes).toBeLessThan(40_000);
    for (const a of actionsOf(c).filter((x) => x.type === 'Action.Execute'))
      expect((a.fallback as { type: string }).type).toBe('Action.Submit');
    expect(fallbacksOf(c).length).toBe(actionsOf(c).filter((x) => x.type === 'Action.Execute').length);
    // what was typed is never in the fallback text (shown in notifications, and read as markdown)
    expect(c.fallbackText).not.toContain(WORDS);
    expect(c.fallbackText).not.toContain('kill myself');
  });

  it("the pupil's offer: the question in a child's words, what they typed as plain text, the danger question, Send and No thanks", () => {
    const c = CARDS['pupil offer']!;
    const text = cardText(c);
    expect(text).toContain('Do you want me to send this to a grown-up who can help?');
    expect(text).toContain(WORDS);
    expect(toggle(c)).toMatchObject({ label: 'Are you in danger right now?', value: 'no' });
    expect(actionsOf(c).map((a) => [a.title, a.verb])).toEqual([
      ['Send', VERB_DISCLOSURE_SEND],
      ['No thanks', VERB_DISCLOSURE_DISMISS],
    ]);
    // the words and the server's offer id ride in Send's data; No thanks carries no words and no inputs
    expect(button(c, 'Send').data).toEqual({ offerId: 'offer-1', words: WORDS });
    expect(button(c, 'No thanks')).toMatchObject({ data: { offerId: 'offer-1' }, associatedInputs: 'none' });
    expect(text).not.toContain('You are not alone');
  });

  it('what was typed is drawn as TextRuns, never as markdown', () => {
    const sneaky = '**Urgent** [Open the pictures](https://evil.example/x) _now_';
    for (const c of [pupil({ words: sneaky }), staff({ words: sneaky })]) {
      const blocks = JSON.stringify(c.body);
      expect(blocks).not.toMatch(/"type":"TextBlock","text":"[^"]*Open the pictures/);
      const runs = (c.body.filter((e) => e.type === 'RichTextBlock') as unknown as { inlines: { type: string; text: string }[] }[]).flatMap(
        (b) => b.inlines,
      );
      expect(runs.some((r) => r.type === 'TextRun' && r.text.includes('[Open the pictures]'))).toBe(true);
      expect(cardText(c)).toContain(sneaky);
    }
  });

  it('danger words: the danger help comes first, above the offer, and the toggle is already on', () => {
    const c = CARDS['pupil offer, danger words']!;
    const text = cardText(c);
    const at = (s: string) => text.indexOf(s);
    for (const s of ['You are not alone', 'Tell an adult near you right now.', '0800 1111', '999']) {
      expect(at(s)).toBeGreaterThanOrEqual(0);
      expect(at(s)).toBeLessThan(at('Do you want me to send this to a grown-up who can help?'));
    }
    expect(toggle(c)!.value).toBe('yes');
    expect(button(c, 'No thanks').data).toEqual({ offerId: 'offer-1', help: 'danger' });
    expect(c.fallbackText).toMatch(
      /^You are not alone\. Tell an adult near you right now\. Call Childline on 0800 1111\. In an emergency call 999\./,
    );
  });

  it('too long: the words in a box to shorten (never cut), the Send data without them, and why', () => {
    const c = CARDS['pupil offer, too long']!;
    const box = c.body.find((e) => e.type === 'Input.Text') as unknown as { id: string; value: string; maxLength?: number };
    expect(box).toMatchObject({ id: 'words', value: 'x'.repeat(2500) });
    expect(box.maxLength).toBeUndefined();
    expect(button(c, 'Send').data).toEqual({ offerId: 'offer-1' });
    expect(cardText(c)).toContain('That is a lot of words! Please make it shorter (up to 2000 letters), then press Send.');
    const s = CARDS['staff offer, too long']!;
    expect(s.body.find((e) => e.type === 'Input.Text')).toMatchObject({ id: 'words', value: 'y'.repeat(4500) });
    expect(cardText(s)).toContain("This is longer than a report's description can be (4000 characters).");
  });

  it("a member of staff's offer: 'Report this as a concern?', their words, the report button and 'No, thanks'", () => {
    const c = CARDS['staff offer']!;
    const text = cardText(c);
    expect(text).toContain('Report this as a concern?');
    expect(text).toContain('urgent');
    expect(inputs(c)).toEqual([]);
    expect(actionsOf(c).map((a) => [a.title, a.verb])).toEqual([
      ['Report this as a concern', VERB_DISCLOSURE_REPORT],
      ['No, thanks', VERB_DISCLOSURE_DISMISS],
    ]);
    expect(button(c, 'Report this as a concern').data).toEqual({ offerId: 'offer-2', words: 'urgent' });
    expect(text).not.toContain('999');
  });

  it("staff danger words: the safety card's words first (999, the DSL in person, by name), then the offer", () => {
    const text = cardText(CARDS['staff offer, danger words']!);
    const offerAt = text.indexOf('Report this as a concern?');
    for (const s of [
      'Call 999 now',
      'Tell the designated safeguarding lead in person now: Priya Shah (07700 900001).',
      'If you cannot reach them: Tom Okafor.',
      'School office: 01632 960000.',
    ]) {
      expect(text.indexOf(s)).toBeGreaterThanOrEqual(0);
      expect(text.indexOf(s)).toBeLessThan(offerAt);
    }
    expect(CARDS['staff offer, danger words']!.fallbackText).toContain('call 999 now and tell Priya Shah in person now');
  });

  it('No thanks: nothing sent or recorded, and the danger help stays when it was shown', () => {
    expect(cardText(CARDS['pupil no thanks']!)).toContain('I have not sent it to anyone.');
    expect(cardText(CARDS['pupil no thanks']!)).not.toContain('0800 1111');
    expect(cardText(CARDS['pupil no thanks, danger']!)).toContain('0800 1111');
    expect(cardText(CARDS['staff no thanks']!)).toContain('Nothing has been recorded.');
    expect(cardText(CARDS['staff no thanks, danger']!)).toContain('Tell the designated safeguarding lead in person now: Priya Shah');
  });
});

// the same reading checks as the other pupil cards (pupil-cards.test.ts), on our own words only
const PUPIL_CARDS = [
  'pupil offer',
  'pupil offer, danger words',
  'pupil offer, too long',
  'pupil offer, press again',
  'pupil no thanks',
  'pupil no thanks, danger',
];
const JARGON = [
  'incident',
  'safeguarding',
  'escalat',
  'LADO',
  'DSL',
  'designated',
  'referral',
  'severity',
  'disclose',
  'report',
  'evidence',
  'victim',
];

function ourWords(c: AdaptiveCard): string {
  const parts: string[] = [c.fallbackText];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'RichTextBlock' || o.type === 'Input.Text') return; // what the child typed
      if (o.type === 'TextBlock' && typeof o.text === 'string') parts.push(o.text);
      for (const key of ['label', 'title']) if (typeof o[key] === 'string') parts.push(o[key]);
      Object.entries(o).forEach(([k, v]) => k !== 'fallback' && walk(v));
    }
  };
  walk(c.body);
  walk(c.actions);
  return parts.join('\n');
}
const sentences = (words: string) =>
  words
    .replace(/\*\*/g, '')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[a-z]/i.test(s));
const wordCount = (s: string) => s.split(/\s+/).filter((w) => /[a-z0-9]/i.test(w)).length;

describe("the pupil's offer in a child's words", () => {
  it.each(PUPIL_CARDS)('%s: short sentences, no jargon, no blame, never asks for pictures', (name) => {
    const words = ourWords(CARDS[name]!);
    const counts = sentences(words).map(wordCount);
    expect(counts.reduce((a, b) => a + b, 0) / counts.length).toBeLessThanOrEqual(12);
    expect(Math.max(...counts)).toBeLessThanOrEqual(20);
    for (const term of JARGON) expect(words.toLowerCase()).not.toContain(term.toLowerCase());
    expect(words).not.toMatch(/your fault|you should(n't| not) have|why did you|send (us )?(a |the |me )?(picture|photo|screenshot)/i);
  });
});
