import { TZDate } from '@date-fns/tz';
import { AGENCIES, AGENCY_INFO, type Agency } from '../agencies.js';
import { previousTerm, sameTermLastYear } from '../calendar-terms.js';
import { SCHOOL_TIME_ZONE, type SchoolCalendar } from '../calendar.js';
import { INCIDENT_TYPES, INCIDENT_TYPE_INFO, type IncidentType } from '../incident-types.js';
import { RISK_AREAS, RISK_AREA_INFO, type RiskArea } from '../risk-areas.js';
import type { Term } from '../school-profile.js';
import { SEVERITIES, SEVERITY_INFO, type Severity } from '../severity.js';
import { NOT_SHOWN_TEXT, SUPPRESSED_TEXT, SUPPRESS_BELOW, cell, protectGroup, staffCell, type Cell, type GroupSum } from './suppression.js';

export * from './suppression.js';

// the governors' termly digest (issue 9): anonymised aggregates of the incident log over a term, with
// the previous term and the same term last year beside it. The incident log is reviewed at least
// termly and reported to governors (first school app. 11); governors see no names and no free text
// (DOMAIN.md, data protection). Pure: the app reads the store and hands over DigestCases.
//
// Suppression (suppression.ts): a count of 1 or 2 is shown as "fewer than 3" so no child can be identified;
// 0 stays 0; counts about staff are shown only from 3; and where a hidden count could be worked out from a
// total and the rows shown beside it, more rows are "not shown". Anything worked out from a hidden count
// (a change, a percentage, a median of 1 or 2 decisions) is "not shown".

export const NO_DECISIONS_TEXT = 'no decisions';
/** a comparison column whose term the profile does not list */
export const NO_TERM_TEXT = '—';

/** the sanction ids the close form records (Camden 5.1 pupil A-D, 5.2 staff A-B) */
export const DIGEST_SANCTIONS = ['pupil-A', 'pupil-B', 'pupil-C', 'pupil-D', 'staff-A', 'staff-B'] as const;
export type DigestSanction = (typeof DIGEST_SANCTIONS)[number];
/**
 * the digest's sanction rows: the pupils' categories, and the staff's two categories as one row. Governors
 * are not told whether a member of staff was sanctioned for misconduct or gross misconduct: in a school
 * that is as good as a name (issue 13).
 */
export const DIGEST_SANCTION_ROWS = ['pupil-A', 'pupil-B', 'pupil-C', 'pupil-D', 'staff'] as const;
export type DigestSanctionRow = (typeof DIGEST_SANCTION_ROWS)[number];
export const DIGEST_SANCTION_LABELS: Readonly<Record<DigestSanctionRow, string>> = {
  'pupil-A': 'Pupil, category A',
  'pupil-B': 'Pupil, category B',
  'pupil-C': 'Pupil, category C',
  'pupil-D': 'Pupil, category D',
  staff: 'Staff (misconduct or gross misconduct)',
};
/** referrals about a member of staff: shown like the staff sanctions, only from 3 */
export const STAFF_AGENCIES: readonly Agency[] = ['lado', 'hr'];

/** the 4Cs, then everything outside them: data security (lost devices, data breaches) and pupils' worries not yet put in a category */
export const DIGEST_AREAS = [...RISK_AREAS, 'other'] as const;
export type DigestArea = (typeof DIGEST_AREAS)[number];
export const DIGEST_AREA_LABELS: Readonly<Record<DigestArea, string>> = {
  content: RISK_AREA_INFO.content.label,
  contact: RISK_AREA_INFO.contact.label,
  conduct: RISK_AREA_INFO.conduct.label,
  commerce: RISK_AREA_INFO.commerce.label,
  other: 'Other (data security, or not yet known)',
};

/** the row labels that are not one of the taxonomies' own */
export const DIGEST_LABELS = {
  incidents: 'Incidents reported',
  decisions: 'DSL decisions made',
  medianHoursToDecision: 'Median hours from report to DSL decision',
  serviceLevelMisses: 'Service-level misses',
  openCases: 'Still open',
} as const;

