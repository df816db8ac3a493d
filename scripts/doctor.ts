// `npm run doctor`: checks what the bot needs, for the school's IT technician, and prints a checklist in
// plain English: settings, school profile, database, disk space, who the bot can reach in Teams, the
// channels, and each Microsoft Graph permission it uses (one cheap call each, when Graph is set up).
// It reads the settings the bot reads (.env in App Service's settings, or the environment) and changes
// nothing: it installs nothing and tells nobody. Names are printed here, never logged.
// exit codes: 0 nothing would stop an alert; 1 something would (a line marked [problem]).
import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { openBotDatabase, openDatabaseFile, type SqliteDatabase } from '../src/adapters/sqlite/database.js';
import { SqliteConversationDirectory } from '../src/adapters/sqlite/sqlite-conversation-directory.js';
import { graphFromConfig } from '../src/adapters/graph/graph-from-env.js';
import { GraphAppInstaller } from '../src/adapters/graph/graph-app-installer.js';
import { resolveListIds } from '../src/adapters/sharepoint/list-ids.js';
import { loadConfig } from '../src/config/env.js';
import { checkProfileText } from '../src/config/profile-problems.js';
import { doctorExitCode, formatChecklist, runDoctor, type DoctorInput, type DoctorTools } from '../src/app/doctor.js';

const databases: SqliteDatabase[] = [];

async function main(): Promise<number> {
  // nothing of a Teams app set (a laptop, after `npm start`): check the local set-up npm start runs,
  // rather than list every production setting as missing
  const onLaptop = process.env.BOT_MODE === undefined && !process.env.MicrosoftAppId && !process.env.MicrosoftAppType;
  if (onLaptop) console.log('No Teams app is configured here (no MicrosoftAppId), so this checks the local set-up `npm start` runs.');
  const config = loadConfig(onLaptop ? { ...process.env, BOT_MODE: 'local' } : process.env);
  const path = config.ok ? config.value.schoolProfilePath : (process.env.SCHOOL_PROFILE ?? './profiles/example-school.yaml');
  let profile: DoctorInput['profile'];
  try {
    profile = { path, check: checkProfileText(readFileSync(path, 'utf8')) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    profile = { path, unreadable: code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message) };
  }
  const lines = await runDoctor({
    config,
    profile,
    now: () => new Date(),
    tools: (cfg, school): DoctorTools => {
      let db: SqliteDatabase;
      let openError: Error | undefined;
      try {
        db = openBotDatabase(cfg);
      } catch (error) {
        // the checks that read the database still run, on an empty one: nobody is known to be reachable
        openError = error as Error;
        db = openDatabaseFile(':memory:');
      }
      databases.push(db);
      const graph = graphFromConfig(cfg.graph, school.school.name);
      const sites = cfg.sharePointSiteId
        ? { shared: cfg.sharePointSiteId, ...(cfg.sharePointRestrictedSiteId ? { restricted: cfg.sharePointRestrictedSiteId } : {}) }
        : undefined;
      return {
        conversations: new SqliteConversationDirectory(db),
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
        graph: graph.status === 'on' ? { status: 'on', graph: graph.graph } : graph.status === 'error' ? graph : { status: 'off' },
        ...(graph.status === 'on' && cfg.teamsAppCatalogId ? { installer: new GraphAppInstaller(graph.graph, cfg.teamsAppCatalogId) } : {}),
        ...(graph.status === 'on' && sites ? { sharePointLists: () => resolveListIds(graph.graph, sites) } : {}),
      };
    },
  });
  const school = 'check' in profile && profile.check.ok ? profile.check.value.school.name : undefined;
  process.stdout.write(formatChecklist(lines, school));
  return doctorExitCode(lines);
}

main().then(
  (code) => {
    for (const db of databases) db.close();
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`The checks could not run: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
