import { describe, expect, it } from 'vitest';
import { adviceLineWords } from '../../src/domain/index.js';
import { contact, facts, loadProfile, route, type Routed } from './support.js';
import { runDays } from './jobs-support.js';

// profiles/000-bawtry.yaml: Larch Hill Primary (fictional), following the Bawtry Mayflower policy
const school = loadProfile('000-bawtry.yaml');

describe('seed 000 (Bawtry Mayflower) as profiles/000-bawtry.yaml', () => {
  it.each<[string, Parameters<typeof facts>[0], Routed]>([
    [
      '"Safe Use: Incidents": an accidental visit reaches the head teacher and the online safety officer at once',
      { involved: ['pupil:victim'], types: ['inappropriate-website'], deliberate: false },
      {
        told: ['Rachel Penrose as online-safety-lead', 'Graham Ellis as headteacher', 'Larch Hill IT Service as it-support'],
        approvers: ['Rachel Penrose'],
        referrals: [],
      },
    ],
    [
      '"Safe Use: Incidents": cyberbullying between pupils reaches the online safety officer as well as the head',
      { involved: ['pupil:victim', 'pupil:instigator'], types: ['cyberbullying'] },
      {
        told: ['Graham Ellis as headteacher', 'Fiona Hart as dsl', 'Rachel Penrose as online-safety-lead'],
        approvers: ['Graham Ellis'],
        referrals: ["platform-report (consider): Use the platform's own report button or abuse form."],
      },
    ],
    [
      '"Illegal Incidents": suspected child abuse images are reported immediately to the police',
      { involved: ['pupil:victim'], types: ['child-abuse-images'], illegalSuspected: true },
      {
        told: ['Fiona Hart as dsl', 'Graham Ellis as headteacher', 'Rachel Penrose as online-safety-lead'],
        approvers: ['Fiona Hart'],
        referrals: [
          'police (now): Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101',
          "childrens-social-care (consider): Children's social care (MASH), 01632 960511",
        ],
      },
    ],
    [
      '"Head teacher and Senior Leaders": an allegation against a member of staff goes to the head and the LADO',
      { involved: ['staff:instigator'], types: ['pornography'], deliberate: true },
      {
        told: [
          'Graham Ellis as headteacher',
          'Fiona Hart as dsl',
          'Rachel Penrose as online-safety-lead',
          'Larch Hill IT Service as it-support',
        ],
        approvers: ['Graham Ellis'],
        referrals: [
          'lado (now): Local authority LADO, 01632 960510',
          'police (consider): Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101',
        ],
      },
    ],
    [
      '"Safe Use: Incidents" never reaches an implicated head: the chair approves instead',
      { involved: ['headteacher:instigator'], types: ['pornography'], deliberate: true },
      {
        told: [
          'Margaret Cole as chair-of-governors',
          'Fiona Hart as dsl',
          'Rachel Penrose as online-safety-lead',
          'Larch Hill IT Service as it-support',
        ],
        approvers: ['Margaret Cole'],
        referrals: [
          'lado (now): Local authority LADO, 01632 960510',
          'police (consider): Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101',
        ],
      },
    ],
    [
      '"Prevent": extremist material accessed at school is an online safety incident, with the Prevent lead to consider',
      { involved: ['pupil:victim'], types: ['terrorist-material'] },
      {
        told: [
          'Fiona Hart as dsl',
          'Graham Ellis as headteacher',
          'Rachel Penrose as online-safety-lead',
          'Larch Hill IT Service as it-support',
        ],
        approvers: ['Fiona Hart'],
        referrals: ['prevent (consider): Local authority Prevent lead, 01632 960512'],
      },
    ],
    [
      'no DPO named: a lost device goes to the head teacher, with the ICO to consider',
      { types: ['lost-device'] },
      {
        told: [
          'Graham Ellis as headteacher',
          'Rachel Penrose as online-safety-lead',
          'Larch Hill IT Service as it-support',
          'Dawn Whitaker as business-manager',
        ],
        approvers: ['Graham Ellis'],
        referrals: [
          "ico (consider): Information Commissioner's Office, 0303 123 1113, https://ico.org.uk/for-organisations/report-a-breach/",
        ],
      },
    ],
  ])('%s', (_, f, expected) => {
    expect(route(school, facts(f))).toEqual(expected);
  });

  it('names the school and shows its own numbers for the LADO and advice line', () => {
    expect(school.school.name).toBe('Larch Hill Primary School');
    expect(school.routing.alwaysInform).toEqual(['headteacher', 'online-safety-lead']);
    expect(contact(school, 'lado')).toBe('Local authority LADO, 01632 960510');
    expect(adviceLineWords(school)).toBe('NSPCC helpline for professionals, 0808 800 5000');
  });
});

describe('seed 000 (Bawtry) "Software licences": the termly licence check (checks.licences)', () => {
  const spring = { jobs: ['check-licences'], from: '2027-01-05', to: '2027-04-13' } as const;

  it('the business manager and IT support are both reminded on the first day of each term, and again halfway through the spring term', async () => {
    const { reminded } = await runDays(school, spring);
    expect(reminded).toEqual([
      '2027-01-05 Larch Hill IT Service: check:licences',
      '2027-01-05 Dawn Whitaker: check:licences',
      '2027-02-22 Larch Hill IT Service: check:licences',
      '2027-02-22 Dawn Whitaker: check:licences',
      '2027-04-12 Larch Hill IT Service: check:licences',
      '2027-04-12 Dawn Whitaker: check:licences',
    ]);
  });

  it('"I\'ve done it" by the business manager on 20 January stops the 22 February reminder for both; the summer term asks again', async () => {
    const { reminded, results } = await runDays(school, {
      ...spring,
      presses: [{ on: '2027-01-20', by: 'Dawn Whitaker', review: 'check:licences' }],
    });
    expect(results).toEqual(['2027-01-20 Dawn Whitaker: recorded, next due 2027-04-12']);
    expect(reminded).toEqual([
      '2027-01-05 Larch Hill IT Service: check:licences',
      '2027-01-05 Dawn Whitaker: check:licences',
      '2027-04-12 Larch Hill IT Service: check:licences',
      '2027-04-12 Dawn Whitaker: check:licences',
    ]);
  });
});
