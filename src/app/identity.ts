import { ROLES, type Role } from '../domain/roles.js';
import type { Person, SchoolProfile } from '../domain/school-profile.js';

/** who someone is to the school, from the profile; the server decides, never the card */
export interface Identity {
  aadObjectId: string;
  kind: 'staff' | 'pupil' | 'unknown';
  roles: Role[];
  isGovernor: boolean;
}

export function identify(profile: SchoolProfile, aadObjectId: string | undefined): Identity {
  if (!aadObjectId) return { aadObjectId: '', kind: 'unknown', roles: [], isGovernor: false };
  const roles = ROLES.filter((role) => profile.roles[role].some((p) => p.aadObjectId === aadObjectId));
  const isGovernor = profile.governors.some((p) => p.aadObjectId === aadObjectId);
  // a listed pupil is a pupil even if someone also put them in a staff role by mistake: the safer view
  const isPupil = profile.pupils.userIds.includes(aadObjectId);
  // until the directory adapter checks group membership, anyone in the tenant who is not a listed pupil is staff
  return { aadObjectId, kind: isPupil ? 'pupil' : 'staff', roles: isPupil ? [] : roles, isGovernor: !isPupil && isGovernor };
}

/** the people who hold a role, in profile order */
export function holdersOf(profile: SchoolProfile, role: Role): Person[] {
  return profile.roles[role];
}

/** someone the profile names (a role holder, a member of staff or a governor), by Entra object id */
export function personById(profile: SchoolProfile, aadObjectId: string | undefined): Person | undefined {
  if (!aadObjectId) return undefined;
  for (const people of [...Object.values(profile.roles), profile.staff, profile.governors]) {
    const found = people.find((p) => p.aadObjectId === aadObjectId);
    if (found) return found;
  }
  return undefined;
}

/** "Priya" from "Priya Shah": pupils' cards use first names */
export function firstName(person: Pick<Person, 'displayName'>): string {
  return person.displayName.trim().split(/\s+/)[0] ?? person.displayName;
}
