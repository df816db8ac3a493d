import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type SqliteDatabase = Database.Database;

export const DATABASE_FILE = 'online-safety.sqlite';

export type JournalMode = 'wal' | 'delete';

// the database holds children's names and what happened to them: only the bot's own user may read it
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
// SQLite gives its journal, WAL and shared-memory files the database file's mode when it creates them
const COMPANION_SUFFIXES = ['', '-wal', '-shm', '-journal'];

/**
 * the bot's database where its settings say (DATA_DIR) in the journal mode they say (SQLITE_JOURNAL_MODE):
 * the one way the bot and a job run by hand (npm run job) open it, so the two never disagree
 */
export function openBotDatabase(config: { dataDir: string; sqliteJournalMode: JournalMode; store?: string }): SqliteDatabase {
  // a deployment that asked for the shared database never quietly keeps records in a file on one machine
  // (the bot and npm run job open PostgreSQL through open-stores.ts)
  if (config.store === 'postgres') throw new Error('STORE=postgres: the records are in PostgreSQL (DATABASE_URL), not in a file here');
  return openDatabase(config.dataDir, config.sqliteJournalMode);
}

/** opens (creating if needed) the embedded database under dataDir and brings its schema up to date */
export function openDatabase(dataDir: string, journalMode: JournalMode = 'wal'): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true, mode: DIR_MODE });
  restrict(dataDir, DIR_MODE);
  return openDatabaseFile(join(dataDir, DATABASE_FILE), journalMode);
}

/**
 * WAL lets readers and the writer work at once, but needs shared memory that network file systems do
 * not provide (SQLite's own advice); App Service's persistent /home is such a share, so it uses 'delete'.
 */
export function openDatabaseFile(file: string, journalMode: JournalMode = 'wal'): SqliteDatabase {
  if (file !== ':memory:' && file !== '') {
    // created here, owner-only, before SQLite would create it 0644 (an empty file is an empty database)
    try {
      closeSync(openSync(file, 'wx', FILE_MODE));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    for (const suffix of COMPANION_SUFFIXES) restrict(file + suffix, FILE_MODE);
  }
  const db = new Database(file);
  db.pragma(`journal_mode = ${journalMode === 'wal' ? 'WAL' : 'DELETE'}`);
  // full: a report acknowledged to the user survives a power cut, not only a crash
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/**
 * takes group and other access away from a file or folder of ours left open by an older version.
 * best effort: someone else's file (a mounted share) is left as it is, and a file system without Unix
 * modes (Windows, an SMB share such as App Service's /home) either ignores chmod or refuses it.
 */
function restrict(path: string, mode: number): void {
  if (process.getuid === undefined) return;
  try {
    const stat = statSync(path);
    if (stat.uid === process.getuid() && (stat.mode & 0o777 & ~mode) !== 0) chmodSync(path, mode);
  } catch {
    // absent, or chmod refused
  }
}

export function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `the database schema (version ${current}) is newer than this version of the bot understands (${MIGRATIONS.length}); upgrade the bot`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
