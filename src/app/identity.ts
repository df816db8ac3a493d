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

/** every role the profile gives this person */
export function rolesOf(profile: SchoolProfile, aadObjectId: string): Role[] {
  return ROLES.filter((role) => profile.roles[role].some((p) => p.aadObjectId === aadObjectId));
}

/** an adult connected with the school whom a concern can be about, with what they are to it */
export interface SchoolPerson {
  aadObjectId: string;
  displayName: string;
  roles: Role[];
  isGovernor: boolean;
}

/** the school's adults (role holders, staff, governors), each once, sorted by name: who a concern can be about */
export function schoolPeople(profile: SchoolProfile): SchoolPerson[] {
  const seen = new Map<string, SchoolPerson>();
  for (const p of [...Object.values(profile.roles).flat(), ...profile.staff, ...profile.governors]) {
    if (seen.has(p.aadObjectId)) continue;
    seen.set(p.aadObjectId, {
      aadObjectId: p.aadObjectId,
      displayName: p.displayName,
      roles: rolesOf(profile, p.aadObjectId),
      isGovernor: profile.governors.some((g) => g.aadObjectId === p.aadObjectId),
    });
  }
  return [...seen.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en-GB'));
}

/** "Priya" from "Priya Shah": pupils' cards use first names */
export function firstName(person: Pick<Person, 'displayName'>): string {
  return person.displayName.trim().split(/\s+/)[0] ?? person.displayName;
}
