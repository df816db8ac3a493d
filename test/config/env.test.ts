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

describe('loadConfig: the Graph sign-in (GRAPH_AUTH, AZURE_*)', () => {
  const local = { BOT_MODE: 'local' };
  const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
  const CLIENT = '66666666-7777-4888-9999-000000000000';

  it('a managed identity: user-assigned with AZURE_CLIENT_ID, system-assigned without', () => {
    expect(loadConfig({ ...local, GRAPH_AUTH: 'managed-identity', AZURE_CLIENT_ID: CLIENT })).toMatchObject({
      ok: true,
      value: { graph: { signIn: { auth: 'managed-identity', clientId: CLIENT } } },
    });
    const system = loadConfig({ ...local, GRAPH_AUTH: ' managed-identity ' });
    expect(system.ok && system.value.graph).toEqual({ signIn: { auth: 'managed-identity' } });
  });

  it('an app registration with everything it needs', () => {
    const result = loadConfig({ ...local, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 'not-a-real-secret' });
    expect(result.ok && result.value.graph).toEqual({
      signIn: { auth: 'app-registration', tenantId: TENANT, clientId: CLIENT, clientSecret: 'not-a-real-secret' },
    });
    // the secret stays out of the logged summary
    if (result.ok) expect(JSON.stringify(describeConfig(result.value))).not.toContain('not-a-real-secret');
  });

  it('a missing client id is named; the bot still starts (only the leaver scan needs Graph) and says why', () => {
    const result = loadConfig({ ...local, GRAPH_AUTH: 'app-registration', AZURE_TENANT_ID: TENANT, AZURE_CLIENT_SECRET: 'x' });
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({
        graph: {
          error:
            "Missing AZURE_CLIENT_ID (the app registration's Application (client) ID). An app registration needs AZURE_TENANT_ID, AZURE_CLIENT_ID and either AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH; in Azure you can set GRAPH_AUTH=managed-identity instead.",
        },
      }),
    });
  });

  it('an unknown GRAPH_AUTH is named with its value', () => {
    const result = loadConfig({ ...local, GRAPH_AUTH: 'managed_identity' });
    expect(result.ok && result.value.graph).toEqual({
      error: expect.stringMatching(/^GRAPH_AUTH: "managed_identity" is not one I know\. /),
    });
  });

  it('npm run provision:sharepoint needs a site and a usable sign-in, and names both', () => {
    expect(loadConfig({}, 'provision')).toEqual({
      ok: false,
      errors: [
        expect.stringMatching(/^SHAREPOINT_SITE_ID or SHAREPOINT_SITE_URL: required\. /),
        expect.stringMatching(
          /^Missing AZURE_TENANT_ID \(.*; AZURE_CLIENT_ID \(.*; AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH \(/,
        ),
      ],
    });
    const url = 'https://oakfield.sharepoint.com/sites/online-safety';
    expect(loadConfig({ SHAREPOINT_SITE_URL: url, GRAPH_AUTH: 'managed-identity', AZURE_TENANT_ID: TENANT }, 'provision')).toEqual({
      ok: true,
      value: expect.objectContaining({
        graph: { signIn: { auth: 'managed-identity' } },
        provisioning: { siteUrl: url },
        credentials: undefined,
        schoolProfilePath: './profiles/example-school.yaml',
      }),
    });
    expect(
      loadConfig(
        { SHAREPOINT_SITE_URL: 'https://oakfield.sharepoint.com/Shared%20Documents', GRAPH_AUTH: 'managed-identity' },
        'provision',
      ),
    ).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^SHAREPOINT_SITE_URL: cannot find the site in /)],
    });
    expect(loadConfig({ SHAREPOINT_SITE_URL: url, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_SECRET: 'x' }, 'provision')).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^Missing AZURE_CLIENT_ID \(/)],
    });
  });
});

describe('loadConfig for npm run job', () => {
  it('needs no bot credentials and reads DATA_DIR, SCHOOL_PROFILE and SQLITE_JOURNAL_MODE as the bot does', () => {
    expect(loadConfig({}, 'job')).toMatchObject({
      ok: true,
      value: { dataDir: './data', schoolProfilePath: './profiles/example-school.yaml', sqliteJournalMode: 'wal', credentials: undefined },
    });
    expect(
      loadConfig({ DATA_DIR: '/home/data', SCHOOL_PROFILE: '/home/site/school.yaml', SQLITE_JOURNAL_MODE: 'delete' }, 'job'),
    ).toMatchObject({
      ok: true,
      value: { dataDir: '/home/data', schoolProfilePath: '/home/site/school.yaml', sqliteJournalMode: 'delete' },
    });
    expect(loadConfig({ SQLITE_JOURNAL_MODE: 'truncate' }, 'job')).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^SQLITE_JOURNAL_MODE: /)],
    });
  });
});