/**
 * the least the app extracts from an incident record and its events: no names, no free text.
 * - reportedAt: the record's reportedAt (ISO instant); the case belongs to the term containing its London date
 * - decidedAt: the first 'approved' event's time (the DSL's decision), when there is one
 * - slaMissed: an 'alert-sent' event of kind 'unacknowledged-alert' or 'deadline-overdue'
 * - referrals: the agency of each 'referral-recorded' event
 * - sanction: the 'closed' event's data.sanction; open: no 'closed' event
 */
export interface DigestCase {
  reportedAt: string;
  types: readonly IncidentType[];
  severity: Severity;
  decidedAt?: string;
  slaMissed: boolean;
  referrals: readonly Agency[];
  sanction?: DigestSanction;
  open: boolean;
}

export interface DigestInput {
  /** every case reported in the three terms, and every case still open (older ones count as open actions) */
  cases: readonly DigestCase[];
  /** the digest's term, from the profile */
  term: Term;
  /** the profile's calendar: the previous term and the same term last year are found in it */
  calendar: SchoolCalendar;
  aup?: { staff: CoverageInput; governors: CoverageInput; pupils?: CoverageInput };
  training?: { total: number; upToDate: number };
  leavers?: { found: number; closed: number };
  /** YYYY-MM-DD */
  reviews: { policyDueOn?: string; filteringDueOn?: string };
}
export interface CoverageInput {
  total: number;
  valid: number;
}

/** this term minus a comparison term; not shown when either side is hidden */
export type Change = { change: number } | { notShown: true };
/** the median of the decisions made in a term, in hours to one decimal place; not shown for 1 or 2 decisions */
export type Median = { hours: number } | { notShown: true } | { noDecisions: true };
/** a share of a total, in whole percent; not shown when either count is suppressed or the total is 0 */
export type Share = { percent: number } | { notShown: true };

/**
 * one line of the digest across the three terms. previousTerm, lastYear and the changes are null when
 * the profile lists no such term (a school's first year on the bot); a change is this term minus that term.
 */
export interface DigestRow<K extends string = string, V = Cell> {
  key: K;
  label: string;
  thisTerm: V;
  previousTerm: V | null;
  lastYear: V | null;
  changeFromPreviousTerm: Change | null;
  changeFromLastYear: Change | null;
}

export interface DigestTerm {
  name: string;
  start: string;
  end: string;
}

export interface Coverage {
  total: Cell;
  valid: Cell;
  percent: Share;
}
export interface TrainingCoverage {
  total: Cell;
  upToDate: Cell;
  percent: Share;
}

export interface Digest {
  term: DigestTerm;
  previousTerm: DigestTerm | null;
  lastYear: DigestTerm | null;
  /** cases reported in the term */
  incidents: DigestRow<'incidents'>;
  /** a case counts once in each area its types touch, so the areas can add up to more than the incidents */
  byRiskArea: DigestRow<DigestArea>[];
  /** the types reported in any of the three terms, in the card's order; a case counts once per type */
  byType: DigestRow<IncidentType>[];
  bySeverity: DigestRow<Severity>[];
  /** cases whose DSL decision was made in the term, whenever reported */
  decisions: DigestRow<'decisions'>;
  medianHoursToDecision: DigestRow<'median-hours-to-decision', Median>;
  /** cases reported in the term that missed a service level (an unacknowledged or overdue alert went out) */
  serviceLevelMisses: DigestRow<'service-level-misses'>;
  /** cases reported in the term referred to each agency (a case counts once per agency); the LADO and HR shown only from 3 */
  referrals: DigestRow<Agency>[];
  /** cases reported in the term closed with each sanction; staff sanctions in one row, shown only from 3 */
  sanctions: DigestRow<DigestSanctionRow>[];
  /** open actions: every case still open, and those still open by the term they were reported in */
  openCases: { total: Cell; byTerm: DigestRow<'open-cases'> };
  aup?: { staff: Coverage; governors: Coverage; pupils?: Coverage };
  training?: TrainingCoverage;
  leavers?: { found: Cell; closed: Cell };
  reviews: { policyDueOn?: string; filteringDueOn?: string };
}

export class InvalidDigestInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDigestInputError';
  }
}

