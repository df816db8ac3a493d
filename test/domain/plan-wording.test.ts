import { describe, expect, it } from 'vitest';
import { RULE_CATALOGUE, planEscalation, profileRoles, type SchoolProfileRoles } from '../../src/domain/index.js';
import { facts } from './support/facts.js';

describe('planEscalation: guidance and rationale', () => {
  it('Camden 4.7: a child meeting an adult today: the rationale cites each rule and section in order', () => {
    const plan = planEscalation(
      facts({ involved: ['pupil:victim', 'unknown-adult:instigator'], types: ['grooming'], immediateRisk: true, outsideSchool: true }),
    );
    expect(plan.rationale).toEqual([
      'R4 immediate danger (Camden 4.7): critical; police now (999); DSL, deputies and headteacher alerted at once',
      "R5 grooming / unknown adult contact (Camden 4.7): high; DSL and online-safety lead; CEOP, children's social care and police to consider; parents informed by the DSL; evidence preserved",
      'R16 every incident is logged and reaches the DSL or the online-safety lead (all seeds; first school app. 11)',
    ]);
    expect(plan.guidance[0]).toBe('A child is in danger now: call 999, then tell the DSL. Stay with the child if you can.');
    expect(plan.escalateIfUnacknowledged).toEqual(['deputy-dsl', 'headteacher']);
  });

  it('first school app. 7: the reporter is told never to view or forward the image, and to secure the device', () => {
    const plan = planEscalation(facts({ involved: ['pupil:instigator'], types: ['child-abuse-images'] }));
    expect(plan.guidance.slice(0, 3)).toEqual([
      'Do not view, copy, print, screenshot or forward the image, and do not ask to see it.',
      'Secure the device without looking through it (switch it off or put it away) and give it to the DSL.',
      'If you have already been shown the image, tell the DSL or headteacher now so the circumstances are recorded.',
    ]);
  });

  it('Camden 4.2: accidental access is "no blame" and the rationale says there is no sanction', () => {
    const plan = planEscalation(facts({ involved: ['pupil:victim'], types: ['pornography'], deliberate: false }));
    expect(plan.guidance).toContain('Calmly close or minimise the screen and reassure the child that they have done nothing wrong.');
    expect(plan.rationale[0]).toBe(
      'R9 accidental access (Camden 4.2): low; no blame and no sanction; online-safety lead and IT support block the URL and review filtering',
    );
    expect(plan.sanction).toBeUndefined();
  });

  it('R1: the reporter is told not to discuss it with the implicated headteacher, and who deals with it', () => {
    const plan = planEscalation(facts({ involved: ['headteacher:instigator'], types: ['pornography'], deliberate: true }));
    expect(plan.guidance).toContain('Do not discuss this with the headteacher; the chair of governors deals with it.');
    expect(plan.rationale).toContain(
      'R1 conflict of interest (all seeds; Camden 4.1/4.4, Bentley 6, trust policy): the headteacher is implicated and excluded from every card; ' +
        'the headteacher cannot approve; the chair of governors approves; the trust CEO informed',
    );
  });

  it('R15: a pupil reporter is reassured in words a child can read', () => {
    const plan = planEscalation(facts({ reportedBy: 'pupil', involved: ['pupil:victim'], types: ['cyberbullying'] }));
    expect(plan.guidance[0]).toBe(
      'Thank you for telling us. You did the right thing. A grown-up who keeps children safe will talk to you soon.',
    );
  });

  it('Camden 2.3.3: with no online-safety lead the DSL takes its share, and the rationale says so', () => {
    const roles: SchoolProfileRoles = { ...allRoles(), 'online-safety-lead': false, 'deputy-dsl': false };
    const plan = planEscalation(facts({ types: ['filtering-failure'] }), roles);
    expect(plan.notify).toEqual(['dsl', 'it-support']);
    expect(plan.approver).toBe('dsl');
    expect(plan.rationale.at(-1)).toBe('Profile: no online-safety lead, so the DSL receives their share');
  });

  it('Camden 4.7 with no deputies: the DSL and headteacher are alerted, nobody extra', () => {
    const roles: SchoolProfileRoles = { ...allRoles(), 'deputy-dsl': false };
    const plan = planEscalation(
      facts({ involved: ['pupil:victim'], types: ['grooming'], immediateRisk: true, outsideSchool: true }),
      roles,
    );
    expect(plan.notify).toEqual(['dsl', 'headteacher', 'online-safety-lead']);
    expect(plan.escalateIfUnacknowledged).toEqual(['headteacher']);
    expect(plan.rationale).toContain('Profile: no deputy DSL, so nobody extra is alerted');
  });

  it('the rule catalogue lists R1 to R17 once each, with the sections they cite', () => {
    expect(RULE_CATALOGUE.map((r) => r.id)).toEqual(Array.from({ length: 17 }, (_, i) => `R${i + 1}`));
    for (const rule of RULE_CATALOGUE) expect(rule.cites.length).toBeGreaterThan(3);
  });

  it('profileRoles reads which roles a profile fills', () => {
    const roles = profileRoles({
      roles: {
        dsl: [person],
        'deputy-dsl': [],
        headteacher: [person],
        'chair-of-governors': [],
        'online-safety-lead': [],
        dpo: [],
        'it-support': [],
        'business-manager': [],
        'trust-ceo': [],
      },
    } as never);
    expect(roles).toEqual({ ...allRoles(false), dsl: true, headteacher: true });
  });
});

const person = { aadObjectId: '00000000-0000-4000-8000-000000000001', displayName: 'A' };
function allRoles(value = true): SchoolProfileRoles {
  return {
    dsl: value,
    'deputy-dsl': value,
    headteacher: value,
    'chair-of-governors': value,
    'online-safety-lead': value,
    dpo: value,
    'it-support': value,
    'business-manager': value,
    'trust-ceo': value,
  };
}
