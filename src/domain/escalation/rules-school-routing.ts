import { INCIDENT_TYPES } from '../incident-types.js';
import { ROLE_INFO } from '../role-labels.js';
import type { Role, SchoolNamedRole } from '../roles.js';
import type { RoutingSettings } from '../school-profile.js';
import { isFilled, type SchoolProfileRoles } from '../school-profile-roles.js';
import { SEVERITY_INFO } from '../severity.js';
import { APPROVER_WEIGHT, type Draft } from './draft.js';
import type { RuleId } from './rule.js';
import type { Situation } from './situation.js';

// what a school adds to the engine's routing. Both run after ROUTING_RULES and before R1, so R1 removes
// an implicated role or person whatever was added here; neither adds anyone for a profile that names
// none of these roles and has no routing settings, so such a school's plans are as before.

/** a duty the seeds give a role only some schools name: told of a case, under the rule it extends */
interface NamedRoleDuty {
  role: SchoolNamedRole;
  rule: RuleId;
  cites: string;
  applies(s: Situation): boolean;
  /** the rationale after "<rule> ", ending with the citation in brackets */
  because: string;
}

/**
 * The online-safety governor has no case duty: Bentley 3.1 has governors monitor the online safety
 * logs the DSL provides, which is the termly digest ('read-digest' in the permission table), not cases.
 */
export const NAMED_ROLE_DUTIES: readonly NamedRoleDuty[] = [
  {
    role: 'deputy-headteacher',
    rule: 'R13',
    cites: 'first school 18.1',
    // "a breach of security with your password or account": someone else used it (account-misuse)
    applies: (s) => s.has('account-misuse'),
    because:
      'R13 password or account breach: the deputy headteacher is told at once (first school 18.1: "inform the Deputy Headteacher or School Business Manager immediately")',
  },
  {
    role: 'siro',
    rule: 'R12',
    cites: 'Bentley app. 2 "Data Breaches", "Exemption Process"',
    applies: (s) => s.has('data-breach'),
    because:
      'R12 data breach: the SIRO, who owns the school\'s information risk, is told (Bentley app. 2 "Data Breaches", "Exemption Process")',
  },
];

/** the duties of the roles a school names itself, only where the profile names someone for them */
export function applyNamedRoleDuties(s: Situation, d: Draft, filled: SchoolProfileRoles): void {
  for (const duty of NAMED_ROLE_DUTIES) {
    if (!isFilled(filled, duty.role) || !duty.applies(s)) continue;
    d.to(duty.role).because(duty.because);
  }
}

const list = (roles: readonly Role[]) => roles.map((r) => `the ${ROLE_INFO[r].inSentence}`).join(' and ');

/**
 * The profile's `routing`: roles told of every incident, of an incident of a type, or of a severity
 * (the severity the rules decided). Informed only: approval stays where the rules put it.
 */
export function applySchoolRouting(s: Situation, d: Draft, routing: RoutingSettings | undefined): void {
  if (!routing) return;
  const add = (roles: readonly Role[] | undefined, why: string) => {
    const added = (roles ?? []).filter((r) => !d.notify.includes(r));
    if (added.length === 0) return;
    d.to(...added).because(`Profile: ${list(added)} ${added.length > 1 ? 'are' : 'is'} told of ${why} (routing)`);
  };
  add(routing.alwaysInform, 'every incident');
  for (const type of s.facts.types) add(routing.byType[type], `every ${type} incident`);
  add(routing.bySeverity[d.severity], `every ${SEVERITY_INFO[d.severity].label.toLowerCase()} incident`);
}

/**
 * The profile's `routing.approverByType`: the role that approves an incident of a type instead of the
 * one the rules chose (the first listed type of the case, in catalogue order, that has one). It never
 * takes a case the rules give by statute: an allegation against, or the conduct of, an adult of the
 * school (the headteacher, KCSIE part 4) or a safeguarding concern (the DSL). An implicated or unfilled
 * role is not made approver: the rules' approver stands, and R1, which runs after this, still replaces
 * that one if it is implicated.
 */
export function applySchoolApprover(
  s: Situation,
  d: Draft,
  routing: RoutingSettings | undefined,
  exclude: readonly Role[],
  filled: SchoolProfileRoles,
): void {
  const overrides = routing?.approverByType;
  if (!overrides) return;
  const type = INCIDENT_TYPES.find((t) => s.facts.types.includes(t) && overrides[t] !== undefined);
  if (type === undefined) return;
  const role = overrides[type]!;
  if (role === d.approver) return;
  const asked = `the ${ROLE_INFO[role].inSentence} approves ${type}`;
  const stays = d.approver === null ? '' : `, so the ${ROLE_INFO[d.approver].inSentence} approves`;
  let refused: string | undefined;
  if (s.schoolAdultInstigator) refused = 'the case is about an adult of the school';
  else if (d.approverWeight <= APPROVER_WEIGHT.safeguarding) refused = 'the case is a safeguarding concern';
  else if (exclude.includes(role)) refused = `the ${ROLE_INFO[role].inSentence} is implicated`;
  else if (!isFilled(filled, role)) refused = `no one holds the role of ${ROLE_INFO[role].inSentence}`;
  if (refused !== undefined) {
    d.because(`Profile: ${asked} (routing), but ${refused}${stays}`);
    return;
  }
  d.approver = role;
  d.to(role).because(`Profile: ${asked} (routing)`);
}
