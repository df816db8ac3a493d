import { randomUUID } from 'node:crypto';
import {
  ConcurrencyError,
  NotFoundError,
  type IncidentEvent,
  type IncidentPatch,
  type IncidentRecord,
  type IncidentStore,
  type NewIncident,
  type NewIncidentEvent,
  type WriteOptions,
} from '../../ports/incident-store.js';
import { eventActorSchema, jsonSchema, parseStoredJson } from '../../ports/stored-data.js';
import type { SqliteDatabase } from './database.js';
import { insertOutboxItems } from './sqlite-notification-outbox.js';
import { queueReplication } from './sqlite-replication-queue.js';

interface IncidentRow {
  id: string;
  reference: string;
  reported_at: string;
  reporter_aad_id: string;
  reporter_name: string;
  reporter_kind: 'staff' | 'pupil';
  status: string;
  severity: IncidentRecord['severity'];
  facts: string;
  plan: string;
  details: string;
  version: number;
  updated_at: string;
}

interface EventRow {
  incident_id: string;
  seq: number;
  type: string;
  at: string;
  actor: string;
  reason: string | null;
  data: string | null;
}

const toRecord = (r: IncidentRow): IncidentRecord => ({
  id: r.id,
  reference: r.reference,
  reportedAt: r.reported_at,
  reportedBy: { aadObjectId: r.reporter_aad_id, displayName: r.reporter_name, kind: r.reporter_kind },
  status: r.status,
  severity: r.severity,
  facts: parseStoredJson(jsonSchema, r.facts, { table: 'incidents', row: r.id, column: 'facts' }),
  plan: parseStoredJson(jsonSchema, r.plan, { table: 'incidents', row: r.id, column: 'plan' }),
  details: parseStoredJson(jsonSchema, r.details, { table: 'incidents', row: r.id, column: 'details' }),
  version: r.version,
  updatedAt: r.updated_at,
});

const toEvent = (r: EventRow): IncidentEvent => {
  const at = (column: string) => ({ table: 'incident_events', row: `${r.incident_id}#${r.seq}`, column });
  return {
    incidentId: r.incident_id,
    seq: r.seq,
    type: r.type,
    at: r.at,
    actor: parseStoredJson(eventActorSchema, r.actor, at('actor')),
    ...(r.reason !== null ? { reason: r.reason } : {}),
    ...(r.data !== null ? { data: parseStoredJson(jsonSchema, r.data, at('data')) } : {}),
  };
};

export interface SqliteStoreOptions {
  /** queue a copy of every change for a remote store (SharePoint) in the same transaction */
  replicate?: boolean;
}

