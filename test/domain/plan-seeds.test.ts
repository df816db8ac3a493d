import { describe, expect, it } from 'vitest';
import { planEscalation } from '../../src/domain/index.js';
import { expected } from './support/expect-plan.js';
import { facts, summarise } from './support/facts.js';

// the two primaries (Bawtry, Bentley), the trust policy and the first school (seeds 000, 001, 003, 004)
const OSL = 'online-safety-lead';

describe('planEscalation: Bawtry, trust, first school and Bentley policies', () => {
  it.each([
    [
      'Bawtry PREVENT: extremist material reached on school computers is an online-safety incident',
      facts({ types: ['terrorist-material'] }),
      expected({
        severity: 'medium',
        riskAreas: 'content',
        notify: `dsl, ${OSL}, it-support`,
        approver: 'dsl',
        referrals: 'prevent:consider',
      }),
    ],
    [
      'Bawtry PREVENT: exposure to extremist material outside school is a safeguarding incident',
      facts({ involved: ['pupil:victim'], types: ['terrorist-material'], outsideSchool: true }),
      expected({ severity: 'high', riskAreas: 'content', notify: `dsl, ${OSL}`, approver: 'dsl', referrals: 'prevent:consider' }),
    ],
    [
      'Bawtry "Illegal Incidents": a site suspected of child abuse images: police now',
      facts({ types: ['child-abuse-images', 'inappropriate-website'], illegalSuspected: true, deliberate: false }),
      expected({
        severity: 'critical',
        riskAreas: 'content',
        notify: `dsl, headteacher, ${OSL}, it-support`,
        approver: 'dsl',
        referrals: 'police:now, childrens-social-care:consider',
      }),
    ],
    [
      'trust step 1: a staff instigator follows the allegations procedure (LADO)',
      facts({ involved: ['staff:instigator', 'pupil:victim'], types: ['cyberbullying'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: 'conduct',
        notify: `headteacher, dsl, ${OSL}, it-support`,
        approver: 'headteacher',
        referrals: 'lado:now, police:consider, platform-report:consider',
        sanction: 'staff:B',
        extraDeadlines: 'lado-consult:P1D',
      }),
    ],
    [
      'trust "staff victim": a parent posts abuse about a teacher: HR to consider',
      facts({ involved: ['staff:victim', 'parent:instigator'], types: ['disrepute'], outsideSchool: true }),
      expected({
        severity: 'medium',
        riskAreas: 'conduct',
        notify: `headteacher, ${OSL}`,
        approver: 'headteacher',
        referrals: 'hr:consider',
      }),
    ],
    [
      'trust "illegal activity involving a child": refer directly to the police',
      facts({
        involved: ['pupil:victim', 'other:instigator'],
        types: ['drugs-or-weapons-material'],
        illegalSuspected: true,
        outsideSchool: true,
      }),
      expected({ severity: 'high', riskAreas: 'content', notify: 'dsl, headteacher', approver: 'dsl', referrals: 'police:now' }),
    ],
    [
      'trust "Dealing with incidents": the DSL implicated goes to the headteacher',
      facts({ involved: ['dsl:instigator', 'pupil:victim'], types: ['images-without-consent'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: 'conduct',
        notify: `headteacher, ${OSL}, it-support`,
        approver: 'headteacher',
        exclude: 'dsl',
        referrals: 'lado:now, police:consider',
        sanction: 'staff:B',
        extraDeadlines: 'lado-consult:P1D',
      }),
    ],
    [
      'trust "Dealing with incidents": the headteacher implicated goes to the chair and the trust CEO',
      facts({ involved: ['headteacher:instigator'], types: ['aup-breach'], deliberate: true }),
      expected({
        severity: 'low',
        riskAreas: 'conduct',
        notify: `chair-of-governors, trust-ceo, ${OSL}`,
        approver: 'chair-of-governors',
        exclude: 'headteacher',
        sanction: 'staff:A',
      }),
    ],
    [
      'first school 3.1: a staff laptop is lost: DPO, IT, business manager; ICO within 72 hours',
      facts({ types: ['lost-device'] }),
      expected({
        severity: 'medium',
        riskAreas: '',
        notify: `dpo, headteacher, ${OSL}, it-support, business-manager`,
        approver: 'dpo',
        referrals: 'ico:consider',
        extraDeadlines: 'ico-decision:PT72H',
      }),
    ],
    [
      'first school 6: a virus on a classroom PC: IT support, the DPO told',
      facts({ types: ['hacking-or-malware'] }),
      expected({ severity: 'medium', riskAreas: 'conduct', notify: `${OSL}, dpo, it-support`, approver: OSL }),
    ],
    [
      'first school 3.1: a pupil is sent a phishing message',
      facts({ involved: ['pupil:victim'], types: ['scam-or-phishing'] }),
      expected({ severity: 'low', riskAreas: 'commerce', notify: `${OSL}, dpo, it-support`, approver: OSL }),
    ],
    [
      "first school app. 7: indecent image of a child found on a pupil's phone",
      facts({ involved: ['pupil:instigator'], types: ['child-abuse-images'] }),
      expected({
        severity: 'critical',
        riskAreas: 'content',
        notify: 'dsl, headteacher',
        approver: 'dsl',
        referrals: 'police:now, childrens-social-care:consider',
      }),
    ],
    [
      'first school app. 7 with R15: a pupil says they were sent a picture of a child with no clothes on',
      facts({ reportedBy: 'pupil', involved: ['pupil:victim'], types: ['child-abuse-images'] }),
      expected({
        severity: 'critical',
        riskAreas: 'content',
        notify: 'dsl, headteacher',
        approver: 'dsl',
        referrals: 'police:now, childrens-social-care:consider',
      }),
    ],
    [
      'first school 14.2: staff accidentally reach inappropriate material: no blame',
      facts({ involved: ['staff:witness'], types: ['inappropriate-website'], deliberate: false }),
      expected({ severity: 'low', riskAreas: 'content', notify: `${OSL}, it-support`, approver: OSL }),
    ],
    [
      'first school 14.2: deliberate access by staff is reported to the headteacher',
      facts({ involved: ['staff:instigator'], types: ['inappropriate-website'], deliberate: true }),
      expected({ severity: 'low', riskAreas: 'content', notify: `headteacher, ${OSL}`, approver: 'headteacher', sanction: 'staff:A' }),
    ],
    [
      'first school 13.1: data emailed to the wrong parent by mistake: the DPO decides on the ICO',
      facts({ involved: ['staff:instigator'], types: ['data-breach'], deliberate: false }),
      expected({
        severity: 'medium',
        riskAreas: '',
        notify: `dpo, headteacher, ${OSL}, it-support`,
        approver: 'dpo',
        referrals: 'ico:consider',
        extraDeadlines: 'ico-decision:PT72H',
      }),
    ],
    [
      'Bentley 6: a pupil shares a self-generated image: not criminalised, the DSL decides',
      facts({ reportedBy: 'pupil', involved: ['pupil:instigator'], types: ['nude-image-sharing'], illegalSuspected: true }),
      expected({
        severity: 'critical',
        riskAreas: 'conduct',
        notify: 'dsl, headteacher',
        approver: 'dsl',
        referrals: 'police:consider, childrens-social-care:consider',
      }),
    ],
    [
      "Bentley 6: a concern about the headteacher's online behaviour goes to the chair of governors",
      facts({ involved: ['headteacher:instigator'], types: ['disrepute'], deliberate: true, outsideSchool: true }),
      expected({
        severity: 'high',
        riskAreas: 'conduct',
        notify: `chair-of-governors, dsl, trust-ceo, ${OSL}`,
        approver: 'chair-of-governors',
        exclude: 'headteacher',
        referrals: 'lado:now, police:consider',
        sanction: 'staff:B',
        extraDeadlines: 'lado-consult:P1D',
      }),
    ],
    [
      'Bentley 6.1: bullying involving illegal material: the DSL considers the police',
      facts({ involved: ['pupil:victim', 'pupil:instigator'], types: ['cyberbullying'], deliberate: true, illegalSuspected: true }),
      expected({
        severity: 'high',
        riskAreas: 'conduct',
        notify: `dsl, headteacher, ${OSL}`,
        approver: 'dsl',
        referrals: 'police:consider, platform-report:consider',
        sanction: 'pupil:D',
      }),
    ],
    [
      'Bentley 2 (DfE 2021): a harmful online challenge spreading among pupils',
      facts({ involved: ['pupil:witness'], types: ['harmful-challenge'] }),
      expected({ severity: 'medium', riskAreas: 'content', notify: 'dsl', approver: 'dsl' }),
    ],
    [
      'Bentley 1 (commerce): pupil gambling online at school (category C)',
      facts({ involved: ['pupil:instigator'], types: ['online-gambling'], deliberate: true }),
      expected({ severity: 'medium', riskAreas: 'commerce', notify: `headteacher, ${OSL}`, approver: 'headteacher', sanction: 'pupil:C' }),
    ],
    [
      'R15 (Bentley 6): a pupil says someone used their login: the DSL first, at least medium',
      facts({ reportedBy: 'pupil', involved: ['pupil:victim'], types: ['account-misuse'] }),
      expected({ severity: 'medium', riskAreas: 'conduct', notify: 'dsl', approver: 'dsl' }),
    ],
    [
      'R15 with Camden 4.5: a pupil reports being bullied by a classmate',
      facts({ reportedBy: 'pupil', involved: ['pupil:victim', 'pupil:instigator'], types: ['cyberbullying'] }),
      expected({
        severity: 'medium',
        riskAreas: 'conduct',
        notify: `dsl, headteacher, ${OSL}`,
        approver: 'dsl',
        referrals: 'platform-report:consider',
        sanction: 'pupil:C',
      }),
    ],
    [
      'R1 (Camden 4.1, trust policy): DSL and headteacher both implicated: the chair of governors',
      facts({ involved: ['dsl:instigator', 'headteacher:instigator'], types: ['pornography'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: 'content',
        notify: `chair-of-governors, trust-ceo, ${OSL}, it-support`,
        approver: 'chair-of-governors',
        exclude: 'dsl, headteacher',
        referrals: 'lado:now, police:consider',
        sanction: 'staff:B',
        extraDeadlines: 'lado-consult:P1D',
      }),
    ],
    [
      'R1 (trust policy): the chair of governors implicated goes up to the trust CEO',
      facts({ involved: ['chair-of-governors:instigator'], types: ['hate-material'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: 'content',
        notify: `headteacher, dsl, trust-ceo, ${OSL}, it-support`,
        approver: 'headteacher',
        exclude: 'chair-of-governors',
        referrals: 'lado:now, police:consider',
        sanction: 'staff:B',
        extraDeadlines: 'lado-consult:P1D',
      }),
    ],
    [
      'R1 with Camden 4.7: the DSL implicated while a child is in danger',
      facts({ involved: ['dsl:instigator', 'pupil:victim'], types: ['grooming'], immediateRisk: true }),
      expected({
        severity: 'critical',
        riskAreas: 'contact',
        notify: `headteacher, deputy-dsl, ${OSL}, it-support`,
        approver: 'headteacher',
        exclude: 'dsl',
        referrals: 'police:now, lado:now, ceop:consider, childrens-social-care:consider',
        sanction: 'staff:B',
        extraDeadlines: 'lado-consult:P1D',
      }),
    ],
  ] as const)('%s', (_name, input, want) => {
    expect(summarise(planEscalation(input))).toEqual(want);
  });
});
