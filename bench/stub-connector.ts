// a stand-in for the Bot Framework connector service: accepts the REST calls a bot makes to send,
// reply to and update activities, answers 200 { id }, and counts what it got per conversation.
// run it as its own process: `PORT=0 tsx bench/stub-connector.ts` (prints `listening <port>`);
// GET /_stats returns the counts, GET /healthz answers ok. In-process, createStubConnector({ throttle })
// answers some posts and updates 429 with Retry-After, as Teams does when a bot sends too fast.
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
  /** 429s answered (only with the throttle option) */
  throttled: number;
  /** requests repeating an earlier one's x-ms-client-request-id: the connector client's own retries */
  retries: number;
  /** the summary of each channel post's message (POST /v3/conversations answered 200), in order */
  postSummaries: string[];
}

export interface StubOptions {
  /**
   * how many times in a row to answer 429 to the n-th new POST /v3/conversations or PUT (or, with
   * throttleSends, POST of an activity into a conversation) (1-based,
   * counting a request once however often the client retries it); 0 lets it through
   */
  throttle?: (n: number) => number;
  /** the Retry-After of a 429, in seconds (default 1) */
  retryAfterSeconds?: number;
  /** throttle messages sent into a conversation (POST .../activities: a 1:1 message) too, counted with the rest */
  throttleSends?: boolean;
}

const activitiesPath = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

export function createStubConnector(options: StubOptions = {}): http.Server {
  const stats: StubStats = { conversations: {}, created: 0, unhandled: [], unhandledCount: 0, throttled: 0, retries: 0, postSummaries: [] };
  let nextId = 0;
  let throttleable = 0;
  /** refusals still owed to each request id the throttle picked */
  const refusalsLeft = new Map<string, number>();
  const seen = new Set<string>();
  /** whether to answer this post or update 429 */
  const refuse = (req: http.IncomingMessage): boolean => {
    if (!options.throttle) return false;
    const header = req.headers['x-ms-client-request-id'];
    const requestId = typeof header === 'string' ? header : `no-id-${throttleable + 1}`;
    if (seen.has(requestId)) stats.retries++;
    else {
      seen.add(requestId);
      refusalsLeft.set(requestId, options.throttle(++throttleable));
    }
    const left = refusalsLeft.get(requestId) ?? 0;
    if (left <= 0) return false;
    refusalsLeft.set(requestId, left - 1);
    stats.throttled++;
    return true;
  };
  const counts = (conversationId: string): ConversationCounts =>
    (stats.conversations[conversationId] ??= { messages: 0, cards: 0, other: 0, updates: 0 });
  const answer = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  return http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/healthz') return answer(res, 200, { ok: true });
    if (req.method === 'GET' && path === '/_stats') return answer(res, 200, stats);

    readJsonBody(req)
      .then((body) => {
        const activity = (body ?? {}) as { type?: unknown; attachments?: unknown };
        const match = activitiesPath.exec(path);
        const creating = req.method === 'POST' && path.replace(/\/$/, '') === '/v3/conversations';
        const throttleable = creating || (match?.[1] && (req.method === 'PUT' || (options.throttleSends && req.method === 'POST')));
        if (throttleable && refuse(req)) {
          const retryAfter = String(options.retryAfterSeconds ?? 1);
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter });
          return res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'stub connector: throttled' } }));
        }
        const id = `stub-${++nextId}`;
        if (creating) {
          stats.created++;
          stats.postSummaries.push(String((body as { activity?: { summary?: unknown } } | undefined)?.activity?.summary ?? ''));
          return answer(res, 200, { id: `a:stub-conversation-${nextId}`, activityId: id });
        }
        if (match?.[1] && (req.method === 'POST' || req.method === 'PUT')) {
          const conversation = counts(decodeURIComponent(match[1]));
          if (req.method === 'PUT') conversation.updates++;
          else if (activity.type === 'message') {
            conversation.messages++;
            if (Array.isArray(activity.attachments) && activity.attachments.length > 0) conversation.cards++;
          } else conversation.other++;
          return answer(res, 200, { id });
        }
        stats.unhandledCount++;
        if (stats.unhandled.length < 20) stats.unhandled.push(`${req.method} ${path}`);
        return answer(res, 404, { error: { code: 'NotFound', message: `stub connector: no route for ${req.method} ${path}` } });
      })
      .catch((err: unknown) => answer(res, 400, { error: { code: 'BadRequest', message: String(err) } }));
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
