// child processes for `npm start`, the e2e suite and the bench: spawn with prefixed output, wait for http,
// stop cleanly. node built-ins only, so it runs under tsx and vitest alike.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** settles once the process has exited (never rejects) */
  readonly exited: Promise<Exit>;
  /** the exit, once it has happened */
  exit(): Exit | undefined;
  /** the last output lines (stdout and stderr, unformatted), for error messages */
  recentLines(): string[];
  /** calls listener with every later raw line; returns the unsubscribe */
  subscribe(listener: (line: string) => void): () => void;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** shown before each line; default `[name] ` */
  prefix?: string;
  /** turns a raw line into what is printed; return undefined to hide it */
  format?: (line: string) => string | undefined;
  /** sees every raw line (e.g. to find "Listening on <port>") */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** where prefixed lines go; default process.stdout. null prints nothing */
  output?: NodeJS.WritableStream | null;
  /** how many raw lines recentLines() keeps; default 200 */
  keepLines?: number;
  /** open an ipc channel too, so a node child of ours can exit when the channel closes (we died) */
  ipc?: boolean;
}

// last resort: if we exit without stopping them (a crash, process.exit), take our children's groups with us
const live = new Set<number>();
process.once('exit', () => {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
});

/**
 * Starts a child in its own process group (detached), so a terminal's Ctrl-C reaches only us and we
 * decide how the child stops, and so stopProcess() also reaches anything the child spawned.
 */
export function spawnWithPrefix(opts: SpawnOptions): ManagedProcess {
  const child = spawn(opts.command, opts.args ?? [], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = opts.prefix ?? `[${opts.name}] `;
  const out = opts.output === undefined ? process.stdout : opts.output;
  const keep = opts.keepLines ?? 200;
  const recent: string[] = [];
  const listeners = new Set<(line: string) => void>();
  let exit: Exit | undefined;

  const pipeLines = (stream: NodeJS.ReadableStream | null, kind: 'stdout' | 'stderr'): void => {
    if (!stream) return;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      recent.push(line);
      if (recent.length > keep) recent.shift();
      opts.onLine?.(line, kind);
      for (const l of listeners) l(line);
      const shown = opts.format ? opts.format(line) : line;
      if (out && shown !== undefined) out.write(`${prefix}${shown}\n`);
    });
  };
  pipeLines(child.stdout, 'stdout');
  pipeLines(child.stderr, 'stderr');

  if (child.pid !== undefined) live.add(child.pid);
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', (err) => {
      // spawn failed (e.g. ENOENT): no 'exit' follows
      recent.push(`spawn failed: ${err.message}`);
      exit ??= { code: 127, signal: null };
      resolve(exit);
    });
    child.once('exit', (code, signal) => {
      if (child.pid !== undefined) live.delete(child.pid);
      exit ??= { code, signal };
      resolve(exit);
    });
  });

  const subscribe = (listener: (line: string) => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return { name: opts.name, child, exited, exit: () => exit, recentLines: () => [...recent], subscribe };
}

/** Runs a command to the end with prefixed output; resolves with its exit code. */
export async function run(opts: SpawnOptions): Promise<number> {
  const p = spawnWithPrefix(opts);
  const { code } = await p.exited;
  return code ?? 1;
}

