import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type AccessToken,
  type TokenCredential,
} from '@azure/identity';
import { GraphClient } from '../../src/adapters/graph/graph-client.js';
import { GraphRequestError } from '../../src/adapters/graph/graph-error.js';
import { graphCredential as credentialFor, graphUserAgent } from '../../src/adapters/graph/credential.js';
import { readGraphSettings } from '../../src/config/graph-settings.js';
import {
  LISTS,
  TITLE_KEYS,
  columnDefinition,
  listsOn,
  type ListKey,
  type ListSpec,
  type SiteRole,
} from '../../src/adapters/sharepoint/lists.js';
import { provisionSharePoint, resolveSite, siteLookupPath } from '../../src/adapters/sharepoint/provision.js';

// SharePoint as Graph shows it, played by nock: every request must match one interceptor exactly
// (method, path, query, body) and every interceptor must be used; anything else fails the test.

const GRAPH = 'https://graph.microsoft.com';
const UA = 'NONISV|Oakfield Primary School|OnlineSafetyBot/0.1.0';
const SITE = 'contoso.sharepoint.com,0b1d7c5a-1111-4c1e-9a39-1f2a3b4c5d6e,7e6d5c4b-2222-4a3b-8c9d-0e1f2a3b4c5d';
const RESTRICTED = 'contoso.sharepoint.com,5f0e2a11-3333-4d2c-8e4f-6a7b8c9d0e1f,9a8b7c6d-4444-4e5f-9a0b-1c2d3e4f5a6b';
const SITES = { shared: SITE, restricted: RESTRICTED };
const SITE_OF: Record<SiteRole, string> = { shared: SITE, restricted: RESTRICTED };
const TITLE_ID = 'fa564e0f-0c70-4ab9-b863-0177e6ddd247';
const LISTS_QUERY = { $select: 'id,displayName,webUrl,list' };
const COLUMNS_QUERY = { $select: 'id,name,indexed,enforceUniqueValues' };
const NOTE = { text: { allowMultipleLines: true, linesForEditing: 6, textType: 'plain' } };

const fakeCredential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

