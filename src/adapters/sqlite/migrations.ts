// schema migrations, applied in order; PRAGMA user_version records how many have run.
// never edit a migration that has shipped: add a new one.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    reported_at TEXT NOT NULL,
    reporter_aad_id TEXT NOT NULL,
    reporter_name TEXT NOT NULL,
    reporter_kind TEXT NOT NULL CHECK (reporter_kind IN ('staff', 'pupil')),
    status TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
    facts TEXT NOT NULL,
    plan TEXT NOT NULL,
    details TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX incidents_by_reporter ON incidents (reporter_aad_id, reported_at DESC);
  CREATE INDEX incidents_by_status ON incidents (status);

  CREATE TABLE reference_counters (
    prefix TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
  );

  -- the decision trail: KCSIE asks for every concern, decision and reason in writing; append-only
  CREATE TABLE incident_events (
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT,
    data TEXT,
    PRIMARY KEY (incident_id, seq)
  );
  CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events
    BEGIN SELECT RAISE(ABORT, 'the incident event log is append-only'); END;
  CREATE TRIGGER incident_events_no_delete BEFORE DELETE ON incident_events
    BEGIN SELECT RAISE(ABORT, 'the incident event log is append-only'); END;

  -- botbuilder conversation and user state (a half-finished card flow survives a restart)
  CREATE TABLE bot_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    etag TEXT NOT NULL
  );
  `,
  `
  -- personal-chat conversation references, so the bot can reach a person later (proactive messages)
  CREATE TABLE personal_conversations (
    aad_object_id TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
];
