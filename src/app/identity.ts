import { ROLES, type Role } from '../domain/roles.js';
import type { Person, SchoolProfile } from '../domain/school-profile.js';

/**
 * who someone is to the school, from the profile and its groups; the server decides, never the card.
 * 'unknown': someone the school has not listed (a guest, a parent, a pupil nobody added yet): they can
 * raise a concern through the card for anyone, and nothing else
 */
export interface Identity {
  aadObjectId: string;
  kind: 'staff' | 'pupil' | 'unknown';
  roles: Role[];
  isGovernor: boolean;
}

/** members of the profile's staff and pupil groups, as the directory copy last read them */
export interface GroupMembership {
  staff: ReadonlySet<string>;
  pupils: ReadonlySet<string>;
}

export const NO_GROUPS: GroupMembership = { staff: new Set(), pupils: new Set() };

/**
 * fails closed: staff are the people the profile lists (roles, the staff roster, governors) and members
 * of its staff groups; pupils are pupils.userIds, the pupil roster and members of pupils.groupIds;
 * anyone else is 'unknown'. A listed pupil is a pupil even if also put in a staff role by mistake.
 */
export function identify(profile: SchoolProfile, aadObjectId: string | undefined, groups: GroupMembership = NO_GROUPS): Identity {
  if (!aadObjectId) return { aadObjectId: '', kind: 'unknown', roles: [], isGovernor: false };
  const isPupil =
    profile.pupils.userIds.includes(aadObjectId) ||
    profile.pupils.roster.some((p) => p.aadObjectId === aadObjectId) ||
    groups.pupils.has(aadObjectId);
  if (isPupil) return { aadObjectId, kind: 'pupil', roles: [], isGovernor: false };
  const roles = rolesOf(profile, aadObjectId);
  const isGovernor = profile.governors.some((p) => p.aadObjectId === aadObjectId);
  const listed =
    roles.length > 0 || isGovernor || profile.staff.some((p) => p.aadObjectId === aadObjectId) || groups.staff.has(aadObjectId);
  return { aadObjectId, kind: listed ? 'staff' : 'unknown', roles, isGovernor };
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
export function rolesOf(profile: Pick<SchoolProfile, 'roles'>, aadObjectId: string): Role[] {
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
