import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { COMPLIANCE_JOBS, JOB_NAMES, dueRuns, saferInternetDay, type JobName } from '../../src/domain/index.js';

const at = (iso: string) => new Date(iso);

describe('the compliance jobs', () => {
  it('are the seven duties the bot reminds people of', () => {
    expect(JOB_NAMES).toEqual(['aup', 'training', 'leavers', 'passwords', 'policy-review', 'filtering-review', 'safer-internet-day']);
    expect(Object.keys(COMPLIANCE_JOBS)).toEqual([...JOB_NAMES]);
    for (const name of JOB_NAMES) {
      expect(COMPLIANCE_JOBS[name].name).toBe(name);
      expect(COMPLIANCE_JOBS[name].description).toMatch(/^[A-Z].{40,}\.$/);
      expect(COMPLIANCE_JOBS[name].source).not.toBe('');
    }
  });

  // croner, as the app's scheduler runs it: the next three runs on the London clock after Tuesday 24 November 2026
  it.each([
    [
      'aup: monthly at 08:00 on the 1st (Camden 3.3)',
      'aup',
      ['2026-12-01T08:00:00.000Z', '2027-01-01T08:00:00.000Z', '2027-02-01T08:00:00.000Z'],
    ],
    ['training: monthly (Bentley 11)', 'training', ['2026-12-01T08:05:00.000Z', '2027-01-01T08:05:00.000Z', '2027-02-01T08:05:00.000Z']],
    [
      'leavers: the monthly security check (Bentley 3.4, first school 19)',
      'leavers',
      ['2026-12-01T08:10:00.000Z', '2027-01-01T08:10:00.000Z', '2027-02-01T08:10:00.000Z'],
    ],
    [
      'passwords: checked monthly (Camden 3.1)',
      'passwords',
      ['2026-12-01T08:15:00.000Z', '2027-01-01T08:15:00.000Z', '2027-02-01T08:15:00.000Z'],
    ],
    [
      'policy review: 1 September, 09:00 BST (Camden 2.3.2, Bentley 12)',
      'policy-review',
      ['2027-09-01T08:00:00.000Z', '2028-09-01T08:00:00.000Z', '2029-09-01T08:00:00.000Z'],
    ],
    [
      'filtering review: 1 September (Camden 2.3.2)',
      'filtering-review',
      ['2027-09-01T08:05:00.000Z', '2028-09-01T08:05:00.000Z', '2029-09-01T08:05:00.000Z'],
    ],
    [
      'Safer Internet Day: 1 February (first school 12)',
      'safer-internet-day',
      ['2027-02-01T08:00:00.000Z', '2028-02-01T08:00:00.000Z', '2029-02-01T08:00:00.000Z'],
    ],
  ] as const)('%s', (_name, job, want) => {
    const cron = new Cron(COMPLIANCE_JOBS[job].cron, { timezone: 'Europe/London', paused: true });
    expect(cron.nextRuns(3, at('2026-11-24T09:00:00Z')).map((d) => d.toISOString())).toEqual(want);
  });

  it('runs at 08:00 London in summer too (07:00 UTC in BST)', () => {
    const cron = new Cron(COMPLIANCE_JOBS.aup.cron, { timezone: 'Europe/London', paused: true });
    expect(cron.nextRun(at('2027-05-15T12:00:00Z'))?.toISOString()).toBe('2027-06-01T07:00:00.000Z');
  });
});

describe('periodKey: the period an instant falls in, on the London calendar', () => {
  it.each([
    ['aup', '2026-09-01T07:00:00Z', 'aup-2026-09'],
    ['aup', '2026-11-24T09:00:00Z', 'aup-2026-11'],
    ['aup: 23:30 UTC on 31 August 2026 is 1 September in London', '2026-08-31T23:30:00Z', 'aup-2026-09'],
    ['aup: 23:30 UTC on 31 December 2026 is still December in London (GMT)', '2026-12-31T23:30:00Z', 'aup-2026-12'],
    ['training', '2026-09-01T07:05:00Z', 'training-2026-09'],
    ['leavers', '2026-11-01T08:10:00Z', 'leavers-2026-11'],
    ['passwords: January is H1', '2027-01-01T08:15:00Z', 'passwords-2027-H1'],
    ['passwords: 30 June is H1', '2026-06-30T22:59:00Z', 'passwords-2026-H1'],
    ['passwords: 00:30 BST on 1 July is H2', '2026-06-30T23:30:00Z', 'passwords-2026-H2'],
    ['passwords: December is H2', '2026-12-31T23:59:00Z', 'passwords-2026-H2'],
    ['policy-review: September 2026', '2026-09-01T08:00:00Z', 'policy-review-2026'],
    ['policy-review: the school year 2026-27 runs to the end of August 2027', '2027-08-31T12:00:00Z', 'policy-review-2026'],
    ['filtering-review: January 2027 is in the school year 2026-27', '2027-01-15T12:00:00Z', 'filtering-review-2026'],
    ['safer-internet-day', '2027-02-01T08:00:00Z', 'safer-internet-day-2027'],
  ])('%s: %s -> %s', (name, iso, want) => {
    const job = name.split(':')[0] as JobName;
    expect(COMPLIANCE_JOBS[job].periodKey(at(iso))).toBe(want);
  });
});

