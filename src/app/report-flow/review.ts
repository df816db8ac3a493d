import {
  AGENCY_INFO,
  DEADLINE_ACTION_INFO,
  howToContact,
  ROLE_INFO,
  SEVERITY_INFO,
  parseIsoDuration,
  planEscalation,
  rolesThatMay,
  profileRoles,
  resolveRecipients,
  type EscalationPlan,
  type SchoolProfile,
  type Severity,
} from '../../domain/index.js';
import { buildFacts } from './steps.js';
import { ABOUT_IN_PERSON, ABOUT_NOT_LISTED, type ReportAnswers } from './draft.js';
import { personById } from '../identity.js';

/** what the review card shows: the engine's decision in plain English, no names of implicated people */
export interface ReviewView {
  severity: Severity;
  severityLabel: string;
  severityDescription: string;
  /** "Priya Shah (Designated safeguarding lead)" */
  toldPeople: string[];
  /**
   * a critical case: who is alerted in their own chat the moment it is sent (the safeguarding leads and the
   * headteacher, as the outbox does); the rest of toldPeople hear when the DSL has decided. Empty otherwise
   */
  alertedAtOnce: string[];
  /** someone involved holds a role that would normally be told: they are not */
  implicatedNotTold: boolean;
  /** what happens because of the reporter's answer to "who is it about?", in plain English */
  aboutNote?: string;
  guidance: string[];
  /** each outside agency the plan names, with the school's own contact for it ("Camden LADO, 020 7974 3317") */
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
  return planEscalation(buildFacts(answers, profile), profileRoles(profile));
}

/** the review card's words for the answer to "who is it about?" */
function aboutNote(about: string | undefined, profile: SchoolProfile, told: string[]): string | undefined {
  if (about === undefined) return undefined;
  if (about === ABOUT_NOT_LISTED) {
    return "You did not choose them from the school's list, so the bot cannot keep this from them by name. It goes only to the people above, in their own chat, and never to a shared channel.";
  }
  if (about === ABOUT_IN_PERSON) {
    return `Only ${told.join(' and ') || 'the headteacher'} will receive this, in their own chat; the safeguarding team is not told in case it is one of them. Please speak to the headteacher in person today and name the adult.`;
  }
  const person = personById(profile, about);
  return `${person?.displayName ?? 'The person you named'} will not be told, and cannot open or act on this case. It never goes to a shared channel.`;
}

/** who may see a case's details: on a critical case, the people alerted at once (casework's ENTITLED_TO_DETAILS) */
const ALERTED_AT_ONCE = rolesThatMay('see-case-details');

export function reviewOf(plan: EscalationPlan, profile: SchoolProfile, about?: string): ReviewView {
  const resolved = resolveRecipients(plan, profile);
  const recipients = resolved.ok ? resolved.value.recipients : resolved.error.partial.recipients;
  const note = aboutNote(
    about,
    profile,
    recipients.map((r) => r.person.displayName),
  );
  return {
    ...(note ? { aboutNote: note } : {}),
    severity: plan.severity,
    severityLabel: SEVERITY_INFO[plan.severity].label,
    severityDescription: SEVERITY_INFO[plan.severity].description,
    toldPeople: recipients.map((r) => `${r.person.displayName} (${ROLE_INFO[r.role].label})`),
    alertedAtOnce:
      plan.severity === 'critical'
        ? recipients.filter((r) => ALERTED_AT_ONCE.includes(r.role)).map((r) => `${r.person.displayName} (${ROLE_INFO[r.role].label})`)
        : [],
    implicatedNotTold: plan.exclude.length > 0,
    guidance: [...plan.guidance],
    referrals: plan.referrals.map((r) => ({
      label: AGENCY_INFO[r.agency].label,
      when: r.when,
      howToContact: howToContact(profile, r.agency),
    })),
    deadlines: plan.deadlines.map((d) => `${DEADLINE_ACTION_INFO[d.action].label}: ${inWords(d.within)}`),
    unreachable: !resolved.ok,
  };
}
