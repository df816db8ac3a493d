// issue 16, the engine fixes: Camden 4.3 (the parents of a pupil who deliberately accessed an
// inappropriate or banned site are told of the incident and the action), Camden 4.7 (a meeting
// arranged with an adult met online is critical, police now) and a rationale that says the plan's
// own severity (R9 used to say "low" in a medium plan).
import { describe, expect, it } from 'vitest';
import { isWellFormedFacts, parseIncidentFacts, planEscalation } from '../../src/domain/index.js';
import { expected } from './support/expect-plan.js';
import { facts, summarise } from './support/facts.js';

const OSL = 'online-safety-lead';
const PARENTS_43 = "Tell the pupil's parents about the incident and what action the school will take (Camden 4.3).";
const PARENTS_51 = "Contact the pupil's parents about the breach and the sanction.";

describe('Camden 4.3: intentional access of inappropriate websites by a pupil: the parents are told', () => {
  it.each([
    [
      'Camden 4.3 / 5.1.1: a pupil deliberately opens a banned social-media site in a lesson (category A)',
      facts({ involved: ['pupil:instigator'], types: ['inappropriate-website'], deliberate: true }),
      ['IT support blocks the site (Camden 4.3).', PARENTS_43],
      'R10 pupil category A (Camden 5.1): low; low-level breach; class teacher and online-safety lead; parents told of the incident and the action taken (Camden 4.3)',
    ],
    [
      'Camden 4.3 / 5.1.2: a pupil keeps going back to a banned site after warnings (category B)',
      facts({ involved: ['pupil:instigator'], types: ['inappropriate-website'], deliberate: true, repeated: true }),
      ['IT support blocks the site (Camden 4.3).', PARENTS_43],
      'R10 pupil category B (Camden 5.1): low; persistent breach after warnings; online-safety lead; parents told of the incident and the action taken (Camden 4.3)',
    ],
    [
      'Camden 4.3 / 5.1.3: a pupil deliberately looks up pornography on a school laptop (category C)',
      facts({ involved: ['pupil:instigator'], types: ['pornography'], deliberate: true }),
      ['IT support blocks the site (Camden 4.3).', PARENTS_43],
      'R10 pupil category C (Camden 5.1): medium; deliberate serious breach; headteacher decides the sanction; parents told of the incident and the action taken (Camden 4.3)',
    ],
    [
      'Camden 4.3 / 5.1.4: a pupil deliberately views violent material at home (category D): nothing to block, the parents are still told',
      facts({ involved: ['pupil:instigator'], types: ['violent-material'], deliberate: true, outsideSchool: true }),
      [PARENTS_43],
      'R10 pupil category D (Camden 5.1): high; continued or extreme breach; headteacher; police may be involved; parents told of the incident and the action taken (Camden 4.3)',
    ],
  ] as const)('%s', (_name, input, lines, rationale) => {
    const plan = planEscalation(input);
    expect(plan.guidance.filter((g) => g.includes('(Camden 4.3)'))).toEqual(lines);
    // one line to the parents, not two
    expect(plan.guidance).not.toContain(PARENTS_51);
    expect(plan.rationale).toContain(rationale);
  });

  it('Camden 4.3 leaves the route as it was: category A stays low, with the online-safety lead and IT support', () => {
    const plan = planEscalation(facts({ involved: ['pupil:instigator'], types: ['inappropriate-website'], deliberate: true }));
    expect(summarise(plan)).toEqual(
      expected({ severity: 'low', riskAreas: 'content', notify: `${OSL}, it-support`, approver: OSL, sanction: 'pupil:A' }),
    );
  });

  it.each([
    [
      'Camden 4.2: an accident is "no blame": the parents line is not given',
      facts({ involved: ['pupil:victim'], types: ['inappropriate-website'], deliberate: false }),
    ],
    [
      'Camden 5.1.1: a phone in a lesson is not a website: category A, no parents line',
      facts({ involved: ['pupil:instigator'], types: ['aup-breach'], deliberate: true }),
    ],
    [
      'Camden 4.3 is about pupils: a member of staff on a banned site goes to the headteacher (5.2.1)',
      facts({ involved: ['staff:instigator'], types: ['inappropriate-website'], deliberate: true }),
    ],
  ] as const)('%s', (_name, input) => {
    expect(planEscalation(input).guidance).not.toContain(PARENTS_43);
  });

  it('Camden 5.1.2-5.1.4: a breach that is not a site still tells the parents about the sanction, as before', () => {
    const plan = planEscalation(facts({ involved: ['pupil:instigator'], types: ['cyberbullying'], deliberate: true }));
    expect(plan.guidance).toContain(PARENTS_51);
    expect(plan.guidance).not.toContain(PARENTS_43);
  });
});

