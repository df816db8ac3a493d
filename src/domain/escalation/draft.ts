import { AGENCIES, type Agency } from '../agencies.js';
import type { DeadlineAction, ReferralTiming, Sanction } from '../escalation-plan.js';
import type { Role } from '../roles.js';
import { moreSevere, type Severity } from '../severity.js';
import type { RuleId } from './rule.js';

/** a rationale line written once every rule has run: it can say the plan's final severity and which rule set it */
export type LateLine = (final: { severity: Severity; setBy: RuleId | undefined }) => string;

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
  /** the rule that raised the severity to what it is now (planEscalation says which rule is applying) */
  severitySetBy: RuleId | undefined;
  applying: RuleId | undefined;
  readonly notify: Role[] = [];
  approver: Role | null = null;
  approverWeight = 99;
  readonly referrals = new Map<Agency, ReferralTiming>();
  sanction: Sanction | undefined;
  readonly deadlines = new Map<DeadlineAction, string>();
  readonly guidance: string[] = [];
  private readonly lines: (string | LateLine)[] = [];
  /** R1: never posted to a shared channel */
  oneToOneOnly = false;

  raise(severity: Severity): this {
    const raised = moreSevere(this.severity, severity);
    if (raised !== this.severity) {
      this.severity = raised;
      this.severitySetBy = this.applying;
    }
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

  /** a rationale line; a function is written at the end, when the final severity is known */
  because(line: string | LateLine): this {
    this.lines.push(line);
    return this;
  }

  /** the rationale in the order the rules wrote it, late lines written against the final severity */
  rationale(): string[] {
    const final = { severity: this.severity, setBy: this.severitySetBy };
    return this.lines.map((line) => (typeof line === 'string' ? line : line(final)));
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
