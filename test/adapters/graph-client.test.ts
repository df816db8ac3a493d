import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { GraphClient } from '../../src/adapters/graph/graph-client.js';
import { GraphRequestError } from '../../src/adapters/graph/graph-error.js';

const UA = 'NONISV|Oakfield Primary|OnlineSafetyBot/0.1.0';

/** Azure's credential as the client sees it: hands out numbered tokens valid for an hour */
class CountingCredential implements TokenCredential {
  issued = 0;
  constructor(private readonly lifetimeMs = 3_600_000) {}
  async getToken(): Promise<AccessToken> {
    this.issued++;
    return { token: `token-${this.issued}`, expiresOnTimestamp: Date.now() + this.lifetimeMs };
  }
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('Graph client', () => {
  it('sends the token, the NONISV User-Agent and the query, and reuses the token', async () => {
    const credential = new CountingCredential();
    const graph = new GraphClient({ credential, userAgent: UA });
    const scope = nock('https://graph.microsoft.com', { reqheaders: { authorization: 'Bearer token-1', 'user-agent': UA } })
      .get('/v1.0/sites/site-1/lists')
      .query({ $select: 'id,displayName' })
      .times(2)
      .reply(200, { value: [{ id: 'l1', displayName: 'Incidents' }] });
    for (let i = 0; i < 2; i++) {
      expect(await graph.send({ method: 'GET', path: '/sites/site-1/lists', query: { $select: 'id,displayName' } })).toEqual({
        value: [{ id: 'l1', displayName: 'Incidents' }],
      });
    }
    expect(scope.isDone()).toBe(true);
    expect(credential.issued).toBe(1);
  });

  it('an expired or revoked token (401) is refreshed once and the request sent again', async () => {
    const credential = new CountingCredential();
    const graph = new GraphClient({ credential, userAgent: UA });
    nock('https://graph.microsoft.com', { reqheaders: { authorization: 'Bearer token-1' } })
      .get('/v1.0/me')
      .reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired.' } });
    nock('https://graph.microsoft.com', { reqheaders: { authorization: 'Bearer token-2' } })
      .get('/v1.0/me')
      .reply(200, { id: 'me' });
    expect(await graph.send({ method: 'GET', path: '/me' })).toEqual({ id: 'me' });
    expect(credential.issued).toBe(2);
  });

  it('turns every failure into one error type with status, code, request id and Retry-After', async () => {
    const graph = new GraphClient({ credential: new CountingCredential(), userAgent: UA });
    nock('https://graph.microsoft.com')
      .post('/v1.0/sites/site-1/lists/l1/items', { fields: { Title: 'x' } })
      .reply(
        429,
        { error: { code: 'TooManyRequests', message: 'Please retry again later.' } },
        { 'Retry-After': '2', 'request-id': 'req-123' },
      );
    const error = await graph
      .send({ method: 'POST', path: '/sites/site-1/lists/l1/items', body: { fields: { Title: 'x' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 429, code: 'TooManyRequests', requestId: 'req-123', retryAfterMs: 2000, transient: true });
    nock('https://graph.microsoft.com')
      .get('/v1.0/sites/missing')
      .reply(404, { error: { code: 'itemNotFound', message: 'Item not found' } }, { 'request-id': 'req-404' });
    expect(await graph.send({ method: 'GET', path: '/sites/missing' }).catch((e: unknown) => e)).toMatchObject({
      status: 404,
      code: 'itemNotFound',
      requestId: 'req-404',
      transient: false,
    });
    nock('https://graph.microsoft.com').get('/v1.0/sites/down').replyWithError('socket hang up');
    expect(await graph.send({ method: 'GET', path: '/sites/down' }).catch((e: unknown) => e)).toMatchObject({
      status: 0,
      code: 'network',
      transient: true,
    });
  });

  it('a gateway 502 with an HTML page is a GraphRequestError with its status and request id, not a SyntaxError', async () => {
    const graph = new GraphClient({ credential: new CountingCredential(), userAgent: UA });
    nock('https://graph.microsoft.com')
      .get('/v1.0/sites/site-1/lists')
      .reply(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'Content-Type': 'text/html', 'request-id': 'req-502' });
    const error = await graph.send({ method: 'GET', path: '/sites/site-1/lists' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 502, code: 'http-502', requestId: 'req-502', transient: true });
    expect((error as Error).message).toBe('GET /sites/site-1/lists: Graph answered 502');
  });

  it('a 503 asking to wait until an HTTP date carries the wait in milliseconds', async () => {
    const graph = new GraphClient({ credential: new CountingCredential(), userAgent: UA });
    const at = new Date(Date.now() + 120_000).toUTCString();
    nock('https://graph.microsoft.com').get('/v1.0/me').reply(503, '', { 'Retry-After': at, 'request-id': 'req-503' });
    const error = (await graph.send({ method: 'GET', path: '/me' }).catch((e: unknown) => e)) as GraphRequestError;
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 503, code: 'http-503', requestId: 'req-503', transient: true });
    // the header has whole seconds and the test takes a moment: between 119 and 120 s
    expect(error.retryAfterMs).toBeGreaterThan(118_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('a 200 whose body is not JSON is a GraphRequestError with status 200 and the request id, quoting none of the body', async () => {
    const graph = new GraphClient({ credential: new CountingCredential(), userAgent: UA });
    nock('https://graph.microsoft.com')
      .post('/v1.0/sites/s/lists/l/items', { fields: { Title: 'x' } })
      .reply(200, '{"id":"9","fields":{"Title":"Sam Tay', { 'Content-Type': 'application/json', 'request-id': 'req-200' });
    const error = await graph
      .send({ method: 'POST', path: '/sites/s/lists/l/items', body: { fields: { Title: 'x' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({
      status: 200,
      code: 'invalid-body',
      requestId: 'req-200',
    });
    expect((error as Error).message).toBe('POST /sites/s/lists/l/items: Graph answered 200 with a body that is not JSON (36 characters)');
  });

  it('a 204 with no body resolves with undefined', async () => {
    const graph = new GraphClient({ credential: new CountingCredential(), userAgent: UA });
    nock('https://graph.microsoft.com').delete('/v1.0/sites/s/lists/l/items/9').reply(204);
    expect(await graph.send({ method: 'DELETE', path: '/sites/s/lists/l/items/9' })).toBeUndefined();
  });

  it('pages through @odata.nextLink', async () => {
    const graph = new GraphClient({ credential: new CountingCredential(), userAgent: UA });
    nock('https://graph.microsoft.com')
      .get('/v1.0/sites/s/lists/l/items')
      .query({ $select: 'id', $expand: 'fields($select=Title)' })
      .reply(200, {
        value: [{ id: '1' }, { id: '2' }],
        '@odata.nextLink': 'https://graph.microsoft.com/v1.0/sites/s/lists/l/items?$skiptoken=abc',
      })
      .get('/v1.0/sites/s/lists/l/items')
      .query({ $skiptoken: 'abc' })
      .reply(200, { value: [{ id: '3' }] });
    const seen: string[] = [];
    for await (const page of graph.pages<{ id: string }>('/sites/s/lists/l/items', { $select: 'id', $expand: 'fields($select=Title)' }))
      seen.push(...page.map((i) => i.id));
    expect(seen).toEqual(['1', '2', '3']);
  });

  it('sends up to 20 requests in one $batch and returns each answer', async () => {
    const graph = new GraphClient({ credential: new CountingCredential(), userAgent: UA });
    nock('https://graph.microsoft.com')
      .post(
        '/v1.0/$batch',
        (body: { requests: { id: string; method: string; url: string; body: unknown }[] }) =>
          body.requests.length === 2 && body.requests[0]!.url === '/sites/s/lists/l/items' && body.requests[1]!.id === 'b',
      )
      .reply(200, {
        responses: [
          { id: 'b', status: 429, headers: { 'Retry-After': '1' } },
          { id: 'a', status: 201, body: { id: '9' } },
        ],
      });
    const answers = await graph.batch([
      { id: 'a', method: 'POST', path: '/sites/s/lists/l/items', body: { fields: { Title: 'a' } } },
      { id: 'b', method: 'POST', path: '/sites/s/lists/l/items', body: { fields: { Title: 'b' } } },
    ]);
    expect(answers.map((a) => [a.id, a.status])).toEqual([
      ['b', 429],
      ['a', 201],
    ]);
    await expect(
      graph.batch(Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET' as const, path: '/me' }))),
    ).rejects.toThrow('at most 20');
  });
});
