import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { GraphClient } from '../../src/adapters/graph/graph-client.js';
import { GraphDirectory } from '../../src/adapters/graph/graph-directory.js';
import { GraphRequestError } from '../../src/adapters/graph/graph-error.js';

const GRAPH = 'https://graph.microsoft.com';
const SELECT = 'id,displayName,userPrincipalName,accountEnabled,employeeLeaveDateTime';
const PREFER = { reqheaders: { prefer: 'odata.maxpagesize=999' } };

const credential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: 'token', expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

function directory(sleeps: number[] = []) {
  const graph = new GraphClient({ credential, userAgent: 'NONISV|Oakfield Primary|OnlineSafetyBot/0.1.0' });
  return new GraphDirectory(graph, {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

const user = (n: number, extra: object = {}) => ({
  id: `u${n}`,
  displayName: `User ${n}`,
  userPrincipalName: `user${n}@oakfield.sch.uk`,
  accountEnabled: true,
  employeeLeaveDateTime: null,
  ...extra,
});

/** the first scan's three delta pages: u1..u2, u3..u4, u5 */
function firstScanPages() {
  return nock(GRAPH, PREFER)
    .get('/v1.0/users/delta')
    .query({ $select: SELECT })
    .reply(200, {
      value: [user(1), user(2, { employeeLeaveDateTime: '2026-08-31T00:00:00Z' })],
      '@odata.nextLink': `${GRAPH}/v1.0/users/delta?$skiptoken=page2`,
    })
    .get('/v1.0/users/delta')
    .query({ $skiptoken: 'page2' })
    .reply(200, { value: [user(3), user(4, { accountEnabled: false })], '@odata.nextLink': `${GRAPH}/v1.0/users/delta?$skiptoken=page3` })
    .get('/v1.0/users/delta')
    .query({ $skiptoken: 'page3' })
    .reply(200, { value: [user(5)], '@odata.deltaLink': `${GRAPH}/v1.0/users/delta?$deltatoken=token-1` });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('GraphDirectory', () => {
  it('a first scan pages the users delta query to its delta link, then reads sign-in activity', async () => {
    const delta = firstScanPages();
    const signIns = nock(GRAPH)
      .get('/v1.0/users')
      .query({ $select: 'id,signInActivity', $top: '999' })
      .reply(200, {
        value: [
          {
            id: 'u1',
            signInActivity: { lastSuccessfulSignInDateTime: '2026-11-20T08:00:00Z', lastSignInDateTime: '2026-11-21T08:00:00Z' },
          },
          { id: 'u2', signInActivity: { lastSuccessfulSignInDateTime: null, lastSignInDateTime: '2026-07-01T08:00:00Z' } },
        ],
        '@odata.nextLink': `${GRAPH}/v1.0/users?$select=id,signInActivity&$top=999&$skiptoken=s2`,
      })
      .get('/v1.0/users')
      .query({ $select: 'id,signInActivity', $top: '999', $skiptoken: 's2' })
      .reply(200, {
        value: [
          { id: 'u3', signInActivity: null },
          { id: 'u5', signInActivity: { lastSuccessfulSignInDateTime: '2025-01-02T03:04:05Z' } },
        ],
      });

    const scan = await directory().scanAccounts({});

    expect(delta.isDone() && signIns.isDone()).toBe(true);
    expect(scan).toEqual({
      accounts: [
        {
          id: 'u1',
          displayName: 'User 1',
          userPrincipalName: 'user1@oakfield.sch.uk',
          accountEnabled: true,
          lastSignIn: '2026-11-20T08:00:00Z',
        },
        {
          id: 'u2',
          displayName: 'User 2',
          userPrincipalName: 'user2@oakfield.sch.uk',
          accountEnabled: true,
          employeeLeaveDateTime: '2026-08-31T00:00:00Z',
          lastSignIn: '2026-07-01T08:00:00Z',
        },
        { id: 'u3', displayName: 'User 3', userPrincipalName: 'user3@oakfield.sch.uk', accountEnabled: true },
        { id: 'u4', displayName: 'User 4', userPrincipalName: 'user4@oakfield.sch.uk', accountEnabled: false },
        {
          id: 'u5',
          displayName: 'User 5',
          userPrincipalName: 'user5@oakfield.sch.uk',
          accountEnabled: true,
          lastSignIn: '2025-01-02T03:04:05Z',
        },
      ],
      deltaToken: 'token-1',
      requests: 5,
      signInActivityAvailable: true,
    });
  });

  it('a later scan sends the token and returns only the changes, removals included, in one request', async () => {
    const scope = nock(GRAPH, PREFER)
      .get('/v1.0/users/delta')
      .query({ $deltatoken: 'token-1' })
      .reply(200, {
        value: [user(2, { displayName: 'User Two', accountEnabled: false }), { id: 'u4', '@removed': { reason: 'changed' } }],
        '@odata.deltaLink': `${GRAPH}/v1.0/users/delta?$deltatoken=token-2`,
      });

    const scan = await directory().scanAccounts({ since: 'token-1' });

    expect(scope.isDone()).toBe(true);
    expect(scan).toEqual({
      accounts: [
        { id: 'u2', displayName: 'User Two', userPrincipalName: 'user2@oakfield.sch.uk', accountEnabled: false },
        { id: 'u4', displayName: '', userPrincipalName: '', accountEnabled: false, removed: true },
      ],
      deltaToken: 'token-2',
      requests: 1,
      // sign-in times are not change-tracked: a later scan does not read them
      signInActivityAvailable: false,
    });
  });

  it('without an Entra ID P1/P2 licence the scan succeeds without sign-in activity', async () => {
    firstScanPages();
    const licence = nock(GRAPH)
      .get('/v1.0/users')
      .query({ $select: 'id,signInActivity', $top: '999' })
      .reply(403, {
        error: {
          code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
          message: "Neither tenant is B2C or tenant doesn't have premium license",
          innerError: { 'request-id': 'req-licence' },
        },
      });
    const graphDirectory = directory();

    const scan = await graphDirectory.scanAccounts({});

    expect(licence.isDone()).toBe(true);
    expect(scan.signInActivityAvailable).toBe(false);
    expect(scan.requests).toBe(4);
    expect(scan.deltaToken).toBe('token-1');
    expect(scan.accounts.map((a) => a.id)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect(scan.accounts.some((a) => a.lastSignIn !== undefined)).toBe(false);
    expect(graphDirectory.lastSignInActivityError).toMatchObject({
      status: 403,
      code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      requestId: 'req-licence',
    });
  });

  it('a 429 while paging is retried after exactly the Retry-After wait, and counted', async () => {
    const scope = nock(GRAPH, PREFER)
      .get('/v1.0/users/delta')
      .query({ $deltatoken: 'token-1' })
      .reply(200, { value: [user(1)], '@odata.nextLink': `${GRAPH}/v1.0/users/delta?$skiptoken=page2` })
      .get('/v1.0/users/delta')
      .query({ $skiptoken: 'page2' })
      .reply(429, { error: { code: 'TooManyRequests', message: 'Too many requests' } }, { 'Retry-After': '7', 'request-id': 'req-429' })
      .get('/v1.0/users/delta')
      .query({ $skiptoken: 'page2' })
      .reply(200, { value: [user(2)], '@odata.deltaLink': `${GRAPH}/v1.0/users/delta?$deltatoken=token-2` });
    const sleeps: number[] = [];

    const scan = await directory(sleeps).scanAccounts({ since: 'token-1' });

    expect(scope.isDone()).toBe(true);
    expect(sleeps).toEqual([7000]);
    expect(scan.accounts.map((a) => a.id)).toEqual(['u1', 'u2']);
    expect(scan.requests).toBe(3);
    expect(scan.deltaToken).toBe('token-2');
  });

  it('without User.Read.All the scan fails with the status, code and request id', async () => {
    nock(GRAPH, PREFER)
      .get('/v1.0/users/delta')
      .query({ $select: SELECT })
      .reply(
        403,
        { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } },
        { 'request-id': 'req-denied' },
      );

    const error = await directory()
      .scanAccounts({})
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 403, code: 'Authorization_RequestDenied', requestId: 'req-denied', transient: false });
  });

  it('an accessDenied 403 fails the scan the same way', async () => {
    nock(GRAPH, PREFER)
      .get('/v1.0/users/delta')
      .query({ $select: SELECT })
      .reply(403, { error: { code: 'accessDenied', message: 'Access denied', innerError: { 'request-id': 'req-access' } } });

    await expect(directory().scanAccounts({})).rejects.toMatchObject({
      name: 'GraphRequestError',
      status: 403,
      code: 'accessDenied',
      requestId: 'req-access',
    });
  });

  it('gives up after maxRetries throttled answers with the 429 itself', async () => {
    nock(GRAPH, PREFER)
      .get('/v1.0/users/delta')
      .query({ $deltatoken: 'token-1' })
      .times(3)
      .reply(429, { error: { code: 'TooManyRequests' } }, { 'Retry-After': '1' });
    const sleeps: number[] = [];
    const graph = new GraphClient({ credential, userAgent: 'test' });
    const error = await new GraphDirectory(graph, {
      maxRetries: 2,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    })
      .scanAccounts({ since: 'token-1' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 'TooManyRequests', retryAfterMs: 1000 });
    expect(sleeps).toEqual([1000, 1000]);
  });
});
