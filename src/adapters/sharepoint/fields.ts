// how an incident and an event are written as SharePoint list item fields (lists.ts): one mapping for
// the SharePoint store and the replicator, so both write the same records.
import type { IncidentEvent, IncidentRecord, NewIncidentEvent } from '../../ports/incident-store.js';

export const eventKey = (incidentId: string, seq: number): string => `${incidentId}#${seq}`;

export function incidentFields(record: Omit<IncidentRecord, 'id'> & { id: string }, idempotencyKey: string): Record<string, string | number> {
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