function signalGroup(p: ManagedProcess, signal: NodeJS.Signals): void {
  const pid = p.child.pid;
  if (pid === undefined || p.exit()) return;
  try {
    process.kill(-pid, signal); // the whole group: the child and whatever it started
  } catch {
    try {
      p.child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM, then SIGKILL after graceMs if it is still running. Safe to call twice. */
export async function stopProcess(p: ManagedProcess, graceMs = 5_000): Promise<Exit> {
  if (p.exit()) return p.exited;
  signalGroup(p, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const first = await Promise.race([p.exited, timedOut]);
  clearTimeout(timer);
  if (first === 'timeout') {
    signalGroup(p, 'SIGKILL');
  }
  return p.exited;
}

/** Stops all of them at the same time. */
export async function stopProcesses(ps: Iterable<ManagedProcess | undefined>, graceMs = 5_000): Promise<void> {
  await Promise.all([...ps].filter((p): p is ManagedProcess => p !== undefined).map((p) => stopProcess(p, graceMs)));
}

export interface WaitForHttpOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** default: any 2xx */
  ok?: (status: number) => boolean;
  /** give up at once when one of these exits (its recent output is in the error) */
  watch?: ManagedProcess[];
}

/** Polls url with GET until it answers ok; rejects on timeout or when a watched process exits. */
export async function waitForHttp(url: string, opts: WaitForHttpOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const intervalMs = opts.intervalMs ?? 200;
  const ok = opts.ok ?? ((s: number) => s >= 200 && s < 300);
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const dead = opts.watch?.find((p) => p.exit());
    if (dead) throw new ProcessExitedError(dead, `while waiting for ${url}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(Math.max(500, intervalMs * 5)) });
      await res.body?.cancel();
      if (ok(res.status)) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = errorText(err);
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms (last: ${last})`);
    await sleep(intervalMs);
  }
}

export class ProcessExitedError extends Error {
  constructor(
    readonly process: ManagedProcess,
    context: string,
  ) {
    const e = process.exit();
    const how = e?.signal ? `signal ${e.signal}` : `code ${e?.code ?? '?'}`;
    const tail = process.recentLines().slice(-15).join('\n  ');
    super(`${process.name} exited (${how}) ${context}${tail ? `; its last output:\n  ${tail}` : ''}`);
    this.name = 'ProcessExitedError';
  }
}

/** Resolves with the first line (already seen or later) that matches; rejects on timeout or exit. */
export function waitForLine(p: ManagedProcess, re: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const already = p
      .recentLines()
      .map((l) => l.match(re))
      .find((m) => m !== null);
    if (already) return resolve(already);
    let finished = false;
    const finish = (f: () => void): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      unsubscribe();
      f();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`${p.name}: no line matching ${re} after ${timeoutMs} ms`))), timeoutMs);
    const unsubscribe = p.subscribe((line) => {
      const m = line.match(re);
      if (m) finish(() => resolve(m));
    });
    // let readline flush the last lines before deciding the process never printed it
    void p.exited.then(() => setTimeout(() => finish(() => reject(new ProcessExitedError(p, `before printing ${re}`))), 50));
  });
}

/** A TCP port that was free on host a moment ago (the OS picks it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

/** Whether something already listens on host:port (we try to bind it). */
export function portInUse(port: number, host?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE' || err.code === 'EACCES'));
    srv.listen(port, host, () => srv.close(() => resolve(false)));
  });
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN_KEYS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v', 'err', 'name', 'app']);

/**
 * A pino JSON line in short human form: `12:34:56.789 INFO  message key=value ...`; other lines
 * unchanged. Errors add their message (the stack stays in the JSON logs, not here).
 */
export function formatPinoLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof rec !== 'object' || rec === null || !('level' in rec)) return line;
  const lvl = typeof rec.level === 'number' ? (LEVELS[rec.level] ?? String(rec.level)) : String(rec.level).toUpperCase();
  const t = typeof rec.time === 'number' || typeof rec.time === 'string' ? new Date(rec.time) : new Date();
  const time = Number.isNaN(t.getTime()) ? '' : t.toTimeString().slice(0, 8) + '.' + String(t.getMilliseconds()).padStart(3, '0');
  const msg = typeof rec.msg === 'string' ? rec.msg : '';
  const extras = Object.entries(rec)
    .filter(([k]) => !HIDDEN_KEYS.has(k))
    .map(([k, v]) => `${k}=${short(v)}`);
  const err = rec.err as { message?: unknown; type?: unknown } | undefined;
  if (err && typeof err === 'object') extras.push(`err=${short(err.type ?? 'Error')}: ${short(err.message)}`);
  return [time, lvl.padEnd(5), msg, ...extras].filter((s) => s !== '').join(' ');
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}

// ---- local mode: the build, the bot and the Agents Playground (shared by `npm start` and test/e2e) ----

