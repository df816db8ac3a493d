import type { Party } from '../parties.js';
import { ROLE_INFO } from '../role-labels.js';
import type { Role } from '../roles.js';
import type { SchoolProfileRoles } from '../school-profile-roles.js';
import type { Draft } from './draft.js';
import type { Situation } from './situation.js';
import { IMPLICATED_STAND_INS, firstAvailable } from './stand-ins.js';

/**
 * The roles an instigator party implicates. A 'staff' instigator is a person, not a role: the reporter
 * names them (facts.implicatedPeople) and every role that person holds is implicated with them. The
 * 'dsl' party implicates the DSL only, not the deputies: they are other people, KCSIE expects them to
 * act when the DSL cannot, and someone who is both DSL and deputy is still excluded because
 * resolveRecipients excludes a person who holds any excluded role.
 */
export const IMPLICATED_ROLES: Readonly<Partial<Record<Party, Role>>> = {
  dsl: 'dsl',
  headteacher: 'headteacher',
  'chair-of-governors': 'chair-of-governors',
};

/** when the adult will be named to the headteacher in person, the safeguarding team is kept out of it too */
const NAMED_IN_PERSON_EXCLUDES: readonly Role[] = ['dsl', 'deputy-dsl'];

export function implicatedRoles(s: Situation): Role[] {
  const roles: Role[] = [];
  const add = (role: Role | undefined) => {
    if (role && !roles.includes(role)) roles.push(role);
  };
  for (const e of s.facts.involved) add(e.part === 'instigator' ? IMPLICATED_ROLES[e.party] : undefined);
  for (const p of s.facts.implicatedPeople ?? []) p.roles.forEach(add);
  if (s.facts.adultNamedInPerson) NAMED_IN_PERSON_EXCLUDES.forEach(add);
  return roles;
}

/** the people named as the ones the concern is about, each once */
export function implicatedPeopleIds(s: Situation): string[] {
  return [...new Set((s.facts.implicatedPeople ?? []).map((p) => p.aadObjectId))];
}

/** the first words of R1's guidance line: it names the accused role, so only the case team may read it */
export const R1_GUIDANCE_START = 'Do not discuss this with';

const name = (role: Role) => ROLE_INFO[role].inSentence;

/**
 * R1 conflict of interest (all seeds): run after every other rule and absolute. An implicated role
 * is removed from the case, the case goes up the chain, and the approver is replaced when it is
 * implicated. A governor is not a role, so a governor instigator is handled by sending the case to
 * the chair of governors instead of the headteacher (Camden 4.4).
 */
export function applyConflictOfInterest(s: Situation, d: Draft, exclude: readonly Role[], filled: SchoolProfileRoles): void {
  const governor = s.instigator('governor');
  const people = implicatedPeopleIds(s);
  const inPerson = s.facts.adultNamedInPerson === true;
  if (exclude.length === 0 && !governor && people.length === 0) return;
  const open = (role: Role) => !exclude.includes(role) && filled[role] === true;
  const notExcluded = (role: Role) => !exclude.includes(role);
  // a filled stand-in first; otherwise the first one not implicated, so the gap stays visible
  const up = (chain: readonly Role[]) => firstAvailable(chain, open) ?? firstAvailable(chain, notExcluded);
  const parts: string[] = [];

  const removed: Role[] = [];
  for (let i = d.notify.length - 1; i >= 0; i--) {
    const role = d.notify[i] as Role;
    if (exclude.includes(role)) removed.push(...d.notify.splice(i, 1));
  }
  if (inPerson) {
    // the headteacher alone hears of it (and names the adult); nothing else of the route stays
    d.notify.splice(0, d.notify.length);
    if (notExcluded('headteacher')) d.approver = 'headteacher';
    parts.push('the reporter will name the adult to the headteacher in person, so the headteacher alone receives the case');
  }

  if ((exclude.includes('dsl') || exclude.includes('deputy-dsl')) && notExcluded('headteacher')) d.to('headteacher');
  if (exclude.includes('headteacher')) {
    if (notExcluded('chair-of-governors')) d.to('chair-of-governors');
    if (filled['trust-ceo'] === true) d.to('trust-ceo');
  }
  if (exclude.includes('chair-of-governors')) {
    const next = up(IMPLICATED_STAND_INS['chair-of-governors']);
    if (next) d.to(next);
  }
  // any other role an implicated person held: its share goes to the next person up
  for (const role of removed) {
    if (['dsl', 'deputy-dsl', 'headteacher', 'chair-of-governors'].includes(role)) continue;
    const next = up(IMPLICATED_STAND_INS[role]);
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
  if (people.length > 0) {
    parts.push(
      `${people.length === 1 ? 'the person' : `the ${people.length} people`} the reporter named ${people.length === 1 ? 'is' : 'are'} barred from the case by name, whatever role they hold`,
    );
  }
  if (exclude.length > 0 || people.length > 0 || inPerson) d.oneToOneOnly = true;
  if (exclude.length > 0 && !inPerson) {
    const informed = d.notify.filter((r) => ['headteacher', 'chair-of-governors', 'trust-ceo'].includes(r) && r !== d.approver);
    parts.unshift(
      `the ${exclude.map(name).join(' and the ')} ${exclude.length > 1 ? 'are' : 'is'} implicated and excluded from every card`,
    );
    if (d.approver && !parts.some((p) => p.includes('approves'))) parts.push(`the ${name(d.approver)} approves`);
    if (informed.length > 0) parts.push(`the ${informed.map(name).join(' and the ')} informed`);
    d.guide(
      `${R1_GUIDANCE_START} the ${exclude.map(name).join(' or the ')}${d.approver ? `; the ${name(d.approver)} deals with it` : ''}.`,
    );
  } else if (people.length > 0) {
    d.guide(`${R1_GUIDANCE_START} the person it is about${d.approver ? `; the ${name(d.approver)} deals with it` : ''}.`);
  } else if (inPerson) {
    d.guide('Speak to the headteacher in person today and name the adult to them; do not discuss it with anyone else.');
  }
  d.because(`R1 conflict of interest (all seeds; Camden 4.1/4.4, Bentley 6, trust policy): ${parts.join('; ')}`);
}
