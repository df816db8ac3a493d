import { ROLES, SCHOOL_NAMED_ROLES, isSchoolNamedRole, type Role, type SchoolNamedRole } from './roles.js';
import type { RoutingSettings, SchoolProfile } from './school-profile.js';

/**
 * Which roles a school has filled: `true` when the profile names at least one person for the role.
 * planEscalation uses it to hand a vacant role's share of a case to whoever stands in for it (see
 * VACANCY_STAND_INS); without it every role of DOMAIN.md is taken to exist. The roles only some
 * schools name (SCHOOL_NAMED_ROLES: deputy headteacher, online-safety governor, SIRO) exist only when
 * set to true, so a caller that predates them gets the plans it always got. It says nothing about
 * who holds which role: one person holding two roles is resolveRecipients' business.
 *
 * `routing` is the profile's own "who else is told" and "who approves a type" (SchoolProfile.routing);
 * absent means nobody beyond the engine's rules, as before schools could widen it.
 */
export type SchoolProfileRoles = Readonly<Record<Exclude<Role, SchoolNamedRole>, boolean>> &
  Readonly<Partial<Record<SchoolNamedRole, boolean>>> & { readonly routing?: RoutingSettings };

export const ALL_ROLES_FILLED: SchoolProfileRoles = Object.freeze(
  Object.fromEntries(ROLES.filter((r) => !isSchoolNamedRole(r)).map((r) => [r, true])) as Record<Exclude<Role, SchoolNamedRole>, boolean>,
);

/** whether the school has someone in the role (a role a school names itself: only when it says so) */
export const isFilled = (filled: SchoolProfileRoles, role: Role): boolean => filled[role] === true;

export function profileRoles(profile: Pick<SchoolProfile, 'roles'> & Partial<Pick<SchoolProfile, 'routing'>>): SchoolProfileRoles {
  const has = (r: Role) => (profile.roles[r] ?? []).length > 0;
  const out: Record<string, unknown> = Object.fromEntries(ROLES.filter((r) => !isSchoolNamedRole(r)).map((r) => [r, has(r)]));
  for (const r of SCHOOL_NAMED_ROLES) if (has(r)) out[r] = true;
  if (profile.routing && hasRouting(profile.routing)) out.routing = profile.routing;
  return out as SchoolProfileRoles;
}

/** whether the settings tell anyone beyond the engine's rules, or give a type's approval to another role */
export function hasRouting(routing: RoutingSettings): boolean {
  const lists = [routing.alwaysInform, ...Object.values(routing.byType), ...Object.values(routing.bySeverity)];
  return lists.some((roles) => roles !== undefined && roles.length > 0) || Object.keys(routing.approverByType ?? {}).length > 0;
}
