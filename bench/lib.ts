// small process, http and statistics helpers for the bench (kept local: scripts/lib/processes.ts
// did not exist when this was written).
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { createInterface } from 'node:readline';

const children = new Set<ChildProcess>();

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** open an ipc channel so our own helper processes can exit when we die (see exitWithParent) */
  ipc?: boolean;
}

/** start a child whose output lines are prefixed with its name on our stderr; stopChildren() ends it */
export function spawnChild(name: string, command: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => process.stderr.write(`[${name}] ${line}\n`));
  }
  return child;
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGTERM every child we started, then SIGKILL the ones still running after graceMs */
export async function stopChildren(graceMs = 3000): Promise<void> {
  const running = [...children].filter(isRunning);
  await Promise.all(running.map((child) => new Promise<void>((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, graceMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  })));
  children.clear();
}

/** synchronous last resort for process 'exit' handlers */
export function killChildrenNow(): void {
  for (const child of children) if (isRunning(child)) child.kill('SIGKILL');
  children.clear();
}

/** in a helper process started with ipc: exit as soon as the parent goes away, even if it was killed */
export function exitWithParent(): void {
  if (process.send) process.once('disconnect', () => process.exit(0));
}

/** run a command to completion, failing on a non-zero exit or after timeoutMs */
export function runCommand(command: string, args: string[], timeoutMs: number, cwd?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // its stdout goes to our stderr so that --json keeps stdout for the report
    const child = spawn(command, args, { cwd, stdio: ['ignore', 2, 2] });
    children.add(child);
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${command} ${args.join(' ')}: timed out after ${timeoutMs} ms`)); }, timeoutMs);
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')}: exited with ${code ?? signal}`));
    });
  });
}

/** a port that was free a moment ago on 127.0.0.1 (for children that take PORT from the environment) */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface HttpResult { status: number; body: string }

/** one http request on loopback; rejects after timeoutMs */
export function httpRequest(url: string, opts: { method?: string; body?: string; agent?: http.Agent; timeoutMs?: number } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = opts.body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body) };
    const req = http.request(url, { method: opts.method ?? 'GET', headers, agent: opts.agent, timeout: opts.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer after ${opts.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** poll url until it answers 2xx; gives up after timeoutMs or as soon as the child exits */
export async function waitForHttp(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const intervalMs = 100;
  for (let attempt = 0; attempt < Math.ceil(timeoutMs / intervalMs) + 1; attempt++) {
    if (child && !isRunning(child)) throw new Error(`${url}: the process exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    try {
      const res = await httpRequest(url, { timeoutMs: 1000 });
      if (res.status >= 200 && res.status < 300) return;
    } catch {
      // not listening yet
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${url}: not ready after ${timeoutMs} ms`);
}

/** read a request body as JSON, refusing bodies over maxBytes */
export function readJsonBody(req: http.IncomingMessage, maxBytes = 1 << 20): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) { reject(new Error('body too large')); req.destroy(); return; }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try { resolve(size === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'))); } catch (err) { reject(err); }
    });
    req.on('error', reject);
  });
}

/** nearest-rank percentile of an ascending array */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}
