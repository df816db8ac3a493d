import type { EscalationPlan } from './escalation-plan.js';
import { VACANCY_STAND_INS } from './escalation/stand-ins.js';
import { err, ok, type Result } from './result.js';
import { ROLE_INFO } from './role-labels.js';
import type { Role } from './roles.js';
import type { Person, SchoolProfile } from './school-profile.js';

export interface Recipient {
  person: Person;
  /** the role they receive the case as */
  role: Role;
  /** the role the plan asked for, when this person stands in for it */
  standingInFor?: Role;
}

export interface ResolvedRecipients {
  /** each person once, most urgent first */
  recipients: Recipient[];
  /** the people who may approve (any one of them) */
  approvers: Person[];
  /** the role they approve as (the plan's approver or its stand-in) */
  approverRole: Role | null;
  /** roles nobody could take, even through stand-ins */
  unresolved: Role[];
  /** every stand-in taken, in plain English, for the rationale */
  notes: string[];
}

/** a case the profile leaves with nobody to receive or approve it: a configuration problem to fix */
export interface UnreachableCase {
  problems: string[];
  partial: ResolvedRecipients;
}

export interface ResolveOptions {
  /** more Entra object ids never to receive it, beyond the plan's own excludePeople */
  excludePeople?: readonly string[];
}

/**
 * Turns a plan's roles into the people of a school profile. A person who holds an excluded role
 * (or is excluded by id, plan.excludePeople) receives nothing through any other role they hold. A role with nobody
 * eligible falls to its stand-ins (VACANCY_STAND_INS: an empty online-safety lead -> the DSL, the
 * trust CEO -> the chair of governors, and so on; no deputy -> nobody extra), never silently to
 * nobody: what cannot be resolved is listed, and a case left with no recipient or no approver is
 * returned as an error value.
 */
export function resolveRecipients(
  plan: Pick<EscalationPlan, 'notify' | 'exclude' | 'approver' | 'excludePeople'>,
  profile: Pick<SchoolProfile, 'roles'>,
  options: ResolveOptions = {},
): Result<ResolvedRecipients, UnreachableCase> {
  const barred = new Set([...(plan.excludePeople ?? []), ...(options.excludePeople ?? [])]);
  for (const role of plan.exclude) for (const p of profile.roles[role]) barred.add(p.aadObjectId);
  const eligible = (role: Role) => (plan.exclude.includes(role) ? [] : profile.roles[role].filter((p) => !barred.has(p.aadObjectId)));

  const notes: string[] = [];
  const unresolved: Role[] = [];
  /** the role that takes `role`'s share and its people; null when nobody is meant to (no deputies) */
  const take = (role: Role): { role: Role; people: Person[] } | null | undefined => {
    const own = eligible(role);
    if (own.length > 0) return { role, people: own };
    const why =
      profile.roles[role].length === 0
        ? `no one holds the ${ROLE_INFO[role].inSentence} role`
        : `the ${ROLE_INFO[role].inSentence} is implicated`;
    const chain = VACANCY_STAND_INS[role];
    if (chain.length === 0) {
      notes.push(`${why}; nobody extra is alerted`);
      return null;
    }
    for (const next of chain) {
      const people = eligible(next);
      if (people.length > 0) {
        notes.push(`${why}; the ${ROLE_INFO[next].inSentence} receives it instead`);
        return { role: next, people };
      }
    }
    notes.push(`${why} and no one can stand in`);
    if (!unresolved.includes(role)) unresolved.push(role);
    return undefined;
  };

  const recipients: Recipient[] = [];
  for (const role of plan.notify) {
    const taken = take(role);
    if (!taken) continue;
    for (const person of taken.people) {
      if (recipients.some((r) => r.person.aadObjectId === person.aadObjectId)) continue;
      recipients.push(taken.role === role ? { person, role } : { person, role: taken.role, standingInFor: role });
    }
  }

  const approval = plan.approver === null ? null : take(plan.approver);
  const value: ResolvedRecipients = {
    recipients,
    approvers: approval ? approval.people : [],
    approverRole: approval ? approval.role : null,
    unresolved,
    notes,
  };
  const problems: string[] = [];
  if (recipients.length === 0) problems.push('no one in the school profile can receive this case');
  if (plan.approver !== null && !approval) {
    problems.push(`no one in the school profile can approve this case as or for the ${ROLE_INFO[plan.approver].inSentence}`);
  }
  return problems.length > 0 ? err({ problems, partial: value }) : ok(value);
}