describe('saferInternetDay: the Tuesday of the second week of February (first school 12: every February)', () => {
  it.each([
    // published dates: 2024 was the first Tuesday, so it is not simply "the second Tuesday"
    [2019, '2019-02-05'],
    [2020, '2020-02-11'],
    [2023, '2023-02-07'],
    [2024, '2024-02-06'],
    [2025, '2025-02-11'],
    [2026, '2026-02-10'],
    [2027, '2027-02-09'],
    // 1 February 2028 is a Tuesday; leap year
    [2028, '2028-02-08'],
  ])('%i -> %s', (year, want) => {
    expect(saferInternetDay(year)).toBe(want);
    expect(new Date(`${want}T12:00:00Z`).getUTCDay()).toBe(2);
  });
});

describe('dueRuns: the current period, once, after any downtime', () => {
  it.each([
    ['the first run ever', 'aup', undefined, '2026-11-01T08:00:00Z', ['aup-2026-11']],
    ['last month finished: this month is due', 'aup', 'aup-2026-10', '2026-11-01T08:00:00Z', ['aup-2026-11']],
    ['this month finished already: nothing', 'aup', 'aup-2026-11', '2026-11-24T09:00:00Z', []],
    [
      'down since August: only this month is run, not September and October',
      'training',
      'training-2026-08',
      '2026-11-24T09:00:00Z',
      ['training-2026-11'],
    ],
    ['across the year end: December finished, January due', 'leavers', 'leavers-2026-12', '2027-01-01T08:10:00Z', ['leavers-2027-01']],
    [
      'across the year end, down over Christmas: November finished, January due',
      'leavers',
      'leavers-2026-11',
      '2027-01-04T09:00:00Z',
      ['leavers-2027-01'],
    ],
    ['a finished period newer than now (the clock went back): nothing', 'aup', 'aup-2026-12', '2026-11-30T09:00:00Z', []],
    [
      'passwords: H2 finished in July, the monthly check in November finds nothing to do',
      'passwords',
      'passwords-2026-H2',
      '2026-11-01T08:15:00Z',
      [],
    ],
    ['passwords: the January check runs H1', 'passwords', 'passwords-2026-H2', '2027-01-01T08:15:00Z', ['passwords-2027-H1']],
    ['passwords: H1 missed entirely, H2 is run in July', 'passwords', 'passwords-2025-H2', '2026-07-01T07:15:00Z', ['passwords-2026-H2']],
    ['policy review: done in September 2026, nothing in January 2027', 'policy-review', 'policy-review-2026', '2027-01-15T12:00:00Z', []],
    [
      'policy review: the bot was down on 1 September; caught up on the 3rd',
      'policy-review',
      'policy-review-2025',
      '2026-09-03T08:00:00Z',
      ['policy-review-2026'],
    ],
    [
      'filtering review: installed in March 2027, the school year 2026-27 is due',
      'filtering-review',
      undefined,
      '2027-03-15T12:00:00Z',
      ['filtering-review-2026'],
    ],
    [
      'Safer Internet Day: 1 February 2027',
      'safer-internet-day',
      'safer-internet-day-2026',
      '2027-02-01T08:00:00Z',
      ['safer-internet-day-2027'],
    ],
    [
      'Safer Internet Day: caught up on the day itself, 9 February 2027',
      'safer-internet-day',
      'safer-internet-day-2026',
      '2027-02-09T16:00:00Z',
      ['safer-internet-day-2027'],
    ],
    ['Safer Internet Day: not once the day has passed', 'safer-internet-day', 'safer-internet-day-2026', '2027-02-10T08:00:00Z', []],
    ['Safer Internet Day: not before February (installed in November)', 'safer-internet-day', undefined, '2026-11-24T09:00:00Z', []],
    ['Safer Internet Day: done this year', 'safer-internet-day', 'safer-internet-day-2027', '2027-02-05T08:00:00Z', []],
  ] as const)('%s', (_name, job, last, now, want) => {
    expect(dueRuns(job, last, at(now))).toEqual(want);
  });

  it.each([
    ["another job's period", 'aup', 'training-2026-10'],
    ['a monthly key for a half-yearly job', 'passwords', 'passwords-2026-07'],
    ['a month that does not exist', 'aup', 'aup-2026-13'],
    ['a school year written as a month', 'policy-review', 'policy-review-2026-09'],
  ] as const)('refuses %s', (_name, job, last) => {
    expect(() => dueRuns(job, last, at('2026-11-24T09:00:00Z'))).toThrow(`"${last}" is not a period of the ${job} job`);
  });
});
