// `npm run move-to-postgres -- [--from <file>] [--school <id>]`: copies a school's records from its SQLite
// file into the PostgreSQL database DATABASE_URL names, all in one transaction (all or nothing).
//   --from <file>   the SQLite file (default: online-safety.sqlite under DATA_DIR, as the bot keeps it)
//   --school <id>   a trust's school (its id in the trust file): the records go into that school's own schema
// Settings: DATABASE_URL (required), DATABASE_AUTH (entra signs in as the managed identity or, on a PC,
// as whoever `az login` signed in), AZURE_CLIENT_ID, DATA_DIR, SQLITE_JOURNAL_MODE.
// Stop the bot and back up the file first (README: "One school or a whole trust"). The file is opened as
// the bot opens it, so an older file is brought up to this version's layout first.
// Refuses, changing nothing, when the target already holds records. Prints how many rows each table had.
// exit codes: 0 moved, 1 the move failed (nothing kept), 2 a wrong option or setting, 3 refused.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATABASE_FILE, openDatabaseFile } from '../src/adapters/sqlite/database.js';
import { schoolSchema } from '../src/adapters/open-stores.js';
import { copySqliteToPostgres, MoveRefusedError } from '../src/adapters/postgres/copy-from-sqlite.js';
import { entraPassword, postgresCredential } from '../src/adapters/postgres/entra-password.js';
import { openPostgresStore } from '../src/adapters/postgres/store.js';
import { loadConfig } from '../src/config/env.js';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const fail = (line: string, code: number): never => {
  process.stderr.write(`${line}\n`);
  process.exit(code);
};

async function main(): Promise<void> {
  let values: { from?: string; school?: string };
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, school: { type: 'string' } } }));
  } catch (error) {
    return fail(
      `${error instanceof Error ? error.message : String(error)}\nUse: npm run move-to-postgres -- [--from <file>] [--school <id>]`,
      2,
    );
  }
  // the target's settings are read as the bot reads them for STORE=postgres, whatever STORE says now
  const config = loadConfig({ ...process.env, STORE: 'postgres' }, 'job');
  if (!config.ok) return fail(`Fix these settings (see .env.example):\n${config.errors.map((e) => `  - ${e}`).join('\n')}`, 2);
  const cfg = config.value;
  if (values.school !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(values.school)) {
    return fail(
      `--school: ${JSON.stringify(values.school)} is not a school id (lower-case letters, digits and -, as in the trust file)`,
      2,
    );
  }
  const from = values.from ?? join(values.school ? join(cfg.dataDir, values.school) : cfg.dataDir, DATABASE_FILE);
  if (!existsSync(from)) return fail(`No SQLite file at ${from}: give its path with --from <file>`, 2);

  const sqlite = openDatabaseFile(from, cfg.sqliteJournalMode);
  const target = values.school ? `the school's own schema ${schoolSchema(values.school)}` : 'the default schema';
  say(`Copying ${from} into ${target} of the PostgreSQL database...`);
  try {
    const pg = await openPostgresStore(
      { databaseUrl: cfg.databaseUrl! },
      {
        poolSize: 2,
        ...(values.school ? { schema: schoolSchema(values.school) } : {}),
        ...(cfg.databaseEntra ? { password: entraPassword(postgresCredential(cfg.databaseEntra)) } : {}),
      },
    );
    try {
      const copied = await copySqliteToPostgres(sqlite, pg.pool);
      const width = Math.max(...copied.map((c) => c.table.length));
      for (const { table, rows } of copied) say(`  ${table.padEnd(width)}  ${rows}`);
      say('Done: every table holds the same number of rows as the file. Start the bot with STORE=postgres.');
    } finally {
      await pg.close();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof MoveRefusedError) return fail(`Refused: ${message}`, 3);
    return fail(`The move failed and nothing was kept in PostgreSQL (the SQLite file still holds every record): ${message}`, 1);
  } finally {
    sqlite.close();
  }
}

void main();