/** the repository root (this file is scripts/lib/processes.ts) */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `tsc -p tsconfig.json` (incremental, so cheap when nothing changed); resolves with its exit code */
export function build(output: NodeJS.WritableStream | null = process.stdout): Promise<number> {
  return run({
    name: 'build',
    command: process.execPath,
    args: [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
    cwd: repoRoot,
    output,
  });
}

export interface BotOptions {
  port: number;
  /** extra environment (DATA_DIR, SCHOOL_PROFILE, LOG_LEVEL ...) over process.env */
  env?: NodeJS.ProcessEnv;
  output?: NodeJS.WritableStream | null;
  /** pretty-print pino lines (default true) */
  pretty?: boolean;
}

/** `node dist/main.js` in local mode on 127.0.0.1:port */
export function startBot(opts: BotOptions): ManagedProcess {
  return spawnWithPrefix({
    name: 'bot',
    prefix: '[bot]        ', // lines up with [playground]
    command: process.execPath,
    args: [join(repoRoot, 'dist/main.js')],
    cwd: repoRoot,
    env: { ...process.env, ...opts.env, BOT_MODE: 'local', PORT: String(opts.port) },
    format: opts.pretty === false ? undefined : formatPinoLine,
    output: opts.output,
  });
}

export interface PlaygroundOptions {
  botEndpoint: string;
  /** names the process in messages and its output prefix; default `playground` */
  name?: string;
  /** UI port; the Playground silently takes a random one when it is busy, so read `port` from started() */
  port: number;
  /** default: .m365agentsplayground.yml in the repo root */
  configPath?: string;
  /** default: devTools/m365agentsplayground.log in the repo root (the Playground's own default) */
  logFile?: string;
  output?: NodeJS.WritableStream | null;
}

export interface Playground {
  process: ManagedProcess;
  logFile: string;
  /** resolves with the UI's real port once the UI and its backend answer */
  ready(timeoutMs?: number): Promise<number>;
  /** the `error` lines of its log file: it writes the reason it stopped (e.g. a bad config) only there */
  errorLog(): string;
}

// The Playground CLI (0.2.28): `-p` sets the UI port (default 56150, or TEAMSAPPTESTER_PORT) but falls
// back to a random port when busy and says so only by printing `Listening on <port>`; the UI and its
// backend listen on all interfaces. A bad config file makes it print `Listening on ...`, then exit 1
// with the reason only in its log file. `/_debug/ping` answers `pong` once the backend is mounted.
// `--dt` turns its telemetry off (it would post to Application Insights); TEAMSAPPTESTER_BROWSER=none
// stops it running xdg-open.
export function startPlayground(opts: PlaygroundOptions): Playground {
  const logFile = opts.logFile ?? join(repoRoot, 'devTools/m365agentsplayground.log');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
  };
  if (opts.configPath) env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = opts.configPath;
  const name = opts.name ?? 'playground';
  const p = spawnWithPrefix({
    name,
    prefix: `[${name}] `.padEnd(13),
    command: process.execPath,
    args: [join(repoRoot, 'node_modules/.bin/agentsplayground'), '-e', opts.botEndpoint, '-c', 'msteams', '-p', String(opts.port), '--dt'],
    cwd: repoRoot,
    env,
    output: opts.output,
  });
  const errorLog = (): string => {
    try {
      return readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('error '))
        .join('\n');
    } catch {
      return '';
    }
  };
  const ready = async (timeoutMs = 60_000): Promise<number> => {
    try {
      const m = await waitForLine(p, /Listening on (\d+)/, timeoutMs);
      const port = Number(m[1]);
      await waitForHttp(`http://127.0.0.1:${port}/_debug/ping`, { timeoutMs, watch: [p] });
      await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs, watch: [p] });
      return port;
    } catch (err) {
      const log = errorLog();
      if (err instanceof Error && log) err.message += `\nThe Playground's log (${logFile}) says:\n${log}`;
      throw err;
    }
  };
  return { process: p, logFile, ready, errorLog };
}

/**
 * The display name of a Playground config's `currentUser` (whom that Playground plays), read without a
 * YAML parser: the first `name:` inside the top-level `currentUser:` block. undefined when not found.
 */
export function playgroundUserName(configPath: string): string | undefined {
  let inUser = false;
  for (const line of readFileSync(configPath, 'utf8').split('\n')) {
    if (/^currentUser:\s*$/.test(line)) inUser = true;
    else if (inUser && /^\S/.test(line)) return undefined;
    else if (inUser) {
      const m = /^\s+name:\s*["']?(.*?)["']?\s*$/.exec(line);
      if (m?.[1]) return m[1];
    }
  }
  return undefined;
}
