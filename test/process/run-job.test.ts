import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../src/adapters/sqlite/database.js';
import { makeTempDir } from '../support/temp-dir.js';

// `npm run job` as a person runs it by hand (on App Service, in its SSH console): a clean environment
// with no bot credentials, reading the settings the bot reads
const runJob = (dataDir: string, env: Record<string, string>) =>
  spawnSync(process.execPath, ['node_modules/.bin/tsx', 'scripts/run-job.ts', 'aup', '--dry-run'], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

const journalMode = (dataDir: string): string => {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.pragma('journal_mode', { simple: true }) as string;
  } finally {
    db.close();
  }
};

describe('npm run job reads the settings as the bot does', () => {
  it('SQLITE_JOURNAL_MODE=delete (App Service /home): a fresh database stays in delete mode, never WAL', { timeout: 60_000 }, () => {
    const tmp = makeTempDir();
    try {
      const run = runJob(tmp.dir, { SQLITE_JOURNAL_MODE: 'delete' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^aup for \S+ \(Oakfield Primary School\), dry run: nothing will be queued or recorded$/m);
      expect(journalMode(tmp.dir)).toBe('delete');
    } finally {
      tmp.remove();
    }
  });

  it('without SQLITE_JOURNAL_MODE: wal, the default the bot uses too', { timeout: 60_000 }, () => {
    const tmp = makeTempDir();
    try {
      const run = runJob(tmp.dir, {});
      expect(run.status).toBe(0);
      expect(journalMode(tmp.dir)).toBe('wal');
    } finally {
      tmp.remove();
    }
  });

  it('a setting the bot would refuse: exit 2, naming the key, and no database is made', { timeout: 60_000 }, () => {
    const tmp = makeTempDir();
    try {
      const run = runJob(join(tmp.dir, 'data'), { SQLITE_JOURNAL_MODE: 'truncate' });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^Fix these settings \(see \.env\.example\):\n {2}- SQLITE_JOURNAL_MODE: /);
      expect(run.stdout).toBe('');
      expect(() => journalMode(join(tmp.dir, 'data'))).toThrow(/unable to open database file|directory does not exist/);
    } finally {
      tmp.remove();
    }
  });
});
