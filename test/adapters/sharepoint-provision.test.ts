import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, type AccessToken, type TokenCredential } from '@azure/identity';
import { GraphClient } from '../../src/adapters/graph/graph-client.js';
import { GraphRequestError } from '../../src/adapters/graph/graph-error.js';
import { graphCredential, graphUserAgent } from '../../src/adapters/graph/credential.js';
import { LISTS, TITLE_KEYS, columnDefinition, type ListKey, type ListSpec } from '../../src/adapters/sharepoint/lists.js';
import { provisionSharePoint, resolveSite, siteLookupPath } from '../../src/adapters/sharepoint/provision.js';

// SharePoint as Graph shows it, played by nock: every request must match one interceptor exactly
// (method, path, query, body) and every interceptor must be used; anything else fails the test.

const GRAPH = 'https://graph.microsoft.com';
const UA = 'NONISV|Oakfield Primary School|OnlineSafetyBot/0.1.0';
const SITE = 'contoso.sharepoint.com,0b1d7c5a-1111-4c1e-9a39-1f2a3b4c5d6e,7e6d5c4b-2222-4a3b-8c9d-0e1f2a3b4c5d';
const TITLE_ID = 'fa564e0f-0c70-4ab9-b863-0177e6ddd247';
const LISTS_QUERY = { $select: 'id,displayName' };
const COLUMNS_QUERY = { $select: 'id,name,indexed,enforceUniqueValues' };

const fakeCredential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

const spec = (key: ListKey): ListSpec => LISTS.find((l) => l.key === key)!;
const listId = (key: ListKey): string => `list-${key}`;

interface Column {
  id: string;
  name: string;
  indexed: boolean;
  enforceUniqueValues: boolean;
}

/** the columns Graph lists for one of our lists: a few built-ins, Title, then ours as specified */
function columnsOf(s: ListSpec, options: { titleDone?: boolean; tweak?: (columns: Column[]) => Column[] } = {}): Column[] {
  const titleKey = Boolean(TITLE_KEYS[s.key]);
  const columns: Column[] = [
    { id: '03e45e84-1992-4d42-9116-26f756012634', name: 'ContentType', indexed: false, enforceUniqueValues: false },
    { id: TITLE_ID, name: 'Title', indexed: Boolean(options.titleDone && titleKey), enforceUniqueValues: Boolean(options.titleDone && titleKey) },
    { id: '28cf69c5-fa48-462a-b5cd-27b6f9d2bd5f', name: 'Modified', indexed: false, enforceUniqueValues: false },
    { id: '8c06beca-0777-48f7-91c7-6da68bc07b69', name: 'Created', indexed: false, enforceUniqueValues: false },
    ...s.columns.map((c) => ({ id: `col-${c.name}`, name: c.name, indexed: Boolean(c.indexed), enforceUniqueValues: Boolean(c.unique) })),
  ];
  return options.tweak ? options.tweak(columns) : columns;
}

let graph: GraphClient;
let scope: nock.Scope;
let log: string[];
let lines: string[];
const report = (line: string): void => void lines.push(line);

/** one expected request; the reply records it, so the test can check the order and the count */
function expectGet(path: string, query: Record<string, string>, status: number, body: unknown, headers?: Record<string, string>): void {
  scope.get(`/v1.0${path}`).query(query).reply(() => {
    log.push(`GET ${path}`);
    return [status, body, headers ?? {}];
  });
}
function expectPost(path: string, body: object, status: number, reply: unknown, headers?: Record<string, string>): void {
  scope.post(`/v1.0${path}`, body as nock.DataMatcherMap).reply(() => {
    log.push(`POST ${path}`);
    return [status, reply, headers ?? {}];
  });
}
function expectPatch(path: string, body: object, reply: unknown = {}): void {
  scope.patch(`/v1.0${path}`, body as nock.DataMatcherMap).reply(() => {
    log.push(`PATCH ${path} ${JSON.stringify(body)}`);
    return [200, reply];
  });
}

