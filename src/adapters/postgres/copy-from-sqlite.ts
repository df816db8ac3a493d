// moving a school from its SQLite file to PostgreSQL (npm run move-to-postgres): every row of every table,
// copied in ONE PostgreSQL transaction, so the target ends with all of it or none of it. The trail keeps its
// sequence numbers, ids stay the same (the id sequences carry on after them), and a message still owed
// stays owed: pending rows keep their status and lose only the lease of the process that was stopped.
// The target's own list of tables is the list copied: a table this code does not know stops the move.
import type pg from 'pg';
import type { SqliteDatabase } from '../sqlite/database.js';
import { diagnostic, inTransaction } from './database.js';

/** every table of the PostgreSQL schema (migrations.ts), parents before children (foreign keys) */
export const COPIED_TABLES = [
  'incidents',
  'reference_counters',
  'incident_events',
  'bot_state',
  'personal_conversations',
  'notifications',
  'channel_posts',
  'channel_post_attempts',
  'replication_queue',
  'replica_items',
  'job_runs',
  'reminders',
  'aup_agreements',
  'training_records',
  'account_reviews',
  'compliance_reviews',
  'directory_accounts',
  'directory_state',
  'directory_group_members',
  'digests',
  'digest_reads',
  'digest_posts',
  'channel_outbox',
  'service_urls',
] as const;

/**
 * words as typed: SQLite keeps them as plain text, PostgreSQL as a JSON string (so even a NUL is kept);
 * see the PostgreSQL adapters' writes of an event's reason and an account review's decision reason
 */
const TYPED_WORDS: Readonly<Record<string, readonly string[]>> = {
  incident_events: ['reason'],
  account_reviews: ['decision_reason'],
};

/** the bot's own notes about a delivery or a job: PostgreSQL's text cannot hold a NUL (database.ts diagnostic) */
const DIAGNOSTICS = new Set(['last_error', 'note', 'error', 'summary']);

const BATCH = 500;

export class MoveRefusedError extends Error {}

export interface CopiedTable {
  table: string;
  rows: number;
}

interface Column {
  name: string;
  /** PostgreSQL's name for the column's type (text, json, bool, int4, int8, timestamptz) */
  type: string;
  identity: boolean;
}

/**
 * copies everything in `sqlite` (opened and migrated to the current schema) into the pool's database or
 * schema (migrated too). Refuses, changing nothing, if the target already holds records; after copying,
 * compares each table's count with the file's and rolls everything back on any difference.
 */
