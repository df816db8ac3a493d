import type { Party } from '../parties.js';
import { ROLE_INFO } from '../role-labels.js';
import type { Role } from '../roles.js';
import type { SchoolProfileRoles } from '../school-profile-roles.js';
import type { Draft } from './draft.js';
import type { Situation } from './situation.js';
import { IMPLICATED_STAND_INS, firstAvailable } from './stand-ins.js';

/**
 * The roles an instigator party implicates. Only parties that name a role implicate one: a 'staff'
 * instigator is a person, not a role, so the app excludes that person by id when it resolves
 * recipients. The 'dsl' party implicates the DSL only, not the deputies: they are other people,
 * KCSIE expects them to act when the DSL cannot, and someone who is both DSL and deputy is still
 * excluded because resolveRecipients excludes a person who holds any excluded role.
 */
export const IMPLICATED_ROLES: Readonly<Partial<Record<Party, Role>>> = {
  dsl: 'dsl',
  headteacher: 'headteacher',
  'chair-of-governors': 'chair-of-governors',
};

export function implicatedRoles(s: Situation): Role[] {
  const roles: Role[] = [];
  for (const e of s.facts.involved) {
    const role = e.part === 'instigator' ? IMPLICATED_ROLES[e.party] : undefined;
    if (role && !roles.includes(role)) roles.push(role);
  }
  return roles;
}

const name = (role: Role) => ROLE_INFO[role].inSentence;

/**
 * R1 conflict of interest (all seeds): run after every other rule and absolute. An implicated role
 * is removed from the case, the case goes up the chain, and the approver is replaced when it is
 * implicated. A governor is not a role, so a governor instigator is handled by sending the case to
 * the chair of governors instead of the headteacher (Camden 4.4).
 */
export function applyConflictOfInterest(s: Situation, d: Draft, exclude: readonly Role[], filled: SchoolProfileRoles): void {
  const governor = s.instigator('governor');
  if (exclude.length === 0 && !governor) return;
  const open = (role: Role) => !exclude.includes(role) && filled[role];
  const notExcluded = (role: Role) => !exclude.includes(role);
  // a filled stand-in first; otherwise the first one not implicated, so the gap stays visible
  const up = (chain: readonly Role[]) => firstAvailable(chain, open) ?? firstAvailable(chain, notExcluded);
  const parts: string[] = [];

  for (let i = d.notify.length - 1; i >= 0; i--) if (exclude.includes(d.notify[i] as Role)) d.notify.splice(i, 1);

  if (exclude.includes('dsl') && notExcluded('headteacher')) d.to('headteacher');
  if (exclude.includes('headteacher')) {
    if (notExcluded('chair-of-governors')) d.to('chair-of-governors');
    if (filled['trust-ceo']) d.to('trust-ceo');
  }
  if (exclude.includes('chair-of-governors')) {
    const next = up(IMPLICATED_STAND_INS['chair-of-governors']);
    if (next) d.to(next);
  }
  if (governor && notExcluded('chair-of-governors')) {
    d.to('chair-of-governors');
    if (d.approver === 'headteacher') d.approver = 'chair-of-governors';
    parts.push('a governor is implicated: the chair of governors deals with it (Camden 4.4)');
  }
  if (d.approver !== null && exclude.includes(d.approver)) {
    const was = d.approver;
    d.approver = up(IMPLICATED_STAND_INS[was]) ?? null;
    if (d.approver) d.to(d.approver);
    parts.push(`the ${name(was)} cannot approve; ${d.approver ? `the ${name(d.approver)} approves` : 'no one is left to approve'}`);
  }
  if (exclude.length > 0) {
    const informed = d.notify.filter((r) => ['headteacher', 'chair-of-governors', 'trust-ceo'].includes(r) && r !== d.approver);
    parts.unshift(`the ${exclude.map(name).join(' and the ')} ${exclude.length > 1 ? 'are' : 'is'} implicated and excluded from every card`);
    if (d.approver && !parts.some((p) => p.includes('approves'))) parts.push(`the ${name(d.approver)} approves`);
    if (informed.length > 0) parts.push(`the ${informed.map(name).join(' and the ')} informed`);
    d.guide(
      `Do not discuss this with the ${exclude.map(name).join(' or the ')}${d.approver ? `; the ${name(d.approver)} deals with it` : ''}.`,
    );
  }
  d.because(`R1 conflict of interest (all seeds; Camden 4.1/4.4, Bentley 6, trust policy): ${parts.join('; ')}`);
}
