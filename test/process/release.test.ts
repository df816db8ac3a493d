import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { makeTempDir } from '../support/temp-dir.js';

// `npm run release` builds the zip App Service runs from ("run from package", startup command
// `node dist/main.js`). Built once here (a few minutes: npm ci and a better-sqlite3 compile for Node 22), then
// unzipped into an empty folder and started with Node 22, as production runs it, with test credentials.
// Node 22 comes from the npm `node` package, installed into its own folder as scripts/test-node22.sh does.

const repo = path.resolve(import.meta.dirname, '../..');
const work = makeTempDir('release-test-');
const { name, version } = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { name: string; version: string };
const appDir = path.join(work.dir, 'app');
const dataDir = path.join(work.dir, 'data');
let node22 = '';
let bot: ChildProcess | undefined;
let output = '';
let port = 0;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as { port: number };
      server.close(() => resolve(p));
    });
  });

async function waitForHealth(deadline: number): Promise<Response> {
  for (;;) {
    try {
      return await fetch(`http://127.0.0.1:${port}/healthz`);
    } catch (err) {
      if (Date.now() > deadline || bot?.exitCode !== null) throw new Error(`the bot did not answer: ${String(err)}\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

beforeAll(() => {
  const built = spawnSync(process.execPath, [path.join(repo, 'node_modules/tsx/dist/cli.mjs'), 'scripts/release.ts'], {
    cwd: repo,
    env: { ...process.env, RELEASE_DIR: work.dir },
    encoding: 'utf8',
    timeout: 900_000,
  });
  expect(built.status, `${built.stdout}\n${built.stderr}`).toBe(0);

  const zip = unzipSync(readFileSync(path.join(work.dir, `${name}-${version}.zip`)));
  for (const [file, bytes] of Object.entries(zip)) {
    if (file.endsWith('/')) continue;
    mkdirSync(path.dirname(path.join(appDir, file)), { recursive: true });
    writeFileSync(path.join(appDir, file), bytes);
  }
  mkdirSync(dataDir);

  const prefix = path.join(work.dir, '.node22');
  const fetched = spawnSync(
    'npm',
    ['install', '--silent', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefer-offline', '--prefix', prefix, 'node@22'],
    {
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  expect(fetched.status, fetched.stderr).toBe(0);
  node22 = path.join(prefix, 'node_modules/node/bin/node');
}, 1_200_000);

afterAll(async () => {
  if (bot && bot.exitCode === null) {
    bot.kill('SIGKILL');
    await new Promise((r) => bot?.once('exit', r));
  }
  work.remove();
});

describe('the release zip (npm run release)', () => {
  it('holds the compiled code, the profiles, the fonts and production dependencies only: no sources, no build tools', () => {
    expect(readdirSync(appDir).sort()).toEqual(['assets', 'dist', 'node_modules', 'package-lock.json', 'package.json', 'profiles']);
    expect(existsSync(path.join(appDir, 'dist/main.js'))).toBe(true);
    expect(existsSync(path.join(appDir, 'profiles/example-school.yaml'))).toBe(true);
    expect(existsSync(path.join(appDir, 'assets/fonts/DejaVuSans.ttf'))).toBe(true);
    expect(existsSync(path.join(appDir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    expect(existsSync(path.join(appDir, 'node_modules/botbuilder/package.json'))).toBe(true);
    // dev dependencies absent: nothing could compile or install at start-up (the `preserve` hook would find no tsc)
    for (const dev of ['typescript', 'tsx', 'vitest', 'nock', 'eslint', 'prettier', '@microsoft/m365agentsplayground']) {
      expect(existsSync(path.join(appDir, 'node_modules', dev)), dev).toBe(false);
    }
  });

  it('starts on Node 22 from an empty folder with `node dist/main.js` in production: /healthz answers 200, an unsigned POST gets 401', async () => {
    const versionRun = spawnSync(node22, ['--version'], { encoding: 'utf8' });
    expect(versionRun.stdout).toMatch(/^v22\./);

    port = await freePort();
    bot = spawn(node22, ['dist/main.js'], {
      cwd: appDir,
      // App Service's settings as infra/main.bicep gives them; fake ids: nothing reaches Azure at start-up
      env: {
        PATH: process.env.PATH ?? '',
        BOT_MODE: 'production',
        PORT: String(port),
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
        MicrosoftAppTenantId: 'a1b2c3d4-0000-4000-8000-0000000000aa',
        SCHOOL_PROFILE: 'profiles/example-school.yaml',
        DATA_DIR: dataDir,
        SQLITE_JOURNAL_MODE: 'delete',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    bot.stderr?.on('data', (d: Buffer) => (output += d.toString()));

    const health = await waitForHealth(Date.now() + 30_000);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    // the store opened: better-sqlite3 from the zip loads under Node 22
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });

    const unsigned = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hello', channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/uk/' }),
    });
    expect(unsigned.status).toBe(401);

    // nothing was built or written into the app folder at start-up (App Service mounts the zip read-only)
    expect(existsSync(path.join(appDir, 'dist/.tsbuildinfo'))).toBe(false);
    expect(readdirSync(appDir).sort()).toEqual(['assets', 'dist', 'node_modules', 'package-lock.json', 'package.json', 'profiles']);

    const exited = new Promise<number | null>((r) => bot?.once('exit', (code) => r(code)));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"listening"');
  }, 60_000);
});
