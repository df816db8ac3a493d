// help comes the moment danger is known: when a reporter answers that a child is in danger now, the
// case is opened and the DSL, deputies and headteacher are alerted 1:1 at once (and the 15-minute
// acknowledgement timer starts), before the rest of the form. The alert says who is reporting and that
// a child is in danger now, nothing more; the adult the danger comes from (when the reporter named one
// of the school's people) is barred from it like from any case about them. The finished report joins
// this case (submitReport).
import { londonDate, parseIncidentFacts, planEscalation, profileRoles, type IncidentFacts } from '../domain/index.js';
import type { IncidentRecord, Json } from '../ports/incident-store.js';
import { rolesOf } from './identity.js';
import { openCase } from './open-case.js';
import type { DraftInput } from './submit-report.js';
import { buildFacts } from './report-flow/steps.js';

/** what the record says until the report is finished */
export const EARLY_ALERT_DESCRIPTION = 'A member of staff says a child is in danger right now. Their full report is still being written.';
export const MEETING_ALERT_DESCRIPTION =
  'A member of staff reports that a child has arranged to meet someone who contacted them online (grooming). Their full report is still being written.';

/**
 * why the leads are alerted before the report is finished: a child in danger now, or (grooming, Camden
 * 4.7) a meeting arranged with the adult, which makes the case critical the moment the teacher says so
 */
export type EarlyAlertReason = 'danger-now' | 'meeting-arranged';

export async function raiseDangerAlert(input: DraftInput, reason: EarlyAlertReason = 'danger-now'): Promise<IncidentRecord> {
  const { draft, reporter, profile, now } = input;
  const a = draft.answers;
  const named = a.dangerSource && a.dangerSource !== 'no' && a.dangerSource !== 'unsure' ? a.dangerSource : undefined;
  // a meeting: what the report says so far (the kind, who, who it is about) is known, and is the case
  const facts: IncidentFacts =
    reason === 'meeting-arranged'
      ? buildFacts(a, profile)
      : {
          reportedBy: 'staff',
          involved: [{ party: 'pupil', part: 'victim' }, ...(named ? [{ party: 'staff' as const, part: 'instigator' as const }] : [])],
          // the kind is not known yet; the finished report sets it
          types: a.types && a.types.length > 0 ? [...a.types] : ['pupil-worry'],
          immediateRisk: true,
          ...(named ? { implicatedPeople: [{ aadObjectId: named, roles: rolesOf(profile, named) }] } : {}),
        };
  const parsed = parseIncidentFacts(facts);
  if (!parsed.ok) throw new Error(`the danger alert's facts are invalid: ${JSON.stringify(parsed.error)}`);
  const plan = planEscalation(parsed.value, profileRoles(profile));
  const details: Record<string, Json> = {
    date: londonDate(now),
    description: reason === 'meeting-arranged' ? MEETING_ALERT_DESCRIPTION : EARLY_ALERT_DESCRIPTION,
    startedAt: draft.startedAt,
    flowId: draft.flowId,
    earlyAlert: true,
  };
  return openCase({
    store: input.store,
    profile,
    key: `danger:${reporter.aadObjectId}:${draft.flowId}`,
    reporter,
    facts: parsed.value,
    plan,
    details,
    now,
    data: { earlyAlert: true },
  });
}
