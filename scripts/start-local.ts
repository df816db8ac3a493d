// `npm start`: build, then run the bot in local mode and the Microsoft 365 Agents Playground (a Teams-like
// web client) side by side in the foreground. Ctrl-C stops them all.
//   PORT             the bot's port (default 3978)
//   PLAYGROUND_PORT  the first Playground's UI port (default 56150; the next seat gets +1 and so on; a
//                    Playground picks another port itself when its own is busy)
//   DATA_DIR, SCHOOL_PROFILE are passed to the bot unchanged; LOG_LEVEL too, else the bot logs warnings only (readable start-up).
//   --profile <file> the school profile the bot plays (default SCHOOL_PROFILE, else the example school),
//                    e.g. npm start -- --profile profiles/003-first-school.yaml
//   --as staff|dsl|deputy|head|pupil|governor  whom the Playground plays (default staff: Sam Taylor, a teacher);
//                    each seat is a Playground config in playground/, the staff one at the repo root. With
//                    another school's profile the seats are that school's people, written to devTools/seats/
//                    from the profile (scripts/lib/playground-seats.ts); a seat it names nobody for is refused.
//                    Several seats, comma-separated (--as staff,dsl), start one Playground each, all
//                    talking to the same bot: one person reports, the other sees it in the channel.
//   --trust <file>   a trust's schools (TRUST_FILE, on SQLite under DATA_DIR/<school id>), e.g.
//                    npm start -- --trust profiles/trust.yaml --as rowan:staff,larch-hill:dsl,trust-ceo
//                    seats: <school id>:<seat> for each school's people, trust-ceo and trust-lead (the trust's
//                    CEO and safeguarding lead), shared-staff (someone at several schools, who is asked which
//                    school); written to devTools/seats/ from the trust file (scripts/lib/trust-seats.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import {
  build,
  errorText,
  portInUse,
  repoRoot,
  startBot,
  startPlayground,
  stopProcesses,
  playgroundUserName,
  waitForHttp,
  type ManagedProcess,
  type Playground,
} from './lib/processes.js';
import { EXAMPLE_PROFILE_PATH, loadConfig } from '../src/config/env.js';
import { loadSchoolProfile } from '../src/config/profile-loader.js';
import { SEAT_NAMES, profileSeats, seatFileText } from './lib/playground-seats.js';
import { parseStartArgs, trustSeatChoice } from './lib/start-args.js';
import { trustSeats } from './lib/trust-seats.js';
import { loadTrustFile } from '../src/config/trust-file.js';

const environment = process.env;

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const fail = (line: string): void => void process.stderr.write(`${line}\n`);

