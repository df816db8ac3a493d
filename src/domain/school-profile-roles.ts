import { ROLES, type Role } from './roles.js';
import type { SchoolProfile } from './school-profile.js';

/**
 * Which roles a school has filled: `true` when the profile names at least one person for the role.
 * planEscalation uses it to hand a vacant role's share of a case to whoever stands in for it (see
 * VACANCY_STAND_INS); without it every role is taken to exist. It says nothing about who holds which
 * role: one person holding two roles is resolveRecipients' business.
 */
export type SchoolProfileRoles = Readonly<Record<Role, boolean>>;

export const ALL_ROLES_FILLED: SchoolProfileRoles = Object.freeze(Object.fromEntries(ROLES.map((r) => [r, true])) as Record<Role, boolean>);

export function profileRoles(profile: SchoolProfile): SchoolProfileRoles {
  return Object.fromEntries(ROLES.map((r) => [r, profile.roles[r].length > 0])) as Record<Role, boolean>;
}
