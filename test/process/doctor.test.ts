import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { openSchoolStores } from '../../src/adapters/open-stores.js';
import { POSTGRES_MIGRATIONS } from '../../src/adapters/postgres/migrations.js';
import { stopTestPostgres, testPostgres } from '../support/postgres.js';
import { openDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { makeTempDir } from '../support/temp-dir.js';

afterAll(stopTestPostgres);

// `npm run doctor` as the IT technician runs it: the example school in local mode, a clean environment
const doctor = (dataDir: string) =>
  spawnSync(process.execPath, ['node_modules/.bin/tsx', 'scripts/doctor.ts'], {
    env: { PATH: process.env.PATH ?? '', BOT_MODE: 'local', DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('npm run doctor on the example school', () => {
  it('a fresh install: a readable checklist; the DSL has never opened the bot, so exit 1', { timeout: 60_000 }, () => {
    const tmp = makeTempDir();
    try {
      const run = doctor(tmp.dir);
      expect(run.stderr).toBe('');
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe('Online Safety bot: checks for Oakfield Primary School');
      expect(lines).toContain('[ok]      Settings: valid (local mode, records kept in the embedded database)');
      expect(lines).toContain('[ok]      School profile ./profiles/example-school.yaml: valid (Oakfield Primary School)');
      expect(lines).toContain(`[ok]      Database in ${tmp.dir}: writable`);
      expect(lines.find((l) => l.startsWith('[ok]      Disk space where the database lives: '))).toMatch(/: \d+ MB free$/);
      expect(lines).toContain('[problem] Priya Shah (DSL): not reachable: has never opened the bot');
      expect(lines).toContain('[warning] Tom Okafor (deputy DSL): not reachable: has never opened the bot');
      expect(lines).toContain('[warning] Chris Patel (IT support): not reachable: has never opened the bot');
      expect(lines).toContain(
        '[warning] Safeguarding channel: unknown until the bot hears from Teams once (add the app to the team, or open it in Teams and say hello)',
      );
      expect(lines).toContain(
        '[skipped] Microsoft Graph: not set up (no leaver scan, no SharePoint copy, no installing the app for people)',
      );
      expect(lines).toContain('1 problem would stop an alert reaching the people who must act: fix the lines marked [problem] first.');
      expect(run.status).toBe(1);
    } finally {
      tmp.remove();
    }
  });

  it('once the DSL has opened the bot: she is reachable and nothing would stop an alert, exit 0', { timeout: 60_000 }, async () => {
    const tmp = makeTempDir();
    try {
      const db = openDatabase(tmp.dir);
      const conversations = new SqliteConversationDirectory(db);
      await conversations.remember({
        aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000002',
        reference: { conversation: { id: 'personal-priya' }, serviceUrl: 'https://smba.invalid/' },
        updatedAt: '2026-11-24T09:00:00Z',
      });
      await conversations.rememberServiceUrl('https://smba.invalid/', '19:oakfield-safeguarding@thread.tacv2', new Date());
      db.close();
      const run = doctor(tmp.dir);
      const lines = run.stdout.split('\n');
      expect(lines).toContain('[ok]      Priya Shah (DSL): reachable in Teams');
      expect(lines).toContain('[ok]      Safeguarding channel: known (the bot has heard from it)');
      expect(lines).toContain('[ok]      Governors channel: the bot posts to it through the Teams address it last heard from');
      expect(lines).toContain('Nothing here would stop an alert reaching the people who must act.');
      expect(run.status).toBe(0);
    } finally {
      tmp.remove();
    }
  });
});

/** the doctor without blocking this process: the test's own PostgreSQL client must keep answering */
const doctorWith = (env: Record<string, string>) =>
  new Promise<{ status: number | null; lines: string[]; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/.bin/tsx', 'scripts/doctor.ts'], {
      env: { PATH: process.env.PATH ?? '', BOT_MODE: 'local', DATA_DIR: '/nonexistent/data', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, lines: stdout.split('\n'), stderr }));
  });

const VERSION = POSTGRES_MIGRATIONS.length;
const GRAPH_OFF = '[skipped] Microsoft Graph: not set up (no leaver scan, no SharePoint copy, no installing the app for people)';

describe('npm run doctor with STORE=postgres', () => {
  it('a reachable PostgreSQL: its schema version, and who has opened the bot read from it', { timeout: 120_000 }, async () => {
    const db = await (await testPostgres()).database();
    const settings = { store: 'postgres' as const, databaseUrl: db.url, dataDir: '', sqliteJournalMode: 'wal' as const };
    try {
      const stores = await openSchoolStores(settings, { replicate: false });
      await stores.conversations.remember({
        aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000002',
        reference: { conversation: { id: 'personal-priya' }, serviceUrl: 'https://smba.invalid/' },
        updatedAt: '2026-11-24T09:00:00Z',
      });
      await stores.close();
      const run = await doctorWith({ STORE: 'postgres', DATABASE_URL: db.url });
      expect(run.stderr).toBe('');
      expect(run.lines.slice(0, 5)).toEqual([
        'Online Safety bot: checks for Oakfield Primary School',
        '[ok]      Settings: valid (local mode, records kept in PostgreSQL)',
        '[ok]      School profile ./profiles/example-school.yaml: valid (Oakfield Primary School)',
        `[ok]      PostgreSQL reachable, schema version ${VERSION}`,
        '[ok]      Installing the app for people who never opened the bot: off (set TEAMS_APP_CATALOG_ID and sign in to Graph, or pre-install the app with a Teams app setup policy)',
      ]);
      expect(run.lines).toContain('[ok]      Priya Shah (DSL): reachable in Teams');
      expect(run.lines.filter((l) => l.includes('Database in') || l.includes('Disk space'))).toEqual([]);
      expect(run.lines).toContain(GRAPH_OFF);
      expect(run.lines).toContain('Nothing here would stop an alert reaching the people who must act.');
      expect(run.status).toBe(0);
    } finally {
      await db.drop();
    }
  });

  it('an unreachable address: the plain reason, never the password; exit 1', { timeout: 60_000 }, async () => {
    const run = await doctorWith({ STORE: 'postgres', DATABASE_URL: 'postgres://x:y@127.0.0.1:1/none' });
    expect(run.stderr).toBe('');
    expect(run.lines).toEqual([
      'Online Safety bot: checks for Oakfield Primary School',
      '[ok]      Settings: valid (local mode, records kept in PostgreSQL)',
      '[ok]      School profile ./profiles/example-school.yaml: valid (Oakfield Primary School)',
      '[problem] PostgreSQL not reachable (connection refused at 127.0.0.1:1/none: is PostgreSQL running there, on that port?): no report could be stored',
      '[skipped] who the bot can reach, and the channels: they are read from the database',
      GRAPH_OFF,
      '',
      '1 problem would stop an alert reaching the people who must act: fix the lines marked [problem] first.',
      '',
    ]);
    expect(run.status).toBe(1);
  });

  it('a wrong password: said so, and the password is not printed', { timeout: 120_000 }, async () => {
    const server = await testPostgres();
    const url = server.url().replace(':test-only@', ':not-the-password@');
    const run = await doctorWith({ STORE: 'postgres', DATABASE_URL: url });
    const where = url.slice(url.indexOf('@') + 1);
    expect(run.lines).toContain(
      `[problem] PostgreSQL not reachable (password wrong for the user in DATABASE_URL (at ${where})): no report could be stored`,
    );
    expect(run.lines.join('\n')).not.toContain('not-the-password');
    expect(run.status).toBe(1);
  });

  it('TRUST_FILE: each school named, checked in its own schema (one not made yet)', { timeout: 120_000 }, async () => {
    const db = await (await testPostgres()).database();
    const settings = { store: 'postgres' as const, databaseUrl: db.url, dataDir: '', sqliteJournalMode: 'wal' as const };
    try {
      // Rowan's instance has started once (its schema made); Larch Hill's not yet
      await (await openSchoolStores(settings, { replicate: false, schoolId: 'rowan' })).close();
      const run = await doctorWith({ STORE: 'postgres', DATABASE_URL: db.url, TRUST_FILE: 'profiles/trust.yaml' });
      expect(run.stderr).toBe('');
      expect(run.lines.slice(0, 5)).toEqual([
        'Online Safety bot: checks for Aspire Learning Trust',
        '[ok]      Settings: valid (local mode, records kept in PostgreSQL)',
        '[ok]      Trust file profiles/trust.yaml: valid (Aspire Learning Trust, 2 schools)',
        '[ok]      School rowan: Rowan Federation Primary School, profile valid',
        '[ok]      School larch-hill: Larch Hill Primary School, profile valid',
      ]);
      expect(run.lines).toContain(`[ok]      Rowan Federation Primary School: PostgreSQL reachable, schema version ${VERSION}`);
      expect(run.lines).toContain(
        '[warning] Larch Hill Primary School: PostgreSQL reachable, no tables yet (the bot makes them when it first starts)',
      );
      expect(run.lines).toContain('[problem] Rowan Federation Primary School: Amira Haddad (DSL): not reachable: has never opened the bot');
      expect(run.lines).toContain('[problem] Larch Hill Primary School: Fiona Hart (DSL): not reachable: has never opened the bot');
      expect(run.lines.filter((l) => l === GRAPH_OFF)).toHaveLength(1);
      expect(run.lines).toContain('2 problems would stop an alert reaching the people who must act: fix the lines marked [problem] first.');
      expect(run.status).toBe(1);
    } finally {
      await db.drop();
    }
  });
});
