import type { EscalationPlan, IncidentFacts, Party, Part } from '../../../src/domain/index.js';

/** facts with the defaults a staff report has; `involved` as 'party:part' for readable tables */
export function facts(
  partial: Omit<Partial<IncidentFacts>, 'involved'> & { involved?: `${Party}:${Part}`[] } & Pick<IncidentFacts, 'types'>,
): IncidentFacts {
  const { involved = [], ...rest } = partial;
  return {
    reportedBy: 'staff',
    ...rest,
    involved: involved.map((e) => {
      const [party, part] = e.split(':') as [Party, Part];
      return { party, part };
    }),
  };
}

/** the parts of a plan a table asserts, in a compact form that is still exact */
export interface PlanSummary {
  severity: EscalationPlan['severity'];
  riskAreas?: string;
  notify: string;
  exclude: string;
  approver: string | null;
  referrals: string;
  sanction: string | null;
  deadlines: string;
}

export function summarise(plan: EscalationPlan): Required<PlanSummary> {
  return {
    severity: plan.severity,
    riskAreas: plan.riskAreas.join(', '),
    notify: plan.notify.join(', '),
    exclude: plan.exclude.join(', '),
    approver: plan.approver,
    referrals: plan.referrals.map((r) => `${r.agency}:${r.when}`).join(', '),
    sanction: plan.sanction ? `${plan.sanction.subject}:${plan.sanction.category}` : null,
    deadlines: plan.deadlines.map((d) => `${d.action}:${d.within}`).join(', '),
  };
}

export const DEADLINES = {
  critical: 'acknowledge:PT15M, triage-decision:P0D',
  high: 'triage-decision:P0D',
  medium: 'triage-decision:P1D',
  low: 'triage-decision:P1W',
} as const;
