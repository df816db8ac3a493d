import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type SqliteDatabase = Database.Database;

export const DATABASE_FILE = 'online-safety.sqlite';

/** opens (creating if needed) the embedded database under dataDir and brings its schema up to date */
export type JournalMode = 'wal' | 'delete';

export function openDatabase(dataDir: string, journalMode: JournalMode = 'wal'): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true });
  return openDatabaseFile(join(dataDir, DATABASE_FILE), journalMode);
}

/**
 * WAL lets readers and the writer work at once, but needs shared memory that network file systems do
 * not provide (SQLite's own advice); App Service's persistent /home is such a share, so it uses 'delete'.
 */
export function openDatabaseFile(file: string, journalMode: JournalMode = 'wal'): SqliteDatabase {
  const db = new Database(file);
  db.pragma(`journal_mode = ${journalMode === 'wal' ? 'WAL' : 'DELETE'}`);
  // full: a report acknowledged to the user survives a power cut, not only a crash
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`the database schema (version ${current}) is newer than this version of the bot understands (${MIGRATIONS.length}); upgrade the bot`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
