import { NO_TERM_TEXT, show, type Cell, type Change, type Digest, type DigestRow, type Median } from './digest.js';

// the digest as a plain text table: the governors' card shows it as the text fallback for the chart,
// and under it for anyone who reads rather than looks. Every figure goes through show(), so the
// table suppresses exactly what the digest does.

export const DIGEST_SECTIONS = [
  'Incidents',
  'By risk area',
  'By type',
  'By severity',
  'Decisions',
  'Referrals',
  'Sanctions',
  'Open actions',
] as const;
export type DigestSection = (typeof DIGEST_SECTIONS)[number];

export interface DigestTableRow {
  section: DigestSection;
  label: string;
  thisTerm: string;
  /** the previous term's figure and, in brackets, this term's change from it: "4 (+2)" */
  previousTerm: string;
  /** the same term last year's figure and this term's change from it */
  lastYear: string;
}

/** the column headings: the terms' names */
export function digestColumns(digest: Digest): { label: string; thisTerm: string; previousTerm: string; lastYear: string } {
  return {
    label: '',
    thisTerm: digest.term.name,
    previousTerm: digest.previousTerm ? `${digest.previousTerm.name} (change)` : 'Previous term',
    lastYear: digest.lastYear ? `${digest.lastYear.name} (change)` : 'Same term last year',
  };
}

const compared = (figure: Cell | Median | null, change: Change | null): string =>
  figure === null ? NO_TERM_TEXT : change === null ? show(figure) : `${show(figure)} (${show(change)})`;

const line = (section: DigestSection, row: DigestRow<string, Cell> | DigestRow<string, Median>): DigestTableRow => ({
  section,
  label: row.label,
  thisTerm: show(row.thisTerm),
  previousTerm: compared(row.previousTerm, row.changeFromPreviousTerm),
  lastYear: compared(row.lastYear, row.changeFromLastYear),
});

/** a row with nothing in any term: left out of the referrals and sanctions, which list every category */
const anyCase = (row: DigestRow): boolean =>
  [row.thisTerm, row.previousTerm, row.lastYear].some((c) => c !== null && !('value' in c && c.value === 0));

/** the digest's term figures as rows of text (label, this term, previous term, last year), in reading order */
export function digestRows(digest: Digest): DigestTableRow[] {
  return [
    line('Incidents', digest.incidents),
    ...digest.byRiskArea.map((r) => line('By risk area', r)),
    ...digest.byType.map((r) => line('By type', r)),
    ...digest.bySeverity.map((r) => line('By severity', r)),
    line('Decisions', digest.decisions),
    line('Decisions', digest.medianHoursToDecision),
    line('Decisions', digest.serviceLevelMisses),
    ...digest.referrals.filter(anyCase).map((r) => line('Referrals', r)),
    ...digest.sanctions.filter(anyCase).map((r) => line('Sanctions', r)),
    line('Open actions', digest.openCases.byTerm),
    {
      section: 'Open actions',
      label: 'Still open, from any term',
      thisTerm: show(digest.openCases.total),
      previousTerm: NO_TERM_TEXT,
      lastYear: NO_TERM_TEXT,
    },
  ];
}

/** the rows laid out in padded columns under section headings, for a monospaced text block */
export function digestTableText(digest: Digest): string {
  const head = digestColumns(digest);
  const rows = digestRows(digest).map((r) => ({ ...r, label: `  ${r.label}` }));
  const all = [head, ...rows];
  const width = (key: 'label' | 'thisTerm' | 'previousTerm') => Math.max(...all.map((r) => r[key].length)) + 2;
  const [w0, w1, w2] = [width('label'), width('thisTerm'), width('previousTerm')];
  const format = (r: (typeof all)[number]) =>
    `${r.label.padEnd(w0)}${r.thisTerm.padEnd(w1)}${r.previousTerm.padEnd(w2)}${r.lastYear}`.trimEnd();
  const out = [format(head)];
  let section: DigestSection | undefined;
  for (const r of rows) {
    if (r.section !== section) out.push(r.section);
    section = r.section;
    out.push(format(r));
  }
  return out.join('\n');
}