describe('TEAMS_APP_CATALOG_ID (issue 18: the bot installs its app for people it cannot reach)', () => {
  it("the app's id in the catalogue is kept; absent or empty, nothing is installed", () => {
    const set = loadConfig({ ...production, TEAMS_APP_CATALOG_ID: ' B1C2D3E4-0000-4000-8000-00000000C0DE ' });
    expect(set.ok && set.value.teamsAppCatalogId).toBe('B1C2D3E4-0000-4000-8000-00000000C0DE');
    const empty = loadConfig({ ...production, TEAMS_APP_CATALOG_ID: '' });
    expect(empty.ok && 'teamsAppCatalogId' in empty.value).toBe(false);
  });

  it('something that is not an app id is refused, saying where to find it', () => {
    expect(loadConfig({ ...production, TEAMS_APP_CATALOG_ID: 'com.oakfield.onlinesafety' })).toEqual({
      ok: false,
      errors: [
        "TEAMS_APP_CATALOG_ID: not an app id: it looks like 00000000-0000-0000-0000-000000000000 (Teams admin centre, Manage apps, the app's App ID)",
      ],
    });
  });
});

describe('STORE=postgres and DATABASE_URL (issue 20: one shared database)', () => {
  const url = 'postgres://onlinesafety:s3cret-pw@trust-db.postgres.database.azure.com:5432/onlinesafety?sslmode=require';

  it('SQLite stays the default, and DATABASE_URL is not read without STORE=postgres', () => {
    const result = loadConfig({ ...production, DATABASE_URL: url });
    expect(result).toMatchObject({ ok: true, value: { store: 'sqlite' } });
    if (!result.ok) throw new Error('expected valid config');
    expect(result.value).not.toHaveProperty('databaseUrl');
  });

  it('STORE=postgres keeps the address, and the logged summary shows the server but never the password or user', () => {
    const result = loadConfig({ ...production, STORE: 'postgres', DATABASE_URL: url });
    expect(result).toMatchObject({ ok: true, value: { store: 'postgres', databaseUrl: url } });
    if (!result.ok) throw new Error('expected valid config');
    const summary = describeConfig(result.value);
    expect(summary.database).toBe('postgres://trust-db.postgres.database.azure.com:5432/onlinesafety');
    expect(JSON.stringify(summary)).not.toContain('s3cret-pw');
    expect(JSON.stringify(summary)).not.toContain('onlinesafety:');
  });

  it('STORE=postgres without DATABASE_URL, or with something else in it, is refused naming the key', () => {
    expect(loadConfig({ ...production, STORE: 'postgres' })).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^DATABASE_URL: required when STORE is postgres \(the database's address, e\.g\. postgres:\/\//)],
    });
    expect(loadConfig({ ...production, STORE: 'postgres', DATABASE_URL: 'mysql://db.example/x' })).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//)],
    });
    expect(loadConfig({ ...production, STORE: 'postgres', DATABASE_URL: 'not a url' })).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^DATABASE_URL: not an address the bot can read/)],
    });
  });

  describe('DATABASE_AUTH: the managed identity signs in with an Entra token, no password anywhere', () => {
    const entraUrl = 'postgres://id-onlinesafety@trust-db.postgres.database.azure.com:5432/onlinesafety?sslmode=require';

    it('is password by default: nothing about Entra in the settings', () => {
      const result = loadConfig({ ...production, STORE: 'postgres', DATABASE_URL: url });
      if (!result.ok) throw new Error(result.errors.join('; '));
      expect(result.value).not.toHaveProperty('databaseEntra');
    });

    it('entra with a password-less address is accepted; AZURE_CLIENT_ID picks a user-assigned identity', () => {
      const system = loadConfig({ ...production, STORE: 'postgres', DATABASE_URL: entraUrl, DATABASE_AUTH: 'entra' });
      expect(system).toMatchObject({ ok: true, value: { databaseUrl: entraUrl, databaseEntra: {} } });
      const clientId = '11111111-2222-3333-4444-555555555555';
      const user = loadConfig({
        ...production,
        STORE: 'postgres',
        DATABASE_URL: entraUrl,
        DATABASE_AUTH: 'entra',
        AZURE_CLIENT_ID: clientId,
      });
      expect(user).toMatchObject({ ok: true, value: { databaseEntra: { clientId } } });
    });

    it('entra is refused with a password in the address, or with no user named, saying what to change', () => {
      expect(loadConfig({ ...production, STORE: 'postgres', DATABASE_URL: url, DATABASE_AUTH: 'entra' })).toEqual({
        ok: false,
        errors: [expect.stringMatching(/^DATABASE_URL: holds a password, but DATABASE_AUTH is entra .*take the password out/)],
      });
      expect(
        loadConfig({
          ...production,
          STORE: 'postgres',
          DATABASE_URL: 'postgres://trust-db.postgres.database.azure.com/x',
          DATABASE_AUTH: 'entra',
        }),
      ).toEqual({
        ok: false,
        errors: [expect.stringMatching(/^DATABASE_URL: DATABASE_AUTH is entra, so the address must name the managed identity as the user/)],
      });
    });

    it('anything but password or entra is refused naming the key and both choices', () => {
      expect(loadConfig({ ...production, STORE: 'postgres', DATABASE_URL: entraUrl, DATABASE_AUTH: 'aad' })).toEqual({
        ok: false,
        errors: ['DATABASE_AUTH: must be password (a password in DATABASE_URL) or entra (the managed identity, no password)'],
      });
    });

    it('is not read without STORE=postgres', () => {
      const result = loadConfig({ ...production, DATABASE_AUTH: 'entra' });
      if (!result.ok) throw new Error(result.errors.join('; '));
      expect(result.value).not.toHaveProperty('databaseEntra');
    });
  });
});
