import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from '../../src/config/env.js';

const production = {
  MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  MicrosoftAppPassword: 'not-a-real-secret',
  SCHOOL_PROFILE: './profiles/example-school.yaml',
};

describe('loadConfig', () => {
  it('defaults to production and names every missing key at once', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.split(':')[0])).toEqual([
      'MicrosoftAppId',
      'MicrosoftAppType',
      'MicrosoftAppTenantId',
      'SCHOOL_PROFILE',
    ]);
  });

  it('requires a client secret for SingleTenant and forbids one for a managed identity', () => {
    const noSecret = loadConfig({ ...production, MicrosoftAppPassword: '' });
    expect(noSecret).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^MicrosoftAppPassword: required when MicrosoftAppType is SingleTenant/)],
    });
    const msiWithSecret = loadConfig({ ...production, MicrosoftAppType: 'UserAssignedMSI' });
    expect(msiWithSecret).toEqual({ ok: false, errors: [expect.stringMatching(/^MicrosoftAppPassword: must not be set/)] });
  });

  it('rejects an unknown app type and a bad port, naming the keys', () => {
    const result = loadConfig({ ...production, MicrosoftAppType: 'MultiTenant', PORT: 'eighty' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.split(':')[0]).sort()).toEqual(['MicrosoftAppType', 'PORT']);
  });

  it('accepts complete production settings and listens on every interface', () => {
    const result = loadConfig({ ...production, PORT: '8080' });
    expect(result).toMatchObject({
      ok: true,
      value: { mode: 'production', host: '0.0.0.0', port: 8080, credentials: { MicrosoftAppType: 'SingleTenant' } },
    });
  });

  it('runs local mode with no credentials, on loopback, with the example school', () => {
    const result = loadConfig({ BOT_MODE: 'local' });
    expect(result).toEqual({
      ok: true,
      value: {
        mode: 'local',
        host: '127.0.0.1',
        port: 3978,
        dataDir: './data',
        schoolProfilePath: './profiles/example-school.yaml',
        logLevel: 'info',
        store: 'sqlite',
        sqliteJournalMode: 'wal',
        credentials: undefined,
      },
    });
  });

  it('never puts the client secret in the logged summary', () => {
    const result = loadConfig(production);
    if (!result.ok) throw new Error('expected valid config');
    const summary = JSON.stringify(describeConfig(result.value));
    expect(summary).not.toContain('not-a-real-secret');
    expect(summary).toContain('[redacted]');
  });

  it('STORE=sharepoint needs the site id, and says so', () => {
    expect(loadConfig({ ...production, STORE: 'sharepoint' })).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^SHAREPOINT_SITE_ID: required when STORE is sharepoint/)],
    });
    const site = 'oakfield.sharepoint.com,0b1d7c5a-1111-4c1e-9a39-1f2a3b4c5d6e,7e6d5c4b-2222-4a3b-8c9d-0e1f2a3b4c5d';
    expect(loadConfig({ ...production, STORE: 'sharepoint', SHAREPOINT_SITE_ID: site })).toMatchObject({
      ok: true,
      value: { store: 'sharepoint', sharePointSiteId: site },
    });
    expect(loadConfig({ ...production, STORE: 'cosmos' })).toMatchObject({ ok: false, errors: [expect.stringMatching(/^STORE:/)] });
  });
});
