import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { monthBlock, nextReviewOn, type ReviewCycle } from '../../src/domain/compliance/cycles.js';
import { complianceJobsFor, dueRuns, type JobCycles } from '../../src/domain/index.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseSchoolProfile } from '../../src/config/profile-loader.js';

// the cycles a school sets in its profile (issue 16): the password reminder and the policy review follow them
const at = (iso: string) => new Date(iso);
const cycles = (passwordEveryMonths: number, policyReview: ReviewCycle = { kind: 'months', everyMonths: 12 }): JobCycles => ({
  passwordEveryMonths,
  policyReview,
});
const TERMS = [
  { start: '2026-09-02', end: '2026-12-18' },
  { start: '2027-01-05', end: '2027-03-26' },
  { start: '2027-04-12', end: '2027-07-21' },
];
const TERMLY: ReviewCycle = { kind: 'termly', terms: TERMS };

describe('the password reminder follows reviews.passwordEveryMonths (Camden 3.1)', () => {
  it.each([
    ['3 months: January to March', 3, '2027-02-14T12:00:00Z', 'passwords-2027-01', '2027-01-01', '2027-04-01'],
    ['3 months: 00:30 BST on 1 July starts July to September', 3, '2026-06-30T23:30:00Z', 'passwords-2026-07', '2026-07-01', '2026-10-01'],
    ['3 months: December is October to December', 3, '2026-12-31T23:59:00Z', 'passwords-2026-10', '2026-10-01', '2027-01-01'],
    ['6 months: the half-year keys stay H1 and H2', 6, '2026-06-30T22:59:00Z', 'passwords-2026-H1', '2026-01-01', '2026-07-01'],
    ['6 months: November is H2', 6, '2026-11-24T09:00:00Z', 'passwords-2026-H2', '2026-07-01', '2027-01-01'],
    ['12 months: the calendar year', 12, '2026-11-24T09:00:00Z', 'passwords-2026-01', '2026-01-01', '2027-01-01'],
    ['24 months: two calendar years from an even year', 24, '2027-03-01T09:00:00Z', 'passwords-2026-01', '2026-01-01', '2028-01-01'],
  ] as const)('%s', (_name, months, now, key, startsOn, nextStartsOn) => {
    const job = complianceJobsFor(cycles(months)).passwords;
    expect(job.periodKey(at(now))).toBe(key);
    expect(job.periodOf(at(now))).toEqual({ startsOn, nextStartsOn });
  });

  it.each([
    ['3 months: done in January, nothing more in March', 3, 'passwords-2027-01', '2027-03-01T08:15:00Z', []],
    ['3 months: April starts the next quarter', 3, 'passwords-2027-01', '2027-04-01T07:15:00Z', ['passwords-2027-04']],
    ['12 months: done in January 2026, nothing in December', 12, 'passwords-2026-01', '2026-12-01T08:15:00Z', []],
    ['12 months: January 2027 runs again', 12, 'passwords-2026-01', '2027-01-01T08:15:00Z', ['passwords-2027-01']],
    ['6 months: as before, July runs H2', 6, 'passwords-2026-H1', '2026-07-01T07:15:00Z', ['passwords-2026-H2']],
  ] as const)('due runs, %s', (_name, months, last, now, want) => {
    expect(dueRuns('passwords', last, at(now), cycles(months))).toEqual(want);
  });

  it('refuses a half-year key for a quarterly job', () => {
    expect(() => dueRuns('passwords', 'passwords-2026-H1', at('2026-11-24T09:00:00Z'), cycles(3))).toThrow(
      '"passwords-2026-H1" is not a period of the passwords job',
    );
  });

  it.each([
    [3, 'Checked monthly, at 08:15 on the 1st, run once every 3 months (counted from January): reminds staff to change their password.'],
    [
      6,
      'Checked monthly, at 08:15 on the 1st, run once each half-year (January to June, July to December): reminds staff to change their password.',
    ],
    [12, 'Checked monthly, at 08:15 on the 1st, run once every 12 months (counted from January): reminds staff to change their password.'],
  ] as const)('every %i months it says so, and is still checked on the 1st of each month', (months, description) => {
    const job = complianceJobsFor(cycles(months)).passwords;
    expect(job.description).toBe(description);
    const cron = new Cron(job.cron, { timezone: 'Europe/London', paused: true });
    expect(cron.nextRuns(2, at('2026-11-24T09:00:00Z')).map((d) => d.toISOString())).toEqual([
      '2026-12-01T08:15:00.000Z',
      '2027-01-01T08:15:00.000Z',
    ]);
  });
});

