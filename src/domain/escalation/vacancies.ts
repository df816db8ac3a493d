import { ROLE_INFO } from '../role-labels.js';
import type { Role } from '../roles.js';
import type { SchoolProfileRoles } from '../school-profile-roles.js';
import { IMPLICATED_STAND_INS, VACANCY_STAND_INS, firstAvailable } from './stand-ins.js';

/**
 * Who takes `role`'s share in this case: the role itself when it is filled and not excluded, the
 * first open stand-in otherwise. Returns null for a vacancy nobody covers on purpose (no deputies:
 * nobody extra) and the role itself when no stand-in is open, so the gap stays visible to
 * resolveRecipients instead of the case silently reaching nobody.
 */
export function standIn(role: Role, exclude: readonly Role[], filled: SchoolProfileRoles): Role | null {
  const open = (r: Role) => filled[r] === true && !exclude.includes(r);
  if (open(role)) return role;
  const chain = exclude.includes(role) ? IMPLICATED_STAND_INS[role] : VACANCY_STAND_INS[role];
  if (chain.length === 0) return null;
  return firstAvailable(chain, open) ?? (exclude.includes(role) ? null : role);
}

/** replaces vacant roles in place; returns rationale lines for what changed */
export function coverVacancies(roles: Role[], exclude: readonly Role[], filled: SchoolProfileRoles): string[] {
  const lines: string[] = [];
  const out: Role[] = [];
  for (const role of roles) {
    const who = standIn(role, exclude, filled);
    if (who !== role) {
      lines.push(
        who === null
          ? `Profile: no ${ROLE_INFO[role].inSentence}, so nobody extra is alerted`
          : `Profile: no ${ROLE_INFO[role].inSentence}, so the ${ROLE_INFO[who].inSentence} receives their share`,
      );
    } else if (!filled[role]) {
      lines.push(`Profile: no ${ROLE_INFO[role].inSentence} and no one to stand in; the school must fill the role`);
    }
    if (who !== null && !out.includes(who)) out.push(who);
  }
  roles.length = 0;
  roles.push(...out);
  return lines;
}
