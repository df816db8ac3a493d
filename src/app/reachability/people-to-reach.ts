// who the bot may have to message unprompted: every role holder the profile names (a case's alerts and
// approvals, the reminders the jobs send) and the governors (the termly digest, reviews). pure.
import { ROLES, type Role } from '../../domain/roles.js';
import { ROLE_INFO } from '../../domain/role-labels.js';
import type { SchoolProfile } from '../../domain/school-profile.js';

export interface PersonToReach {
  aadObjectId: string;
  displayName: string;
  /** what they are to the bot, in the order of ROLES, then 'governor' */
  roles: (Role | 'governor')[];
}

/** each person once, with every role they hold; the order of the profile (the DSL first) */
export function peopleToReach(profile: Pick<SchoolProfile, 'roles' | 'governors'>): PersonToReach[] {
  const people = new Map<string, PersonToReach>();
  const add = (p: { aadObjectId: string; displayName: string }, role: Role | 'governor'): void => {
    const known = people.get(p.aadObjectId);
    if (known) {
      if (!known.roles.includes(role)) known.roles.push(role);
    } else people.set(p.aadObjectId, { aadObjectId: p.aadObjectId, displayName: p.displayName, roles: [role] });
  };
  for (const role of ROLES) for (const p of profile.roles[role] ?? []) add(p, role);
  for (const g of profile.governors) add(g, 'governor');
  return [...people.values()];
}

/** "DSL", "headteacher and governor": what a person is to the bot, in a sentence */
export function rolesInWords(roles: readonly (Role | 'governor')[]): string {
  const words = roles.map((r) => (r === 'governor' ? 'governor' : ROLE_INFO[r].inSentence));
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** whether the person's being unreachable would stop a child-in-danger alert reaching anyone who must act */
export const stopsAlerts = (p: PersonToReach): boolean => p.roles.includes('dsl');
