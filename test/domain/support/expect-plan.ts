import { DEADLINES, type PlanSummary } from './facts.js';

/** an expected plan summary: deadlines start from the severity's service level, then the extras */
export function expected(e: {
  severity: PlanSummary['severity'];
  riskAreas: string;
  notify: string;
  approver: string | null;
  exclude?: string;
  referrals?: string;
  sanction?: string;
  extraDeadlines?: string;
}): Required<PlanSummary> {
  return {
    severity: e.severity,
    riskAreas: e.riskAreas,
    notify: e.notify,
    exclude: e.exclude ?? '',
    approver: e.approver,
    referrals: e.referrals ?? '',
    sanction: e.sanction ?? null,
    deadlines: [DEADLINES[e.severity], e.extraDeadlines].filter(Boolean).join(', '),
  };
}
