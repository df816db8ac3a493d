// the cards a trust's deployment adds: "which school is this about?" for someone at several schools, and
// the trust-level digest for the trust's CEO and safeguarding lead (figures only, never a name).
import { TRUST_DIGEST_COLUMNS, type TrustDigestView } from '../../../domain/index.js';
import { card, facts, heading, text, type AdaptiveCard, type CardElement } from './card.js';

export const VERB_CHOOSE_SCHOOL = 'trust.choose-school';

export interface SchoolChoiceView {
  trust: string;
  schools: { id: string; name: string }[];
  /** they wrote something before choosing: it is kept and goes to the school they choose */
  kept: boolean;
  /** the school chosen now, if any (the card says so when asked to change) */
  current?: string;
}

/** Action.Submit (a message back), so what they wrote before choosing can follow in the same turn */
export function schoolChoiceCard(view: SchoolChoiceView): AdaptiveCard {
  const body: CardElement[] = [
    heading('Which school is this about?'),
    text(`You are listed at more than one school in ${view.trust}. Choose the school, and I will take it from there.`),
  ];
  if (view.kept)
    body.push(text('I have kept what you wrote. It goes to the school you choose as soon as you choose.', { weight: 'Bolder' }));
  if (view.current) body.push(text(`At the moment you are talking to ${view.current}. Type school to change it at any time.`));
  return card(
    'Which school is this about?',
    body,
    view.schools.map((s) => ({ type: 'Action.Submit', title: s.name, data: { verb: VERB_CHOOSE_SCHOOL, choice: s.id } })),
  );
}

/** the trust-level digest: each school's figures for its last term, and the trust's totals where none is hidden */
export function trustDigestCard(view: TrustDigestView): AdaptiveCard {
  const schoolBlocks = view.schools.flatMap((s): CardElement[] => [
    text(`${s.school} (${s.term})`, { weight: 'Bolder', spacing: 'Medium' }),
    facts([
      ...TRUST_DIGEST_COLUMNS.map((c): [string, string] => [c.label, s.figures[c.key]]),
      ['Median hours to a decision', s.medianHours],
    ]),
  ]);
  return card(`${view.trust}: online-safety digest for the term`, [
    heading(`${view.trust}: online-safety digest`),
    text('Each school’s figures for its last term. Small numbers are hidden as they are for each school’s governors; no names are shown.', {
      isSubtle: true,
    }),
    ...schoolBlocks,
    text('Trust totals', { weight: 'Bolder', spacing: 'Medium' }),
    facts(TRUST_DIGEST_COLUMNS.map((c): [string, string] => [c.label, view.totals[c.key]])),
    text('A total is "not shown" where a school’s figure is hidden, so that it cannot be worked out.', { isSubtle: true }),
  ]);
}
