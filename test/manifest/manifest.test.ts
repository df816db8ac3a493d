import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildAppPackage,
  draft04OnlyConstructs,
  readPackageSettings,
  substitutePlaceholders,
  validateManifest,
  type AppPackageInputs,
  type PlaceholderValues,
} from '../../scripts/lib/app-package.js';
import { decodePng, readPngHeader } from '../../scripts/lib/png.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const SCHEMA_NAME = 'teams-manifest-v1.22.schema.json';
const vendoredSchemaFile = resolve(repoRoot, 'test/fixtures/schemas', SCHEMA_NAME);
// sha-256 of the v1.22 schema as published in ../shared/schemas when it was vendored
const VENDORED_SCHEMA_SHA256 = 'f5b0faf98133da89b169a9c549af7af1027bb1822e6bac6be40b2e6b5b97971f';

const SAMPLE_BOT_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const SAMPLE_APP_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const schema = JSON.parse(readFileSync(vendoredSchemaFile, 'utf8')) as Record<string, unknown>;
const manifestTemplate = readFileSync(resolve(repoRoot, 'teamsAppManifest/manifest.json'), 'utf8');
const colorPng = readFileSync(resolve(repoRoot, 'teamsAppManifest/color.png'));
const outlinePng = readFileSync(resolve(repoRoot, 'teamsAppManifest/outline.png'));
const inputs: AppPackageInputs = { manifestTemplate, schema, colorPng, outlinePng };

function settingsFor(env: Record<string, string>): PlaceholderValues {
  const settings = readPackageSettings(env);
  if (!settings.ok) throw new Error(settings.error);
  return settings.value;
}

interface Command {
  title: string;
  description: string;
}
interface Bot {
  botId: string;
  scopes: string[];
  supportsFiles: boolean;
  commandLists: { scopes: string[]; commands: Command[] }[];
}

function sampleManifest(): Record<string, unknown> & { bots: Bot[] } {
  const text = substitutePlaceholders(manifestTemplate, settingsFor({ BOT_ID: SAMPLE_BOT_ID, TEAMS_APP_ID: SAMPLE_APP_ID }));
  if (!text.ok) throw new Error(text.error);
  return JSON.parse(text.value) as Record<string, unknown> & { bots: Bot[] };
}

function commandsFor(scope: string): Command[] {
  const bot = sampleManifest().bots[0];
  return bot?.commandLists.find((list) => list.scopes.includes(scope))?.commands ?? [];
}

describe('vendored manifest schema', () => {
  it('is the published v1.22 schema, byte-identical to ../shared/schemas when that folder exists', () => {
    const vendored = readFileSync(vendoredSchemaFile);
    expect(createHash('sha256').update(vendored).digest('hex')).toBe(VENDORED_SCHEMA_SHA256);
    const shared = resolve(repoRoot, '../shared/schemas', SCHEMA_NAME);
    if (existsSync(shared)) expect(vendored.equals(readFileSync(shared))).toBe(true);
  });

  it('uses no draft-04-only construct, so validating it with Ajv in draft-07 mode is faithful', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(draft04OnlyConstructs(schema)).toEqual([]);
  });

  it('the draft-04 check does find such constructs', () => {
    const draft04 = {
      id: 'http://example.org/schema#',
      properties: {
        id: { type: 'string' },
        age: { type: 'number', minimum: 0, exclusiveMinimum: true },
        school: { $ref: '#/definitions/school', type: 'object', description: 'annotations beside $ref are fine' },
      },
    };
    expect(draft04OnlyConstructs(draft04)).toEqual([
      '#/id is a draft-04 schema identifier',
      '#/properties/age/exclusiveMinimum is a draft-04 boolean',
      '#/properties/school has keywords beside $ref: type',
    ]);
  });
});

