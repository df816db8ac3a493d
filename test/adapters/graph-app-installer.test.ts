import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { GraphClient } from '../../src/adapters/graph/graph-client.js';
import { GraphAppInstaller } from '../../src/adapters/graph/graph-app-installer.js';

const GRAPH = 'https://graph.microsoft.com';
const CATALOG_ID = 'b1c2d3e4-0000-4000-8000-00000000c0de';
const PRIYA = 'a1b2c3d4-0000-4000-8000-000000000002';
const INSTALLED = `/v1.0/users/${PRIYA}/teamwork/installedApps`;
const BIND = { 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${CATALOG_ID}` };
const FIND = { $expand: 'teamsApp', $filter: `teamsApp/id eq '${CATALOG_ID}'` };
const CHAT = '19:priya-and-the-bot@unq.gbl.spaces';

const credential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: 'token', expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};
const installer = () =>
  new GraphAppInstaller(new GraphClient({ credential, userAgent: 'NONISV|Oakfield Primary|OnlineSafetyBot/0.1.0' }), CATALOG_ID);
const graphError = (code: string, message: string) => ({ error: { code, message } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('GraphAppInstaller: the bot installs its Teams app for a person and finds their chat with it', () => {
  it('201 installed: binds the catalogue app, looks the installation up by the app id, and reads its chat', async () => {
    const scope = nock(GRAPH, { reqheaders: { authorization: 'Bearer token' } })
      .post(INSTALLED, BIND)
      .reply(201)
      .get(INSTALLED)
      .query(FIND)
      .reply(200, { value: [{ id: 'installation-1', teamsApp: { id: CATALOG_ID } }] })
      .get(`${INSTALLED}/installation-1/chat`)
      .reply(200, { id: CHAT, chatType: 'oneOnOne' });
    expect(await installer().install(PRIYA)).toEqual({ outcome: 'installed', chatId: CHAT });
    expect(scope.isDone()).toBe(true);
  });

  it('409 already installed: the same look-up and chat, as already-installed', async () => {
    const scope = nock(GRAPH)
      .post(INSTALLED, BIND)
      .reply(409, graphError('Conflict', 'App is already installed.'))
      .get(INSTALLED)
      .query(FIND)
      .reply(200, { value: [{ id: 'installation-7', teamsApp: { id: CATALOG_ID } }] })
      .get(`${INSTALLED}/installation-7/chat`)
      .reply(200, { id: CHAT });
    expect(await installer().install(PRIYA)).toEqual({ outcome: 'already-installed', chatId: CHAT });
    expect(scope.isDone()).toBe(true);
  });

  it('403 missing permission: no-permission, and nothing else is asked', async () => {
    const scope = nock(GRAPH).post(INSTALLED, BIND).reply(403, graphError('Forbidden', 'Missing role permissions on the request.'));
    expect(await installer().install(PRIYA)).toEqual({ outcome: 'no-permission', status: 403 });
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('404 app not in the catalogue: not-in-catalogue', async () => {
    const scope = nock(GRAPH).post(INSTALLED, BIND).reply(404, graphError('NotFound', 'App not found in the catalog.'));
    expect(await installer().install(PRIYA)).toEqual({ outcome: 'not-in-catalogue', status: 404 });
    expect(scope.isDone()).toBe(true);
  });

  it('installed, but the chat cannot be read yet: installed without a chat (Teams introduces the bot instead)', async () => {
    nock(GRAPH)
      .post(INSTALLED, BIND)
      .reply(201)
      .get(INSTALLED)
      .query(FIND)
      .reply(200, { value: [{ id: 'installation-1' }] })
      .get(`${INSTALLED}/installation-1/chat`)
      .reply(404, graphError('NotFound', 'Chat not found.'));
    expect(await installer().install(PRIYA)).toEqual({ outcome: 'installed' });
  });

  it('throttled (429): failed with the status, tried again at the next check', async () => {
    nock(GRAPH).post(INSTALLED, BIND).reply(429, graphError('TooManyRequests', 'Slow down.'), { 'Retry-After': '5' });
    expect(await installer().install(PRIYA)).toEqual({ outcome: 'failed', status: 429, code: 'TooManyRequests' });
  });

  it('probe (npm run doctor): the installed-apps list filtered by the app, nothing installed', async () => {
    const scope = nock(GRAPH)
      .get(INSTALLED)
      .query(FIND)
      .reply(200, { value: [] })
      .get(INSTALLED)
      .query(FIND)
      .reply(200, { value: [{ id: 'installation-1' }] })
      .get(INSTALLED)
      .query(FIND)
      .reply(403, graphError('Forbidden', 'Missing role permissions on the request.'));
    expect(await installer().probe(PRIYA)).toEqual({ outcome: 'not-installed' });
    expect(await installer().probe(PRIYA)).toEqual({ outcome: 'already-installed' });
    expect(await installer().probe(PRIYA)).toEqual({ outcome: 'no-permission', status: 403 });
    expect(scope.isDone()).toBe(true);
  });
});