/** the text of a figure: "12", "fewer than 3", "not shown", "+4", "-1", "6.5", "87%", "—" (no such term) */
export function show(figure: Cell | Change | Median | Share | null): string {
  if (figure === null) return NO_TERM_TEXT;
  if ('value' in figure) return String(figure.value);
  if ('suppressed' in figure) return SUPPRESSED_TEXT;
  if ('notShown' in figure) return NOT_SHOWN_TEXT;
  if ('noDecisions' in figure) return NO_DECISIONS_TEXT;
  if ('change' in figure) return figure.change > 0 ? `+${figure.change}` : String(figure.change);
  if ('hours' in figure) return String(figure.hours);
  return `${figure.percent}%`;
}

// --- aggregation ---------------------------------------------------------------------------------

const TYPE_INDEX = new Map<string, number>(INCIDENT_TYPES.map((t, i) => [t, i]));
const SEVERITY_INDEX = new Map<string, number>(SEVERITIES.map((s, i) => [s, i]));
const AGENCY_INDEX = new Map<string, number>(AGENCIES.map((a, i) => [a, i]));
const SANCTION_INDEX = new Map<string, number>(DIGEST_SANCTIONS.map((s, i) => [s, i]));
const AREA_INDEX = new Map<RiskArea | 'other', number>(DIGEST_AREAS.map((a, i) => [a, i]));
/** each type's area as a bit (1 << index in DIGEST_AREAS), by type index */
const TYPE_AREA_BIT = INCIDENT_TYPES.map((t) => 1 << (AREA_INDEX.get(INCIDENT_TYPE_INFO[t].riskArea ?? 'other') ?? 0));
const INSTANT = /^\d{4}-\d{2}-\d{2}T/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HOUR_MS = 3_600_000;

/** what one term's cases add up to */
interface Tally {
  incidents: number;
  areas: number[];
  types: number[];
  severities: number[];
  decisionHours: number[];
  misses: number;
  referrals: number[];
  sanctions: number[];
  open: number;
}
const newTally = (): Tally => ({
  incidents: 0,
  areas: DIGEST_AREAS.map(() => 0),
  types: INCIDENT_TYPES.map(() => 0),
  severities: SEVERITIES.map(() => 0),
  decisionHours: [],
  misses: 0,
  referrals: AGENCIES.map(() => 0),
  sanctions: DIGEST_SANCTIONS.map(() => 0),
  open: 0,
});

/** a term as [start, end) instants: from London midnight on its first day to London midnight after its last */
interface Period {
  from: number;
  to: number;
  tally: Tally;
}
function periodOf(term: Term): Period {
  const midnight = (day: string, plusDays: number): number => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return new TZDate(y, m - 1, d + plusDays, SCHOOL_TIME_ZONE).getTime();
  };
  return { from: midnight(term.start, 0), to: midnight(term.end, 1), tally: newTally() };
}

// errors name the case by index and field; the value itself is never echoed, so a fault upstream
// cannot carry free text into a log. (The messages are built only when thrown: this runs per case.)
function parseInstant(value: unknown, n: number, field: 'reportedAt' | 'decidedAt'): number {
  const ms = typeof value === 'string' && INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidDigestInputError(`cases[${n}].${field} is not an ISO instant`);
  return ms;
}

const ALLOWED = {
  types: 'the incident types',
  severity: SEVERITIES.join(', '),
  referrals: AGENCIES.join(', '),
  sanction: DIGEST_SANCTIONS.join(', '),
} as const;

function indexOf(index: ReadonlyMap<string, number>, value: unknown, n: number, field: keyof typeof ALLOWED): number {
  const i = typeof value === 'string' ? index.get(value) : undefined;
  if (i === undefined) throw new InvalidDigestInputError(`cases[${n}].${field} is not one of ${ALLOWED[field]}`);
  return i;
}

