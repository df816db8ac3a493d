// the incident store: the school's incident log and its append-only decision trail.
// adapters: sqlite (embedded default), postgres (a trust, several instances). every adapter passes test/ports/incident-store.contract.ts.
import type { Severity } from '../domain/severity.js';
import type { OutboxItem } from './notification-outbox.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface Reporter {
  aadObjectId: string;
  displayName: string;
  kind: 'staff' | 'pupil';
}

export interface NewIncident {
  /** the same key twice creates one incident (a double-clicked Submit, a retried request) */
  idempotencyKey: string;
  reportedAt: string; // ISO-8601 instant
  reportedBy: Reporter;
  status: string;
  severity: Severity;
  /** the engine's input, the engine's output and the reporter's details: opaque JSON to the store */
  facts: Json;
  plan: Json;
  details: Json;
}

export interface IncidentRecord extends Omit<NewIncident, 'idempotencyKey'> {
  id: string;
  /** human reference, unique per school and year: OS-2026-0001 */
  reference: string;
  /** bumped by every update; updates name the version they read (optimistic concurrency) */
  version: number;
  updatedAt: string;
}

/**
 * one entry of a case's stored trail: what happened, when, and who did it. the domain's lifecycle
 * decides whether a step is allowed (its LifecycleEvent is that decision); this is what is written down,
 * and it also holds what only the bot records (messages delivered or not, questions and answers).
 */
export interface IncidentEvent {
  incidentId: string;
  /** 1, 2, 3... per incident, in the order written */
  seq: number;
  type: string;
  at: string;
  actor: { aadObjectId: string; displayName: string } | { system: string };
  reason?: string;
  data?: Json;
}

export type NewIncidentEvent = Omit<IncidentEvent, 'incidentId' | 'seq'>;

/** facts change only when a report completes the case its early danger alert opened */
export type IncidentPatch = Partial<Pick<IncidentRecord, 'status' | 'severity' | 'plan' | 'details' | 'facts'>>;

export class ConcurrencyError extends Error {
  constructor(
    readonly incidentId: string,
    readonly expected: number,
    readonly actual: number | undefined,
  ) {
    super(`incident ${incidentId} changed since it was read (expected version ${expected}, found ${actual ?? 'none'})`);
    this.name = 'ConcurrencyError';
  }
}

export class NotFoundError extends Error {
  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super(`${what} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/** messages a change owes people, queued in the same transaction as the change (notification-outbox.ts) */
export interface WriteOptions {
  outbox?: readonly OutboxItem[];
}

export interface IncidentStore {
  /**
   * stores the incident and its opening events together (all or nothing), allocating the reference;
   * idempotent by key: a repeat returns the first incident and writes nothing
   */
  create(
    incident: NewIncident,
    events: NewIncidentEvent | readonly NewIncidentEvent[],
    referencePrefix: string,
    options?: WriteOptions,
  ): Promise<IncidentRecord>;
  get(id: string): Promise<IncidentRecord | undefined>;
  getByReference(reference: string): Promise<IncidentRecord | undefined>;
  /** the reporter's own incidents, newest first */
  listByReporter(aadObjectId: string, limit?: number): Promise<IncidentRecord[]>;
  /**
   * applies the patch, appends the event and queues the outbox items atomically, if the incident is
   * still at `expectedVersion`; otherwise nothing is written and ConcurrencyError is thrown
   */
  update(
    id: string,
    expectedVersion: number,
    patch: IncidentPatch,
    event: NewIncidentEvent,
    options?: WriteOptions,
  ): Promise<IncidentRecord>;
  /** appends the event and queues the outbox items atomically; the version is not bumped */
  appendEvent(id: string, event: NewIncidentEvent, options?: WriteOptions): Promise<IncidentEvent>;
  /** cases not yet closed, oldest report first: the safeguarding team's queue */
  listOpen(limit?: number): Promise<IncidentRecord[]>;
  /** every case reported from `from` (inclusive) to `to` (exclusive), ISO instants, oldest first: the digest's terms */
  listReportedBetween(from: string, to: string): Promise<IncidentRecord[]>;
  events(id: string): Promise<IncidentEvent[]>;
  /** a cheap round trip, for /readyz */
  ping(): Promise<void>;
  close(): Promise<void>;
}
