import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bootstrap.js';
import type { AppConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/observability/logger.js';
import { exampleProfile, silentLogger } from '../support/test-bot.js';
import { makeTempDir } from '../support/temp-dir.js';

const SITE = 'oakfield.sharepoint.com,0b1d7c5a-1111-4c1e-9a39-1f2a3b4c5d6e,7e6d5c4b-2222-4a3b-8c9d-0e1f2a3b4c5d';
const config = (dataDir: string): AppConfig => ({
  mode: 'local',
  host: '127.0.0.1',
  port: 0,
  dataDir,
  schoolProfilePath: 'profiles/example-school.yaml',
  logLevel: 'silent',
  store: 'sharepoint',
  sqliteJournalMode: 'wal',
  // the scheduled jobs' reminders would be sent into the conversations under test
  scheduler: false,
  sharePointSiteId: SITE,
});

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'GRAPH_AUTH']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('STORE=sharepoint', () => {
  it('refuses to start without a way to sign in to Graph, naming what is missing', async () => {
    const tmp = makeTempDir();
    for (const key of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'GRAPH_AUTH']) delete process.env[key];
    await expect(startBot(config(tmp.dir), exampleProfile(), silentLogger)).rejects.toThrow(/STORE=sharepoint: Missing AZURE_TENANT_ID/);
    tmp.remove();
  });

  it('starts with the embedded store first; /readyz says ready and the SharePoint copy backlog goes to the log', async () => {
    const tmp = makeTempDir();
    Object.assign(process.env, { AZURE_TENANT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', AZURE_CLIENT_ID: '11111111-2222-4333-8444-555555555555', AZURE_CLIENT_SECRET: 'not-a-real-secret' });
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
    const bot = await startBot(config(tmp.dir), exampleProfile(), logger);
    try {
      const ready = await fetch(`${bot.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      const backlog = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === 'backlog');
      expect(backlog).toEqual([expect.objectContaining({ outbox: expect.objectContaining({ due: 0, pending: 0 }), sharePointCopy: expect.objectContaining({ pending: 0 }) })]);
    } finally {
      await bot.stop();
      tmp.remove();
    }
  });
});
