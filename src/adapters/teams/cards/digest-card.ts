// the governors' termly digest: aggregates only (counts below 3 shown as "fewer than 3", and any figure
// that would let one be worked out "not shown"; domain/digest/suppression.ts), the chart as
// an image with the same figures as text beside it, and a button each governor presses to record
// they have read it. Never a pupil's name, a word of a report, or the name of staff in an allegation.
import { digestColumns, digestRows, show, type Digest } from '../../../domain/index.js';
import { card, execute, facts, heading, text, type AdaptiveCard, type CardElement } from './card.js';

export const VERB_DIGEST_READ = 'digest.read';

/** what "fewer than 3" and "not shown" mean, under the introduction */
export const SUPPRESSION_NOTE =
  'So that no child can be identified, counts of 1 or 2 read "fewer than 3", and where one could be worked out from a total and the figures beside it, those figures read "not shown". ' +
  'Staff sanctions and referrals to the LADO or HR are given only from 3: there "fewer than 3" includes none.';

export interface DigestCardView {
  digestId: string;
  digest: Digest;
  /** the chart as a PNG data URI; the table below carries the same figures */
  chartDataUri?: string;
  /** for the DSL: who has read it */
  readBy?: string[];
  notice?: string;
}

export function digestCard(view: DigestCardView): AdaptiveCard {
  const d = view.digest;
  const cols = digestColumns(d);
  const rows = digestRows(d);
  const sections = [...new Set(rows.map((r) => r.section))];
  const body: CardElement[] = [
    heading(`Online safety: ${d.term.name}`),
    ...(view.notice ? [text(view.notice, { weight: 'Bolder' })] : []),
    text(`Figures for ${d.term.name} (${d.term.start} to ${d.term.end}), compared with ${cols.previousTerm.replace(' (change)', '')} and ${cols.lastYear.replace(' (change)', '')}.`, { isSubtle: true }),
    text(SUPPRESSION_NOTE, { isSubtle: true, spacing: 'None' }),
    ...(view.chartDataUri
      ? [{ type: 'Image', url: view.chartDataUri, altText: 'Bar chart of incidents by risk area in this term, the previous term and the same term last year, hatched where a figure is not shown; the same figures are in the table below.', size: 'Stretch' }]
      : []),
    ...sections.map((section): CardElement => ({
      type: 'Container',
      separator: true,
      items: [
        text(section, { weight: 'Bolder' }),
        facts(rows.filter((r) => r.section === section).map((r) => [r.label, `${r.thisTerm} · before: ${r.previousTerm} · last year: ${r.lastYear}`])),
      ],
    })),
  ];
  const coverage: [string, string][] = [];
  if (d.aup) {
    coverage.push(['AUP agreed: staff', `${show(d.aup.staff.valid)} of ${show(d.aup.staff.total)}`], ['AUP agreed: governors', `${show(d.aup.governors.valid)} of ${show(d.aup.governors.total)}`]);
    if (d.aup.pupils) coverage.push(['AUP signed: pupils', `${show(d.aup.pupils.valid)} of ${show(d.aup.pupils.total)}`]);
  }
  if (d.training) coverage.push(['Training up to date', `${show(d.training.upToDate)} of ${show(d.training.total)}`]);
  if (d.leavers) coverage.push(['Leaver accounts found / disabled', `${show(d.leavers.found)} / ${show(d.leavers.closed)}`]);
  if (d.reviews.policyDueOn) coverage.push(['Policy review due', d.reviews.policyDueOn]);
  if (d.reviews.filteringDueOn) coverage.push(['Filtering review due', d.reviews.filteringDueOn]);
  if (coverage.length > 0) body.push(text('Agreements, training and reviews', { weight: 'Bolder', spacing: 'Medium' }), facts(coverage));
  if (view.readBy) body.push(text(view.readBy.length > 0 ? `Read by: ${view.readBy.join(', ')}` : 'Not read by any governor yet.', { spacing: 'Medium' }));
  return card(`Online safety digest for ${d.term.name}: ${show(d.incidents.thisTerm)} incidents.`, body, [execute('I have read this', VERB_DIGEST_READ, { digestId: view.digestId }, 'positive')]);
}
