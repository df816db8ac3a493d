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
  `
  -- the outbox: messages a change owes people, written in the change's transaction (ports/notification-outbox.ts).
  -- no CHECK on kind: new kinds should not need a table rebuild
  CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    recipient TEXT,
    not_before TEXT NOT NULL,
    data TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'cancelled', 'unreachable')),
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (incident_id, key)
  );
  -- claiming and the backlog only look at pending rows, so the index holds only those
  CREATE INDEX notifications_due ON notifications (next_attempt_at, id) WHERE status = 'pending';

  -- where each case's channel card was posted, so later changes update the same message
  CREATE TABLE channel_posts (
    incident_id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    service_url TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  `
  -- copies owed to SharePoint (ports/replication-queue.ts): written in the change's transaction.
  -- one row per incident (seq 0, re-armed by each change) and one per event
  CREATE TABLE replication_queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('incident', 'event')),
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    seq INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'done')),
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (kind, incident_id, seq)
  );
  CREATE INDEX replication_due ON replication_queue (next_attempt_at, id) WHERE status = 'pending';

  -- the SharePoint item id of each natural key once created, so an update is one PATCH
  CREATE TABLE replica_items (
    list_key TEXT NOT NULL,
    natural_key TEXT NOT NULL,
    item_id TEXT NOT NULL,
    PRIMARY KEY (list_key, natural_key)
  );
  `,
  `
  -- scheduled jobs: one run per job and period, claimed with a lease (ports/job-runs.ts)
  CREATE TABLE job_runs (
    job TEXT NOT NULL,
    period_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    owner TEXT NOT NULL,
    lease_until TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    summary TEXT,
    error TEXT,
    PRIMARY KEY (job, period_key)
  );

  -- reminders owed to people (ports/reminder-outbox.ts); the key names the period and the person
  CREATE TABLE reminders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    not_before TEXT NOT NULL,
    data TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'unreachable')),
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX reminders_due ON reminders (next_attempt_at, id) WHERE status = 'pending';

  -- evidence the school keeps: acceptable use agreements and training, each row a fact, never edited
  CREATE TABLE aup_agreements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    version TEXT NOT NULL,
    agreed_at TEXT NOT NULL,
    UNIQUE (person_id, version)
  );
  CREATE TABLE training_records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    course_id TEXT NOT NULL,
    completed_on TEXT NOT NULL,
    provider TEXT,
    recorded_at TEXT NOT NULL,
    UNIQUE (person_id, course_id, completed_on)
  );
  CREATE TABLE account_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    account_name TEXT NOT NULL,
    period_key TEXT NOT NULL,
    reasons TEXT NOT NULL,
    decision TEXT CHECK (decision IN ('disable', 'keep')),
    decided_by TEXT,
    decision_reason TEXT,
    decided_at TEXT,
    UNIQUE (account_id, period_key)
  );
  `,
  `
  -- the school's directory as last read through Graph: a daily delta keeps it fresh, the monthly leaver
  -- review reads it (the delta token lives 7 days in Graph, so a monthly delta alone would never work)
  CREATE TABLE directory_accounts (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    user_principal_name TEXT NOT NULL,
    account_enabled INTEGER NOT NULL,
    employee_leave_at TEXT,
    last_sign_in TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE directory_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  `
  -- members of the school's staff groups as last read, so someone new is asked for the AUP on appointment
  CREATE TABLE directory_group_members (
    group_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (group_id, member_id)
  );
  `,
  `
  -- the governors' termly digests as posted (aggregates only) and who has read each (a read receipt)
  CREATE TABLE digests (
    id TEXT PRIMARY KEY,
    term_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    digest TEXT NOT NULL
  );
  CREATE TABLE digest_reads (
    digest_id TEXT NOT NULL REFERENCES digests (id),
    person_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    read_at TEXT NOT NULL,
    PRIMARY KEY (digest_id, person_id)
  );
  `,
  `
  -- when each piece of bot state was last written: a report abandoned half way (children's names in its
  -- draft) is wiped after a week. state already here counts from the upgrade.
  ALTER TABLE bot_state ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
  UPDATE bot_state SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
  CREATE INDEX bot_state_by_age ON bot_state (updated_at);
  `,
  `
  -- one governors' digest per term (keyed by the term's first day), however many ask at once; each time
  -- it goes to the channel is a post of that one digest, so its read list stays one list. of a term
  -- posted twice before this, the first keeps the key; every digest here was posted when it was made.
  ALTER TABLE digests ADD COLUMN term_key TEXT;
  UPDATE digests SET term_key = json_extract(digest, '$.term.start')
    WHERE rowid IN (SELECT MIN(rowid) FROM digests GROUP BY json_extract(digest, '$.term.start'));
  CREATE UNIQUE INDEX digests_one_per_term ON digests (term_key);
  CREATE TABLE digest_posts (
    digest_id TEXT NOT NULL REFERENCES digests (id),
    seq INTEGER NOT NULL,
    posted_by TEXT NOT NULL,
    started_at TEXT NOT NULL,
    posted_at TEXT,
    PRIMARY KEY (digest_id, seq)
  );
  INSERT INTO digest_posts (digest_id, seq, posted_by, started_at, posted_at) SELECT id, 1, created_by, created_at, created_at FROM digests;
  `,
  `
  -- the yearly reviews as done (the policy, filtering and monitoring): who pressed "I've done it" and
  -- when. the review jobs and the digest read the latest; the profile's reviews.*ReviewedOn only starts it
  CREATE TABLE compliance_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    review TEXT NOT NULL CHECK (review IN ('policy', 'filtering')),
    reviewed_on TEXT NOT NULL,
    person_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (review, reviewed_on, person_id)
  );
  `,
  `
  -- what the bot posts to a school channel unprompted besides the case cards (the governors' termly
  -- digest): queued in the same transaction as the record it posts, kept and retried until it is sent
  CREATE TABLE channel_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    not_before TEXT NOT NULL,
    data TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX channel_outbox_due ON channel_outbox (next_attempt_at, id) WHERE status = 'pending';
  -- the Teams service URL activities last came through, from each channel and ('*') from anywhere:
  -- a channel post after a restart is addressed from here, before anyone has written to the bot
  CREATE TABLE service_urls (
    scope TEXT PRIMARY KEY,
    service_url TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  `
  -- who holds each leased queue row. a worker renews its hold every few seconds while it works (a
  -- heartbeat), so a crash releases the row within seconds; an instance starting takes back at once
  -- what a dead predecessor on the same machine held. urgent messages (a critical alert, a case card)
  -- are claimed first. a channel card's post is noted before it is sent: one found at a retry was
  -- maybe seen by Teams, so its second copy says so
  ALTER TABLE notifications ADD COLUMN lease_owner TEXT;
  ALTER TABLE notifications ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
  UPDATE notifications SET urgent = 1
    WHERE kind IN ('channel-card', 'approver-card', 'unacknowledged-alert')
       OR (kind = 'routed' AND json_extract(data, '$.stage') IN ('alert', 'pupil'));
  CREATE INDEX notifications_claim ON notifications (urgent DESC, next_attempt_at, id) WHERE status = 'pending';
  ALTER TABLE reminders ADD COLUMN lease_owner TEXT;
  ALTER TABLE replication_queue ADD COLUMN lease_owner TEXT;
  ALTER TABLE channel_outbox ADD COLUMN lease_owner TEXT;
  CREATE TABLE channel_post_attempts (
    incident_id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL
  );
  `,
  `
  -- named recurring checks (issue 16: Bentley's monthly ICT security check, Bawtry's licence check) are
  -- recorded beside the reviews as check:<id>: the table is rebuilt to widen its CHECK, keeping every row
  CREATE TABLE compliance_reviews_widened (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    review TEXT NOT NULL CHECK (review IN ('policy', 'filtering') OR review GLOB 'check:[a-z0-9]*'),
    reviewed_on TEXT NOT NULL,
    person_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (review, reviewed_on, person_id)
  );
  INSERT INTO compliance_reviews_widened (id, review, reviewed_on, person_id, person_name, recorded_at)
    SELECT id, review, reviewed_on, person_id, person_name, recorded_at FROM compliance_reviews;
  DROP TABLE compliance_reviews;
  ALTER TABLE compliance_reviews_widened RENAME TO compliance_reviews;
  `,
];
