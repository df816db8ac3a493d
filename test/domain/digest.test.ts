import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGENCIES,
  AGENCY_INFO,
  DIGEST_AREAS,
  DIGEST_AREA_LABELS,
  DIGEST_LABELS,
  DIGEST_SANCTIONS,
  DIGEST_SANCTION_LABELS,
  DIGEST_SANCTION_ROWS,
  DIGEST_SECTIONS,
  INCIDENT_TYPES,
  INCIDENT_TYPE_INFO,
  InvalidDigestInputError,
  SEVERITIES,
  SEVERITY_INFO,
  buildDigest,
  cell,
  digestColumns,
  digestRows,
  digestTableText,
  protectGroup,
  schoolCalendar,
  show,
  staffCell,
  termContaining,
  type Agency,
  type Cell,
  type Digest,
  type DigestCase,
  type DigestInput,
  type DigestRow,
  type DigestSanction,
  type GroupSum,
  type IncidentFacts,
  type IncidentType,
  type Median,
  type Severity,
  type Term,
} from '../../src/domain/index.js';
import type { IncidentEvent, IncidentRecord } from '../../src/ports/incident-store.js';

// issue 9 item 2: the governors' termly digest. First school app. 11: the incident log is reviewed at
// least termly and reported to governors; DOMAIN.md: the digest is anonymised aggregates only, and
// counts below 3 are shown as "fewer than 3" so no child can be identified.

const t = (name: string, start: string, end: string, halfTerm?: Term['halfTerm']): Term => ({
  name,
  start,
  end,
  ...(halfTerm ? { halfTerm } : {}),
});
const calendar = schoolCalendar({
  closureDays: [],
  terms: [
    t('Autumn 2025', '2025-09-03', '2025-12-19'),
    t('Spring 2026', '2026-01-05', '2026-03-27'),
    t('Summer 2026', '2026-04-13', '2026-07-22'),
    t('Autumn 2026', '2026-09-02', '2026-12-18', { start: '2026-10-26', end: '2026-10-30' }),
    t('Spring 2027', '2027-01-05', '2027-03-26'),
    t('Summer 2027', '2027-04-12', '2027-07-21'),
  ],
});
const term = (name: string): Term => calendar.terms.find((x) => x.name === name)!;
const autumn26 = term('Autumn 2026');

const kase = (reportedAt: string, types: IncidentType[], severity: Severity, more: Partial<DigestCase> = {}): DigestCase => ({
  reportedAt,
  types,
  severity,
  slaMissed: false,
  referrals: [],
  open: false,
  ...more,
});
const times = (n: number, make: (i: number) => DigestCase): DigestCase[] => Array.from({ length: n }, (_, i) => make(i));
const digestOf = (cases: DigestCase[], forTerm = autumn26, more: Partial<DigestInput> = {}): Digest =>
  buildDigest({ cases, term: forTerm, calendar, reviews: {}, ...more });
const hoursAfter = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

// Oakfield's autumn 2026 (12 cases), summer 2026 (9) and autumn 2025 (7), and one case in the summer holidays
const autumn2026 = [
  ...times(3, (i) => kase(`2026-09-1${i}T10:00:00Z`, ['inappropriate-website'], 'low')),
  kase('2026-10-06T13:00:00Z', ['grooming'], 'high'),
  ...times(4, (i) => kase(`2026-11-0${i + 2}T11:00:00Z`, ['cyberbullying'], 'medium')),
  kase('2026-11-09T11:00:00Z', ['cyberbullying', 'chain-or-threatening-messages'], 'medium'),
  kase('2026-11-16T09:30:00Z', ['data-breach'], 'medium'),
  kase('2026-12-01T14:00:00Z', ['pupil-worry'], 'high'),
  kase('2026-12-07T08:45:00Z', ['pornography', 'lost-device'], 'critical'),
];
const summer2026 = [
  ...times(3, (i) => kase(`2026-05-1${i}T10:00:00Z`, ['inappropriate-website'], 'low')),
  ...times(2, (i) => kase(`2026-06-0${i + 1}T10:00:00Z`, ['cyberbullying'], 'medium')),
  ...times(4, (i) => kase(`2026-07-0${i + 6}T10:00:00Z`, ['scam-or-phishing'], 'low')),
];
const autumn2025 = [
  ...times(6, (i) => kase(`2025-10-0${i + 1}T10:00:00Z`, ['cyberbullying'], 'medium')),
  kase('2025-11-20T10:00:00Z', ['grooming'], 'high'),
];
const holiday = kase('2026-08-12T10:00:00Z', ['grooming'], 'critical');
const oakfield = digestOf([...autumn2026, ...summer2026, ...autumn2025, holiday]);

/** [label, this term, previous term, last year] as the governors read them */
const read = (row: DigestRow<string, Cell> | DigestRow<string, Median>) => [
  row.label,
  show(row.thisTerm),
  `${show(row.previousTerm)} (${show(row.changeFromPreviousTerm)})`,
  `${show(row.lastYear)} (${show(row.changeFromLastYear)})`,
];

describe('cells: counts of 1 and 2 are "fewer than 3", 0 stays 0 (issue 9: so no child can be identified)', () => {
  it.each([
    [0, { value: 0 }, '0'],
    [1, { suppressed: true }, 'fewer than 3'],
    [2, { suppressed: true }, 'fewer than 3'],
    [3, { value: 3 }, '3'],
    [17, { value: 17 }, '17'],
  ] as const)('%i incidents', (count, want, text) => {
    expect(cell(count)).toEqual(want);
    expect(show(cell(count))).toBe(text);
  });

  it.each([
    [{ change: 4 }, '+4'],
    [{ change: -1 }, '-1'],
    [{ change: 0 }, '0'],
    [{ change: 1.5 }, '+1.5'],
    [{ notShown: true }, 'not shown'],
    [{ hours: 6.5 }, '6.5'],
    [{ noDecisions: true }, 'no decisions'],
    [{ percent: 88 }, '88%'],
    [null, '—'],
  ] as const)('show(%j) is %s', (figure, text) => {
    expect(show(figure)).toBe(text);
  });
});

