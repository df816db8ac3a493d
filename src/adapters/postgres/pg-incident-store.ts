import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
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
import { eventActorSchema, jsonSchema, parseStored } from '../../ports/stored-data.js';
import { inTransaction } from './database.js';
import { insertOutboxItems } from './pg-notification-outbox.js';
import { queueReplication } from './pg-replication-queue.js';

interface IncidentRow {
  id: string;
  reference: string;
  reported_at: string;
  reporter_aad_id: string;
  reporter_name: string;
  reporter_kind: 'staff' | 'pupil';
  status: string;
  severity: IncidentRecord['severity'];
  facts: unknown;
  plan: unknown;
  details: unknown;
  version: number;
  updated_at: string;
}

interface EventRow {
  incident_id: string;
  seq: number;
  type: string;
  at: string;
  actor: unknown;
  reason: unknown;
  data: unknown;
}

const toRecord = (r: IncidentRow): IncidentRecord => ({
  id: r.id,
  reference: r.reference,
  reportedAt: r.reported_at,
  reportedBy: { aadObjectId: r.reporter_aad_id, displayName: r.reporter_name, kind: r.reporter_kind },
  status: r.status,
  severity: r.severity,
  facts: parseStored(jsonSchema, r.facts, { table: 'incidents', row: r.id, column: 'facts' }),
  plan: parseStored(jsonSchema, r.plan, { table: 'incidents', row: r.id, column: 'plan' }),
  details: parseStored(jsonSchema, r.details, { table: 'incidents', row: r.id, column: 'details' }),
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
    actor: parseStored(eventActorSchema, r.actor, at('actor')),
    ...(r.reason !== null ? { reason: parseStored(z.string(), r.reason, at('reason')) } : {}),
    ...(r.data !== null ? { data: parseStored(jsonSchema, r.data, at('data')) } : {}),
  };
};

export interface PostgresStoreOptions {
  /** queue a copy of every change for a remote store (SharePoint) in the same transaction */
  replicate?: boolean;
}