const spec = (key: ListKey): ListSpec => LISTS.find((l) => l.key === key)!;
const listId = (key: ListKey): string => `list-${key}`;
const listsPath = (key: ListKey): string => `/sites/${SITE_OF[spec(key).site]}/lists/${listId(key)}`;
const graphList = (s: ListSpec, hidden = true) => ({
  id: listId(s.key),
  displayName: s.displayName,
  webUrl: `https://contoso.sharepoint.com/Lists/${s.key}`,
  list: { template: 'genericList', hidden },
});

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
    {
      id: TITLE_ID,
      name: 'Title',
      indexed: Boolean(options.titleDone && titleKey),
      enforceUniqueValues: Boolean(options.titleDone && titleKey),
    },
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
  scope
    .get(`/v1.0${path}`)
    .query(query)
    .reply(() => {
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

/** a site that already has all its lists, finished (Title indexed and unique where it is the key), hidden unless told */
function completeSite(
  site: SiteRole,
  options: { tweak?: Partial<Record<ListKey, (columns: Column[]) => Column[]>>; shown?: ListKey[]; more?: object[] } = {},
): void {
  expectGet(`/sites/${SITE_OF[site]}/lists`, LISTS_QUERY, 200, {
    value: [
      { id: 'docs', displayName: 'Documents', list: { template: 'documentLibrary', hidden: false } },
      ...listsOn(site).map((s) => graphList(s, !options.shown?.includes(s.key))),
      ...(options.more ?? []),
    ],
  });
  for (const s of listsOn(site)) {
    expectGet(`${listsPath(s.key)}/columns`, COLUMNS_QUERY, 200, {
      value: columnsOf(s, { titleDone: true, ...(options.tweak?.[s.key] ? { tweak: options.tweak[s.key] } : {}) }),
    });
  }
}
const completeSites = (options: Parameters<typeof completeSite>[1] = {}) => {
  completeSite('shared', options);
  completeSite('restricted', options);
};

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
  it("on two empty sites creates each site's lists, hidden, with exactly the columns in LISTS, then indexes Title where it is the key", async () => {
    expectGet(`/sites/${SITE}/lists`, LISTS_QUERY, 200, { value: [{ id: 'docs', displayName: 'Documents' }] });
    // the shared site's summary, written out in full: no column for a name, a word of the report or a reason
    expectPost(
      `/sites/${SITE}/lists`,
      {
        displayName: 'Online Safety Incident Summary',
        description: spec('summary').description,
        list: { template: 'genericList', hidden: true },
        columns: [
          { name: 'IncidentId', text: {}, indexed: true, enforceUniqueValues: true },
          { name: 'ReportedOn', dateTime: { format: 'dateOnly' }, indexed: true },
          { name: 'IncidentTypes', ...NOTE },
          { name: 'Severity', text: {}, indexed: true },
          { name: 'Status', text: {}, indexed: true },
          { name: 'RiskAreas', text: {} },
        ],
      },
      201,
      graphList(spec('summary')),
    );
    for (const s of listsOn('shared').filter((l) => l.key !== 'summary')) {
      expectPost(
        `/sites/${SITE}/lists`,
        {
          displayName: s.displayName,
          description: s.description,
          list: { template: 'genericList', hidden: true },
          columns: s.columns.map(columnDefinition),
        },
        201,
        graphList(s),
      );
    }
    for (const s of listsOn('shared')) expectGet(`${listsPath(s.key)}/columns`, COLUMNS_QUERY, 200, { value: columnsOf(s) });
    expectPatch(`${listsPath('summary')}/columns/${TITLE_ID}`, { indexed: true, enforceUniqueValues: true });

    expectGet(`/sites/${RESTRICTED}/lists`, LISTS_QUERY, 200, { value: [{ id: 'docs', displayName: 'Documents' }] });
    // the restricted site's case details, written out in full
    expectPost(
      `/sites/${RESTRICTED}/lists`,
      {
        displayName: 'Online Safety Case Details',
        description: spec('details').description,
        list: { template: 'genericList', hidden: true },
        columns: [
          { name: 'IncidentId', text: {}, indexed: true, enforceUniqueValues: true },
          { name: 'IdempotencyKey', text: {}, indexed: true, enforceUniqueValues: true },
          { name: 'ReportedAt', dateTime: { format: 'dateTime' }, indexed: true },
          { name: 'ReporterAadId', text: {}, indexed: true },
          { name: 'ReporterName', text: {} },
          { name: 'ReporterKind', text: {} },
          { name: 'Status', text: {}, indexed: true },
          { name: 'Severity', text: {}, indexed: true },
          { name: 'Facts', ...NOTE },
          { name: 'Plan', ...NOTE },
          { name: 'Details', ...NOTE },
          { name: 'Version', number: {} },
          { name: 'UpdatedAt', dateTime: { format: 'dateTime' } },
        ],
      },
      201,
      graphList(spec('details')),
    );
    for (const s of listsOn('restricted').filter((l) => l.key !== 'details')) {
      expectPost(
        `/sites/${RESTRICTED}/lists`,
        {
          displayName: s.displayName,
          description: s.description,
          list: { template: 'genericList', hidden: true },
          columns: s.columns.map(columnDefinition),
        },
        201,
        graphList(s),
      );
    }
    for (const s of listsOn('restricted')) expectGet(`${listsPath(s.key)}/columns`, COLUMNS_QUERY, 200, { value: columnsOf(s) });
    for (const key of ['details', 'events', 'counters'] as const)
      expectPatch(`${listsPath(key)}/columns/${TITLE_ID}`, { indexed: true, enforceUniqueValues: true });

    const result = await provisionSharePoint(graph, SITES, report);

    expect(log.filter((l) => l.startsWith('GET'))).toHaveLength(10);
    expect(log.filter((l) => l.startsWith('POST'))).toHaveLength(8);
    expect(log.filter((l) => l.startsWith('PATCH'))).toHaveLength(4);
    expect(log[0]).toBe(`GET /sites/${SITE}/lists`);
    expect(lines).toEqual([
      'shared site: created list Online Safety Incident Summary, hidden, with 6 columns, indexed column Title and made it unique',
      'shared site: created list Online Safety AUP Agreements, hidden, with 5 columns',
      'shared site: created list Online Safety Training Records, hidden, with 6 columns',
      'shared site: created list Online Safety Account Reviews, hidden, with 7 columns',
      'shared site: created list Online Safety Job Runs, hidden, with 5 columns',
      'restricted site: created list Online Safety Case Details, hidden, with 13 columns, indexed column Title and made it unique',
      'restricted site: created list Online Safety Decision Log, hidden, with 8 columns, indexed column Title and made it unique',
      'restricted site: created list Online Safety Reference Counters, hidden, with 1 columns, indexed column Title and made it unique',
    ]);
    expect(result.lists.map((l) => [l.key, l.site, l.id, l.created, l.hidden])).toEqual(
      [...listsOn('shared'), ...listsOn('restricted')].map((s) => [s.key, s.site, listId(s.key), true, true]),
    );
    expect(result.lists[0]).toEqual({
      key: 'summary',
      site: 'shared',
      id: listId('summary'),
      displayName: 'Online Safety Incident Summary',
      webUrl: 'https://contoso.sharepoint.com/Lists/summary',
      created: true,
      hidden: true,
      addedColumns: [],
      indexedColumns: ['Title'],
      uniqueColumns: ['Title'],
    });
    expect(result.legacy).toEqual([]);
    // what Graph cannot do: permissions, search on the site and on every list
    expect(result.manualSteps).toEqual([
      expect.stringMatching(/^Give the restricted site unique permissions.*only the DSL, the deputy DSLs and the headteacher/),
      expect.stringMatching(/^On the restricted site:.*"Allow this site to appear in search results\?" No/),
      expect.stringMatching(
        /^Keep every list out of search: Graph cannot set this\..*-NoCrawl\)\. Shared site: "Online Safety Incident Summary", .*Restricted site: "Online Safety Case Details", "Online Safety Decision Log", "Online Safety Reference Counters"\.$/,
      ),
      expect.stringMatching(/^Hidden lists do not show in Site contents/),
    ]);
  });

  it("with no restricted site: only the shared site's lists, and a step saying the details stay in the bot's database", async () => {
    completeSite('shared');
    const result = await provisionSharePoint(graph, { shared: SITE }, report);
    expect(log.every((l) => l.startsWith(`GET /sites/${SITE}/`))).toBe(true);
    expect(result.lists.map((l) => l.key)).toEqual(['summary', 'aup', 'training', 'accountReviews', 'jobRuns']);
    expect(result.manualSteps[0]).toMatch(/^No restricted site was given.*stay in the bot's own database and are not copied to SharePoint/);
    expect(result.manualSteps.join('\n')).not.toMatch(/Restricted site: "/);
  });

  it('refuses the same site twice: the restricted site must be another site', async () => {
    await expect(provisionSharePoint(graph, { shared: SITE, restricted: SITE.toUpperCase() }, report)).rejects.toThrow(/different site/);
    expect(log).toEqual([]);
  });

  it('run again on sites that have everything, it only reads: one GET for the lists and one per list', async () => {
    completeSites();
    const result = await provisionSharePoint(graph, SITES, report);
    expect(log).toHaveLength(10);
    expect(log.every((l) => l.startsWith('GET '))).toBe(true);
    expect(lines).toEqual([
      ...listsOn('shared').map((s) => `shared site: found list ${s.displayName}: nothing to change`),
      ...listsOn('restricted').map((s) => `restricted site: found list ${s.displayName}: nothing to change`),
    ]);
    expect(
      result.lists.every((l) => !l.created && l.hidden && !l.addedColumns.length && !l.indexedColumns.length && !l.uniqueColumns.length),
    ).toBe(true);
  });

  it('a list that exists and is not hidden is reported, with the PnP line to hide it (Graph cannot change it)', async () => {
    completeSites({ shown: ['summary', 'events'] });
    const result = await provisionSharePoint(graph, SITES, report);
    expect(log.every((l) => l.startsWith('GET '))).toBe(true);
    expect(lines[0]).toBe(
      'shared site: found list Online Safety Incident Summary: nothing to change; it is not hidden (see the steps at the end)',
    );
    expect(result.lists.filter((l) => !l.hidden).map((l) => l.key)).toEqual(['summary', 'events']);
    expect(result.manualSteps).toContainEqual(
      'These lists already existed and are not hidden, and Graph can hide a list only when it creates it: "Online Safety Incident Summary" (shared site), "Online Safety Decision Log" (restricted site). Hide each in PnP PowerShell: Set-PnPList -Identity "<list name>" -Hidden $true.',
    );
  });

  it('lists an earlier version left on the shared site, with case details in them, are reported and left alone', async () => {
    completeSite('shared', {
      more: [
        { id: 'old-incidents', displayName: 'Online Safety Incidents' },
        { id: 'old-log', displayName: 'Online Safety Decision Log' },
      ],
    });
    completeSite('restricted');
    const result = await provisionSharePoint(graph, SITES, report);
    expect(log.every((l) => l.startsWith('GET '))).toBe(true);
    expect(result.legacy).toEqual(['Online Safety Incidents', 'Online Safety Decision Log']);
    expect(lines).toContain(
      'shared site: found list Online Safety Incidents from an earlier version: it holds case details that everyone with access to this site can read (see the steps at the end)',
    );
    expect(result.manualSteps[0]).toMatch(
      /^On the shared site, the lists "Online Safety Incidents" and "Online Safety Decision Log" from an earlier version.*delete it from the shared site/,
    );
  });

  it("a hidden list Graph left out of the site's lists: the create answers 409, and the list is fetched by its name", async () => {
    const events = spec('events');
    completeSite('shared');
    expectGet(`/sites/${RESTRICTED}/lists`, LISTS_QUERY, 200, {
      value: listsOn('restricted')
        .filter((s) => s.key !== 'events')
        .map((s) => graphList(s)),
    });
    expectGet(`${listsPath('details')}/columns`, COLUMNS_QUERY, 200, { value: columnsOf(spec('details'), { titleDone: true }) });
    expectPost(
      `/sites/${RESTRICTED}/lists`,
      {
        displayName: events.displayName,
        description: events.description,
        list: { template: 'genericList', hidden: true },
        columns: events.columns.map(columnDefinition),
      },
      409,
      {
        error: {
          code: 'nameAlreadyExists',
          message: 'A list, survey, discussion board, or document library with the specified title already exists in this Web site.',
        },
      },
    );
    expectGet(`/sites/${RESTRICTED}/lists/Online%20Safety%20Decision%20Log`, LISTS_QUERY, 200, graphList(events));
    expectGet(`${listsPath('events')}/columns`, COLUMNS_QUERY, 200, { value: columnsOf(events, { titleDone: true }) });
    expectGet(`${listsPath('counters')}/columns`, COLUMNS_QUERY, 200, { value: columnsOf(spec('counters'), { titleDone: true }) });
    const result = await provisionSharePoint(graph, SITES, report);
    expect(result.lists.find((l) => l.key === 'events')).toMatchObject({ id: listId('events'), created: false, hidden: true });
    expect(lines).toContain('restricted site: found list Online Safety Decision Log: nothing to change');
  });

  it('a list missing one column gets exactly that column added', async () => {
    completeSites({ tweak: { events: (columns) => columns.filter((c) => c.name !== 'Reason') } });
    expectPost(`${listsPath('events')}/columns`, { name: 'Reason', ...NOTE }, 201, { id: 'col-Reason', name: 'Reason' });
    const result = await provisionSharePoint(graph, SITES, report);
    expect(log.filter((l) => !l.startsWith('GET '))).toEqual([`POST ${listsPath('events')}/columns`]);
    expect(lines).toContain('restricted site: found list Online Safety Decision Log: added column Reason');
    expect(lines.filter((l) => l.endsWith('nothing to change'))).toHaveLength(7);
    expect(result.lists.find((l) => l.key === 'events')).toMatchObject({
      created: false,
      addedColumns: ['Reason'],
      indexedColumns: [],
      uniqueColumns: [],
    });
  });

  it('a column that should be indexed and is not gets exactly that PATCH; a unique one that is not unique is made unique', async () => {
    completeSites({
      tweak: {
        training: (columns) => columns.map((c) => (c.name === 'CompletedOn' ? { ...c, indexed: false } : c)),
        jobRuns: (columns) => columns.map((c) => (c.name === 'PeriodKey' ? { ...c, enforceUniqueValues: false } : c)),
      },
    });
    expectPatch(`${listsPath('training')}/columns/col-CompletedOn`, { indexed: true });
    expectPatch(`${listsPath('jobRuns')}/columns/col-PeriodKey`, { enforceUniqueValues: true });
    const result = await provisionSharePoint(graph, SITES, report);
    expect(log.filter((l) => !l.startsWith('GET '))).toEqual([
      `PATCH ${listsPath('training')}/columns/col-CompletedOn {"indexed":true}`,
      `PATCH ${listsPath('jobRuns')}/columns/col-PeriodKey {"enforceUniqueValues":true}`,
    ]);
    expect(lines).toContain('shared site: found list Online Safety Training Records: indexed column CompletedOn');
    expect(lines).toContain('shared site: found list Online Safety Job Runs: made column PeriodKey unique');
    expect(result.lists.find((l) => l.key === 'training')).toMatchObject({
      addedColumns: [],
      indexedColumns: ['CompletedOn'],
      uniqueColumns: [],
    });
    expect(result.lists.find((l) => l.key === 'jobRuns')).toMatchObject({
      addedColumns: [],
      indexedColumns: [],
      uniqueColumns: ['PeriodKey'],
    });
  });

  it('several changes on one list are reported on its one line', async () => {
    completeSites({
      tweak: {
        aup: (columns) =>
          columns.filter((c) => c.name !== 'PersonName').map((c) => (c.name === 'ExpiresAt' ? { ...c, indexed: false } : c)),
      },
    });
    expectPost(`${listsPath('aup')}/columns`, { name: 'PersonName', text: {} }, 201, { id: 'col-PersonName' });
    expectPatch(`${listsPath('aup')}/columns/col-ExpiresAt`, { indexed: true });
    await provisionSharePoint(graph, SITES, report);
    expect(lines).toContain('shared site: found list Online Safety AUP Agreements: added column PersonName, indexed column ExpiresAt');
  });

  it('finds lists on a later page (@odata.nextLink) and does not create them again', async () => {
    const shared = listsOn('shared');
    const [first, second] = [shared.slice(0, 2), shared.slice(2)];
    expectGet(`/sites/${SITE}/lists`, LISTS_QUERY, 200, {
      value: [{ id: 'docs', displayName: 'Documents' }, ...first.map((s) => graphList(s))],
      '@odata.nextLink': `${GRAPH}/v1.0/sites/${SITE}/lists?$select=id,displayName,webUrl,list&$skiptoken=UGFnZWQ9VFJVRSZwX0lEPTQ`,
    });
    expectGet(`/sites/${SITE}/lists`, { ...LISTS_QUERY, $skiptoken: 'UGFnZWQ9VFJVRSZwX0lEPTQ' }, 200, {
      value: second.map((s) => graphList(s)),
    });
    // the columns come in pages too
    for (const s of shared) {
      const columns = columnsOf(s, { titleDone: true });
      if (s.key === 'summary') {
        expectGet(`${listsPath(s.key)}/columns`, COLUMNS_QUERY, 200, {
          value: columns.slice(0, 6),
          '@odata.nextLink': `${GRAPH}/v1.0${listsPath(s.key)}/columns?$select=id,name,indexed,enforceUniqueValues&$skiptoken=2`,
        });
        expectGet(`${listsPath(s.key)}/columns`, { ...COLUMNS_QUERY, $skiptoken: '2' }, 200, { value: columns.slice(6) });
      } else {
        expectGet(`${listsPath(s.key)}/columns`, COLUMNS_QUERY, 200, { value: columns });
      }
    }
    const result = await provisionSharePoint(graph, { shared: SITE }, report);
    expect(log).toHaveLength(8);
    expect(log.every((l) => l.startsWith('GET '))).toBe(true);
    expect(result.lists.map((l) => l.id)).toEqual(shared.map((s) => listId(s.key)));
    expect(lines).toEqual(shared.map((s) => `shared site: found list ${s.displayName}: nothing to change`));
  });

  it('a 403 (the app was not granted the site) stops with an error naming the list, the status, the code and the request id', async () => {
    expectGet(
      `/sites/${SITE}/lists`,
      LISTS_QUERY,
      403,
      { error: { code: 'accessDenied', message: 'Access denied', innerError: { 'request-id': 'b5e2c0a8-403' } } },
      { 'request-id': 'b5e2c0a8-403' },
    );
    const error = await provisionSharePoint(graph, SITES, report).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 403, code: 'accessDenied', requestId: 'b5e2c0a8-403' });
    const message = (error as Error).message;
    for (const part of ['Online Safety Incident Summary', '403', 'accessDenied', 'b5e2c0a8-403']) expect(message).toContain(part);
    expect(lines).toEqual([]);
  });

  it('a 403 on creating a list on the restricted site (granted "write" only) names that list; nothing after it is tried', async () => {
    completeSite('shared');
    expectGet(`/sites/${RESTRICTED}/lists`, LISTS_QUERY, 200, { value: [] });
    expectPost(
      `/sites/${RESTRICTED}/lists`,
      {
        displayName: 'Online Safety Case Details',
        description: spec('details').description,
        list: { template: 'genericList', hidden: true },
        columns: spec('details').columns.map(columnDefinition),
      },
      403,
      { error: { code: 'accessDenied', message: 'Access denied', innerError: { 'request-id': 'c0ffee-403' } } },
    );
    const error = await provisionSharePoint(graph, SITES, report).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, code: 'accessDenied', requestId: 'c0ffee-403' });
    expect((error as Error).message).toMatch(/^list "Online Safety Case Details": POST .*403 accessDenied.*request-id c0ffee-403/);
    expect(log.slice(-2)).toEqual([`GET /sites/${RESTRICTED}/lists`, `POST /sites/${RESTRICTED}/lists`]);
  });
});

