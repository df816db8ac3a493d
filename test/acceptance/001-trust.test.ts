import { describe, expect, it } from 'vitest';
import { adviceLineWords } from '../../src/domain/index.js';
import { contact, facts, loadProfile, route, type Routed } from './support.js';
import { runDays } from './jobs-support.js';

// profiles/001-trust.yaml: Rowan Federation Primary (fictional), following the Aspire Learning Trust policy
const school = loadProfile('001-trust.yaml');
const POLICE =
  'Call 999 if a child is in immediate danger; otherwise County Constabulary (say it is a child protection issue), 01632 960561';

describe('seed 001 (the trust) as profiles/001-trust.yaml', () => {
  it.each<[string, Parameters<typeof facts>[0], Routed]>([
    [
      '"Dealing with Incidents": a concern is referred immediately to the designated person for child protection',
      { involved: ['pupil:instigator'], types: ['inappropriate-website'], deliberate: true },
      { told: ['Amira Haddad as dsl', 'County ICT Service as it-support'], approvers: ['Amira Haddad'], referrals: [] },
    ],
    [
      '"Illegal activity involving a child": refer directly to the county police',
      { involved: ['pupil:victim'], types: ['grooming'], illegalSuspected: true },
      {
        told: ['Amira Haddad as dsl', 'Philip Norcross as headteacher', 'County ICT Service as it-support'],
        approvers: ['Amira Haddad'],
        referrals: [
          `police (now): ${POLICE}`,
          'ceop (consider): CEOP Safety Centre, https://www.ceop.police.uk/Safety-Centre/',
          "childrens-social-care (consider): County children's social care, 01632 960562",
        ],
      },
    ],
    [
      '"Staff instigator": the procedures for managing allegations, with the LADO',
      { involved: ['staff:instigator', 'pupil:victim'], types: ['images-without-consent'], deliberate: true },
      {
        told: ['Philip Norcross as headteacher', 'Amira Haddad as dsl', 'County ICT Service as it-support'],
        approvers: ['Philip Norcross'],
        referrals: ['lado (now): County LADO, 01632 960560', `police (consider): ${POLICE}`],
      },
    ],
    [
      '"Staff victim": seek advice from your HR provider',
      { involved: ['staff:victim', 'parent:instigator'], types: ['cyberbullying'] },
      {
        told: ['Philip Norcross as headteacher', 'Amira Haddad as dsl'],
        approvers: ['Philip Norcross'],
        referrals: [
          'hr (consider): Trust HR provider, 01632 960564',
          "platform-report (consider): Use the platform's own report button or abuse form.",
        ],
      },
    ],
    [
      '"If that is not possible refer to the headteacher": the designated person implicated',
      { involved: ['dsl:instigator'], types: ['pornography'], deliberate: true },
      {
        told: ['Philip Norcross as headteacher', 'County ICT Service as it-support'],
        approvers: ['Philip Norcross'],
        referrals: ['lado (now): County LADO, 01632 960560', `police (consider): ${POLICE}`],
      },
    ],
    [
      '"or, if necessary, the Chair of Governors or the CEO of the Trust": the DSL and the head both implicated',
      { involved: ['dsl:instigator', 'headteacher:instigator'], types: ['pornography'], deliberate: true },
      {
        told: ['Bernadette Quinn as chair-of-governors', 'Simon Achebe as trust-ceo', 'County ICT Service as it-support'],
        approvers: ['Bernadette Quinn'],
        referrals: ['lado (now): County LADO, 01632 960560', `police (consider): ${POLICE}`],
      },
    ],
  ])('%s', (_, f, expected) => {
    expect(route(school, facts(f))).toEqual(expected);
  });

  it('"Step 2": in doubt, the Education Child Protection Service helpline; no Prevent or ICO contact of its own', () => {
    expect(adviceLineWords(school)).toBe('Education Child Protection Service helpline, 01632 960563');
    expect(contact(school, 'prevent')).toBe("Contact the local authority's Prevent lead; the DSL refers through the MASH.");
    expect(contact(school, 'ico')).toBe('Report at https://ico.org.uk/for-organisations/report-a-breach/ or ring 0303 123 1113.');
  });
});

describe('seed 001 (the trust) "To be reviewed: Annually", "Policy Owner: Trust Board" (reviews.policyReviewers)', () => {
  it('the yearly review reaches the trust CEO (for the board) with the DSL and headteacher, from the anniversary of the last review', async () => {
    const { reminded } = await runDays(school, { jobs: ['policy-review'], from: '2027-08-31', to: '2027-09-02' });
    expect(reminded).toEqual([
      '2027-10-05 Amira Haddad: policy-review',
      '2027-10-05 Philip Norcross: policy-review',
      '2027-10-05 Simon Achebe: policy-review',
    ]);
  });

  it('the trust CEO may record it ("I\'ve done it"): the next review is due a year on; a member of staff may not', async () => {
    const { results } = await runDays(school, {
      jobs: ['policy-review'],
      from: '2027-10-06',
      to: '2027-10-06',
      presses: [
        { on: '2027-10-06', by: 'Hannah Lowe', review: 'policy' },
        { on: '2027-10-06', by: 'Simon Achebe', review: 'policy' },
      ],
    });
    expect(results).toEqual([
      '2027-10-06 Hannah Lowe: not-a-reviewer, nothing recorded',
      '2027-10-06 Simon Achebe: recorded, next due 2028-10-06',
    ]);
  });

  it('once the board has reviewed it in August, the September run asks nobody until a year after that review', async () => {
    const { reminded } = await runDays(school, {
      jobs: ['policy-review'],
      from: '2027-08-20',
      to: '2027-09-02',
      presses: [{ on: '2027-08-20', by: 'Simon Achebe', review: 'policy' }],
    });
    expect(reminded).toEqual([
      '2028-08-20 Amira Haddad: policy-review',
      '2028-08-20 Philip Norcross: policy-review',
      '2028-08-20 Simon Achebe: policy-review',
    ]);
  });
});