describe('teamsAppManifest/manifest.json', () => {
  it('validates against the v1.22 schema with zero errors once sample GUIDs are substituted', () => {
    expect(validateManifest(sampleManifest(), schema)).toEqual([]);
  });

  it('is really checked: a bot id that is not a GUID and an unknown property are both reported', () => {
    const broken = { ...sampleManifest(), colour: 'teal' };
    broken.bots = [{ ...broken.bots[0]!, botId: 'not-a-guid' }];
    expect(validateManifest(broken, schema)).toEqual([
      '/ must NOT have additional properties ("colour")',
      '/bots/0/botId must match pattern "^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"',
    ]);
  });

  it('names the app "Online Safety" (short) and "Online Safety Reporting" (full), manifest version 1.22', () => {
    const manifest = sampleManifest();
    expect(manifest.name).toEqual({ short: 'Online Safety', full: 'Online Safety Reporting' });
    expect(manifest.manifestVersion).toBe('1.22');
    expect(manifest.id).toBe(SAMPLE_APP_ID);
  });

  it('has one bot, in personal and team scope, with no file support', () => {
    const { bots } = sampleManifest();
    expect(bots).toHaveLength(1);
    expect(bots[0]?.botId).toBe(SAMPLE_BOT_ID);
    expect(bots[0]?.scopes).toEqual(['personal', 'team']);
    expect(bots[0]?.supportsFiles).toBe(false);
  });

  it('offers report, worried, status, cases and help in a 1:1 chat', () => {
    expect(commandsFor('personal')).toEqual([
      { title: 'report', description: 'Report an online-safety concern' },
      { title: 'worried', description: "I'm worried — tell a trusted adult" },
      { title: 'status', description: 'See your reports' },
      { title: 'cases', description: 'Safeguarding team: open cases, most urgent first' },
      { title: 'help', description: 'What this app does and who can help' },
    ]);
  });

  it('offers help and status in a team channel', () => {
    expect(commandsFor('team').map((command) => command.title)).toEqual(['help', 'status']);
  });

  it('has one message action, "Report a concern" on a message, that opens a dialog from the bot', () => {
    const manifest = sampleManifest() as ReturnType<typeof sampleManifest> & {
      composeExtensions: { botId: string; commands: Record<string, unknown>[] }[];
    };
    expect(manifest.composeExtensions).toEqual([
      {
        botId: SAMPLE_BOT_ID,
        commands: [
          {
            id: 'reportMessage',
            type: 'action',
            title: 'Report a concern',
            description: "Report this message to the school's safeguarding lead, privately",
            context: ['message'],
            fetchTask: true,
          },
        ],
      },
    ]);
    // still valid against the schema with the message action in it
    expect(validateManifest(manifest, schema)).toEqual([]);
  });

  it('a message action the schema does not allow is reported (a second context list entry that is not one of its values)', () => {
    const manifest = sampleManifest() as unknown as Record<string, unknown> & {
      composeExtensions: { commands: Record<string, unknown>[] }[];
    };
    manifest.composeExtensions[0]!.commands[0]!.context = ['message', 'chatMenu'];
    expect(validateManifest(manifest, schema).length).toBeGreaterThan(0);
  });

  it('lists exactly the placeholders the packager fills', () => {
    const names = [...manifestTemplate.matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)].map((match) => match[1]);
    expect(new Set(names)).toEqual(
      new Set(['TEAMS_APP_ID', 'BOT_ID', 'DEVELOPER_NAME', 'APP_WEBSITE_URL', 'APP_PRIVACY_URL', 'APP_TERMS_URL']),
    );
  });
});

describe('icons', () => {
  it('color.png is 192x192 and outline.png is 32x32 (read from the PNG header)', () => {
    const color = readPngHeader(colorPng);
    const outline = readPngHeader(outlinePng);
    expect(color.ok && [color.value.width, color.value.height]).toEqual([192, 192]);
    expect(outline.ok && [outline.value.width, outline.value.height]).toEqual([32, 32]);
  });

  it('outline.png is white on transparent: every pixel pure white, some visible, corners clear', () => {
    const image = decodePng(outlinePng);
    if (!image.ok) throw new Error(image.error);
    const pixels = [...Array(32 * 32).keys()].map((i) => [...image.value.rgba.subarray(i * 4, i * 4 + 4)]);
    expect(pixels.filter(([r, g, b]) => r !== 255 || g !== 255 || b !== 255)).toEqual([]);
    expect(pixels.filter(([, , , alpha]) => alpha === 255).length).toBeGreaterThan(150);
    expect([pixels[0]?.[3], pixels[31]?.[3], pixels[32 * 31]?.[3], pixels[32 * 32 - 1]?.[3]]).toEqual([0, 0, 0, 0]);
  });

  it('color.png is fully opaque on the calm teal accent colour #2A7F8F', () => {
    const image = decodePng(colorPng);
    if (!image.ok) throw new Error(image.error);
    const { rgba } = image.value;
    expect(rgba.filter((_, i) => i % 4 === 3 && rgba[i] !== 255)).toHaveLength(0);
    expect([...rgba.subarray(0, 4)]).toEqual([0x2a, 0x7f, 0x8f, 255]);
    expect(sampleManifest().accentColor).toBe('#2A7F8F');
  });
});

