import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DATABASE_FILE } from '../../src/adapters/sqlite/database.js';
import { makeTempDir } from '../support/temp-dir.js';
import { stopTestPostgres, testPostgres } from '../support/postgres.js';

afterAll(stopTestPostgres);

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

// a trust's jobs by hand: each school's on its own records, the trust digest over every school's
const job = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['node_modules/.bin/tsx', 'scripts/run-job.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', TRUST_FILE: 'profiles/trust.yaml', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

/** the same, without blocking this process (the embedded PostgreSQL answers from it) */
const jobAsync = (args: string[], env: Record<string, string>) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/.bin/tsx', 'scripts/run-job.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', TRUST_FILE: 'profiles/trust.yaml', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

const SCHOOLS = ['  rowan                Rowan Federation Primary School', '  larch-hill           Larch Hill Primary School'];

describe('npm run job with TRUST_FILE', () => {
  it('a school job without --school: exit 2, naming the schools to choose from; nothing opened', { timeout: 60_000 }, () => {
    const tmp = makeTempDir();
    try {
      const run = job(['aup', '--dry-run'], { DATA_DIR: tmp.dir });
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        [
          "Which school? npm run job -- aup --school <id>, or npm run job -- trust-digest. Aspire Learning Trust's schools:",
          ...SCHOOLS,
          '',
        ].join('\n'),
      );
      expect(existsSync(join(tmp.dir, 'rowan'))).toBe(false);
    } finally {
      tmp.remove();
    }
  });

  it('an unknown --school: exit 2, naming the schools', { timeout: 60_000 }, () => {
    const run = job(['aup', '--school', 'oak', '--dry-run'], { DATA_DIR: '/nonexistent' });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n').slice(0, 3)).toEqual([
      "No school in profiles/trust.yaml has the id oak. npm run job -- aup --school <id>, or npm run job -- trust-digest. Aspire Learning Trust's schools:",
      ...SCHOOLS,
    ]);
  });

  it("--school rowan runs on Rowan's own records (its folder under DATA_DIR), not Larch Hill's", { timeout: 60_000 }, () => {
    const tmp = makeTempDir();
    try {
      const run = job(['aup', '--school', 'rowan', '--dry-run'], { DATA_DIR: tmp.dir });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(
        /^aup for aup-\d{4}-\d{2} \(Rowan Federation Primary School\), dry run: nothing will be queued or recorded\n/,
      );
      expect(run.stdout).toContain('  would remind Amira Haddad: aup (We have no record of you agreeing to the acceptable use policy.)\n');
      expect(run.stdout).not.toContain('Fiona Hart');
      expect(existsSync(join(tmp.dir, 'rowan', DATABASE_FILE))).toBe(true);
      expect(existsSync(join(tmp.dir, 'larch-hill'))).toBe(false);
    } finally {
      tmp.remove();
    }
  });

  it('--at without --dry-run is refused: a real run is for today', { timeout: 60_000 }, () => {
    const run = job(['trust-digest', '--at', '2026-12-21'], { DATA_DIR: '/nonexistent' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('--at goes with --dry-run only: a real run is for today\n');
  });

  it(
    'on PostgreSQL: the trust digest dry run prints both schools (figures only), queues and records nothing',
    { timeout: 120_000 },
    async () => {
      const db = await (await testPostgres()).database();
      try {
        const run = await jobAsync(['trust-digest', '--dry-run', '--at', '2026-12-21'], { STORE: 'postgres', DATABASE_URL: db.url });
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        const zero = 'Reports 0; Critical 0; High 0; DSL decisions 0; Missed response times 0; Still open 0';
        expect(run.stdout).toBe(
          [
            'trust-digest for trust-digest-2026-09-02 (Aspire Learning Trust), dry run: nothing will be queued or recorded',
            `  Rowan Federation Primary School (Autumn 2026): ${zero}; median hours to a decision no decisions`,
            `  Larch Hill Primary School (Autumn 2026): ${zero}; median hours to a decision no decisions`,
            `  Trust totals: ${zero}`,
            'done (dry run): {"queued":0,"term":"Autumn 2026","schools":2}',
            '',
          ].join('\n'),
        );
        // each school's schema and the trust's own, and nothing queued or recorded in the trust's
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        try {
          const schemas = await client.query<{ name: string }>(
            "SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'school\\_%' ORDER BY nspname",
          );
          expect(schemas.rows.map((r) => r.name)).toEqual(['school_larch_hill', 'school_rowan', 'school_trust']);
          expect((await client.query('SELECT * FROM school_trust.job_runs')).rowCount).toBe(0);
          expect((await client.query('SELECT * FROM school_trust.reminders')).rowCount).toBe(0);
        } finally {
          await client.end();
        }
      } finally {
        await db.drop();
      }
    },
  );
});
