import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../../observability/logger.js';
import type { BotHttpResult } from '../teams/school-bot-adapter.js';

export interface HttpDependencies {
  mode: 'local' | 'production';
  logger: Logger;
  /** authenticates one Bot Framework activity (production) and runs its turn: a JSON object with a type, nothing more is known here */
  handleActivity: (activity: Record<string, unknown>, authHeader: string) => Promise<BotHttpResult>;
  /** throws when the store cannot be reached; anything worth knowing beyond that goes to the log */
  checkReady: () => Promise<void>;
}

// Teams activities are small; a card submit with long free text stays far below this
const MAX_BODY_BYTES = 1024 * 1024;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

// a name that only ever means this machine: localhost, 127.x.y.z or [::1], with an optional port. any
// other name (evil.example, rebound to 127.0.0.1) is a web page talking to us under a name it controls.
function isLoopbackHost(host: string): boolean {
  const m = /^(\[::1\]|[^:[\]]+)(?::\d{1,5})?$/.exec(host);
  const name = m?.[1]?.toLowerCase();
  return name === 'localhost' || name === '[::1]' || /^127(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(name ?? '');
}

// set by proxies and tunnels (dev tunnels, ngrok): a request relayed from elsewhere, which local mode,
// having no authentication, must never serve
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip'];

/** why local mode refuses this request, or undefined to serve it */
function localModeRefusal(req: IncomingMessage): { status: number; error: string; why: string } | undefined {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
    return { status: 403, error: 'local mode accepts requests from this machine only', why: 'remote address' };
  }
  const relayed = PROXY_HEADERS.find((h) => req.headers[h] !== undefined);
  if (relayed) return { status: 403, error: 'local mode does not accept requests through a proxy or tunnel', why: relayed };
  if (!isLoopbackHost(req.headers.host ?? '')) {
    return { status: 421, error: 'local mode answers only to localhost or 127.0.0.1', why: 'host' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin)) {
    return { status: 403, error: 'local mode does not accept requests from web pages', why: 'origin' };
  }
  return undefined;
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.host);
  } catch {
    // 'null' (a sandboxed frame, a file) and anything unparsable
    return false;
  }
}

/** application/json, with or without parameters (charset) */
function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new BodyError(400, 'request body must be a JSON activity');
  }
}

export function createHttpServer(deps: HttpDependencies): Server {
  const { logger } = deps;

  const handleMessages = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // a web page may post text/plain (or a form) anywhere without asking first; application/json it may
    // not, so in local mode, which has no authentication, only that is accepted
    if (deps.mode === 'local' && !isJson(req.headers['content-type'])) {
      json(res, 415, { error: 'send the activity as application/json' });
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = await readJson(req);
    } catch (err) {
      const status = err instanceof BodyError ? err.status : 400;
      json(res, status, { error: (err as Error).message });
      return;
    }
    if (typeof body.type !== 'string') {
      json(res, 400, { error: 'request body must be a JSON activity' });
      return;
    }
    const started = performance.now();
    const result = await deps.handleActivity(body, req.headers.authorization ?? '');
    if ('authFailure' in result) {
      logger.warn({ reason: result.authFailure, remote: req.socket.remoteAddress }, 'rejected an unauthenticated request');
      json(res, 401, { error: 'unauthorized' });
      return;
    }
    if (result.body === undefined) {
      res.statusCode = result.status;
      res.end();
    } else {
      json(res, result.status, result.body);
    }
    logger.debug({ activityType: body.type, status: result.status, ms: Math.round(performance.now() - started) }, 'activity handled');
  };

  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = `${req.method} ${path}`;
    const handle = async (): Promise<void> => {
      // local mode has no authentication: only this machine, under its own name, not through a proxy
      const refusal = deps.mode === 'local' ? localModeRefusal(req) : undefined;
      if (refusal) {
        logger.warn(
          { remote: req.socket.remoteAddress, why: refusal.why, route },
          'local mode: refused a request that may not come from this machine',
        );
        return json(res, refusal.status, { error: refusal.error });
      }
      switch (route) {
        case 'POST /api/messages':
          return handleMessages(req, res);
        case 'GET /healthz':
          return json(res, 200, { status: 'ok' });
        case 'GET /readyz':
          // status only: whoever can reach the probe learns nothing about the school's casework
          try {
            await deps.checkReady();
            return json(res, 200, { status: 'ready' });
          } catch (err) {
            logger.error({ err: { message: (err as Error).message } }, 'readiness check failed');
            return json(res, 503, { status: 'not ready' });
          }
        default:
          return json(res, path === '/api/messages' ? 405 : 404, { error: path === '/api/messages' ? 'use POST' : 'not found' });
      }
    };
    handle().catch((err: unknown) => {
      logger.error({ err: { message: (err as Error).message, stack: (err as Error).stack }, route }, 'request failed');
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else if (!res.writableEnded) res.end();
    });
  });
}
