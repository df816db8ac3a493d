// http and statistics helpers for the bench, and the child side of its helper processes. Spawning,
// stopping, waiting for http, free ports and the build are in scripts/lib/processes.ts.
import http from 'node:http';

/** in a helper process started with ipc (spawnWithPrefix({ ipc: true })): exit as soon as the parent
 * goes away, even if it was killed */
export function exitWithParent(): void {
  if (process.send) process.once('disconnect', () => process.exit(0));
}

export interface HttpResult {
  status: number;
  body: string;
}

/** one http request on loopback; rejects after timeoutMs */
export function httpRequest(
  url: string,
  opts: { method?: string; body?: string; agent?: http.Agent; timeoutMs?: number } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders =
      opts.body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body) };
    const req = http.request(
      url,
      { method: opts.method ?? 'GET', headers, agent: opts.agent, timeout: opts.timeoutMs ?? 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer after ${opts.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** read a request body as JSON, refusing bodies over maxBytes */
export function readJsonBody(req: http.IncomingMessage, maxBytes = 1 << 20): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(size === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (err) {
        reject(err);
      }
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