/** a site that already has all seven lists, finished (Title indexed and unique where it is the key) */
function completeSite(options: { tweak?: Partial<Record<ListKey, (columns: Column[]) => Column[]>> } = {}): void {
  expectGet(`/sites/${SITE}/lists`, LISTS_QUERY, 200, {
    value: [{ id: 'docs', displayName: 'Documents' }, ...LISTS.map((s) => ({ id: listId(s.key), displayName: s.displayName }))],
  });
  for (const s of LISTS) {
    expectGet(`/sites/${SITE}/lists/${listId(s.key)}/columns`, COLUMNS_QUERY, 200, {
      value: columnsOf(s, { titleDone: true, ...(options.tweak?.[s.key] ? { tweak: options.tweak[s.key] } : {}) }),
    });
  }
}

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  graph = new GraphClient({ credential: fakeCredential, userAgent: UA });
  scope = nock(GRAPH, { reqheaders: { authorization: 'Bearer test-token', 'user-agent': UA } });
  log = [];
  lines = [];
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending, 'every expected request was made').toEqual([]);
});

describe('provisionSharePoint', () => {
  it('on an empty site creates all seven lists with exactly the columns in LISTS, then indexes Title where it is the key', async () => {
    expectGet(`/sites/${SITE}/lists`, LISTS_QUERY, 200, { value: [{ id: 'docs', displayName: 'Documents' }] });

    // two bodies written out in full
    expectPost(
      `/sites/${SITE}/lists`,
      {
        displayName: 'Online Safety Incidents',
        description: 'The incident log: one item per concern, written by the Online Safety bot.',
        list: { template: 'genericList' },
        columns: [
          { name: 'IncidentId', text: {}, indexed: true, enforceUniqueValues: true },
          { name: 'IdempotencyKey', text: {}, indexed: true, enforceUniqueValues: true },
          { name: 'ReportedAt', dateTime: { format: 'dateTime' }, indexed: true },
          { name: 'ReporterAadId', text: {}, indexed: true },
          { name: 'ReporterName', text: {} },
          { name: 'ReporterKind', text: {} },
          { name: 'Status', text: {}, indexed: true },
          { name: 'Severity', text: {}, indexed: true },
          { name: 'Facts', text: { allowMultipleLines: true, linesForEditing: 6, textType: 'plain' } },
          { name: 'Plan', text: { allowMultipleLines: true, linesForEditing: 6, textType: 'plain' } },
          { name: 'Details', text: { allowMultipleLines: true, linesForEditing: 6, textType: 'plain' } },
          { name: 'Version', number: {} },
          { name: 'UpdatedAt', dateTime: { format: 'dateTime' } },
        ],
      },
      201,
      { id: listId('incidents'), displayName: 'Online Safety Incidents' },
    );
    expectPost(
      `/sites/${SITE}/lists`,
      {
        displayName: 'Online Safety Job Runs',
        description: 'Each scheduled job run (reminders, scans, digests) by period, so each runs once.',
        list: { template: 'genericList' },
        columns: [
          { name: 'PeriodKey', text: {}, indexed: true, enforceUniqueValues: true },
          { name: 'Job', text: {}, indexed: true },
          { name: 'StartedAt', dateTime: { format: 'dateTime' } },
          { name: 'FinishedAt', dateTime: { format: 'dateTime' } },
          { name: 'Outcome', text: { allowMultipleLines: true, linesForEditing: 6, textType: 'plain' } },
        ],
      },
      201,
      { id: listId('jobRuns'), displayName: 'Online Safety Job Runs' },
    );
    // the other five, from LISTS
    for (const s of LISTS.filter((l) => l.key !== 'incidents' && l.key !== 'jobRuns')) {
      expectPost(
        `/sites/${SITE}/lists`,
        { displayName: s.displayName, description: s.description, list: { template: 'genericList' }, columns: s.columns.map(columnDefinition) },
        201,
        { id: listId(s.key), displayName: s.displayName },
      );
    }
    // each new list is read back; Title is not yet indexed
    for (const s of LISTS) expectGet(`/sites/${SITE}/lists/${listId(s.key)}/columns`, COLUMNS_QUERY, 200, { value: columnsOf(s) });
    for (const key of ['incidents', 'events', 'counters'] as const) {
      expectPatch(`/sites/${SITE}/lists/${listId(key)}/columns/${TITLE_ID}`, { indexed: true, enforceUniqueValues: true });
    }

    const result = await provisionSharePoint(graph, SITE, report);

    expect(log).toHaveLength(18);
    expect(log.filter((l) => l.startsWith('GET'))).toHaveLength(8);
    expect(log.filter((l) => l.startsWith('POST'))).toHaveLength(7);
    expect(log.filter((l) => l.startsWith('PATCH'))).toHaveLength(3);
    expect(log[0]).toBe(`GET /sites/${SITE}/lists`);
    expect(lines).toEqual([
      'created list Online Safety Incidents with 13 columns, indexed column Title and made it unique',
      'created list Online Safety Decision Log with 8 columns, indexed column Title and made it unique',
      'created list Online Safety Reference Counters with 1 columns, indexed column Title and made it unique',
      'created list Online Safety AUP Agreements with 5 columns',
      'created list Online Safety Training Records with 6 columns',
      'created list Online Safety Account Reviews with 7 columns',
      'created list Online Safety Job Runs with 5 columns',
    ]);
    expect(result.lists.map((l) => [l.key, l.id, l.created])).toEqual(LISTS.map((s) => [s.key, listId(s.key), true]));
    expect(result.lists[0]).toEqual({
      key: 'incidents',
      id: listId('incidents'),
      displayName: 'Online Safety Incidents',
      created: true,
      addedColumns: [],
      indexedColumns: ['Title'],
      uniqueColumns: ['Title'],
    });
    expect(result.lists.find((l) => l.key === 'jobRuns')).toMatchObject({ addedColumns: [], indexedColumns: [], uniqueColumns: [] });
  });

  it('run again on a site that has everything, it only reads: one GET for the lists and one per list', async () => {
    completeSite();
    const result = await provisionSharePoint(graph, SITE, report);
    expect(log).toHaveLength(8);
    expect(log.every((l) => l.startsWith('GET '))).toBe(true);
    expect(lines).toEqual(LISTS.map((s) => `found list ${s.displayName}: nothing to change`));
    expect(result.lists.every((l) => !l.created && !l.addedColumns.length && !l.indexedColumns.length && !l.uniqueColumns.length)).toBe(true);
  });

  it('a list missing one column gets exactly that column added', async () => {
    completeSite({ tweak: { events: (columns) => columns.filter((c) => c.name !== 'Reason') } });
    expectPost(
      `/sites/${SITE}/lists/${listId('events')}/columns`,
      { name: 'Reason', text: { allowMultipleLines: true, linesForEditing: 6, textType: 'plain' } },
      201,
      { id: 'col-Reason', name: 'Reason' },
    );
    const result = await provisionSharePoint(graph, SITE, report);
    expect(log.filter((l) => !l.startsWith('GET '))).toEqual([`POST /sites/${SITE}/lists/${listId('events')}/columns`]);
    expect(lines[1]).toBe('found list Online Safety Decision Log: added column Reason');
    expect(lines.filter((l) => l.endsWith('nothing to change'))).toHaveLength(6);
    expect(result.lists[1]).toMatchObject({ key: 'events', created: false, addedColumns: ['Reason'], indexedColumns: [], uniqueColumns: [] });
  });

  it('a column that should be indexed and is not gets exactly that PATCH; a unique one that is not unique is made unique', async () => {
    completeSite({
      tweak: {
        training: (columns) => columns.map((c) => (c.name === 'CompletedOn' ? { ...c, indexed: false } : c)),
        jobRuns: (columns) => columns.map((c) => (c.name === 'PeriodKey' ? { ...c, enforceUniqueValues: false } : c)),
      },
    });
    expectPatch(`/sites/${SITE}/lists/${listId('training')}/columns/col-CompletedOn`, { indexed: true });
    expectPatch(`/sites/${SITE}/lists/${listId('jobRuns')}/columns/col-PeriodKey`, { enforceUniqueValues: true });
    const result = await provisionSharePoint(graph, SITE, report);
    expect(log.filter((l) => !l.startsWith('GET '))).toEqual([
      `PATCH /sites/${SITE}/lists/${listId('training')}/columns/col-CompletedOn {"indexed":true}`,
      `PATCH /sites/${SITE}/lists/${listId('jobRuns')}/columns/col-PeriodKey {"enforceUniqueValues":true}`,
    ]);
    expect(lines[4]).toBe('found list Online Safety Training Records: indexed column CompletedOn');
    expect(lines[6]).toBe('found list Online Safety Job Runs: made column PeriodKey unique');
    expect(result.lists[4]).toMatchObject({ addedColumns: [], indexedColumns: ['CompletedOn'], uniqueColumns: [] });
    expect(result.lists[6]).toMatchObject({ addedColumns: [], indexedColumns: [], uniqueColumns: ['PeriodKey'] });
  });

  it('several changes on one list are reported on its one line', async () => {
    completeSite({
      tweak: {
        aup: (columns) => columns.filter((c) => c.name !== 'PersonName').map((c) => (c.name === 'ExpiresAt' ? { ...c, indexed: false } : c)),
      },
    });
    expectPost(`/sites/${SITE}/lists/${listId('aup')}/columns`, { name: 'PersonName', text: {} }, 201, { id: 'col-PersonName' });
    expectPatch(`/sites/${SITE}/lists/${listId('aup')}/columns/col-ExpiresAt`, { indexed: true });
    await provisionSharePoint(graph, SITE, report);
    expect(lines[3]).toBe('found list Online Safety AUP Agreements: added column PersonName, indexed column ExpiresAt');
  });

  it('finds lists on a later page (@odata.nextLink) and does not create them again', async () => {
    const [first, second] = [LISTS.slice(0, 3), LISTS.slice(3)];
    expectGet(`/sites/${SITE}/lists`, LISTS_QUERY, 200, {
      value: [{ id: 'docs', displayName: 'Documents' }, ...first.map((s) => ({ id: listId(s.key), displayName: s.displayName }))],
      '@odata.nextLink': `${GRAPH}/v1.0/sites/${SITE}/lists?$select=id,displayName&$skiptoken=UGFnZWQ9VFJVRSZwX0lEPTQ`,
    });
    expectGet(`/sites/${SITE}/lists`, { $select: 'id,displayName', $skiptoken: 'UGFnZWQ9VFJVRSZwX0lEPTQ' }, 200, {
      value: second.map((s) => ({ id: listId(s.key), displayName: s.displayName })),
    });
    // the columns come in pages too
    for (const s of LISTS) {
      const columns = columnsOf(s, { titleDone: true });
      if (s.key === 'incidents') {
        expectGet(`/sites/${SITE}/lists/${listId(s.key)}/columns`, COLUMNS_QUERY, 200, {
          value: columns.slice(0, 6),
          '@odata.nextLink': `${GRAPH}/v1.0/sites/${SITE}/lists/${listId(s.key)}/columns?$select=id,name,indexed,enforceUniqueValues&$skiptoken=2`,
        });
        expectGet(`/sites/${SITE}/lists/${listId(s.key)}/columns`, { $select: 'id,name,indexed,enforceUniqueValues', $skiptoken: '2' }, 200, { value: columns.slice(6) });
      } else {
        expectGet(`/sites/${SITE}/lists/${listId(s.key)}/columns`, COLUMNS_QUERY, 200, { value: columns });
      }
    }
    const result = await provisionSharePoint(graph, SITE, report);
    expect(log).toHaveLength(10);
    expect(log.every((l) => l.startsWith('GET '))).toBe(true);
    expect(result.lists.map((l) => l.id)).toEqual(LISTS.map((s) => listId(s.key)));
    expect(lines).toEqual(LISTS.map((s) => `found list ${s.displayName}: nothing to change`));
  });

  it('a 403 (the app was not granted the site) stops with an error naming the list, the status, the code and the request id', async () => {
    expectGet(
      `/sites/${SITE}/lists`,
      LISTS_QUERY,
      403,
      { error: { code: 'accessDenied', message: 'Access denied', innerError: { 'request-id': 'b5e2c0a8-403' } } },
      { 'request-id': 'b5e2c0a8-403' },
    );
    const error = await provisionSharePoint(graph, SITE, report).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 403, code: 'accessDenied', requestId: 'b5e2c0a8-403' });
    const message = (error as Error).message;
    for (const part of ['Online Safety Incidents', '403', 'accessDenied', 'b5e2c0a8-403']) expect(message).toContain(part);
    expect(lines).toEqual([]);
  });

  it('a 403 on creating a list (a "write" grant cannot create lists) names that list; nothing after it is tried', async () => {
    expectGet(`/sites/${SITE}/lists`, LISTS_QUERY, 200, { value: [] });
    expectPost(
      `/sites/${SITE}/lists`,
      { displayName: 'Online Safety Incidents', description: spec('incidents').description, list: { template: 'genericList' }, columns: spec('incidents').columns.map(columnDefinition) },
      403,
      { error: { code: 'accessDenied', message: 'Access denied', innerError: { 'request-id': 'c0ffee-403' } } },
    );
    const error = await provisionSharePoint(graph, SITE, report).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, code: 'accessDenied', requestId: 'c0ffee-403' });
    expect((error as Error).message).toMatch(/^list "Online Safety Incidents": POST .*403 accessDenied.*request-id c0ffee-403/);
    expect(log).toHaveLength(2);
  });
});

