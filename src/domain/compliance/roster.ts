import { ROLES, type Role } from '../roles.js';
import type { SchoolProfile } from '../school-profile.js';

export const COMPLIANCE_GROUPS = ['staff', 'governor'] as const;
export type ComplianceGroup = (typeof COMPLIANCE_GROUPS)[number];

/** someone the compliance reminders are about: a member of staff or a governor, each listed once */
export interface CompliancePerson {
  aadObjectId: string;
  displayName: string;
  group: ComplianceGroup;
  /** every role the person holds in the profile */
  roles: Role[];
  /** YYYY-MM-DD, when the profile says */
  startedOn?: string | undefined;
}

const GOVERNOR_ROLES: readonly Role[] = ['chair-of-governors', 'online-safety-governor'];

/**
 * The people the reminders go to: the staff roster, then everyone holding a role (role holders are staff),
 * then the governors; each person once, by Entra object id. Judgement calls:
 * - the chair of governors and the online-safety governor are governors, not staff, although the profile lists the roles;
 * - a member of staff who is also a governor (a staff or headteacher governor) counts as staff: their
 *   AUP and safeguarding training as staff cover what a governor signs and attends (Bentley 3.1, 11);
 * - startedOn comes from the first entry that gives one.
 */
export function complianceRoster(profile: Pick<SchoolProfile, 'staff' | 'roles' | 'governors'>): CompliancePerson[] {
  const byId = new Map<string, CompliancePerson>();
  const add = (p: { aadObjectId: string; displayName: string; startedOn?: string | undefined }, group: ComplianceGroup) => {
    const found = byId.get(p.aadObjectId);
    if (found) {
      if (group === 'staff') found.group = 'staff';
      found.startedOn ??= p.startedOn;
      return;
    }
    byId.set(p.aadObjectId, { aadObjectId: p.aadObjectId, displayName: p.displayName, group, roles: [], startedOn: p.startedOn });
  };
  for (const p of profile.staff) add(p, 'staff');
  for (const role of ROLES) for (const p of profile.roles[role]) add(p, GOVERNOR_ROLES.includes(role) ? 'governor' : 'staff');
  for (const p of profile.governors) add(p, 'governor');
  for (const role of ROLES) {
    for (const p of profile.roles[role]) {
      const person = byId.get(p.aadObjectId)!;
      if (!person.roles.includes(role)) person.roles.push(role);
    }
  }
  return [...byId.values()];
}
