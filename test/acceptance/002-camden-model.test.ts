import { describe, expect, it } from 'vitest';
import { contact, facts, loadProfile, route, type Routed } from './support.js';

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
});
