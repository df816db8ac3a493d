import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { openDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { makeTempDir } from '../support/temp-dir.js';

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