function portFromEnv(name: string, fallback: number): number {
  const raw = environment[name];
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

/** the example school's seats, hand-written (the end-to-end tests use them) */
const EXAMPLE_SEATS: Record<string, string> = {
  staff: '.m365agentsplayground.yml',
  dsl: 'playground/dsl.yml',
  deputy: 'playground/deputy.yml',
  head: 'playground/head.yml',
  pupil: 'playground/pupil.yml',
  governor: 'playground/governor.yml',
};

interface Seat {
  seat: string;
  config: string;
  /** whom the seat plays (its config's currentUser) */
  person: string;
  playground: Playground;
}

/**
 * The seat files for the chosen profile, by seat name (paths from the repo root): the example school's
 * own, or for any other profile its people's, written to devTools/seats/. Exits when the profile cannot
 * be read or names nobody for a seat asked for.
 */
async function seatFiles(profilePath: string, asked: readonly string[]): Promise<Record<string, string>> {
  if (resolve(repoRoot, profilePath) === resolve(repoRoot, EXAMPLE_PROFILE_PATH)) return EXAMPLE_SEATS;
  const loaded = await loadSchoolProfile(resolve(repoRoot, profilePath));
  if (!loaded.ok) {
    fail(`Fix the school profile ${profilePath} (npm run check-profile -- ${profilePath} gives the line numbers):`);
    fail(loaded.errors.map((e) => `  - ${e}`).join('\n'));
    process.exit(2);
  }
  const seats = profileSeats(loaded.value);
  const missing = asked.filter((s) => !(s in seats));
  if (missing.length > 0) {
    const names = Object.keys(seats).join(', ');
    fail(
      `${profilePath} names no one for the ${missing.join(' or ')} seat (for a pupil seat, list pupils in pupils.roster). Its seats: ${names}.`,
    );
    process.exit(2);
  }
  const dir = join(repoRoot, 'devTools/seats');
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  const stem = basename(profilePath, extname(profilePath));
  for (const seat of SEAT_NAMES) {
    const s = seats[seat];
    if (!s) continue;
    const file = join(dir, `${stem}-${seat}.yml`);
    writeFileSync(file, seatFileText(profilePath, seat, s));
    files[seat] = relative(repoRoot, file);
  }
  return files;
}

/** a trust's seat files (devTools/seats/<trust file>-<seat>.yml) and the seats asked for; exits when either is wrong */
async function trustSeatFiles(trustPath: string, asked: readonly string[]): Promise<{ files: Record<string, string>; seats: string[] }> {
  const loaded = await loadTrustFile(resolve(repoRoot, trustPath));
  if (!loaded.ok) {
    fail(`Fix the trust file ${trustPath}:`);
    fail(loaded.errors.map((e) => `  - ${e}`).join('\n'));
    process.exit(2);
  }
  const seats = trustSeats(loaded.value);
  const chosen = trustSeatChoice(asked, Object.keys(seats));
  if (!chosen.ok) {
    fail(chosen.error);
    process.exit(2);
  }
  const dir = join(repoRoot, 'devTools/seats');
  mkdirSync(dir, { recursive: true });
  const stem = basename(trustPath, extname(trustPath));
  const files: Record<string, string> = {};
  for (const [seat, s] of Object.entries(seats)) {
    const file = join(dir, `${stem}-${seat.replace(':', '-')}.yml`);
    writeFileSync(file, seatFileText(trustPath, seat, s));
    files[seat] = relative(repoRoot, file);
  }
  return { files, seats: chosen.seats };
}

async function main(): Promise<void> {
  const args = parseStartArgs(process.argv.slice(2), environment, SEAT_NAMES);
  if (!args.ok) {
    fail(args.error);
    process.exit(2);
  }
  const { schoolProfile, trustFile } = args.value;
  let seats = args.value.seats;
  // --profile is passed to the bot as SCHOOL_PROFILE (the flag wins over the environment); --trust as
  // TRUST_FILE, with no SCHOOL_PROFILE (the trust file names each school's)
  const profileEnv = trustFile
    ? { TRUST_FILE: trustFile, SCHOOL_PROFILE: '' }
    : { TRUST_FILE: '', ...(schoolProfile === undefined ? {} : { SCHOOL_PROFILE: schoolProfile }) };
  const botPort = portFromEnv('PORT', 3978);
  const uiPort = portFromEnv('PLAYGROUND_PORT', 56150);
  // the bot's other settings (DATA_DIR, SCHOOL_PROFILE, LOG_LEVEL, ...) as it will read them: told now, not after the build
  const config = loadConfig({ ...environment, ...profileEnv, BOT_MODE: 'local', PORT: String(botPort) });
  if (!config.ok) {
    fail(`Fix these settings (see .env.example):\n${config.errors.map((e) => `  - ${e}`).join('\n')}`);
    process.exit(2);
  }
  let SEATS: Record<string, string>;
  if (trustFile) {
    const trust = await trustSeatFiles(trustFile, seats);
    SEATS = trust.files;
    seats = trust.seats;
  } else SEATS = await seatFiles(config.value.schoolProfilePath, seats);
  const endpoint = `http://127.0.0.1:${botPort}/api/messages`;
  if (uiPort + seats.length - 1 > 65535) {
    fail(`PLAYGROUND_PORT=${uiPort} leaves no room for ${seats.length} Playgrounds (ports ${uiPort}-${uiPort + seats.length - 1}).`);
    process.exit(2);
  }

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
  for (const [n] of seats.entries()) {
    if (await portInUse(uiPort + n)) say(`Port ${uiPort + n} is busy: the ${seats[n]} Playground will pick another port (shown below).`);
  }

  const several = seats.length > 1;
  // the bot's routine log (each scheduled job, each reminder waiting) would scroll the addresses away:
  // warnings only unless LOG_LEVEL says otherwise
  const bot = startBot({
    port: botPort,
    env: { ...profileEnv, ...(environment.LOG_LEVEL ? {} : { LOG_LEVEL: 'warn' }) },
    output: process.stdout,
  });
  const started: Seat[] = seats.map((seat, n) => {
    const config = join(repoRoot, SEATS[seat]!);
    return {
      seat,
      config,
      person: playgroundUserName(config) ?? seat,
      playground: startPlayground({
        botEndpoint: endpoint,
        port: uiPort + n,
        output: process.stdout,
        configPath: config,
        // one seat keeps the Playground's own default log; several get one log each
        ...(several ? { name: `playground:${seat}`, logFile: join(repoRoot, `devTools/m365agentsplayground-${seat}.log`) } : {}),
      }),
    };
  });
  const children: ManagedProcess[] = [bot, ...started.map((s) => s.playground.process)];
  const them = several ? 'the Playgrounds' : 'the Playground';

  let stopping = false;
  const stopAll = async (code: number, why?: string): Promise<never> => {
    if (!stopping) {
      stopping = true;
      if (why) (code === 0 ? say : fail)(why);
      await stopProcesses(children, 5_000);
      say(`Stopped the bot and ${them}.`);
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
    void stopAll(1, `The bot stopped (${detail}), so ${them} ${several ? 'were' : 'was'} stopped too.`);
  });
  for (const { seat, playground } of started) {
    void playground.process.exited.then((e) => {
      if (stopping) return;
      const log = playground.errorLog();
      const detail = log ? `its log says:\n${log}` : `exit ${e.signal ?? e.code}; see ${playground.logFile}`;
      const which = several ? `The ${seat} Playground` : 'The Playground';
      void stopAll(1, `${which} stopped, so everything else was stopped too; ${detail}`);
    });
  }

  try {
    const [, ...ports] = await Promise.all([
      waitForHttp(`http://127.0.0.1:${botPort}/healthz`, { timeoutMs: 60_000, watch: [bot] }),
      ...started.map((s) => s.playground.ready(60_000)),
    ]);
    const readyz = await fetch(`http://127.0.0.1:${botPort}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    say('');
    say(`Bot: ${endpoint}${environment.LOG_LEVEL ? '' : ' (its log shows warnings only: LOG_LEVEL=info npm start shows everything)'}`);
    started.forEach((s, n) => say(`Open the Teams-like client (Agents Playground) as ${s.person}: http://127.0.0.1:${ports[n]}`));
    if (several) {
      say(
        `Seats: ${started.map((s) => `${s.seat} (${SEATS[s.seat]})`).join(', ')}. Each Playground is a separate browser tab: keep them open,`,
      );
      say('a Playground keeps its chats in memory and shows only what arrives while its page is open.');
    } else {
      const { seat } = started[0]!;
      say(
        `You are playing the ${seat} seat (${SEATS[seat]}); npm start -- ${trustFile ? `--trust ${trustFile} ` : ''}--as ${Object.keys(
          SEATS,
        )
          .filter((s) => s !== seat)
          .join('|')} plays another person, --as ${trustFile ? `${seat},trust-ceo` : 'staff,dsl'} two at once.`,
      );
    }
    if (readyz !== 200) say(`(warning: the bot's /readyz answers ${readyz || 'nothing'}: its store may not be reachable)`);
    say(`Press Ctrl-C to stop the bot and ${them}.`);
    say('');
  } catch (err) {
    if (!stopping) await stopAll(1, `Could not start: ${errorText(err)}`);
  }
}

main().catch((err: unknown) => {
  fail(`npm start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
