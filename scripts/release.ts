// `npm run release`: one zip that App Service runs as it is ("run from package", startup command
// `node dist/main.js`): the compiled code, package.json and its lock file, the school profiles and the
// production dependencies only. Nothing is installed or built when the app starts.
// better-sqlite3 is the one add-on compiled for a Node version, so the production dependencies are installed
// with Node 22 (the npm `node` package, as scripts/test-node22.sh does) and better-sqlite3 is compiled
// against Node 22's headers: the zip is for Linux x64 and Node 22, whatever node runs this script.
// It also leaves the same files unpacked in release/online-safety-bot/, the folder the Agents Toolkit's
// azureAppService/zipDeploy action uploads (m365agents.yml).
// RELEASE_DIR=<folder> writes both there instead of release/ (the process test uses a temp folder).
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';

const repo = path.resolve(import.meta.dirname, '..');
const step = (what: string): void => console.log(`\n==> ${what}`);

function run(command: string, args: string[], options: SpawnSyncOptions = {}): void {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`\nThe release stopped: \`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error('The release zip is for App Service on Linux x64 and must be built on Linux x64 (WSL on Windows works).');
  process.exit(2);
}

const { name, version } = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { name: string; version: string };
const outDir = path.resolve(process.env.RELEASE_DIR ?? path.join(repo, 'release'));
const zipPath = path.join(outDir, `${name}-${version}.zip`);
const unpacked = path.join(outDir, name);
mkdirSync(outDir, { recursive: true });
const staging = mkdtempSync(path.join(outDir, '.staging-'));
const npm = 'npm'; // Linux only (checked above)

try {
  step('compiling src/ into dist/ (tsc)');
  run(process.execPath, [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', path.join(repo, 'tsconfig.json')]);

  step('Node 22 from the npm node package, for compiling better-sqlite3');
  // its own prefix, not npx's shared cache; --prefer-offline reuses what test:node22 already fetched
  const node22Prefix = path.join(staging, '.node22');
  run(npm, [
    'install',
    '--silent',
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--prefix',
    node22Prefix,
    'node@22',
  ]);
  const node22Bin = path.join(node22Prefix, 'node_modules/node/bin');
  const nodeDir = findNodeHeaders(node22Prefix);
  if (!nodeDir) {
    console.error(`No Node 22 headers found under ${node22Prefix}.`);
    process.exit(1);
  }

  step('copying the compiled code, package files and profiles');
  const app = path.join(staging, 'app');
  mkdirSync(app);
  cpSync(path.join(repo, 'dist'), path.join(app, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.tsbuildinfo') });
  for (const file of ['package.json', 'package-lock.json', '.npmrc']) cpSync(path.join(repo, file), path.join(app, file));
  // profiles: SCHOOL_PROFILE names one; assets: the digest chart's fonts, loaded at start-up
  for (const folder of ['profiles', 'assets']) cpSync(path.join(repo, folder), path.join(app, folder), { recursive: true });

  step('installing the production dependencies with Node 22 (npm ci --omit=dev; better-sqlite3 compiled from source)');
  const env22 = {
    ...process.env,
    PATH: `${node22Bin}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeDir,
    // no prebuilt download (there is no network to GitHub here): node-gyp against Node 22's headers
    npm_config_build_from_source: 'true',
  };
  run(npm, ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, env: env22 });
  // the compiled add-on is all better-sqlite3 needs at run time: its SQLite sources and object files are 30 MB
  const sqlite = path.join(app, 'node_modules/better-sqlite3');
  rmSync(path.join(sqlite, 'deps'), { recursive: true, force: true });
  for (const entry of readdirSync(path.join(sqlite, 'build'))) {
    if (entry !== 'Release') rmSync(path.join(sqlite, 'build', entry), { recursive: true, force: true });
  }
  for (const entry of readdirSync(path.join(sqlite, 'build/Release'))) {
    if (entry !== 'better_sqlite3.node') rmSync(path.join(sqlite, 'build/Release', entry), { recursive: true, force: true });
  }

  // the trimmed add-on still loads under Node 22
  run(
    path.join(node22Bin, 'node'),
    ['-e', "const D=require('better-sqlite3'); new D(':memory:').close(); console.log('better-sqlite3 loads in', process.version)"],
    { cwd: app, env: env22 },
  );

  step(`writing ${path.relative(repo, zipPath) || zipPath}`);
  rmSync(path.join(app, '.npmrc'));
  // command-line links to tools the app never runs; the Toolkit's upload would carry them as broken links
  rmSync(path.join(app, 'node_modules/.bin'), { recursive: true, force: true });
  const files: Zippable = {};
  for (const entry of readdirSync(app)) addToZip(files, app, entry);
  writeFileSync(zipPath, zipSync(files, { level: 6 }));
  rmSync(unpacked, { recursive: true, force: true });
  renameSync(app, unpacked);
  console.log(`\n${zipPath}\nDeploy it with: az webapp deploy --type zip --src-path ${path.relative(process.cwd(), zipPath)} ...`);
} finally {
  rmSync(staging, { recursive: true, force: true });
}

function findNodeHeaders(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: false }) as string[]) {
    if (entry.endsWith(path.join('include', 'node', 'node_api.h'))) {
      const root = path.join(dir, entry, '..', '..', '..');
      if (existsSync(path.join(root, 'include/node/node.h'))) return root;
    }
  }
  return undefined;
}

// files and folders, not symlinks: node_modules/.bin holds only links to command-line tools the app never runs
function addToZip(files: Zippable, root: string, relative: string): void {
  const full = path.join(root, relative);
  const stat = lstatSync(full);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    for (const child of readdirSync(full)) addToZip(files, root, path.join(relative, child));
    return;
  }
  files[relative.split(path.sep).join('/')] = [readFileSync(full), { mtime: stat.mtime }];
}
