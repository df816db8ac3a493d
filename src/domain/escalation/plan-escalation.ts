import type { Deadline, EscalationPlan } from '../escalation-plan.js';
import { describeFactProblems, incidentFactProblems, type FactProblem, type IncidentFacts } from '../incident-facts.js';
import { INCIDENT_TYPE_INFO } from '../incident-types.js';
import { RISK_AREAS, type RiskArea } from '../risk-areas.js';
import type { Role } from '../roles.js';
import { ALL_ROLES_FILLED, type SchoolProfileRoles } from '../school-profile-roles.js';
import type { Severity } from '../severity.js';
import { applyConflictOfInterest, implicatedPeopleIds, implicatedRoles } from './conflict-of-interest.js';
import { Draft, orderedReferrals } from './draft.js';
import { ROUTING_RULES, applyEveryIncidentReachesALead } from './rules.js';
import { applyNamedRoleDuties, applySchoolApprover, applySchoolRouting } from './rules-school-routing.js';
import { readSituation } from './situation.js';
import { coverVacancies, standIn } from './vacancies.js';

/** thrown by planEscalation for facts that parseIncidentFacts would reject; lists every problem */
export class InvalidIncidentFactsError extends Error {
  readonly problems: readonly FactProblem[];
  constructor(problems: readonly FactProblem[]) {
    super(`Invalid incident facts: ${describeFactProblems(problems)}`);
    this.name = 'InvalidIncidentFactsError';
    this.problems = problems;
  }
}

/** the service levels (DOMAIN.md): critical 15 minutes, high same school day, medium next working day, low a week */
const RESPONSE: Readonly<Record<Severity, readonly Deadline[]>> = {
  critical: [
    { action: 'acknowledge', within: 'PT15M' },
    { action: 'triage-decision', within: 'P0D' },
  ],
  high: [{ action: 'triage-decision', within: 'P0D' }],
  medium: [{ action: 'triage-decision', within: 'P1D' }],
  low: [{ action: 'triage-decision', within: 'P1W' }],
};

/** who may hear of a case whose adult will be named to the headteacher in person */
const IN_PERSON_ROUTE: readonly Role[] = ['headteacher', 'chair-of-governors', 'trust-ceo'];

/** "most urgent first" after the first recipient and the approver */
const URGENCY: readonly Role[] = [
  'dsl',
  'deputy-dsl',
  'headteacher',
  'deputy-headteacher',
  'chair-of-governors',
  'trust-ceo',
  'online-safety-lead',
  'dpo',
  'siro',
  'it-support',
  'business-manager',
  'online-safety-governor',
];

/**
 * Decides who receives a case, who approves it, which agencies to call or consider, the sanction
 * category, the deadlines and the guidance, from the facts alone (rules R1-R17, see RULE_CATALOGUE).
 * Pure and deterministic; the facts are not mutated. Throws InvalidIncidentFactsError (listing every
 * problem) for invalid facts: use parseIncidentFacts first on untrusted input.
 *
 * @param profile which roles the school has filled, whom else it tells and who approves a type (`routing`); without it
 *   every role of DOMAIN.md is taken to exist and nobody beyond the rules is told
 */
export function planEscalation(facts: IncidentFacts, profile?: SchoolProfileRoles): EscalationPlan {
  const problems = incidentFactProblems(facts);
  if (problems.length > 0) throw new InvalidIncidentFactsError(problems);
  // no copy: the situation only reads the facts, and the plan holds none of their arrays
  const s = readSituation(facts);
  const filled = profile ?? ALL_ROLES_FILLED;
  const d = new Draft();

  for (const rule of ROUTING_RULES) {
    if (!rule.applies(s)) continue;
    // so the draft knows which rule set the severity (R9's rationale names it)
    d.applying = rule.id;
    rule.apply(s, d);
  }
  d.applying = undefined;
  const exclude = implicatedRoles(s);
  // the school's own additions (and its own approvers) come after the rules and before R1, so R1 removes whatever they reach
  applyNamedRoleDuties(s, d, filled);
  applySchoolRouting(s, d, filled.routing);
  applySchoolApprover(s, d, filled.routing, exclude, filled);
  applyConflictOfInterest(s, d, exclude, filled);
  applyEveryIncidentReachesALead(d);
  if (facts.adultNamedInPerson) {
    // the headteacher (or who stands above them) alone: R16's lead would widen it again
    for (let i = d.notify.length - 1; i >= 0; i--) if (!IN_PERSON_ROUTE.includes(d.notify[i] as Role)) d.notify.splice(i, 1);
  }

  if (filled !== ALL_ROLES_FILLED) {
    for (const line of coverVacancies(d.notify, exclude, filled)) d.because(line);
    if (d.approver !== null) {
      d.approver = standIn(d.approver, exclude, filled);
      if (d.approver !== null) d.to(d.approver);
    }
  }
  // R1 is absolute: whatever the rules and stand-ins did, an implicated role never receives the case
  const notify = order(
    d.notify.filter((r) => !exclude.includes(r)),
    d.approver,
    s.byPupil,
  );
  const approver = d.approver !== null && exclude.includes(d.approver) ? null : d.approver;

  const plan: EscalationPlan = {
    severity: d.severity,
    riskAreas: riskAreasOf(s.facts),
    notify,
    exclude,
    approver,
    referrals: orderedReferrals(d.referrals),
    deadlines: [...RESPONSE[d.severity].map((x) => ({ ...x })), ...[...d.deadlines].map(([action, within]) => ({ action, within }))],
    guidance: d.guidance,
    rationale: d.rationale(),
    escalateIfUnacknowledged: d.severity === 'critical' ? escalation(notify[0], exclude, filled) : [],
  };
  if (d.sanction) plan.sanction = d.sanction;
  const people = implicatedPeopleIds(s);
  if (people.length > 0) plan.excludePeople = people;
  if (d.oneToOneOnly) plan.oneToOneOnly = true;
  return plan;
}

function order(roles: Role[], approver: Role | null, byPupil: boolean): Role[] {
  // R15: a pupil's report reaches the DSL first; otherwise the approver leads
  const first = byPupil && roles.includes('dsl') ? 'dsl' : approver;
  const out: Role[] = [];
  if (first !== null && roles.includes(first)) out.push(first);
  if (approver !== null && approver !== first && roles.includes(approver)) out.push(approver);
  for (const role of URGENCY) if (roles.includes(role) && !out.includes(role)) out.push(role);
  return out;
}

function riskAreasOf(facts: IncidentFacts): RiskArea[] {
  const areas: RiskArea[] = [];
  for (const area of RISK_AREAS) if (facts.types.some((t) => INCIDENT_TYPE_INFO[t].riskArea === area)) areas.push(area);
  return areas;
}

/** critical: the deputies and the headteacher (or who stands in for them) if nobody acknowledges */
function escalation(first: Role | undefined, exclude: readonly Role[], filled: SchoolProfileRoles): Role[] {
  const out: Role[] = [];
  for (const role of ['deputy-dsl', 'headteacher'] as const) {
    const who = standIn(role, exclude, filled);
    if (who !== null && who !== first && !exclude.includes(who) && !out.includes(who)) out.push(who);
  }
  return out;
}