describe('buildDigest: autumn 2026 at Oakfield, beside summer 2026 and autumn 2025', () => {
  it('names the three terms', () => {
    expect([oakfield.term, oakfield.previousTerm, oakfield.lastYear]).toEqual([
      { name: 'Autumn 2026', start: '2026-09-02', end: '2026-12-18' },
      { name: 'Summer 2026', start: '2026-04-13', end: '2026-07-22' },
      { name: 'Autumn 2025', start: '2025-09-03', end: '2025-12-19' },
    ]);
  });

  it('counts the incidents reported in each term (the August case is in no term)', () => {
    expect(read(oakfield.incidents)).toEqual(['Incidents reported', '12', '9 (+3)', '7 (+5)']);
  });

  it('by risk area: the 4Cs, then data security and pupils\' worries as "Other"; a trend with a suppressed side is not shown', () => {
    expect(oakfield.byRiskArea.map(read)).toEqual([
      // three websites and the pornography: 4; summer's three websites: 3, hidden because summer's 9 incidents
      // less its 3 and 4 shown would give away its 2 bullying cases; none last autumn
      ['Content', '4', 'not shown (not shown)', '0 (+4)'],
      // one grooming case each autumn, none in the summer: this autumn's areas add up to 13 for 12 incidents,
      // so the 1 can still be 1 or 2; last autumn's 7 less 6 would give it away, so its 6 is hidden too
      ['Contact', 'fewer than 3', '0 (not shown)', 'not shown (not shown)'],
      // five bullying cases, the one with threatening messages counted once
      ['Conduct', '5', 'not shown (not shown)', 'not shown (not shown)'],
      ['Commerce', '0', '4 (-4)', '0 (0)'],
      // the data breach, the pupil's worry, and the lost device that came with the pornography
      ['Other (data security, or not yet known)', '3', '0 (+3)', '0 (+3)'],
    ]);
    expect(oakfield.byRiskArea.map((r) => r.key)).toEqual(['content', 'contact', 'conduct', 'commerce', 'other']);
  });

  it("by type: only the types reported in one of the three terms, in the card's order", () => {
    expect(oakfield.byType.map(read)).toEqual([
      // content: 4, of which 3 websites would give the pornography's 1 away; in the summer the area is hidden, and so its types
      ['Age-inappropriate site or app', 'not shown', 'not shown (not shown)', '0 (not shown)'],
      ['Pornography', 'not shown', 'not shown (not shown)', '0 (not shown)'],
      // contact is "fewer than 3" this autumn, so its types can only be 1s and 2s: hidden; last autumn contact is hidden
      ['Grooming', 'not shown', '0 (not shown)', 'not shown (not shown)'],
      // conduct: 5 bullying and 1 threatening of 5 cases cannot add up exactly, so the 1 can be 1 or 2
      ['Online bullying', '5', 'not shown (not shown)', 'not shown (not shown)'],
      ['Chain or threatening messages', 'fewer than 3', 'not shown (not shown)', 'not shown (not shown)'],
      ['Scam or phishing', '0', '4 (-4)', '0 (0)'],
      // other: 3, from three types of 1 or 2 each, can only be 1 + 1 + 1
      ['Data breach', 'not shown', '0 (not shown)', '0 (not shown)'],
      ['Lost or stolen device', 'not shown', '0 (not shown)', '0 (not shown)'],
      ["A pupil's worry (kind not yet known)", 'not shown', '0 (not shown)', '0 (not shown)'],
    ]);
  });

  it('by severity: every severity, most urgent first', () => {
    expect(oakfield.bySeverity.map(read)).toEqual([
      // this autumn 12 - 6 - 3 leaves 3 for critical and high: 1 and 2, or 2 and 1. The summer's 9 - 7 and
      // last autumn's 7 - 6 would give a small count away, so the 7 and the 6 are hidden as well
      ['Critical', 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      ['High', 'fewer than 3', '0 (not shown)', 'not shown (not shown)'],
      ['Medium', '6', 'not shown (not shown)', 'not shown (not shown)'],
      ['Low', '3', 'not shown (not shown)', '0 (+3)'],
    ]);
  });

  it('keeps the raw structure: cells, changes, and null for nothing to compare', () => {
    expect(oakfield.byRiskArea[1]).toEqual({
      key: 'contact',
      label: 'Contact',
      thisTerm: { suppressed: true },
      previousTerm: { value: 0 },
      lastYear: { notShown: true },
      changeFromPreviousTerm: { notShown: true },
      changeFromLastYear: { notShown: true },
    });
    // the summer's content is hidden (complementary), so the change from it is not shown either
    expect(oakfield.byRiskArea[0]).toMatchObject({
      thisTerm: { value: 4 },
      previousTerm: { notShown: true },
      changeFromPreviousTerm: { notShown: true },
      changeFromLastYear: { change: 4 },
    });
  });
});

describe('a case belongs to the term containing its London date (termContaining)', () => {
  it.each([
    ['00:30 BST on 2 September: the first day of autumn 2026', '2026-09-01T23:30:00Z', 'thisTerm'],
    ['23:30 BST on 1 September: the INSET day before term', '2026-09-01T22:30:00Z', 'none'],
    ['half-term is inside the term', '2026-10-28T10:00:00Z', 'thisTerm'],
    ['23:59 GMT on 18 December: the last day of term', '2026-12-18T23:59:59Z', 'thisTerm'],
    ['midnight on 19 December: the Christmas holidays', '2026-12-19T00:00:00Z', 'none'],
    ['the last day of the summer term', '2026-07-22T16:00:00Z', 'previousTerm'],
    ['the first day of autumn 2025', '2025-09-03T07:00:00Z', 'lastYear'],
  ] as const)('%s', (_name, reportedAt, where) => {
    const d = digestOf([...times(3, () => kase(reportedAt, ['aup-breach'], 'low'))]);
    const counts = {
      thisTerm: show(d.incidents.thisTerm),
      previousTerm: show(d.incidents.previousTerm),
      lastYear: show(d.incidents.lastYear),
    };
    expect(counts).toEqual({ thisTerm: '0', previousTerm: '0', lastYear: '0', ...(where === 'none' ? {} : { [where]: '3' }) });
  });
});

describe('trends across the year boundary (calendar-terms: previousTerm, sameTermLastYear)', () => {
  const everyTerm = calendar.terms.flatMap((x, n) =>
    times(3 + n, (i) => kase(`${x.start}T1${i % 10}:00:00Z`, ['cyberbullying'], 'medium')),
  );

  it.each([
    // autumn follows the summer of the school year before; autumn 2025 is a year before autumn 2026
    ['Autumn 2026', 'Summer 2026', 'Autumn 2025', ['Incidents reported', '6', '5 (+1)', '3 (+3)']],
    // spring 2027's previous term is autumn 2026, across 31 December
    ['Spring 2027', 'Autumn 2026', 'Spring 2026', ['Incidents reported', '7', '6 (+1)', '4 (+3)']],
    ['Summer 2027', 'Spring 2027', 'Summer 2026', ['Incidents reported', '8', '7 (+1)', '5 (+3)']],
    ['Spring 2026', 'Autumn 2025', null, ['Incidents reported', '4', '3 (+1)', '— (—)']],
  ] as const)('%s: previous term %s, last year %s', (name, previous, lastYear, row) => {
    const d = digestOf(everyTerm, term(name));
    expect(d.previousTerm?.name).toBe(previous);
    expect(d.lastYear?.name ?? null).toBe(lastYear);
    expect(read(d.incidents)).toEqual(row);
  });

  it('a school\'s first term has nothing to compare with: null, shown as "—"', () => {
    const d = digestOf(everyTerm, term('Autumn 2025'));
    expect([d.previousTerm, d.lastYear]).toEqual([null, null]);
    expect(d.incidents).toEqual({
      key: 'incidents',
      label: 'Incidents reported',
      thisTerm: { value: 3 },
      previousTerm: null,
      lastYear: null,
      changeFromPreviousTerm: null,
      changeFromLastYear: null,
    });
    expect(digestRows(d)[0]).toEqual({
      section: 'Incidents',
      label: 'Incidents reported',
      thisTerm: '3',
      previousTerm: '—',
      lastYear: '—',
    });
  });
});

describe('time from report to DSL decision (the first "approved" event), in the term the decision was made', () => {
  const reported = '2026-10-05T09:00:00Z';
  const decidedAfter = (hours: number[]) =>
    hours.map((h) => kase(reported, ['cyberbullying'], 'medium', { decidedAt: hoursAfter(reported, h) }));

  it.each([
    ['odd: the middle one', [30, 2, 4], { hours: 4 }, '3'],
    ['even: the mean of the middle two', [2, 4, 10, 30], { hours: 7 }, '4'],
    ['to one decimal place', [0.25, 1, 1.5, 2, 3, 48], { hours: 1.8 }, '6'],
    ['two decisions: not shown', [2, 4], { notShown: true }, 'fewer than 3'],
    ['one decision: not shown', [5], { notShown: true }, 'fewer than 3'],
    ['none', [], { noDecisions: true }, '0'],
  ] as const)('%s', (_name, hours, median, decisions) => {
    const d = digestOf(decidedAfter([...hours]));
    expect(d.medianHoursToDecision.thisTerm).toEqual(median);
    expect(show(d.decisions.thisTerm)).toBe(decisions);
  });

  it('a summer case decided in September counts in the autumn; one still waiting counts nowhere', () => {
    const d = digestOf([
      kase('2026-07-22T15:00:00Z', ['grooming'], 'high', { decidedAt: '2026-09-02T08:00:00Z' }), // 1001 h: Wednesday 22 July to Wednesday 2 September
      ...decidedAfter([1, 2]),
      kase(reported, ['grooming'], 'high'),
    ]);
    expect(d.medianHoursToDecision.thisTerm).toEqual({ hours: 2 });
    expect(show(d.decisions.thisTerm)).toBe('3');
    expect(show(d.decisions.previousTerm)).toBe('0');
    expect(show(d.incidents.previousTerm)).toBe('fewer than 3');
  });

  it('the change in the median, in hours; not shown when a side has fewer than 3 decisions', () => {
    const summer = ['2026-05-05T09:00:00Z', '2026-05-06T09:00:00Z', '2026-05-07T09:00:00Z'].map((r, i) =>
      kase(r, ['aup-breach'], 'low', { decidedAt: hoursAfter(r, [3, 5.5, 9][i]!) }),
    );
    const lastAutumn = kase('2025-10-01T09:00:00Z', ['aup-breach'], 'low', { decidedAt: '2025-10-01T10:00:00Z' });
    const d = digestOf([...decidedAfter([2, 4, 10, 30]), ...summer, lastAutumn]);
    expect(d.medianHoursToDecision).toEqual({
      key: 'median-hours-to-decision',
      label: 'Median hours from report to DSL decision',
      thisTerm: { hours: 7 },
      previousTerm: { hours: 5.5 },
      lastYear: { notShown: true },
      changeFromPreviousTerm: { change: 1.5 },
      changeFromLastYear: { notShown: true },
    });
  });
});

describe('service levels, referrals, sanctions and open actions', () => {
  const cases = [
    // three cases missed a service level this term (an unacknowledged-alert or deadline-overdue alert went out); one in the summer
    ...times(3, (i) => kase(`2026-10-1${i}T09:00:00Z`, ['cyberbullying'], 'high', { slaMissed: true })),
    kase('2026-06-10T09:00:00Z', ['cyberbullying'], 'high', { slaMissed: true }),
    // grooming referred to CEOP and children's social care; the police twice on one case counts once
    kase('2026-10-20T09:00:00Z', ['grooming'], 'high', { referrals: ['ceop', 'childrens-social-care', 'police', 'police'] }),
    ...times(2, (i) => kase(`2026-11-1${i}T09:00:00Z`, ['nude-image-sharing'], 'high', { referrals: ['police'] })),
    // Camden 5.1: four pupils in category C; one member of staff in category B (Camden 5.2)
    ...times(4, (i) => kase(`2026-11-2${i}T09:00:00Z`, ['cyberbullying'], 'medium', { sanction: 'pupil-C' })),
    kase('2026-12-01T09:00:00Z', ['pornography'], 'critical', { sanction: 'staff-B', referrals: ['lado'] }),
    // still open: two from this term, two from the summer, one from 2024
    ...times(2, (i) => kase(`2026-12-0${i + 2}T09:00:00Z`, ['aup-breach'], 'low', { open: true })),
    ...times(2, (i) => kase(`2026-07-1${i}T09:00:00Z`, ['aup-breach'], 'low', { open: true })),
    kase('2024-11-11T09:00:00Z', ['grooming'], 'high', { open: true }),
  ];
  const d = digestOf(cases);

  it('counts the service-level misses of the cases reported in each term', () => {
    expect(read(d.serviceLevelMisses)).toEqual(['Service-level misses', '3', 'fewer than 3 (not shown)', '0 (+3)']);
  });

  it('counts the cases referred to each agency, every agency listed', () => {
    expect(d.referrals.map((r) => [r.key, show(r.thisTerm)])).toEqual([
      ['police', '3'],
      ['ceop', 'fewer than 3'],
      ['childrens-social-care', 'fewer than 3'],
      ['lado', 'fewer than 3'],
      // referrals to the LADO and HR are about staff: "fewer than 3" includes none (issue 13)
      ['prevent', '0'],
      ['ico', '0'],
      ['hr', 'fewer than 3'],
      ['platform-report', '0'],
    ]);
    expect(d.referrals[0]?.label).toBe('Police');
  });

  it('counts the cases closed with each sanction category', () => {
    expect(d.sanctions.map((r) => [r.label, show(r.thisTerm)])).toEqual([
      ['Pupil, category A', '0'],
      ['Pupil, category B', '0'],
      ['Pupil, category C', '4'],
      ['Pupil, category D', '0'],
      // staff categories A and B in one row, "fewer than 3" from 0 to 2 (issue 13)
      ['Staff (misconduct or gross misconduct)', 'fewer than 3'],
    ]);
  });

  it('counts every case still open, and those still open by the term reported (no change between terms)', () => {
    expect(d.openCases).toEqual({
      total: { value: 5 },
      byTerm: {
        // 2, 2 and 0 of 5: nothing 3 or more in the group, so all three are hidden, the 0 too
        key: 'open-cases',
        label: 'Still open',
        thisTerm: { notShown: true },
        previousTerm: { notShown: true },
        lastYear: { notShown: true },
        changeFromPreviousTerm: null,
        changeFromLastYear: null,
      },
    });
  });

  it('lays the term figures out as text rows, leaving out referral and sanction categories with nothing in any term', () => {
    expect(digestColumns(d)).toEqual({
      label: '',
      thisTerm: 'Autumn 2026',
      previousTerm: 'Summer 2026 (change)',
      lastYear: 'Autumn 2025 (change)',
    });
    const rows = digestRows(d).map((r) => [r.section, r.label, r.thisTerm, r.previousTerm, r.lastYear]);
    expect(rows.filter((r) => ['Decisions', 'Referrals', 'Sanctions', 'Open actions'].includes(r[0]!))).toEqual([
      ['Decisions', 'DSL decisions made', '0', '0 (0)', '0 (0)'],
      ['Decisions', 'Median hours from report to DSL decision', 'no decisions', 'no decisions (not shown)', 'no decisions (not shown)'],
      ['Decisions', 'Service-level misses', '3', 'fewer than 3 (not shown)', '0 (+3)'],
      ['Referrals', 'Police', '3', '0 (+3)', '0 (+3)'],
      ['Referrals', 'CEOP', 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      ['Referrals', "Children's social care (MASH)", 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      // the rows about staff are always listed, and none reads like one or two: "fewer than 3"
      ['Referrals', 'LADO', 'fewer than 3', 'fewer than 3 (not shown)', 'fewer than 3 (not shown)'],
      ['Referrals', 'HR provider', 'fewer than 3', 'fewer than 3 (not shown)', 'fewer than 3 (not shown)'],
      ['Sanctions', 'Pupil, category C', '4', '0 (+4)', '0 (+4)'],
      ['Sanctions', 'Staff (misconduct or gross misconduct)', 'fewer than 3', 'fewer than 3 (not shown)', 'fewer than 3 (not shown)'],
      ['Open actions', 'Still open', 'not shown', 'not shown', 'not shown'],
      ['Open actions', 'Still open, from any term', '5', '—', '—'],
    ]);
    // conduct is hidden (see below), and so are its types: its 11 less 7 bullying would leave 4 for two rows of "fewer than 3", 2 and 2.
    // In the summer conduct's 3 is 1 bullying and 2 breaches, nothing 3 or more: all hidden
    expect(rows.filter((r) => ['Online bullying', 'Sharing nudes or semi-nudes', 'Other acceptable use breach'].includes(r[1]!))).toEqual([
      ['By type', 'Online bullying', 'not shown', 'not shown (not shown)', '0 (not shown)'],
      ['By type', 'Sharing nudes or semi-nudes', 'not shown', 'not shown (not shown)', '0 (not shown)'],
      ['By type', 'Other acceptable use breach', 'not shown', 'not shown (not shown)', '0 (not shown)'],
    ]);
    expect(rows.slice(0, 7)).toEqual([
      // summer: the one service-level miss and the two cases still open
      ['Incidents', 'Incidents reported', '13', '3 (+10)', '0 (+13)'],
      // 13 less conduct's 11 would leave 2 for content and contact, 1 each: conduct is hidden too, and all three read alike
      ['By risk area', 'Content', 'not shown', '0 (not shown)', '0 (not shown)'],
      ['By risk area', 'Contact', 'not shown', '0 (not shown)', '0 (not shown)'],
      ['By risk area', 'Conduct', 'not shown', '3 (not shown)', '0 (not shown)'],
      ['By risk area', 'Commerce', '0', '0 (0)', '0 (0)'],
      ['By risk area', 'Other (data security, or not yet known)', '0', '0 (0)', '0 (0)'],
      ['By type', 'Pornography', 'not shown', '0 (not shown)', '0 (not shown)'],
    ]);
  });

  it('prints a padded text table under section headings', () => {
    const text = digestTableText(d).split('\n');
    expect(text.slice(0, 4)).toEqual([
      `${' '.repeat(44)}Autumn 2026   Summer 2026 (change)      Autumn 2025 (change)`,
      'Incidents',
      `  Incidents reported${' '.repeat(24)}13            3 (+10)                   0 (+13)`,
      'By risk area',
    ]);
    expect(text).toContain(`  Median hours from report to DSL decision  no decisions  no decisions (not shown)  no decisions (not shown)`);
    expect(text.at(-1)).toBe(`  Still open, from any term${' '.repeat(17)}5             —                         —`);
  });
});

describe('coverage, leavers and review dates, passed through with the same suppression', () => {
  const d = digestOf([], autumn26, {
    aup: { staff: { total: 24, valid: 21 }, governors: { total: 9, valid: 2 }, pupils: { total: 210, valid: 0 } },
    training: { total: 24, upToDate: 24 },
    leavers: { found: 2, closed: 0 },
    reviews: { policyDueOn: '2027-03-01', filteringDueOn: '2026-12-10' },
  });

  it.each([
    ['staff AUPs: 21 of 24 is 88%', () => d.aup?.staff, { total: { value: 24 }, valid: { value: 21 }, percent: { percent: 88 } }],
    [
      "governors' AUPs: 2 of 9 is suppressed, so is its share",
      () => d.aup?.governors,
      { total: { value: 9 }, valid: { suppressed: true }, percent: { notShown: true } },
    ],
    ["pupils' AUPs: none of 210", () => d.aup?.pupils, { total: { value: 210 }, valid: { value: 0 }, percent: { percent: 0 } }],
    ['training: all 24 up to date', () => d.training, { total: { value: 24 }, upToDate: { value: 24 }, percent: { percent: 100 } }],
    ['leaver accounts: 2 found, none closed', () => d.leavers, { found: { suppressed: true }, closed: { value: 0 } }],
    ['review dates as they are', () => d.reviews, { policyDueOn: '2027-03-01', filteringDueOn: '2026-12-10' }],
  ] as const)('%s', (_name, get, want) => {
    expect(get()).toEqual(want);
  });

  it('leaves out what was not given, and a total of 0 has no share', () => {
    const bare = digestOf([], autumn26, { aup: { staff: { total: 0, valid: 0 }, governors: { total: 3, valid: 3 } } });
    expect(bare.aup).toEqual({
      staff: { total: { value: 0 }, valid: { value: 0 }, percent: { notShown: true } },
      governors: { total: { value: 3 }, valid: { value: 3 }, percent: { percent: 100 } },
    });
    expect([bare.training, bare.leavers, bare.reviews]).toEqual([undefined, undefined, {}]);
  });
});

describe('refuses input the app should never build, naming the case by index and never echoing its content', () => {
  const good = kase('2026-10-05T09:00:00Z', ['cyberbullying'], 'medium');
  it.each([
    [
      'an unknown type',
      { ...good, types: ['Jamie was bullied'] as unknown as IncidentType[] },
      'cases[1].types is not one of the incident types',
    ],
    ['no types', { ...good, types: [] }, 'cases[1].types must list at least one incident type'],
    ['an unknown severity', { ...good, severity: 'urgent' as Severity }, 'cases[1].severity is not one of critical, high, medium, low'],
    [
      'an unknown agency',
      { ...good, referrals: ['Mrs Patel at MASH'] as unknown as Agency[] },
      'cases[1].referrals is not one of police, ceop',
    ],
    ['an unknown sanction', { ...good, sanction: 'detention for Jamie' as DigestSanction }, 'cases[1].sanction is not one of pupil-A'],
    ['a report time that is not an instant', { ...good, reportedAt: 'Tuesday' }, 'cases[1].reportedAt is not an ISO instant'],
    ['a decision before the report', { ...good, decidedAt: '2026-10-05T08:59:00Z' }, 'cases[1].decidedAt is before its reportedAt'],
  ] as const)('%s', (_name, bad, message) => {
    const run = () => digestOf([good, bad as DigestCase]);
    expect(run).toThrow(InvalidDigestInputError);
    expect(run).toThrow(message);
    expect(run).not.toThrow(/Jamie|Patel|Tuesday|urgent/);
  });

  it.each([
    [
      'a review date in words',
      { reviews: { policyDueOn: 'after the spring governors meeting' } },
      'reviews.policyDueOn must be a date written YYYY-MM-DD',
    ],
    [
      'more valid than total',
      { aup: { staff: { total: 3, valid: 4 }, governors: { total: 0, valid: 0 } } },
      'aup.staff.valid is more than aup.staff.total',
    ],
    ['a negative count', { training: { total: 10, upToDate: -1 } }, 'training.upToDate must be a whole number, 0 or more'],
  ] as const)('%s', (_name, more, message) => {
    expect(() => digestOf([], autumn26, more as Partial<DigestInput>)).toThrow(message);
  });
});

// --- privacy: the digest carries labels and numbers only ---------------------------------------------

/**
 * what the app extracts from a stored record and its decision trail (case-file.ts reads the same
 * events): the record's reportedAt, types and severity; the first approval; alerts for a missed
 * service level; referral agencies; the sanction on closing. Names, descriptions and reasons are never read.
 */
function digestCaseFrom(record: IncidentRecord, events: IncidentEvent[]): DigestCase {
  const data = (e: IncidentEvent) => (e.data && typeof e.data === 'object' && !Array.isArray(e.data) ? e.data : {});
  const approved = events.find((e) => e.type === 'approved');
  const closed = events.find((e) => e.type === 'closed');
  const sanction = closed && data(closed).sanction;
  return {
    reportedAt: record.reportedAt,
    types: (record.facts as unknown as IncidentFacts).types,
    severity: record.severity,
    ...(approved ? { decidedAt: approved.at } : {}),
    slaMissed: events.some((e) => e.type === 'alert-sent' && ['unacknowledged-alert', 'deadline-overdue'].includes(data(e).kind as string)),
    referrals: events.filter((e) => e.type === 'referral-recorded').map((e) => data(e).agency as Agency),
    ...(typeof sanction === 'string' && (DIGEST_SANCTIONS as readonly string[]).includes(sanction)
      ? { sanction: sanction as DigestSanction }
      : {}),
    open: !closed,
  };
}

const PUPILS = ['Ellie Parker', 'Jamie Brooks', 'Noah Fletcher'];
const STAFF = ['Sam Taylor', 'Priya Shah', 'Helen Marsh', 'Mr Dawson'];
const WORDS = [
  'Ellie said a man on Roblox asked her to send photos and keep it secret',
  'Jamie is being called names in the Year 6 group chat',
  'Mr Dawson showed a video to the class that was not suitable',
  "Spoke to Ellie's mum at pick-up",
  'CEOP-2026-118834',
  'Roblox',
  'Noah was given a detention and a talk with his parents',
];

function record(
  n: number,
  facts: IncidentFacts,
  severity: Severity,
  reportedAt: string,
  reporter: string,
  pupil: string,
  description: string,
): IncidentRecord {
  return {
    id: `inc-${n}`,
    reference: `OS-2026-${String(n).padStart(4, '0')}`,
    version: 3,
    updatedAt: reportedAt,
    reportedAt,
    reportedBy: { aadObjectId: `a1b2c3d4-0000-4000-8000-00000000000${n}`, displayName: reporter, kind: 'staff' },
    status: 'closed',
    severity,
    facts: facts as never,
    plan: {},
    details: { description, pupils: [pupil], platform: 'Roblox', evidence: `screenshot of ${pupil}'s messages on the reporter's phone` },
  };
}
const event = (
  incidentId: string,
  seq: number,
  type: string,
  at: string,
  who: string,
  reason?: string,
  data?: IncidentEvent['data'],
): IncidentEvent => ({
  incidentId,
  seq,
  type,
  at,
  actor: { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000002', displayName: who },
  ...(reason ? { reason } : {}),
  ...(data ? { data } : {}),
});

/** twelve cases in autumn 2026 whose every record and event carries names and the reporters' words */
function storedCases(): { record: IncidentRecord; events: IncidentEvent[] }[] {
  return Array.from({ length: 12 }, (_, n) => {
    const pupil = PUPILS[n % PUPILS.length]!;
    const staff = STAFF[n % STAFF.length]!;
    const at = `2026-10-${String(5 + n).padStart(2, '0')}T09:00:00Z`;
    const types: IncidentType[] = n % 3 === 0 ? ['grooming'] : n % 3 === 1 ? ['cyberbullying'] : ['inappropriate-website', 'data-breach'];
    const facts: IncidentFacts = { reportedBy: 'staff', involved: [{ party: 'pupil', part: 'victim' }], types };
    const r = record(n + 1, facts, n % 3 === 0 ? 'high' : 'medium', at, staff, pupil, WORDS[n % WORDS.length]!);
    const events = [
      event(r.id, 1, 'reported', at, staff, WORDS[n % WORDS.length]),
      event(r.id, 2, 'acknowledged', hoursAfter(at, 0.5), 'Priya Shah'),
      event(r.id, 3, 'approved', hoursAfter(at, 1 + n), 'Priya Shah', `Spoke to ${pupil}'s mum at pick-up`, { route: ['dsl'] }),
      ...(n % 4 === 0
        ? [
            event(r.id, 4, 'alert-sent', hoursAfter(at, 0.25), 'Helen Marsh', undefined, {
              kind: 'unacknowledged-alert',
              what: `${pupil} ${staff}`,
            }),
          ]
        : []),
      ...(n % 3 === 0
        ? [
            event(r.id, 5, 'referral-recorded', hoursAfter(at, 2), 'Priya Shah', undefined, {
              agency: 'ceop',
              madeAt: hoursAfter(at, 2),
              madeBy: 'Priya Shah',
              reference: 'CEOP-2026-118834',
            }),
          ]
        : []),
      ...(n < 9
        ? [
            event(r.id, 6, 'closed', hoursAfter(at, 48), 'Helen Marsh', WORDS[6], {
              sanction: n % 3 === 1 ? 'pupil-C' : null,
              support: `${pupil} sees the school nurse`,
              policyReviewNeeded: false,
            }),
          ]
        : []),
    ];
    return { record: r, events };
  });
}

/** every string the digest may hold: labels, ids, term names and dates, review dates */
function allowedStrings(d: Digest): Set<string> {
  return new Set<string>([
    ...INCIDENT_TYPES,
    ...INCIDENT_TYPES.map((x) => INCIDENT_TYPE_INFO[x].label),
    ...DIGEST_AREAS,
    ...Object.values(DIGEST_AREA_LABELS),
    ...SEVERITIES,
    ...SEVERITIES.map((x) => SEVERITY_INFO[x].label),
    ...AGENCIES,
    ...AGENCIES.map((x) => AGENCY_INFO[x].label),
    ...DIGEST_SANCTIONS,
    ...Object.values(DIGEST_SANCTION_LABELS),
    ...DIGEST_SANCTION_ROWS,
    ...Object.values(DIGEST_LABELS),
    'incidents',
    'decisions',
    'median-hours-to-decision',
    'service-level-misses',
    'open-cases',
    ...calendar.terms.flatMap((x) => [x.name, x.start, x.end]),
    ...Object.values(d.reviews),
  ]);
}

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

describe('privacy (issue 9: never pupil names, free text from reports, or the names of staff who were subjects of allegations)', () => {
  const stored = storedCases();
  const d = digestOf(
    stored.map(({ record: r, events }) => digestCaseFrom(r, events)),
    autumn26,
    { reviews: { policyDueOn: '2027-03-01' } },
  );

  it('aggregates the stored cases (so the scan below is of a real digest)', () => {
    expect(show(d.incidents.thisTerm)).toBe('12');
    expect(d.byRiskArea.map((r) => show(r.thisTerm))).toEqual(['4', '4', '4', '0', '4']);
    expect(d.medianHoursToDecision.thisTerm).toEqual({ hours: 6.5 });
    expect([
      show(d.serviceLevelMisses.thisTerm),
      show(d.referrals[1]!.thisTerm),
      show(d.sanctions[2]!.thisTerm),
      show(d.openCases.total),
    ]).toEqual(['3', '4', '3', '3']);
  });

  it('holds none of the names, descriptions, reasons or references in the records and events', () => {
    const json = JSON.stringify(d);
    const text = digestTableText(d);
    for (const secret of [
      ...PUPILS,
      ...STAFF,
      ...WORDS,
      ...stored.map((s) => s.record.reference),
      'a1b2c3d4',
      'pick-up',
      'nurse',
      'screenshot',
    ]) {
      expect(json).not.toContain(secret);
      expect(text).not.toContain(secret);
    }
  });

  it('holds no string other than a label, an id, a term or a date', () => {
    const allowed = allowedStrings(d);
    expect(stringsIn(d).filter((s) => !allowed.has(s))).toEqual([]);
    // the text rows: a label, then figures only
    const figure = /^(\d+(\.\d+)?%?|fewer than 3|not shown|no decisions|—)( \(([+-]?\d+(\.\d+)?|not shown)\))?$/;
    for (const row of digestRows(d)) {
      expect(DIGEST_SECTIONS).toContain(row.section);
      expect(allowed.has(row.label) || row.label === 'Still open, from any term').toBe(true);
      for (const f of [row.thisTerm, row.previousTerm, row.lastYear]) expect(f).toMatch(figure);
    }
  });

  it('property: any mix of cases gives only labels, and no count of 1 or 2', () => {
    const instant = fc.date({ min: new Date('2025-09-01T00:00:00Z'), max: new Date('2027-08-31T00:00:00Z'), noInvalidDate: true });
    const digestCase = fc
      .record({
        reportedAt: instant.map((x) => x.toISOString()),
        types: fc.uniqueArray(fc.constantFrom(...INCIDENT_TYPES), { minLength: 1, maxLength: 3 }),
        severity: fc.constantFrom(...SEVERITIES),
        decideAfterHours: fc.option(fc.double({ min: 0, max: 500, noNaN: true }), { nil: undefined }),
        slaMissed: fc.boolean(),
        referrals: fc.array(fc.constantFrom(...AGENCIES), { maxLength: 3 }),
        sanction: fc.option(fc.constantFrom(...DIGEST_SANCTIONS), { nil: undefined }),
        open: fc.boolean(),
      })
      .map(({ decideAfterHours, sanction, ...c }): DigestCase => ({
        ...c,
        ...(decideAfterHours === undefined ? {} : { decidedAt: hoursAfter(c.reportedAt, decideAfterHours) }),
        ...(sanction ? { sanction } : {}),
      }));
    fc.assert(
      fc.property(fc.array(digestCase, { maxLength: 40 }), fc.constantFrom(...calendar.terms), (cases, forTerm) => {
        const digest = digestOf(cases, forTerm);
        const allowed = allowedStrings(digest);
        expect(stringsIn(digest).filter((s) => !allowed.has(s))).toEqual([]);
        const smallCounts: unknown[] = [];
        JSON.stringify(digest, (key, value: unknown) => {
          if (key === 'value' && (value === 1 || value === 2)) smallCounts.push(value);
          return value;
        });
        expect(smallCounts).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

// --- issue 13: suppression that cannot be undone by subtraction --------------------------------------

describe('protectGroup: the suppression of a group of rows tied to a total (issue 13)', () => {
  const rows = (...counts: number[]) => counts.map((count) => ({ count }));
  const text = (cells: Cell[]) => cells.map((c) => show(c));

  it.each([
    // the defect: 4 incidents, one severity of 3 shown, so the "fewer than 3" beside it was 1
    ['a total of 4 with a row of 3 no longer gives the 1 away', 4, [1, 3, 0, 0], ['not shown', 'not shown', '0', '0']],
    ['two small rows that can be 1 and 2 either way stay "fewer than 3"', 12, [1, 2, 6, 3], ['fewer than 3', 'fewer than 3', '6', '3']],
    ['the smallest other row is hidden, the larger ones shown', 20, [2, 11, 4, 3], ['not shown', '11', '4', 'not shown']],
    [
      'every row tied at the smallest is hidden, so none of them is told apart',
      9,
      [1, 4, 4, 0],
      ['not shown', 'not shown', 'not shown', '0'],
    ],
    [
      'two 2s of 4: nothing else to hide, so every row is hidden, the 0s too',
      4,
      [2, 2, 0, 0],
      ['not shown', 'not shown', 'not shown', 'not shown'],
    ],
    ['three 1s of 3: every row hidden', 3, [1, 1, 1, 0], ['not shown', 'not shown', 'not shown', 'not shown']],
    ['no small row: all shown', 10, [0, 3, 7, 0], ['0', '3', '7', '0']],
  ] as const)('rows adding up exactly: %s', (_name, total, counts, want) => {
    expect(text(protectGroup(cell(total), rows(...counts), 'equal'))).toEqual(want);
  });

  it.each([
    // 1 and 2 only: if a group like this were hidden only when a count was given away, being hidden would say which
    [
      '1 and 2 of 3, nothing 3 or more: every row hidden, though 1 and 2 could be 2 and 1',
      3,
      [1, 2, 0, 0],
      ['not shown', 'not shown', 'not shown', 'not shown'],
    ],
    [
      'a total of "fewer than 3" (its rows can only be 1s and 2s): every row hidden',
      1,
      [1, 0, 0, 0],
      ['not shown', 'not shown', 'not shown', 'not shown'],
    ],
    [
      'a total of "fewer than 3" with two rows of 1: every row hidden',
      2,
      [1, 1, 0, 0],
      ['not shown', 'not shown', 'not shown', 'not shown'],
    ],
  ] as const)('rows adding up exactly: %s', (_name, total, counts, want) => {
    expect(text(protectGroup(cell(total), rows(...counts), 'equal'))).toEqual(want);
  });

  it.each([
    // 13 areas for 12 incidents: a case touched two areas, so the 1 can be 1 or 2
    ['areas adding up to more than the total leave the small row be', 12, [4, 1, 5, 0, 3], ['4', 'fewer than 3', '5', '0', '3']],
    // most cases have one type: a reader takes 4 - 3 = 1, so the 3 is hidden as well
    ['areas that could add up exactly are read that way', 4, [3, 1, 0, 0, 0], ['not shown', 'not shown', '0', '0', '0']],
    ['a small row that must be 2 even with overlaps (10 - 8 = 2 at least)', 10, [8, 2, 0, 0, 0], ['not shown', 'not shown', '0', '0', '0']],
  ] as const)('rows adding up to at least the total: %s', (_name, total, counts, want) => {
    expect(text(protectGroup(cell(total), rows(...counts), 'at-least'))).toEqual(want);
  });

  it('the rows of a total that is itself "not shown" are all hidden (an area\'s only type would give its count away)', () => {
    expect(text(protectGroup({ notShown: true }, rows(3, 0), 'at-least'))).toEqual(['not shown', 'not shown']);
  });

  it.each([
    [
      'staff sanctions of 0, 1 or 2 all read "fewer than 3"; the pupils\' 3 is shown',
      4,
      [0, 0, 3, 0],
      0,
      ['0', '0', '3', '0', 'fewer than 3'],
    ],
    ['a staff sanction beside them changes nothing', 4, [0, 0, 3, 0], 1, ['0', '0', '3', '0', 'fewer than 3']],
    ['3 staff sanctions are shown', 9, [0, 0, 3, 0], 3, ['0', '0', '3', '0', '3']],
    // 4 cases, a 3 shown: the pupil's "fewer than 3" could only be 1, so it is hidden with the 3 (and the staff row reads alike)
    [
      'sanctions fill the cases: the small row is hidden with the next',
      4,
      [1, 0, 3, 0],
      0,
      ['not shown', '0', 'not shown', '0', 'not shown'],
    ],
    ['room to spare: a sanction of 1 or 2 stays "fewer than 3"', 12, [1, 0, 3, 0], 0, ['fewer than 3', '0', '3', '0', 'fewer than 3']],
  ] as const)('rows adding up to at most the total: %s', (_name, total, pupils, staff, want) => {
    expect(text(protectGroup(cell(total), [...rows(...pupils), { count: staff, staff: true }], 'at-most'))).toEqual(want);
  });

  it.each([
    [0, 'fewer than 3'],
    [1, 'fewer than 3'],
    [2, 'fewer than 3'],
    [3, '3'],
    [7, '7'],
  ] as const)('a staff count of %i reads %s', (count, want) => {
    expect(show(staffCell(count))).toBe(want);
  });
});

/**
 * a reader who knows the rule: every set of counts (up to a bound) that gives the same page is a possibility.
 * A hidden row is given away when all the possibilities agree on it; a staff row, when none of them is 0.
 */
function pagesOf(sum: GroupSum, vectors: { counts: number[]; total: number }[], staffAt?: number) {
  const pages = new Map<string, { counts: number[]; total: number }[]>();
  for (const v of vectors) {
    const cells = protectGroup(
      cell(v.total),
      v.counts.map((count, i) => ({ count, staff: i === staffAt })),
      sum,
    );
    const key = JSON.stringify([cell(v.total), cells]);
    pages.set(key, [...(pages.get(key) ?? []), v]);
  }
  const givenAway: string[] = [];
  for (const [key, possible] of pages) {
    const cells = (JSON.parse(key) as [Cell, Cell[]])[1];
    cells.forEach((c, i) => {
      if ('value' in c) return;
      const values = new Set(possible.map((p) => p.counts[i]!));
      if (i === staffAt ? !values.has(0) : values.size < 2) givenAway.push(`${key} row ${i}: ${[...values].join(',')}`);
    });
  }
  return { pages: pages.size, givenAway };
}

function* countVectors(length: number, most: number, maxSum: number, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === length) {
    yield prefix;
    return;
  }
  const used = prefix.reduce((a, b) => a + b, 0);
  for (let v = 0; v <= Math.min(most, maxSum - used); v++) yield* countVectors(length, most, maxSum, [...prefix, v]);
}

describe('no hidden row of a group can be worked out by a reader who knows the rule (exhaustive, small counts)', () => {
  const sumOfCounts = (counts: number[]) => counts.reduce((a, b) => a + b, 0);

  it.each([1, 2, 3, 4])('severities, adding up exactly: every %i rows with a total up to 14', (length) => {
    const vectors = [...countVectors(length, 14, 14)].map((counts) => ({ counts, total: sumOfCounts(counts) }));
    const { pages, givenAway } = pagesOf('equal', vectors);
    expect(pages).toBeGreaterThan(length * 10);
    expect(givenAway).toEqual([]);
  });

  // (a group's rows are the areas, or an area's types, with a case in one of the three terms: 1 to 5 of them here)
  it.each([1, 2, 3, 4, 5])(
    'areas or types, adding up to at least the total (each at most the total): every %i rows up to 7, every total they allow',
    (length) => {
      const vectors = [...countVectors(length, 7, 35)].flatMap((counts) => {
        const [most, sum] = [Math.max(...counts), sumOfCounts(counts)];
        return Array.from({ length: Math.max(0, Math.min(sum, 7) - most + 1) }, (_, k) => ({ counts, total: most + k }));
      });
      expect(pagesOf('at-least', vectors).givenAway).toEqual([]);
      // and to a reader who takes every case to have one type, so that the rows add up exactly
      expect(
        pagesOf(
          'at-least',
          vectors.filter((v) => sumOfCounts(v.counts) === v.total),
        ).givenAway,
      ).toEqual([]);
    },
  );

  it.each([
    [1, false],
    [2, false],
    [3, false],
    [5, true],
  ] as const)(
    'sanctions or still-open cases, adding up to at most the total: every %i rows (the last about staff: %s), totals up to 9',
    (length, staffLast) => {
      const vectors = [...countVectors(length, 6, 9)].flatMap((counts) =>
        Array.from({ length: 9 - sumOfCounts(counts) + 1 }, (_, k) => ({ counts, total: sumOfCounts(counts) + k })),
      );
      expect(pagesOf('at-most', vectors, staffLast ? length - 1 : undefined).givenAway).toEqual([]);
    },
  );
});

// --- a reader of the whole digest, who knows how its groups add up --------------------------------------

/** the whole numbers from lo to hi a figure could be, to a reader */
interface Range {
  lo: number;
  hi: number;
}
const exactly = (v: number): Range => ({ lo: v, hi: v });
const upTo = (r: Range, most: number): Range => ({ lo: r.lo, hi: Math.min(r.hi, most) });
const plus = (a: Range, b: Range): Range => ({ lo: a.lo + b.lo, hi: a.hi + b.hi });
const sumOf = (rs: Range[]): Range => rs.reduce(plus, exactly(0));
const isEmpty = (r: Range) => r.lo > r.hi;
const stands = (sum: GroupSum, total: number, s: number) => (sum === 'equal' ? s === total : sum === 'at-least' ? s >= total : s <= total);
/** rows whose sum can be any whole number in r: can they stand to the total as `sum` says? */
const fitsRange = (sum: GroupSum, total: number, r: Range) =>
  !isEmpty(r) && (sum === 'equal' ? r.lo <= total && total <= r.hi : sum === 'at-least' ? r.hi >= total : r.lo <= total);
/** a figure as the reader takes it: a number; "fewer than 3" 1 or 2 (a staff row 0 to 2); "not shown" anything up to its total */
const rangeOf = (c: Cell, most: number, staff = false): Range =>
  'value' in c ? exactly(c.value) : 'suppressed' in c ? { lo: staff ? 0 : 1, hi: 2 } : { lo: 0, hi: most };
const valuesIn = (r: Range): number[] => (isEmpty(r) ? [] : Array.from({ length: r.hi - r.lo + 1 }, (_, i) => r.lo + i));

/** the values row i of a group could have, its total being `total` (every row at most the total) */
function rowValues(rows: Range[], i: number, total: number, sum: GroupSum): number[] {
  const within = rows.map((r) => upTo(r, total));
  if (within.some(isEmpty)) return [];
  const others = sumOf(within.filter((_, j) => j !== i));
  return valuesIn(within[i]!).filter((v) => fitsRange(sum, total, plus(others, exactly(v))));
}

function sumsOf(sets: number[][]): Set<number> {
  let reach = new Set([0]);
  for (const set of sets) reach = new Set([...reach].flatMap((s) => set.map((v) => s + v)));
  return reach;
}

const areaOfType = (type: IncidentType): (typeof DIGEST_AREAS)[number] => INCIDENT_TYPE_INFO[type].riskArea ?? 'other';
const STAFF_ROW = DIGEST_SANCTION_ROWS.indexOf('staff');
type ColumnKey = 'thisTerm' | 'previousTerm' | 'lastYear';

/** one term's figures as printed; a type with no row is 0 */
interface Page {
  incidents: Cell;
  areas: Cell[];
  types: Cell[];
  severities: Cell[];
  sanctions: Cell[];
}
function pageOf(d: Digest, k: ColumnKey): Page | null {
  const incidents = d.incidents[k];
  if (incidents === null) return null;
  const typeCells = new Map(d.byType.map((r) => [r.key, r[k]!]));
  return {
    incidents,
    areas: d.byRiskArea.map((r) => r[k]!),
    types: INCIDENT_TYPES.map((type) => typeCells.get(type) ?? { value: 0 }),
    severities: d.bySeverity.map((r) => r[k]!),
    sanctions: d.sanctions.map((r) => r[k]!),
  };
}

/**
 * every value each hidden figure of a page could have, to a reader who knows: the severities add up to
 * the incidents; the sanctions to at most the incidents; the areas to at least the incidents (or, reading
 * every case as one type, exactly), each at most the incidents; an area's types to at least (or exactly)
 * the area, each at most the area. null when the page cannot be read that way at all.
 */
function readerValues(page: Page, reading: 'sure' | 'one type per case'): Map<string, Set<number>> | null {
  const [areaSum, typeSum]: [GroupSum, GroupSum] = reading === 'sure' ? ['at-least', 'at-least'] : ['equal', 'equal'];
  const found = new Map<string, Set<number>>();
  const note = (id: string, values: number[]) => {
    const set = found.get(id) ?? new Set<number>();
    for (const v of values) set.add(v);
    found.set(id, set);
  };
  let readable = false;
  for (const t of valuesIn(rangeOf(page.incidents, 60))) {
    const severities = page.severities.map((c) => rangeOf(c, t));
    const sanctions = page.sanctions.map((c, i) => rangeOf(c, t, i === STAFF_ROW));
    if (rowValues(severities, 0, t, 'equal').length === 0 || rowValues(sanctions, 0, t, 'at-most').length === 0) continue;
    // the areas: which counts each could have, its types allowing
    const typesOf = DIGEST_AREAS.map((a) => INCIDENT_TYPES.flatMap((type, i) => (areaOfType(type) === a ? [i] : [])));
    const typeRanges = (a: number, most: number) => typesOf[a]!.map((i) => upTo(rangeOf(page.types[i]!, most), most));
    const typesAllow = (a: number, alpha: number, fixed?: { i: number; v: number }) => {
      const rs = typeRanges(a, alpha).map((r, k) =>
        fixed && typesOf[a]![k] === fixed.i ? (fixed.v >= r.lo && fixed.v <= r.hi ? exactly(fixed.v) : { lo: 1, hi: 0 }) : r,
      );
      return !rs.some(isEmpty) && fitsRange(typeSum, alpha, sumOf(rs));
    };
    const areaCounts = page.areas.map((c, a) => valuesIn(upTo(rangeOf(c, t), t)).filter((alpha) => typesAllow(a, alpha)));
    const othersReach = (a: number) => sumsOf(areaCounts.filter((_, b) => b !== a));
    const areasAllow = (a: number, alpha: number) => [...othersReach(a)].some((s) => stands(areaSum, t, alpha + s));
    if (!areaCounts[0]!.some((alpha) => areasAllow(0, alpha))) continue;
    readable = true;
    if (!('value' in page.incidents)) note('incidents', [t]);
    page.severities.forEach((c, i) => 'value' in c || note(`severity ${SEVERITIES[i]}`, rowValues(severities, i, t, 'equal')));
    page.sanctions.forEach((c, i) => 'value' in c || note(`sanction ${DIGEST_SANCTION_ROWS[i]}`, rowValues(sanctions, i, t, 'at-most')));
    page.areas.forEach(
      (c, a) =>
        'value' in c ||
        note(
          `area ${DIGEST_AREAS[a]}`,
          areaCounts[a]!.filter((alpha) => areasAllow(a, alpha)),
        ),
    );
    page.types.forEach((c, i) => {
      if ('value' in c) return;
      const a = DIGEST_AREAS.indexOf(areaOfType(INCIDENT_TYPES[i]!));
      const alphas = areaCounts[a]!.filter((alpha) => areasAllow(a, alpha));
      note(
        `type ${INCIDENT_TYPES[i]}`,
        valuesIn(rangeOf(c, t)).filter((v) => alphas.some((alpha) => v <= alpha && typesAllow(a, alpha, { i, v }))),
      );
    });
  }
  return readable ? found : null;
}

/** the figures of a term as counted, for checking that the reader's possibilities include the truth */
function truthOf(cases: readonly DigestCase[], termName: string): Map<string, number> {
  const mine = cases.filter((c) => termContaining(new Date(c.reportedAt), calendar)?.name === termName);
  const count = (f: (c: DigestCase) => boolean) => mine.filter(f).length;
  return new Map<string, number>([
    ['incidents', mine.length],
    ...SEVERITIES.map((s): [string, number] => [`severity ${s}`, count((c) => c.severity === s)]),
    ...DIGEST_AREAS.map((a): [string, number] => [`area ${a}`, count((c) => c.types.some((type) => areaOfType(type) === a))]),
    ...INCIDENT_TYPES.map((type): [string, number] => [`type ${type}`, count((c) => c.types.includes(type))]),
    ...DIGEST_SANCTION_ROWS.map((r): [string, number] => [
      `sanction ${r}`,
      count((c) => (r === 'staff' ? c.sanction?.startsWith('staff') === true : c.sanction === r)),
    ]),
  ]);
}

let hiddenFiguresRead = 0;

/** what a reader learns that they should not: a hidden figure with one possible value; a staff row that cannot be 0 */
function givenAway(cases: readonly DigestCase[], d: Digest): string[] {
  const out: string[] = [];
  for (const k of ['thisTerm', 'previousTerm', 'lastYear'] as const) {
    const page = pageOf(d, k);
    if (!page) continue;
    const termName = k === 'thisTerm' ? d.term.name : k === 'previousTerm' ? d.previousTerm!.name : d.lastYear!.name;
    const truth = truthOf(cases, termName);
    const oneTypeEach = cases
      .filter((c) => termContaining(new Date(c.reportedAt), calendar)?.name === termName)
      .every((c) => c.types.length === 1);
    for (const reading of ['sure', 'one type per case'] as const) {
      const values = readerValues(page, reading);
      if (values === null) {
        // the page of a term whose cases are all of one type must read that way too
        if (reading === 'sure' || oneTypeEach) out.push(`${termName}: the page cannot be read as "${reading}"`);
        continue;
      }
      for (const [id, set] of values) {
        hiddenFiguresRead++;
        if ((reading === 'sure' || oneTypeEach) && !set.has(truth.get(id)!))
          out.push(`${termName} ${id}: ${truth.get(id)} is not among ${[...set].join(',')} (${reading})`);
        if (id === 'sanction staff' ? !set.has(0) : set.size < 2) out.push(`${termName} ${id}: only ${[...set].join(',')} (${reading})`);
      }
    }
  }
  // the cases still open by term add up to at most those still open from any term
  const open = d.openCases.byTerm;
  const openCells = [open.thisTerm, open.previousTerm, open.lastYear].filter((c): c is Cell => c !== null);
  const openTotals = valuesIn(rangeOf(d.openCases.total, 60));
  openCells.forEach((c, i) => {
    if ('value' in c) return;
    const set = new Set(
      openTotals.flatMap((t) =>
        rowValues(
          openCells.map((x) => rangeOf(x, t)),
          i,
          t,
          'at-most',
        ),
      ),
    );
    if (set.size < 2) out.push(`still open ${i}: only ${[...set].join(',')}`);
  });
  // a change is worked out from two shown figures only
  for (const row of [
    d.incidents,
    ...d.byRiskArea,
    ...d.byType,
    ...d.bySeverity,
    d.decisions,
    d.serviceLevelMisses,
    ...d.referrals,
    ...d.sanctions,
  ]) {
    if (
      row.changeFromPreviousTerm &&
      'change' in row.changeFromPreviousTerm &&
      !(row.previousTerm && 'value' in row.previousTerm && 'value' in row.thisTerm)
    )
      out.push(`${row.key}: a change from a hidden figure`);
    if (
      row.changeFromLastYear &&
      'change' in row.changeFromLastYear &&
      !(row.lastYear && 'value' in row.lastYear && 'value' in row.thisTerm)
    )
      out.push(`${row.key}: a change from a hidden figure`);
  }
  return out;
}

describe('no hidden figure of a digest can be worked out from its totals and shown figures (issue 13)', () => {
  it('the reader finds what the old suppression gave away (so the checks below can fail)', () => {
    const [none, small] = [{ value: 0 }, { suppressed: true }] as const;
    // 4 incidents: critical "fewer than 3", high 3
    const page: Page = {
      incidents: { value: 4 },
      areas: [{ value: 4 }, none, none, none, none],
      types: INCIDENT_TYPES.map((x) => (x === 'pornography' ? { value: 4 } : none)),
      severities: [small, { value: 3 }, none, none],
      sanctions: [none, none, none, none, small],
    };
    expect(readerValues(page, 'sure')?.get('severity critical')).toEqual(new Set([1]));
    // 4 incidents, conduct 3 and content "fewer than 3": 1 if every case has one type, though 1 or 2 with overlaps
    const areas: Page = {
      ...page,
      areas: [small, none, { value: 3 }, none, none],
      types: INCIDENT_TYPES.map((x) => (x === 'pornography' ? small : x === 'cyberbullying' ? { value: 3 } : none)),
      severities: [{ value: 4 }, none, none, none],
    };
    expect(readerValues(areas, 'one type per case')?.get('area content')).toEqual(new Set([1]));
    expect(readerValues(areas, 'sure')?.get('area content')).toEqual(new Set([1, 2]));
  });

  it('the defect: 4 incidents, 3 of them grooming, and one sexual harassment "fewer than 3" gave the 1 away', () => {
    const cases = [
      ...times(3, (i) => kase(`2026-10-0${i + 1}T10:00:00Z`, ['grooming'], 'high')),
      kase('2026-10-08T10:00:00Z', ['sexual-harassment'], 'high'),
    ];
    const d = digestOf(cases);
    expect(d.byRiskArea.map((r) => [r.label, show(r.thisTerm)])).toEqual([
      ['Content', '0'],
      ['Contact', 'not shown'],
      ['Conduct', 'not shown'],
      ['Commerce', '0'],
      ['Other (data security, or not yet known)', '0'],
    ]);
    expect(d.byType.map((r) => [r.label, show(r.thisTerm)])).toEqual([
      ['Grooming', 'not shown'],
      ['Sexual harassment', 'not shown'],
    ]);
    expect(givenAway(cases, d)).toEqual([]);
  });

  it('severities: 4 incidents, 3 high and 1 low; the 3 is hidden with the 1, so neither is known', () => {
    const cases = [
      ...times(3, (i) => kase(`2026-10-0${i + 1}T10:00:00Z`, ['cyberbullying'], 'high')),
      kase('2026-10-08T10:00:00Z', ['cyberbullying'], 'low'),
    ];
    const d = digestOf(cases);
    expect(d.bySeverity.map((r) => show(r.thisTerm))).toEqual(['0', 'not shown', '0', 'not shown']);
    expect(givenAway(cases, d)).toEqual([]);
  });

  it('a staff sanction reads as none would: "fewer than 3", whatever the pupils\' sanctions', () => {
    const staffOne = [
      ...times(3, (i) => kase(`2026-10-0${i + 1}T10:00:00Z`, ['cyberbullying'], 'medium', { sanction: 'pupil-C' })),
      kase('2026-10-08T10:00:00Z', ['disrepute'], 'high', { sanction: 'staff-B', referrals: ['lado'] }),
    ];
    const none = staffOne.slice(0, 3).concat(kase('2026-10-08T10:00:00Z', ['disrepute'], 'high'));
    const [withStaff, without] = [digestRows(digestOf(staffOne)), digestRows(digestOf(none))];
    const staffRows = (rows: typeof withStaff) =>
      rows.filter((r) => r.section === 'Sanctions' || r.label === 'LADO' || r.label === 'HR provider');
    expect(staffRows(withStaff)).toEqual(staffRows(without));
    expect(staffRows(withStaff).map((r) => [r.label, r.thisTerm])).toEqual([
      ['LADO', 'fewer than 3'],
      ['HR provider', 'fewer than 3'],
      ['Pupil, category C', '3'],
      ['Staff (misconduct or gross misconduct)', 'fewer than 3'],
    ]);
    expect(givenAway(staffOne, digestOf(staffOne))).toEqual([]);
  });

  it("Oakfield's three terms", () => {
    expect(givenAway([...autumn2026, ...summer2026, ...autumn2025, holiday], oakfield)).toEqual([]);
  });

  it('property: for any mix of cases, no hidden figure has only one possible value, and no staff row is certainly not 0', () => {
    const SOME_TYPES: IncidentType[] = [
      'inappropriate-website',
      'pornography',
      'grooming',
      'radicalisation',
      'cyberbullying',
      'sexual-harassment',
      'aup-breach',
      'scam-or-phishing',
      'data-breach',
      'lost-device',
    ];
    const relevant = [term('Autumn 2026'), term('Summer 2026'), term('Autumn 2025')];
    const digestCase = fc
      .record({
        term: fc.constantFrom(...relevant),
        day: fc.integer({ min: 0, max: 30 }),
        // mostly one type, as in life, so that the areas often add up exactly
        types: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...SOME_TYPES).map((x) => [x]) },
          { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...SOME_TYPES), { minLength: 2, maxLength: 3 }) },
        ),
        severity: fc.constantFrom(...SEVERITIES),
        sanction: fc.option(fc.constantFrom(...DIGEST_SANCTIONS), { nil: undefined, freq: 2 }),
        open: fc.boolean(),
      })
      .map(({ term: at, day, sanction, ...c }): DigestCase => ({
        ...c,
        reportedAt: new Date(Date.parse(`${at.start}T10:00:00Z`) + day * 86_400_000).toISOString(),
        slaMissed: false,
        referrals: [],
        ...(sanction ? { sanction } : {}),
      }));
    hiddenFiguresRead = 0;
    fc.assert(
      fc.property(fc.array(digestCase, { maxLength: 24 }), (cases) => {
        expect(givenAway(cases, digestOf(cases))).toEqual([]);
      }),
      { numRuns: 300 },
    );
    // the runs had hidden figures to read, a few in each
    expect(hiddenFiguresRead).toBeGreaterThan(3000);
  });
});