describe('finding the site', () => {
  it('turns a site address (or a page in it) into the Graph lookup path', () => {
    expect(siteLookupPath('https://contoso.sharepoint.com/sites/safeguarding')).toEqual({ path: '/sites/contoso.sharepoint.com:/sites/safeguarding' });
    expect(siteLookupPath('https://contoso.sharepoint.com/sites/safeguarding/')).toEqual({ path: '/sites/contoso.sharepoint.com:/sites/safeguarding' });
    expect(siteLookupPath('https://contoso.sharepoint.com/sites/Safeguarding/SitePages/Home.aspx')).toEqual({ path: '/sites/contoso.sharepoint.com:/sites/Safeguarding' });
    expect(siteLookupPath('https://contoso.sharepoint.com/teams/dsl-team/Lists/Foo/AllItems.aspx')).toEqual({ path: '/sites/contoso.sharepoint.com:/teams/dsl-team' });
    expect(siteLookupPath('https://contoso.sharepoint.com')).toEqual({ path: '/sites/contoso.sharepoint.com' });
    expect(siteLookupPath('contoso.sharepoint.com/sites/x')).toMatchObject({ error: expect.stringContaining('SHAREPOINT_SITE_URL') });
    expect(siteLookupPath('http://contoso.sharepoint.com/sites/x')).toMatchObject({ error: expect.stringContaining('https://') });
    expect(siteLookupPath('https://contoso.sharepoint.com/Shared%20Documents/x.docx')).toMatchObject({ error: expect.stringContaining('/sites/') });
  });

  it('resolves a site address with GET /sites/{hostname}:/{path}, and checks a site id with GET /sites/{id}', async () => {
    const site = { id: SITE, displayName: 'Safeguarding', webUrl: 'https://contoso.sharepoint.com/sites/safeguarding' };
    expectGet('/sites/contoso.sharepoint.com:/sites/safeguarding', { $select: 'id,displayName,webUrl' }, 200, site);
    expect(await resolveSite(graph, { siteUrl: 'https://contoso.sharepoint.com/sites/safeguarding' })).toEqual(site);
    expectGet(`/sites/${SITE}`, { $select: 'id,displayName,webUrl' }, 200, site);
    expect(await resolveSite(graph, { siteId: SITE })).toEqual(site);
  });
});