function tallyCases(cases: readonly DigestCase[], periods: readonly Period[]): { openTotal: number } {
  let openTotal = 0;
  for (let n = 0; n < cases.length; n++) {
    const c = cases[n]!;
    const reported = parseInstant(c.reportedAt, n, 'reportedAt');
    if (!Array.isArray(c.types) || c.types.length === 0)
      throw new InvalidDigestInputError(`cases[${n}].types must list at least one incident type`);
    const severity = indexOf(SEVERITY_INDEX, c.severity, n, 'severity');
    let areaBits = 0;
    const types: number[] = [];
    for (const type of c.types) {
      const t = indexOf(TYPE_INDEX, type, n, 'types');
      if (!types.includes(t)) types.push(t);
      areaBits |= TYPE_AREA_BIT[t]!;
    }
    let agencyBits = 0;
    for (const agency of c.referrals) agencyBits |= 1 << indexOf(AGENCY_INDEX, agency, n, 'referrals');
    const sanction = c.sanction === undefined ? -1 : indexOf(SANCTION_INDEX, c.sanction, n, 'sanction');
    const decided = c.decidedAt === undefined ? undefined : parseInstant(c.decidedAt, n, 'decidedAt');
    if (decided !== undefined && decided < reported) throw new InvalidDigestInputError(`cases[${n}].decidedAt is before its reportedAt`);
    if (c.open) openTotal++;

    for (const { from, to, tally } of periods) {
      if (decided !== undefined && from <= decided && decided < to) tally.decisionHours.push((decided - reported) / HOUR_MS);
      if (reported < from || reported >= to) continue;
      tally.incidents++;
      tally.severities[severity]!++;
      for (const t of types) tally.types[t]!++;
      for (let a = 0; a < DIGEST_AREAS.length; a++) if (areaBits & (1 << a)) tally.areas[a]!++;
      for (let a = 0; a < AGENCIES.length; a++) if (agencyBits & (1 << a)) tally.referrals[a]!++;
      if (sanction >= 0) tally.sanctions[sanction]!++;
      if (c.slaMissed) tally.misses++;
      if (c.open) tally.open++;
    }
  }
  return { openTotal };
}

const changeOf = (now: Cell, then: Cell | null): Change | null =>
  then === null ? null : 'value' in now && 'value' in then ? { change: now.value - then.value } : { notShown: true };

const oneDecimal = (x: number): number => Math.round(x * 10) / 10;

function medianOf(hours: number[]): Median {
  if (hours.length === 0) return { noDecisions: true };
  if (hours.length < SUPPRESS_BELOW) return { notShown: true };
  const sorted = [...hours].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { hours: oneDecimal(median) };
}

const medianChange = (now: Median, then: Median | null): Change | null =>
  then === null ? null : 'hours' in now && 'hours' in then ? { change: oneDecimal(now.hours - then.hours) } : { notShown: true };

/** the types of each area (by index in DIGEST_AREAS), as indexes in INCIDENT_TYPES */
const AREA_TYPES: readonly number[][] = DIGEST_AREAS.map((_, a) =>
  INCIDENT_TYPES.flatMap((_, t) => (TYPE_AREA_BIT[t] === 1 << a ? [t] : [])),
);
const STAFF_SANCTION = [SANCTION_INDEX.get('staff-A')!, SANCTION_INDEX.get('staff-B')!];
const IS_STAFF_AGENCY = AGENCIES.map((a) => STAFF_AGENCIES.includes(a));

/** one term's counts as governors see them, each group suppressed against its total (suppression.ts) */
interface TermCells {
  incidents: Cell;
  areas: Cell[];
  /** by index in INCIDENT_TYPES */
  types: Cell[];
  severities: Cell[];
  decisions: Cell;
  misses: Cell;
  referrals: Cell[];
  /** by index in DIGEST_SANCTION_ROWS */
  sanctions: Cell[];
}

/** the rows of `indexes` protected as one group; the rest (0 in every term) as they are */
function protectSome(total: Cell, counts: readonly number[], indexes: readonly number[], sum: GroupSum): Cell[] {
  const out = counts.map((n) => cell(n));
  const cells = protectGroup(
    total,
    indexes.map((i) => ({ count: counts[i]! })),
    sum,
  );
  indexes.forEach((i, k) => (out[i] = cells[k]!));
  return out;
}

/**
 * one term's cells. `seen`: the areas and types with a case in any of the three terms. A type row is
 * listed only then, so a reader knows the others are 0, and an area with none of its types listed is 0:
 * such rows cannot blur a group, so they are left out of it and shown as the 0 they are.
 */
