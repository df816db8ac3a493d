import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseSchoolProfile } from '../../src/config/profile-loader.js';
import { checkCycle, cycleBlock, halfwayThrough } from '../../src/domain/compliance/cycles.js';

// issue 16: the school's named recurring checks and who reviews the policy, as the profile sets them
const example = () => parse(readFileSync('profiles/example-school.yaml', 'utf8')) as Record<string, unknown>;

describe('profile: checks and reviews.policyReviewers', () => {
  it('default: no checks and no policyReviewers (the DSL and headteacher, as before)', () => {
    const result = parseSchoolProfile(example());
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.value.checks).toEqual([]);
    expect(result.value.reviews.policyReviewers).toBeUndefined();
  });

  it('reads a monthly, a termly and a three-monthly check', () => {
    const profile = example();
    profile.checks = [
      { id: 'ict-security', name: 'ICT security check', every: 'monthly', audience: ['it-support'] },
      { id: 'licences', name: 'software licence check', every: 'termly', audience: ['business-manager', 'it-support'] },
      { id: 'backups', name: 'backup restore test', every: { months: 3 }, audience: ['it-support'] },
    ];
    const result = parseSchoolProfile(profile);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.value.checks.map((c) => [c.id, c.every])).toEqual([
      ['ict-security', 'monthly'],
      ['licences', 'termly'],
      ['backups', { months: 3 }],
    ]);
  });

  it('says what is wrong with a check, in plain words, at its path', () => {
    const profile = example();
    profile.checks = [
      { id: 'ICT Security', name: '', every: 'weekly', audience: ['janitor'] },
      { id: 'licences', name: 'Licence check', every: { months: 0 }, audience: [] },
    ];
    (profile.reviews as Record<string, unknown>).policyReviewers = ['trust-board'];
    const result = parseSchoolProfile(profile);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        'checks.0.id: must be lower-case words joined by hyphens, e.g. ict-security',
        'checks.0.name: must not be empty',
        'checks.0.every: must be monthly, termly, or { months: N } (e.g. { months: 3 })',
        expect.stringMatching(/^checks\.0\.audience\.0: "janitor" is not an audience; use staff, governor, dsl or a role id \(dsl, /),
        'checks.1.audience: name at least one, e.g. [it-support]',
        expect.stringMatching(/^reviews\.policyReviewers\.0: "trust-board" is not an audience; /),
      ]),
    );
    expect(result.errors).toContain('checks.1.every.months: every.months must be 1 month or more');
  });

  it('a check id is listed once', () => {
    const profile = example();
    profile.checks = [
      { id: 'licences', name: 'Licence check', every: 'termly', audience: ['business-manager'] },
      { id: 'licences', name: 'Licence check again', every: 'termly', audience: ['it-support'] },
    ];
    const result = parseSchoolProfile(profile);
    expect(result.ok ? [] : result.errors).toEqual(['checks.1.id: check id "licences" is listed twice']);
  });
});

describe("a check's periods", () => {
  const terms = [
    { start: '2026-09-02', end: '2026-12-18' },
    { start: '2027-01-05', end: '2027-03-26' },
    { start: '2027-04-12', end: '2027-07-21' },
  ];
  it.each([
    ['monthly, 10 April 2027', 'monthly', '2027-04-10', { startsOn: '2027-04-01', nextStartsOn: '2027-05-01' }, '2027-04-16'],
    ['monthly, 28 February 2027', 'monthly', '2027-02-28', { startsOn: '2027-02-01', nextStartsOn: '2027-03-01' }, '2027-02-15'],
    ['termly, in the Easter holiday', 'termly', '2027-04-01', { startsOn: '2027-01-05', nextStartsOn: '2027-04-12' }, '2027-02-22'],
    [
      'every 3 months from September, 10 January',
      { months: 3 },
      '2027-01-10',
      { startsOn: '2026-12-01', nextStartsOn: '2027-03-01' },
      '2027-01-15',
    ],
    ['termly, the last listed term', 'termly', '2027-05-01', { startsOn: '2027-04-12' }, '2027-05-10'],
  ] as const)('%s', (_, every, day, block, halfway) => {
    const found = cycleBlock(day, checkCycle({ every }, terms));
    expect(found).toEqual(block);
    expect(halfwayThrough(found)).toBe(halfway);
  });
});
