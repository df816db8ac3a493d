import { describe, expect, it } from 'vitest';
import { NOT_ON_THE_LIST } from '../../src/app/casework/case-actions.js';
import { sanctionChoices, type SanctionCategoryId } from '../../src/domain/index.js';
import { contact, facts, loadProfile, reportAndClose, route, type Routed } from './support.js';

// profiles/002-camden-model.yaml: Elm Street School (fictional), following the Camden model policy
const school = loadProfile('002-camden-model.yaml');

describe('seed 002 (Camden model) as profiles/002-camden-model.yaml', () => {
  it.each<[string, Parameters<typeof facts>[0], Routed]>([
    [
      "2.3.3: staff refer a pupil's negative experience to the online safety co-ordinator (who is the DSL here)",
      { involved: ['pupil:victim'], types: ['inappropriate-website'], deliberate: false },
      { told: ['Nadia Karim as online-safety-lead', 'Tariq Hussain as it-support'], approvers: ['Nadia Karim'], referrals: [] },
    ],
    [
      '2.3.3: breaches of internet use are reported to the online safety co-ordinator',
      { involved: ['pupil:instigator'], types: ['aup-breach'], deliberate: true },
      { told: ['Nadia Karim as online-safety-lead'], approvers: ['Nadia Karim'], referrals: [] },
    ],
    [
      '3.2: a data breach goes to the DPO, with the ICO to consider',
      { types: ['data-breach'] },
      {
        told: ['Imogen Blake as dpo', 'Clare Davenport as headteacher', 'Nadia Karim as online-safety-lead', 'Tariq Hussain as it-support'],
        approvers: ['Imogen Blake'],
        referrals: [
          "ico (consider): Information Commissioner's Office, 0303 123 1113, https://ico.org.uk/for-organisations/report-a-breach/",
        ],
      },
    ],
    [
      'an allegation against a member of staff goes to the head teacher and the borough LADO',
      { involved: ['staff:instigator', 'pupil:victim'], types: ['grooming'] },
      {
        told: ['Clare Davenport as headteacher', 'Nadia Karim as dsl', 'Tariq Hussain as it-support'],
        approvers: ['Clare Davenport'],
        referrals: [
          'lado (now): Borough LADO, 01632 960610, lado@example.org',
          'police (consider): Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101',
          'ceop (consider): CEOP Safety Centre, https://www.ceop.police.uk/Safety-Centre/',
          'childrens-social-care (consider): Borough MASH, 01632 960611',
        ],
      },
    ],
    [
      'radicalisation: the DSL with the MASH and the borough Prevent co-ordinator to consider',
      { involved: ['pupil:victim'], types: ['radicalisation'] },
      {
        told: ['Nadia Karim as dsl', 'Tariq Hussain as it-support'],
        approvers: ['Nadia Karim'],
        referrals: [
          'childrens-social-care (consider): Borough MASH, 01632 960611',
          'prevent (consider): Borough Prevent co-ordinator, 01632 960613, prevent@example.org',
        ],
      },
    ],
  ])('%s', (_, f, expected) => {
    expect(route(school, facts(f))).toEqual(expected);
  });

  it('2.3.2, 3.1 and 3.3: annual reviews, passwords every 6 months, the AUP signed each year', () => {
    expect(school.reviews).toEqual({
      policyReviewedOn: '2026-07-01',
      filteringReviewedOn: '2026-07-01',
      passwordEveryMonths: 6,
      dormantAfterDays: 90,
    });
    expect(school.aup?.renewEveryMonths).toBe(12);
    expect(contact(school, 'hr')).toBe('Borough schools HR, 01632 960614');
  });

  /** what the close form offers for one category, in the school's words */
  const offered = (category: SanctionCategoryId) =>
    sanctionChoices(school.sanctions)
      .filter((c) => c.category === category)
      .map((c) => c.words);

  it.each<[string, SanctionCategoryId, string[]]>([
    [
      '5.1.1: pupils, category A (low-level breaches): referral to the class teacher or tutor, or the co-ordinator',
      'pupil-A',
      ['Referral to the class teacher or tutor', 'Referral to the online safety co-ordinator'],
    ],
    [
      '5.1.2: pupils, category B (persistent or serious non-deliberate breaches): loss of internet access, phone removed, parents contacted',
      'pupil-B',
      [
        'Referral to the class teacher or tutor',
        'Referral to the online safety co-ordinator',
        'Loss of internet access for a period of time',
        'Removal of mobile phone until the end of the day',
        'Contacting parents',
      ],
    ],
    [
      '5.1.3: pupils, category C (deliberate or serious breaches): the head teacher, and sanctions under other school policies',
      'pupil-C',
      [
        'Referral to the class teacher or tutor',
        'Referral to the online safety co-ordinator',
        'Referral to the head teacher',
        'Loss of access to the internet for a period of time',
        'Contact with parents',
        'Any sanctions agreed under other school policies',
      ],
    ],
    [
      '5.1.4: pupils, category D (continued serious breaches, banned or illegal material): exclusion, the police officer',
      'pupil-D',
      [
        'Referral to the head teacher',
        'Contact with parents',
        'Possible exclusion',
        'Removal of equipment',
        'Referral to the community police officer',
        "Referral to the borough's online safety officer",
      ],
    ],
    [
      '5.2.1: staff, category A (misconduct): a warning from the head teacher',
      'staff-A',
      ['Referral to the head teacher, who will issue a warning'],
    ],
    [
      '5.2.2: staff, category B (gross misconduct): the LADO or the police, suspension, disciplinary action',
      'staff-B',
      [
        'Referral to the head teacher',
        'Removal of equipment',
        "Referral to the borough's online safety officer",
        "Referral to the borough's LADO or the police",
        'Suspension pending investigation',
        'Disciplinary action in line with school policies',
      ],
    ],
  ])('%s', (_, category, words) => {
    expect(offered(category)).toEqual(words);
  });

  const misuse = {
    victims: ['pupil' as const],
    instigators: ['pupil' as const],
    types: ['aup-breach' as const],
    deliberate: 'yes' as const,
  };

  it("5.1.2: closing with one of the school's category B sanctions records the category and the school's words", async () => {
    const closed = await reportAndClose(school, misuse, {
      outcome: 'Warned twice before; access removed for a week.',
      sanction: 'pupil-B:Loss of internet access for a period of time',
    });
    expect(closed.refused).toBeUndefined();
    expect(closed.closed).toEqual({
      formId: 'close-form',
      parentsInformed: false,
      sanction: 'pupil-B',
      sanctionWords: 'Loss of internet access for a period of time',
      support: '',
      policyReviewNeeded: false,
    });
  });

  it("5: a sanction that is not on the school's list (a card from before the list, or an altered one) is refused and nothing changes", async () => {
    for (const sanction of ['pupil-B', 'pupil-B:Detention for a month', 'pupil-E:Referral to the head teacher']) {
      const closed = await reportAndClose(school, misuse, { outcome: 'Dealt with.', sanction });
      expect(closed.refused).toBe(NOT_ON_THE_LIST);
      expect(closed.closed).toBeUndefined();
      expect(closed.logCopies).toEqual([]);
    }
  });
});