function termCells(t: Tally, seen: { areas: readonly number[]; types: readonly number[] }): TermCells {
  const count = (n: number) => ({ count: n });
  const incidents = cell(t.incidents);
  const areas = protectSome(incidents, t.areas, seen.areas, 'at-least');
  const types = t.types.map((n) => cell(n));
  AREA_TYPES.forEach((members, a) => {
    const listed = members.filter((i) => seen.types.includes(i));
    const cells = protectGroup(
      areas[a]!,
      listed.map((i) => count(t.types[i]!)),
      'at-least',
    );
    listed.forEach((i, k) => (types[i] = cells[k]!));
  });
  const pupils = t.sanctions.filter((_, i) => !STAFF_SANCTION.includes(i));
  const staff = STAFF_SANCTION.reduce((sum, i) => sum + t.sanctions[i]!, 0);
  return {
    incidents,
    areas,
    types,
    severities: protectGroup(incidents, t.severities.map(count), 'equal'),
    decisions: cell(t.decisionHours.length),
    misses: cell(t.misses),
    referrals: t.referrals.map((n, i) => (IS_STAFF_AGENCY[i] ? staffCell(n) : cell(n))),
    sanctions: protectGroup(incidents, [...pupils.map(count), { count: staff, staff: true }], 'at-most'),
  };
}

type Column = 'thisTerm' | 'previousTerm' | 'lastYear';
type Columns<T> = Record<Column, T | null> & { thisTerm: T };

function rowOf<K extends string>(key: K, label: string, cells: Columns<Cell>): DigestRow<K> {
  const { thisTerm, previousTerm: prev, lastYear: last } = cells;
  return {
    key,
    label,
    thisTerm,
    previousTerm: prev,
    lastYear: last,
    changeFromPreviousTerm: changeOf(thisTerm, prev),
    changeFromLastYear: changeOf(thisTerm, last),
  };
}

function share(part: Cell, total: Cell): Share {
  return 'value' in part && 'value' in total && total.value > 0
    ? { percent: Math.round((part.value / total.value) * 100) }
    : { notShown: true };
}

function checkCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new InvalidDigestInputError(`${what} must be a whole number, 0 or more`);
  return value;
}

function coverage(input: CoverageInput, what: string, validName = 'valid'): Coverage {
  const total = checkCount(input.total, `${what}.total`);
  const valid = checkCount(input.valid, `${what}.${validName}`);
  if (valid > total) throw new InvalidDigestInputError(`${what}.${validName} is more than ${what}.total`);
  const t = cell(total);
  const v = cell(valid);
  return { total: t, valid: v, percent: share(v, t) };
}

function reviewDate(value: unknown, what: string): string {
  // passed through to governors as it is, so nothing but a date gets through
  if (typeof value !== 'string' || !DATE.test(value)) throw new InvalidDigestInputError(`${what} must be a date written YYYY-MM-DD`);
  return value;
}

const termRef = (t: Term): DigestTerm => ({ name: t.name, start: t.start, end: t.end });

/**
 * the governors' digest for `term`: this term beside the previous term and the same term last year
 * (both found in the calendar's terms, across a year boundary too). Throws InvalidDigestInputError on
 * a case the app should never have built (an unknown type, severity, agency or sanction; a time that
 * is not an ISO instant; a decision before its report), naming the case by index, never by content.
 */
