// `npm run doctor`: checks what the bot needs, for the school's IT technician, and prints a checklist in
// plain English: settings, school profile, database, disk space, who the bot can reach in Teams, the
// channels, and each Microsoft Graph permission it uses (one cheap call each, when Graph is set up).
// It reads the settings the bot reads (.env in App Service's settings, or the environment) and changes
// nothing: it installs nothing and tells nobody. Names are printed here, never logged.
// exit codes: 0 nothing would stop an alert; 1 something would (a line marked [problem]).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { statfs } from 'node:fs/promises';
import { openBotDatabase, openDatabase, openDatabaseFile, type SqliteDatabase } from '../src/adapters/sqlite/database.js';
import { SqliteConversationDirectory } from '../src/adapters/sqlite/sqlite-conversation-directory.js';
import { graphFromConfig } from '../src/adapters/graph/graph-from-env.js';
import { GraphAppInstaller } from '../src/adapters/graph/graph-app-installer.js';
import { resolveListIds } from '../src/adapters/sharepoint/list-ids.js';
import { PostgresConversationDirectory } from '../src/adapters/postgres/pg-conversation-directory.js';
import { schoolSchema } from '../src/adapters/open-stores.js';
import { loadConfig, type AppConfig } from '../src/config/env.js';
import { loadTrustFile } from '../src/config/trust-file.js';
import type { SchoolProfile } from '../src/domain/school-profile.js';
import { probePostgres, type PostgresProbe } from './lib/postgres-probe.js';
import { checkProfileText } from '../src/config/profile-problems.js';
import { doctorExitCode, formatChecklist, runDoctor, type DoctorInput, type DoctorTools } from '../src/app/doctor.js';

const databases: SqliteDatabase[] = [];
const probes: PostgresProbe[] = [];

/** PostgreSQL (STORE=postgres): the school's schema (school_<id> in a trust, else the default), read, never changed */
async function postgresTools(cfg: AppConfig, schoolId?: string) {
  const probe = await probePostgres(cfg.databaseUrl ?? '', schoolId ? schoolSchema(schoolId) : undefined);
  probes.push(probe);
  let conversations;
  if (probe.pool && probe.schemaVersion !== undefined) conversations = new PostgresConversationDirectory(probe.pool);
  else {
    // no tables yet: nobody is known to be reachable
    const db = openDatabaseFile(':memory:');
    databases.push(db);
    conversations = new SqliteConversationDirectory(db);
  }
  return {
    conversations,
    postgres: async () => {
      if (probe.error) throw new Error(probe.error);
      return probe.schemaVersion;
    },
  };
}

function sqliteTools(cfg: AppConfig, schoolId?: string) {
  const dataDir = schoolId ? join(cfg.dataDir, schoolId) : cfg.dataDir;
  let db: SqliteDatabase;
  let openError: Error | undefined;
  try {
    db = schoolId ? openDatabase(dataDir, cfg.sqliteJournalMode) : openBotDatabase(cfg);
  } catch (error) {
    // the checks that read the database still run, on an empty one: nobody is known to be reachable
    openError = error as Error;
    db = openDatabaseFile(':memory:');
  }
  databases.push(db);
  return {
    conversations: new SqliteConversationDirectory(db),
    databaseDir: dataDir,
    databaseWritable: async () => {
      if (openError) throw openError;
      // the write lock, taken and let go: nothing is written
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
    },
    freeBytes: async () => {
      const s = await statfs(cfg.dataDir);
      return s.bavail * s.bsize;
    },
  };
}

async function tools(cfg: AppConfig, school: SchoolProfile, schoolId?: string): Promise<DoctorTools> {
  const graph = graphFromConfig(cfg.graph, school.school.name);
  const sites = cfg.sharePointSiteId
    ? { shared: cfg.sharePointSiteId, ...(cfg.sharePointRestrictedSiteId ? { restricted: cfg.sharePointRestrictedSiteId } : {}) }
    : undefined;
  return {
    ...(cfg.store === 'postgres' ? await postgresTools(cfg, schoolId) : sqliteTools(cfg, schoolId)),
    graph: graph.status === 'on' ? { status: 'on', graph: graph.graph } : graph.status === 'error' ? graph : { status: 'off' },
    ...(graph.status === 'on' && cfg.teamsAppCatalogId ? { installer: new GraphAppInstaller(graph.graph, cfg.teamsAppCatalogId) } : {}),
    ...(graph.status === 'on' && sites ? { sharePointLists: () => resolveListIds(graph.graph, sites) } : {}),
  };
}

async function main(): Promise<number> {
  // nothing of a Teams app set (a laptop, after `npm start`): check the local set-up npm start runs,
  // rather than list every production setting as missing
  const onLaptop = process.env.BOT_MODE === undefined && !process.env.MicrosoftAppId && !process.env.MicrosoftAppType;
  if (onLaptop) console.log('No Teams app is configured here (no MicrosoftAppId), so this checks the local set-up `npm start` runs.');
  const config = loadConfig(onLaptop ? { ...process.env, BOT_MODE: 'local' } : process.env);
  const trustPath = config.ok ? config.value.trustFilePath : process.env.TRUST_FILE || undefined;
  const path = config.ok ? config.value.schoolProfilePath : (process.env.SCHOOL_PROFILE ?? './profiles/example-school.yaml');
  let profile: DoctorInput['profile'];
  try {
    profile = { path, check: checkProfileText(readFileSync(path, 'utf8')) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    profile = { path, unreadable: code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message) };
  }
  // a trust: the trust file names each school's profile, each checked as the bot loads it
  const trust = trustPath ? await loadTrustFile(trustPath) : undefined;
  const lines = await runDoctor({
    config,
    profile,
    now: () => new Date(),
    ...(trustPath && trust ? { trust: { path: trustPath, result: trust } } : {}),
    tools,
  });
  const school = trust
    ? trust.ok
      ? trust.value.name
      : undefined
    : 'check' in profile && profile.check.ok
      ? profile.check.value.school.name
      : undefined;
  process.stdout.write(formatChecklist(lines, school));
  return doctorExitCode(lines);
}

main().then(
  (code) => {
    for (const db of databases) db.close();
    void Promise.all(probes.map((p) => p.close())).then(() => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`The checks could not run: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
