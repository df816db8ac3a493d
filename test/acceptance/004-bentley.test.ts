import { describe, expect, it } from 'vitest';
import { adviceLineWords } from '../../src/domain/index.js';
import { nextReviewOn, policyReviewCycle } from '../../src/domain/compliance/cycles.js';
import { contact, facts, loadProfile, route, type Routed } from './support.js';
import { runDays } from './jobs-support.js';

// profiles/004-bentley.yaml: Aspen Vale Primary (fictional), following the Bentley New Village policy
const school = loadProfile('004-bentley.yaml');

describe('seed 004 (Bentley) as profiles/004-bentley.yaml', () => {
  it.each<[string, Parameters<typeof facts>[0], Routed]>([
    [
      'app. 2 "Data Breaches": a suspected breach reaches the SIRO as well as the DPO',
      { types: ['data-breach'] },
      {
        told: [
          'Schools Data Protection Service as dpo',
          'Caroline Shaw as dsl',
          'Anthony Greaves as headteacher',
          'Harriet Lyons as siro',
          'Dean Holloway as it-support',
        ],
        approvers: ['Schools Data Protection Service'],
        referrals: [
          "ico (consider): Information Commissioner's Office, 0303 123 1113, https://ico.org.uk/for-organisations/report-a-breach/",
        ],
      },
    ],
    [
      '"Concerns regarding a staff member\'s online behaviour are reported to the Headteacher"',
      { involved: ['staff:instigator'], types: ['aup-breach'], deliberate: true },
      { told: ['Anthony Greaves as headteacher', 'Caroline Shaw as dsl'], approvers: ['Anthony Greaves'], referrals: [] },
    ],
    [
      '6 and 6.1: "Concerns regarding a pupil\'s online behaviour are reported to the DSL, who ... manages concerns": the DSL approves a pupil\'s cyberbullying, the head is told',
      { involved: ['pupil:instigator', 'pupil:victim'], types: ['cyberbullying'] },
      {
        told: ['Caroline Shaw as dsl', 'Anthony Greaves as headteacher'],
        approvers: ['Caroline Shaw'],
        referrals: ["platform-report (consider): Use the platform's own report button or abuse form."],
      },
    ],
    [
      "6 and 10: a member of staff's cyberbullying is reported to the Headteacher, who approves, with the LADO (the DSL setting is for pupils' cases)",
      { involved: ['staff:instigator', 'pupil:victim'], types: ['cyberbullying'], deliberate: true },
      {
        told: ['Anthony Greaves as headteacher', 'Caroline Shaw as dsl', 'Dean Holloway as it-support'],
        approvers: ['Anthony Greaves'],
        referrals: [
          'lado (now): Local authority LADO, 01632 960710',
          'police (consider): Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101',
          "platform-report (consider): Use the platform's own report button or abuse form.",
        ],
      },
    ],
    [
      "sharing nudes: the DSL, with the police and the children's services front door to consider",
      { involved: ['pupil:victim', 'pupil:instigator'], types: ['nude-image-sharing'] },
      {
        told: ['Caroline Shaw as dsl'],
        approvers: ['Caroline Shaw'],
        referrals: [
          'police (consider): Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101',
          "childrens-social-care (consider): Children's services front door, 01632 960711",
        ],
      },
    ],
    [
      'radicalisation: the DSL, with the local authority Prevent lead to consider',
      { involved: ['pupil:victim'], types: ['radicalisation'] },
      {
        told: ['Caroline Shaw as dsl', 'Dean Holloway as it-support'],
        approvers: ['Caroline Shaw'],
        referrals: [
          "childrens-social-care (consider): Children's services front door, 01632 960711",
          'prevent (consider): Local authority Prevent lead, 01632 960712',
        ],
      },
    ],
  ])('%s', (_, f, expected) => {
    expect(route(school, facts(f))).toEqual(expected);
  });

  it("3.1: the online-safety governor is named and on the governors' roster; no advice line of its own", () => {
    expect(school.roles['online-safety-governor'].map((p) => p.displayName)).toEqual(['Rosalind Finch']);
    expect(school.governors.map((p) => p.displayName)).toEqual(['Pauline Okonkwo', 'Rosalind Finch']);
    expect(contact(school, 'lado')).toBe('Local authority LADO, 01632 960710');
    expect(adviceLineWords(school)).toBeUndefined();
  });

  it('3.2: termly light-touch reviews of the policy: a review in the autumn term is due again on the first day of the spring term', () => {
    const cycle = policyReviewCycle(school);
    expect(cycle.kind).toBe('termly');
    expect(nextReviewOn('2026-11-10', cycle)).toBe('2027-01-05');
    expect(nextReviewOn('2027-02-01', cycle)).toBe('2027-04-12');
  });

  it('3.2: the online-safety governor, the DSL (and deputy) and the ICT technician are asked on the first day of the spring term, and may record it', async () => {
    const { reminded, results } = await runDays(school, {
      jobs: ['policy-review'],
      from: '2027-01-05',
      to: '2027-01-06',
      presses: [
        { on: '2027-01-06', by: 'Anthony Greaves', review: 'policy' },
        { on: '2027-01-06', by: 'Rosalind Finch', review: 'policy' },
      ],
    });
    expect(reminded).toEqual([
      '2027-01-05 Caroline Shaw: policy-review',
      '2027-01-05 Marcus Webb: policy-review',
      '2027-01-05 Dean Holloway: policy-review',
      '2027-01-05 Rosalind Finch: policy-review',
    ]);
    // the headteacher is not one of the three 3.2 names
    expect(results).toEqual([
      '2027-01-06 Anthony Greaves: not-a-reviewer, nothing recorded',
      '2027-01-06 Rosalind Finch: recorded, next due 2027-04-12',
    ]);
  });
});

describe('seed 004 (Bentley) 3.4: the monthly ICT security check (checks.ict-security)', () => {
  const ict = { jobs: ['check-ict-security'], from: '2027-04-01', to: '2027-05-20' } as const;

  it('3.4 "a full security check ... on a monthly basis": the ICT technician alone is reminded on the 1st and again halfway through', async () => {
    const { reminded } = await runDays(school, ict);
    expect(reminded).toEqual([
      '2027-04-01 Dean Holloway: check:ict-security',
      '2027-04-16 Dean Holloway: check:ict-security',
      '2027-05-01 Dean Holloway: check:ict-security',
      '2027-05-16 Dean Holloway: check:ict-security',
    ]);
  });

  it('3.4: "I\'ve done it" on 5 April stops the 16 April reminder; May\'s comes on 1 May; the headteacher cannot record it', async () => {
    const { reminded, results } = await runDays(school, {
      ...ict,
      presses: [
        { on: '2027-04-05', by: 'Anthony Greaves', review: 'check:ict-security' },
        { on: '2027-04-05', by: 'Dean Holloway', review: 'check:ict-security' },
      ],
    });
    expect(results).toEqual([
      '2027-04-05 Anthony Greaves: not-a-reviewer, nothing recorded',
      '2027-04-05 Dean Holloway: recorded, next due 2027-05-01',
    ]);
    expect(reminded).toEqual([
      '2027-04-01 Dean Holloway: check:ict-security',
      '2027-05-01 Dean Holloway: check:ict-security',
      '2027-05-16 Dean Holloway: check:ict-security',
    ]);
  });
});
