import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../src/adapters/http/server.js';
import { silentLogger } from '../support/test-bot.js';

// local mode runs turns without authentication, so a web page in the developer's browser must not be
// able to post to it (CSRF with text/plain or a form), reach it under its own name (DNS rebinding), or
// be relayed to it through a proxy or tunnel. production authenticates every activity and is unchanged.

const ACTIVITY = JSON.stringify({ type: 'message', text: 'help' });

interface Answer {
  status: number;
  body: unknown;
}

/** one raw request: fetch would not let us send a Host header of our choosing */
function send(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string; setHost?: boolean },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'POST',
        path: opts.path ?? '/api/messages',
        headers: opts.headers ?? {},
        setHost: opts.setHost ?? true,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

function startServer(mode: 'local' | 'production'): { turns: unknown[]; port: () => number; server: Server } {
  const turns: unknown[] = [];
  const server = createHttpServer({
    mode,
    logger: silentLogger,
    handleActivity: async (activity) => {
      turns.push(activity);
      return { status: 200 };
    },
    checkReady: async () => {},
  });
  return { turns, server, port: () => (server.address() as AddressInfo).port };
}

describe('local mode: only this machine, under its own name, as JSON', () => {
  const { turns, server, port } = startServer('local');
  beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', r)));
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => turns.splice(0));
  const post = (headers: Record<string, string>, body = ACTIVITY) =>
    send(port(), { headers: { 'content-type': 'application/json', ...headers }, body });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8'])(
    'runs a turn for Content-Type %s',
    async (type) => {
      expect((await post({ 'content-type': type })).status).toBe(200);
      expect(turns).toHaveLength(1);
    },
  );

  it.each([
    'text/plain',
    'text/plain; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonp',
    'application/json-patch+json',
  ])('answers 415 to Content-Type %s (what a web page may send without asking) and runs no turn', async (type) => {
    const res = await post({ 'content-type': type });
    expect(res).toEqual({ status: 415, body: { error: 'send the activity as application/json' } });
    expect(turns).toEqual([]);
  });

  it('answers 415 to a POST without a Content-Type', async () => {
    expect((await send(port(), { body: ACTIVITY })).status).toBe(415);
    expect(turns).toEqual([]);
  });

  it.each(['localhost', 'localhost:3978', 'LOCALHOST:3978', '127.0.0.1', '127.0.0.1:3978', '127.1.2.3:80', '[::1]', '[::1]:3978'])(
    'runs a turn for Host %s',
    async (host) => {
      expect((await post({ host })).status).toBe(200);
      expect(turns).toHaveLength(1);
    },
  );

  it.each([
    'evil.example',
    'evil.example:3978',
    '127.0.0.1.evil.example:3978',
    'localhost.evil.example',
    '127.256.0.1:3978',
    '128.0.0.1',
    '0.0.0.0:3978',
    '[::2]:3978',
    '[::1]evil:3978',
    'localhost:3978:1',
  ])('answers 421 to Host %s (a page that rebound its own name to 127.0.0.1) and runs no turn', async (host) => {
    const res = await post({ host });
    expect(res).toEqual({ status: 421, body: { error: 'local mode answers only to localhost or 127.0.0.1' } });
    expect(turns).toEqual([]);
  });

  it('refuses a request without a Host header (Node answers 400 before we see it)', async () => {
    expect((await send(port(), { setHost: false, headers: { 'content-type': 'application/json' }, body: ACTIVITY })).status).toBe(400);
    expect(turns).toEqual([]);
  });

  it('answers 421 under a rebound name on /readyz and /healthz too', async () => {
    expect((await send(port(), { method: 'GET', path: '/readyz', headers: { host: 'evil.example:3978' } })).status).toBe(421);
    expect((await send(port(), { method: 'GET', path: '/healthz', headers: { host: 'evil.example:3978' } })).status).toBe(421);
    expect((await send(port(), { method: 'GET', path: '/readyz', headers: { host: 'localhost:3978' } })).body).toEqual({ status: 'ready' });
  });

  it.each([
    ['x-forwarded-for', '203.0.113.9'],
    ['x-forwarded-host', 'school-bot.example'],
    ['x-forwarded-proto', 'https'],
    ['forwarded', 'for=203.0.113.9;proto=https'],
    ['x-real-ip', '203.0.113.9'],
  ])('answers 403 to a request relayed by a proxy or tunnel (%s) and runs no turn', async (header, value) => {
    const res = await post({ [header]: value });
    expect(res).toEqual({ status: 403, body: { error: 'local mode does not accept requests through a proxy or tunnel' } });
    expect(turns).toEqual([]);
  });

  it.each(['https://evil.example', 'null', 'http://evil.example:3978'])(
    'answers 403 to a request from a web page at Origin %s',
    async (origin) => {
      const res = await post({ origin });
      expect(res).toEqual({ status: 403, body: { error: 'local mode does not accept requests from web pages' } });
      expect(turns).toEqual([]);
    },
  );

  it('runs a turn for a page on this machine (Origin http://127.0.0.1:56150, the Agents Playground)', async () => {
    expect((await post({ origin: 'http://127.0.0.1:56150' })).status).toBe(200);
    expect(turns).toHaveLength(1);
  });
});

describe('production mode: authentication decides, as before', () => {
  const { turns, server, port } = startServer('production');
  beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', r)));
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => turns.splice(0));

  it('hands the activity to authentication whatever its Host, proxy headers or Content-Type (App Service is behind a proxy)', async () => {
    const res = await send(port(), {
      headers: {
        host: 'oakfield-bot.azurewebsites.net',
        'x-forwarded-for': '52.112.0.1',
        'x-forwarded-proto': 'https',
        'content-type': 'text/plain',
      },
      body: ACTIVITY,
    });
    expect(res.status).toBe(200);
    expect(turns).toEqual([{ type: 'message', text: 'help' }]);
  });

  it('answers /readyz with its status only', async () => {
    expect(await send(port(), { method: 'GET', path: '/readyz', headers: { host: 'oakfield-bot.azurewebsites.net' } })).toEqual({
      status: 200,
      body: { status: 'ready' },
    });
  });
});