describe('graphCredential', () => {
  const SECRET = 'abc~very-secret-value-123';
  const app = { AZURE_TENANT_ID: '11111111-2222-3333-4444-555555555555', AZURE_CLIENT_ID: '66666666-7777-8888-9999-000000000000' };

  it('managed identity: user-assigned with AZURE_CLIENT_ID, system-assigned without', () => {
    const user = graphCredential({ GRAPH_AUTH: 'managed-identity', AZURE_CLIENT_ID: app.AZURE_CLIENT_ID, AZURE_CLIENT_SECRET: SECRET });
    expect('credential' in user && user.credential).toBeInstanceOf(ManagedIdentityCredential);
    expect(user).toMatchObject({ describe: `user-assigned managed identity (client id ${app.AZURE_CLIENT_ID})` });
    const system = graphCredential({ GRAPH_AUTH: 'managed-identity' });
    expect('credential' in system && system.credential).toBeInstanceOf(ManagedIdentityCredential);
    expect(system).toMatchObject({ describe: expect.stringContaining('system-assigned') });
  });

  it('an app registration with a client secret, or a certificate; the secret and password are never described', () => {
    const secret = graphCredential({ ...app, AZURE_CLIENT_SECRET: SECRET });
    expect('credential' in secret && secret.credential).toBeInstanceOf(ClientSecretCredential);
    expect(secret).toMatchObject({ describe: `app registration ${app.AZURE_CLIENT_ID} in tenant ${app.AZURE_TENANT_ID}, with a client secret` });
    const both = graphCredential({ ...app, AZURE_CLIENT_SECRET: SECRET, AZURE_CLIENT_CERTIFICATE_PATH: '/etc/bot/cert.pem' });
    expect('credential' in both && both.credential).toBeInstanceOf(ClientSecretCredential);
    const certificate = graphCredential({ ...app, GRAPH_AUTH: 'app-registration', AZURE_CLIENT_CERTIFICATE_PATH: '/etc/bot/cert.pem', AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pem-pass-xyz' });
    expect('credential' in certificate && certificate.credential).toBeInstanceOf(ClientCertificateCredential);
    expect(certificate).toMatchObject({ describe: expect.stringContaining('with a certificate') });
    for (const choice of [secret, both, certificate]) {
      expect(JSON.stringify('describe' in choice ? choice.describe : choice)).not.toMatch(/very-secret|pem-pass/);
    }
  });

  it('names every missing setting, and never echoes a secret', () => {
    const none = graphCredential({});
    expect(none).toMatchObject({ error: expect.stringContaining('AZURE_TENANT_ID') });
    for (const key of ['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH', 'GRAPH_AUTH=managed-identity']) {
      expect((none as { error: string }).error).toContain(key);
    }
    const noTenant = graphCredential({ AZURE_CLIENT_ID: app.AZURE_CLIENT_ID, AZURE_CLIENT_SECRET: SECRET });
    expect(noTenant).toMatchObject({ error: expect.stringMatching(/^Missing AZURE_TENANT_ID[^;]*\. /) });
    expect((noTenant as { error: string }).error).not.toContain(SECRET);
    expect(graphCredential({ ...app, AZURE_CLIENT_SECRET: '  ' })).toMatchObject({ error: expect.stringContaining('AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH') });
    expect(graphCredential({ GRAPH_AUTH: 'managed_identity' })).toMatchObject({ error: expect.stringContaining('GRAPH_AUTH: "managed_identity"') });
    const badTenant = graphCredential({ ...app, AZURE_TENANT_ID: 'not a tenant!', AZURE_CLIENT_SECRET: SECRET });
    expect(badTenant).toHaveProperty('error');
    expect((badTenant as { error: string }).error).not.toContain(SECRET);
  });

  it('the User-Agent SharePoint asks for, in plain ASCII', () => {
    expect(graphUserAgent('Oakfield Primary School', '0.1.0')).toBe('NONISV|Oakfield Primary School|OnlineSafetyBot/0.1.0');
    expect(graphUserAgent('St Mary’s C of E Primary – Llanfairpwll | Ysgol Gymraeg Bro Dinefŵr', '1.2.3')).toBe(
      "NONISV|St Mary's C of E Primary - Llanfairpwll - Ysgol Gymraeg Bro Dinefwr|OnlineSafetyBot/1.2.3",
    );
    expect(graphUserAgent('  ', '1.0.0')).toBe('NONISV|School|OnlineSafetyBot/1.0.0');
  });
});
