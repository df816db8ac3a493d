// PostgreSQL schema migrations, applied in order; the schema_migrations table records each one run
// (database.ts). never edit a migration that has shipped: add a new one. version 1 is today's SQLite
// schema (src/adapters/sqlite/migrations.ts, all of it) in PostgreSQL's own types: JSON in json columns
// (kept as written: a report's text is never reworded), queue times as timestamptz, and every instant the
// bot hands back as it was given in ISO text with the "C" collation, so it sorts as SQLite sorts it.

/** an ISO-8601 instant kept as written, compared and ordered byte by byte (as SQLite does) */
const ISO = 'TEXT COLLATE "C"';

export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    idempotency_key TEXT COLLATE "C" NOT NULL UNIQUE,
    reported_at ${ISO} NOT NULL,
    reporter_aad_id TEXT NOT NULL,
    reporter_name TEXT NOT NULL,
    reporter_kind TEXT NOT NULL CHECK (reporter_kind IN ('staff', 'pupil')),
    status TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
    facts JSON NOT NULL,
    plan JSON NOT NULL,
    details JSON NOT NULL,
    version INTEGER NOT NULL,
    updated_at ${ISO} NOT NULL
  );
  CREATE INDEX incidents_by_reporter ON incidents (reporter_aad_id, reported_at DESC);
  CREATE INDEX incidents_open ON incidents (reported_at, reference) WHERE status <> 'closed';
  CREATE INDEX incidents_by_reported_at ON incidents (reported_at, reference);

  CREATE TABLE reference_counters (
    prefix TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
  );

  -- the decision trail: KCSIE asks for every concern, decision and reason in writing; append-only,
  -- whoever connects (the trigger refuses the bot's own role too)
  CREATE TABLE incident_events (
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    at ${ISO} NOT NULL,
    actor JSON NOT NULL,
    -- a JSON string: the words as typed, even a character TEXT cannot hold (NUL), are kept
    reason JSON,
    data JSON,
    PRIMARY KEY (incident_id, seq)
  );
  CREATE FUNCTION incident_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the incident event log is append-only'; END $$;
  CREATE TRIGGER incident_events_no_change BEFORE UPDATE OR DELETE ON incident_events
    FOR EACH ROW EXECUTE FUNCTION incident_events_append_only();
  CREATE TRIGGER incident_events_no_truncate BEFORE TRUNCATE ON incident_events
    FOR EACH STATEMENT EXECUTE FUNCTION incident_events_append_only();

  -- botbuilder conversation and user state (a half-finished card flow survives a restart)
  CREATE TABLE bot_state (
    key TEXT PRIMARY KEY,
    value JSON NOT NULL,
    etag TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX bot_state_by_age ON bot_state (updated_at);

  CREATE TABLE personal_conversations (
    aad_object_id TEXT PRIMARY KEY,
    reference JSON NOT NULL,
    updated_at ${ISO} NOT NULL
  );

  -- the outbox (ports/notification-outbox.ts), written in the change's transaction. no CHECK on kind
  CREATE TABLE notifications (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    recipient TEXT,
    not_before ${ISO} NOT NULL,
    data JSON,
    urgent BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'cancelled', 'unreachable')),
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_owner TEXT,
    last_error TEXT,
    note TEXT,
    created_at ${ISO} NOT NULL,
    updated_at ${ISO} NOT NULL,
    UNIQUE (incident_id, key)
  );
  CREATE INDEX notifications_claim ON notifications (urgent DESC, next_attempt_at, id) WHERE status = 'pending';
  CREATE INDEX notifications_school_wide ON notifications (kind, key);

  CREATE TABLE channel_posts (
    incident_id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    service_url TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
  );
  CREATE TABLE channel_post_attempts (
    incident_id TEXT PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL
  );

  -- copies owed to SharePoint (ports/replication-queue.ts): one row per incident (seq 0, re-armed) and one per event
  CREATE TABLE replication_queue (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('incident', 'event')),
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    seq INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'done')),
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_owner TEXT,
    last_error TEXT,
    created_at ${ISO} NOT NULL,
    updated_at ${ISO} NOT NULL,
    UNIQUE (kind, incident_id, seq)
  );
  CREATE INDEX replication_due ON replication_queue (next_attempt_at, id) WHERE status = 'pending';
  CREATE TABLE replica_items (
    list_key TEXT NOT NULL,
    natural_key TEXT NOT NULL,
    item_id TEXT NOT NULL,
    PRIMARY KEY (list_key, natural_key)
  );

  CREATE TABLE job_runs (
    job TEXT NOT NULL,
    period_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    owner TEXT NOT NULL,
    lease_until TIMESTAMPTZ NOT NULL,
    started_at ${ISO} NOT NULL,
    finished_at ${ISO},
    summary TEXT,
    error TEXT,
    PRIMARY KEY (job, period_key)
  );

  CREATE TABLE reminders (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    not_before ${ISO} NOT NULL,
    data JSON NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'unreachable')),
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_owner TEXT,
    last_error TEXT,
    note TEXT,
    created_at ${ISO} NOT NULL,
    updated_at ${ISO} NOT NULL
  );
  CREATE INDEX reminders_due ON reminders (next_attempt_at, id) WHERE status = 'pending';

  CREATE TABLE aup_agreements (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    version TEXT NOT NULL,
    agreed_at ${ISO} NOT NULL,
    UNIQUE (person_id, version)
  );
  CREATE TABLE training_records (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    course_id TEXT NOT NULL,
    completed_on ${ISO} NOT NULL,
    provider TEXT,
    recorded_at ${ISO} NOT NULL,
    UNIQUE (person_id, course_id, completed_on)
  );
  CREATE TABLE account_reviews (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id TEXT NOT NULL,
    account_name TEXT COLLATE "C" NOT NULL,
    period_key ${ISO} NOT NULL,
    reasons JSON NOT NULL,
    decision TEXT CHECK (decision IN ('disable', 'keep')),
    decided_by TEXT,
    -- a JSON string, like the trail's reasons: typed words kept whatever they hold
    decision_reason JSON,
    decided_at ${ISO},
    UNIQUE (account_id, period_key)
  );
  CREATE TABLE compliance_reviews (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    review TEXT NOT NULL CHECK (review IN ('policy', 'filtering') OR review ~ '^check:[a-z0-9]'),
    reviewed_on ${ISO} NOT NULL,
    person_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    recorded_at ${ISO} NOT NULL,
    UNIQUE (review, reviewed_on, person_id)
  );

  CREATE TABLE directory_accounts (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    user_principal_name TEXT NOT NULL,
    account_enabled BOOLEAN NOT NULL,
    employee_leave_at ${ISO},
    last_sign_in ${ISO},
    updated_at ${ISO} NOT NULL
  );
  CREATE TABLE directory_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE directory_group_members (
    group_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    first_seen ${ISO} NOT NULL,
    PRIMARY KEY (group_id, member_id)
  );

  -- one governors' digest per term (term_key), each post of it a row, and who has read it
  CREATE TABLE digests (
    id TEXT PRIMARY KEY,
    term_name TEXT NOT NULL,
    term_key TEXT UNIQUE,
    created_at ${ISO} NOT NULL,
    created_by TEXT NOT NULL,
    digest JSON NOT NULL
  );
  CREATE TABLE digest_reads (
    digest_id TEXT NOT NULL REFERENCES digests (id),
    person_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    read_at ${ISO} NOT NULL,
    PRIMARY KEY (digest_id, person_id)
  );
  CREATE TABLE digest_posts (
    digest_id TEXT NOT NULL REFERENCES digests (id),
    seq INTEGER NOT NULL,
    posted_by TEXT NOT NULL,
    started_at ${ISO} NOT NULL,
    posted_at ${ISO},
    PRIMARY KEY (digest_id, seq)
  );

  -- what the bot posts to a school channel besides the case cards (the governors' termly digest)
  CREATE TABLE channel_outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    not_before ${ISO} NOT NULL,
    data JSON NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_owner TEXT,
    last_error TEXT,
    note TEXT,
    created_at ${ISO} NOT NULL,
    updated_at ${ISO} NOT NULL
  );
  CREATE INDEX channel_outbox_due ON channel_outbox (next_attempt_at, id) WHERE status = 'pending';
  CREATE TABLE service_urls (
    scope TEXT PRIMARY KEY,
    service_url TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
  );
  `,
  // 2: Teams' per-tenant rate limit shared by every instance (pg-rate-budget.ts): the recent calls'
  // times (ms since the epoch, ascending) in one row per scope, checked and taken under the row's lock
  // in one call, so a take is one round trip whichever instance makes it
  `
  CREATE TABLE rate_budget (
    scope TEXT PRIMARY KEY,
    calls BIGINT[] NOT NULL DEFAULT '{}',
    paused_until BIGINT NOT NULL DEFAULT 0
  );
  -- 0 when a place was taken at p_now, else the ms until every window (p_windows[i] ms, p_maxes[i] calls) has room
  CREATE FUNCTION rate_budget_take(p_scope TEXT, p_now BIGINT, p_windows BIGINT[], p_maxes INTEGER[]) RETURNS BIGINT
  LANGUAGE plpgsql AS $$
  DECLARE
    v_calls BIGINT[];
    v_paused BIGINT;
    v_wait BIGINT;
    v_inside INTEGER;
    v_longest BIGINT := 0;
    v_n INTEGER;
  BEGIN
    INSERT INTO rate_budget (scope) VALUES (p_scope) ON CONFLICT DO NOTHING;
    SELECT calls, paused_until INTO v_calls, v_paused FROM rate_budget WHERE scope = p_scope FOR UPDATE;
    v_wait := GREATEST(0, v_paused - p_now);
    v_n := COALESCE(array_length(v_calls, 1), 0);
    FOR i IN 1 .. COALESCE(array_length(p_windows, 1), 0) LOOP
      v_longest := GREATEST(v_longest, p_windows[i]);
      SELECT count(*) INTO v_inside FROM unnest(v_calls) AS c WHERE c + p_windows[i] > p_now;
      IF v_inside >= p_maxes[i] THEN
        v_wait := GREATEST(v_wait, v_calls[v_n - p_maxes[i] + 1] + p_windows[i] - p_now);
      END IF;
    END LOOP;
    IF v_wait > 0 THEN
      RETURN v_wait;
    END IF;
    UPDATE rate_budget
       SET calls = array_append(
             ARRAY(SELECT c FROM unnest(v_calls) WITH ORDINALITY AS t (c, n) WHERE c + v_longest > p_now ORDER BY n),
             GREATEST(p_now, COALESCE(v_calls[v_n], p_now)))
     WHERE scope = p_scope;
    RETURN 0;
  END $$;
  `,
];
