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
  schoolCalendar,
  show,
  type Agency,
  type Cell,
  type Digest,
  type DigestCase,
  type DigestInput,
  type DigestRow,
  type DigestSanction,
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

const t = (name: string, start: string, end: string, halfTerm?: Term['halfTerm']): Term => ({ name, start, end, ...(halfTerm ? { halfTerm } : {}) });
const calendar = schoolCalendar({
  closureDays: [],
  terms: [
    t('Autumn 2025', '2025-09-03', '2025-12-19'), t('Spring 2026', '2026-01-05', '2026-03-27'), t('Summer 2026', '2026-04-13', '2026-07-22'),
    t('Autumn 2026', '2026-09-02', '2026-12-18', { start: '2026-10-26', end: '2026-10-30' }), t('Spring 2027', '2027-01-05', '2027-03-26'),
    t('Summer 2027', '2027-04-12', '2027-07-21'),
  ],
});
const term = (name: string): Term => calendar.terms.find((x) => x.name === name)!;
const autumn26 = term('Autumn 2026');

const kase = (reportedAt: string, types: IncidentType[], severity: Severity, more: Partial<DigestCase> = {}): DigestCase =>
  ({ reportedAt, types, severity, slaMissed: false, referrals: [], open: false, ...more });
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
const read = (row: DigestRow<string, Cell> | DigestRow<string, Median>) =>
  [row.label, show(row.thisTerm), `${show(row.previousTerm)} (${show(row.changeFromPreviousTerm)})`, `${show(row.lastYear)} (${show(row.changeFromLastYear)})`];

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
      // three websites and the pornography: 4; summer's three websites: 3; none last autumn
      ['Content', '4', '3 (+1)', '0 (+4)'],
      // one grooming case each autumn, none in the summer
      ['Contact', 'fewer than 3', '0 (not shown)', 'fewer than 3 (not shown)'],
      // five bullying cases, the one with threatening messages counted once
      ['Conduct', '5', 'fewer than 3 (not shown)', '6 (-1)'],
      ['Commerce', '0', '4 (-4)', '0 (0)'],
      // the data breach, the pupil's worry, and the lost device that came with the pornography
      ['Other (data security, or not yet known)', '3', '0 (+3)', '0 (+3)'],
    ]);
    expect(oakfield.byRiskArea.map((r) => r.key)).toEqual(['content', 'contact', 'conduct', 'commerce', 'other']);
  });

  it('by type: only the types reported in one of the three terms, in the card\'s order', () => {
    expect(oakfield.byType.map(read)).toEqual([
      ['Age-inappropriate site or app', '3', '3 (0)', '0 (+3)'],
      ['Pornography', 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      ['Grooming', 'fewer than 3', '0 (not shown)', 'fewer than 3 (not shown)'],
      ['Online bullying', '5', 'fewer than 3 (not shown)', '6 (-1)'],
      ['Chain or threatening messages', 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      ['Scam or phishing', '0', '4 (-4)', '0 (0)'],
      ['Data breach', 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      ['Lost or stolen device', 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      ["A pupil's worry (kind not yet known)", 'fewer than 3', '0 (not shown)', '0 (not shown)'],
    ]);
  });

  it('by severity: every severity, most urgent first', () => {
    expect(oakfield.bySeverity.map(read)).toEqual([
      ['Critical', 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      ['High', 'fewer than 3', '0 (not shown)', 'fewer than 3 (not shown)'],
      ['Medium', '6', 'fewer than 3 (not shown)', '6 (0)'],
      ['Low', '3', '7 (-4)', '0 (+3)'],
    ]);
  });

  it('keeps the raw structure: cells, changes, and null for nothing to compare', () => {
    expect(oakfield.byRiskArea[1]).toEqual({
      key: 'contact', label: 'Contact',
      thisTerm: { suppressed: true }, previousTerm: { value: 0 }, lastYear: { suppressed: true },
      changeFromPreviousTerm: { notShown: true }, changeFromLastYear: { notShown: true },
    });
    expect(oakfield.byRiskArea[0]).toMatchObject({ thisTerm: { value: 4 }, changeFromPreviousTerm: { change: 1 }, changeFromLastYear: { change: 4 } });
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
    const counts = { thisTerm: show(d.incidents.thisTerm), previousTerm: show(d.incidents.previousTerm), lastYear: show(d.incidents.lastYear) };
    expect(counts).toEqual({ thisTerm: '0', previousTerm: '0', lastYear: '0', ...(where === 'none' ? {} : { [where]: '3' }) });
  });
});

describe('trends across the year boundary (calendar-terms: previousTerm, sameTermLastYear)', () => {
  const everyTerm = calendar.terms.flatMap((x, n) => times(3 + n, (i) => kase(`${x.start}T1${i % 10}:00:00Z`, ['cyberbullying'], 'medium')));

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
      key: 'incidents', label: 'Incidents reported', thisTerm: { value: 3 }, previousTerm: null, lastYear: null,
      changeFromPreviousTerm: null, changeFromLastYear: null,
    });
    expect(digestRows(d)[0]).toEqual({ section: 'Incidents', label: 'Incidents reported', thisTerm: '3', previousTerm: '—', lastYear: '—' });
  });
});

