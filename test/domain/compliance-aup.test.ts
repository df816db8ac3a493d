import { describe, expect, it } from 'vitest';
import { aupCoverage, aupReminders, aupStatus, complianceRoster, type AupAgreement, type AupPerson } from '../../src/domain/index.js';
import { loadSeedProfile } from './support/seed-profiles.js';

// Camden 3.3: every internet user signs an acceptable use agreement on an annual basis, staff on
// appointment; Bentley 3.1 and 7, Camden 2.3.2: governors sign too; first school 12: new staff sign
// as part of their induction; Bawtry: staff sign again when the policy is reviewed.
const policy = { version: '2026-09', renewEveryMonths: 12, warnDays: 30 };
const at = (iso: string) => new Date(iso);
const agreed = (version: string, agreedAt: string, personId = 'p'): AupAgreement => ({ personId, version, agreedAt });

describe('aupStatus: one person on a London date (Camden 3.3: annually)', () => {
  it.each([
    ['nothing agreed', [], '2026-11-24T09:00:00Z', { state: 'missing' }],
    [
      'agreed the current version in September: valid until the same day next year',
      [agreed('2026-09', '2026-09-07T10:00:00Z')],
      '2026-11-24T09:00:00Z',
      { state: 'valid', version: '2026-09', agreedOn: '2026-09-07', expiresOn: '2027-09-07', daysLeft: 287 },
    ],
    [
      '30 days before expiry: expiring (warnDays 30)',
      [agreed('2026-09', '2025-12-24T10:00:00Z')],
      '2026-11-24T09:00:00Z',
      { state: 'expiring', version: '2026-09', agreedOn: '2025-12-24', expiresOn: '2026-12-24', daysLeft: 30 },
    ],
    [
      '31 days before expiry: still valid',
      [agreed('2026-09', '2025-12-25T10:00:00Z')],
      '2026-11-24T09:00:00Z',
      { state: 'valid', version: '2026-09', agreedOn: '2025-12-25', expiresOn: '2026-12-25', daysLeft: 31 },
    ],
    [
      'on the expiry day itself: expiring, 0 days left',
      [agreed('2026-09', '2025-11-24T10:00:00Z')],
      '2026-11-24T09:00:00Z',
      { state: 'expiring', version: '2026-09', agreedOn: '2025-11-24', expiresOn: '2026-11-24', daysLeft: 0 },
    ],
    [
      'the day after expiry: expired',
      [agreed('2026-09', '2025-11-23T10:00:00Z')],
      '2026-11-24T09:00:00Z',
      { state: 'expired', version: '2026-09', agreedOn: '2025-11-23', expiresOn: '2026-11-23', daysLeft: -1 },
    ],
    [
      'an older version, still in date: old-version (Bawtry: sign again on review)',
      [agreed('2025-09', '2026-01-12T10:00:00Z')],
      '2026-11-24T09:00:00Z',
      { state: 'old-version', version: '2025-09', agreedOn: '2026-01-12', expiresOn: '2027-01-12', daysLeft: 49 },
    ],
    [
      'an older version, out of date as well: expired',
      [agreed('2024-09', '2024-09-10T10:00:00Z')],
      '2026-11-24T09:00:00Z',
      { state: 'expired', version: '2024-09', agreedOn: '2024-09-10', expiresOn: '2025-09-10', daysLeft: -440 },
    ],
    [
      'the current version counts even when an old one was agreed later',
      [agreed('2026-09', '2026-09-03T10:00:00Z'), agreed('2025-09', '2026-09-04T10:00:00Z')],
      '2026-11-24T09:00:00Z',
      { state: 'valid', version: '2026-09', agreedOn: '2026-09-03', expiresOn: '2027-09-03', daysLeft: 283 },
    ],
    [
      'the latest of several current agreements',
      [agreed('2026-09', '2026-09-03T10:00:00Z'), agreed('2026-09', '2025-11-01T10:00:00Z')],
      '2026-11-24T09:00:00Z',
      { state: 'valid', version: '2026-09', agreedOn: '2026-09-03', expiresOn: '2027-09-03', daysLeft: 283 },
    ],
    [
      'leap day: agreed 29 February 2024, expires 28 February 2025',
      [agreed('2026-09', '2024-02-29T12:00:00Z')],
      '2025-02-28T12:00:00Z',
      { state: 'expiring', version: '2026-09', agreedOn: '2024-02-29', expiresOn: '2025-02-28', daysLeft: 0 },
    ],
    [
      'leap day the other way: agreed 28 February 2027, expires 28 February 2028 (29th exists)',
      [agreed('2026-09', '2027-02-28T12:00:00Z')],
      '2028-02-29T08:00:00Z',
      { state: 'expired', version: '2026-09', agreedOn: '2027-02-28', expiresOn: '2028-02-28', daysLeft: -1 },
    ],
    [
      'agreed at 23:30 UTC on 31 August 2026 = 00:30 BST on 1 September: the London date counts',
      [agreed('2026-09', '2026-08-31T23:30:00Z')],
      '2027-08-31T23:30:00Z',
      { state: 'expiring', version: '2026-09', agreedOn: '2026-09-01', expiresOn: '2027-09-01', daysLeft: 0 },
    ],
    [
      "year boundary: agreed New Year's Eve, checked on New Year's Day a year later",
      [agreed('2026-09', '2025-12-31T16:00:00Z')],
      '2027-01-01T09:00:00Z',
      { state: 'expired', version: '2026-09', agreedOn: '2025-12-31', expiresOn: '2026-12-31', daysLeft: -1 },
    ],
  ] as const)('%s', (_name, agreements, today, want) => {
    expect(aupStatus(agreements, policy, at(today))).toEqual(want);
  });

  it("follows the profile's own renewal and warning periods", () => {
    const sixMonthly = { version: '2026-09', renewEveryMonths: 6, warnDays: 14 };
    // 31 August + 6 months clamps to 28 February (date-fns addMonths)
    expect(aupStatus([agreed('2026-09', '2026-08-31T09:00:00Z')], sixMonthly, at('2027-02-14T12:00:00Z'))).toEqual({
      state: 'expiring',
      version: '2026-09',
      agreedOn: '2026-08-31',
      expiresOn: '2027-02-28',
      daysLeft: 14,
    });
    expect(aupStatus([agreed('2026-09', '2026-08-31T09:00:00Z')], sixMonthly, at('2027-02-13T12:00:00Z')).state).toBe('valid');
  });

  it('refuses an agreement whose agreedAt is not an instant', () => {
    expect(() => aupStatus([agreed('2026-09', 'last Tuesday')], policy, at('2026-11-24T09:00:00Z'))).toThrow(
      /"last Tuesday" is not an ISO instant/,
    );
  });
});

