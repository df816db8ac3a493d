import { describe, expect, it } from 'vitest';
import { adviceLineWords } from '../../src/domain/index.js';
import { nextReviewOn, policyReviewCycle } from '../../src/domain/compliance/cycles.js';
import { contact, facts, loadProfile, reportAndClose, route, type Routed } from './support.js';

// profiles/003-first-school.yaml: Hazel Green First School (fictional), following the Tannery Drift policy
const school = loadProfile('003-first-school.yaml');
const ICO_GENERIC = 'Report at https://ico.org.uk/for-organisations/report-a-breach/ or ring 0303 123 1113.';

describe('seed 003 (first school) as profiles/003-first-school.yaml', () => {
  it.each<[string, Parameters<typeof facts>[0], Routed]>([
    [
      '18.1: a breach of security with your password or account: the deputy headteacher and the business manager at once',
      { involved: ['staff:victim'], types: ['account-misuse'] },
      {
        told: [
          'Eleanor Walsh as headteacher',
          'Peter Lindqvist as deputy-headteacher',
          'Zara Iqbal as online-safety-lead',
          'Maureen Tully as business-manager',
        ],
        approvers: ['Eleanor Walsh'],
        referrals: ['hr (consider): County HR support and guidance, 01632 960663'],
      },
    ],
    [
      '14.2: accidental access to inappropriate material is reported immediately to the eSafety co-ordinator',
      { involved: ['pupil:victim'], types: ['inappropriate-website'], deliberate: false },
      { told: ['Zara Iqbal as online-safety-lead', 'Hazel Green ICT Support as it-support'], approvers: ['Zara Iqbal'], referrals: [] },
    ],
    [
      'email: staff inform the eSafety co-ordinator if they receive an offensive email',
      { involved: ['staff:victim'], types: ['chain-or-threatening-messages'] },
      {
        told: ['Eleanor Walsh as headteacher', 'Zara Iqbal as online-safety-lead'],
        approvers: ['Eleanor Walsh'],
        referrals: ['hr (consider): County HR support and guidance, 01632 960663'],
      },
    ],
    [
      "a pupil's own report reaches the designated senior person first",
      { reportedBy: 'pupil', involved: ['pupil:victim'], types: ['cyberbullying'] },
      {
        told: ['Gillian Moss as dsl', 'Zara Iqbal as online-safety-lead'],
        approvers: ['Gillian Moss'],
        referrals: ["platform-report (consider): Use the platform's own report button or abuse form."],
      },
    ],
    [
      "an allegation against a member of staff: the headteacher, with the county LADO; high, so the DSP's deputies are told (3.1, app. 9)",
      { involved: ['staff:instigator', 'pupil:victim'], types: ['grooming'] },
      {
        told: [
          'Eleanor Walsh as headteacher',
          'Gillian Moss as dsl',
          'Peter Lindqvist as deputy-dsl',
          'Shona Reid as deputy-dsl',
          'Kwame Boateng as deputy-dsl',
          'Zara Iqbal as online-safety-lead',
          'Hazel Green ICT Support as it-support',
        ],
        approvers: ['Eleanor Walsh'],
        referrals: [
          'lado (now): County LADO, 01632 960660',
          'police (consider): Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101',
          'ceop (consider): CEOP Safety Centre, https://www.ceop.police.uk/Safety-Centre/',
          "childrens-social-care (consider): County children's services, 01632 960661",
        ],
      },
    ],
    [
      '3.1 and app. 9 "alert the DSP and Deputy DSPs": a high case (repeated cyberbullying) reaches the three deputies as well as the DSP',
      { involved: ['pupil:instigator', 'pupil:victim'], types: ['cyberbullying'], repeated: true },
      {
        told: [
          'Gillian Moss as dsl',
          'Peter Lindqvist as deputy-dsl',
          'Shona Reid as deputy-dsl',
          'Kwame Boateng as deputy-dsl',
          'Eleanor Walsh as headteacher',
          'Zara Iqbal as online-safety-lead',
        ],
        approvers: ['Gillian Moss'],
        referrals: [
          'police (consider): Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101',
          "platform-report (consider): Use the platform's own report button or abuse form.",
        ],
      },
    ],
    [
      "3.1 and app. 9: a medium case (a pupil's cyberbullying, once) does not reach the deputies (the wording is ambiguous; see the profile)",
      { involved: ['pupil:instigator', 'pupil:victim'], types: ['cyberbullying'], outsideSchool: true },
      {
        told: ['Eleanor Walsh as headteacher', 'Gillian Moss as dsl', 'Zara Iqbal as online-safety-lead'],
        approvers: ['Eleanor Walsh'],
        referrals: ["platform-report (consider): Use the platform's own report button or abuse form."],
      },
    ],
    [
      '3.1: loss of equipment is reported; the external DPO decides on the ICO (no ICO contact: the national words)',
      { types: ['lost-device'] },
      {
        told: [
          'County Schools DPO Service as dpo',
          'Eleanor Walsh as headteacher',
          'Zara Iqbal as online-safety-lead',
          'Hazel Green ICT Support as it-support',
          'Maureen Tully as business-manager',
        ],
        approvers: ['County Schools DPO Service'],
        referrals: [`ico (consider): ${ICO_GENERIC}`],
      },
    ],
    [
      'a data breach: the DPO approves; the deputy headteacher is not told (18.1 is about accounts only)',
      { types: ['data-breach'] },
      {
        told: [
          'County Schools DPO Service as dpo',
          'Eleanor Walsh as headteacher',
          'Zara Iqbal as online-safety-lead',
          'Hazel Green ICT Support as it-support',
        ],
        approvers: ['County Schools DPO Service'],
        referrals: [`ico (consider): ${ICO_GENERIC}`],
      },
    ],
  ])('%s', (_, f, expected) => {
    expect(route(school, facts(f))).toEqual(expected);
  });

  it('19 "Zombie Accounts": an account unused 90 days is a possible leaver; the county lines for HR and eSafety advice', () => {
    expect(school.reviews.dormantAfterDays).toBe(90);
    expect(contact(school, 'hr')).toBe('County HR support and guidance, 01632 960663');
    expect(adviceLineWords(school)).toBe('County eSafety support and guidance, 01632 960662');
  });

  it('27: "This policy will be reviewed every 24 months": reviewed in September 2026, due again in September 2028', () => {
    expect(nextReviewOn('2026-09-14', policyReviewCycle(school))).toBe('2028-09-14');
  });

  describe('3.2 and 13.2: "An eSafety Incident Log will be kept by the School Business Manager"', () => {
    const MAUREEN = 'f1e50003-0000-4000-8000-000000000010';
    const bullying = { victims: ['pupil' as const], instigators: ['pupil' as const], types: ['cyberbullying' as const] };

    it("a closed case's summary goes to the business manager for the log: no names, no reporter's words, no evidence", async () => {
      const closed = await reportAndClose(school, bullying, { outcome: 'Both pupils spoken to; parents told.', sanction: 'pupil-C' });
      expect(closed.logCopies).toEqual([
        [
          'Maureen Tully: For the incident log: case HG-2026-0001 is closed.',
          'Reported: Tue 24 Nov 2026',
          'Closed: Thu 26 Nov 2026 by Eleanor Walsh',
          'Type: Online bullying',
          'Severity: Medium',
          'Route: Headteacher, Designated safeguarding lead, Online safety lead (decided by Eleanor Walsh)',
          'Outcome: Both pupils spoken to; parents told.',
          'Sanction: Pupil, category C',
          'The full record stays in the bot: the reference links this entry to it.',
        ].join('\n\n'),
      ]);
      // the report's own words and the pupils' names stay in the bot
      expect(closed.logCopies.join()).not.toMatch(/What the reporter saw|A named pupil/);
    });

    it('an allegation against a member of staff: the business manager keeps the log of it too', async () => {
      const closed = await reportAndClose(
        school,
        { victims: ['pupil'], instigators: ['staff'], types: ['pornography'], deliberate: 'yes' },
        { outcome: 'Referred to the LADO.', sanction: 'staff-B' },
      );
      expect(closed.logCopies).toHaveLength(1);
      expect(closed.logCopies[0]).toContain('Maureen Tully: For the incident log: case HG-2026-0001 is closed.');
      expect(closed.logCopies[0]).toContain('Sanction: Staff, category B (gross misconduct)');
    });

    it('the business manager is the adult the allegation is about: no copy reaches her', async () => {
      const closed = await reportAndClose(
        school,
        { victims: ['pupil'], instigators: ['staff'], about: MAUREEN, types: ['pornography'], deliberate: 'yes' },
        { outcome: 'Referred to the LADO.', sanction: 'staff-B' },
      );
      expect(closed.closed).toMatchObject({ sanction: 'staff-B' });
      expect(closed.logCopies).toEqual([]);
    });
  });
});