describe('Camden 4.7: a meeting arranged with an adult met online', () => {
  const grooming = { involved: ['pupil:victim', 'unknown-adult:instigator'], types: ['grooming'], outsideSchool: true } as const;

  it.each([
    [
      'Camden 4.7: a meeting is arranged: critical; police now; DSL, deputies and headteacher alerted at once',
      facts({ ...grooming, involved: [...grooming.involved], types: [...grooming.types], meetingArranged: true }),
      expected({
        severity: 'critical',
        riskAreas: 'contact',
        notify: `dsl, deputy-dsl, headteacher, ${OSL}`,
        approver: 'dsl',
        referrals: 'police:now, ceop:consider, childrens-social-care:consider',
      }),
    ],
    [
      'Camden 4.7: no meeting arranged: high, as before',
      facts({ ...grooming, involved: [...grooming.involved], types: [...grooming.types], meetingArranged: false }),
      expected({
        severity: 'high',
        riskAreas: 'contact',
        notify: `dsl, ${OSL}`,
        approver: 'dsl',
        referrals: 'police:consider, ceop:consider, childrens-social-care:consider',
      }),
    ],
    [
      'Camden 4.7: not known whether a meeting is arranged: high, as before',
      facts({ ...grooming, involved: [...grooming.involved], types: [...grooming.types] }),
      expected({
        severity: 'high',
        riskAreas: 'contact',
        notify: `dsl, ${OSL}`,
        approver: 'dsl',
        referrals: 'police:consider, ceop:consider, childrens-social-care:consider',
      }),
    ],
    [
      'Camden 4.7: a meeting arranged on school systems: IT support preserves the evidence too',
      facts({ involved: ['pupil:victim'], types: ['grooming'], meetingArranged: true, outsideSchool: false }),
      expected({
        severity: 'critical',
        riskAreas: 'contact',
        notify: `dsl, deputy-dsl, headteacher, ${OSL}, it-support`,
        approver: 'dsl',
        referrals: 'police:now, ceop:consider, childrens-social-care:consider',
      }),
    ],
  ] as const)('%s', (_name, input, want) => {
    expect(summarise(planEscalation(input))).toEqual(want);
  });

  it('Camden 4.7: the reporter tells the DSL in person; the DSL contacts the police; the rationale says critical and why', () => {
    const plan = planEscalation(
      facts({ ...grooming, involved: [...grooming.involved], types: [...grooming.types], meetingArranged: true }),
    );
    expect(plan.guidance.slice(0, 2)).toEqual([
      'A meeting with the adult has been arranged: tell the DSL in person now.',
      'The DSL contacts the police now about the arranged meeting (Camden 4.7: the police are always contacted when a child arranges to meet an adult).',
    ]);
    expect(plan.rationale).toEqual([
      "R5 grooming / unknown adult contact (Camden 4.7): critical: a meeting with the adult is arranged; police now; DSL, deputies and headteacher alerted at once; CEOP and children's social care to consider; parents informed by the DSL; evidence preserved",
      'R16 every incident is logged and reaches the DSL or the online-safety lead (all seeds; first school app. 11)',
    ]);
    expect(plan.escalateIfUnacknowledged).toEqual(['deputy-dsl', 'headteacher']);
  });
});

describe('the rationale says the severity of the plan (issue 16: "R9 ... low" in a medium plan)', () => {
  it.each([
    [
      'Camden 2.3.4 with 4.2: filtering let a site through and the pupil saw it by accident: medium, set by R13',
      facts({ involved: ['pupil:victim'], types: ['filtering-failure'], deliberate: false }),
      'medium',
      [
        'R9 accidental access (Camden 4.2): medium (set by R13); no blame and no sanction; online-safety lead and IT support block the URL and review filtering',
        'R13 security (Camden 2.3.4, first school 3.1/6): medium; IT support and online-safety lead',
        'R16 every incident is logged and reaches the DSL or the online-safety lead (all seeds; first school app. 11)',
      ],
    ],
    [
      'Camden 4.9 with 4.2: a pupil came across self-harm content by accident: high, set by R7',
      facts({ involved: ['pupil:victim'], types: ['self-harm-content'], deliberate: false }),
      'high',
      [
        'R7 self-harm content (Camden 4.9): high; DSL; pastoral support; critical if the child is at immediate risk',
        'R9 accidental access (Camden 4.2): high (set by R7); no blame and no sanction; online-safety lead and IT support block the URL and review filtering',
        'R16 every incident is logged and reaches the DSL or the online-safety lead (all seeds; first school app. 11)',
      ],
    ],
    [
      'first school 3.1 with Camden 4.2: an accidental click that also exposed personal data: medium, set by R12',
      facts({ involved: ['pupil:victim'], types: ['inappropriate-website', 'data-breach'], deliberate: false, outsideSchool: true }),
      'medium',
      [
        'R9 accidental access (Camden 4.2): medium (set by R12); no blame and no sanction; online-safety lead',
        'R12 data breach (first school 3.1, Bentley app. 2): medium; DPO and IT support; headteacher informed (Camden 3.2); the DPO decides within 72 hours whether to report to the ICO',
        'R16 every incident is logged and reaches the DSL or the online-safety lead (all seeds; first school app. 11)',
      ],
    ],
    [
      'Camden 4.2: accidental access on its own stays low, in the words it always had',
      facts({ involved: ['pupil:victim'], types: ['inappropriate-website'], deliberate: false }),
      'low',
      [
        'R9 accidental access (Camden 4.2): low; no blame and no sanction; online-safety lead and IT support block the URL and review filtering',
        'R16 every incident is logged and reaches the DSL or the online-safety lead (all seeds; first school app. 11)',
      ],
    ],
  ] as const)('%s', (_name, input, severity, rationale) => {
    const plan = planEscalation(input);
    expect(plan.severity).toBe(severity);
    expect(plan.rationale).toEqual(rationale);
  });
});

describe('the meetingArranged fact', () => {
  it('is read from untrusted facts as true, false or left out, with a plain message otherwise', () => {
    const base = { reportedBy: 'staff', involved: [{ party: 'pupil', part: 'victim' }], types: ['grooming'] };
    expect(parseIncidentFacts({ ...base, meetingArranged: true })).toEqual({ ok: true, value: { ...base, meetingArranged: true } });
    expect(isWellFormedFacts({ ...base, meetingArranged: false })).toBe(true);
    expect(parseIncidentFacts({ ...base, meetingArranged: 'yes' })).toEqual({
      ok: false,
      error: [{ path: 'meetingArranged', message: 'must be true, false or left out' }],
    });
  });
});
