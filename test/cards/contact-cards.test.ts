// the school's own contacts on the cards that tell someone to contact an outside agency
import { describe, expect, it } from 'vitest';
import { newDraft, planFor, reviewOf, type ReportAnswers } from '../../src/app/report-flow/index.js';
import { reportStepCard } from '../../src/adapters/teams/cards/report-cards.js';
import { submittedCard } from '../../src/adapters/teams/cards/report-result-cards.js';
import { caseAlertCard, routedNoticeCard } from '../../src/adapters/teams/cards/case-cards.js';
import { referralCard } from '../../src/adapters/teams/cards/case-form-cards.js';
import type { AdaptiveCard } from '../../src/adapters/teams/cards/card.js';
import type { CaseSummaryView, RoutedNoticeView } from '../../src/app/casework/case-views.js';
import type { SchoolProfile } from '../../src/domain/index.js';
import { checkCard } from '../support/adaptive-card.js';
import { cardText } from '../../src/adapters/teams/cards/card-text.js';
import { exampleProfile } from '../support/test-bot.js';

const profile = exampleProfile();
const withoutPrevent = (): SchoolProfile => {
  const p = exampleProfile();
  delete p.contacts.prevent;
  return p;
};

const ALLEGATION: ReportAnswers = { victims: ['pupil'], instigators: ['staff'], types: ['sexual-harassment'] };
const RADICALISATION: ReportAnswers = { victims: ['pupil'], types: ['radicalisation'] };

const reviewCard = (answers: ReportAnswers, p: SchoolProfile = profile): AdaptiveCard =>
  reportStepCard(
    {
      draft: { ...newDraft('9f1c6a7e-1111-4000-8000-000000000001', new Date('2026-11-24T09:00:00Z')), step: 'review', answers },
      userId: '29:user-staff-sam',
      safety: { dsl: [{ name: 'Priya Shah' }], deputies: [] },
      review: reviewOf(planFor(answers, p), p),
    },
    '2026-11-24',
  );