export function buildDigest(input: DigestInput): Digest {
  const prevTerm = previousTerm(input.term, input.calendar) ?? null;
  const lastYearTerm = sameTermLastYear(input.term, input.calendar) ?? null;
  const current = periodOf(input.term);
  const previous = prevTerm && periodOf(prevTerm);
  const lastYear = lastYearTerm && periodOf(lastYearTerm);
  const periods = [current, previous, lastYear].filter((p): p is Period => p !== null);
  const tallied = tallyCases(input.cases, periods);

  const [c, p, l] = [current.tally, previous?.tally ?? null, lastYear?.tally ?? null];
  const anyTerm = (counts: (t: Tally) => number[]) =>
    counts(c).flatMap((_, i) => ([c, p, l].some((t) => t !== null && counts(t)[i]! > 0) ? [i] : []));
  const seen = { areas: anyTerm((t) => t.areas), types: anyTerm((t) => t.types) };
  const cells: Columns<TermCells> = {
    thisTerm: termCells(c, seen),
    previousTerm: p && termCells(p, seen),
    lastYear: l && termCells(l, seen),
  };
  const row = <K extends string>(key: K, label: string, pick: (t: TermCells) => Cell) =>
    rowOf(key, label, {
      thisTerm: pick(cells.thisTerm),
      previousTerm: cells.previousTerm && pick(cells.previousTerm),
      lastYear: cells.lastYear && pick(cells.lastYear),
    });

  const medians = {
    thisTerm: medianOf(c.decisionHours),
    previousTerm: p && medianOf(p.decisionHours),
    lastYear: l && medianOf(l.decisionHours),
  };
  // the cases still open from each of the three terms add up to at most those still open from any term
  const openTotal = cell(tallied.openTotal);
  const openCells = protectGroup(
    openTotal,
    [c, p, l].flatMap((t) => (t ? [{ count: t.open }] : [])),
    'at-most',
  );
  const openCell = (t: Tally | null) => (t ? openCells.shift()! : null);
  const open = rowOf('open-cases', DIGEST_LABELS.openCases, { thisTerm: openCell(c)!, previousTerm: openCell(p), lastYear: openCell(l) });

  const digest: Digest = {
    term: termRef(input.term),
    previousTerm: prevTerm && termRef(prevTerm),
    lastYear: lastYearTerm && termRef(lastYearTerm),
    incidents: row('incidents', DIGEST_LABELS.incidents, (t) => t.incidents),
    byRiskArea: DIGEST_AREAS.map((a, i) => row(a, DIGEST_AREA_LABELS[a], (t) => t.areas[i]!)),
    byType: seen.types.map((i) => row(INCIDENT_TYPES[i]!, INCIDENT_TYPE_INFO[INCIDENT_TYPES[i]!].label, (t) => t.types[i]!)),
    bySeverity: SEVERITIES.map((s, i) => row(s, SEVERITY_INFO[s].label, (t) => t.severities[i]!)),
    decisions: row('decisions', DIGEST_LABELS.decisions, (t) => t.decisions),
    medianHoursToDecision: {
      key: 'median-hours-to-decision',
      label: DIGEST_LABELS.medianHoursToDecision,
      ...medians,
      changeFromPreviousTerm: medianChange(medians.thisTerm, medians.previousTerm),
      changeFromLastYear: medianChange(medians.thisTerm, medians.lastYear),
    },
    serviceLevelMisses: row('service-level-misses', DIGEST_LABELS.serviceLevelMisses, (t) => t.misses),
    referrals: AGENCIES.map((a, i) => row(a, AGENCY_INFO[a].label, (t) => t.referrals[i]!)),
    sanctions: DIGEST_SANCTION_ROWS.map((s, i) => row(s, DIGEST_SANCTION_LABELS[s], (t) => t.sanctions[i]!)),
    // how many of a term's cases are still open is read today, so a change between terms means nothing
    openCases: { total: openTotal, byTerm: { ...open, changeFromPreviousTerm: null, changeFromLastYear: null } },
    reviews: {},
  };
  const { policyDueOn, filteringDueOn } = input.reviews;
  if (policyDueOn !== undefined) digest.reviews.policyDueOn = reviewDate(policyDueOn, 'reviews.policyDueOn');
  if (filteringDueOn !== undefined) digest.reviews.filteringDueOn = reviewDate(filteringDueOn, 'reviews.filteringDueOn');
  if (input.aup) {
    digest.aup = { staff: coverage(input.aup.staff, 'aup.staff'), governors: coverage(input.aup.governors, 'aup.governors') };
    if (input.aup.pupils) digest.aup.pupils = coverage(input.aup.pupils, 'aup.pupils');
  }
  if (input.training) {
    const { total, valid, percent } = coverage({ total: input.training.total, valid: input.training.upToDate }, 'training', 'upToDate');
    digest.training = { total, upToDate: valid, percent };
  }
  if (input.leavers) {
    // closed may be more than found: accounts found last month can be closed this one
    digest.leavers = {
      found: cell(checkCount(input.leavers.found, 'leavers.found')),
      closed: cell(checkCount(input.leavers.closed, 'leavers.closed')),
    };
  }
  return digest;
}
