// a stand-in for the Bot Framework connector service: accepts the REST calls a bot makes to send,
// reply to and update activities, answers 200 { id }, and counts what it got per conversation.
// run it as its own process: `PORT=0 tsx bench/stub-connector.ts` (prints `listening <port>`);
// GET /_stats returns the counts, GET /healthz answers ok.
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { exitWithParent, readJsonBody } from './lib.js';

export interface ConversationCounts {
  /** message activities sent or replied into the conversation */
  messages: number;
  /** of those, messages carrying attachments (cards) */
  cards: number;
  /** other activity types (typing, ...) */
  other: number;
  updates: number;
}

export interface StubStats {
  conversations: Record<string, ConversationCounts>;
  created: number;
  /** requests the stub did not recognise (the first few), so a bot calling something else is visible */
  unhandled: string[];
  unhandledCount: number;
}

const activitiesPath = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

export function createStubConnector(): http.Server {
  const stats: StubStats = { conversations: {}, created: 0, unhandled: [], unhandledCount: 0 };
  let nextId = 0;
  const counts = (conversationId: string): ConversationCounts =>
    (stats.conversations[conversationId] ??= { messages: 0, cards: 0, other: 0, updates: 0 });
  const answer = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  return http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/healthz') return answer(res, 200, { ok: true });
    if (req.method === 'GET' && path === '/_stats') return answer(res, 200, stats);

    readJsonBody(req).then((body) => {
      const activity = (body ?? {}) as { type?: unknown; attachments?: unknown };
      const match = activitiesPath.exec(path);
      const id = `stub-${++nextId}`;
      if (req.method === 'POST' && path.replace(/\/$/, '') === '/v3/conversations') {
        stats.created++;
        return answer(res, 200, { id: `a:stub-conversation-${nextId}`, activityId: id });
      }
      if (match?.[1] && (req.method === 'POST' || req.method === 'PUT')) {
        const conversation = counts(decodeURIComponent(match[1]));
        if (req.method === 'PUT') conversation.updates++;
        else if (activity.type === 'message') {
          conversation.messages++;
          if (Array.isArray(activity.attachments) && activity.attachments.length > 0) conversation.cards++;
        }
        else conversation.other++;
        return answer(res, 200, { id });
      }
      stats.unhandledCount++;
      if (stats.unhandled.length < 20) stats.unhandled.push(`${req.method} ${path}`);
      return answer(res, 404, { error: { code: 'NotFound', message: `stub connector: no route for ${req.method} ${path}` } });
    }).catch((err: unknown) => answer(res, 400, { error: { code: 'BadRequest', message: String(err) } }));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  exitWithParent();
  const server = createStubConnector();
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    console.log(`listening ${typeof address === 'object' && address ? address.port : '?'}`);
  });
  process.once('SIGTERM', () => process.exit(0));
}
