// `npm run doctor` on STORE=postgres: connects as the bot would (the school's schema in a trust), reads the
// schema version and changes nothing (no schema is made, no migration run). A failure is told in plain
// words the IT technician can act on, never with the password.
import type pg from 'pg';
import { openPostgresPool } from '../../src/adapters/postgres/database.js';

export interface PostgresProbe {
  /** the pool, for the checks that read the school's tables (undefined when it could not connect) */
  pool?: pg.Pool;
  /** the schema version; undefined when the schema has no tables yet */
  schemaVersion?: number;
  /** why it could not connect, in plain words */
  error?: string;
  close(): Promise<void>;
}

/** where the database is, without the user name or the password: host:port/database */
export function whereIs(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return 'DATABASE_URL (unreadable)';
  }
}

/** pg's error as a technician reads it; never the password, even if a message were to carry it */
export function plainReason(error: unknown, url: string): string {
  const e = error as { code?: string; message?: string };
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // an unreadable URL: nothing to hide from it but the URL itself
  }
  const where = whereIs(url);
  const words: Record<string, string> = {
    ECONNREFUSED: `connection refused at ${where}: is PostgreSQL running there, on that port?`,
    ENOTFOUND: `no such host: ${where}`,
    EAI_AGAIN: `the host name could not be looked up: ${where}`,
    ETIMEDOUT: `no answer from ${where} (a firewall, or not a PostgreSQL server?)`,
    '28P01': `password wrong for the user in DATABASE_URL (at ${where})`,
    '28000': `the server refused the user in DATABASE_URL (at ${where}): check pg_hba.conf or the firewall rules`,
    '3D000': `no such database: ${where}`,
  };
  const text = (e.code && words[e.code]) ?? `${e.message ?? String(error)} (at ${where})`;
  return password ? text.replaceAll(password, '[redacted]') : text;
}

/** a server that takes the connection and never answers (a half-open firewall) must not hang the checklist */
const ANSWER_WITHIN_MS = 15_000;

export async function probePostgres(url: string, schema?: string, answerWithinMs = ANSWER_WITHIN_MS): Promise<PostgresProbe> {
  const pool = openPostgresPool(url, { max: 2, ...(schema ? { schema } : {}) });
  const close = () => pool.end().catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })), answerWithinMs);
  });
  try {
    return await Promise.race([read(pool, close), silent]);
  } catch (error) {
    // a pool still waiting on a silent server is left to the process's exit, not awaited
    void close();
    return { error: plainReason(error, url), close: async () => undefined };
  } finally {
    clearTimeout(timer);
  }
}

async function read(pool: pg.Pool, close: () => Promise<void>): Promise<PostgresProbe> {
  // to_regclass: null, not an error, when the schema (or its table) is not there yet
  const { rows } = await pool.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!rows[0]?.t) return { pool, close };
  const version = await pool.query<{ v: number }>('SELECT COALESCE(MAX(version), 0)::int AS v FROM schema_migrations');
  return { pool, schemaVersion: version.rows[0]!.v, close };
}