/** every fact of every FactSet in a card, as [title, value] */
function factsOf(card: unknown): [string, string][] {
  const out: [string, string][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as { type?: string; facts?: { title: string; value: string }[] };
      if (o.type === 'FactSet') for (const f of o.facts ?? []) out.push([f.title, f.value]);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

const SUMMARY: CaseSummaryView = {
  caseId: '5b0c7d4e-2222-4000-8000-000000000001',
  reference: 'OS-2026-0009',
  types: ['Sexual harassment'],
  severity: 'high',
  severityLabel: 'High',
  reportedAt: 'Tue 24 Nov 2026, 09:15',
  reportedBy: 'a member of staff',
  route: ['Headteacher', 'Designated safeguarding lead'],
  routeChanged: false,
  agencies: [{ label: 'LADO', when: 'now' }],
  deadlines: [{ label: 'Consult the LADO', due: 'Wed 25 Nov, 17:00', state: 'open' }],
  state: 'escalated',
  status: 'Approved by Helen Marsh, Tue 24 Nov 09:20',
  notes: [],
  teamUserIds: [],
};
const ROUTED: RoutedNoticeView = {
  caseId: SUMMARY.caseId,
  reference: SUMMARY.reference,
  asRole: 'Designated safeguarding lead',
  severityLabel: 'High',
  types: SUMMARY.types,
  stage: 'decided',
  decidedBy: 'Helen Marsh',
  guidance: ['Do not tell the adult concerned or investigate it yourself.'],
};
const LADO_LINE = { label: 'LADO', when: 'now' as const, howToContact: 'Local authority LADO, 01632 960100, lado@example.org' };

const cards: Record<string, AdaptiveCard> = {
  'review, allegation against staff': reviewCard(ALLEGATION),
  'review, radicalisation': reviewCard(RADICALISATION),
  'review, radicalisation, no Prevent contact': reviewCard(RADICALISATION, withoutPrevent()),
  'submitted, allegation against staff': submittedCard({
    reference: 'OS-2026-0009',
    severityLabel: 'High',
    toldPeople: ['Helen Marsh (Headteacher)'],
    guidance: [],
    critical: false,
    referrals: reviewOf(planFor(ALLEGATION, profile), profile).referrals,
  }),
  referral: referralCard(
    SUMMARY,
    [
      { value: 'lado', title: 'LADO', contact: 'Local authority LADO, 01632 960100, lado@example.org' },
      { value: 'police', title: 'Police', contact: 'Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101' },
      { value: 'platform-report', title: "The platform's report route" },
    ],
    { date: '2026-11-24', time: '10:05', madeBy: 'Priya Shah' },
    '7d3e9f10-3333-4000-8000-000000000001',
    undefined,
    undefined,
    'NSPCC helpline for professionals, 0808 800 5000',
  ),
  'alert, overdue LADO': caseAlertCard(
    {
      caseId: SUMMARY.caseId,
      reference: SUMMARY.reference,
      kind: 'overdue',
      message: 'OS-2026-0009: Consult the LADO (due Wed 25 Nov, 18:00) has passed. Open the case and record what was done.',
      severityLabel: 'High',
      types: SUMMARY.types,
    },
    [['LADO', LADO_LINE.howToContact]],
  ),
  'routed, with contacts': routedNoticeCard(ROUTED, {
    referrals: [LADO_LINE],
    adviceLine: 'NSPCC helpline for professionals, 0808 800 5000',
  }),
};

describe('cards with the school own contacts', () => {
  it.each(Object.entries(cards))('%s parses without problems, v1.5, under 40 KB', (_name, card) => {
    const check = checkCard(card);
    expect(check.problems).toEqual([]);
    expect(card.version).toBe('1.5');
    expect(check.bytes).toBeLessThan(40_000);
  });

  it("an allegation against staff: the review card gives the example school's LADO number, and 999 before the police's 101", () => {
    expect(factsOf(cards['review, allegation against staff'])).toEqual(
      expect.arrayContaining([
        ['LADO', 'Now. Local authority LADO, 01632 960100, lado@example.org'],
        ['Police', 'To consider. Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101'],
      ]),
    );
  });

  it('the submitted card keeps the same contacts in the reporter chat', () => {
    expect(factsOf(cards['submitted, allegation against staff'])).toEqual([
      ['LADO', 'Now. Local authority LADO, 01632 960100, lado@example.org'],
      ['Police', 'To consider. Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101'],
      ["Children's social care (MASH)", "To consider. Children's social care (MASH), 01632 960200"],
      ["The platform's report route", "To consider. Use the platform's own report button or abuse form."],
    ]);
    // a report with no outside agency has no such section
    expect(
      JSON.stringify(submittedCard({ reference: 'R', severityLabel: 'Low', toldPeople: [], guidance: [], critical: false })),
    ).not.toContain('Outside agencies');
  });

  it('radicalisation: the Prevent lead number where the profile names one, the general words where it does not', () => {
    expect(factsOf(cards['review, radicalisation'])).toContainEqual([
      'Prevent (Channel)',
      'To consider. Local authority Prevent lead, 01632 960300, prevent@example.org',
    ]);
    expect(factsOf(cards['review, radicalisation, no Prevent contact'])).toContainEqual([
      'Prevent (Channel)',
      "To consider. Contact the local authority's Prevent lead; the DSL refers through the MASH.",
    ]);
  });

  it('the referral form lists each agency with a contact above the choice, and the advice line', () => {
    // plain text, as everything on a case card that is not the bot's own words: no links
    const words = cardText(cards.referral);
    expect(words).toContain(
      [
        'How to reach them',
        'LADO: Local authority LADO, 01632 960100, lado@example.org',
        'Police: Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101',
        'Advice if unsure: NSPCC helpline for professionals, 0808 800 5000',
      ].join('\n'),
    );
    // only the agencies given a contact
    expect(words).not.toContain("The platform's report route:");
    expect(JSON.stringify(cards.referral)).not.toContain('lado@example.org');
  });

  it('an overdue LADO reminder gives the LADO number, as plain text', () => {
    expect(cardText(cards['alert, overdue LADO'])).toContain(
      'How to reach them\nLADO: Local authority LADO, 01632 960100, lado@example.org',
    );
  });

  it("a routed notice gives the plan's agencies with the school's contacts, and the advice line", () => {
    expect(cardText(cards['routed, with contacts'])).toContain(
      [
        'Outside agencies',
        'LADO: Now. Local authority LADO, 01632 960100, lado@example.org',
        'Advice if unsure: NSPCC helpline for professionals, 0808 800 5000',
      ].join('\n'),
    );
    expect(JSON.stringify(routedNoticeCard(ROUTED))).not.toContain('Outside agencies');
  });
});
