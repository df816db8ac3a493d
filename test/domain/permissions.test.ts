import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, may, mayAs, rolesThatMay, type Permission, type Role, type Someone } from '../../src/domain/index.js';

// who may do what, as the code spelt it before the table (issue 15): each row is one of today's checks.
const staff = (...roles: Role[]): Someone => ({ kind: 'staff', roles, isGovernor: false });
const PEOPLE = {
  dsl: staff('dsl'),
  deputy: staff('deputy-dsl'),
  head: staff('headteacher'),
  // the chair is in the profile's governors too (Oakfield's David Rees)
  'chair (a governor)': { kind: 'staff', roles: ['chair-of-governors'], isGovernor: true },
  'chair (role only)': staff('chair-of-governors'),
  governor: { kind: 'staff', roles: [], isGovernor: true },
  'online-safety lead': staff('online-safety-lead'),
  'IT support': staff('it-support'),
  'business manager': staff('business-manager'),
  'DPO and business manager': staff('dpo', 'business-manager'),
  dpo: staff('dpo'),
  'trust CEO': staff('trust-ceo'),
  // issue 16: the roles some schools name
  'online-safety governor (role only)': staff('online-safety-governor'),
  'deputy headteacher': staff('deputy-headteacher'),
  SIRO: staff('siro'),
  teacher: staff(),
  pupil: { kind: 'pupil', roles: [], isGovernor: false },
  unknown: { kind: 'unknown', roles: [], isGovernor: false },
} satisfies Record<string, Someone>;
type Who = keyof typeof PEOPLE;

/** the people allowed each action; everyone else in PEOPLE is refused */
const ALLOWED: Record<Permission, Who[]> = {
  // case-file.ts caseTeam (beyond approvers) and bot-app's welcome `caseTeam`: dsl, deputy-dsl, headteacher
  'work-on-cases': ['dsl', 'deputy', 'head'],
  // build-views.ts ENTITLED_TO_DETAILS
  'see-case-details': ['dsl', 'deputy', 'head', 'chair (a governor)', 'chair (role only)', 'trust CEO'],
  // compliance-routes.ts PUPIL_CHECKERS
  'confirm-pupil-agreements': ['online-safety lead', 'dsl', 'deputy', 'head'],
  // compliance-routes.ts coverage
  'see-compliance-coverage': ['dsl', 'deputy', 'head'],
  // compliance-routes.ts leaverReview and leaver.decide
  'review-leavers': ['IT support', 'business manager', 'DPO and business manager'],
  // reviews.ts reviewers('policy'): dsl and headteacher
  'record-policy-review': ['dsl', 'head'],
  // reviews.ts reviewers('filtering'): it-support, dsl and the profile's governors
  'record-filtering-review': ['IT support', 'dsl', 'governor', 'chair (a governor)'],
  // digest-routes.ts isLead
  'post-digest': ['dsl', 'deputy', 'head'],
  // digest-routes.ts isGovernor: a governor, or the chair-of-governors role
  // and the online-safety governor, who monitors the online safety logs (Bentley 3.1)
  'read-digest': ['governor', 'chair (a governor)', 'chair (role only)', 'online-safety governor (role only)'],
};

const rows = (Object.keys(ALLOWED) as Permission[]).flatMap((permission) =>
  (Object.keys(PEOPLE) as Who[]).map((who) => ({ permission, who, allowed: ALLOWED[permission].includes(who) })),
);

describe('may(who, permission): the one table of who may do what', () => {
  it('names exactly these permissions', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it.each(rows)('$permission: $who -> $allowed', ({ permission, who, allowed }) => {
    expect(may(PEOPLE[who], permission)).toBe(allowed);
  });

  it('fails closed: a pupil or someone unknown is refused whatever roles or flags they are given', () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      expect(may({ kind: 'pupil', roles: [...ROLES], isGovernor: true }, permission)).toBe(false);
      expect(may({ kind: 'unknown', roles: [...ROLES], isGovernor: true }, permission)).toBe(false);
    }
  });
});

describe('mayAs(role, permission): a case routed to a role', () => {
  it.each([
    ['dsl', true],
    ['deputy-dsl', true],
    ['headteacher', true],
    ['chair-of-governors', true],
    ['trust-ceo', true],
    ['online-safety-lead', false],
    ['dpo', false],
    ['it-support', false],
    ['business-manager', false],
  ] as const)('see-case-details as %s -> %s', (role, allowed) => {
    expect(mayAs(role, 'see-case-details')).toBe(allowed);
  });
});

describe('rolesThatMay: the holders named, in the order they were listed before', () => {
  it.each([
    ['work-on-cases', ['dsl', 'deputy-dsl', 'headteacher']],
    ['review-leavers', ['it-support', 'business-manager']],
    ['record-policy-review', ['dsl', 'headteacher']],
    ['record-filtering-review', ['it-support', 'dsl']],
    ['see-case-details', ['dsl', 'deputy-dsl', 'headteacher', 'chair-of-governors', 'trust-ceo']],
  ] as const)('%s -> %j', (permission, roles) => {
    expect(rolesThatMay(permission)).toEqual(roles);
  });
});
