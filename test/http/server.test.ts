import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startBot, type RunningBot } from '../../src/bootstrap.js';
import { createHttpServer } from '../../src/adapters/http/server.js';
import { openDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteBotStorage } from '../../src/adapters/sqlite/sqlite-bot-storage.js';
import { personalMessage } from '../support/activities.js';
import { exampleProfile, silentLogger, localConfig } from '../support/test-bot.js';
import { startStubConnector } from '../support/stub-connector.js';
import { makeTempDir } from '../support/temp-dir.js';
import nock from 'nock';
import { generateKeyPairSync } from 'node:crypto';
import { channelClaims, fakeBotFrameworkIssuer, signToken, type FakeIssuer } from '../support/botframework-auth.js';

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('HTTP: local mode', () => {
  const tmp = makeTempDir();
  let bot: RunningBot;
  let connector: Awaited<ReturnType<typeof startStubConnector>>;
  beforeAll(async () => {
    connector = await startStubConnector();
    bot = await startBot(localConfig(tmp.dir), exampleProfile(), silentLogger);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.close();
    tmp.remove();
  });
  afterEach(() => connector.sent.splice(0));

  it('answers help over /api/messages and sends the help card to the conversation', async () => {
    const activity = personalMessage('help', undefined, connector.url);
    const res = await post(bot.url, activity);
    expect(res.status).toBe(200);
    expect(connector.sent).toHaveLength(1);
    const sent = connector.sent[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe(`/v3/conversations/personal-user-staff-sam/activities/${activity.id}`);
    expect(JSON.stringify(sent.body)).toContain('Online Safety: help');
  });

  it('reports health and readiness', async () => {
    expect(await (await fetch(`${bot.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    // status only: the backlogs go to the log, never to whoever can reach the probe
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('rejects a body that is not a JSON activity, and one that is too large, sending nothing', async () => {
    expect((await post(bot.url, 'not json')).status).toBe(400);
    expect((await post(bot.url, '[1,2]')).status).toBe(400);
    expect((await post(bot.url, { type: 'message', text: 'x'.repeat(1_100_000) })).status).toBe(413);
    expect(connector.sent).toEqual([]);
  });

  it('answers unknown paths with 404 and GET /api/messages with 405', async () => {
    expect((await fetch(`${bot.url}/admin`)).status).toBe(404);
    expect((await fetch(`${bot.url}/api/messages`)).status).toBe(405);
  });

  it('listens on loopback only', () => {
    expect((bot.server.address() as AddressInfo).address).toBe('127.0.0.1');
  });
});

describe('HTTP: production mode', () => {
  const tmp = makeTempDir();
  let bot: RunningBot;
  let connector: Awaited<ReturnType<typeof startStubConnector>>;
  beforeAll(async () => {
    connector = await startStubConnector();
    bot = await startBot(
      {
        ...localConfig(tmp.dir),
        mode: 'production',
        host: '127.0.0.1',
        credentials: {
          MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
          MicrosoftAppType: 'SingleTenant',
          MicrosoftAppTenantId: 'a1b2c3d4-0000-4000-8000-0000000000aa',
          MicrosoftAppPassword: 'not-a-real-secret',
        },
      },
      exampleProfile(),
      silentLogger,
    );
  });
  afterAll(async () => {
    await bot.stop();
    await connector.close();
    tmp.remove();
  });

  it('returns 401 to an unsigned POST and runs no turn', async () => {
    const res = await post(bot.url, personalMessage('help', undefined, connector.url));
    expect(res.status).toBe(401);
    expect(connector.sent).toEqual([]);
  });

  describe('with the token issuer played offline', () => {
    const appId = '11111111-2222-4333-8444-555555555555';
    let issuer: FakeIssuer;
    beforeAll(() => {
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1/);
      issuer = fakeBotFrameworkIssuer();
    });
    afterAll(() => {
      nock.cleanAll();
      nock.enableNetConnect();
    });

    it.each([
      [
        'signed by another key',
        () => signToken(channelClaims(appId, connector.url), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, issuer.kid),
      ],
      [
        'for another bot',
        () => signToken(channelClaims('99999999-2222-4333-8444-555555555555', connector.url), issuer.privateKey, issuer.kid),
      ],
      [
        'expired',
        () => signToken(channelClaims(appId, connector.url, Math.floor(Date.now() / 1000) - 7200), issuer.privateKey, issuer.kid),
      ],
      ['not a token at all', () => 'not-a-jwt'],
    ])('returns 401 to a bearer token %s and runs no turn', async (_why, token) => {
      const res = await post(bot.url, personalMessage('help', undefined, connector.url), { authorization: `Bearer ${token()}` });
      expect(res.status).toBe(401);
      expect(connector.sent).toEqual([]);
    });
  });
});

describe('HTTP: readiness when the store is down', () => {
  it('answers 503 with its status only, without leaking the error', async () => {
    const server = createHttpServer({
      mode: 'local',
      logger: silentLogger,
      handleActivity: async () => ({ status: 200 }),
      checkReady: async () => {
        throw new Error('SQLITE_CANTOPEN: /home/data/online-safety.sqlite');
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'not ready' });
    } finally {
      server.close();
    }
  });
});

describe('startBot', () => {
  it('wipes conversation state nobody has written for 8 days when it starts', async () => {
    const tmp = makeTempDir();
    try {
      const db = openDatabase(tmp.dir);
      const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60_000);
      await new SqliteBotStorage(db, { now: () => eightDaysAgo }).write({
        'msteams/conversations/abandoned': { draft: { children: 'A. Pupil' } },
      });
      await new SqliteBotStorage(db).write({ 'msteams/conversations/today': { draft: { step: 1 } } });
      db.close();

      const bot = await startBot(localConfig(tmp.dir), exampleProfile(), silentLogger);
      await bot.stop();
      const after = openDatabase(tmp.dir);
      expect(after.prepare('SELECT key FROM bot_state').all()).toEqual([{ key: 'msteams/conversations/today' }]);
      after.close();
    } finally {
      tmp.remove();
    }
  });

  it('fails with EADDRINUSE when the port is taken, and closes the store', async () => {
    const blocker = createNetServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const tmp = makeTempDir();
    try {
      const port = (blocker.address() as AddressInfo).port;
      await expect(startBot({ ...localConfig(tmp.dir), port }, exampleProfile(), silentLogger)).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      blocker.close();
      tmp.remove();
    }
  });
});
