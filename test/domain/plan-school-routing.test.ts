// issue 16: who else a school tells (profile `routing`) and the roles only some schools name (deputy
// headteacher, online-safety governor, SIRO), run through the seed schools' profiles with concrete plans.
import { describe, expect, it } from 'vitest';
import {
  may,
  planEscalation,
  profileRoles,
  resolveRecipients,
  schoolProfileSchema,
  type IncidentFacts,
  type Person,
  type RoutingSettings,
  type SchoolProfile,
} from '../../src/domain/index.js';
import { NAMED_ROLE_DUTIES } from '../../src/domain/escalation/rules-school-routing.js';
import { facts } from './support/facts.js';
import { loadSeedProfile, type SeedSchool } from './support/seed-profiles.js';

const routing = (r: Partial<RoutingSettings>): RoutingSettings => ({ alwaysInform: [], byType: {}, bySeverity: {}, ...r });

/** the seed fixture with more people in roles and routing settings, parsed again by the real schema */
function school(seed: SeedSchool, extra: { roles?: Partial<SchoolProfile['roles']>; routing?: RoutingSettings } = {}): SchoolProfile {
  const base = loadSeedProfile(seed);
  return schoolProfileSchema.parse({ ...base, roles: { ...base.roles, ...extra.roles }, routing: extra.routing ?? base.routing });
}

function route(profile: SchoolProfile, f: IncidentFacts) {
  const plan = planEscalation(f, profileRoles(profile));
  const resolved = resolveRecipients(plan, profile);
  if (!resolved.ok) throw new Error(resolved.error.problems.join('; '));
  return {
    notify: plan.notify.join(', '),
    exclude: plan.exclude.join(', '),
    approver: plan.approver,
    told: resolved.value.recipients.map((r) => `${r.person.displayName} as ${r.role}`),
    rationale: plan.rationale,
  };
}

// seed 000, "Safe Use: Incidents": "Any online safety incident is to be brought to the immediate
// attention of the head teacher and online safety officer." Here the head is also the DSL.
const HEAD_AND_DSL = '5eed0000-0000-4000-8000-000000000001';
const BAWTRY_LEAD = '5eed0000-0000-4000-8000-000000000002';
const bawtry = () => school('primary-online-safety-lead', { routing: routing({ alwaysInform: ['headteacher', 'online-safety-lead'] }) });

describe('Bawtry (seed 000) "Safe Use: Incidents": every incident reaches the head teacher and the online safety officer', () => {
  it.each([
    [
      'a pupil came across a website by accident: low, yet the head teacher is told too',
      facts({ involved: ['pupil:victim'], types: ['inappropriate-website'], deliberate: false }),
      {
        notify: 'online-safety-lead, headteacher, it-support',
        approver: 'online-safety-lead',
        told: ['Online Safety Lead as online-safety-lead', 'Head and DSL as headteacher', 'Managed IT Service as it-support'],
        profileLine: 'Profile: the headteacher is told of every incident (routing)',
      },
    ],
    [
      'a phishing email: the head teacher is told; no DPO named, so the head takes the DPO share as before',
      facts({ types: ['scam-or-phishing'] }),
      {
        notify: 'online-safety-lead, headteacher, it-support',
        approver: 'online-safety-lead',
        told: ['Online Safety Lead as online-safety-lead', 'Head and DSL as headteacher', 'Managed IT Service as it-support'],
        profileLine: 'Profile: the headteacher is told of every incident (routing)',
      },
    ],
  ])('%s', (_name, f, want) => {
    const got = route(bawtry(), f);
    expect({ notify: got.notify, approver: got.approver, told: got.told }).toEqual({
      notify: want.notify,
      approver: want.approver,
      told: want.told,
    });
    expect(got.rationale).toContain(want.profileLine);
  });

  it("without the setting the same accidental access reaches the lead and IT support only (today's plan)", () => {
    const got = route(
      loadSeedProfile('primary-online-safety-lead'),
      facts({ involved: ['pupil:victim'], types: ['inappropriate-website'], deliberate: false }),
    );
    expect(got.notify).toBe('online-safety-lead, it-support');
    expect(got.rationale.some((l) => l.startsWith('Profile: the'))).toBe(false);
  });

  it('R1 after the setting: the head (also the DSL) named as the adult is never told, although "always" told', () => {
    const f = facts({
      involved: ['staff:instigator'],
      types: ['pornography'],
      deliberate: true,
      implicatedPeople: [{ aadObjectId: HEAD_AND_DSL, roles: ['dsl', 'headteacher'] }],
    });
    expect(route(bawtry(), f)).toMatchObject({
      notify: 'chair-of-governors, online-safety-lead, it-support',
      exclude: 'dsl, headteacher',
      approver: 'chair-of-governors',
      told: ['Chair as chair-of-governors', 'Online Safety Lead as online-safety-lead', 'Managed IT Service as it-support'],
    });
  });

  it('R1 after the setting: the online safety officer named as the adult is never told; the DSL takes the share', () => {
    const f = facts({
      involved: ['staff:instigator'],
      types: ['pornography'],
      deliberate: true,
      implicatedPeople: [{ aadObjectId: BAWTRY_LEAD, roles: ['online-safety-lead'] }],
    });
    expect(route(bawtry(), f)).toMatchObject({
      notify: 'headteacher, dsl, it-support',
      exclude: 'online-safety-lead',
      approver: 'headteacher',
      told: ['Head and DSL as headteacher', 'Managed IT Service as it-support'],
    });
  });

  it('the adult to be named in person: only the headteacher hears of it, whatever the setting adds', () => {
    const f = facts({ involved: ['staff:instigator'], types: ['pornography'], deliberate: true, adultNamedInPerson: true });
    // the head is also the DSL, and the DSLs are kept out of it: the chair stands in for the head
    expect(route(bawtry(), f)).toMatchObject({ notify: 'headteacher', exclude: 'dsl, deputy-dsl', told: ['Chair as chair-of-governors'] });
  });
});