export async function copySqliteToPostgres(sqlite: SqliteDatabase, pool: pg.Pool, now: Date = new Date()): Promise<CopiedTable[]> {
  // one read transaction: the counts compared at the end are those of the rows copied
  sqlite.exec('BEGIN');
  try {
    return await inTransaction(pool, async (client) => {
      const columns = await targetColumns(client);
      await client.query(`LOCK TABLE ${COPIED_TABLES.join(', ')} IN EXCLUSIVE MODE`);
      const held: string[] = [];
      for (const table of COPIED_TABLES) {
        const { rows } = await client.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
        if (rows[0]!.n > 0) held.push(`${table} (${rows[0]!.n})`);
      }
      if (held.length > 0) {
        throw new MoveRefusedError(
          `the PostgreSQL database already holds records (${held.join(', ')}): nothing was copied. ` +
            'Moving is for a school whose records are all still in its SQLite file; choose an empty database or school',
        );
      }
      const copied: CopiedTable[] = [];
      for (const table of COPIED_TABLES) {
        copied.push({ table, rows: await copyTable(sqlite, client, table, columns.get(table)!, now) });
      }
      for (const { table, rows } of copied) {
        const { rows: counted } = await client.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
        const inFile = (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
        if (counted[0]!.n !== inFile || rows !== inFile) {
          throw new Error(
            `${table}: ${inFile} rows in the SQLite file but ${counted[0]!.n} in PostgreSQL after copying; nothing was kept (rolled back)`,
          );
        }
      }
      return copied;
    });
  } finally {
    sqlite.exec('COMMIT');
  }
}

/**
 * the target's tables and columns; a table or column this copier would not fill stops the move before it
 * starts. Not copied: the migrations' own record, and the instances' shared Teams rate budget (PostgreSQL's
 * alone: one process on SQLite keeps it in memory, so a file has none)
 */
async function targetColumns(client: pg.PoolClient): Promise<Map<string, Column[]>> {
  const { rows } = await client.query<{ table_name: string; column_name: string; udt_name: string; is_identity: string }>(
    `SELECT table_name, column_name, udt_name, is_identity FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name NOT IN ('schema_migrations', 'rate_budget') ORDER BY table_name, ordinal_position`,
  );
  const byTable = new Map<string, Column[]>();
  for (const r of rows) {
    const list = byTable.get(r.table_name) ?? [];
    list.push({ name: r.column_name, type: r.udt_name, identity: r.is_identity === 'YES' });
    byTable.set(r.table_name, list);
  }
  const unknown = [...byTable.keys()].filter((t) => !(COPIED_TABLES as readonly string[]).includes(t));
  const missing = COPIED_TABLES.filter((t) => !byTable.has(t));
  if (unknown.length > 0 || missing.length > 0) {
    throw new Error(
      `the PostgreSQL schema has tables this copier does not know (${unknown.join(', ') || 'none'}) or lacks (${missing.join(', ') || 'none'}); ` +
        'use the same version of the bot for the move as the database was made with',
    );
  }
  return byTable;
}

async function copyTable(sqlite: SqliteDatabase, client: pg.PoolClient, table: string, columns: Column[], now: Date): Promise<number> {
  const inFile = new Set((sqlite.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
  const notCopied = [...inFile].filter((c) => !columns.some((col) => col.name === c));
  const absent = columns.filter((c) => !inFile.has(c.name)).map((c) => c.name);
  if (notCopied.length > 0 || absent.length > 0) {
    throw new Error(`${table}: the SQLite file's columns do not match PostgreSQL's (${[...notCopied, ...absent].join(', ')})`);
  }
  const rows = sqlite.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
  const names = columns.map((c) => c.name);
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const overriding = columns.some((c) => c.identity) ? 'OVERRIDING SYSTEM VALUE ' : '';
  const insert = `INSERT INTO ${table} (${names.join(', ')}) ${overriding}SELECT * FROM unnest(${arrays})`;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH).map((row) => convert(table, row, columns, now));
    await client.query(
      insert,
      names.map((name) => batch.map((row) => row[name])),
    );
  }
  // the next id carries on after the last one copied, as SQLite's AUTOINCREMENT would have
  for (const c of columns.filter((col) => col.identity)) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), m) FROM (SELECT MAX(${c.name}) AS m FROM ${table}) AS last WHERE m IS NOT NULL`,
      [table, c.name],
    );
  }
  return rows.length;
}

/** one SQLite row as PostgreSQL's columns take it; JSON text is passed as written, never re-serialised */
function convert(table: string, row: Record<string, unknown>, columns: Column[], now: Date): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const value = row[c.name];
    if (value === null || value === undefined) out[c.name] = null;
    else if (TYPED_WORDS[table]?.includes(c.name)) out[c.name] = JSON.stringify(value);
    else if (c.type === 'bool') out[c.name] = value === 1 || value === '1' || value === true;
    // bot state written before its age was recorded ('' in SQLite) counts from the move, as it did from the upgrade
    else if (c.type === 'timestamptz' && value === '') out[c.name] = now.toISOString();
    else if (DIAGNOSTICS.has(c.name) && typeof value === 'string') out[c.name] = diagnostic(value);
    else out[c.name] = value;
  }
  // a queue row held by the stopped bot is free again, and due now if its hold had pushed it later
  if ('lease_owner' in out && out.lease_owner !== null) {
    out.lease_owner = null;
    if (out.status === 'pending' && typeof out.next_attempt_at === 'string' && out.next_attempt_at > now.toISOString()) {
      out.next_attempt_at = now.toISOString();
    }
  }
  return out;
}