// Oakfield on Tuesday 24 November 2026
const today = at('2026-11-24T09:00:00Z');
const person = (id: string, displayName: string, group: AupPerson['group'], startedOn?: string): AupPerson => ({
  aadObjectId: id,
  displayName,
  group,
  startedOn,
});
const people: AupPerson[] = [
  person('sam', 'Sam Taylor', 'staff', '2019-09-02'),
  person('nia', 'Nia Jones', 'staff', '2026-11-02'),
  person('omar', 'Omar Ali', 'staff', '2024-09-03'),
  person('priya', 'Priya Shah', 'staff'),
  person('tom', 'Tom Okafor', 'staff'),
  person('jo', 'Jo Evans', 'staff', '2027-01-04'),
  person('david', 'David Rees', 'governor', '2022-03-14'),
  person('ruth', 'Ruth Green', 'governor', '2026-11-10'),
  person('ann', 'Ann Hill', 'governor'),
];
const agreements: AupAgreement[] = [
  agreed('2026-09', '2026-09-03T08:15:00Z', 'sam'),
  agreed('2025-09', '2025-09-04T08:15:00Z', 'omar'),
  agreed('2026-09', '2025-12-10T15:00:00Z', 'priya'),
  agreed('2026-09', '2025-11-20T15:00:00Z', 'tom'),
  agreed('2025-09', '2026-03-02T18:00:00Z', 'david'),
  agreed('2026-09', '2026-09-20T18:00:00Z', 'ann'),
];

