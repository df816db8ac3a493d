import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from '../../observability/logger.js';
import type { BotHttpResult } from '../teams/school-bot-adapter.js';

export interface HttpDependencies {
  mode: 'local' | 'production';
  logger: Logger;
  /** authenticates one Bot Framework activity (production) and runs its turn */
  processActivity: (activity: Activity, authHeader: string, logic: (context: TurnContext) => Promise<void>) => Promise<BotHttpResult>;
  runTurn: (context: TurnContext) => Promise<unknown>;
  /** throws when the store cannot be reached; may return figures to show (the outbox backlogs) */
  checkReady: () => Promise<Record<string, unknown> | void>;
}

// Teams activities are small; a card submit with long free text stays far below this
const MAX_BODY_BYTES = 1024 * 1024;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

class BodyError extends Error {
  constructor(readonly status: number, message: string) {
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
    if (deps.mode === 'local' && !LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      // local mode has no authentication, so it must never be reachable from another machine
      logger.warn({ remote: req.socket.remoteAddress }, 'local mode: refused a request from outside this machine');
      json(res, 403, { error: 'local mode accepts requests from this machine only' });
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
    const result = await deps.processActivity(body as unknown as Activity, req.headers.authorization ?? '', async (context) => {
      await deps.runTurn(context);
    });
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
      switch (route) {
        case 'POST /api/messages':
          return handleMessages(req, res);
        case 'GET /healthz':
          return json(res, 200, { status: 'ok' });
        case 'GET /readyz':
          try {
            const details = await deps.checkReady();
            return json(res, 200, { status: 'ready', ...(details ?? {}) });
          } catch (err) {
            logger.error({ err: { message: (err as Error).message } }, 'readiness check failed');
            return json(res, 503, { status: 'not ready', reason: 'the record store cannot be reached' });
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
