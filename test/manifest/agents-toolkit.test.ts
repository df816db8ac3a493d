import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

// the Agents Toolkit project files, against the Toolkit's YAML schema (v1.7, vendored from ../shared/schemas),
// and their ${{VAR}} placeholders against the env samples, the manifest and the Bicep they point at.
// the Bicep itself cannot be compiled here (no Bicep CLI), so its parameter and output names are checked as text.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string): string => readFileSync(resolve(repoRoot, path), 'utf8');
const SCHEMA_FILE = 'test/fixtures/schemas/m365agents-yaml-v1.7.schema.json';
// sha-256 of the schema as published in ../shared/schemas when it was vendored
const SCHEMA_SHA256 = '56c847472c0060eba3659968fce28f245ad93c0875b9f0198536218b0d80d90a';

const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(read(SCHEMA_FILE)) as object);
const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1]!))].sort();
const envKeys = (path: string): string[] =>
  read(path)
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((key): key is string => key !== undefined);
// set by the Toolkit itself: after signing in (tenant), or as secrets it writes to env/.env.<name>.user
const TOOLKIT_PROVIDED = ['TEAMS_APP_TENANT_ID', 'SECRET_BOT_PASSWORD'];

describe('the Agents Toolkit project', () => {
  it('uses the vendored v1.7 schema unchanged', () => {
    expect(
      createHash('sha256')
        .update(readFileSync(resolve(repoRoot, SCHEMA_FILE)))
        .digest('hex'),
    ).toBe(SCHEMA_SHA256);
  });

  it.each(['m365agents.yml', 'm365agents.local.yml'])('%s is valid against the Toolkit schema v1.7', (file) => {
    const doc = parse(read(file)) as Record<string, unknown>;
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(doc.version).toBe('v1.7');
  });

  it('m365agents.yml provisions with the Bicep, deploys the release folder to the web app, and packages the Teams app', () => {
    const doc = parse(read('m365agents.yml')) as Record<string, { uses: string; with: Record<string, unknown> }[]>;
    expect(doc.provision!.map((a) => a.uses)).toEqual([
      'teamsApp/create',
      'arm/deploy',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    expect(doc.provision![1]!.with.templates).toEqual([
      { path: './infra/main.bicep', parameters: './infra/azure.parameters.json', deploymentName: 'online-safety' },
    ]);
    expect(doc.deploy).toEqual([
      { uses: 'cli/runNpmCommand', name: 'build the release', with: { args: 'run release' } },
      {
        uses: 'azureAppService/zipDeploy',
        with: { artifactFolder: './release/online-safety-bot', resourceId: '${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}' },
      },
    ]);
  });

  it('the Bicep takes every parameter the Toolkit passes and gives the outputs the Toolkit reads', () => {
    const bicep = read('infra/main.bicep');
    const params = Object.keys((JSON.parse(read('infra/azure.parameters.json')) as { parameters: object }).parameters);
    for (const name of params) expect(bicep, name).toMatch(new RegExp(`^param ${name} `, 'm'));
    for (const output of ['BOT_ID', 'BOT_DOMAIN', 'BOT_AZURE_APP_SERVICE_RESOURCE_ID']) {
      expect(bicep, output).toMatch(new RegExp(`^output ${output} string = `, 'm'));
    }
  });

  it('both parameters files name only parameters the Bicep has, and keep a single school on SQLite', () => {
    const bicep = read('infra/main.bicep');
    for (const file of ['infra/main.parameters.json', 'infra/azure.parameters.json']) {
      const params = (JSON.parse(read(file)) as { parameters: Record<string, { value: unknown }> }).parameters;
      for (const name of Object.keys(params)) expect(bicep, `${file}: ${name}`).toMatch(new RegExp(`^param ${name} `, 'm'));
      expect(params.usePostgres?.value, file).toBe(false);
    }
  });

  describe('usePostgres (issue 20): a trust on Azure Database for PostgreSQL, two instances, no database password', () => {
    const bicep = read('infra/main.bicep');
    /** the body of `resource <name> '<type>@<version>' = if (usePostgres) { ... }`, up to the next top-level line */
    const resource = (name: string): { type: string; body: string } => {
      const match = new RegExp(`^resource ${name} '([^']+)' = if \\(usePostgres\\) \\{\\n([\\s\\S]*?)^\\}`, 'm').exec(bicep);
      if (!match) throw new Error(`no conditional resource ${name}`);
      return { type: match[1]!, body: match[2]! };
    };

    it('is off by default, with zone-redundant high availability and two instances when on', () => {
      expect(bicep).toMatch(/^param usePostgres bool = false$/m);
      expect(bicep).toMatch(/^param postgresHighAvailability string = 'ZoneRedundant'$/m);
      expect(bicep).toMatch(/@allowed\(\[\n {2}'ZoneRedundant'\n {2}'SameZone'\n {2}'Disabled'\n\]\)\nparam postgresHighAvailability /);
      expect(bicep).toMatch(/^param appInstanceCount int = 2$/m);
      expect(bicep).toMatch(/capacity: usePostgres \? appInstanceCount : 1\n/);
    });

    it('the server signs in with Entra only, and its standby follows the parameter', () => {
      const server = resource('postgres');
      expect(server.type).toBe('Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01');
      expect(server.body).toMatch(
        /authConfig: \{\n\s+activeDirectoryAuth: 'Enabled'\n\s+passwordAuth: 'Disabled'\n\s+tenantId: tenant\(\)\.tenantId\n/,
      );
      expect(server.body).toMatch(/highAvailability: \{\n\s+mode: postgresHighAvailability\n/);
      expect(server.body).not.toMatch(/administratorLoginPassword/);
    });

    it("the app's managed identity is the Entra administrator; a database and the Azure-services rule exist", () => {
      const admin = resource('postgresAdmin');
      expect(admin.type).toBe('Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01');
      expect(admin.body).toContain('parent: postgres\n');
      expect(admin.body).toContain('name: identity.properties.principalId\n');
      expect(admin.body).toContain('principalName: identity.name\n');
      expect(admin.body).toContain("principalType: 'ServicePrincipal'\n");
      const database = resource('postgresDatabase');
      expect(database.type).toBe('Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01');
      expect(database.body).toContain('name: postgresDatabaseName\n');
      const firewall = resource('postgresAllowAzure');
      expect(firewall.type).toBe('Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01');
      expect(firewall.body).toContain("startIpAddress: '0.0.0.0'\n");
      expect(firewall.body).toContain("endIpAddress: '0.0.0.0'\n");
    });

    it('the web app gets STORE=postgres, a password-less DATABASE_URL naming the identity, and DATABASE_AUTH=entra', () => {
      expect(bicep).toContain("var effectiveStore = usePostgres ? 'postgres' : store\n");
      expect(bicep).toContain("{ name: 'STORE', value: effectiveStore }");
      expect(bicep).toContain(
        "{ name: 'DATABASE_URL', value: 'postgres://${identity.name}@${postgres!.properties.fullyQualifiedDomainName}:5432/${postgresDatabaseName}?sslmode=require' }",
      );
      expect(bicep).toContain("{ name: 'DATABASE_AUTH', value: 'entra' }");
      expect(bicep).toMatch(/appSettings: concat\([^)]*postgresAppSettings\)/);
      // the identity's client id picks it for the token (AZURE_CLIENT_ID), whether or not Graph is on
      expect(bicep).toMatch(/usesGraph \? \[\] : \[\n\s+\{ name: 'AZURE_CLIENT_ID', value: identity\.properties\.clientId \}/);
    });
  });

  it.each([
    ['m365agents.yml', 'env/.env.dev.sample'],
    ['m365agents.local.yml', 'env/.env.local.sample'],
  ])('every placeholder in %s and the manifest is in %s or set by the Toolkit', (file, sample) => {
    const known = new Set([...envKeys(sample), ...TOOLKIT_PROVIDED]);
    const used = [...placeholders(read(file)), ...placeholders(read('teamsAppManifest/manifest.json'))];
    if (file === 'm365agents.yml') used.push(...placeholders(read('infra/azure.parameters.json')));
    expect(used.filter((name) => !known.has(name))).toEqual([]);
  });

  it('the manifest placeholders are the ones the packaging script knows', () => {
    expect(placeholders(read('teamsAppManifest/manifest.json'))).toEqual([
      'APP_PRIVACY_URL',
      'APP_TERMS_URL',
      'APP_WEBSITE_URL',
      'BOT_ID',
      'DEVELOPER_NAME',
      'TEAMS_APP_ID',
    ]);
  });
});