describe('time from report to DSL decision (the first "approved" event), in the term the decision was made', () => {
  const reported = '2026-10-05T09:00:00Z';
  const decidedAfter = (hours: number[]) => hours.map((h) => kase(reported, ['cyberbullying'], 'medium', { decidedAt: hoursAfter(reported, h) }));

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
      kase(r, ['aup-breach'], 'low', { decidedAt: hoursAfter(r, [3, 5.5, 9][i]!) }));
    const lastAutumn = kase('2025-10-01T09:00:00Z', ['aup-breach'], 'low', { decidedAt: '2025-10-01T10:00:00Z' });
    const d = digestOf([...decidedAfter([2, 4, 10, 30]), ...summer, lastAutumn]);
    expect(d.medianHoursToDecision).toEqual({
      key: 'median-hours-to-decision', label: 'Median hours from report to DSL decision',
      thisTerm: { hours: 7 }, previousTerm: { hours: 5.5 }, lastYear: { notShown: true },
      changeFromPreviousTerm: { change: 1.5 }, changeFromLastYear: { notShown: true },
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
      ['police', '3'], ['ceop', 'fewer than 3'], ['childrens-social-care', 'fewer than 3'], ['lado', 'fewer than 3'],
      ['prevent', '0'], ['ico', '0'], ['hr', '0'], ['platform-report', '0'],
    ]);
    expect(d.referrals[0]?.label).toBe('Police');
  });

  it('counts the cases closed with each sanction category', () => {
    expect(d.sanctions.map((r) => [r.label, show(r.thisTerm)])).toEqual([
      ['Pupil, category A', '0'], ['Pupil, category B', '0'], ['Pupil, category C', '4'], ['Pupil, category D', '0'],
      ['Staff, category A (misconduct)', '0'], ['Staff, category B (gross misconduct)', 'fewer than 3'],
    ]);
  });

  it('counts every case still open, and those still open by the term reported (no change between terms)', () => {
    expect(d.openCases).toEqual({
      total: { value: 5 },
      byTerm: {
        key: 'open-cases', label: 'Still open', thisTerm: { suppressed: true }, previousTerm: { suppressed: true }, lastYear: { value: 0 },
        changeFromPreviousTerm: null, changeFromLastYear: null,
      },
    });
  });

  it('lays the term figures out as text rows, leaving out referral and sanction categories with nothing in any term', () => {
    expect(digestColumns(d)).toEqual({ label: '', thisTerm: 'Autumn 2026', previousTerm: 'Summer 2026 (change)', lastYear: 'Autumn 2025 (change)' });
    const rows = digestRows(d).map((r) => [r.section, r.label, r.thisTerm, r.previousTerm, r.lastYear]);
    expect(rows.filter((r) => ['Decisions', 'Referrals', 'Sanctions', 'Open actions'].includes(r[0]!))).toEqual([
      ['Decisions', 'DSL decisions made', '0', '0 (0)', '0 (0)'],
      ['Decisions', 'Median hours from report to DSL decision', 'no decisions', 'no decisions (not shown)', 'no decisions (not shown)'],
      ['Decisions', 'Service-level misses', '3', 'fewer than 3 (not shown)', '0 (+3)'],
      ['Referrals', 'Police', '3', '0 (+3)', '0 (+3)'],
      ['Referrals', 'CEOP', 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      ['Referrals', "Children's social care (MASH)", 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      ['Referrals', 'LADO', 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      ['Sanctions', 'Pupil, category C', '4', '0 (+4)', '0 (+4)'],
      ['Sanctions', 'Staff, category B (gross misconduct)', 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      ['Open actions', 'Still open', 'fewer than 3', 'fewer than 3', '0'],
      ['Open actions', 'Still open, from any term', '5', '—', '—'],
    ]);
    expect(rows.find((r) => r[1] === 'Online bullying')).toEqual(['By type', 'Online bullying', '7', 'fewer than 3 (not shown)', '0 (+7)']);
    expect(rows.slice(0, 7)).toEqual([
      // summer: the one service-level miss and the two cases still open
      ['Incidents', 'Incidents reported', '13', '3 (+10)', '0 (+13)'],
      ['By risk area', 'Content', 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      ['By risk area', 'Contact', 'fewer than 3', '0 (not shown)', '0 (not shown)'],
      ['By risk area', 'Conduct', '11', '3 (+8)', '0 (+11)'],
      ['By risk area', 'Commerce', '0', '0 (0)', '0 (0)'],
      ['By risk area', 'Other (data security, or not yet known)', '0', '0 (0)', '0 (0)'],
      ['By type', 'Pornography', 'fewer than 3', '0 (not shown)', '0 (not shown)'],
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
    ['governors\' AUPs: 2 of 9 is suppressed, so is its share', () => d.aup?.governors, { total: { value: 9 }, valid: { suppressed: true }, percent: { notShown: true } }],
    ['pupils\' AUPs: none of 210', () => d.aup?.pupils, { total: { value: 210 }, valid: { value: 0 }, percent: { percent: 0 } }],
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
    ['an unknown type', { ...good, types: ['Jamie was bullied'] as unknown as IncidentType[] }, 'cases[1].types is not one of the incident types'],
    ['no types', { ...good, types: [] }, 'cases[1].types must list at least one incident type'],
    ['an unknown severity', { ...good, severity: 'urgent' as Severity }, 'cases[1].severity is not one of critical, high, medium, low'],
    ['an unknown agency', { ...good, referrals: ['Mrs Patel at MASH'] as unknown as Agency[] }, 'cases[1].referrals is not one of police, ceop'],
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
    ['a review date in words', { reviews: { policyDueOn: 'after the spring governors meeting' } }, 'reviews.policyDueOn must be a date written YYYY-MM-DD'],
    ['more valid than total', { aup: { staff: { total: 3, valid: 4 }, governors: { total: 0, valid: 0 } } }, 'aup.staff.valid is more than aup.staff.total'],
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
    ...(typeof sanction === 'string' && (DIGEST_SANCTIONS as readonly string[]).includes(sanction) ? { sanction: sanction as DigestSanction } : {}),
    open: !closed,
  };
}

const PUPILS = ['Ellie Parker', 'Jamie Brooks', 'Noah Fletcher'];
const STAFF = ['Sam Taylor', 'Priya Shah', 'Helen Marsh', 'Mr Dawson'];
const WORDS = [
  'Ellie said a man on Roblox asked her to send photos and keep it secret',
  'Jamie is being called names in the Year 6 group chat',
  'Mr Dawson showed a video to the class that was not suitable',
  'Spoke to Ellie\'s mum at pick-up',
  'CEOP-2026-118834',
  'Roblox',
  'Noah was given a detention and a talk with his parents',
];

function record(n: number, facts: IncidentFacts, severity: Severity, reportedAt: string, reporter: string, pupil: string, description: string): IncidentRecord {
  return {
    id: `inc-${n}`, reference: `OS-2026-${String(n).padStart(4, '0')}`, version: 3, updatedAt: reportedAt, reportedAt,
    reportedBy: { aadObjectId: `a1b2c3d4-0000-4000-8000-00000000000${n}`, displayName: reporter, kind: 'staff' },
    status: 'closed', severity, facts: facts as never, plan: {},
    details: { description, pupils: [pupil], platform: 'Roblox', evidence: `screenshot of ${pupil}'s messages on the reporter's phone` },
  };
}
const event = (incidentId: string, seq: number, type: string, at: string, who: string, reason?: string, data?: IncidentEvent['data']): IncidentEvent =>
  ({ incidentId, seq, type, at, actor: { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000002', displayName: who }, ...(reason ? { reason } : {}), ...(data ? { data } : {}) });

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
      ...(n % 4 === 0 ? [event(r.id, 4, 'alert-sent', hoursAfter(at, 0.25), 'Helen Marsh', undefined, { kind: 'unacknowledged-alert', what: `${pupil} ${staff}` })] : []),
      ...(n % 3 === 0 ? [event(r.id, 5, 'referral-recorded', hoursAfter(at, 2), 'Priya Shah', undefined, { agency: 'ceop', madeAt: hoursAfter(at, 2), madeBy: 'Priya Shah', reference: 'CEOP-2026-118834' })] : []),
      ...(n < 9 ? [event(r.id, 6, 'closed', hoursAfter(at, 48), 'Helen Marsh', WORDS[6], { sanction: n % 3 === 1 ? 'pupil-C' : null, support: `${pupil} sees the school nurse`, policyReviewNeeded: false })] : []),
    ];
    return { record: r, events };
  });
}

/** every string the digest may hold: labels, ids, term names and dates, review dates */
function allowedStrings(d: Digest): Set<string> {
  return new Set<string>([
    ...INCIDENT_TYPES, ...INCIDENT_TYPES.map((x) => INCIDENT_TYPE_INFO[x].label),
    ...DIGEST_AREAS, ...Object.values(DIGEST_AREA_LABELS),
    ...SEVERITIES, ...SEVERITIES.map((x) => SEVERITY_INFO[x].label),
    ...AGENCIES, ...AGENCIES.map((x) => AGENCY_INFO[x].label),
    ...DIGEST_SANCTIONS, ...Object.values(DIGEST_SANCTION_LABELS),
    ...Object.values(DIGEST_LABELS), 'incidents', 'decisions', 'median-hours-to-decision', 'service-level-misses', 'open-cases',
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
  const d = digestOf(stored.map(({ record: r, events }) => digestCaseFrom(r, events)), autumn26, { reviews: { policyDueOn: '2027-03-01' } });

  it('aggregates the stored cases (so the scan below is of a real digest)', () => {
    expect(show(d.incidents.thisTerm)).toBe('12');
    expect(d.byRiskArea.map((r) => show(r.thisTerm))).toEqual(['4', '4', '4', '0', '4']);
    expect(d.medianHoursToDecision.thisTerm).toEqual({ hours: 6.5 });
    expect([show(d.serviceLevelMisses.thisTerm), show(d.referrals[1]!.thisTerm), show(d.sanctions[2]!.thisTerm), show(d.openCases.total)]).toEqual(['3', '4', '3', '3']);
  });

  it('holds none of the names, descriptions, reasons or references in the records and events', () => {
    const json = JSON.stringify(d);
    const text = digestTableText(d);
    for (const secret of [...PUPILS, ...STAFF, ...WORDS, ...stored.map((s) => s.record.reference), 'a1b2c3d4', 'pick-up', 'nurse', 'screenshot']) {
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
    const digestCase = fc.record({
      reportedAt: instant.map((x) => x.toISOString()),
      types: fc.uniqueArray(fc.constantFrom(...INCIDENT_TYPES), { minLength: 1, maxLength: 3 }),
      severity: fc.constantFrom(...SEVERITIES),
      decideAfterHours: fc.option(fc.double({ min: 0, max: 500, noNaN: true }), { nil: undefined }),
      slaMissed: fc.boolean(),
      referrals: fc.array(fc.constantFrom(...AGENCIES), { maxLength: 3 }),
      sanction: fc.option(fc.constantFrom(...DIGEST_SANCTIONS), { nil: undefined }),
      open: fc.boolean(),
    }).map(({ decideAfterHours, sanction, ...c }): DigestCase => ({
      ...c,
      ...(decideAfterHours === undefined ? {} : { decidedAt: hoursAfter(c.reportedAt, decideAfterHours) }),
      ...(sanction ? { sanction } : {}),
    }));
    fc.assert(fc.property(fc.array(digestCase, { maxLength: 40 }), fc.constantFrom(...calendar.terms), (cases, forTerm) => {
      const digest = digestOf(cases, forTerm);
      const allowed = allowedStrings(digest);
      expect(stringsIn(digest).filter((s) => !allowed.has(s))).toEqual([]);
      const smallCounts: unknown[] = [];
      JSON.stringify(digest, (key, value: unknown) => {
        if (key === 'value' && (value === 1 || value === 2)) smallCounts.push(value);
        return value;
      });
      expect(smallCounts).toEqual([]);
    }), { numRuns: 200 });
  });
});
