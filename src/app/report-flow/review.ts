import {
  AGENCY_INFO,
  DEADLINE_ACTION_INFO,
  ROLE_INFO,
  SEVERITY_INFO,
  parseIsoDuration,
  planEscalation,
  profileRoles,
  resolveRecipients,
  type EscalationPlan,
  type SchoolProfile,
  type Severity,
} from '../../domain/index.js';
import { buildFacts } from './steps.js';
import type { ReportAnswers } from './draft.js';

/** what the review card shows: the engine's decision in plain English, no names of implicated people */
export interface ReviewView {
  severity: Severity;
  severityLabel: string;
  severityDescription: string;
  /** "Priya Shah (Designated safeguarding lead)" */
  toldPeople: string[];
  /** someone involved holds a role that would normally be told: they are not */
  implicatedNotTold: boolean;
  guidance: string[];
  referrals: { label: string; when: 'now' | 'consider'; howToContact: string }[];
  deadlines: string[];
  /** the profile leaves nobody to receive it: the reporter must tell the DSL in person */
  unreachable: boolean;
}

/** "PT15M" -> "within 15 minutes", "P0D" -> "today" */
export function inWords(within: string): string {
  const d = parseIsoDuration(within);
  if (!d.ok) return within;
  const { weeks, days, hours, minutes } = d.value;
  const part = (n: number, unit: string) => (n > 0 ? [`${n} ${unit}${n === 1 ? '' : 's'}`] : []);
  const parts = [...part(weeks, 'week'), ...part(days, 'working day'), ...part(hours, 'hour'), ...part(minutes, 'minute')];
  return parts.length === 0 ? 'today' : `within ${parts.join(' ')}`;
}

export function planFor(answers: ReportAnswers, profile: SchoolProfile): EscalationPlan {
  return planEscalation(buildFacts(answers), profileRoles(profile));
}

export function reviewOf(plan: EscalationPlan, profile: SchoolProfile): ReviewView {
  const resolved = resolveRecipients(plan, profile);
  const recipients = resolved.ok ? resolved.value.recipients : resolved.error.partial.recipients;
  return {
    severity: plan.severity,
    severityLabel: SEVERITY_INFO[plan.severity].label,
    severityDescription: SEVERITY_INFO[plan.severity].description,
    toldPeople: recipients.map((r) => `${r.person.displayName} (${ROLE_INFO[r.role].label})`),
    implicatedNotTold: plan.exclude.length > 0,
    guidance: [...plan.guidance],
    referrals: plan.referrals.map((r) => ({ label: AGENCY_INFO[r.agency].label, when: r.when, howToContact: AGENCY_INFO[r.agency].howToContact })),
    deadlines: plan.deadlines.map((d) => `${DEADLINE_ACTION_INFO[d.action].label}: ${inWords(d.within)}`),
    unreachable: !resolved.ok,
  };
}
