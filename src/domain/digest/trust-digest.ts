// the trust-level digest: for the trust's CEO and safeguarding lead, each school's figures for its last
// term side by side, taken from that school's own digest, so every figure has already been through the
// school's suppression (small counts "fewer than 3", complementary rows "not shown"). A trust total is
// shown only where no school's figure in that column is hidden: a total with one hidden figure beside
// the others shown would give the hidden one away by subtraction.
import { show, type Digest } from './digest.js';
import { NOT_SHOWN_TEXT, type Cell } from './suppression.js';

export const TRUST_DIGEST_COLUMNS = [
  { key: 'reports', label: 'Reports' },
  { key: 'critical', label: 'Critical' },
  { key: 'high', label: 'High' },
  { key: 'decisions', label: 'DSL decisions' },
  { key: 'misses', label: 'Missed response times' },
  { key: 'open', label: 'Still open' },
] as const;
export type TrustDigestColumn = (typeof TRUST_DIGEST_COLUMNS)[number]['key'];

export interface TrustDigestSchool {
  school: string;
  term: string;
  /** each column's figure as the school's governors would read it */
  figures: Record<TrustDigestColumn, string>;
  /** median hours from report to the DSL's decision (not added up across schools) */
  medianHours: string;
}

export interface TrustDigestView {
  trust: string;
  schools: TrustDigestSchool[];
  /** the trust's totals; "not shown" where a school's figure in the column is hidden */
  totals: Record<TrustDigestColumn, string>;
}

const severity = (digest: Digest, key: 'critical' | 'high'): Cell => digest.bySeverity.find((r) => r.key === key)?.thisTerm ?? { value: 0 };

function cells(digest: Digest): Record<TrustDigestColumn, Cell> {
  return {
    reports: digest.incidents.thisTerm,
    critical: severity(digest, 'critical'),
    high: severity(digest, 'high'),
    decisions: digest.decisions.thisTerm,
    misses: digest.serviceLevelMisses.thisTerm,
    open: digest.openCases.total,
  };
}

export function trustDigest(trust: string, schools: readonly { school: string; digest: Digest }[]): TrustDigestView {
  const perSchool = schools.map((s) => ({ ...s, cells: cells(s.digest) }));
  const totals = Object.fromEntries(
    TRUST_DIGEST_COLUMNS.map(({ key }) => {
      const column = perSchool.map((s) => s.cells[key]);
      const all = column.every((c): c is { value: number } => 'value' in c);
      return [key, all ? String(column.reduce((sum, c) => sum + c.value, 0)) : NOT_SHOWN_TEXT];
    }),
  ) as Record<TrustDigestColumn, string>;
  return {
    trust,
    schools: perSchool.map((s) => ({
      school: s.school,
      term: s.digest.term.name,
      figures: Object.fromEntries(TRUST_DIGEST_COLUMNS.map(({ key }) => [key, show(s.cells[key])])) as Record<TrustDigestColumn, string>,
      medianHours: show(s.digest.medianHoursToDecision.thisTerm),
    })),
    totals,
  };
}