describe('package settings', () => {
  it('without BOT_ID: an error naming BOT_ID', () => {
    const settings = readPackageSettings({});
    expect(settings.ok).toBe(false);
    expect(!settings.ok && settings.error).toMatch(/^BOT_ID is missing/);
  });

  it('with a BOT_ID that is not a GUID: an error naming BOT_ID and the value', () => {
    const settings = readPackageSettings({ BOT_ID: 'online-safety-bot' });
    expect(!settings.ok && settings.error).toBe('BOT_ID must be a GUID like 00000000-0000-0000-0000-000000000000, got "online-safety-bot"');
  });

  it('TEAMS_APP_ID defaults to BOT_ID; developer links default to example.org', () => {
    expect(settingsFor({ BOT_ID: SAMPLE_BOT_ID })).toEqual({
      BOT_ID: SAMPLE_BOT_ID,
      TEAMS_APP_ID: SAMPLE_BOT_ID,
      DEVELOPER_NAME: 'Online Safety Reporting',
      APP_WEBSITE_URL: 'https://example.org/online-safety',
      APP_PRIVACY_URL: 'https://example.org/online-safety/privacy',
      APP_TERMS_URL: 'https://example.org/online-safety/terms',
    });
  });

  it('rejects a developer link that is not https', () => {
    const settings = readPackageSettings({ BOT_ID: SAMPLE_BOT_ID, APP_PRIVACY_URL: 'http://school.example/privacy' });
    expect(!settings.ok && settings.error).toBe('APP_PRIVACY_URL must start with https://, got "http://school.example/privacy"');
  });

  it('escapes values for JSON and refuses placeholders it has no value for', () => {
    expect(substitutePlaceholders('{"name": "${{DEVELOPER_NAME}}"}', { DEVELOPER_NAME: 'St "Mary\'s" \\ Trust' })).toEqual({
      ok: true,
      value: '{"name": "St \\"Mary\'s\\" \\\\ Trust"}',
    });
    expect(substitutePlaceholders('"${{BOT_ID}}" "${{SCHOOL}}"', { BOT_ID: SAMPLE_BOT_ID })).toEqual({
      ok: false,
      error: 'manifest placeholders without a value: SCHOOL',
    });
  });
});

describe('building the app package', () => {
  const entriesOf = (zip: Uint8Array) => unzipSync(zip);

  it('zips exactly manifest.json, color.png and outline.png; the manifest carries the bot id and validates', () => {
    const built = buildAppPackage(inputs, settingsFor({ BOT_ID: SAMPLE_BOT_ID }));
    if (!built.ok) throw new Error(built.error);
    const entries = entriesOf(built.value.zip);
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as { id: string; bots: Bot[] };
    expect(manifest.bots[0]?.botId).toBe(SAMPLE_BOT_ID);
    expect(manifest.id).toBe(SAMPLE_BOT_ID);
    expect(validateManifest(manifest, schema)).toEqual([]);
    expect(Buffer.from(entries['color.png']!).equals(colorPng)).toBe(true);
    expect(Buffer.from(entries['outline.png']!).equals(outlinePng)).toBe(true);
  });

  it('builds byte-identical zips from the same inputs', () => {
    const settings = settingsFor({ BOT_ID: SAMPLE_BOT_ID, TEAMS_APP_ID: SAMPLE_APP_ID });
    const first = buildAppPackage(inputs, settings);
    const second = buildAppPackage(inputs, settings);
    expect(first.ok && second.ok && Buffer.from(first.value.zip).equals(second.value.zip)).toBe(true);
  });

  it('refuses icons of the wrong size, naming the file and both sizes', () => {
    const built = buildAppPackage({ ...inputs, colorPng: outlinePng }, settingsFor({ BOT_ID: SAMPLE_BOT_ID }));
    expect(!built.ok && built.error).toBe('color.png must be 192x192, it is 32x32');
  });
});

describe('npm run package (scripts/package-app.ts)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'app-package-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  // an empty value counts as set, so a developer's own .env cannot fill it in behind the test's back
  function runPackager(env: Record<string, string>) {
    const outFile = join(outDir, 'appPackage.zip');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package-app.ts', '--out', outFile], {
      cwd: repoRoot,
      env: { ...process.env, BOT_ID: '', TEAMS_APP_ID: '', ...env },
      encoding: 'utf8',
    });
    return { ...run, outFile };
  }

  it('without BOT_ID exits 1 with a message naming BOT_ID and writes nothing', () => {
    const run = runPackager({});
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("BOT_ID is missing: set it to the bot's Microsoft App ID (a GUID)");
    expect(existsSync(run.outFile)).toBe(false);
  });

  it('with BOT_ID writes the zip and prints its path and a one-line summary', () => {
    const run = runPackager({ BOT_ID: SAMPLE_BOT_ID });
    expect(run.stderr).not.toContain('Error');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(run.outFile);
    expect(run.stdout).toContain(`bot id ${SAMPLE_BOT_ID}, manifest 1.22 valid`);
    expect(Object.keys(unzipSync(readFileSync(run.outFile))).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });
});