describe('routing by incident type and by severity', () => {
  const profile = () =>
    school('first-school-dsp', {
      routing: routing({ byType: { cyberbullying: ['headteacher'] }, bySeverity: { high: ['deputy-dsl'], low: ['business-manager'] } }),
    });

  it.each([
    [
      'cyberbullying (medium): the headteacher by type',
      facts({ involved: ['pupil:victim'], types: ['cyberbullying'] }),
      'online-safety-lead, dsl, headteacher',
      'Profile: the headteacher is told of every cyberbullying incident (routing)',
    ],
    [
      'repeated cyberbullying (high): the headteacher by type and the deputy DSPs by severity',
      facts({ involved: ['pupil:victim', 'pupil:instigator'], types: ['cyberbullying'], deliberate: true, repeated: true }),
      'dsl, deputy-dsl, headteacher, online-safety-lead',
      'Profile: the deputy DSL is told of every high incident (routing)',
    ],
    [
      'an accidental access (low): the business manager by severity',
      facts({ involved: ['pupil:victim'], types: ['inappropriate-website'], deliberate: false }),
      'online-safety-lead, it-support, business-manager',
      'Profile: the business manager is told of every low incident (routing)',
    ],
  ])('%s', (_name, f, notify, line) => {
    const got = route(profile(), f);
    expect(got.notify).toBe(notify);
    expect(got.rationale).toContain(line);
  });
});

// seed 003, 18.1 Passwords: "If you are aware of a breach of security with your password or account
// inform the Deputy Headteacher or School Business Manager immediately."
const DEPUTY_HEAD: Person = { aadObjectId: '5eed0003-0000-4000-8000-000000000011', displayName: 'Deputy Head' };
const firstSchool = () => school('first-school-dsp', { roles: { 'deputy-headteacher': [DEPUTY_HEAD] } });
const R13_LINE =
  'R13 password or account breach: the deputy headteacher is told at once (first school 18.1: "inform the Deputy Headteacher or School Business Manager immediately")';

describe('first school (seed 003) 18.1: an account breach goes to the deputy headteacher', () => {
  it.each([
    [
      "someone used a colleague's account: the deputy head is told beside the eSafety co-ordinator",
      facts({ types: ['account-misuse'] }),
      {
        notify: 'online-safety-lead, deputy-headteacher',
        approver: 'online-safety-lead',
        told: ['Computing Lead as online-safety-lead', 'Deputy Head as deputy-headteacher'],
      },
    ],
    [
      "a pupil deliberately used another's login (category C): headteacher decides, the deputy head is told",
      facts({ involved: ['pupil:instigator'], types: ['account-misuse'], deliberate: true }),
      {
        notify: 'headteacher, deputy-headteacher, online-safety-lead',
        approver: 'headteacher',
        told: ['Headteacher as headteacher', 'Deputy Head as deputy-headteacher', 'Computing Lead as online-safety-lead'],
      },
    ],
  ])('%s', (_name, f, want) => {
    const got = route(firstSchool(), f);
    expect({ notify: got.notify, approver: got.approver, told: got.told }).toEqual(want);
    expect(got.rationale).toContain(R13_LINE);
  });

  it('with no deputy head named, the plan is as before: no one extra', () => {
    const got = route(loadSeedProfile('first-school-dsp'), facts({ types: ['account-misuse'] }));
    expect(got).toMatchObject({ notify: 'online-safety-lead', told: ['Computing Lead as online-safety-lead'] });
    expect(got.rationale).not.toContain(R13_LINE);
  });

  it('the deputy head named as the adult who did it is excluded, never told (R1 after the duty)', () => {
    const f = facts({
      involved: ['staff:instigator'],
      types: ['account-misuse'],
      deliberate: true,
      implicatedPeople: [{ aadObjectId: DEPUTY_HEAD.aadObjectId, roles: ['deputy-headteacher'] }],
    });
    expect(route(firstSchool(), f)).toMatchObject({
      notify: 'headteacher, online-safety-lead',
      exclude: 'deputy-headteacher',
      approver: 'headteacher',
      told: ['Headteacher as headteacher', 'Computing Lead as online-safety-lead'],
    });
  });

  it('other incidents do not reach the deputy head', () => {
    expect(route(firstSchool(), facts({ types: ['data-breach'] })).notify).not.toContain('deputy-headteacher');
  });
});

