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

/** one Playground of a stack: a person's seat in the mock tenant */
export interface PlaygroundSeat {
  /** the seat's name, as given in StackOptions.seats (e.g. "staff", "dsl") */
  name: string;
  /** the Playground's UI, e.g. http://127.0.0.1:41234 */
  url: string;
  config: string;
  process: ManagedProcess;
  /** its console output, and the log file it writes itself (where it says why it stopped) */
  logs: { output: string; own: string };
}

export interface LocalStack {
  /** http://127.0.0.1:<port>/api/messages */
  botEndpoint: string;
  botUrl: string;
  /** the first seat's Playground UI, e.g. http://127.0.0.1:41234 */
  playgroundUrl: string;
  dataDir: string;
  bot: ManagedProcess;
  /** the first seat's Playground */
  playground: ManagedProcess;
  /** every Playground, in the order of StackOptions.seats */
  seats: PlaygroundSeat[];
  /** where the children's output went: test-results/e2e-logs/<name>-{bot,playground}.log (first seat) */
  logs: { bot: string; playground: string; playgroundOwn: string };
  /** the seat with this name; throws when there is none */
  seat(name: string): PlaygroundSeat;
  /** stops them all and removes the data dir; safe to call twice */
  stop(): Promise<void>;
}

export interface SeatOptions {
  /** names the seat and its log files */
  name: string;
  /** its Playground config (whom it plays) */
  config: string;
}

export interface StackOptions {
  /** names the log files; use one per test file */
  name: string;
  /** another Playground config (to act as another user); default the repo's .m365agentsplayground.yml */
  playgroundConfig?: string;
  /**
   * several Playgrounds against the same bot, one per seat (each sends the bot its own serviceUrl, so
   * each shows only what the bot sends through it); overrides playgroundConfig
   */
  seats?: SeatOptions[];
  /** extra bot environment (LOG_LEVEL, SCHOOL_PROFILE ...) */
  botEnv?: NodeJS.ProcessEnv;
}

/** n distinct ports that were free a moment ago */
async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

export async function startLocalStack(opts: StackOptions): Promise<LocalStack> {
  if (!existsSync(join(repoRoot, 'dist/main.js'))) {
    throw new Error('dist/main.js is missing: the vitest global setup (test/global-setup.ts) should have built it; run npm run build.');
  }
  const logDir = join(RESULTS_DIR, 'e2e-logs');
  mkdirSync(logDir, { recursive: true });
  // one seat keeps the log names it always had; several get one pair each
  const seatOpts: SeatOptions[] = opts.seats ?? [
    { name: 'playground', config: opts.playgroundConfig ?? join(repoRoot, '.m365agentsplayground.yml') },
  ];
  if (seatOpts.length === 0) throw new Error('startLocalStack: seats is empty');
  if (new Set(seatOpts.map((s) => s.name)).size !== seatOpts.length) throw new Error('startLocalStack: two seats have the same name');
  const seatLogs = (seat: string) =>
    opts.seats
      ? { output: join(logDir, `${opts.name}-playground-${seat}.log`), own: join(logDir, `${opts.name}-playground-${seat}-own.log`) }
      : { output: join(logDir, `${opts.name}-playground.log`), own: join(logDir, `${opts.name}-playground-own.log`) };
  const botLog = join(logDir, `${opts.name}-bot.log`);
  const streams: WriteStream[] = [];
  const logTo = (file: string): WriteStream => {
    const s = createWriteStream(file);
    streams.push(s);
    return s;
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'osb-e2e-data-'));
  const [botPort, ...uiPorts] = await freePorts(1 + seatOpts.length);
  const botUrl = `http://127.0.0.1:${botPort}`;
  const botEndpoint = `${botUrl}/api/messages`;

  const bot = startBot({
    port: botPort!,
    // the scheduled jobs' reminders would land in the chats under test: off unless a test turns them on
    env: { DATA_DIR: dataDir, LOG_LEVEL: 'debug', SCHEDULER: 'off', ...opts.botEnv },
    output: logTo(botLog),
    pretty: false,
  });
  // free UI ports: a Playground would fall back to a random one anyway, and ready() reads the real one
  const started = seatOpts.map((seat, n) => {
    const logs = seatLogs(seat.name);
    const playground = startPlayground({
      botEndpoint,
      name: opts.seats ? `playground:${seat.name}` : 'playground',
      port: uiPorts[n]!,
      configPath: seat.config,
      logFile: logs.own,
      output: logTo(logs.output),
    });
    return { seat, logs, playground };
  });
  const first = started[0]!;

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopProcesses([bot, ...started.map((s) => s.playground.process)], 5_000);
    await Promise.all(streams.map((s) => new Promise<void>((resolve) => s.end(resolve))));
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const [, ...ports] = await Promise.all([
      waitForHttp(`${botUrl}/healthz`, { timeoutMs: 30_000, watch: [bot] }),
      ...started.map((s) => s.playground.ready(60_000)),
    ]);
    await waitForHttp(`${botUrl}/readyz`, { timeoutMs: 10_000, watch: [bot] });
    const seats: PlaygroundSeat[] = started.map((s, n) => ({
      name: s.seat.name,
      url: `http://127.0.0.1:${ports[n]}`,
      config: s.seat.config,
      process: s.playground.process,
      logs: s.logs,
    }));
    const seat = (name: string): PlaygroundSeat => {
      const found = seats.find((s) => s.name === name);
      if (!found) throw new Error(`no seat "${name}" in this stack (seats: ${seats.map((s) => s.name).join(', ')})`);
      return found;
    };
    return {
      botEndpoint,
      botUrl,
      playgroundUrl: seats[0]!.url,
      dataDir,
      bot,
      playground: first.playground.process,
      seats,
      seat,
      logs: { bot: botLog, playground: first.logs.output, playgroundOwn: first.logs.own },
      stop,
    };
  } catch (err) {
    await stop();
    const files = [botLog, ...started.flatMap((s) => [s.logs.output, s.logs.own])];
    if (err instanceof Error) err.message += `\n(logs: ${files.join(', ')})`;
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
