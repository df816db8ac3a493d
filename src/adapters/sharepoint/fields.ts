// how an incident and an event are written as SharePoint list item fields (lists.ts): one mapping for
// the SharePoint store and the replicator, so both write the same records. what may go to the shared
// site is decided here and only here: summaryFields is all of it, and keptOffSharedSite says which
// cases may not go there even as a summary.
import { londonDate } from '../../domain/calendar.js';
import { SCHOOL_ADULTS } from '../../domain/escalation/situation.js';
import type { IncidentEvent, IncidentRecord, Json, NewIncidentEvent } from '../../ports/incident-store.js';

export const eventKey = (incidentId: string, seq: number): string => `${incidentId}#${seq}`;

/**
 * the IdempotencyKey column: the key counts only for the person who sent it, so a key that another
 * reporter happened to use finds nothing (and the unique column does not refuse the second report)
 */
export const scopedIdempotencyKey = (reporterAadId: string, idempotencyKey: string): string => `${reporterAadId}:${idempotencyKey}`;

type RecordWithId = Omit<IncidentRecord, 'id'> & { id: string };

/** the case in full, for the restricted site's details list */
export function detailFields(record: RecordWithId, idempotencyKey: string): Record<string, string | number> {
  return {
    Title: record.reference,
    IncidentId: record.id,
    IdempotencyKey: idempotencyKey,
    ReportedAt: record.reportedAt,
    ReporterAadId: record.reportedBy.aadObjectId,
    ReporterName: record.reportedBy.displayName,
    ReporterKind: record.reportedBy.kind,
    Status: record.status,
    Severity: record.severity,
    Facts: JSON.stringify(record.facts),
    Plan: JSON.stringify(record.plan),
    Details: JSON.stringify(record.details),
    Version: record.version,
    UpdatedAt: record.updatedAt,
  };
}

const object = (value: Json | undefined): { [key: string]: Json } | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
const ids = (value: Json | undefined): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * the shared site's line for a case: its reference, the day it was reported (London), its types,
 * severity, status and risk areas. nothing else: no names, no ids of people, no words of the report,
 * no reasons, not even the time of day (which can point at who was on duty).
 */
export function summaryFields(record: RecordWithId): Record<string, string> {
  return {
    Title: record.reference,
    IncidentId: record.id,
    ReportedOn: `${londonDate(new Date(record.reportedAt))}T00:00:00Z`,
    IncidentTypes: ids(object(record.facts)?.types).join(', '),
    Severity: record.severity,
    Status: record.status,
    RiskAreas: ids(object(record.plan)?.riskAreas).join(', '),
  };
}

/**
 * a case that must not appear on the shared site, not even as a summary line: an allegation about an
 * adult in the school (an instigator among SCHOOL_ADULTS), or a case that shuts anyone out (the plan's
 * `exclude` roles or `excludePeople` ids). the accused may well be able to read the shared site. a plan
 * or facts that cannot be read are treated the same way: when in doubt, the summary stays off.
 */
export function keptOffSharedSite(record: Pick<IncidentRecord, 'plan' | 'facts'>): boolean {
  const plan = object(record.plan);
  const facts = object(record.facts);
  if (!plan || !facts) return true;
  for (const key of ['exclude', 'excludePeople']) {
    const value = plan[key];
    if (value !== undefined && (!Array.isArray(value) || value.length > 0)) return true;
  }
  const involved = facts.involved;
  if (involved !== undefined && !Array.isArray(involved)) return true;
  return (involved ?? []).some((e) => {
    const entry = object(e);
    return entry?.part === 'instigator' && (SCHOOL_ADULTS as readonly Json[]).includes(entry.party ?? null);
  });
}

export function eventFields(incidentId: string, seq: number, event: NewIncidentEvent | IncidentEvent): Record<string, string | number> {
  const key = eventKey(incidentId, seq);
  return {
    Title: key,
    EventKey: key,
    IncidentId: incidentId,
    Seq: seq,
    EventType: event.type,
    At: event.at,
    Actor: JSON.stringify(event.actor),
    ...(event.reason !== undefined ? { Reason: event.reason } : {}),
    ...(event.data !== undefined ? { Data: JSON.stringify(event.data) } : {}),
  };
}