describe('aupReminders: who is asked, and why', () => {
  it('asks new starters, the missing, the expired, those on an old version and those about to expire', () => {
    expect(aupReminders(people, agreements, policy, today).map((r) => [r.person.displayName, r.reason])).toEqual([
      // started this month with nothing agreed: sign on appointment (Camden 3.3, first school 12)
      ['Nia Jones', 'new-starter'],
      // agreed 2025-09 on 4 September 2025: out of date since 4 September 2026
      ['Omar Ali', 'expired'],
      // agreed the current version on 10 December 2025: 16 days left
      ['Priya Shah', 'expiring'],
      // agreed on 20 November 2025: out of date since 20 November 2026
      ['Tom Okafor', 'expired'],
      // appointed, starting in January: asked now, as a new starter
      ['Jo Evans', 'new-starter'],
      // a governor on last year's version, still in date (Bentley 3.1: governors agree the terms too)
      ['David Rees', 'new-version'],
      ['Ruth Green', 'new-starter'],
    ]);
  });

  it('a new starter is someone who started within the last 30 days; 31 days on, they are simply missing', () => {
    // 24 October to 24 November 2026 is 31 days; 25 October is 30
    const [reminder] = aupReminders([person('lee', 'Lee Cole', 'staff', '2026-10-24')], [], policy, today);
    expect(reminder).toEqual({ person: person('lee', 'Lee Cole', 'staff', '2026-10-24'), reason: 'missing', status: { state: 'missing' } });
    expect(aupReminders([person('kim', 'Kim Ray', 'staff', '2026-10-25')], [], policy, today)[0]?.reason).toBe('new-starter');
    expect(aupReminders([person('max', 'Max Fry', 'staff')], [], policy, today)[0]?.reason).toBe('missing');
  });

  it('asks nobody whose agreement is current and in date', () => {
    expect(aupReminders([people[0]!, people[8]!], agreements, policy, today)).toEqual([]);
  });
});

describe('aupCoverage: counts per group for the headteacher and governors', () => {
  it('counts each person once, in their state', () => {
    expect(aupCoverage(people, agreements, policy, today)).toEqual({
      staff: { total: 6, valid: 1, expiring: 1, expired: 2, oldVersion: 0, missing: 2 },
      governor: { total: 3, valid: 1, expiring: 0, expired: 0, oldVersion: 1, missing: 1 },
    });
  });

  it('has both groups even when one is empty', () => {
    expect(aupCoverage([], [], policy, today)).toEqual({
      staff: { total: 0, valid: 0, expiring: 0, expired: 0, oldVersion: 0, missing: 0 },
      governor: { total: 0, valid: 0, expiring: 0, expired: 0, oldVersion: 0, missing: 0 },
    });
  });

  it("covers the example school's roster: staff and role holders once each, the chair as a governor", () => {
    const profile = loadSeedProfile('example-school');
    const roster = complianceRoster(profile);
    const coverage = aupCoverage(
      roster,
      [agreed('2026-09', '2026-09-02T08:00:00Z', 'a1b2c3d4-0000-4000-8000-000000000001')],
      profile.aup!,
      today,
    );
    expect(coverage).toEqual({
      staff: { total: 8, valid: 1, expiring: 0, expired: 0, oldVersion: 0, missing: 7 },
      governor: { total: 1, valid: 0, expiring: 0, expired: 0, oldVersion: 0, missing: 1 },
    });
  });
});