export class PostgresIncidentStore implements IncidentStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresStoreOptions = {},
  ) {}

  async create(
    incident: NewIncident,
    events: NewIncidentEvent | readonly NewIncidentEvent[],
    referencePrefix: string,
    options?: WriteOptions,
  ): Promise<IncidentRecord> {
    // january the first is in GMT, so the UTC year is the school's year
    const year = new Date(incident.reportedAt).getUTCFullYear();
    const storedId = await inTransaction(this.pool, async (client) => {
      // one submission at a time per key, across instances: the repeat waits for the first and finds it
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`incident-key:${incident.idempotencyKey}`]);
      // the key and the copies made of it when someone else had it first (key#id): '$' is the character after '#'
      const holders = await client.query<{ id: string; reporter_aad_id: string }>(
        `SELECT id, reporter_aad_id FROM incidents WHERE idempotency_key = $1 OR (idempotency_key >= $1 || '#' AND idempotency_key < $1 || '$')`,
        [incident.idempotencyKey],
      );
      // a repeat by the same reporter writes nothing, not even outbox items the first did not carry
      const mine = holders.rows.find((h) => h.reporter_aad_id === incident.reportedBy.aadObjectId);
      if (mine) return mine.id;
      const id = randomUUID();
      // someone else's key is no key: the report is recorded as new, never swallowed
      const key = holders.rows.length > 0 ? `${incident.idempotencyKey}#${id}` : incident.idempotencyKey;
      // the counter row stays locked until commit, so concurrent reports take numbers in turn, and a
      // rolled-back report gives its number back: no gaps
      const counter = await client.query<{ last: number }>(
        `INSERT INTO reference_counters (prefix, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (prefix, year) DO UPDATE SET last = reference_counters.last + 1 RETURNING last`,
        [referencePrefix, year],
      );
      const reference = `${referencePrefix}-${year}-${String(counter.rows[0]!.last).padStart(4, '0')}`;
      await client.query(
        `INSERT INTO incidents (id, reference, idempotency_key, reported_at, reporter_aad_id, reporter_name, reporter_kind,
           status, severity, facts, plan, details, version, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $4)`,
        [
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
        ],
      );
      const written: IncidentEvent[] = [];
      for (const event of Array.isArray(events) ? events : [events]) written.push(await insertEvent(client, id, event as NewIncidentEvent));
      await insertOutboxItems(client, id, options?.outbox ?? [], incident.reportedAt);
      await this.replicate(client, id, written, incident.reportedAt);
      return id;
    });
    return (await this.get(storedId))!;
  }

  async get(id: string): Promise<IncidentRecord | undefined> {
    const { rows } = await this.pool.query<IncidentRow>('SELECT * FROM incidents WHERE id = $1', [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async getByReference(reference: string): Promise<IncidentRecord | undefined> {
    const { rows } = await this.pool.query<IncidentRow>('SELECT * FROM incidents WHERE reference = $1', [reference]);
    return rows[0] && toRecord(rows[0]);
  }

  async listByReporter(aadObjectId: string, limit = 20): Promise<IncidentRecord[]> {
    const { rows } = await this.pool.query<IncidentRow>(
      'SELECT * FROM incidents WHERE reporter_aad_id = $1 ORDER BY reported_at DESC, reference DESC LIMIT $2',
      [aadObjectId, limit],
    );
    return rows.map(toRecord);
  }

  async update(
    id: string,
    expectedVersion: number,
    patch: IncidentPatch,
    event: NewIncidentEvent,
    options?: WriteOptions,
  ): Promise<IncidentRecord> {
    await inTransaction(this.pool, async (client) => {
      // the row lock holds off any other change to the case until this one commits
      const { rows } = await client.query<{ version: number }>('SELECT version FROM incidents WHERE id = $1 FOR UPDATE', [id]);
      if (!rows[0]) throw new NotFoundError('incident', id);
      if (rows[0].version !== expectedVersion) throw new ConcurrencyError(id, expectedVersion, rows[0].version);
      await client.query(
        `UPDATE incidents SET
           status = COALESCE($1, status), severity = COALESCE($2, severity),
           plan = COALESCE($3::json, plan), details = COALESCE($4::json, details), facts = COALESCE($5::json, facts),
           version = version + 1, updated_at = $6
         WHERE id = $7`,
        [
          patch.status ?? null,
          patch.severity ?? null,
          patch.plan === undefined ? null : JSON.stringify(patch.plan),
          patch.details === undefined ? null : JSON.stringify(patch.details),
          patch.facts === undefined ? null : JSON.stringify(patch.facts),
          event.at,
          id,
        ],
      );
      const written = await insertEvent(client, id, event);
      await insertOutboxItems(client, id, options?.outbox ?? [], event.at);
      await this.replicate(client, id, [written], event.at);
    });
    return (await this.get(id))!;
  }

  async appendEvent(id: string, event: NewIncidentEvent, options?: WriteOptions): Promise<IncidentEvent> {
    return inTransaction(this.pool, async (client) => {
      // locked, so two events appended at once take seq n and n + 1 in turn
      const { rows } = await client.query('SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE', [id]);
      if (rows.length === 0) throw new NotFoundError('incident', id);
      const written = await insertEvent(client, id, event);
      await insertOutboxItems(client, id, options?.outbox ?? [], event.at);
      await this.replicate(client, id, [written], event.at);
      return written;
    });
  }

  async listReportedBetween(from: string, to: string): Promise<IncidentRecord[]> {
    const { rows } = await this.pool.query<IncidentRow>(
      'SELECT * FROM incidents WHERE reported_at >= $1 AND reported_at < $2 ORDER BY reported_at, reference',
      [from, to],
    );
    return rows.map(toRecord);
  }

  async listOpen(limit = 50): Promise<IncidentRecord[]> {
    const { rows } = await this.pool.query<IncidentRow>(
      "SELECT * FROM incidents WHERE status <> 'closed' ORDER BY reported_at, reference LIMIT $1",
      [limit],
    );
    return rows.map(toRecord);
  }

  async events(id: string): Promise<IncidentEvent[]> {
    const { rows } = await this.pool.query<EventRow>('SELECT * FROM incident_events WHERE incident_id = $1 ORDER BY seq', [id]);
    return rows.map(toEvent);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  /** ends the pool, which every adapter of the store shares (as SQLite's close closes the shared file) */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private closed = false;

  private async replicate(client: pg.PoolClient, incidentId: string, events: readonly IncidentEvent[], at: string): Promise<void> {
    if (this.options.replicate)
      await queueReplication(
        client,
        incidentId,
        events.map((e) => e.seq),
        at,
      );
  }
}

/** the next event of the trail; the caller holds the incident (locked, or created in this transaction) */
async function insertEvent(client: pg.PoolClient, incidentId: string, event: NewIncidentEvent): Promise<IncidentEvent> {
  const { rows } = await client.query<{ seq: number }>(
    `INSERT INTO incident_events (incident_id, seq, type, at, actor, reason, data)
     SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6 FROM incident_events WHERE incident_id = $1
     RETURNING seq`,
    [
      incidentId,
      event.type,
      event.at,
      JSON.stringify(event.actor),
      event.reason === undefined ? null : JSON.stringify(event.reason),
      event.data === undefined ? null : JSON.stringify(event.data),
    ],
  );
  return { ...event, incidentId, seq: rows[0]!.seq };
}
