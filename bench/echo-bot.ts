// the bench's baseline: the smallest botbuilder bot (CloudAdapter without an app id, an
// ActivityHandler that echoes the text) on plain node:http, so the bench measures what our bot adds.
// run it as its own process: `PORT=3979 tsx bench/echo-bot.ts`; POST /api/messages, GET /healthz.
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Request, type Response } from 'botbuilder';
import { exitWithParent, readJsonBody } from './lib.js';

/** botbuilder's Response (express/restify style) over a node ServerResponse */
function botResponse(res: http.ServerResponse): Response {
  return {
    socket: res.socket,
    header: (name: string, value: unknown) => res.setHeader(name, String(value)),
    status: (code: number) => {
      res.statusCode = code;
    },
    send: (body: unknown) => {
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.write(body);
      } else if (body !== undefined) {
        res.setHeader('content-type', 'application/json');
        res.write(JSON.stringify(body));
      }
    },
    end: () => res.end(),
  };
}

export function createEchoBot(): http.Server {
  // no app id, no password: inbound auth is disabled and no token is requested for replies
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (_context, error) => {
    console.error('echo bot turn failed:', error);
  };

  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    await next();
  });

  return http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    if (path !== '/api/messages') {
      res.writeHead(404).end();
      return;
    }
    readJsonBody(req)
      .then((body) => {
        const request: Request = { method: req.method, headers: req.headers as Request['headers'], body: body as Request['body'] };
        return adapter.process(request, botResponse(res), (context) => bot.run(context));
      })
      .catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  exitWithParent();
  const port = Number(process.env.PORT ?? 3979);
  createEchoBot().listen(port, '127.0.0.1', () => console.log(`echo bot listening on 127.0.0.1:${port}`));
  process.once('SIGTERM', () => process.exit(0));
}
