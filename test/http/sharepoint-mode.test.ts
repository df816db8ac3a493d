import { describe, expect, it } from 'vitest';
import { startBot } from '../../src/bootstrap.js';
import { describeConfig, loadConfig, type AppConfig } from '../../src/config/env.js';
import { readGraphSettings } from '../../src/config/graph-settings.js';
import { createLogger } from '../../src/observability/logger.js';
import { exampleProfile, silentLogger } from '../support/test-bot.js';
import { makeTempDir } from '../support/temp-dir.js';

const SITE = 'oakfield.sharepoint.com,0b1d7c5a-1111-4c1e-9a39-1f2a3b4c5d6e,7e6d5c4b-2222-4a3b-8c9d-0e1f2a3b4c5d';
const RESTRICTED = 'oakfield.sharepoint.com,5f0e2a11-3333-4d2c-8e4f-6a7b8c9d0e1f,9a8b7c6d-4444-4e5f-9a0b-1c2d3e4f5a6b';
// the Graph sign-in comes with the config (as loadConfig reads it from GRAPH_AUTH / AZURE_*), not from process.env
const APP_REGISTRATION = {
  AZURE_TENANT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  AZURE_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
  AZURE_CLIENT_SECRET: 'not-a-real-secret',
};
const config = (dataDir: string, graphEnv?: Record<string, string>): AppConfig => ({
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
  ...(graphEnv ? { graph: readGraphSettings(graphEnv) } : {}),
});

describe('STORE=sharepoint', () => {
  it('refuses to start without a way to sign in to Graph, naming what is missing', async () => {
    const tmp = makeTempDir();
    await expect(startBot(config(tmp.dir), exampleProfile(), silentLogger)).rejects.toThrow(/STORE=sharepoint: Missing AZURE_TENANT_ID/);
    tmp.remove();
  });

  it('starts with the embedded store first; /readyz says ready and the SharePoint copy backlog goes to the log', async () => {
    const tmp = makeTempDir();
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
    const bot = await startBot(config(tmp.dir, APP_REGISTRATION), exampleProfile(), logger);
    try {
      const ready = await fetch(`${bot.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      const backlog = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === 'backlog');
      expect(backlog).toEqual([
        expect.objectContaining({
          outbox: expect.objectContaining({ due: 0, pending: 0 }),
          sharePointCopy: expect.objectContaining({ pending: 0 }),
        }),
      ]);
    } finally {
      await bot.stop();
      tmp.remove();
    }
  });
});

describe('STORE=sharepoint: the restricted site', () => {
  async function startupLog(cfg: AppConfig): Promise<Record<string, unknown>[]> {
    const lines: string[] = [];
    const bot = await startBot(cfg, exampleProfile(), createLogger('info', { write: (line: string) => void lines.push(line) }));
    await bot.stop();
    return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  it('without one, the bot says once at start-up, as a warning, that details stay in the embedded database', async () => {
    const tmp = makeTempDir();
    try {
      const log = await startupLog(config(tmp.dir, APP_REGISTRATION));
      const warnings = log.filter((l) => l.event === 'sharepoint-no-restricted-site');
      expect(warnings).toEqual([
        expect.objectContaining({
          level: 40,
          msg: expect.stringMatching(/SHAREPOINT_RESTRICTED_SITE_ID.*kept in the embedded database only/),
        }),
      ]);
    } finally {
      tmp.remove();
    }
  });

  it('with one, no warning, and the start-up line names both sites', async () => {
    const tmp = makeTempDir();
    try {
      const log = await startupLog({ ...config(tmp.dir, APP_REGISTRATION), sharePointRestrictedSiteId: RESTRICTED });
      expect(log.filter((l) => l.event === 'sharepoint-no-restricted-site')).toEqual([]);
      expect(log.filter((l) => l.event === 'sharepoint')).toEqual([
        expect.objectContaining({ siteId: SITE, restrictedSiteId: RESTRICTED }),
      ]);
    } finally {
      tmp.remove();
    }
  });

  it('SHAREPOINT_RESTRICTED_SITE_ID: read with STORE=sharepoint, a site id, never the shared site again', () => {
    const local = { BOT_MODE: 'local', STORE: 'sharepoint', SHAREPOINT_SITE_ID: SITE };
    const ok = loadConfig({ ...local, SHAREPOINT_RESTRICTED_SITE_ID: ` ${RESTRICTED} ` });
    expect(ok).toMatchObject({ ok: true, value: { sharePointSiteId: SITE, sharePointRestrictedSiteId: RESTRICTED } });
    if (ok.ok) expect(describeConfig(ok.value)).toMatchObject({ sharePointSite: SITE, sharePointRestrictedSite: RESTRICTED });
    const none = loadConfig({ ...local, SHAREPOINT_RESTRICTED_SITE_ID: '' });
    expect(none.ok && none.value).not.toHaveProperty('sharePointRestrictedSiteId');
    expect(loadConfig({ ...local, SHAREPOINT_RESTRICTED_SITE_ID: SITE.toUpperCase() })).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^SHAREPOINT_RESTRICTED_SITE_ID: must be a different site from SHAREPOINT_SITE_ID/)],
    });
    expect(loadConfig({ ...local, SHAREPOINT_RESTRICTED_SITE_ID: 'https://oakfield.sharepoint.com/sites/cases' })).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^SHAREPOINT_RESTRICTED_SITE_ID: not a SharePoint site id/)],
    });
    // the embedded store alone copies nothing anywhere
    const sqlite = loadConfig({ BOT_MODE: 'local', SHAREPOINT_RESTRICTED_SITE_ID: RESTRICTED });
    expect(sqlite).toMatchObject({ ok: true, value: { store: 'sqlite' } });
    expect(sqlite.ok && sqlite.value).not.toHaveProperty('sharePointRestrictedSiteId');
  });
});
