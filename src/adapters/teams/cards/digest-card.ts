// the governors' termly digest: aggregates only (counts below 3 shown as "fewer than 3", and any figure
// that would let one be worked out "not shown"; domain/digest/suppression.ts), the chart as
// an image with the same figures as text beside it, and a button each governor presses to record
// they have read it. Never a pupil's name, a word of a report, or the name of staff in an allegation.
import { digestColumns, digestRows, show, type Digest } from '../../../domain/index.js';
import type { DigestPostedView } from '../../../app/digest/digest-views.js';
import { card, execute, facts, heading, text, type AdaptiveCard, type CardElement } from './card.js';

/** a governor records a read; the DSL or head sees who has read it (the read-receipt view) */
export const VERB_DIGEST_READ = 'digest.read';
/** the DSL or head: who has read it (the same view, without counting a head who is a governor as a reader) */
export const VERB_DIGEST_READERS = 'digest.readers';
/** "Post it again": asks to confirm */
export const VERB_DIGEST_REPOST = 'digest.repost';
export const VERB_DIGEST_REPOST_CONFIRM = 'digest.repost.confirm';
/** back to the "already posted" card */
export const VERB_DIGEST_STATUS = 'digest.status';

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
    text(
      `Figures for ${d.term.name} (${d.term.start} to ${d.term.end}), compared with ${cols.previousTerm.replace(' (change)', '')} and ${cols.lastYear.replace(' (change)', '')}.`,
      { isSubtle: true },
    ),
    text(SUPPRESSION_NOTE, { isSubtle: true, spacing: 'None' }),
    ...(view.chartDataUri
      ? [
          {
            type: 'Image',
            url: view.chartDataUri,
            altText:
              'Bar chart of incidents by risk area in this term, the previous term and the same term last year, hatched where a figure is not shown; the same figures are in the table below.',
            size: 'Stretch',
          },
        ]
      : []),
    ...sections.map((section): CardElement => ({
      type: 'Container',
      separator: true,
      items: [
        text(section, { weight: 'Bolder' }),
        facts(
          rows
            .filter((r) => r.section === section)
            .map((r) => [r.label, `${r.thisTerm} · before: ${r.previousTerm} · last year: ${r.lastYear}`]),
        ),
      ],
    })),
  ];
  const coverage: [string, string][] = [];
  if (d.aup) {
    coverage.push(
      ['AUP agreed: staff', `${show(d.aup.staff.valid)} of ${show(d.aup.staff.total)}`],
      ['AUP agreed: governors', `${show(d.aup.governors.valid)} of ${show(d.aup.governors.total)}`],
    );
    if (d.aup.pupils) coverage.push(['AUP signed: pupils', `${show(d.aup.pupils.valid)} of ${show(d.aup.pupils.total)}`]);
  }
  if (d.training) coverage.push(['Training up to date', `${show(d.training.upToDate)} of ${show(d.training.total)}`]);
  if (d.leavers) coverage.push(['Leaver accounts found / disabled', `${show(d.leavers.found)} / ${show(d.leavers.closed)}`]);
  if (d.reviews.policyDueOn) coverage.push(['Policy review due', d.reviews.policyDueOn]);
  if (d.reviews.filteringDueOn) coverage.push(['Filtering review due', d.reviews.filteringDueOn]);
  if (coverage.length > 0) body.push(text('Agreements, training and reviews', { weight: 'Bolder', spacing: 'Medium' }), facts(coverage));
  if (view.readBy)
    body.push(text(view.readBy.length > 0 ? `Read by: ${view.readBy.join(', ')}` : 'Not read by any governor yet.', { spacing: 'Medium' }));
  return card(`Online safety digest for ${d.term.name}: ${show(d.incidents.thisTerm)} incidents.`, body, [
    execute('I have read this', VERB_DIGEST_READ, { digestId: view.digestId }, 'positive'),
  ]);
}

/** to the DSL or head who asks for a term's digest again: it is posted already, when, by whom and who has read it */
export function digestPostedCard(view: DigestPostedView): AdaptiveCard {
  const body: CardElement[] = [
    heading(`Digest for ${view.termName}: posted already`),
    ...(view.notice ? [text(view.notice, { weight: 'Bolder' })] : []),
    text(view.posted),
    ...view.again.map((line) => text(line, { spacing: 'None' })),
    text(`So far it has been ${view.read}.`, { weight: 'Bolder' }),
    text(
      // with a notice, the notice says what was just done
      `${view.notice ? '' : 'Nothing was posted just now. '}A term has one digest, so the governors see one set of figures and you see one list of who has read it. ` +
        `Post it again only if the governors can no longer see it in the ${view.channel} channel, for example because the post was deleted.`,
      { isSubtle: true },
    ),
  ];
  return card(`${view.posted} So far it has been ${view.read}.`, body, [
    execute('Who has read it', VERB_DIGEST_READERS, { digestId: view.digestId }),
    execute('Post it again', VERB_DIGEST_REPOST, { digestId: view.digestId }),
  ]);
}

/** one more step before a second post of the same digest */
export function digestRepostConfirmCard(view: DigestPostedView): AdaptiveCard {
  const again = `Post the digest for ${view.termName} again?`;
  return card(
    again,
    [
      heading(again),
      text(
        `The same digest goes to the ${view.channel} channel once more, with the figures as first posted. Its read list stays one list: whoever has read either copy is counted once (so far it has been ${view.read}).`,
      ),
      text('Do this only if the governors can no longer see the first post, for example because it was deleted.', { isSubtle: true }),
    ],
    [
      execute('Yes, post it again', VERB_DIGEST_REPOST_CONFIRM, { digestId: view.digestId, posts: String(view.posts) }, 'positive'),
      execute('Cancel', VERB_DIGEST_STATUS, { digestId: view.digestId }),
    ],
  );
}
