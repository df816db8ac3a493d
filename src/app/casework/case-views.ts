// what each card about a case shows, as plain data: built here from the record, drawn by
// src/adapters/teams/cards/case-cards.ts. the split keeps the privacy rules in one place: a
// CaseSummaryView carries no pupil name and no words from the report, so anything drawn from it may
// go to the safeguarding channel; only CaseDetailsView and an entitled RoutedNoticeView carry details.
import type { Role, Severity } from '../../domain/index.js';

export type CaseState = 'awaiting-approval' | 'escalated' | 'closed';

export interface DeadlineView {
  /** "Decide", "Consult the LADO" */
  label: string;
  /** "Tue 24 Nov, 18:00" */
  due: string;
  state: 'open' | 'met' | 'overdue';
}

/** an agency on a case: as the plan proposes it, or referred (who made it and the agency's reference are typed, so in the details only) */
export type AgencyView = { label: string; when: 'now' | 'consider' } | { label: string; when: 'referred'; at: string };

/** the case as the channel may see it: reference, kinds, severity, route, status. no names of pupils, no details */
export interface CaseSummaryView {
  caseId: string;
  reference: string;
  /** incident type labels: "Cyberbullying", "Contact from an unknown adult" */
  types: string[];
  severity: Severity;
  severityLabel: string;
  /** "Tue 24 Nov 2026, 09:15" */
  reportedAt: string;
  reportedBy: 'a member of staff' | 'a pupil' | "someone not on the school's lists";
  /** role labels of the route: as proposed, or as decided once approved */
  route: string[];
  /** the approver chose a route other than the engine's */
  routeChanged: boolean;
  /** the plan's agencies and any referral recorded: a recorded referral replaces its "consider" ("CEOP: referred 24 Nov 10:05") */
  agencies: AgencyView[];
  deadlines: DeadlineView[];
  state: CaseState;
  /** "Waiting for a decision", "Approved by Priya Shah, Tue 24 Nov 09:20", "Closed by ..." */
  status: string;
  /** "Acknowledged by Priya Shah at 09:16" */
  acknowledged?: string;
  /** things the team should know at a glance, oldest first: "Information requested from the reporter (09:21)",
   *  "Information received (09:30)", "Could not reach Chris Patel (IT support): tell them directly" */
  notes: string[];
  /** Entra object ids who get the actions through Universal Actions refresh (DSL, deputies, approvers; never the implicated); at most 60 */
  teamUserIds: string[];
}

/** the whole record, for the safeguarding team 1:1 only */
export interface CaseDetailsView extends CaseSummaryView {
  reporterName: string;
  /** "24 Nov 2026 at 08:50" */
  happenedAt: string;
  description: string;
  childNames?: string;
  platform?: string;
  evidence?: string;
  actionTaken?: string;
  /** a reported Teams message: its words as posted, who, when, where, and Teams' link back to it */
  reportedMessage?: ReportedMessageView;
  /** "Also reported by 1 other (case OS-2026-0002)": no names */
  alsoReportedBy?: string;
  guidance: string[];
  /** the decision trail, oldest first: "Tue 24 Nov 09:20 Priya Shah: Approved. Reason: ..." */
  trail: string[];
  /** each referral with who made it and the agency's reference, as typed on the referral form */
  referralRecords: { agency: string; at: string; madeBy: string; reference?: string }[];
}

/** a Teams message as the record keeps it, for the people entitled to the details */
export interface ReportedMessageView {
  text: string;
  postedBy: string;
  /** "24 Nov 2026, 08:50" */
  postedAt: string;
  where: string;
  /** Teams' own link (checked when captured) */
  link?: string;
  /** pictures and files left in Teams, not copied */
  leftInTeams: number;
}

/** told to a person on the approved route (or alerted at once for a critical case) */
export interface RoutedNoticeView {
  caseId: string;
  reference: string;
  /** "IT support", "Headteacher" */
  asRole: string;
  severityLabel: string;
  types: string[];
  /** 'alert': a critical case, before any decision; 'pupil': a pupil's report, to the DSL first; 'decided': the approver decided the route */
  stage: 'alert' | 'pupil' | 'decided';
  /** for the case team ('alert', 'pupil'): what they must do now, first ("Acknowledge now, then decide the route") */
  todo?: string[];
  /** "Acknowledged by Priya Shah, Tue 24 Nov, 10:03": the Acknowledge button is left off once someone has */
  acknowledged?: string;
  /** reported through the card for anyone, by someone the school has not listed */
  notListed?: boolean;
  /** the class or year of the pupil who reported, when the roster knows it (people entitled to details only) */
  childClass?: string;
  /** "Priya Shah" when decided */
  decidedBy?: string;
  reason?: string;
  /** what this person is asked to do, from the plan's guidance */
  guidance: string[];
  /** only for people entitled to the details (the safeguarding roles); undefined for the rest */
  details?: Pick<
    CaseDetailsView,
    | 'description'
    | 'childNames'
    | 'platform'
    | 'evidence'
    | 'actionTaken'
    | 'happenedAt'
    | 'reporterName'
    | 'reportedMessage'
    | 'alsoReportedBy'
  >;
}

/** the reporter's view of their own report: never anyone else's name */
export interface ReporterUpdateView {
  reference: string;
  /** "Being dealt with", "Closed" */
  stateWords: string;
  message: string;
}

export interface ReporterQuestionView {
  caseId: string;
  reference: string;
  requestId: string;
  question: string;
}

/** an alert to a person: a critical case nobody acknowledged, or a deadline passed */
export interface CaseAlertView {
  caseId: string;
  reference: string;
  kind: 'unacknowledged' | 'overdue';
  /** "OS-2026-0003 is critical and nobody has acknowledged it for 15 minutes." */
  message: string;
  severityLabel: string;
  types: string[];
  /** what the person alerted must do now, first */
  todo?: string[];
  /** set once someone acknowledged: the Acknowledge button is left off */
  acknowledged?: string;
}

/** one line of the case team's `cases` list: no names, no words from the report */
export interface OpenCaseItem {
  caseId: string;
  reference: string;
  types: string[];
  severity: Severity;
  severityLabel: string;
  /** the next deadline not yet met: "Decide by 15:30", "OVERDUE: Acknowledge by 10:15", "No deadline due" */
  deadline: string;
  overdue: boolean;
  /** "Waiting for a decision", "Approved by Priya Shah, Tue 24 Nov, 10:05" */
  status: string;
}

/** the case team's open cases, most urgent first; `more` counts those left off the card */
export interface OpenCasesView {
  cases: OpenCaseItem[];
  more: number;
}

export interface RoleChoice {
  role: Role;
  /** the role and who receives it: "Headteacher (Helen Marsh)" */
  title: string;
  selected: boolean;
}

export type FormErrors = Record<string, string>;
export type FormValues = Record<string, string>;

/**
 * the longest text each case form takes, in characters: the cards' maxLength and the server's check
 * (case-actions.ts) both read it here, so a client that ignores maxLength is refused the same
 */
export const CASE_TEXT_LIMITS = {
  /** change the route: why */
  reason: 1000,
  /** ask the reporter */
  question: 2000,
  /** the reporter's answer */
  answer: 2000,
  /** record a referral: who made it, the agency's reference */
  madeBy: 100,
  reference: 100,
  /** close: the outcome, the support offered */
  outcome: 2000,
  support: 1000,
} as const;

export type CaseTextField = keyof typeof CASE_TEXT_LIMITS;
