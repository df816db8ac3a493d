import { parseIncidentFacts, describeFactProblems, type SchoolProfile } from '../domain/index.js';
import type { IncidentRecord, IncidentStore, Json, Reporter } from '../ports/incident-store.js';
import { toJson } from '../ports/stored-data.js';
import { buildFacts, planFor, type ReportDraft } from './report-flow/index.js';
import { submissionOutbox } from './casework/case-outbox.js';
import { RATE_LIMIT, recentReports } from './reporter-rate.js';
import { openCase, planSummary } from './open-case.js';

export { NEW_REPORT_STATUS } from './open-case.js';

export class IncompleteReportError extends Error {
  constructor(detail: string) {
    super(`the report cannot be submitted: ${detail}`);
    this.name = 'IncompleteReportError';
  }
}

/** a reporter's draft, as the report's use cases (submit, the early danger alert) take it */
export interface DraftInput {
  store: IncidentStore;
  profile: SchoolProfile;
  draft: ReportDraft;
  reporter: Reporter;
  now: Date;
  /** more for the record's details (a reported Teams message): kept in the record, shown 1:1 to those entitled */
  extraDetails?: Record<string, Json>;
}

/**
 * Records a finished draft: the facts, the engine's plan with its rationale, the reporter's details and
 * a first 'reported' event, together. The draft's flowId, bound to the reporter, is the idempotency key,
 * so a double-clicked Submit (or a retried request) creates one incident. Past the rate limit the report
 * is still recorded; it just pages nobody.
 */
export async function submitReport(input: DraftInput): Promise<IncidentRecord> {
  const { draft, reporter } = input;
  const a = draft.answers;
  const parsed = parseIncidentFacts(buildFacts(a, input.profile));
  if (!parsed.ok) throw new IncompleteReportError(describeFactProblems(parsed.error));
  if (!a.date || !a.description) throw new IncompleteReportError('the date and the description are required');
  const plan = planFor(a, input.profile);
  const at = input.now.toISOString();
  const key = `report:${reporter.aadObjectId}:${draft.flowId}`;
  const recentCount =
    (await recentReports(
      input.store,
      reporter.aadObjectId,
      input.now,
      (r) => (r.details as { flowId?: string } | null)?.flowId === draft.flowId,
    )) + 1;
  const details: Record<string, Json> = {
    date: a.date,
    description: a.description,
    startedAt: draft.startedAt,
    flowId: draft.flowId,
    recentCount,
    ...input.extraDetails,
  };
  for (const key of ['time', 'platform', 'evidence', 'actionTaken', 'childNames'] as const) {
    const value = a[key];
    if (value) details[key] = value;
  }
  const actor = { aadObjectId: reporter.aadObjectId, displayName: reporter.displayName };
  const summary = planSummary(plan);
  if (a.alertCaseId) {
    // the early danger alert opened the case: the report completes it, and whatever the fuller picture
    // owes people is queued with it (what the alert already queued is not queued twice: same keys)
    const alerted = await input.store.get(a.alertCaseId);
    if (alerted && alerted.reportedBy.aadObjectId === reporter.aadObjectId) {
      if (
        (alerted.details as { flowId?: string } | null)?.flowId === draft.flowId &&
        (alerted.details as { earlyAlert?: boolean }).earlyAlert !== true
      )
        return alerted;
      return input.store.update(
        alerted.id,
        alerted.version,
        {
          facts: toJson(parsed.value),
          plan: toJson(plan),
          severity: plan.severity,
          details: { ...details, alertedAt: alerted.reportedAt },
        },
        { type: 'report-completed', at, actor, data: { ...summary, steps: (draft.completed ?? []).map((c) => `${c.step}@${c.at}`) } },
        { outbox: submissionOutbox(plan, input.profile, input.now) },
      );
    }
  }
  // the trail of how the report was made (KCSIE: concerns recorded as they were given), then the report
  return openCase({
    store: input.store,
    profile: input.profile,
    // issued by the server with the draft and bound to its reporter
    key,
    reporter,
    facts: parsed.value,
    plan,
    details,
    now: input.now,
    before: (draft.completed ?? []).map((c) => ({ type: 'step-completed', at: c.at, actor, data: { step: c.step } })),
    outbox: { quiet: recentCount > RATE_LIMIT },
  });
}