describe('finding the site', () => {
  it('turns a site address (or a page in it) into the Graph lookup path', () => {
    expect(siteLookupPath('https://contoso.sharepoint.com/sites/safeguarding')).toEqual({
      path: '/sites/contoso.sharepoint.com:/sites/safeguarding',
    });
    expect(siteLookupPath('https://contoso.sharepoint.com/sites/safeguarding/')).toEqual({
      path: '/sites/contoso.sharepoint.com:/sites/safeguarding',
    });
    expect(siteLookupPath('https://contoso.sharepoint.com/sites/Safeguarding/SitePages/Home.aspx')).toEqual({
      path: '/sites/contoso.sharepoint.com:/sites/Safeguarding',
    });
    expect(siteLookupPath('https://contoso.sharepoint.com/teams/dsl-team/Lists/Foo/AllItems.aspx')).toEqual({
      path: '/sites/contoso.sharepoint.com:/teams/dsl-team',
    });
    expect(siteLookupPath('https://contoso.sharepoint.com')).toEqual({ path: '/sites/contoso.sharepoint.com' });
    expect(siteLookupPath('contoso.sharepoint.com/sites/x')).toMatchObject({ error: expect.stringContaining('SHAREPOINT_SITE_URL') });
    expect(siteLookupPath('http://contoso.sharepoint.com/sites/x')).toMatchObject({ error: expect.stringContaining('https://') });
    expect(siteLookupPath('https://contoso.sharepoint.com/Shared%20Documents/x.docx')).toMatchObject({
      error: expect.stringContaining('/sites/'),
    });
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
  // the settings are read with the rest of the config now; the adapter makes the credential from what was read
  const graphCredential = (env: Record<string, string>) => {
    const settings = readGraphSettings(env);
    return 'error' in settings ? settings : credentialFor(settings.signIn);
  };
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
    expect(secret).toMatchObject({
      describe: `app registration ${app.AZURE_CLIENT_ID} in tenant ${app.AZURE_TENANT_ID}, with a client secret`,
    });
    const both = graphCredential({ ...app, AZURE_CLIENT_SECRET: SECRET, AZURE_CLIENT_CERTIFICATE_PATH: '/etc/bot/cert.pem' });
    expect('credential' in both && both.credential).toBeInstanceOf(ClientSecretCredential);
    const certificate = graphCredential({
      ...app,
      GRAPH_AUTH: 'app-registration',
      AZURE_CLIENT_CERTIFICATE_PATH: '/etc/bot/cert.pem',
      AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pem-pass-xyz',
    });
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
    expect(graphCredential({ ...app, AZURE_CLIENT_SECRET: '  ' })).toMatchObject({
      error: expect.stringContaining('AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH'),
    });
    expect(graphCredential({ GRAPH_AUTH: 'managed_identity' })).toMatchObject({
      error: expect.stringContaining('GRAPH_AUTH: "managed_identity"'),
    });
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