// seed 004: 3.1 "The governor who oversees online safety is ..." and the board monitors the online
// safety logs the DSL provides; app. 2 "Exemption Process": exemptions only by the SIRO.
const SIRO: Person = { aadObjectId: '5eed0004-0000-4000-8000-000000000007', displayName: 'SIRO' };
const GOVERNOR: Person = { aadObjectId: '5eed0004-0000-4000-8000-000000000006', displayName: 'Online Safety Governor' };
const bentley = () => school('primary-dsl-online-safety', { roles: { siro: [SIRO], 'online-safety-governor': [GOVERNOR] } });
const R12_LINE =
  'R12 data breach: the SIRO, who owns the school\'s information risk, is told (Bentley app. 2 "Data Breaches", "Exemption Process")';

describe('Bentley (seed 004): the SIRO and the online-safety governor', () => {
  it('app. 2 "Data Breaches": a data breach reaches the SIRO beside the DPO, the DSL, the head and IT', () => {
    const got = route(bentley(), facts({ types: ['data-breach'] }));
    expect(got).toMatchObject({
      notify: 'dpo, dsl, headteacher, siro, it-support',
      approver: 'dpo',
      told: ['DPO as dpo', 'DSL as dsl', 'Headteacher as headteacher', 'SIRO as siro', 'ICT Support Officer as it-support'],
    });
    expect(got.rationale).toContain(R12_LINE);
  });

  it('no SIRO named: a data breach is routed as before', () => {
    const got = route(loadSeedProfile('primary-dsl-online-safety'), facts({ types: ['data-breach'] }));
    expect(got.notify).toBe('dpo, dsl, headteacher, it-support');
    expect(got.rationale).not.toContain(R12_LINE);
  });

  it('a lost device alone is not a data breach for the SIRO', () => {
    expect(route(bentley(), facts({ types: ['lost-device'] })).notify).toBe('dpo, dsl, headteacher, it-support');
  });

  it('the SIRO named as the adult responsible is excluded; the DPO still approves', () => {
    const f = facts({
      involved: ['staff:instigator'],
      types: ['data-breach'],
      deliberate: false,
      implicatedPeople: [{ aadObjectId: SIRO.aadObjectId, roles: ['siro'] }],
    });
    expect(route(bentley(), f)).toMatchObject({
      notify: 'dpo, dsl, headteacher, it-support',
      exclude: 'siro',
      approver: 'dpo',
      told: ['DPO as dpo', 'DSL as dsl', 'Headteacher as headteacher', 'ICT Support Officer as it-support'],
    });
  });

  it('3.1: the online-safety governor is given no cases (grooming, data breach), and reads the digest', () => {
    for (const f of [facts({ involved: ['pupil:victim'], types: ['grooming'] }), facts({ types: ['data-breach'] })]) {
      expect(route(bentley(), f).notify).not.toContain('online-safety-governor');
    }
    expect(may({ kind: 'staff', roles: ['online-safety-governor'], isGovernor: false }, 'read-digest')).toBe(true);
    expect(may({ kind: 'staff', roles: ['online-safety-governor'], isGovernor: false }, 'see-case-details')).toBe(false);
  });

  it('every duty names its seed section', () => {
    expect(NAMED_ROLE_DUTIES.map((d) => [d.role, d.rule, d.cites])).toEqual([
      ['deputy-headteacher', 'R13', 'first school 18.1'],
      ['siro', 'R12', 'Bentley app. 2 "Data Breaches", "Exemption Process"'],
    ]);
  });
});

describe('without a profile, the named roles do not exist', () => {
  it('an account breach and a data breach are planned as before', () => {
    expect(planEscalation(facts({ types: ['account-misuse'] })).notify).toEqual(['online-safety-lead']);
    expect(planEscalation(facts({ types: ['data-breach'] })).notify).toEqual(['dpo', 'headteacher', 'online-safety-lead', 'it-support']);
  });
});