describe('the policy review follows reviews.policyEveryMonths or policyReview: termly', () => {
  it.each([
    ['yearly (Camden 2.3.2): a year on', { kind: 'months', everyMonths: 12 }, '2026-07-08', '2027-07-08'],
    ['every 24 months (first school, "reviewed every 24 months")', { kind: 'months', everyMonths: 24 }, '2026-07-08', '2028-07-08'],
    ['every 24 months from 29 February', { kind: 'months', everyMonths: 24 }, '2024-02-29', '2026-02-28'],
    ['termly (Bentley 3.1): done in the autumn term, due when spring starts', TERMLY, '2026-10-14', '2027-01-05'],
    ['termly: done in the Easter holiday, due when summer starts', TERMLY, '2027-04-01', '2027-04-12'],
    ['termly: done before the first term, due when it starts', TERMLY, '2026-07-20', '2026-09-02'],
    ['termly: no later term listed, due about a term (4 months) on', TERMLY, '2027-05-10', '2027-09-10'],
  ] as const)('%s', (_name, cycle, lastOn, dueOn) => {
    expect(nextReviewOn(lastOn, cycle)).toBe(dueOn);
  });

  it.each([
    ['yearly: the school year, as before', { kind: 'months', everyMonths: 12 }, '2027-08-31T12:00:00Z', 'policy-review-2026', '0 9 1 9 *'],
    [
      '24 months: two school years from September 2026',
      { kind: 'months', everyMonths: 24 },
      '2028-08-31T12:00:00Z',
      'policy-review-2026-09',
      '0 9 1 9 *',
    ],
    [
      '24 months: the next block starts September 2028',
      { kind: 'months', everyMonths: 24 },
      '2028-09-01T08:00:00Z',
      'policy-review-2028-09',
      '0 9 1 9 *',
    ],
    ['6 months: March to August', { kind: 'months', everyMonths: 6 }, '2027-05-01T08:00:00Z', 'policy-review-2027-03', '0 9 1 * *'],
    ['termly: the spring term', TERMLY, '2027-02-16T09:00:00Z', 'policy-review-term-2027-01-05', '0 9 * * *'],
    ['termly: the Easter holiday still belongs to spring', TERMLY, '2027-04-01T09:00:00Z', 'policy-review-term-2027-01-05', '0 9 * * *'],
  ] as const)('period %s', (_name, cycle, now, key, cron) => {
    const job = complianceJobsFor(cycles(6, cycle))['policy-review'];
    expect(job.periodKey(at(now))).toBe(key);
    expect(job.cron).toBe(cron);
    expect(job.description).toMatch(/^[A-Z].{40,}\.$/);
  });

  it('termly: the first school day of a term runs it once', () => {
    const termly = cycles(6, TERMLY);
    expect(dueRuns('policy-review', 'policy-review-term-2026-09-02', at('2027-01-04T09:00:00Z'), termly)).toEqual([]);
    expect(dueRuns('policy-review', 'policy-review-term-2026-09-02', at('2027-01-05T09:00:00Z'), termly)).toEqual([
      'policy-review-term-2027-01-05',
    ]);
  });

  it('the month blocks are counted from the anchor month with date-fns', () => {
    expect(monthBlock('2026-09-01', 24, '2000-09')).toEqual({ startsOn: '2026-09-01', nextStartsOn: '2028-09-01' });
    expect(monthBlock('1999-12-31', 6, '2000-01')).toEqual({ startsOn: '1999-07-01', nextStartsOn: '2000-01-01' });
  });
});

describe('the profile says plainly what is wrong with a cycle', () => {
  const exampleProfileInput = () => parse(readFileSync('profiles/example-school.yaml', 'utf8')) as Record<string, unknown>;
  const withReviews = (reviews: Record<string, unknown>) => {
    const input = exampleProfileInput();
    return parseSchoolProfile({ ...input, reviews: { ...(input.reviews as object), ...reviews } });
  };
  it.each([
    [{ policyEveryMonths: 0 }, 'policyEveryMonths must be 1 month or more'],
    [{ policyEveryMonths: 1.5 }, 'policyEveryMonths must be a whole number of months'],
    [{ policyReview: 'weekly' }, 'must be termly, or leave it out and set policyEveryMonths'],
    [{ policyReview: 'termly', policyEveryMonths: 12 }, 'give either policyReview: termly or policyEveryMonths, not both'],
    [{ passwordEveryMonths: 0 }, 'passwordEveryMonths must be 1 month or more'],
  ])('%o', (reviews, message) => {
    const result = withReviews(reviews);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain(message);
  });

  it('without them, the policy is reviewed yearly and passwords changed every 6 months', () => {
    const input = exampleProfileInput();
    const result = parseSchoolProfile({ ...input, reviews: {} });
    expect(result.ok && result.value.reviews).toEqual({ passwordEveryMonths: 6, dormantAfterDays: 90 });
  });
});
