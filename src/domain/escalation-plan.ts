import { z } from 'zod';
import { agencySchema, type Agency } from './agencies.js';
import { riskAreaSchema, type RiskArea } from './risk-areas.js';
import { roleSchema, type Role } from './roles.js';
import { severitySchema, type Severity } from './severity.js';

export type ReferralTiming = 'now' | 'consider';
export interface Referral {
  agency: Agency;
  /** now: a person makes the call straight away; consider: the approver decides and records why */
  when: ReferralTiming;
}

export type SanctionSubject = 'pupil' | 'staff';
export type SanctionCategory = 'A' | 'B' | 'C' | 'D';
/** Camden 5.1 (pupils, A-D) and 5.2 (staff, A-B) */
export interface Sanction {
  subject: SanctionSubject;
  category: SanctionCategory;
}

/**
 * The fixed vocabulary timers key on. `within` is an ISO-8601 duration; see dueBy for how days
 * (working days, ending at the end of the school day) and hours (clock hours) are counted.
 */
export const DEADLINE_ACTIONS = ['acknowledge', 'triage-decision', 'lado-consult', 'ico-decision'] as const;
export type DeadlineAction = (typeof DEADLINE_ACTIONS)[number];

export const DEADLINE_ACTION_INFO: Readonly<Record<DeadlineAction, { label: string; description: string }>> = {
  acknowledge: {
    label: 'Acknowledge',
    description: 'The first person notified acknowledges a critical case; if not, the deputies and the headteacher are alerted.',
  },
  'triage-decision': {
    label: 'Decide',
    description: 'The approver records the escalation decision and the reasons for it.',
  },
  'lado-consult': { label: 'Consult the LADO', description: 'The headteacher consults the LADO about an allegation against an adult.' },
  'ico-decision': { label: 'ICO decision', description: 'The DPO decides whether the breach is reported to the ICO.' },
};

export interface Deadline {
  action: DeadlineAction;
  /** ISO-8601 duration, e.g. 'PT15M', 'P0D' (today), 'P1D', 'PT72H' */
  within: string;
}

/** the output of planEscalation (DOMAIN.md contract, plus the extra field escalateIfUnacknowledged) */
export interface EscalationPlan {
  severity: Severity;
  riskAreas: RiskArea[];
  /** internal roles to receive the case, most urgent first */
  notify: Role[];
  /** implicated roles: never notified, never the approver */
  exclude: Role[];
  /** who approves the escalation */
  approver: Role | null;
  /** 'now' before 'consider', then in AGENCIES order */
  referrals: Referral[];
  sanction?: Sanction;
  deadlines: Deadline[];
  /** plain-English instructions for the reporter and the DSL */
  guidance: string[];
  /** which rule decided what, citing the policy */
  rationale: string[];
  /** critical only: who is alerted when the acknowledge deadline passes (never an excluded role) */
  escalateIfUnacknowledged: Role[];
  /**
   * R1 by person: Entra object ids of the people the concern is about (facts.implicatedPeople). They are
   * barred from every layer, whatever role they hold; their roles are in `exclude`. Absent when none.
   */
  excludePeople?: string[];
  /**
   * the case is never posted to a shared channel: handled 1:1 with the case team. Set whenever anyone
   * is excluded (a role or a person) or the adult will be named in person. Absent otherwise.
   */
  oneToOneOnly?: true;
}

/**
 * the plan as it is stored with a case, read back: the same shape as EscalationPlan (the annotation
 * holds the two together). what decides who is told and who acts must be there and well formed; the
 * lists that only explain (risk areas, guidance, rationale) read as empty when missing, so a case is
 * never unreadable for want of its explanation. plans stored before excludePeople and oneToOneOnly
 * existed lack them, as the type allows.
 */
export const escalationPlanSchema: z.ZodType<EscalationPlan> = z.object({
  severity: severitySchema,
  riskAreas: z.array(riskAreaSchema).default([]),
  notify: z.array(roleSchema),
  exclude: z.array(roleSchema),
  approver: roleSchema.nullable(),
  referrals: z.array(z.object({ agency: agencySchema, when: z.enum(['now', 'consider']) })),
  sanction: z.object({ subject: z.enum(['pupil', 'staff']), category: z.enum(['A', 'B', 'C', 'D']) }).optional(),
  deadlines: z.array(z.object({ action: z.enum(DEADLINE_ACTIONS), within: z.string() })),
  guidance: z.array(z.string()).default([]),
  rationale: z.array(z.string()).default([]),
  escalateIfUnacknowledged: z.array(roleSchema),
  excludePeople: z.array(z.string()).optional(),
  oneToOneOnly: z.literal(true).optional(),
});