export class SqliteIncidentStore implements IncidentStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: SqliteStoreOptions = {},
  ) {}

  async create(
    incident: NewIncident,
    events: NewIncidentEvent | readonly NewIncidentEvent[],
    referencePrefix: string,
    options?: WriteOptions,
  ): Promise<IncidentRecord> {
    // january the first is in GMT, so the UTC year is the school's year
    const year = new Date(incident.reportedAt).getUTCFullYear();
    const storedId = this.db.transaction((): string => {
      // checked inside the transaction, so the repeat and the first cannot both insert
      // the key and the copies made of it when someone else had it first (key#id)
      const holders = this.db
        // a range on the unique index: '$' is the character after '#'
        .prepare<[string, string, string], { id: string; reporter_aad_id: string }>(
          "SELECT id, reporter_aad_id FROM incidents WHERE idempotency_key = ? OR (idempotency_key >= ? || '#' AND idempotency_key < ? || '$')",
        )
        .all(incident.idempotencyKey, incident.idempotencyKey, incident.idempotencyKey);
      // a repeat by the same reporter writes nothing, not even outbox items the first did not carry
      const mine = holders.find((h) => h.reporter_aad_id === incident.reportedBy.aadObjectId);
      if (mine) return mine.id;
      const id = randomUUID();
      // someone else's key is no key: the report is recorded as new, never swallowed
      const key = holders.length > 0 ? `${incident.idempotencyKey}#${id}` : incident.idempotencyKey;
      const { last } = this.db
        .prepare<[string, number], { last: number }>(
          `INSERT INTO reference_counters (prefix, year, last) VALUES (?, ?, 1)
           ON CONFLICT (prefix, year) DO UPDATE SET last = last + 1 RETURNING last`,
        )
        .get(referencePrefix, year)!;
      const reference = `${referencePrefix}-${year}-${String(last).padStart(4, '0')}`;
      this.db
        .prepare(
          `INSERT INTO incidents (id, reference, idempotency_key, reported_at, reporter_aad_id, reporter_name, reporter_kind,
             status, severity, facts, plan, details, version, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
        )
        .run(
          id,
          reference,
          key,
          incident.reportedAt,
          incident.reportedBy.aadObjectId,
          incident.reportedBy.displayName,
          incident.reportedBy.kind,
          incident.status,
          incident.severity,
          JSON.stringify(incident.facts),
          JSON.stringify(incident.plan),
          JSON.stringify(incident.details),
          incident.reportedAt,
        );
      const written = (Array.isArray(events) ? events : [events]).map((event) => this.insertEvent(id, event as NewIncidentEvent));
      insertOutboxItems(this.db, id, options?.outbox ?? [], incident.reportedAt);
      this.replicate(id, written, incident.reportedAt);
      return id;
    })();
    return (await this.get(storedId))!;
  }

  async get(id: string): Promise<IncidentRecord | undefined> {
    const row = this.db.prepare<[string], IncidentRow>('SELECT * FROM incidents WHERE id = ?').get(id);
    return row && toRecord(row);
  }

  async getByReference(reference: string): Promise<IncidentRecord | undefined> {
    const row = this.db.prepare<[string], IncidentRow>('SELECT * FROM incidents WHERE reference = ?').get(reference);
    return row && toRecord(row);
  }

  async listByReporter(aadObjectId: string, limit = 20): Promise<IncidentRecord[]> {
    return this.db
      .prepare<[string, number], IncidentRow>(
        'SELECT * FROM incidents WHERE reporter_aad_id = ? ORDER BY reported_at DESC, reference DESC LIMIT ?',
      )
      .all(aadObjectId, limit)
      .map(toRecord);
  }

  async update(
    id: string,
    expectedVersion: number,
    patch: IncidentPatch,
    event: NewIncidentEvent,
    options?: WriteOptions,
  ): Promise<IncidentRecord> {
    this.db.transaction(() => {
      const row = this.db.prepare<[string], { version: number }>('SELECT version FROM incidents WHERE id = ?').get(id);
      if (!row) throw new NotFoundError('incident', id);
      if (row.version !== expectedVersion) throw new ConcurrencyError(id, expectedVersion, row.version);
      this.db
        .prepare(
          `UPDATE incidents SET
             status = COALESCE(?, status), severity = COALESCE(?, severity),
             plan = COALESCE(?, plan), details = COALESCE(?, details), facts = COALESCE(?, facts),
             version = version + 1, updated_at = ?
           WHERE id = ?`,
        )
        .run(
          patch.status ?? null,
          patch.severity ?? null,
          patch.plan === undefined ? null : JSON.stringify(patch.plan),
          patch.details === undefined ? null : JSON.stringify(patch.details),
          patch.facts === undefined ? null : JSON.stringify(patch.facts),
          event.at,
          id,
        );
      const written = this.insertEvent(id, event);
      insertOutboxItems(this.db, id, options?.outbox ?? [], event.at);
      this.replicate(id, [written], event.at);
    })();
    return (await this.get(id))!;
  }

  async appendEvent(id: string, event: NewIncidentEvent, options?: WriteOptions): Promise<IncidentEvent> {
    return this.db.transaction(() => {
      const exists = this.db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(id);
      if (!exists) throw new NotFoundError('incident', id);
      const written = this.insertEvent(id, event);
      insertOutboxItems(this.db, id, options?.outbox ?? [], event.at);
      this.replicate(id, [written], event.at);
      return written;
    })();
  }

  async listReportedBetween(from: string, to: string): Promise<IncidentRecord[]> {
    return this.db
      .prepare<[string, string], IncidentRow>(
        'SELECT * FROM incidents WHERE reported_at >= ? AND reported_at < ? ORDER BY reported_at, reference',
      )
      .all(from, to)
      .map(toRecord);
  }

  async listOpen(limit = 50): Promise<IncidentRecord[]> {
    return this.db
      .prepare<[number], IncidentRow>("SELECT * FROM incidents WHERE status <> 'closed' ORDER BY reported_at, reference LIMIT ?")
      .all(limit)
      .map(toRecord);
  }

  async events(id: string): Promise<IncidentEvent[]> {
    return this.db.prepare<[string], EventRow>('SELECT * FROM incident_events WHERE incident_id = ? ORDER BY seq').all(id).map(toEvent);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private replicate(incidentId: string, events: readonly IncidentEvent[], at: string): void {
    if (this.options.replicate)
      queueReplication(
        this.db,
        incidentId,
        events.map((e) => e.seq),
        at,
      );
  }

  private insertEvent(incidentId: string, event: NewIncidentEvent): IncidentEvent {
    const { next } = this.db
      .prepare<[string], { next: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM incident_events WHERE incident_id = ?')
      .get(incidentId)!;
    this.db
      .prepare('INSERT INTO incident_events (incident_id, seq, type, at, actor, reason, data) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(
        incidentId,
        next,
        event.type,
        event.at,
        JSON.stringify(event.actor),
        event.reason ?? null,
        event.data === undefined ? null : JSON.stringify(event.data),
      );
    return { ...event, incidentId, seq: next };
  }
}
