// `npm start`: build, then run the bot in local mode and the Microsoft 365 Agents Playground (a Teams-like
// web client) side by side in the foreground. Ctrl-C stops both.
//   PORT             the bot's port (default 3978)
//   PLAYGROUND_PORT  the Playground's UI port (default 56150; it picks another itself when that is busy)
//   DATA_DIR, SCHOOL_PROFILE, LOG_LEVEL are passed to the bot unchanged.
//   --as staff|dsl|pupil|governor  whom the Playground plays (default staff: Sam Taylor, a teacher);
//                    each seat is a Playground config in playground/, the staff one at the repo root.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  build,
  errorText,
  portInUse,
  repoRoot,
  startBot,
  startPlayground,
  stopProcesses,
  waitForHttp,
  type ManagedProcess,
} from './lib/processes.js';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const fail = (line: string): void => void process.stderr.write(`${line}\n`);

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(`${name}=${raw} is not a port number (1-65535).`);
    process.exit(2);
  }
  return port;
}

/** the parent pid of pid, from /proc (Linux); undefined when it is gone or there is no /proc */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * `npm start` runs us as npm -> sh -> tsx -> node. A SIGTERM sent to npm alone (docker stop, kill <pid>)
 * kills sh without passing it on, which would leave us running and port 3978 taken. So we also stop
 * when our parent or grandparent goes away (tsx, sh) (Linux only; elsewhere this does nothing).
 */
function onOrphaned(stop: () => void): void {
  const chain: number[] = [process.ppid];
  while (chain.length < 3) {
    const up = parentOf(chain[chain.length - 1]!);
    if (up === undefined || up <= 1) break;
    chain.push(up);
  }
  if (parentOf(process.ppid) === undefined) return; // no /proc
  setInterval(() => {
    const broken = process.ppid !== chain[0] || chain.slice(0, -1).some((pid, i) => parentOf(pid) !== chain[i + 1]);
    if (broken) stop();
  }, 1_000).unref();
}

const SEATS: Record<string, string> = {
  staff: '.m365agentsplayground.yml',
  dsl: 'playground/dsl.yml',
  pupil: 'playground/pupil.yml',
  governor: 'playground/governor.yml',
};

function seatFromArgs(argv: string[]): string {
  const i = argv.indexOf('--as');
  const seat = i >= 0 ? argv[i + 1] : 'staff';
  if (!seat || !(seat in SEATS)) {
    fail(`--as takes one of: ${Object.keys(SEATS).join(', ')}`);
    process.exit(2);
  }
  return seat;
}

async function main(): Promise<void> {
  const seat = seatFromArgs(process.argv.slice(2));
  const botPort = portFromEnv('PORT', 3978);
  const uiPort = portFromEnv('PLAYGROUND_PORT', 56150);
  const endpoint = `http://127.0.0.1:${botPort}/api/messages`;

  say('Building (tsc -p tsconfig.json)...');
  const built = await build();
  if (built !== 0) {
    fail(`Build failed (tsc exited ${built}): fix the errors above, then run npm start again.`);
    process.exit(built || 1);
  }
  if (!existsSync(join(repoRoot, 'dist/main.js'))) {
    fail('The build produced no dist/main.js: is src/main.ts there?');
    process.exit(1);
  }
  if (await portInUse(botPort, '127.0.0.1')) {
    fail(`Port ${botPort} is already in use (another bot, or npm start still running?). Stop it, or run PORT=<other port> npm start.`);
    process.exit(1);
  }
  if (await portInUse(uiPort)) {
    say(`Port ${uiPort} is busy: the Playground will pick another port (shown below).`);
  }

  const bot = startBot({ port: botPort, env: {}, output: process.stdout });
  const playground = startPlayground({ botEndpoint: endpoint, port: uiPort, output: process.stdout, configPath: join(repoRoot, SEATS[seat]!) });
  const children: ManagedProcess[] = [bot, playground.process];

  let stopping = false;
  const stopAll = async (code: number, why?: string): Promise<never> => {
    if (!stopping) {
      stopping = true;
      if (why) (code === 0 ? say : fail)(why);
      await stopProcesses(children, 5_000);
      say('Stopped the bot and the Playground.');
      process.exit(code);
    }
    return new Promise<never>(() => {}); // the first call exits
  };

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void stopAll(0, `\n${signal}: stopping...`));
  }
  onOrphaned(() => void stopAll(0, 'npm or the terminal went away: stopping...'));
  void bot.exited.then((e) => {
    if (stopping) return;
    const inUse = bot.recentLines().some((l) => /EADDRINUSE|already in use/.test(l));
    const detail = inUse ? `port ${botPort} is already in use` : `exit ${e.signal ?? e.code}; see its output above`;
    void stopAll(1, `The bot stopped (${detail}), so the Playground was stopped too.`);
  });
  void playground.process.exited.then((e) => {
    if (stopping) return;
    const log = playground.errorLog();
    const detail = log ? `its log says:\n${log}` : `exit ${e.signal ?? e.code}; see ${playground.logFile}`;
    void stopAll(1, `The Playground stopped, so the bot was stopped too; ${detail}`);
  });

  try {
    const [, port] = await Promise.all([
      waitForHttp(`http://127.0.0.1:${botPort}/healthz`, { timeoutMs: 60_000, watch: [bot] }),
      playground.ready(60_000),
    ]);
    const readyz = await fetch(`http://127.0.0.1:${botPort}/readyz`).then((r) => r.status, () => 0);
    say('');
    say(`Bot: ${endpoint}`);
    say(`Open the Teams-like client (Agents Playground): http://127.0.0.1:${port}`);
    say(`You are playing the ${seat} seat (${SEATS[seat]}); npm start -- --as dsl|pupil|governor plays another person.`);
    if (readyz !== 200) say(`(warning: the bot's /readyz answers ${readyz || 'nothing'}: its store may not be reachable)`);
    say('Press Ctrl-C to stop both.');
    say('');
  } catch (err) {
    if (!stopping) await stopAll(1, `Could not start: ${errorText(err)}`);
  }
}

main().catch((err: unknown) => {
  fail(`npm start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
