import { describe, expect, it } from 'vitest';
import { planEscalation } from '../../src/domain/index.js';
import { expected } from './support/expect-plan.js';
import { facts, summarise } from './support/facts.js';

// the local-authority model policy (seed 002): sections 4 (responding to incidents) and 5 (sanctions)
const OSL = 'online-safety-lead';

describe('planEscalation: Camden model policy', () => {
  it.each([
    [
      'Camden 4.2: pupil accidentally opens an upsetting website in class',
      facts({ involved: ['pupil:victim'], types: ['inappropriate-website'], deliberate: false }),
      expected({ severity: 'low', riskAreas: 'content', notify: `${OSL}, it-support`, approver: OSL }),
    ],
    [
      'Camden 4.2: accidental access at home needs no filtering change',
      facts({ involved: ['pupil:victim'], types: ['inappropriate-website'], deliberate: false, outsideSchool: true }),
      expected({ severity: 'low', riskAreas: 'content', notify: OSL, approver: OSL }),
    ],
    [
      'Camden 4.2 with R15: a pupil reports seeing a violent video by accident',
      facts({ reportedBy: 'pupil', involved: ['pupil:victim'], types: ['violent-material'], deliberate: false }),
      expected({ severity: 'medium', riskAreas: 'content', notify: `dsl, ${OSL}, it-support`, approver: 'dsl' }),
    ],
    [
      'Camden 4.3 / 5.1.1: pupil deliberately uses social media in a lesson (category A)',
      facts({ involved: ['pupil:instigator'], types: ['inappropriate-website'], deliberate: true }),
      expected({ severity: 'low', riskAreas: 'content', notify: `${OSL}, it-support`, approver: OSL, sanction: 'pupil:A' }),
    ],
    [
      'Camden 5.1.2: pupil keeps using a phone in lessons after warnings (category B)',
      facts({ involved: ['pupil:instigator'], types: ['aup-breach'], deliberate: true, repeated: true }),
      expected({ severity: 'low', riskAreas: 'conduct', notify: OSL, approver: OSL, sanction: 'pupil:B' }),
    ],
    [
      'Camden 5.1.3: pupil deliberately looks up pornography on a school laptop (category C)',
      facts({ involved: ['pupil:instigator'], types: ['pornography'], deliberate: true }),
      expected({
        severity: 'medium',
        riskAreas: 'content',
        notify: `headteacher, ${OSL}, it-support`,
        approver: 'headteacher',
        sanction: 'pupil:C',
      }),
    ],
    [
      'Camden 5.1.3: pupil bypasses the filter with a proxy (category C)',
      facts({ involved: ['pupil:instigator'], types: ['bypassing-security'], deliberate: true }),
      expected({
        severity: 'medium',
        riskAreas: 'conduct',
        notify: `headteacher, ${OSL}, it-support`,
        approver: 'headteacher',
        sanction: 'pupil:C',
      }),
    ],
    [
      "Camden 5.1.3: pupil orders items online with a parent's card (category C)",
      facts({ involved: ['pupil:instigator'], types: ['unauthorised-purchase'], deliberate: true }),
      expected({ severity: 'medium', riskAreas: 'commerce', notify: `headteacher, ${OSL}`, approver: 'headteacher', sanction: 'pupil:C' }),
    ],
    [
      'Camden 5.1.4: pupil shares racist memes in a class chat (category D)',
      facts({ involved: ['pupil:instigator', 'pupil:victim'], types: ['hate-material'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: 'content',
        notify: `headteacher, ${OSL}, it-support`,
        approver: 'headteacher',
        referrals: 'police:consider',
        sanction: 'pupil:D',
      }),
    ],
    [
      'Camden 5.1.4: pupil brings the school into disrepute from home (category D)',
      facts({ involved: ['pupil:instigator'], types: ['disrepute'], deliberate: true, outsideSchool: true }),
      expected({
        severity: 'high',
        riskAreas: 'conduct',
        notify: `headteacher, ${OSL}`,
        approver: 'headteacher',
        referrals: 'police:consider',
        sanction: 'pupil:D',
      }),
    ],
    [
      'Camden 5.1.4: pupil shares pirated films (copyright, category D)',
      facts({ involved: ['pupil:instigator'], types: ['copyright-breach'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: 'conduct',
        notify: `headteacher, ${OSL}`,
        approver: 'headteacher',
        referrals: 'police:consider',
        sanction: 'pupil:D',
      }),
    ],
    [
      'Camden 5.1.4: bypassing continued after warnings becomes category D',
      facts({ involved: ['pupil:instigator'], types: ['bypassing-security'], deliberate: true, repeated: true }),
      expected({
        severity: 'high',
        riskAreas: 'conduct',
        notify: `headteacher, ${OSL}, it-support`,
        approver: 'headteacher',
        referrals: 'police:consider',
        sanction: 'pupil:D',
      }),
    ],
    [
      "Camden 5.1.4: pupil deliberately shares classmates' personal data (category D, DPO)",
      facts({ involved: ['pupil:instigator'], types: ['data-breach'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: '',
        notify: `headteacher, ${OSL}, dpo, it-support`,
        approver: 'headteacher',
        referrals: 'police:consider, ico:consider',
        sanction: 'pupil:D',
        extraDeadlines: 'ico-decision:PT72H',
      }),
    ],
    [
      'Camden 4.4 / 5.2.2: teacher deliberately views pornography on a school laptop',
      facts({ involved: ['staff:instigator'], types: ['pornography'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: 'content',
        notify: `headteacher, dsl, ${OSL}, it-support`,
        approver: 'headteacher',
        referrals: 'lado:now, police:consider',
        sanction: 'staff:B',
        extraDeadlines: 'lado-consult:P1D',
      }),
    ],
    [
      "Camden 4.4: illegal material suspected on a teacher's device: police now",
      facts({ involved: ['staff:instigator'], types: ['violent-material'], deliberate: true, illegalSuspected: true }),
      expected({
        severity: 'high',
        riskAreas: 'content',
        notify: `headteacher, dsl, ${OSL}, it-support`,
        approver: 'headteacher',
        referrals: 'police:now, lado:now',
        sanction: 'staff:B',
        extraDeadlines: 'lado-consult:P1D',
      }),
    ],
    [
      'Camden 5.2.1: teacher shares a password with a colleague (staff category A, no LADO)',
      facts({ involved: ['staff:instigator'], types: ['account-misuse'], deliberate: true }),
      expected({ severity: 'low', riskAreas: 'conduct', notify: `headteacher, ${OSL}`, approver: 'headteacher', sanction: 'staff:A' }),
    ],
    [
      'Camden 5.2.1: teacher installs unlicensed software (staff category A)',
      facts({ involved: ['staff:instigator'], types: ['copyright-breach'], deliberate: true }),
      expected({ severity: 'low', riskAreas: 'conduct', notify: `headteacher, ${OSL}`, approver: 'headteacher', sanction: 'staff:A' }),
    ],
    [
      'Camden 5.2.2: member of staff hacks the MIS (staff category B, DPO told)',
      facts({ involved: ['staff:instigator'], types: ['hacking-or-malware'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: 'conduct',
        notify: `headteacher, dsl, ${OSL}, dpo, it-support`,
        approver: 'headteacher',
        referrals: 'lado:now, police:consider',
        sanction: 'staff:B',
        extraDeadlines: 'lado-consult:P1D',
      }),
    ],
    [
      'Camden 5.2.2: deliberate data-protection breach by staff is gross misconduct',
      facts({ involved: ['staff:instigator'], types: ['data-breach'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: '',
        notify: `headteacher, dsl, ${OSL}, dpo, it-support`,
        approver: 'headteacher',
        referrals: 'lado:now, police:consider, ico:consider',
        sanction: 'staff:B',
        extraDeadlines: 'lado-consult:P1D, ico-decision:PT72H',
      }),
    ],
    [
      'Camden 4.4 / R13: member of staff bypasses filtering: device out of use, LADO',
      facts({ involved: ['staff:instigator'], types: ['bypassing-security'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: 'conduct',
        notify: `headteacher, dsl, ${OSL}, it-support`,
        approver: 'headteacher',
        referrals: 'lado:now, police:consider',
        sanction: 'staff:B',
        extraDeadlines: 'lado-consult:P1D',
      }),
    ],
    [
      'Camden 4.4: misconduct by the headteacher goes to the chair of governors',
      facts({ involved: ['headteacher:instigator'], types: ['violent-material'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: 'content',
        notify: `chair-of-governors, dsl, trust-ceo, ${OSL}, it-support`,
        approver: 'chair-of-governors',
        exclude: 'headteacher',
        referrals: 'lado:now, police:consider',
        sanction: 'staff:B',
        extraDeadlines: 'lado-consult:P1D',
      }),
    ],
    [
      'Camden 4.4: misconduct by a governor goes to the chair of governors',
      facts({ involved: ['governor:instigator'], types: ['hate-material'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: 'content',
        notify: `chair-of-governors, dsl, headteacher, ${OSL}, it-support`,
        approver: 'chair-of-governors',
        referrals: 'lado:now, police:consider',
        sanction: 'staff:B',
        extraDeadlines: 'lado-consult:P1D',
      }),
    ],
    [
      'Camden 4.5.2: online bullying between pupils (category C)',
      facts({ involved: ['pupil:victim', 'pupil:instigator'], types: ['cyberbullying'], deliberate: true }),
      expected({
        severity: 'medium',
        riskAreas: 'conduct',
        notify: `headteacher, dsl, ${OSL}`,
        approver: 'headteacher',
        referrals: 'platform-report:consider',
        sanction: 'pupil:C',
      }),
    ],
    [
      'Camden 4.5.2: bullying continued over time: police to consider (category D)',
      facts({ involved: ['pupil:victim', 'pupil:instigator'], types: ['cyberbullying'], deliberate: true, repeated: true }),
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
      "Camden 4.5.2: threats against someone's life are extreme bullying (category D)",
      facts({
        involved: ['pupil:victim', 'pupil:instigator'],
        types: ['cyberbullying', 'chain-or-threatening-messages'],
        deliberate: true,
      }),
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
      'Camden 4.5.2: anonymous bullying of a pupil: online-safety lead, DSL informed',
      facts({ involved: ['pupil:victim'], types: ['cyberbullying'] }),
      expected({ severity: 'medium', riskAreas: 'conduct', notify: `${OSL}, dsl`, approver: OSL, referrals: 'platform-report:consider' }),
    ],
    [
      'Camden 4.5.4: pupils bully a teacher online (staff victim, HR to consider)',
      facts({ involved: ['staff:victim', 'pupil:instigator'], types: ['cyberbullying'], deliberate: true, outsideSchool: true }),
      expected({
        severity: 'medium',
        riskAreas: 'conduct',
        notify: `headteacher, dsl, ${OSL}`,
        approver: 'headteacher',
        referrals: 'hr:consider, platform-report:consider',
        sanction: 'pupil:C',
      }),
    ],
    [
      'Camden 4.5.4: a parent harasses a teacher online: the headteacher deals with the parent',
      facts({ involved: ['staff:victim', 'parent:instigator'], types: ['cyberbullying'] }),
      expected({
        severity: 'medium',
        riskAreas: 'conduct',
        notify: `headteacher, dsl, ${OSL}`,
        approver: 'headteacher',
        referrals: 'hr:consider, platform-report:consider',
      }),
    ],
    [
      'Camden 4.6: unwanted sexualised messages between pupils',
      facts({ involved: ['pupil:victim', 'pupil:instigator'], types: ['sexual-harassment'], deliberate: true }),
      expected({
        severity: 'high',
        riskAreas: 'conduct',
        notify: `dsl, headteacher, ${OSL}`,
        approver: 'dsl',
        referrals: 'childrens-social-care:consider, platform-report:consider',
        sanction: 'pupil:C',
      }),
    ],
    [
      'Camden 4.6 / UKCIS: nudes shared between pupils: the DSL decides, no sanction',
      facts({ involved: ['pupil:instigator', 'pupil:victim'], types: ['nude-image-sharing'], deliberate: true }),
      expected({
        severity: 'critical',
        riskAreas: 'conduct',
        notify: 'dsl',
        approver: 'dsl',
        referrals: 'police:consider, childrens-social-care:consider',
      }),
    ],
    [
      'Camden 4.6: an unknown adult coerces a pupil into sending an image: police now',
      facts({ involved: ['pupil:victim', 'unknown-adult:instigator'], types: ['nude-image-sharing'], outsideSchool: true }),
      expected({
        severity: 'critical',
        riskAreas: 'conduct',
        notify: `dsl, headteacher, ${OSL}`,
        approver: 'dsl',
        referrals: 'police:now, ceop:consider, childrens-social-care:consider',
      }),
    ],
    [
      'Camden 4.7: teacher suspects a pupil is being groomed through a game chat',
      facts({ involved: ['pupil:victim', 'unknown-adult:instigator'], types: ['grooming'], outsideSchool: true }),
      expected({
        severity: 'high',
        riskAreas: 'contact',
        notify: `dsl, ${OSL}`,
        approver: 'dsl',
        referrals: 'police:consider, ceop:consider, childrens-social-care:consider',
      }),
    ],
    [
      'Camden 4.7: pupil arranging to meet an adult after school',
      facts({ involved: ['pupil:victim', 'unknown-adult:instigator'], types: ['grooming'], immediateRisk: true, outsideSchool: true }),
      expected({
        severity: 'critical',
        riskAreas: 'contact',
        notify: `dsl, deputy-dsl, headteacher, ${OSL}`,
        approver: 'dsl',
        referrals: 'police:now, ceop:consider, childrens-social-care:consider',
      }),
    ],
    [
      'Camden 4.7: contact on the school network: IT support preserves the evidence',
      facts({ involved: ['pupil:victim', 'unknown-adult:instigator'], types: ['grooming'] }),
      expected({
        severity: 'high',
        riskAreas: 'contact',
        notify: `dsl, ${OSL}, it-support`,
        approver: 'dsl',
        referrals: 'police:consider, ceop:consider, childrens-social-care:consider',
      }),
    ],
    [
      'Camden 4.7 with R15: pupil says someone online asked for photos and secrecy',
      facts({ reportedBy: 'pupil', involved: ['pupil:victim', 'unknown-adult:instigator'], types: ['grooming'], outsideSchool: true }),
      expected({
        severity: 'high',
        riskAreas: 'contact',
        notify: `dsl, ${OSL}`,
        approver: 'dsl',
        referrals: 'police:consider, ceop:consider, childrens-social-care:consider',
      }),
    ],
    [
      'Camden 4.8: pupil in contact with violent extremists online',
      facts({ involved: ['pupil:victim'], types: ['radicalisation'], outsideSchool: true }),
      expected({
        severity: 'high',
        riskAreas: 'contact',
        notify: `dsl, ${OSL}`,
        approver: 'dsl',
        referrals: 'childrens-social-care:consider, prevent:consider',
      }),
    ],
    [
      'Camden 4.8: radicalisation with a child in immediate danger: police now',
      facts({ involved: ['pupil:victim'], types: ['radicalisation'], immediateRisk: true, outsideSchool: true }),
      expected({
        severity: 'critical',
        riskAreas: 'contact',
        notify: `dsl, deputy-dsl, headteacher, ${OSL}`,
        approver: 'dsl',
        referrals: 'police:now, childrens-social-care:consider, prevent:consider',
      }),
    ],
    [
      'Camden 4.9: pupil searching self-harm sites: DSL, high',
      facts({ involved: ['pupil:victim'], types: ['self-harm-content'] }),
      expected({ severity: 'high', riskAreas: 'content', notify: 'dsl', approver: 'dsl' }),
    ],
    [
      'Camden 4.9: self-harm content with a child at immediate risk: critical, police now',
      facts({ involved: ['pupil:victim'], types: ['self-harm-content'], immediateRisk: true }),
      expected({
        severity: 'critical',
        riskAreas: 'content',
        notify: 'dsl, deputy-dsl, headteacher',
        approver: 'dsl',
        referrals: 'police:now',
      }),
    ],
    [
      'Camden 2.3.4: filtering let an unsuitable site through',
      facts({ types: ['filtering-failure'] }),
      expected({ severity: 'medium', riskAreas: 'content', notify: `${OSL}, it-support`, approver: OSL }),
    ],
  ] as const)('%s', (_name, input, want) => {
    expect(summarise(planEscalation(input))).toEqual(want);
  });
});
