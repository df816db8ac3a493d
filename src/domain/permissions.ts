import type { Role } from './roles.js';

// who may do what, by role, in one table: every route, view and use case asks may() (or, where a role
// rather than a person is asked, mayAs()) instead of spelling its own list. the table is about roles
// only: whether someone is barred from one case (implicated in it) is per case, decided by the casework.

/** who someone is, as much as the table needs: the app's Identity has this shape */
export interface Someone {
  kind: 'staff' | 'pupil' | 'unknown';
  roles: readonly Role[];
  isGovernor: boolean;
}

interface Rule {
  /** the roles that may, in the order their holders are listed where people are named (the case team, reviewers) */
  roles: readonly Role[];
  /** the governors listed in the profile may too */
  governors?: true;
}

export const PERMISSIONS = {
  /** the case team beyond each case's approvers: open and act on cases; the `cases` list; the welcome's case-team lines */
  'work-on-cases': { roles: ['dsl', 'deputy-dsl', 'headteacher'] },
  /** told a case's details (who reported, what happened, the children's class) when it is routed to them */
  'see-case-details': { roles: ['dsl', 'deputy-dsl', 'headteacher', 'chair-of-governors', 'trust-ceo'] },
  /** tick off pupils' paper acceptable use agreements */
  'confirm-pupil-agreements': { roles: ['online-safety-lead', 'dsl', 'deputy-dsl', 'headteacher'] },
  /** the staff and governors' AUP and training coverage */
  'see-compliance-coverage': { roles: ['dsl', 'deputy-dsl', 'headteacher'] },
  /** the leaver accounts a scan found, and keep or disable each */
  'review-leavers': { roles: ['it-support', 'business-manager'] },
  /** "I've done it" for the yearly online-safety policy review */
  'record-policy-review': { roles: ['dsl', 'headteacher'] },
  /** "I've done it" for the yearly filtering and monitoring review */
  'record-filtering-review': { roles: ['it-support', 'dsl'], governors: true },
  /** post the governors' termly digest, and see who has read it */
  'post-digest': { roles: ['dsl', 'deputy-dsl', 'headteacher'] },
  /** "I have read this" on the digest; the online-safety governor monitors the online safety logs (Bentley 3.1) */
  'read-digest': { roles: ['chair-of-governors', 'online-safety-governor'], governors: true },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof PERMISSIONS;

const ruleOf = (action: Permission): Rule => PERMISSIONS[action];

/** fails closed: only staff (which the school's governors and role holders are), by a role or, where the table says, as a governor */
export function may(who: Someone, action: Permission): boolean {
  if (who.kind !== 'staff') return false;
  const rule = ruleOf(action);
  return who.roles.some((r) => rule.roles.includes(r)) || (rule.governors === true && who.isGovernor);
}

/** whether the holder of a role may, when acting as that role (a routed case is sent to a role) */
export const mayAs = (role: Role, action: Permission): boolean => ruleOf(action).roles.includes(role);

/** the roles that may, in table order: for naming the people who may (their holders in the profile) */
export const rolesThatMay = (action: Permission): readonly Role[] => ruleOf(action).roles;

/** whether the profile's governors may, as governors */
export const governorsMay = (action: Permission): boolean => ruleOf(action).governors === true;
