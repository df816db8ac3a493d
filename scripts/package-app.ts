// `npm run package`: builds build/appPackage.zip, the file a school uploads in the Teams admin centre.
// settings come from the environment, then from .env in the repo root (the environment wins, as with node --env-file).
// `npm run package -- --out <file>` writes somewhere else.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, parseEnv } from 'node:util';
import { OPTIONAL_DEFAULTS, buildAppPackage, readPackageSettings } from './lib/app-package.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const manifestDir = resolve(repoRoot, 'teamsAppManifest');
// the vendored copy, so a fresh clone validates offline without ../shared beside it
const schemaFile = resolve(repoRoot, 'test/fixtures/schemas/teams-manifest-v1.22.schema.json');

function loadDotEnv(file: string, env: NodeJS.ProcessEnv): void {
  if (!existsSync(file)) return;
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (env[key] === undefined) env[key] = value;
  }
}

function main(): number {
  const { values: args } = parseArgs({ options: { out: { type: 'string' } } });
  const outFile = resolve(args.out ?? resolve(repoRoot, 'build/appPackage.zip'));

  loadDotEnv(resolve(repoRoot, '.env'), process.env);
  const settings = readPackageSettings(process.env);
  if (!settings.ok) {
    console.error(`package: cannot build the Teams app package.\n${settings.error}`);
    return 1;
  }

  const built = buildAppPackage(
    {
      manifestTemplate: readFileSync(resolve(manifestDir, 'manifest.json'), 'utf8'),
      schema: JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>,
      colorPng: readFileSync(resolve(manifestDir, 'color.png')),
      outlinePng: readFileSync(resolve(manifestDir, 'outline.png')),
    },
    settings.value,
  );
  if (!built.ok) {
    console.error(`package: the Teams app package is not valid.\n${built.error}`);
    return 1;
  }

  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, built.value.zip);

  const { manifest } = built.value;
  const name = (manifest.name as { short: string }).short;
  const sizeKb = (built.value.zip.length / 1024).toFixed(1);
  console.log(outFile);
  console.log(
    `wrote ${relative(process.cwd(), outFile) || outFile} (${sizeKb} KB): "${name}" ${String(manifest.version)}, ` +
      `app id ${settings.value.TEAMS_APP_ID}, bot id ${settings.value.BOT_ID}, manifest ${String(manifest.manifestVersion)} valid, icons 192x192 + 32x32`,
  );
  const defaulted = (Object.keys(OPTIONAL_DEFAULTS) as (keyof typeof OPTIONAL_DEFAULTS)[]).filter(
    (key) => settings.value[key] === OPTIONAL_DEFAULTS[key],
  );
  if (defaulted.length > 0) {
    // staff see these links in Teams; the privacy link should be the school's own privacy notice
    console.warn(`note: using placeholder values for ${defaulted.join(', ')}; set them in .env before rolling out to staff`);
  }
  return 0;
}

process.exitCode = main();
