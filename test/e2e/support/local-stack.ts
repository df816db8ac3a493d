// the bot in local mode + the Agents Playground + headless Chromium, on free ports, for e2e tests.
// dist/ is built once by test/global-setup.ts (parallel tsc runs would race), so nothing builds here.
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
  freePort,
  repoRoot,
  startBot,
  startPlayground,
  stopProcesses,
  waitForHttp,
  type ManagedProcess,
} from '../../../scripts/lib/processes.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const RESULTS_DIR = join(repoRoot, 'test-results');

export interface LocalStack {
  /** http://127.0.0.1:<port>/api/messages */
  botEndpoint: string;
  botUrl: string;
  /** the Playground's UI, e.g. http://127.0.0.1:41234 */
  playgroundUrl: string;
  dataDir: string;
  bot: ManagedProcess;
  playground: ManagedProcess;
  /** where the children's output went: test-results/e2e-logs/<name>-{bot,playground}.log */
  logs: { bot: string; playground: string; playgroundOwn: string };
  /** stops both and removes the data dir; safe to call twice */
  stop(): Promise<void>;
}

export interface StackOptions {
  /** names the log files; use one per test file */
  name: string;
  /** another Playground config (to act as another user); default the repo's .m365agentsplayground.yml */
  playgroundConfig?: string;
  /** extra bot environment (LOG_LEVEL, SCHOOL_PROFILE ...) */
  botEnv?: NodeJS.ProcessEnv;
}

export async function startLocalStack(opts: StackOptions): Promise<LocalStack> {
  if (!existsSync(join(repoRoot, 'dist/main.js'))) {
    throw new Error('dist/main.js is missing: the vitest global setup (test/global-setup.ts) should have built it; run npm run build.');
  }
  const logDir = join(RESULTS_DIR, 'e2e-logs');
  mkdirSync(logDir, { recursive: true });
  const logs = {
    bot: join(logDir, `${opts.name}-bot.log`),
    playground: join(logDir, `${opts.name}-playground.log`),
    playgroundOwn: join(logDir, `${opts.name}-playground-own.log`),
  };
  const streams: WriteStream[] = [];
  const logTo = (file: string): WriteStream => {
    const s = createWriteStream(file);
    streams.push(s);
    return s;
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'osb-e2e-data-'));
  const botPort = await freePort();
  const botUrl = `http://127.0.0.1:${botPort}`;
  const botEndpoint = `${botUrl}/api/messages`;

  const bot = startBot({
    port: botPort,
    env: { DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...opts.botEnv },
    output: logTo(logs.bot),
    pretty: false,
  });
  // a free UI port: the Playground would fall back to a random one anyway, and ready() reads the real one
  const playground = startPlayground({
    botEndpoint,
    port: await freePort(),
    configPath: opts.playgroundConfig ?? join(repoRoot, '.m365agentsplayground.yml'),
    logFile: logs.playgroundOwn,
    output: logTo(logs.playground),
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopProcesses([bot, playground.process], 5_000);
    await Promise.all(streams.map((s) => new Promise<void>((resolve) => s.end(resolve))));
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const [, uiPort] = await Promise.all([
      waitForHttp(`${botUrl}/healthz`, { timeoutMs: 30_000, watch: [bot] }),
      playground.ready(60_000),
    ]);
    await waitForHttp(`${botUrl}/readyz`, { timeoutMs: 10_000, watch: [bot] });
    return { botEndpoint, botUrl, playgroundUrl: `http://127.0.0.1:${uiPort}`, dataDir, bot, playground: playground.process, logs, stop };
  } catch (err) {
    await stop();
    if (err instanceof Error) err.message += `\n(logs: ${logs.bot}, ${logs.playground}, ${logs.playgroundOwn})`;
    throw err;
  }
}

/** headless Chromium from the Debian package; fails (never skips) when it is not installed */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed (${CHROMIUM_PATH} is missing), and the end-to-end tests need it. ` +
        'Install it with: apt-get update && apt-get install -y chromium (as root; .ci/run does this), ' +
        'or point CHROMIUM_PATH at a Chromium binary. (npx playwright install cannot download browsers here.)',
    );
  }
  // launch() gives every browser a fresh temporary user-data-dir and deletes it on close()
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
