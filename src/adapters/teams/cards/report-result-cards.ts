import { card, execute, facts, heading, text, attention, type AdaptiveCard } from './card.js';
import { VERB_REPORT_START, VERB_STATUS_SHOW } from './welcome-card.js';

// the cards that end a report flow, and the reporter's own list of reports

/** an outside agency the plan names, with how this school reaches it ("Local authority LADO, 01632 960100") */
export interface ReferralLine {
  label: string;
  when: 'now' | 'consider';
  howToContact: string;
}

/** ["LADO", "Now. Camden LADO, 020 7974 3317"]: an outside agency as every card words it */
export const referralPairs = (referrals: readonly ReferralLine[]): [string, string][] =>
  referrals.map((x) => [x.label, `${x.when === 'now' ? 'Now' : 'To consider'}. ${x.howToContact}`]);

/** the review card's and the submitted card's outside agencies */
export const referralFacts = (referrals: readonly ReferralLine[]) => facts(referralPairs(referrals));

export interface SubmittedView {
  reference: string;
  severityLabel: string;
  toldPeople: string[];
  guidance: string[];
  critical: boolean;
  /** the plan's outside agencies, as on the review card, so the contacts stay in the reporter's chat */
  referrals?: ReferralLine[];
}

export function submittedCard(view: SubmittedView): AdaptiveCard {
  return card(
    `Report ${view.reference} sent. Type status to see your reports.`,
    [
      heading(`Report sent: ${view.reference}`),
      text(`Thank you. Your report is recorded as ${view.reference} (severity: ${view.severityLabel}).`),
      ...(view.critical
        ? [attention('A child is in danger: if you have not yet, call 999 and tell the designated safeguarding lead in person now.')]
        : []),
      text('What happens next', { weight: 'Bolder', spacing: 'Medium' }),
      text(
        view.toldPeople.length > 0
          ? `It goes to ${view.toldPeople.join(', ')}, who will decide what happens next. You may be asked for more detail.`
          : 'Tell the designated safeguarding lead in person: the school profile has nobody to receive it.',
      ),
      text(PASSED_ON),
      ...(view.guidance.length > 0 ? [text(view.guidance.map((g) => `- ${g}`).join('\n'))] : []),
      ...(view.referrals && view.referrals.length > 0
        ? [text('Outside agencies', { weight: 'Bolder', spacing: 'Medium' }), referralFacts(view.referrals)]
        : []),
      text('Do not discuss the details with others, and keep any device involved safe and untouched.', { isSubtle: true }),
    ],
    [execute('My reports', VERB_STATUS_SHOW)],
  );
}

export function cancelledCard(): AdaptiveCard {
  return card(
    'Report discarded. Nothing was recorded.',
    [heading('Report discarded'), text('Nothing was recorded. Type report to start again.')],
    [execute('Report a concern', VERB_REPORT_START)],
  );
}

/** a button on an old card: the draft it belonged to was sent or cancelled */
export function staleCard(): AdaptiveCard {
  return card(
    'This report was already sent or cancelled.',
    [
      heading('This report is closed'),
      text(
        'This report was already sent or cancelled, so nothing was changed. Type status to see your reports, or report to start a new one.',
      ),
    ],
    [execute('My reports', VERB_STATUS_SHOW), execute('Report a concern', VERB_REPORT_START)],
  );
}

export interface StatusRow {
  reference: string;
  /** 24 Nov 2026 */
  date: string;
  types: string;
  severity: string;
  state: string;
}

export function statusCard(rows: StatusRow[]): AdaptiveCard {
  if (rows.length === 0) {
    return card(
      'You have not made any reports yet.',
      [heading('Your reports'), text('You have not made any reports yet. If something online worries you about a child, type report.')],
      [execute('Report a concern', VERB_REPORT_START)],
    );
  }
  return card(
    `Your reports: ${rows.map((r) => `${r.reference} ${r.state}`).join('; ')}`,
    [
      heading('Your reports'),
      text('Only the reports you made are shown here.', { isSubtle: true, size: 'Small' }),
      ...rows.map((r) => ({
        type: 'Container',
        separator: true,
        items: [
          text(`${r.reference}: ${r.state}`, { weight: 'Bolder' }),
          facts([
            ['Reported', r.date],
            ['What', r.types],
            ['Severity', r.severity],
          ]),
        ],
      })),
    ],
    [execute('Report a concern', VERB_REPORT_START)],
  );
}

/** the case goes to the safeguarding team through the outbox; a worried adult should not wait on a chat message */
export const PASSED_ON =
  'The safeguarding team is being sent the case now, and you will see here when they have decided. If a child may be at risk, tell them in person as well: do not wait for a reply.';
