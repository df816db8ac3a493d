// a small, honest client for Microsoft Graph on @microsoft/microsoft-graph-client: our own middleware
// chain (token, User-Agent, then the SDK's HTTP handler) without the SDK's hidden retries, because
// retrying is the outbox's job (durable, visible, honouring Retry-After). every failure is a
// GraphRequestError. reads page through @odata.nextLink; bulk writes go through $batch, 20 at a time.
import { Client, HTTPMessageHandler, ResponseType, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { graphError, networkError, GraphRequestError } from './graph-error.js';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const GRAPH_BASE = 'https://graph.microsoft.com/v1.0';

export interface GraphRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** '/sites/{id}/lists' or a full @odata.nextLink */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BatchAnswer {
  id: string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** the Graph part of an application's identity: a token for Graph, cached until just before it expires */
class TokenCache {
  private token: AccessToken | undefined;
  constructor(
    private readonly credential: TokenCredential,
    private readonly now: () => number,
  ) {}
  async get(): Promise<string> {
    if (!this.token || this.token.expiresOnTimestamp - this.now() < 2 * 60_000) {
      const fresh = await this.credential.getToken(GRAPH_SCOPE);
      if (!fresh) throw new GraphRequestError('no Graph token: the credential returned none', 401, 'no-token');
      this.token = fresh;
    }
    return this.token.token;
  }
  invalidate(): void {
    this.token = undefined;
  }
}

/** sets the token and the User-Agent; a 401 (token revoked or expired early) gets one fresh token and one retry */
class AuthAndAgent implements Middleware {
  private next!: Middleware;
  constructor(
    private readonly tokens: TokenCache,
    private readonly userAgent: string,
  ) {}
  setNext(next: Middleware): void {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    const send = async () => {
      const headers = new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]);
      headers.set('Authorization', `Bearer ${await this.tokens.get()}`);
      headers.set('User-Agent', this.userAgent);
      context.options = { ...context.options, headers };
      await this.next.execute(context);
    };
    await send();
    if (context.response?.status === 401) {
      this.tokens.invalidate();
      await send();
    }
  }
}

export interface GraphClientOptions {
  credential: TokenCredential;
  /** SharePoint's throttling guidance: NONISV|<company>|<app>/<version> */
  userAgent: string;
  now?: () => number;
  /** where Graph is served from; https://graph.microsoft.com unless given (a local stand-in, for the bench) */
  baseUrl?: string;
}

export class GraphClient {
  private readonly client: Client;

  constructor(options: GraphClientOptions) {
    const auth = new AuthAndAgent(new TokenCache(options.credential, options.now ?? Date.now), options.userAgent);
    auth.setNext(new HTTPMessageHandler());
    this.client = Client.initWithMiddleware({
      middleware: auth,
      defaultVersion: 'v1.0',
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    });
  }

  /** one request; resolves with the parsed body (undefined for 204), rejects with GraphRequestError */
  async send<T = unknown>(request: GraphRequest): Promise<T> {
    const what = `${request.method} ${request.path.split('?')[0]}`;
    // the SDK passes query values through as given: encode them here ($filter has spaces and quotes)
    const query = request.query
      ? Object.entries(request.query)
          .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
          .join('&')
      : '';
    let api = this.client
      .api(query ? `${request.path}${request.path.includes('?') ? '&' : '?'}${query}` : request.path)
      .responseType(ResponseType.RAW);
    if (request.headers) api = api.headers(request.headers);
    let response: Response;
    let text: string;
    try {
      switch (request.method) {
        case 'GET':
          response = (await api.get()) as Response;
          break;
        case 'POST':
          response = (await api.post(request.body ?? {})) as Response;
          break;
        case 'PATCH':
          response = (await api.patch(request.body ?? {})) as Response;
          break;
        case 'PUT':
          response = (await api.put(request.body ?? {})) as Response;
          break;
        case 'DELETE':
          response = (await api.delete()) as Response;
          break;
      }
      // the body is read here too: a connection dropped mid-body is a failure with no answer
      text = await response.text();
    } catch (error) {
      throw error instanceof GraphRequestError ? error : networkError(error, what);
    }
    const body = parseBody(text);
    // a gateway's HTML page (502, 504) has no Graph error in it: the status and headers still say what happened
    if (!response.ok) throw graphError(response.status, body.ok ? body.value : undefined, response.headers, what);
    if (!body.ok) throw unreadableBody(response.status, response.headers, what, body.error);
    return body.value as T;
  }

  /** every page of a collection, following @odata.nextLink; $select and $filter come from the caller */
  async *pages<T>(path: string, query?: Record<string, string>): AsyncGenerator<T[]> {
    let next: string | undefined = path;
    let first = true;
    while (next) {
      const page: { value: T[]; '@odata.nextLink'?: string } = await this.send({
        method: 'GET',
        path: next,
        ...(first && query ? { query } : {}),
      });
      first = false;
      yield page.value;
      next = page['@odata.nextLink'];
    }
  }

  /**
   * sends up to 20 requests in one $batch; answers come back by id, in any order, each with its own
   * status (a 429 inside a batch is the caller's to retry). more than 20 is a programming error.
   */
  async batch(requests: (GraphRequest & { id: string })[]): Promise<BatchAnswer[]> {
    if (requests.length > 20) throw new Error(`a Graph $batch takes at most 20 requests, not ${requests.length}`);
    if (requests.length === 0) return [];
    const body = {
      requests: requests.map((r) => ({
        id: r.id,
        method: r.method,
        url: r.path + (r.query ? `?${new URLSearchParams(r.query).toString()}` : ''),
        ...(r.body !== undefined
          ? { body: r.body, headers: { 'Content-Type': 'application/json', ...r.headers } }
          : r.headers
            ? { headers: r.headers }
            : {}),
      })),
    };
    const answer = await this.send<{ responses: BatchAnswer[] }>({ method: 'POST', path: '/$batch', body });
    return answer.responses;
  }
}

/** an empty body is undefined (204); anything else must be JSON */
function parseBody(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (!text) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // the parser's message quotes the body, which may hold names: say only how long it was
    return { ok: false, error: `${text.length} characters` };
  }
}

/** a 2xx whose body is not JSON (cut short, or a proxy's page): not the answer asked for, so a failure */
function unreadableBody(status: number, headers: Headers, what: string, reason: string): GraphRequestError {
  const requestId = headers.get('request-id') ?? undefined;
  return new GraphRequestError(
    `${what}: Graph answered ${status} with a body that is not JSON (${reason})`,
    status,
    'invalid-body',
    requestId,
  );
}

/** a batch answer that failed, as the one error type */
export function batchError(answer: BatchAnswer, what: string): GraphRequestError {
  const headers = new Headers(answer.headers ?? {});
  return graphError(answer.status, answer.body, headers, what);
}
