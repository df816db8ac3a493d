// the shared PostgreSQL store: one pg Pool per process, its schema brought up to date on open.
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from './migrations.js';

export type Queryable = pg.Pool | pg.PoolClient;

// bigint (ids, counts) as numbers: ours stay far below 2^53. timestamptz as the ISO text the ports use.
const INT8 = 20;
const TIMESTAMPTZ = 1184;
const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ) as (text: string) => Date;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return (text: string) => Number(text);
    if (oid === TIMESTAMPTZ) return (text: string) => parseTimestamp(text).toISOString();
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** a school's own schema in a trust's database: lower-case letters, digits and _, starting with a letter */
export const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** a password asked for at each new connection (an Entra token, see entra-password.ts) instead of one in the address */
export type PasswordSource = () => Promise<string>;

/**
 * how pg should connect. pg reads a password-less address as an empty password that replaces a password
 * function, so with one the address is taken apart here (server, port, user, database, sslmode) instead.
 * sslmode require/verify-ca/verify-full check the server's certificate, as pg 8 itself does today.
 */
export function connectionConfig(connectionString: string, password?: PasswordSource): pg.ClientConfig {
  if (!password) return { connectionString };
  const url = new URL(connectionString);
  if (url.password) throw new Error('DATABASE_URL: holds a password, but the bot was asked to sign in with a token instead');
  const sslmode = url.searchParams.get('sslmode');
  return {
    host: decodeURIComponent(url.hostname),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username),
    password,
    ...(sslmode === null || sslmode === 'disable' ? {} : { ssl: sslmode === 'no-verify' ? { rejectUnauthorized: false } : true }),
  };
}

/**
 * `schema`: the PostgreSQL schema every table lives in (one per school in a trust's database, so no query
 * of one school's can name another's tables); PostgreSQL's default (public) without it.
 * `password`: asked for each time the pool opens a connection (a managed identity's token, which expires)
 */
export function openPostgresPool(
  connectionString: string,
  options: { max?: number; schema?: string; password?: PasswordSource } = {},
): pg.Pool {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema))
    throw new Error(`not a schema name the bot uses: ${JSON.stringify(options.schema)} (lower-case letters, digits and _)`);
  const pool = new pg.Pool({
    ...connectionConfig(connectionString, options.password),
    types,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // an idle connection dropped by the server (a failover, a restart) must not crash the process:
  // the pool replaces it on the next query
  pool.on('error', () => {});
  return pool;
}

/**
 * the bot's own words about a delivery (an error, a note): PostgreSQL's text cannot hold a NUL, which an
 * answer from a server may carry, so it is shown as U+FFFD rather than failing the write that records it
 */
export function diagnostic<T extends string | undefined>(text: T): T {
  return (text === undefined ? text : text.replaceAll('\u0000', '\uFFFD')) as T;
}

/** runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

// any fixed number: the lock every instance takes while migrating, so two starting at once take turns
const MIGRATION_LOCK = 4_620_020;

/** brings the schema up to date in one transaction (all or nothing), under a lock; refuses a schema newer than this code */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // a school's schema (the pool's search_path) is made on its first start
    const { rows: schemas } = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
    const wanted = (await client.query<{ search_path: string }>('SHOW search_path')).rows[0]!.search_path;
    if (!schemas[0]?.schema && SCHEMA_NAME.test(wanted)) await client.query(`CREATE SCHEMA IF NOT EXISTS ${wanted}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ current: number }>('SELECT COALESCE(MAX(version), 0) AS current FROM schema_migrations');
    const current = rows[0]!.current;
    if (current > POSTGRES_MIGRATIONS.length) {
      throw new Error(
        `the database schema (version ${current}) is newer than this version of the bot understands (${POSTGRES_MIGRATIONS.length}); upgrade the bot`,
      );
    }
    for (let v = current; v < POSTGRES_MIGRATIONS.length; v++) {
      await client.query(POSTGRES_MIGRATIONS[v]!);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
    }
  });
}
