// every new case is stored the same way: the facts, the engine's plan, the reporter's details and the
// 'reported' event (after any earlier steps of the trail), with everything it owes people queued in
// the same transaction, under a key the server issued and bound to the reporter.
import type { EscalationPlan, IncidentFacts, SchoolProfile } from '../domain/index.js';
import type { IncidentRecord, IncidentStore, Json, NewIncidentEvent, Reporter } from '../ports/incident-store.js';
import { toJson } from '../ports/stored-data.js';
import { submissionOutbox } from './casework/case-outbox.js';

/** the status a new report waits in until the DSL (or whoever approves) decides */
export const NEW_REPORT_STATUS = 'awaiting-approval';

/** what the 'reported' event records of the plan (no names, no words) */
export const planSummary = (plan: EscalationPlan) => ({
  severity: plan.severity,
  notify: plan.notify,
  exclude: plan.exclude,
  approver: plan.approver,
  referrals: plan.referrals.map((r) => `${r.agency}:${r.when}`),
});

export async function openCase(input: {
  store: IncidentStore;
  profile: SchoolProfile;
  /** issued by the server, bound to the reporter */
  key: string;
  reporter: Reporter;
  facts: IncidentFacts;
  plan: EscalationPlan;
  details: Record<string, Json>;
  now: Date;
  /** more for the 'reported' event's data */
  data?: Record<string, Json>;
  /** events before 'reported' (how the report was made) */
  before?: NewIncidentEvent[];
  outbox?: Parameters<typeof submissionOutbox>[3];
}): Promise<IncidentRecord> {
  const { plan, reporter } = input;
  const at = input.now.toISOString();
  return input.store.create(
    {
      idempotencyKey: input.key,
      reportedAt: at,
      reportedBy: reporter,
      status: NEW_REPORT_STATUS,
      severity: plan.severity,
      facts: toJson(input.facts),
      plan: toJson(plan),
      details: input.details,
    },
    [
      ...(input.before ?? []),
      {
        type: 'reported',
        at,
        actor: { aadObjectId: reporter.aadObjectId, displayName: reporter.displayName },
        data: { ...planSummary(plan), ...input.data },
      },
    ],
    input.profile.school.referencePrefix,
    // the channel card, the alerts and the deadline timers are queued with the report itself
    { outbox: submissionOutbox(plan, input.profile, input.now, input.outbox) },
  );
}
