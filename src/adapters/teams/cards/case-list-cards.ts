import type { OpenCaseItem, OpenCasesView } from '../../../app/casework/case-views.js';
import { card, execute, heading, text, type AdaptiveCard, type CardElement } from './card.js';
import { VERB_CASE_OPEN } from './case-cards.js';

// `cases`: the safeguarding team's open cases in their 1:1 chat, most urgent first, each with an Open
// button carrying its caseId alone. a line shows what the channel card may show (no names, no words
// from the report), so a list seen over someone's shoulder tells no child's story.

const NONE = 'You have no open cases.';

function caseLine(item: OpenCaseItem): CardElement {
  const urgent = item.severity === 'critical' || item.severity === 'high';
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [
      text(`${item.reference}: ${item.severityLabel}`, { weight: 'Bolder', ...(urgent ? { color: 'Attention' } : {}) }),
      text(item.types.join(', ') || 'Type not recorded', { spacing: 'None' }),
      text(item.deadline, { spacing: 'None', ...(item.overdue ? { color: 'Attention', weight: 'Bolder' } : {}) }),
      text(item.status, { spacing: 'None', isSubtle: true, size: 'Small' }),
      {
        type: 'ActionSet',
        actions: [{ ...execute('Open', VERB_CASE_OPEN, { caseId: item.caseId }), tooltip: `Open case ${item.reference}` }],
      },
    ],
  };
}

export function openCasesCard(view: OpenCasesView): AdaptiveCard {
  const total = view.cases.length + view.more;
  if (total === 0) return card(NONE, [heading('Your open cases'), text(NONE)]);
  const body: CardElement[] = [
    heading(`Your open cases (${total})`),
    text('Most urgent first: critical, then high, then the nearest deadline.', { isSubtle: true, size: 'Small', spacing: 'None' }),
    ...view.cases.map(caseLine),
  ];
  if (view.more > 0)
    body.push(
      text(`And ${view.more} more, less urgent. Close the cases that are done to see them here.`, { isSubtle: true, separator: true }),
    );
  const first = view.cases[0]!;
  return card(
    `You have ${total} open case${total === 1 ? '' : 's'}. The most urgent is ${first.reference} (${first.severityLabel}): ${first.deadline}.`,
    body,
  );
}
