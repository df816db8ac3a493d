import { AGENCIES, type Agency } from '../agencies.js';
import type { DeadlineAction, ReferralTiming, Sanction } from '../escalation-plan.js';
import type { Role } from '../roles.js';
import { moreSevere, type Severity } from '../severity.js';

/**
 * Who approves, by weight of the rule that proposed it (lower wins): an allegation against an adult
 * outranks a safeguarding concern, which outranks a headteacher's sanction, the DPO's breach and the
 * online-safety lead's low-level matters.
 */
export const APPROVER_WEIGHT = {
  allegation: 1,
  safeguarding: 2,
  headteacher: 3,
  dataProtection: 4,
  onlineSafety: 5,
  fallback: 6,
} as const;

/** the plan being built: rules only add to it, so the order they run in changes wording, not outcome */
export class Draft {
  severity: Severity = 'low';
  readonly notify: Role[] = [];
  approver: Role | null = null;
  approverWeight = 99;
  readonly referrals = new Map<Agency, ReferralTiming>();
  sanction: Sanction | undefined;
  readonly deadlines = new Map<DeadlineAction, string>();
  readonly guidance: string[] = [];
  readonly rationale: string[] = [];
  /** R1: never posted to a shared channel */
  oneToOneOnly = false;

  raise(severity: Severity): this {
    this.severity = moreSevere(this.severity, severity);
    return this;
  }

  to(...roles: Role[]): this {
    for (const role of roles) if (!this.notify.includes(role)) this.notify.push(role);
    return this;
  }

  approvedBy(role: Role, weight: number): this {
    if (weight < this.approverWeight) {
      this.approver = role;
      this.approverWeight = weight;
    }
    return this.to(role);
  }

  refer(agency: Agency, when: ReferralTiming): this {
    if (this.referrals.get(agency) !== 'now') this.referrals.set(agency, when);
    return this;
  }

  due(action: DeadlineAction, within: string): this {
    this.deadlines.set(action, within);
    return this;
  }

  guide(...lines: string[]): this {
    for (const line of lines) if (!this.guidance.includes(line)) this.guidance.push(line);
    return this;
  }

  because(line: string): this {
    this.rationale.push(line);
    return this;
  }
}

/** referrals in the plan's order: 'now' first, then AGENCIES order */
export function orderedReferrals(referrals: ReadonlyMap<Agency, ReferralTiming>): { agency: Agency; when: ReferralTiming }[] {
  const out: { agency: Agency; when: ReferralTiming }[] = [];
  for (const when of ['now', 'consider'] as const) {
    for (const agency of AGENCIES) if (referrals.get(agency) === when) out.push({ agency, when });
  }
  return out;
}
